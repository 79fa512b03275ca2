#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seed scenario: three servers (node1..node3) bind the same range
# {1000, 0, 10}; node4 sends 30 anycast requests to {1000, 4}.  One range
# holding three publications is round-robined by stock TIPC already, so every
# server must answer exactly 10 -- without a policy, with "rr" set on node4,
# and again after the policy is deleted.
source "$(dirname "$0")/lib.sh"

TYPE=1000
EXPECT="node1=10 node2=10 node3=10"

ensure_progs || ktap_skip_all "cannot build the test programs"
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published"; ktap_finish; }
done
ktap_ok "servers on node1..node3 bound {$TYPE,0,10}, visible everywhere"

client node4 $TYPE 4 30
expect_served "no policy: 30 requests to {$TYPE,4} served 10/10/10" "$EXPECT"

if lb_available node4; then
	if lb_cli node4 policy set type $TYPE rr; then
		ktap_ok "rr: policy set type $TYPE rr on node4"
		client node4 $TYPE 4 30
		expect_served "rr: 30 requests to {$TYPE,4} served 10/10/10" "$EXPECT"
		ktap_check "rr: policy show on node4 lists type $TYPE" \
			eval 'lb_cli node4 policy show | grep -qw '$TYPE
		ktap_check "rr: policy del type $TYPE on node4" lb_cli node4 policy del type $TYPE
		client node4 $TYPE 4 30
		expect_served "policy deleted: 30 requests to {$TYPE,4} served 10/10/10" "$EXPECT"
	else
		ktap_fail "rr: policy set type $TYPE rr on node4"
	fi
else
	for t in "rr: policy set" "rr: 30 requests served 10/10/10" "rr: policy del"; do
		ktap_skip "$t" "$LB_REASON"
	done
fi

ktap_finish
