#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown with policies configured: rr policies in several netns, one netns
# deleted while its policy is set, then the modules unloaded while the other
# netns still have policies, bearers and links.  The kernel log must not gain
# any WARNING/BUG/Oops/KASAN/refcount line.
#
# Under load (issue 10, item 7): rmmod tipc while servers answer a client
# loop, stream connections open and close under the least policy and
# policies of every kind are set: the unload is either refused (the
# sockets hold the module: "in use") and then everything still works, or
# clean.  Then 20 cycles of insmod tipc.ko and its diag module, policies
# and 1000 weight and 1000 priority entries in each of two netns joined by
# a veth, a bearer enabled in each (every fifth cycle the link comes up
# too), rmmod (a slow kernel stops at a time budget, after 10 cycles at
# least).  No leak: the accounted slab usage (kmalloc-cg-*, where the
# entries live, see tipc_lb_priv.sh) after the last cycle is within 1 MiB
# of its level after cycle 5 (leaking the entries alone would add 512 KiB
# a cycle).  With kmemleak: no object of tipc.ko unreferenced after the
# rmmod that follows the load, none before the last rmmod of the cycles,
# none after it.  An unloaded module's frames are bare addresses: where
# each tipc.ko was loaded (/proc/modules) is noted, and an object with an
# address of its allocation backtrace in one of them is tipc's.  The
# cycles need the modules' directory (VMRUN_MODDIR, set by
# tools/vm/vm-run) to reload from, or are skipped.
#
# This unloads tipc: run.sh runs it last.
# Runs for up to 1800 s: within the timeout of settings
source "$(dirname "$0")/lib.sh"

TYPE=1000
TYPE2=2000
TYPE3=3000
BAD='WARNING|BUG|Oops|KASAN|refcount|general protection|list_(add|del) corruption'
MODDIR=${VMRUN_MODDIR:-}
DIAG=${VMRUN_DIAG:-tipc_diag}
CYCLES=${TIPC_LB_TEARDOWN_CYCLES:-20}
BASE_CYCLE=5
LEAK_SLACK=$((1024 * 1024))
KMEMLEAK=/sys/kernel/debug/kmemleak
# Slow (debug) kernels stop the cycles once this is spent, after at least
# BASE_CYCLE + 5 of them
BUDGET=${TIPC_LB_TEARDOWN_BUDGET:-600}

ensure_progs || ktap_skip_all "cannot build the test programs"
ensure_prog tipc_conn || ktap_skip_all "cannot build tipc_conn"
[ -d /sys/module/tipc ] || ktap_skip_all "tipc module not loaded"
dmesg_before=$(dmesg | wc -l)

# What the earlier tests left unreferenced: reported here, once, as the
# runner did before this test
if kmemleak_available; then
	leaks=$(kmemleak_tipc)
	if [ -z "$leaks" ]; then
		ktap_ok "kmemleak: no object from tipc unreferenced before the teardown test"
	else
		ktap_fail "kmemleak: no object from tipc unreferenced before the teardown test"
		diag "$(head -n 40 <<<"$leaks")"
	fi
fi

# kmemleak: what earlier tests left is theirs (reported above, then
# ignored); where the loaded tipc.ko lives, for the bare addresses of its
# backtraces once it is unloaded ("BASE SIZE" lines)
kml_reason=
if [ ! -e $KMEMLEAK ]; then
	kml_reason="no $KMEMLEAK (kernel without CONFIG_DEBUG_KMEMLEAK)"
elif ! { echo scan >$KMEMLEAK && echo clear >$KMEMLEAK; } 2>/dev/null; then
	kml_reason="kmemleak is disabled"
fi
awk '$1 == "tipc" { print $6, $2 }' /proc/modules >"$WORK_DIR/ranges"

# kmemleak's report, only the objects with "tipc" in their backtrace
# (not the comm line: the tipc and tipc-lb tools are no evidence) or an
# address of it inside a range of $WORK_DIR/ranges ("BASE SIZE" lines,
# BASE in hex, from /proc/modules)
kml_tipc() {
	python3 -c '
import re, sys
ranges = []
for line in open(sys.argv[1]):
    base, size = line.split()
    ranges.append((int(base, 16), int(base, 16) + int(size)))
rep = open(sys.argv[2]).read().split("unreferenced object")
for r in rep[1:]:
    bt = [l for l in r.splitlines() if "[<" in l]
    addrs = [int(a, 16) for l in bt for a in re.findall(r"\[<([0-9a-f]+)>\]", l)]
    if any("tipc" in l for l in bt) or \
       any(lo <= a < hi for a in addrs for lo, hi in ranges):
        print("unreferenced object" + r.rstrip())
' "$WORK_DIR/ranges" "$KMEMLEAK"
}

# shellcheck disable=SC2317  # run by the trap
teardown_cleanup() {
	[ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null
	ip netns del "$(ns lbt1)" 2>/dev/null
	ip netns del "$(ns lbt2)" 2>/dev/null
	lib_cleanup
}
trap teardown_cleanup EXIT

cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published"; ktap_finish; }
done
client node4 $TYPE 4 30
ktap_check "cluster serves {$TYPE,4} before teardown" test "$CLI_RC" = 0

have_lb=0
if lb_available node4; then
	have_lb=1
	ok=1
	for n in node1 node2 node3 node4; do
		lb_cli "$n" policy set type $TYPE rr || ok=0
		lb_cli "$n" policy set type $TYPE2 rr || ok=0
	done
	ktap_check "rr policies for types $TYPE and $TYPE2 set in node1..node4" test $ok = 1
	client node4 $TYPE 4 30
	ktap_check "node4 still serves {$TYPE,4} with rr set" test "$CLI_RC" = 0
else
	ktap_skip "rr policies set in node1..node4" "$LB_REASON"
fi

# Delete node3's netns with its server and policy in place.  The server
# process keeps the netns alive until it exits, so stop it first and give
# the (asynchronous) netns cleanup a bounded moment.
stop_server "${SERVER_PIDS[2]}"
if ip netns del "$(ns node3)"; then
	ktap_ok "netns node3 deleted with its policy configured"
else
	ktap_fail "netns node3 deleted with its policy configured"
fi
wait_unpubl node4 $TYPE 0 10 node3 ||
	diag "node3's publication still visible on node4"
# The nodes left, where start_server waits for publications
NODES="node1 node2 node4"
client node4 $TYPE 4 20
expect="node1=10 node2=10"
if [ "$CLI_RC" = 0 ] && [ "$(served_sorted)" = "$expect" ]; then
	ktap_ok "after node3 left, node4 splits {$TYPE,4} between node1 and node2"
else
	ktap_fail "after node3 left, node4 splits {$TYPE,4} between node1 and node2"
	diag "expected '$expect', got '$(served_sorted)' (exit $CLI_RC)" "$CLI_OUT"
fi
[ $have_lb = 1 ] &&
	ktap_check "policy show still works in node4" eval 'lb_cli node4 policy show >/dev/null'

# ---------------------------------------------------------------------------
# rmmod under load: node1 and node2 serve $TYPE (rr on node4) and, as
# stream servers, $TYPE3 (least on node4, with weights); node4 runs a
# client loop (datagrams, and connections opened and closed) and holds two
# connections open.  The diag module goes first (it holds tipc and has no
# sockets); rmmod of tipc itself is tried while all that runs.
if [ $have_lb = 1 ]; then
	ok=1
	printf '%s\n' "policy set type $TYPE3 least weight-source width" \
		"weight set type $TYPE3 node node1 weight 2" \
		"policy set type $((TYPE3 + 1)) sorted" \
		"priority set type $((TYPE3 + 1)) node node2 priority 1" \
		"policy set type $((TYPE3 + 2)) hash" \
		"policy set type $((TYPE3 + 3)) weighted weight 4" \
		"policy set default weighted" | lb_cli node4 -b - || ok=0
	ktap_check "node4: least, sorted, hash, weighted and default policies set" test $ok = 1
fi
ok=1
start_sserver node1 $TYPE3 0 10 || ok=0
start_sserver node2 $TYPE3 0 10 || ok=0
{ conn_start node4 $TYPE3 3 && conn_cmd open && conn_cmd open; } || ok=0
ktap_check "stream servers of $TYPE3 on node1, node2; node4 holds 2 connections" test $ok = 1
save_before=$(lb_cli node4 save 2>&1)

# The load, until $WORK_DIR/stop exists; it counts rounds and failures
# shellcheck disable=SC2317  # run in the background
load_loop() {
	local rounds=0 bad=0

	while [ ! -e "$WORK_DIR/stop" ]; do
		on node4 timeout 30 "$TIPC_CLI" -t $TYPE -i 4 -n 10 -w 3000 \
			>/dev/null 2>&1 || bad=$((bad + 1))
		printf 'open\nopen\nopen\nquit\n' |
			on node4 timeout 30 "$TIPC_CONN" -t $TYPE3 -i 5 -w 3000 2>&1 |
			grep -q error && bad=$((bad + 1))
		rounds=$((rounds + 1))
	done
	echo "$rounds $bad" >"$WORK_DIR/load"
}
rm -f "$WORK_DIR/stop" "$WORK_DIR/load"
load_loop &
LOAD_PID=$!

sleep 2
users=$(ls /sys/module/tipc/holders)
# shellcheck disable=SC2086  # module names
rmmod $users 2>&1 || diag "rmmod $users failed"
refused=0
unloaded=0
out=
for _ in 1 2 3 4 5; do
	if out=$(rmmod tipc 2>&1); then
		unloaded=1
		break
	fi
	refused=$((refused + 1))
	sleep 0.5
done
if [ $unloaded = 1 ]; then
	ktap_ok "rmmod tipc under load: clean (after $refused refusals)"
elif [ -d /sys/module/tipc ] && [ "$(cat /sys/module/tipc/refcnt)" -gt 0 ] &&
     grep -qi 'in use' <<<"$out"; then
	refs=$(cat /sys/module/tipc/refcnt)
	ktap_ok "rmmod tipc under load: refused 5 times, in use ($refs references)"
else
	ktap_fail "rmmod tipc under load: refused (in use) or clean"
	diag "$out" "$(lsmod | grep -E '^tipc')"
fi
sleep 1
touch "$WORK_DIR/stop"
for ((i = 0; i < 120; i++)); do
	kill -0 $LOAD_PID 2>/dev/null || break
	sleep 0.5
done
kill $LOAD_PID 2>/dev/null
wait $LOAD_PID 2>/dev/null
LOAD_PID=
read -r rounds bad <"$WORK_DIR/load" 2>/dev/null || { rounds=0; bad=unknown; }
if [ $unloaded = 1 ]; then
	ktap_skip "the load and configuration still work after the refused rmmod" "rmmod succeeded"
else
	if [ "$rounds" -gt 0 ] && [ "$bad" = 0 ]; then
		ktap_ok "client loop: $rounds rounds, no failed call around the rmmod attempts"
	else
		ktap_fail "client loop: no failed call around the rmmod attempts"
		diag "$rounds rounds, $bad failed"
	fi
	client node4 $TYPE 4 20
	expect_served "after the refused rmmod, rr on node4 splits {$TYPE,4}" "node1=10 node2=10"
	if conn_cmd list && [ "$(wc -w <<<"$CONN_REPLY")" = 3 ] && conn_cmd open; then
		ktap_ok "the held connections are still open, a new one opens"
	else
		ktap_fail "the held connections are still open, a new one opens"
		diag "$CONN_REPLY"
	fi
	save_after=$(lb_cli node4 save 2>&1)
	if [ -n "$save_before" ] && [ "$save_after" = "$save_before" ]; then
		ktap_ok "node4's configuration unchanged by the refused rmmod"
	else
		ktap_fail "node4's configuration unchanged by the refused rmmod"
		diag "before:" "$save_before" "after:" "$save_after"
	fi
fi
conn_stop

# Unload with policies, bearers and links still configured in node1, node2
# and node4.  Sockets hold module references, so the servers go first; a
# closed socket may hold its reference a moment longer: bounded retries.
# The diag module is tipc_diag, or diag in 6.1: take the users of tipc.
stop_server
if [ -d /sys/module/tipc ]; then
	for ((i = 0; i < 20; i++)); do
		users=$(ls /sys/module/tipc/holders 2>/dev/null)
		# shellcheck disable=SC2086  # module names
		out=$(rmmod $users tipc 2>&1) && break
		sleep 0.5
	done
	if [ ! -d /sys/module/tipc ]; then
		ktap_ok "rmmod tipc and its diag module with policies configured"
	else
		ktap_fail "rmmod tipc and its diag module with policies configured"
		diag "$out" "$(lsmod | grep -E '^tipc')"
	fi
fi
ktap_check "tipc module is gone" test ! -d /sys/module/tipc
cluster_down
if [ -n "$kml_reason" ]; then
	ktap_skip "kmemleak: no object of the unloaded tipc.ko unreferenced" "$kml_reason"
else
	# Reported once older than 5 s; two scans settle it
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(kml_tipc)
	if [ -z "$leaks" ]; then
		ktap_ok "kmemleak: no object of the unloaded tipc.ko unreferenced"
	else
		ktap_fail "kmemleak: no object of the unloaded tipc.ko unreferenced"
		diag "$(head -n 60 <<<"$leaks")"
	fi
	echo clear >$KMEMLEAK
fi

# ---------------------------------------------------------------------------
# insmod, configure, rmmod: CYCLES times

# Bytes in the kmalloc-cg-* caches: the accounted allocations
cg_bytes() {
	awk '$1 ~ /^kmalloc-cg-/ { s += $2 * $4 } END { printf "%d\n", s }' /proc/slabinfo
}

# One cycle: insmod, TIPC and tipc-lb configured in lbt1 and lbt2, rmmod
cycle() {
	local i=$1 n m

	insmod "$MODDIR/tipc.ko" || return 1
	insmod "$MODDIR/$DIAG.ko" || return 1
	# Where this tipc.ko lives, for kmemleak's bare addresses
	awk '$1 == "tipc" { print $6, $2 }' /proc/modules >>"$WORK_DIR/ranges"
	for n in 1 2; do
		# shellcheck disable=SC2016  # expanded by the inner shell
		on lbt$n sh -c 'tipc node set identity "$1" &&
			tipc bearer enable media eth device "$2" &&
			"$3" -b "$4"' sh lbt$n lbtv$n "$TIPC_LB_CLI" "$WORK_DIR/big.conf" ||
			return 1
	done
	if [ $((i % 5)) = 0 ]; then
		NODES="lbt1 lbt2"
		wait_links || return 1
		NODES="node1 node2 node4"
	fi
	if [ "$i" = "$last" ] && [ -z "$kml_reason" ]; then
		sleep 6
		echo scan >$KMEMLEAK
		kml_loaded=$(kml_tipc)
	fi
	for m in $DIAG tipc; do
		for ((n = 0; n < 20; n++)); do
			rmmod "$m" 2>/dev/null && break
			sleep 0.5
		done
		[ ! -d "/sys/module/$m" ] || { echo "rmmod $m failed" >&2; return 1; }
	done
}

if [ -z "$MODDIR" ] || [ ! -r "$MODDIR/tipc.ko" ] || [ ! -r "$MODDIR/$DIAG.ko" ]; then
	ktap_skip "$CYCLES cycles of insmod, configuration in 2 netns, rmmod" \
		"no module directory to reload from (VMRUN_MODDIR)"
elif [ $have_lb = 0 ]; then
	ktap_skip "$CYCLES cycles of insmod, configuration in 2 netns, rmmod" "$LB_REASON"
else
	{
		echo "policy set default rr"
		echo "policy set type $TYPE weighted weight-source width"
		echo "policy set type $TYPE2 least"
		echo "policy set type $TYPE3 sorted"
		echo "policy set type $((TYPE3 + 1)) hash"
		for p in $(seq 1 1000); do
			echo "weight set type $TYPE node 1.1.$((p % 8 + 1)) port $p" \
			     "weight $((p % 100))"
			echo "priority set type $TYPE3 node lbt$((p % 2 + 1)) port $p priority $p"
		done
	} >"$WORK_DIR/big.conf"
	lbt1=''
	lbt2=''
	{ ns_setup lbt1 lbt2 &&
	  ip link add lbtv1 netns "$lbt1" type veth peer name lbtv2 netns "$lbt2" &&
	  ip -n "$lbt1" link set lbtv1 up && ip -n "$lbt2" link set lbtv2 up; } ||
		diag "cannot set up netns lbt1, lbt2"
	kml_loaded=
	base=
	ran=0
	last=$CYCLES
	t0=$SECONDS
	for ((i = 1; i <= last; i++)); do
		# The last cycle: the budget may end them earlier
		if [ $((SECONDS - t0)) -ge "$BUDGET" ] &&
		   [ $i -ge $((BASE_CYCLE + 5)) ] && [ $i -lt "$CYCLES" ]; then
			diag "the time budget of $BUDGET s is spent: cycle $i is the last"
			last=$i
		fi
		if ! cycle $i; then
			ktap_fail "cycle $i of insmod, configuration in 2 netns, rmmod"
			diag "$(lsmod | grep -E '^tipc|^diag')"
			break
		fi
		[ $((i % 5)) = 0 ] && diag "cycle $i done, $((SECONDS - t0)) s"
		if [ $i = $BASE_CYCLE ]; then
			sleep 2
			base=$(cg_bytes)
			for _ in 1 2 3 4; do
				sleep 0.5
				b=$(cg_bytes)
				[ "$b" -lt "$base" ] && base=$b
			done
		fi
		ran=$i
	done
	[ "$ran" = "$last" ] &&
		ktap_ok "$ran cycles: insmod, configuration in 2 netns, rmmod ($((SECONDS - t0)) s)"
	ip netns del "$lbt1"
	ip netns del "$lbt2"

	if [ "$CYCLES" -lt $((BASE_CYCLE + 5)) ]; then
		ktap_skip "accounted slab usage back to its level after cycle $BASE_CYCLE" \
			"$CYCLES cycles: it needs $((BASE_CYCLE + 5)), base after cycle $BASE_CYCLE"
	elif [ -z "$base" ]; then
		ktap_fail "accounted slab usage back to its level after cycle $BASE_CYCLE"
	else
		deadline=$((SECONDS + 90))
		while now=$(cg_bytes) && [ "$now" -gt $((base + LEAK_SLACK)) ] &&
		      [ $SECONDS -lt $deadline ]; do
			sleep 1
		done
		msg="accounted slab usage (kmalloc-cg-*) after cycle $ran"
	msg+=" within $((LEAK_SLACK / 1024)) KiB of cycle $BASE_CYCLE's"
		if [ "$now" -le $((base + LEAK_SLACK)) ]; then
			ktap_ok "$msg ($(((now - base) / 1024)) KiB)"
		else
			ktap_fail "$msg"
			diag "after cycle $BASE_CYCLE: $base bytes, now $now" \
			     "$(grep '^kmalloc-cg-' /proc/slabinfo)"
		fi
	fi

	if [ -n "$kml_reason" ]; then
		ktap_skip "kmemleak: no tipc object unreferenced before the last rmmod" \
			"$kml_reason"
		ktap_skip "kmemleak: no object from the cycles' tipc.ko unreferenced after it" \
			"$kml_reason"
	else
		if [ -z "$kml_loaded" ]; then
			ktap_ok "kmemleak: no tipc object unreferenced before the last rmmod"
		else
			ktap_fail "kmemleak: no tipc object unreferenced before the last rmmod"
			diag "$(head -n 60 <<<"$kml_loaded")"
		fi
		sleep 6
		echo scan >$KMEMLEAK
		echo scan >$KMEMLEAK
		leaks=$(kml_tipc)
		if [ -z "$leaks" ]; then
			ktap_ok "kmemleak: no object from the cycles' tipc.ko unreferenced after it"
		else
			ktap_fail \
				"kmemleak: no object from the cycles' tipc.ko unreferenced after it"
			diag "$(head -n 60 <<<"$leaks")"
		fi
	fi
fi

new=$(dmesg | tail -n +$((dmesg_before + 1)))
bad=$(grep -E "$BAD" <<<"$new")
if [ -z "$bad" ]; then
	ktap_ok "no WARNING/BUG/Oops/KASAN/refcount in dmesg"
else
	ktap_fail "no WARNING/BUG/Oops/KASAN/refcount in dmesg"
	diag "$new"
fi

ktap_finish
