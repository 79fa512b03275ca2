#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A peer with thousands of publications (issue 9): node2 binds 10,000
# ranges of type 6000 on one socket, identical ({6000,0,100}) and then
# nested ({6000,0,i}), while node1 balances the type with rr, sorted or
# hash, or has no policy (stock, for the time figures).
#
#  - publish and withdraw: node2 binds them and then a marker {5999,0,0};
#    node1 has seen them all once it lists the marker (a node's
#    publications travel in order); the time to see it and to see it go
#    after the close are printed for each policy next to stock's. (The
#    marker's type sorts before 6000 in the name table's dump: stock TIPC
#    cannot resume a dump among thousands of ranges with the same lower
#    bound, and `tipc nametable show` stops after the first few dozen);
#  - each policy stays exact at that size (node1's statistics): rr spreads
#    200 requests over 200 different publications, sorted sends all of
#    them to one, hash sends every request for one instance to one; for
#    the nested shape only publications covering the instance are picked;
#  - node1's kernel log has no soft lockup, RCU stall, WARNING or BUG
#    (the old core rebuilt its index at every one of those publications,
#    in softirq: a 6,000-range peer stalled node1 for tens of seconds).
#
# TIPC_LB_SCALE_N changes the number of publications (default 10000).
#
# TIMEOUT=1500 (selftests/run.sh: eight rounds of 10,000 publications)
source "$(dirname "$0")/lib.sh"

TYPE=6000
MARK=5999
N=${TIPC_LB_SCALE_N:-10000}
REQS=200
CHURN=$SELFTEST_DIR/tipc_churn.py

lb_require_policy rr
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
dmesg_start=$(dmesg | wc -l)

# marker_wait NODE present|absent: seconds (to 0.1) until the marker is so
marker_wait() {
	local t0=$EPOCHREALTIME deadline=$((SECONDS + 300)) have

	while [ $SECONDS -lt $deadline ]; do
		have=absent
		on "$1" tipc nametable show 2>/dev/null | awk -v t=$MARK '$1 == t { f = 1 } END { exit !f }' &&
			have=present
		if [ "$have" = "$2" ]; then
			awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", b - a }'
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# selections: node1's stats of TYPE as "UPPER SELECTIONS" lines, picked ones
selections() {
	lb_cli node1 -j stats type $TYPE | python3 -c '
import json, sys
d = json.load(sys.stdin)
if isinstance(d, dict):
    d = next((v for v in d.values() if isinstance(v, list)), [])
for e in d:
    if e.get("selections"):
        print(e["upper"], e["selections"])'
}

# check_exact POLICY SHAPE INST: the selections of the last REQS requests
check_exact() {
	local policy=$1 shape=$2 inst=$3 sel rows total maxsel badupper

	sel=$(selections)
	rows=$(wc -l <<<"$sel")
	total=$(awk '{ s += $2 } END { print s + 0 }' <<<"$sel")
	maxsel=$(awk '$2 > m { m = $2 } END { print m + 0 }' <<<"$sel")
	badupper=$(awk -v i="$inst" '$1 < i' <<<"$sel" | wc -l)
	case $policy in
	rr) [ "$rows" = $REQS ] && [ "$maxsel" = 1 ] ;;
	*) [ "$rows" = 1 ] && [ "$maxsel" = $REQS ] ;;
	esac
	if [ $? = 0 ] && [ "$total" = $REQS ] && [ "$badupper" = 0 ]; then
		ktap_ok "$policy, $N $shape: $REQS requests to {$TYPE,$inst} went to $rows publication(s), each covering it"
	else
		ktap_fail "$policy, $N $shape: $REQS requests to {$TYPE,$inst} exact"
		diag "$rows publications selected, $total selections, at most $maxsel on one, $badupper not covering $inst"
	fi
}

for shape in identical nested; do
	inst=50
	[ $shape = nested ] && inst=$((N / 2))
	for policy in none rr sorted hash; do
		if [ $policy != none ]; then
			lb_cli node1 policy set type $TYPE $policy ||
				{ ktap_fail "$policy: policy set on node1"; continue; }
		fi
		coproc PUB { exec ip netns exec node2 timeout 600 python3 "$CHURN" bind \
			$TYPE "$N" 0 100 $shape $MARK 2>&1; }
		pub_pid=$PUB_PID
		SERVER_PIDS+=("$pub_pid")
		read -r -t 300 line <&"${PUB[0]}"
		if [ "${line:-}" != ready ]; then
			ktap_fail "$policy, $N $shape: node2 bound them ($line)"
			stop_server "$pub_pid"
			continue
		fi
		t_pub=$(marker_wait node1 present) ||
			{ ktap_fail "$policy, $N $shape: node1 saw them all"; stop_server "$pub_pid"; continue; }
		if [ $policy != none ]; then
			lb_cli node1 stats reset
			on node1 timeout 120 python3 "$CHURN" send $TYPE $inst $REQS >/dev/null
			check_exact $policy $shape $inst
		fi
		echo close >&"${PUB[1]}"
		t_wd=$(marker_wait node1 absent) ||
			{ ktap_fail "$policy, $N $shape: node1 saw them go"; t_wd=timeout; }
		stop_server "$pub_pid"
		eval "pub_${shape}_$policy=\$t_pub wd_${shape}_$policy=\$t_wd"
		diag "$policy, $N $shape: node1 saw them all in $t_pub s, withdrawn in $t_wd s"
		[ $policy != none ] && lb_cli node1 policy del type $TYPE
	done
done

for shape in identical nested; do
	for policy in rr sorted hash; do
		eval "p=\${pub_${shape}_$policy:-} w=\${wd_${shape}_$policy:-}"
		eval "ps=\${pub_${shape}_none:-} ws=\${wd_${shape}_none:-}"
		[ -n "$p" ] && diag "$N $shape, $policy: publish $p s (stock $ps s), withdraw $w s (stock $ws s)"
	done
done

report=$(dmesg | tail -n +"$((dmesg_start + 1))" |
	 grep -E 'WARNING|BUG|soft lockup|rcu.*stall|Call Trace' | head -n 5)
if [ -z "$report" ]; then
	ktap_ok "no soft lockup, RCU stall, WARNING or BUG in the kernel log"
else
	ktap_fail "no soft lockup, RCU stall, WARNING or BUG in the kernel log"
	diag "$report"
fi
ktap_finish
