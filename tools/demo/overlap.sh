#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The overlap demo, run inside the VM: three servers publish overlapping
# ranges of service 1000 and node4 asks for instance 4, which all three
# cover. Stock TIPC only uses the first matching range; rr uses all three.
source "$(dirname "$0")/../../tools/testing/selftests/net/tipc/lib.sh"

TYPE=1000
INST=4
COUNT=30

heading() { printf '\n=== %s\n\n' "$*"; }

# requests NODE: COUNT requests to {TYPE,INST}, who served each, the tally
requests() {
	echo "$1 sends $COUNT requests to {$TYPE,$INST}; served by:"
	client "$1" $TYPE $INST $COUNT
	grep -v '^served:' <<<"$CLI_OUT" | sed 's/.*served by //' |
		xargs -n 10 echo "  "
	echo "  total: $(served_sorted)"
}

heading "tipc-lb demo: overlapping publications, stock TIPC vs rr"
cluster_up || exit 1
lb_available node4 || { echo "$LB_REASON" >&2; exit 1; }
echo "Debian kernel $(uname -r) with the tipc-lb build of tipc.ko."
echo "Four TIPC nodes node1..node4 (network namespaces on one bridge) are up."

for p in "node1 0 10" "node2 0 5" "node3 3 8"; do
	read -r node lower upper <<<"$p"
	start_server "$node" $TYPE "$lower" "$upper" || exit 1
	echo "$node publishes {$TYPE,$lower,$upper}"
done
echo
echo "node4's view (tipc nametable show):"
on node4 tipc nametable show | awk -v t=$TYPE 'NR == 1 || $1 == t' | sed 's/^/  /'

heading "Scene 1: no policy (stock lookup: round-robin inside the first matching range only)"
requests node4

heading "Scene 2: tipc-lb policy set type $TYPE rr (every publication covering the instance)"
lb_cli node4 policy set type $TYPE rr || exit 1
lb_cli node4 policy show | sed 's/^/  /'
requests node4

heading "Scene 3: instance 9 under rr (only node1's {$TYPE,0,10} covers it)"
INST=9 requests node4

heading "Scene 4: tipc-lb policy del type $TYPE (back to stock)"
lb_cli node4 policy del type $TYPE || exit 1
requests node4
echo
