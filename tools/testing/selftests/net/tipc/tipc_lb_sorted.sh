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
#  - failover under load: a client on node4 sends 40 requests, one per
#    100 ms, resending any that fails (tipc_cli -r); after 5 replies node1's
#    server is frozen, then killed: the request it held comes back and is
#    resent, all 40 get a reply, node1 answers until the switch and node2
#    every one after it (one switch, no flapping back);
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
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published {$TYPE,0,10}"; \
		ktap_finish; }
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
	PID1=$SERVER_PID
	client node4 $TYPE 4 20
	expect_served "node1's server back: all 20 to node1 again" "node1=20"
else
	ktap_fail "node1's server restarted"
fi

# --- failover under load ----------------------------------------------------
# tipc_cli -r makes its requests returnable: one that reaches a closed port
# comes back (TIPC_ERRINFO) and is resent to the service address, as is one
# without a reply in time.  Freezing node1's server first (SIGSTOP) makes
# sure a request is waiting in its queue when it dies: the retry path runs
# every time, not only when a request happens to be in flight.  A resent
# request that node4 still routes to node1 (its withdrawal not seen yet) is
# re-looked-up on node1: sorted there too, so that goes to node2 as well.
FAILOVER_N=40
FAILOVER_LOG=$WORK_DIR/failover.cli.log

# failover_replies: the reply lines (server names) of the failover client.
failover_replies() {
	grep -vE '^(retry |served:|error:)' "$FAILOVER_LOG" 2>/dev/null
}

failover() {
	local cpid deadline rc replies first_n2 before after retries

	lb_cli node1 policy set type $TYPE sorted ||
		{ ktap_fail "policy set type $TYPE sorted on node1"; return; }
	on node4 timeout 120 "$TIPC_CLI" -t $TYPE -i 4 -n $FAILOVER_N \
		-d 100 -r 5 -w 5000 </dev/null >"$FAILOVER_LOG" 2>&1 &
	cpid=$!
	deadline=$((SECONDS + 60))
	until [ "$(failover_replies | wc -l)" -ge 5 ]; do
		if ! kill -0 "$cpid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
			ktap_fail \
				"failover: client on node4 got 5 replies before node1's server dies"
			diag "$(cat "$FAILOVER_LOG")"
			kill "$cpid" 2>/dev/null
			wait "$cpid"
			return
		fi
		sleep 0.1
	done
	kill -STOP "$PID1"
	sleep 1
	kill -KILL "$PID1"
	stop_server "$PID1"	# reaps it
	wait "$cpid"
	rc=$?

	replies=$(failover_replies)
	retries=$(grep '^retry ' "$FAILOVER_LOG")
	if [ "$rc" = 0 ] && [ "$(wc -l <<<"$replies")" = $FAILOVER_N ]; then
		ktap_ok "failover: $FAILOVER_N requests from node4, $FAILOVER_N replies, none lost"
	else
		ktap_fail \
			"failover: $FAILOVER_N requests from node4, $FAILOVER_N replies, none lost"
		diag "exit $rc, $(wc -l <<<"$replies") replies" "$(cat "$FAILOVER_LOG")"
	fi
	# Replies before node2's first, and from it on.
	first_n2=$(grep -nx node2 <<<"$replies" | head -n1 | cut -d: -f1)
	before=$(head -n $((${first_n2:-0} - 1)) <<<"$replies" | sort | uniq -c |
		 tr -s ' ' | sed 's/^ //')
	after=$(tail -n +"${first_n2:-999999}" <<<"$replies" | sort | uniq -c |
		tr -s ' ' | sed 's/^ //')
	if [ -n "$first_n2" ] && [ "$first_n2" -gt 5 ] && [ "$(grep -c . <<<"$before")" = 1 ] &&
	   [[ $before == *" node1" ]]; then
		ktap_ok "failover: the first $((first_n2 - 1)) replies, before node2's, from node1"
	else
		ktap_fail "failover: the first replies (at least 5, all before node2's) from node1"
		diag "before node2's first reply: ${before:-none}" "$replies"
	fi
	if [ -n "$first_n2" ] && [ "$(grep -c . <<<"$after")" = 1 ]; then
		ktap_ok "failover: node2 took over, all replies from its first on (${after% *})"
	else
		ktap_fail "failover: node2 took over, all replies from its first on came from node2"
		diag "from node2's first reply on: ${after:-none}" "$replies"
	fi
	if [ -n "$retries" ]; then
		ktap_ok "failover: the request held by node1's dead server was resent"
		diag "$retries"
	else
		ktap_fail "failover: the request held by node1's dead server was resent"
		diag "$(cat "$FAILOVER_LOG")"
	fi
}
failover
if start_server node1 $TYPE 0 10 && lb_cli node1 policy del type $TYPE; then
	PID1=$SERVER_PID
	ktap_ok "node1's server restarted, policy del type $TYPE on node1"
else
	ktap_fail "node1's server restarted, policy del type $TYPE on node1"
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
