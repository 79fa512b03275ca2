#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# weighted policy (smooth weighted round-robin), configured on node4:
#
#  - servers on node1..node3 bind {1000,0,10}; a (type,node) weight of 3 on
#    node1: 50 requests to {1000,4} split exactly 30/10/10 (any 5
#    consecutive picks of a smooth WRR with weights 3,1,1 hold 3/1/1), and
#    interleaved: no server answers more than 2 requests in a row (smooth
#    WRR repeats A B A C A: at most 2 in a row, where periods meet; plain
#    WRR's A A A B C would give 3);
#  - a (type,node,port) entry beats the (type,node) one: weight 1 on
#    node1's port gives 10/10/10; deleting it restores 30/10/10;
#  - weight 0 drains node2: none of the next 20 requests go there;
#  - without entries every server weighs 1 again: 10/10/10;
#  - "weighted width" on a second type 1001, node1 {1001,0,29}, node2 and
#    node3 {1001,0,9}: weights 30/10/10, so 50 requests to instance 4 split
#    30/10/10, and instance 20 (node1's range only) goes to node1.
source "$(dirname "$0")/lib.sh"

TYPE=1000
TYPE2=1001

# max_run: the longest run of consecutive replies by one server in the last
# client output.
max_run() {
	grep -vE '^(served|error)' <<<"$CLI_OUT" |
		awk '{ r = ($0 == p) ? r + 1 : 1; p = $0; if (r > m) m = r }
		     END { print m + 0 }'
}

# expect_not_served DESC NAME TOTAL: the last run succeeded, answered TOTAL
# requests and none of them by NAME.
expect_not_served() {
	local total

	total=$(tr ' ' '\n' <<<"$CLI_SERVED" | awk -F= '{ s += $2 } END { print s + 0 }')
	if [ "$CLI_RC" = 0 ] && [ "$total" = "$3" ] && ! grep -qw "$2=[0-9]*" <<<"$CLI_SERVED"; then
		ktap_ok "$1"
		diag "served: $CLI_SERVED"
	else
		ktap_fail "$1"
		diag "expected $3 requests none on $2, got '$CLI_SERVED' (exit $CLI_RC)" "$CLI_OUT"
	fi
}

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy weighted
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published {$TYPE,0,10}"; \
		ktap_finish; }
done
ktap_ok "servers on node1..node3 bound {$TYPE,0,10}, visible everywhere"

# --- weight 3 on node1 ----------------------------------------------------
ktap_check "weight set type $TYPE node node1 weight 3 on node4" \
	lb_cli node4 weight set type $TYPE node node1 weight 3
ktap_check "policy set type $TYPE weighted on node4" \
	lb_cli node4 policy set type $TYPE weighted
client node4 $TYPE 4 50
expect_served "weights 3/1/1: 50 requests to {$TYPE,4} split 30/10/10" \
	"node1=30 node2=10 node3=10"
# Smooth WRR: each pick adds every server's weight to its current value,
# takes the highest and subtracts the total (5) from the winner.  With 3/1/1
# (A = node1) the picks repeat every 5 as A B A C A (B, C swapped on another
# tie order), so any stretch of them, wherever it starts, has at most 2 A in
# a row (... C A | A B ...).  Plain WRR sends A A A B C: 3 in a row.  So
# <= 2 tells the smooth variant apart.
run=$(max_run)
if [ "$CLI_RC" = 0 ] && [ "$run" -le 2 ]; then
	ktap_ok "weights 3/1/1: smoothly interleaved, longest run by one server $run (<= 2)"
else
	ktap_fail "weights 3/1/1: smoothly interleaved, longest run by one server $run (<= 2)"
	diag "$CLI_OUT"
fi

# --- a port entry beats the node entry ------------------------------------
port=$(publ_port node4 $TYPE 0 10 node1)
if [ -n "$port" ]; then
	ktap_check "weight set type $TYPE node node1 port $port weight 1 on node4" \
		lb_cli node4 weight set type $TYPE node node1 port "$port" weight 1
	client node4 $TYPE 4 30
	expect_served "(node,port) weight 1 overrides (node) weight 3: 10/10/10" \
		"node1=10 node2=10 node3=10"
	ktap_check "weight del type $TYPE node node1 port $port on node4" \
		lb_cli node4 weight del type $TYPE node node1 port "$port"
	client node4 $TYPE 4 50
	expect_served "port entry deleted: (node) weight 3 again, 30/10/10" \
		"node1=30 node2=10 node3=10"
else
	ktap_fail "port of node1's publication found in node4's name table"
fi

# --- weight 0 drains ------------------------------------------------------
ktap_check "weight set type $TYPE node node2 weight 0 on node4" \
	lb_cli node4 weight set type $TYPE node node2 weight 0
client node4 $TYPE 4 20
expect_not_served "weight 0 on node2: none of the next 20 requests go to node2" node2 20

# --- no entries: default weight 1 -----------------------------------------
if lb_cli node4 weight del type $TYPE node node2 &&
   lb_cli node4 weight del type $TYPE node node1; then
	ktap_ok "weight del type $TYPE node node1 / node2 on node4"
else
	ktap_fail "weight del type $TYPE node node1 / node2 on node4"
fi
client node4 $TYPE 4 30
expect_served "no weight entries: default weight 1, 10/10/10" "node1=10 node2=10 node3=10"

# --- width -----------------------------------------------------------------
if start_server node1 $TYPE2 0 29 && start_server node2 $TYPE2 0 9 &&
   start_server node3 $TYPE2 0 9; then
	ktap_ok "node1 {$TYPE2,0,29}, node2 {$TYPE2,0,9}, node3 {$TYPE2,0,9} published"
	ktap_check "policy set type $TYPE2 weighted width on node4" \
		lb_cli node4 policy set type $TYPE2 weighted width
	client node4 $TYPE2 4 50
	expect_served "width weights 30/10/10: 50 requests to {$TYPE2,4} split 30/10/10" \
		"node1=30 node2=10 node3=10"
	client node4 $TYPE2 20 10
	expect_served "width: {$TYPE2,20} (node1's range only) all to node1" "node1=10"
else
	ktap_fail "servers for {$TYPE2,...} published"
fi

# The weight source is per type: type 1000 is still fixed weight 1.
client node4 $TYPE 4 30
expect_served "type $TYPE unaffected by type $TYPE2's width: 10/10/10" \
	"node1=10 node2=10 node3=10"

if lb_cli node4 policy del type $TYPE && lb_cli node4 policy del type $TYPE2; then
	ktap_ok "policy del type $TYPE / $TYPE2 on node4"
else
	ktap_fail "policy del type $TYPE / $TYPE2 on node4"
fi

ktap_finish
