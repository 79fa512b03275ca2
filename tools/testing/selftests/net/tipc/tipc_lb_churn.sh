#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shares under churn (issue 9): a change that does not touch a candidate
# must not change its share.
#
#  - three servers s1..s3 on node1 bind {5000,0,10}; a client on node1
#    sends 30 RDM requests to {5000,4} and, between two of them, another
#    socket binds and closes {5000,100+i}: 10/10/10 under rr, weighted
#    and least (the old core restarted the rotation at every rebuild:
#    weighted gave 30/0/0, least 0/30/0);
#  - the same with the churn a range {5000,5,20} overlapping the servers'
#    (a group of its own that does not cover instance 4);
#  - across nodes: the client on node4 sends 60 requests (and churns its
#    own {5000,400+i}) while node3 binds and closes {5000,5,20} in a loop
#    and node2 {5000,200,300}: peers' publications arriving and leaving in
#    softirq, overlapping the servers' range or not: 20/20/20, in turn;
#  - no WARNING, BUG or stall in the kernel log.
source "$(dirname "$0")/lib.sh"

TYPE=5000
CHURN=$SELFTEST_DIR/tipc_churn.py

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy rr
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
dmesg_mark

for s in s1 s2 s3; do
	start_server node1 $TYPE 0 10 "$s" ||
		{ ktap_fail "server $s on node1 bound {$TYPE,0,10}"; ktap_finish; }
done
# Identical ranges of one node: wait until node4 lists all three
deadline=$((SECONDS + PUBL_TIMEOUT))
until [ "$(on node4 tipc nametable show |
	   awk -v t=$TYPE '$1 == t && $2 == 0 && $3 == 10' | wc -l)" = 3 ] ||
      [ $SECONDS -ge $deadline ]; do
	sleep 0.2
done
ktap_ok "servers s1..s3 on node1 bound {$TYPE,0,10}"

# churn_run NODE ARGS...: the churning client; CLI_OUT, CLI_RC, CLI_SERVED
churn_run() {
	local node=$1

	shift
	CLI_OUT=$(on "$node" timeout 120 python3 "$CHURN" requests "$@" 2>&1)
	CLI_RC=$?
	CLI_SERVED=$(sed -n 's/^served: *//p' <<<"$CLI_OUT" | tail -n1)
}

# in_turn: the last run's servers answered in a strict rotation
# shellcheck disable=SC2317 # called through ktap_check
in_turn() {
	grep -vE '^(served|error)' <<<"$CLI_OUT" |
		awk '{ seq[NR] = $0 }
		     END { for (i = 4; i <= NR; i++) if (seq[i] != seq[i - 3]) exit 1 }'
}

for policy in rr weighted least; do
	lb_cli node1 policy set type $TYPE $policy ||
		{ ktap_fail "$policy: policy set on node1"; continue; }
	churn_run node1 $TYPE 4 30 --churn-lower 100
	expect_served \
		"$policy, node1: 30 requests with {$TYPE,100+i} bound and closed between them" \
		"s1=10 s2=10 s3=10"
	ktap_check "$policy, node1: the servers answered in turn" in_turn
	churn_run node1 $TYPE 4 30 --churn-range 5 20
	expect_served \
		"$policy, node1: 30 requests with {$TYPE,5,20} bound and closed between them" \
		"s1=10 s2=10 s3=10"
	lb_cli node1 policy del type $TYPE
done

# Across nodes, with peers' publications coming and going meanwhile
on node3 timeout 90 python3 "$CHURN" flap $TYPE 5 20 60 >"$WORK_DIR/flap3" 2>&1 &
flap3=$!
on node2 timeout 90 python3 "$CHURN" flap $TYPE 200 300 60 >"$WORK_DIR/flap2" 2>&1 &
flap2=$!
for policy in rr weighted least; do
	lb_cli node4 policy set type $TYPE $policy ||
		{ ktap_fail "$policy: policy set on node4"; continue; }
	churn_run node4 $TYPE 4 60 --churn-lower 400
	expect_served "$policy, node4: 60 requests while node2 and node3 flap publications" \
		"s1=20 s2=20 s3=20"
	ktap_check "$policy, node4: the servers answered in turn" in_turn
	lb_cli node4 policy del type $TYPE
done
wait "$flap3" "$flap2"
diag "node3 flapped {$TYPE,0,10} $(cat "$WORK_DIR/flap3")," \
     "node2 {$TYPE,200,300} $(cat "$WORK_DIR/flap2")"

expect_clean_dmesg "no WARNING, BUG or stall in the kernel log"
ktap_finish
