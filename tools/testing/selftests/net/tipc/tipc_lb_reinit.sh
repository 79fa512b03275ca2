#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A server bound before its node has an address (issue 9): node2 sets the
# hash policy for type 7000 and starts a server on {7000,0,99} before
# "tipc node set identity" and its bearer; TIPC then rewrites the node
# address of node2's publications (tipc_named_reinit()). The balancer must
# follow: its hash keys and identities were resolved from the old address.
#
#  - servers on node1 and node3 too, hash set on node1 and node3;
#  - instances 0..99 map to the same server from node1, node2 and node3
#    (before the fix, node2 scored its own server with a stale key and
#    disagreed with the others on the instances that server wins);
#  - sorted agrees too: node2's own lookups pick the same primary as the
#    others'.
source "$(dirname "$0")/lib.sh"

TYPE=7000

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy hash

# Three nodes the usual way, then node2 by hand
all_nodes=$NODES
NODES="node1 node3 node4"
cluster_up || { ktap_fail "node1, node3, node4 up"; ktap_finish; }
NODES=$all_nodes
node2=''
if ! { ns_setup node2 &&
	ip link add "$(veth node2)" type veth peer name eth0 netns "$node2" &&
	ip link set "$(veth node2)" master "$BRIDGE" up &&
	ip -n "$node2" link set eth0 up; }; then
	ktap_fail "node2's netns"
	ktap_finish
fi

ktap_check "node2: policy set type $TYPE hash before it has an address" \
	lb_cli node2 policy set type $TYPE hash
spawn_server node2 "$WORK_DIR/srv.node2" '^ready$' tipc_srv "$TIPC_SRV" \
	-t $TYPE -l 0 -u 99 -n node2 ||
	{ ktap_fail "node2: server bound before the node has an address"; ktap_finish; }
ktap_ok "node2: server bound {$TYPE,0,99} before the node has an address"
on node2 sh -c "tipc node set identity node2 && tipc bearer enable media eth device eth0" ||
	{ ktap_fail "node2: identity and bearer"; ktap_finish; }
wait_links || { ktap_fail "node2 joined the cluster"; ktap_finish; }
ktap_ok "node2 got its identity and joined the cluster"

for n in node1 node3; do
	start_server "$n" $TYPE 0 99 || { ktap_fail "server on $n"; ktap_finish; }
done
for n in node1 node3 node4; do
	wait_publ "$n" $TYPE 0 99 node2 || { ktap_fail "node2's server seen on $n"; ktap_finish; }
done
ktap_check "hash on node1 and node3" \
	sh -c "ip netns exec $(ns node1) $TIPC_LB_CLI policy set type $TYPE hash &&
	       ip netns exec $(ns node3) $TIPC_LB_CLI policy set type $TYPE hash"

declare -A map
for n in node1 node2 node3; do
	client_sweep "$n" $TYPE 0 99
	map[$n]=$SWEEP
	if [ "$CLI_RC" != 0 ] || [ "$(wc -l <<<"$SWEEP")" != 100 ]; then
		ktap_fail "$n: 100 instances answered"
		diag "$CLI_OUT"
	fi
done
agree=$(paste -d' ' <(cut -d' ' -f2 <<<"${map[node1]}") <(cut -d' ' -f2 <<<"${map[node2]}") \
	<(cut -d' ' -f2 <<<"${map[node3]}") | awk '$1 == $2 && $2 == $3' | wc -l)
own=$(grep -c ' node2$' <<<"${map[node1]}")
if [ "$agree" = 100 ] && [ "$own" -gt 0 ]; then
	ktap_ok "hash: node1, node2 and node3 agree on all 100 instances (node2's server wins $own)"
else
	ktap_fail "hash: node1, node2 and node3 agree on all 100 instances"
	diag "$agree of 100 agree; node2's server wins $own from node1"
fi

for n in node1 node2 node3; do
	lb_cli "$n" policy set type $TYPE sorted
done
for n in node1 node2 node3; do
	client "$n" $TYPE 5 6
	expect_served "sorted: $n's requests all go to the first in order, node1" "node1=6"
done
ktap_finish
