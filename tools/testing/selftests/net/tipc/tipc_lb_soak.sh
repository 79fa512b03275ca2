#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn soak (issue 10): everything at once for TIPC_LB_SOAK_SECS seconds
# (default 90), workers from selftests/tipc_soak.py and this script:
#
#  - servers on node2 and node3 binding and withdrawing overlapping ranges
#    of an RDM type and a connection type (anchors {T,0,1023} stay);
#  - RDM clients on node1 and node4 (no-route sends to an unserved
#    instance, multicasts), connection clients on node1 and node4
#    (SOCK_STREAM and SOCK_SEQPACKET, implied connects, connects nobody
#    accepts, closes, servers closing their end);
#  - the CLI flipping policies (rr weighted least sorted hash none), weight
#    sources, weights and priorities per node and port, the default
#    policy, stats resets and dumps, show, save, batches and flushes on
#    node1, node4 and the short-lived node5; a monitor on node4;
#  - node3's bearer disabled and enabled again;
#  - node5's netns created (veth, identity, bearer, a server, a policy) and
#    deleted again, with its server killed first (alternately the netns or
#    the veth deleted first).
#
# Afterwards, each its own TAP line: every worker ran to the end and exited
# 0; links up again; every connection count at 0 once the clients closed
# theirs (least on both connection types, on every node); the soak's
# types still served; a fresh type served as expected under rr, weighted,
# least, sorted and hash; a clean kernel log; and, where the kernel has
# kmemleak, no unreferenced object allocated from tipc.  The figures of
# the soak are printed as TAP comments.
#
# Runs for up to 1800 s: within the timeout of settings
source "$(dirname "$0")/lib.sh"

SOAK_SECS=${TIPC_LB_SOAK_SECS:-90}
SOAK=$SELFTEST_DIR/tipc_soak.py
T=7000		# RDM type of the soak
TC=7001		# connection type of the soak
TF=7100		# fresh type for the checks afterwards
WORKER_PIDS=()
WORKER_NAMES=()

# Extra teardown: the workers (bounded; their own loops are), node5.
# shellcheck disable=SC2317 # the EXIT trap
soak_cleanup() {
	local pid

	for pid in "${WORKER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	[ -s "$WORK_DIR/node5.pid" ] && kill -KILL "$(cat "$WORK_DIR/node5.pid")" 2>/dev/null
	sleep 1
	for pid in "${WORKER_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	node_down node5
	lib_cleanup
}
trap soak_cleanup EXIT

# worker NAME NODE|- CMD...: CMD in the background (in NODE's netns, or
# here for -), its output in WORK_DIR/NAME.log.
worker() {
	local name=$1 node=$2

	shift 2
	if [ "$node" = - ]; then
		"$@" </dev/null >"$WORK_DIR/$name.log" 2>&1 &
	else
		ip netns exec "$(ns "$node")" "$@" </dev/null >"$WORK_DIR/$name.log" 2>&1 &
	fi
	WORKER_PIDS+=("$!")
	WORKER_NAMES+=("$name")
}

# proc_stuck PID: where process PID is (its kernel stack, and a python
# worker's traceback: tipc_soak.py dumps it on SIGUSR1), as diag lines.
# shellcheck disable=SC2317 # called on failures only
proc_stuck() {
	local pid=$1 log=$2

	[ -d "/proc/$pid" ] || return 0
	diag "pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-80))," \
	     "state $(awk '{ print $3 }' "/proc/$pid/stat")," \
	     "wchan $(cat "/proc/$pid/wchan" 2>/dev/null):" \
	     "$(cat "/proc/$pid/stack" 2>/dev/null)"
	if [ -n "$log" ] && kill -USR1 "$pid" 2>/dev/null; then
		sleep 1
		diag "$(grep -A 12 '^Current thread\|^Thread' "$log" | tail -n 14)"
	fi
}

# fig NAME KEY: a figure from worker NAME's "figures:" line (0 if none).
fig() {
	sed -n 's/^figures: //p' "$WORK_DIR/$1.log" 2>/dev/null | tail -n1 |
		tr ' ' '\n' | sed -n "s/^$2=//p" | grep . || echo 0
}

# sum KEY NAME...: the sum of a figure over workers.
sum() {
	local key=$1 n total=0

	shift
	for n in "$@"; do
		total=$((total + $(fig "$n" "$key")))
	done
	echo "$total"
}

# shellcheck disable=SC2317 # called by the workers
rand() {
	echo $((RANDOM % ($2 - $1 + 1) + $1))
}

# bearer_flapper: node3's bearer off and on until the deadline; ends on.
# shellcheck disable=SC2317 # run through worker
bearer_flapper() {
	local flips=0 fails=0

	while [ "$SECONDS" -lt $((DEADLINE - 5)) ]; do
		sleep "$(rand 3 8)"
		on node3 tipc bearer disable media eth device eth0 || fails=$((fails + 1))
		sleep "$(rand 1 4)"
		on node3 tipc bearer enable media eth device eth0 || fails=$((fails + 1))
		flips=$((flips + 1))
	done
	# Whatever happened: the bearer must be on for the checks afterwards
	on node3 tipc bearer list 2>/dev/null | grep -q eth0 ||
		on node3 tipc bearer enable media eth device eth0
	echo "figures: flips=$flips fails=$fails"
}

# netns_cycler: node5 up (a server bound, a policy set), then down, until
# the deadline; ends down.
# shellcheck disable=SC2317 # run through worker
netns_cycler() {
	local cycles=0 fails=0 pid i v5

	v5=$(veth node5)

	while [ "$SECONDS" -lt $((DEADLINE - 15)) ]; do
		if ! node_up node5; then
			fails=$((fails + 1))
			node_down node5
			sleep 2
			continue
		fi
		ip netns exec "$(ns node5)" python3 "$SOAK" serve node5 "$T" "$TC" 3600 \
			</dev/null >>"$WORK_DIR/node5-serve.log" 2>&1 &
		pid=$!
		echo "$pid" >"$WORK_DIR/node5.pid"
		"$TIPC_LB_CLI" -n "$(ns node5)" policy set type "$T" \
			"$(shuf -n1 -e rr weighted least sorted hash)" ||
			fails=$((fails + 1))
		"$TIPC_LB_CLI" -n "$(ns node5)" policy set default least || fails=$((fails + 1))
		sleep "$(rand 6 12)"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		: >"$WORK_DIR/node5.pid"
		if [ $((cycles % 2)) = 0 ]; then
			# The netns first: its bearer and links go with it
			ip netns del "$(ns node5)" || fails=$((fails + 1))
		else
			node_down node5
		fi
		# Its devices leave asynchronously; its veth is needed again
		for ((i = 0; i < 300; i++)); do
			[ -e "/sys/class/net/$v5" ] || break
			sleep 0.2
		done
		[ -e "/sys/class/net/$v5" ] && { fails=$((fails + 1)); node_down node5; }
		cycles=$((cycles + 1))
		sleep "$(rand 1 3)"
	done
	echo "figures: recreations=$cycles fails=$fails"
}

# conns_zero NODE...: every publication listed by "stats" (types with a
# policy) shows 0 connections; CONNS_BAD gets the others.
CONNS_BAD=
conns_zero() {
	local n out

	CONNS_BAD=
	for n in "$@"; do
		out=$(lb_cli "$n" -j stats 2>&1) || { CONNS_BAD+="$n: $out; "; continue; }
		out=$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(len(d), " ".join("%s:%d:%s:%d-%d=%d" % (e["node-id"], e["port"], e["type"],
                   e["lower"], e["upper"], e["conns"]) for e in d if e["conns"]))
' "$out" 2>&1) || { CONNS_BAD+="$n: $out; "; continue; }
		CONNS_LISTED=$((CONNS_LISTED + ${out%% *}))
		out=${out#* }
		[ -z "$out" ] || CONNS_BAD+="$n: $out; "
	done
	[ -z "$CONNS_BAD" ]
}

ensure_progs || ktap_skip_all "cannot build the test programs"
python3 -c 'import socket; socket.AF_TIPC' 2>/dev/null ||
	ktap_skip_all "python3 without AF_TIPC"
lb_require_policy least
lb_require_policy hash
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
diag "cluster up after $SECONDS s"
dmesg_mark

# --- the soak ----------------------------------------------------------------
START=$SECONDS
DEADLINE=$((SECONDS + SOAK_SECS))
# Python starts slowly under TCG, slower still on the debug kernel
SPAWN_TIMEOUT=120
for n in node2 node3; do
	spawn_server "$n" "$WORK_DIR/serve-$n.log" '^ready$' "tipc_soak.py serve" \
		python3 "$SOAK" serve "$n" $T $TC "$SOAK_SECS" ||
		{ ktap_fail "soak server on $n"; ktap_finish; }
done
for n in node1 node4; do
	worker "rdm-$n" "$n" python3 "$SOAK" rdm $T "$SOAK_SECS"
	worker "conn-$n" "$n" python3 "$SOAK" conn $TC $T "$SOAK_SECS"
done
# node5's netns name, known here before the workers make and delete it
ns_fresh node5 && node_down node5
worker config - python3 "$SOAK" config "$TIPC_LB_CLI" "$SOAK_SECS" \
	"$(ns node1)" "$(ns node4)" "$(ns node1)" "$(ns node4)" "$(ns node2)" "$(ns node5)" -- $T \
		$TC
worker bearer - bearer_flapper
worker netns - netns_cycler
"$TIPC_LB_CLI" -n "$(ns node4)" -t monitor </dev/null >"$WORK_DIR/monitor.log" 2>&1 &
MONITOR_PID=$!
diag "soak: $SOAK_SECS s of churn, ${#WORKER_PIDS[@]} workers and 2 servers"

# Every worker ends by itself after the deadline; the slowest (the netns
# cycler's last deletion, a CLI call) gets a generous bound.
bound=$((DEADLINE + 180))
while [ $SECONDS -lt $bound ]; do
	alive=0
	for pid in "${WORKER_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null && alive=$((alive + 1))
	done
	[ $alive = 0 ] && break
	sleep 1
done
bad=()
for i in "${!WORKER_PIDS[@]}"; do
	pid=${WORKER_PIDS[$i]}
	if kill -0 "$pid" 2>/dev/null; then
		proc_stuck "$pid" "$WORK_DIR/${WORKER_NAMES[$i]}.log"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		bad+=("${WORKER_NAMES[$i]} (running $((SECONDS - DEADLINE)) s after the deadline)")
		continue
	fi
	wait "$pid"
	rc=$?
	[ $rc = 0 ] || bad+=("${WORKER_NAMES[$i]} (exit $rc)")
done
kill -TERM $MONITOR_PID 2>/dev/null
wait $MONITOR_PID 2>/dev/null
SOAK_WALL=$((SECONDS - START))
if [ ${#bad[@]} = 0 ]; then
	ktap_ok "soak: ${#WORKER_PIDS[@]} workers ran $SOAK_SECS s and exited 0 ($SOAK_WALL s wall)"
else
	ktap_fail \
		"soak: ${#WORKER_PIDS[@]} workers ran $SOAK_SECS s and exited 0 ($SOAK_WALL s wall)"
	diag "the soak's servers:"
	proc_stuck "${SERVER_PIDS[0]}" "$WORK_DIR/serve-node2.log"
	proc_stuck "${SERVER_PIDS[1]}" "$WORK_DIR/serve-node3.log"
	for w in "${bad[@]}"; do
		diag "$w:" "$(tail -n 15 "$WORK_DIR/${w%% *}.log")"
	done
fi
killed=$(fig config cli_killed)
hung=$(fig config cli_hung)
if [ "$killed" = 0 ] && [ "$hung" = 0 ]; then
	ktap_ok "soak: no CLI call died of a signal or hung"
else
	ktap_fail "soak: no CLI call died of a signal or hung"
	diag "$killed killed, $hung hung" "$(tail -n 20 "$WORK_DIR/config.log")"
fi

# --- figures -----------------------------------------------------------------
diag "soak figures ($SOAK_SECS s of churn, $SOAK_WALL s wall):" \
     "  RDM requests: $(sum sent rdm-node1 rdm-node4) sent,$(
	) $(sum answered rdm-node1 rdm-node4) answered,$(
	) $(sum noroute rdm-node1 rdm-node4) no route,$(
	) $(sum timeouts rdm-node1 rdm-node4) unanswered;$(
	) $(sum mcast rdm-node1 rdm-node4) multicasts" \
     "  connections: $(sum opened conn-node1 conn-node4) opened,$(
	) $(($(sum connect_fail conn-node1 conn-node4) +
	     $(sum reply_fail conn-node1 conn-node4))) failed to open$(
	) ($(sum implied conn-node1 conn-node4) implied connects tried),$(
	) $(sum requests conn-node1 conn-node4) requests on them$(
	) ($(sum req_fail conn-node1 conn-node4) broken)" \
     "  config: $(fig config changes) changes,$(
	) $(fig config batches) batches ($(fig config batch_lines) lines),$(
	) $(fig config flushes) flushes, $(fig config resets) stats resets,$(
	) $(fig config dumps) dumps$(
	) (up to $(fig config max_conns) connections counted),$(
	) $(fig config refused) refused;$(
	) $(wc -l <"$WORK_DIR/monitor.log") monitor lines" \
     "  servers (node2+node3): $(sum binds serve-node2 serve-node3) binds,$(
	) $(sum unbinds serve-node2 serve-node3) withdrawals,$(
	) $(sum closes serve-node2 serve-node3) sockets closed,$(
	) $(sum accepts serve-node2 serve-node3) connections accepted,$(
	) $(sum conn_kills serve-node2 serve-node3) closed by them;$(
	) $(sum bound serve-node2 serve-node3) names left bound" \
     "  bearer flips (node3): $(fig bearer flips),$(
	) netns re-creations (node5): $(fig netns recreations);$(
	) failures of those: $(($(fig bearer fails) + $(fig netns fails)))"

# --- afterwards ----------------------------------------------------------------
# node3's bearer was last enabled moments ago: links get a longer bound
LINK_TIMEOUT=$((LINK_TIMEOUT * 3))
ktap_check "links between node1..node4 up again" wait_links
ktap_check "node5 is gone" test ! -e "/run/netns/$(ns node5)"

# Connection counts: the clients closed everything; least on both types
# on every node so that stats list every publication.
ok=1
for n in $NODES; do
	lb_cli "$n" policy set type $T least && lb_cli "$n" policy set type $TC least || ok=0
done
ktap_check "policy set type $T and $TC least on node1..node4" test $ok = 1
deadline=$((SECONDS + 30))
CONNS_LISTED=0
# shellcheck disable=SC2086 # a list
until conns_zero $NODES || [ $SECONDS -ge $deadline ]; do
	CONNS_LISTED=0
	sleep 1
done
if [ -z "$CONNS_BAD" ] && [ "$CONNS_LISTED" -gt 0 ]; then
	ktap_ok "every connection count back to 0 ($CONNS_LISTED publications listed)"
else
	ktap_fail "every connection count back to 0 ($CONNS_LISTED publications listed)"
	diag "$CONNS_BAD"
fi

# Counting still works: 3 connections from node4 show as 3, then 0
ok=0
if conn_start node4 $TC 4 && conn_cmd open && conn_cmd open && conn_cmd open; then
	CONNS_LISTED=0
	conns_zero node4
	open3=$CONNS_BAD
	conn_cmd list
	conn_stop
	CONNS_LISTED=0
	if python3 -c '
import re, sys
print(sys.argv[1])
assert sum(int(n) for n in re.findall(r"=(\d+)", sys.argv[1])) == 3
' "$open3" >/dev/null 2>&1 && conns_zero node4; then
		ok=1
	fi
else
	conn_stop
fi
if [ $ok = 1 ]; then
	ktap_ok "least on node4: 3 connections opened counted as 3, closed back to 0"
else
	ktap_fail "least on node4: 3 connections opened counted as 3, closed back to 0"
	diag "open: ${open3:-} ${CONN_REPLY:-}" "closed: $CONNS_BAD"
fi

# The soak's types, the churn over (servers still bound): every request
# answered, by node2 and node3 only
for n in node1 node4; do
	lb_cli "$n" policy set type $T rr
	client "$n" $T 10 20
	if [ "$CLI_RC" = 0 ] && ! tr ' ' '\n' <<<"$CLI_SERVED" | grep -vqE '^(node2|node3)=|^$'; \
		then
		ktap_ok "$n: 20 requests to {$T,10} after the soak answered ($CLI_SERVED)"
	else
		ktap_fail "$n: 20 requests to {$T,10} after the soak answered"
		diag "exit $CLI_RC" "$CLI_OUT" "the soak's servers:"
		proc_stuck "${SERVER_PIDS[0]}" "$WORK_DIR/serve-node2.log"
		proc_stuck "${SERVER_PIDS[1]}" "$WORK_DIR/serve-node3.log"
		diag "$(on "$n" tipc link list 2>&1)" \
			"$(on "$n" tipc nametable show 2>&1 | awk -v t=$T '$1 == t')"
	fi
done
stop_server

# A fresh type under each policy, from node4 (its configuration as the
# churn left it, the default policy included)
ok=1
for n in node1 node2 node3; do
	start_server "$n" $TF 0 10 || ok=0
done
ktap_check "servers on node1..node3 bound {$TF,0,10}" test $ok = 1
lb_cli node4 policy set type $TF rr
client node4 $TF 4 30
expect_served "rr: 30 requests split 10/10/10" "node1=10 node2=10 node3=10"
lb_cli node4 weight set type $TF node node1 weight 2
lb_cli node4 policy set type $TF weighted
client node4 $TF 4 40
expect_served "weighted (node1 weight 2): 40 requests split 20/10/10" "node1=20 node2=10 node3=10"
lb_cli node4 weight del type $TF node node1
lb_cli node4 policy set type $TF least
client node4 $TF 4 30
expect_served "least (datagrams as weighted): 30 requests split 10/10/10" \
	"node1=10 node2=10 node3=10"
lb_cli node4 priority set type $TF node node2 priority 0
lb_cli node4 policy set type $TF sorted
client node4 $TF 4 10
expect_served "sorted (node2 priority 0): 10 requests to node2" "node2=10"
lb_cli node4 policy set type $TF hash
client node4 $TF 7 10
if [ "$CLI_RC" = 0 ] && grep -qE '^node[123]=10$' <<<"$CLI_SERVED"; then
	ktap_ok "hash: 10 requests to {$TF,7} all to one server ($CLI_SERVED)"
else
	ktap_fail "hash: 10 requests to {$TF,7} all to one server"
	diag "exit $CLI_RC" "$CLI_OUT"
fi
stop_server

diag "checks after the soak: $((SECONDS - START - SOAK_WALL)) s"
expect_clean_dmesg "no WARNING, BUG, lockdep, KASAN, UBSAN or stall in the kernel log"

# kmemleak (kcheck.sh): two scans, then what is unreferenced and was
# allocated from tipc (since boot or the last check: run.sh checks too)
if kmemleak_available; then
	leaks=$(kmemleak_tipc)
	if [ -z "$leaks" ]; then
		ktap_ok "kmemleak: no unreferenced object from tipc"
	else
		ktap_fail "kmemleak: no unreferenced object from tipc"
		diag "$(head -n 60 <<<"$leaks")"
	fi
else
	ktap_skip "kmemleak: no unreferenced object from tipc" "kernel without kmemleak"
fi

ktap_finish
