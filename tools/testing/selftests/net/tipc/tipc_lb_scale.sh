#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A peer with thousands of publications (issue 9): node2 binds 10,000
# ranges of type 6000 on one socket, identical ({6000,0,100}) and then
# nested ({6000,0,i}), once while no node has a policy (stock, for the
# time figures) and once while node1 balances the type with rr, node3 with
# sorted and node4 with hash: each of them takes the peer's publications
# in softirq under its policy.
#
#  - publish and withdraw: node2 binds them and then a marker {5999,0,0};
#    a node has seen them all once it lists the marker (a node's
#    publications travel in order); the time to see it and to see it go
#    after the close are printed for each policy next to stock's. (The
#    marker's type sorts before 6000 in the name table's dump: stock TIPC
#    cannot resume a dump among thousands of ranges with the same lower
#    bound, and `tipc nametable show` stops after the first few dozen);
#  - each policy stays exact at that size (node1's statistics): rr spreads
#    200 requests over 200 different publications, sorted sends all of
#    them to one, hash sends every request for one instance to one; for
#    the nested shape only publications covering the instance are picked;
#  - the kernel log has no soft lockup, RCU stall, WARNING or BUG
#    (the old core rebuilt its index at every one of those publications,
#    in softirq: a 6,000-range peer stalled node1 for tens of seconds).
#
# TIPC_LB_SCALE_N changes the number of publications (default 10000).
#
# Runs for up to 1200 s: within the timeout of settings
source "$(dirname "$0")/lib.sh"

TYPE=6000
MARK=5999
N=${TIPC_LB_SCALE_N:-10000}
REQS=200
CHURN=$SELFTEST_DIR/tipc_churn.py

lb_require_policy rr
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
dmesg_mark

# marker_wait NODE present|absent T0: seconds (to 0.1) from EPOCHREALTIME T0
# until NODE lists the marker so
marker_wait() {
	local deadline=$((SECONDS + 300)) have

	while [ $SECONDS -lt $deadline ]; do
		have=absent
		on "$1" tipc nametable show 2>/dev/null | awk -v t=$MARK \
			'$1 == t { f = 1 } END { exit !f }' &&
			have=present
		if [ "$have" = "$2" ]; then
			awk -v a="$3" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", b - a }'
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# selections NODE: NODE's stats of TYPE as "UPPER SELECTIONS" lines, picked
selections() {
	lb_cli "$1" -j stats type $TYPE | python3 -c '
import json, sys
d = json.load(sys.stdin)
if isinstance(d, dict):
    d = next((v for v in d.values() if isinstance(v, list)), [])
for e in d:
    if e.get("selections"):
        print(e["upper"], e["selections"])'
}

# check_exact NODE POLICY SHAPE INST: REQS requests from NODE, and where
# NODE's statistics say they went
check_exact() {
	local node=$1 policy=$2 shape=$3 inst=$4 sel rows total maxsel badupper want

	lb_cli "$node" stats reset
	on "$node" timeout 120 python3 "$CHURN" send $TYPE "$inst" $REQS >/dev/null
	sel=$(selections "$node")
	rows=$(wc -l <<<"$sel")
	total=$(awk '{ s += $2 } END { print s + 0 }' <<<"$sel")
	maxsel=$(awk '$2 > m { m = $2 } END { print m + 0 }' <<<"$sel")
	badupper=$(awk -v i="$inst" '$1 < i' <<<"$sel" | wc -l)
	# rr: every request to another publication; sorted, hash: all to one
	want="1 $REQS"
	[ "$policy" = rr ] && want="$REQS 1"
	if [ "$rows $maxsel" = "$want" ] && [ "$total" = $REQS ] && [ "$badupper" = 0 ]; then
		ktap_ok "$policy on $node, $N $shape: $REQS requests to {$TYPE,$inst} went to $rows"
	else
		ktap_fail "$policy on $node, $N $shape: $REQS requests to {$TYPE,$inst} exact"
		diag "$rows publications selected, $total selections," \
		     "at most $maxsel on one, $badupper not covering $inst"
	fi
}

# publish SHAPE: node2 binds the publications; PUB_PID, T0
publish() {
	T0=$EPOCHREALTIME
	coproc PUB { exec ip netns exec "$(ns node2)" timeout 600 python3 "$CHURN" bind \
		$TYPE "$N" 0 100 "$1" $MARK 2>&1; }
	SERVER_PIDS+=("$PUB_PID")
	read -r -t 300 line <&"${PUB[0]}"
	[ "${line:-}" = ready ] || { diag "node2: ${line:-nothing}"; return 1; }
}

# withdraw: node2 closes them; T0 restarts
withdraw() {
	T0=$EPOCHREALTIME
	echo close >&"${PUB[1]}"
}

declare -A POLICY_OF=([node1]=rr [node3]=sorted [node4]=hash)
declare -A TPUB TWD
for shape in identical nested; do
	inst=50
	[ $shape = nested ] && inst=$((N / 2))

	# Stock: nobody has a policy
	if publish $shape && TPUB[stock]=$(marker_wait node1 present "$T0"); then
		withdraw
		TWD[stock]=$(marker_wait node1 absent "$T0") || TWD[stock]=timeout
	else
		ktap_fail "stock, $N $shape: node1 saw them all"
	fi
	stop_server "$PUB_PID"

	for n in "${!POLICY_OF[@]}"; do
		lb_cli "$n" policy set type $TYPE "${POLICY_OF[$n]}" ||
			ktap_fail "${POLICY_OF[$n]}: policy set on $n"
	done
	if ! publish $shape; then
		ktap_fail "$N $shape: node2 bound them"
		stop_server "$PUB_PID"
		continue
	fi
	for n in node1 node3 node4; do
		TPUB[$n]=$(marker_wait $n present "$T0") ||
			{ ktap_fail "${POLICY_OF[$n]} on $n, $N $shape: saw them all"; \
				TPUB[$n]=timeout; }
	done
	for n in node1 node3 node4; do
		check_exact $n "${POLICY_OF[$n]}" $shape $inst
	done
	withdraw
	for n in node1 node3 node4; do
		TWD[$n]=$(marker_wait $n absent "$T0") || TWD[$n]=timeout
	done
	stop_server "$PUB_PID"
	for n in node1 node3 node4; do
		diag "$N $shape, ${POLICY_OF[$n]} on $n: all seen ${TPUB[$n]} s" \
		     "after the first bind (stock ${TPUB[stock]:-?} s), all gone" \
		     "${TWD[$n]} s after the close (stock ${TWD[stock]:-?} s)"
		lb_cli "$n" policy del type $TYPE
	done
done

expect_clean_dmesg "no soft lockup, RCU stall, WARNING or BUG in the kernel log"
ktap_finish
