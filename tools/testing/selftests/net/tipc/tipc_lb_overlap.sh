#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Overlapping ranges: node1 {1000,0,10}, node2 {1000,0,5}, node3 {1000,3,8},
# published in that order (each visible on node4 before the next, because
# the order decides what stock TIPC picks).  Instance 4 is covered by all
# three ranges.
#
#  - no policy: stock TIPC only looks at the first matching range, so one
#    server gets all 30 requests: the one predicted by the name table's
#    rbtree order (ascending lower bound, a later insert first on ties);
#  - rr on node4: every publication covering 4 takes its turn: 10/10/10;
#  - instance 9 under rr: only node1 covers it: 30/0/0;
#  - instance 11: nobody serves it; the send must fail with the same errno
#    with and without the policy (EHOSTUNREACH on stock).
source "$(dirname "$0")/lib.sh"

TYPE=1000
PUBS=("node1 0 10" "node2 0 5" "node3 3 8")
EHOSTUNREACH=113

# predict_stock INSTANCE: the server stock TIPC sends every request to, from
# PUBS in publication order.  The rbtree walk visits ranges by ascending
# lower bound; an insert equal in lower bound goes left, i.e. before.
predict_stock() {
	printf '%s\n' "${PUBS[@]}" |
		awk -v inst="$1" '{ print $2, -NR, $3, $1 }' | sort -k1,1n -k2,2n |
		awk -v inst="$1" '$1 <= inst && inst <= $3 { print $4; exit }'
}

# expect_errno DESC ERRNO: ok if the last client run failed in sendto with
# ERRNO.
expect_errno() {
	if [ "$CLI_RC" = 2 ] && [ "$CLI_ERRNO" = "$2" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "expected exit 2 with errno $2, got exit $CLI_RC errno '${CLI_ERRNO}'" \
			"$CLI_OUT"
	fi
}

ensure_progs || ktap_skip_all "cannot build the test programs"
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for p in "${PUBS[@]}"; do
	read -r node lower upper <<<"$p"
	# start_server waits until the publication is visible on every node,
	# node4 included, before the next one is made.
	start_server "$node" $TYPE "$lower" "$upper" ||
		{ ktap_fail "server on $node published {$TYPE,$lower,$upper}"; ktap_finish; }
done
ktap_ok "node1 {$TYPE,0,10}, node2 {$TYPE,0,5}, node3 {$TYPE,3,8} published in order"

# --- no policy ------------------------------------------------------------
want=$(predict_stock 4)
client node4 $TYPE 4 30
expect_served "no policy: instance 4 goes to one server only, $want (first range in rbtree order)" \
	"$want=30"
client node4 $TYPE 9 30
expect_served "no policy: instance 9 served by node1 only" "node1=30"
client node4 $TYPE 11 1
expect_errno "no policy: instance 11 (unserved) fails with EHOSTUNREACH" $EHOSTUNREACH
errno_stock=$CLI_ERRNO

# --- rr on node4 ----------------------------------------------------------
if ! lb_available node4; then
	for t in "rr: instance 4 served 10/10/10" "rr: instance 9 served by node1 only" \
		 "rr: instance 11 fails with the same errno as without policy" \
		 "rr: policy del restores stock behaviour"; do
		ktap_skip "$t" "$LB_REASON"
	done
	ktap_finish
fi

if ! lb_cli node4 policy set type $TYPE rr; then
	ktap_fail "rr: policy set type $TYPE rr on node4"
	ktap_finish
fi
client node4 $TYPE 4 30
expect_served "rr: instance 4 served 10/10/10" "node1=10 node2=10 node3=10"
client node4 $TYPE 9 30
expect_served "rr: instance 9 served by node1 only" "node1=30"
client node4 $TYPE 11 1
expect_errno "rr: instance 11 fails with the same errno as without policy" "$errno_stock"

# The policy lives in node4's netns only: node1 must still see stock.
client node1 $TYPE 4 30
if [ "$CLI_RC" = 0 ] && [ "$(wc -w <<<"$CLI_SERVED")" = 1 ]; then
	ktap_ok "rr on node4 does not change lookups in node1's netns"
else
	ktap_fail "rr on node4 does not change lookups in node1's netns"
	diag "got '$CLI_SERVED' (exit $CLI_RC)" "$CLI_OUT"
fi

ktap_check "rr: policy del type $TYPE on node4" lb_cli node4 policy del type $TYPE
client node4 $TYPE 4 30
expect_served "policy deleted: instance 4 back to $want only" "$want=30"

# --- the default applies to services created after it was set -------------
# Service 1001 does not exist on node4 until its servers publish, after the
# default is set; it must also outlive the service (all servers gone, then
# back) and a type set to "none" must stay stock despite the default.
TYPE2=1001
start_servers2() {
	local p node lower upper

	PIDS2=()
	for p in "${PUBS[@]}"; do
		read -r node lower upper <<<"$p"
		start_server "$node" $TYPE2 "$lower" "$upper" || return 1
		PIDS2+=("$SERVER_PID")
	done
}

ktap_check "default: policy set default rr on node4" lb_cli node4 policy set default rr
if start_servers2; then
	client node4 $TYPE2 4 30
	expect_served "default rr: service $TYPE2 created afterwards served 10/10/10" \
		"node1=10 node2=10 node3=10"
	stop_server "${PIDS2[@]}"
	gone=1
	for p in "${PUBS[@]}"; do
		read -r node lower upper <<<"$p"
		wait_unpubl node4 $TYPE2 "$lower" "$upper" "$node" || gone=0
	done
	if [ $gone = 1 ] && start_servers2; then
		client node4 $TYPE2 4 30
		expect_served "default rr: service $TYPE2 gone and back, still 10/10/10" \
			"node1=10 node2=10 node3=10"
	else
		ktap_fail "default rr: service $TYPE2 gone and back, still 10/10/10"
	fi
	ktap_check "default: policy set type $TYPE2 none on node4" \
		lb_cli node4 policy set type $TYPE2 none
	client node4 $TYPE2 4 30
	expect_served "type $TYPE2 set to none: stock lookup despite the default, $want only" \
		"$want=30"
else
	ktap_fail "servers for {$TYPE2,...} published"
fi
ktap_check "default: policy del type $TYPE2 on node4" lb_cli node4 policy del type $TYPE2
ktap_check "default: policy del default on node4" lb_cli node4 policy del default

ktap_finish
