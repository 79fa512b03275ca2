#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hash policy (rendezvous hashing of the instance over (node, port) of the
# covering publications, fixed seed).  Servers on node1..node3 bind
# {1000,0,999}; the policy is set on node4 and on node3: there are only 4
# nodes, so node3 is both a server and the second client (its own server
# must get no preference).  Each client sweeps instances 0..99, one request
# each (tipc_cli -I), and records which server answered:
#
#  - node4 and node3 map every instance identically;
#  - every server gets some instances;
#  - a second sweep from node4 gives the same mapping;
#  - node2's server stops: exactly the instances it had move (to the
#    others), no other instance moves, and both clients still agree;
#  - a new server on node2 (new port): instances either stay or move to it.
source "$(dirname "$0")/lib.sh"

TYPE=1000
FIRST=0
LAST=99
N=$((LAST - FIRST + 1))

# sweep NODE: SWEEP of NODE over FIRST..LAST; fails unless all N answered.
sweep() {
	client_sweep "$1" $TYPE $FIRST $LAST
	if [ "$CLI_RC" != 0 ] || [ "$(wc -l <<<"$SWEEP")" != "$N" ]; then
		diag "sweep from $1: exit $CLI_RC, $(wc -l <<<"$SWEEP") answers" "$CLI_OUT"
		return 1
	fi
}

# pairs A B: "INST A_NAME B_NAME" for every instance of two sweeps.
pairs() {
	awk 'NR == FNR { a[$1] = $2; next } { print $1, a[$1], $2 }' <(echo "$1") <(echo "$2")
}

# expect_same DESC A B: two sweeps map every instance identically.
expect_same() {
	local diff

	diff=$(pairs "$2" "$3" | awk '$2 != $3')
	if [ -z "$diff" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "$(wc -l <<<"$diff") instances differ (instance, first, second):" "$diff"
	fi
}

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy hash
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 999 || { ktap_fail "server on $n published {$TYPE,0,999}"; \
		ktap_finish; }
	[ "$n" = node2 ] && PID2=$SERVER_PID
done
ktap_ok "servers on node1..node3 bound {$TYPE,0,999}, visible everywhere"

if lb_cli node4 policy set type $TYPE hash && lb_cli node3 policy set type $TYPE hash; then
	ktap_ok "policy set type $TYPE hash on node4 and node3"
else
	ktap_fail "policy set type $TYPE hash on node4 and node3"
	ktap_finish
fi

sweep node4 || { ktap_fail "sweep of instances $FIRST..$LAST from node4"; ktap_finish; }
MAP4=$SWEEP
sweep node3 || { ktap_fail "sweep of instances $FIRST..$LAST from node3"; ktap_finish; }
MAP3=$SWEEP
ktap_ok "sweeps of instances $FIRST..$LAST from node4 and node3 all answered"
expect_same "node4 and node3 map all $N instances to the same servers" "$MAP4" "$MAP3"

counts=$(awk '{ c[$2]++ } END { for (s in c) print s "=" c[s] }' <<<"$MAP4" | sort | tr '\n' ' ')
diag "mapping from node4: $counts"
if [ "$(awk '{ print $2 }' <<<"$MAP4" | sort -u | tr '\n' ' ')" = "node1 node2 node3 " ]; then
	ktap_ok "every server gets some instances ($counts)"
else
	ktap_fail "every server gets some instances ($counts)"
fi

if sweep node4; then
	expect_same "a second sweep from node4 gives the same mapping" "$MAP4" "$SWEEP"
else
	ktap_fail "a second sweep from node4 gives the same mapping"
fi

# --- a server leaves ---------------------------------------------------------
stop_server "$PID2"
if wait_unpubl node4 $TYPE 0 999 node2 && wait_unpubl node3 $TYPE 0 999 node2; then
	ktap_ok "node2's server stopped, its withdrawal visible on node4 and node3"
else
	ktap_fail "node2's server stopped, its withdrawal visible on node4 and node3"
	ktap_finish
fi
if sweep node4 && LEFT4=$SWEEP && sweep node3; then
	LEFT3=$SWEEP
	# Instances moved, instances node2 had, and the wrong cases: moved
	# without having been on node2, or on node2 and did not move.
	p=$(pairs "$MAP4" "$LEFT4")
	moved=$(awk '$2 != $3' <<<"$p" | wc -l)
	had=$(awk '$2 == "node2"' <<<"$p" | wc -l)
	wrong=$(awk '($2 != $3) != ($2 == "node2")' <<<"$p")
	if [ -z "$wrong" ] && [ "$moved" = "$had" ]; then
		ktap_ok "node2 gone: exactly its $had instances moved, $((N - moved)) stayed"
	else
		ktap_fail "node2 gone: exactly its $had instances moved ($moved moved)"
		diag "wrong (instance, before, after):" "$wrong"
	fi
	expect_same "node2 gone: node4 and node3 still agree" "$LEFT4" "$LEFT3"
else
	ktap_fail "sweeps after node2's server stopped all answered"
fi

# --- a server joins ------------------------------------------------------------
if start_server node2 $TYPE 0 999 && sweep node4; then
	p=$(pairs "$LEFT4" "$SWEEP")
	moved=$(awk '$2 != $3' <<<"$p" | wc -l)
	wrong=$(awk '$2 != $3 && $3 != "node2"' <<<"$p")
	if [ -z "$wrong" ] && [ "$moved" -gt 0 ]; then
		ktap_ok "node2 back (new port): $moved instances moved, all of them to node2"
	else
		ktap_fail "node2 back (new port): $moved instances moved, all of them to node2"
		diag "wrong (instance, before, after):" "$wrong"
	fi
else
	ktap_fail "node2's server restarted, sweep from node4 answered"
fi

if lb_cli node4 policy del type $TYPE && lb_cli node3 policy del type $TYPE; then
	ktap_ok "policy del type $TYPE on node4 and node3"
else
	ktap_fail "policy del type $TYPE on node4 and node3"
fi

ktap_finish
