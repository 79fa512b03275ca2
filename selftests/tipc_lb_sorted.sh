#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sorted policy (hot standby: always the first publication in a cluster-wide
# order: priority, node identity, lower bound, port).  Servers on
# node1..node3 bind {1000,0,10}; node4 is the client, node3 a second client
# (it also serves: it must not prefer its own server).
#
#  - sorted on node4: all 20 requests to node1; on node3 too: node1;
#  - node1's server stops: once its withdrawal is visible on node4 the next
#    10 go to node2; it restarts: back to node1;
#  - priority 0 for node3 (node1, node2 have none, so sort after it): all to
#    node3; priority 100 still node3; priority deleted: node1 again;
#  - node1 leaves the cluster (its bearer disabled): once node4 and node3
#    lost its publication both send everything to node2.
source "$(dirname "$0")/lib.sh"

TYPE=1000

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy sorted
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

# Published in reverse order: the choice must not depend on it.
for n in node3 node2 node1; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published {$TYPE,0,10}"; ktap_finish; }
done
PID1=$SERVER_PID
ktap_ok "servers on node3, node2, node1 bound {$TYPE,0,10}, visible everywhere"

if lb_cli node4 policy set type $TYPE sorted && lb_cli node3 policy set type $TYPE sorted; then
	ktap_ok "policy set type $TYPE sorted on node4 and node3"
else
	ktap_fail "policy set type $TYPE sorted on node4 and node3"
	ktap_finish
fi
client node4 $TYPE 4 20
expect_served "sorted: all 20 requests from node4 to node1" "node1=20"
client node3 $TYPE 4 10
expect_served "sorted: node3 (a server too) also sends all 10 to node1" "node1=10"

# --- the primary goes and comes back ---------------------------------------
stop_server "$PID1"
if wait_unpubl node4 $TYPE 0 10 node1; then
	ktap_ok "node1's server stopped, its withdrawal visible on node4"
	client node4 $TYPE 4 10
	expect_served "node1 gone: the next 10 requests go to node2" "node2=10"
else
	ktap_fail "node1's server stopped, its withdrawal visible on node4"
fi
if start_server node1 $TYPE 0 10; then
	client node4 $TYPE 4 20
	expect_served "node1's server back: all 20 to node1 again" "node1=20"
else
	ktap_fail "node1's server restarted"
fi

# --- explicit priorities ---------------------------------------------------
ktap_check "priority set type $TYPE node node3 priority 0 on node4" \
	lb_cli node4 priority set type $TYPE node node3 priority 0
client node4 $TYPE 4 10
expect_served "priority 0 on node3 (others have none): all to node3" "node3=10"
ktap_check "priority set type $TYPE node node3 priority 100 on node4" \
	lb_cli node4 priority set type $TYPE node node3 priority 100
client node4 $TYPE 4 10
expect_served "priority 100 on node3: still first, unranked ones sort after" "node3=10"
ktap_check "priority del type $TYPE node node3 on node4" \
	lb_cli node4 priority del type $TYPE node node3
client node4 $TYPE 4 10
expect_served "priority deleted: node1 again" "node1=10"

# --- node1 leaves the cluster ----------------------------------------------
if on node1 tipc bearer disable media eth device eth0 &&
   wait_unpubl node4 $TYPE 0 10 node1 && wait_unpubl node3 $TYPE 0 10 node1; then
	ktap_ok "node1's bearer disabled, its publication gone on node4 and node3"
	client node4 $TYPE 4 10
	expect_served "node1 off the cluster: node4 sends all to node2" "node2=10"
	client node3 $TYPE 4 10
	expect_served "node1 off the cluster: node3 agrees, all to node2" "node2=10"
else
	ktap_fail "node1's bearer disabled, its publication gone on node4 and node3"
fi

if lb_cli node4 policy del type $TYPE && lb_cli node3 policy del type $TYPE; then
	ktap_ok "policy del type $TYPE on node4 and node3"
else
	ktap_fail "policy del type $TYPE on node4 and node3"
fi

ktap_finish
