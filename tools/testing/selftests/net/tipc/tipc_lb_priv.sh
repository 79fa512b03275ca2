#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Privilege and namespaces (issue 10, item 6):
#   - without CAP_NET_ADMIN (uid 65534 through setpriv), every write
#     command of the tipc_lb family fails with EPERM, exactly (raw netlink,
#     tipc_lb_nl.py unpriv), and changes nothing: save is byte-identical
#     and the selection counters stay; every read works (policy get and
#     dump, default get, weight, priority and stats dumps); the CLI run
#     unprivileged exits non-zero with "Operation not permitted" for every
#     write and prints what root's reads print;
#   - in a user and network namespace of its own (unshare -Urn, and
#     tipc_lb_nl.py userns: root opens a socket in the initial netns, drops
#     to uid 65534, opens another, unshares CLONE_NEWUSER|CLONE_NEWNET), the
#     owner runs every write in its netns and sees the result there; through
#     either socket kept from the initial netns every write is EPERM and
#     reads still work; the initial netns's save is byte-identical;
#   - a netns deleted with a configuration (policies, a default, 1000
#     weight and 1000 priority entries) and live publications (servers
#     still bound, two connections open under the least policy), 20 times,
#     leaves nothing behind.  The check: the entries and configurations
#     are allocated with GFP_KERNEL_ACCOUNT, so they live in the
#     kmalloc-cg-* caches, which only accounted allocations use (little
#     noise, unlike Slab in /proc/meminfo).  Their usage (active objects
#     times object size, /proc/slabinfo) after cycle 5 is the baseline;
#     after the last cycle it must come back (a bounded wait: netns cleanup
#     and RCU frees are asynchronous) to within LEAK_SLACK, 512 KiB, of it.
#     A cycle's entries alone take 2000 x 128 bytes: leaking them over 15
#     cycles is 3.8 MB, over the 5 that a slow kernel may stop at (a time
#     budget) 1.3 MB; the noise (per-cpu slabs count as active) is tens of
#     KiB.  With kmemleak (debug kernels), a scan after the cycles must
#     show no unreferenced object with tipc in its allocation backtrace.
# The kernel log must stay clean.  Leaves every netns it used deleted and
# the initial netns's configuration empty.
# Runs for up to 1500 s: within the timeout of settings
source "$(dirname "$0")/lib.sh"

T=1000
CYCLES=${TIPC_LB_PRIV_CYCLES:-20}
BASE_CYCLE=5
LEAK_SLACK=$((512 * 1024))
# Slow (debug) kernels stop the cycles once this is spent, after at least
# BASE_CYCLE + 5 of them
BUDGET=${TIPC_LB_PRIV_BUDGET:-600}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
NL=$SELFTEST_DIR/tipc_lb_nl.py
# The helpers' NODES: the one netns of the first part (cluster_down, run
# by lib_cleanup, deletes it)
NODES=lbpriv
KMEMLEAK=/sys/kernel/debug/kmemleak
# The netns deleted and made again each cycle: a unique name of its own,
# known to on, lb_cli, client... as lbdel (no setup_ns in the loop: its
# clean-up of the old netns costs several commands a cycle)
NS_OF["lbdel"]=lbdel-$LB_SUF

lb_require_policy weighted
ensure_progs || ktap_skip_all "cannot build the test programs"
ensure_prog tipc_conn || ktap_skip_all "cannot build tipc_conn"
command -v setpriv >/dev/null || ktap_skip_all "no setpriv (util-linux)"
command -v unshare >/dev/null || ktap_skip_all "no unshare (util-linux)"
"${NOBODY[@]}" test -r "$TIPC_LB_CLI" -a -x "$TIPC_LB_CLI" -a -r "$NL" ||
	ktap_skip_all "uid 65534 cannot run $TIPC_LB_CLI or read $NL"

# shellcheck disable=SC2317  # run by the trap
priv_cleanup() {
	"$TIPC_LB_CLI" flush >/dev/null 2>&1
	ip netns del "$(ns lbdel)" 2>/dev/null
	lib_cleanup
}
trap priv_cleanup EXIT

dmesg_mark
if [ -n "$("$TIPC_LB_CLI" save 2>&1)" ]; then
	diag "the initial netns was not empty: flushed" "$("$TIPC_LB_CLI" save 2>&1)"
	"$TIPC_LB_CLI" flush
fi

# The configuration both parts read (tipc_lb_nl.py's writes() would change
# every line of it)
cat >"$WORK_DIR/conf" <<EOF
policy set default rr
policy set type $T weighted weight 2
policy set type $((T + 1)) sorted
weight set type $T node 1.1.1 port 1 weight 3
weight set type $T node node2 weight 4
priority set type $T node 1.1.1 port 1 priority 5
priority set type $((T + 1)) node node2 priority 1
EOF
chmod 644 "$WORK_DIR/conf"

# ---------------------------------------------------------------------------
# Unprivileged, in a netns of root's with live publications and selections
ns_setup lbpriv || ktap_skip_all "cannot create a netns"
on lbpriv sh -c "ip link set lo up && tipc node set identity lbpriv" ||
	{ ktap_fail "lbpriv: lo up, TIPC identity"; ktap_finish; }
if lb_cli lbpriv -b "$WORK_DIR/conf" && start_server lbpriv $T 0 10 srv0 &&
   start_server lbpriv $T 20 30 srv1; then
	ktap_ok "lbpriv: configuration applied, two servers of type $T bound"
else
	ktap_fail "lbpriv: configuration applied, two servers of type $T bound"
	ktap_finish
fi
client lbpriv $T 5 10
client lbpriv $T 25 10
ktap_check "lbpriv: 20 requests served under weighted" test "$CLI_RC" = 0

save_before=$(lb_cli lbpriv save 2>&1)
stats_before=$(lb_cli lbpriv stats show 2>&1)
out=$(on lbpriv "${NOBODY[@]}" timeout 120 python3 "$NL" unpriv $T 2>&1)
ktap_import "tipc_lb_nl.py unpriv" $? "$out"

# The CLI, unprivileged: every write refused with a message, nothing changed
CLI_WRITES=(
	"policy set type $T hash"
	"policy set type $((T + 100)) rr"
	"policy set default sorted"
	"policy del type $T"
	"policy del default"
	"weight set type $T node 1.1.1 port 1 weight 9"
	"weight set type $T node 1.1.9 weight 9"
	"weight del type $T node 1.1.1 port 1"
	"priority set type $T node 1.1.1 port 1 priority 9"
	"priority set type $T node 1.1.9 priority 9"
	"priority del type $T node 1.1.1 port 1"
	"stats reset type $T"
	"stats reset"
	"flush"
)
bad=()
for cmd in "${CLI_WRITES[@]}"; do
	# shellcheck disable=SC2086  # the command's words
	out=$(on lbpriv "${NOBODY[@]}" "$TIPC_LB_CLI" $cmd 2>&1)
	rc=$?
	if [ $rc = 0 ] || ! grep -q 'Operation not permitted' <<<"$out"; then
		bad+=("tipc-lb $cmd: exit $rc: $out")
	fi
done
if [ ${#bad[@]} = 0 ]; then
	ktap_ok "CLI unprivileged: ${#CLI_WRITES[@]} writes fail, 'Operation not permitted'"
else
	ktap_fail "CLI unprivileged: ${#CLI_WRITES[@]} writes fail, 'Operation not permitted'"
	diag "${bad[@]}"
fi
out=$(printf '%s\n' "${CLI_WRITES[@]}" | on lbpriv "${NOBODY[@]}" "$TIPC_LB_CLI" -force -b - 2>&1)
rc=$?
if [ $rc != 0 ] && [ "$(grep -c 'Operation not permitted' <<<"$out")" = ${#CLI_WRITES[@]} ]; then
	ktap_ok "CLI unprivileged: a batch of them (-force) fails each line, exits non-zero"
else
	ktap_fail "CLI unprivileged: a batch of them (-force) fails each line, exits non-zero"
	diag "exit $rc" "$out"
fi

bad=()
for cmd in "policy show" "policy show type $T" "policy show default" \
	   "weight show" "priority show type $T" "stats show" "save"; do
	# shellcheck disable=SC2086  # the command's words
	want=$(lb_cli lbpriv $cmd 2>&1)
	# shellcheck disable=SC2086
	got=$(on lbpriv "${NOBODY[@]}" "$TIPC_LB_CLI" $cmd 2>&1) ||
		bad+=("tipc-lb $cmd: exit $?: $got")
	[ "$got" = "$want" ] || bad+=("tipc-lb $cmd: root reads '$want', uid 65534 '$got'")
done
if [ ${#bad[@]} = 0 ]; then
	ktap_ok "CLI unprivileged: policy, weight, priority, stats show, save print as root's"
else
	ktap_fail "CLI unprivileged: policy, weight, priority, stats show, save print as root's"
	diag "${bad[@]}"
fi

save_after=$(lb_cli lbpriv save 2>&1)
if [ -n "$save_before" ] && [ "$save_after" = "$save_before" ]; then
	ktap_ok "lbpriv: save byte-identical after every refused write"
else
	ktap_fail "lbpriv: save byte-identical after every refused write"
	diag "before:" "$save_before" "after:" "$save_after"
fi
# The selections only grow (the unprivileged reads do not select)
stats_after=$(lb_cli lbpriv stats show 2>&1)
if [ "$stats_after" = "$stats_before" ]; then
	ktap_ok "lbpriv: stats unchanged (no reset went through)"
else
	ktap_fail "lbpriv: stats unchanged (no reset went through)"
	diag "before:" "$stats_before" "after:" "$stats_after"
fi
stop_server
cluster_down

# ---------------------------------------------------------------------------
# The owner of a user namespace: its own netns only
"$TIPC_LB_CLI" -b "$WORK_DIR/conf" ||
	{ ktap_fail "initial netns: configuration applied"; ktap_finish; }
init_before=$("$TIPC_LB_CLI" save 2>&1)

userns_reason=
if ! "${NOBODY[@]}" unshare -Urn true 2>/dev/null; then
	userns_reason="uid 65534 cannot unshare -Urn: $("${NOBODY[@]}" unshare -Urn true 2>&1)"
fi
if [ -n "$userns_reason" ]; then
	ktap_skip "namespace owner configures its own netns only" "$userns_reason"
else
	out=$(timeout 120 python3 "$NL" userns $T 2>&1)
	ktap_import "tipc_lb_nl.py userns" $? "$out"

	own="policy set type $((T + 2)) hash
weight set type $((T + 2)) node node1 weight 7"
	# shellcheck disable=SC2016  # expanded by the inner shell
	out=$("${NOBODY[@]}" unshare -Urn sh -c '
		"$1" policy set type "$2" hash &&
		"$1" weight set type "$2" node node1 weight 7 &&
		"$1" save' sh "$TIPC_LB_CLI" $((T + 2)) 2>&1)
	rc=$?
	if [ $rc = 0 ] && [ "$out" = "$own" ]; then
		ktap_ok "unshare -Urn, CLI: the owner sets a policy and a weight, sees them"
	else
		ktap_fail "unshare -Urn, CLI: the owner sets a policy and a weight, sees them"
		diag "exit $rc" "$out"
	fi
	# The init netns's socket, the CLI's way: the netns as a file.  The
	# owner may not even enter it (setns needs CAP_SYS_ADMIN over it).
	# shellcheck disable=SC2016  # expanded by the inner shell
	out=$("${NOBODY[@]}" unshare -Urn sh -c '
		nsenter --net=/proc/1/ns/net "$1" policy set type "$2" rr' \
		sh "$TIPC_LB_CLI" $((T + 3)) 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		ktap_ok "unshare -Urn: the owner cannot enter the initial netns to write (exit $rc)"
	else
		ktap_fail \
			"unshare -Urn: the owner cannot enter the initial netns to write (exit $rc)"
		diag "$out"
	fi
fi
init_after=$("$TIPC_LB_CLI" save 2>&1)
if [ "$init_after" = "$init_before" ]; then
	ktap_ok "initial netns: save byte-identical after the namespace owners' writes"
else
	ktap_fail "initial netns: save byte-identical after the namespace owners' writes"
	diag "before:" "$init_before" "after:" "$init_after"
fi
"$TIPC_LB_CLI" flush

# ---------------------------------------------------------------------------
# A netns deleted with its configuration and live publications, CYCLES times

# Bytes in the kmalloc-cg-* caches: the accounted allocations
cg_bytes() {
	awk '$1 ~ /^kmalloc-cg-/ { s += $2 * $4 } END { printf "%d\n", s }' /proc/slabinfo
}

{
	echo "policy set default least"
	echo "policy set type $T weighted weight-source width"
	echo "policy set type $((T + 1)) least weight 3"
	echo "policy set type $((T + 2)) sorted"
	echo "policy set type $((T + 3)) hash"
	echo "policy set type $((T + 4)) rr"
	for p in $(seq 1 1000); do
		echo "weight set type $T node 1.1.$((p % 8 + 1)) port $p weight $((p % 100))"
		echo "priority set type $((T + 2)) node lbdel$((p % 4)) port $p priority $p"
	done
	echo "weight set type $((T + 1)) node lbdel weight 5"
} >"$WORK_DIR/big.conf"

kml_reason=
if [ ! -e $KMEMLEAK ]; then
	kml_reason="no $KMEMLEAK (kernel without CONFIG_DEBUG_KMEMLEAK)"
elif ! { echo scan >$KMEMLEAK && echo clear >$KMEMLEAK; } 2>/dev/null; then
	kml_reason="kmemleak is disabled"
fi

# The cycle's servers, started together: a bound server is in its own
# node's name table at once, so its "ready" is enough (start_server would
# poll the name table).  One bounded wait for all (60 s: a debug kernel
# under TCG takes seconds to exec one; spawn_server allows 10).
lbdel_servers() {
	local t deadline

	for t in "$@"; do
		# shellcheck disable=SC2086  # an option, or nothing
		ip netns exec "${NS_OF["lbdel"]}" "$TIPC_SRV" ${t#*:} -t "${t%%:*}" -l 0 -u 99 \
			-n lbdel </dev/null >"$WORK_DIR/srv.${t%%:*}.log" 2>&1 &
		SERVER_PIDS+=("$!")
	done
	deadline=$((SECONDS + 60))
	for t in "$@"; do
		until grep -q '^ready$' "$WORK_DIR/srv.${t%%:*}.log" 2>/dev/null; do
			if [ $SECONDS -ge $deadline ]; then
				echo "tipc_srv of type ${t%%:*} in lbdel did not get ready:" >&2
				cat "$WORK_DIR/srv.${t%%:*}.log" >&2
				return 1
			fi
			sleep 0.1
		done
	done
}

# lap WHAT: the time since the last lap, in cycle 1 only (where it goes)
lap() {
	[ "$i" = 1 ] || return 0
	laps+=" $1 $(awk -v a="$lap0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
	lap0=$EPOCHREALTIME
}

cycle() {
	lap0=$EPOCHREALTIME
	laps=
	ip netns add "${NS_OF["lbdel"]}" || return 1
	on lbdel sh -c "ip link set lo up && tipc node set identity lbdel" || return 1
	lap netns
	lb_cli lbdel -b "$WORK_DIR/big.conf" || return 1
	lap config
	# TYPE[:tipc_srv option]
	lbdel_servers $T: $((T + 2)): $((T + 1)):-s || return 1
	lap servers
	client lbdel $T 7 5
	[ "$CLI_RC" = 0 ] || return 1
	conn_start lbdel $((T + 1)) 7 || return 1
	conn_cmd open || return 1
	conn_cmd open || return 1
	lap clients
	# Deleted with everything live: the servers and the connections keep
	# it until they end
	ip netns del "${NS_OF["lbdel"]}" || return 1
	stop_server
	CONN_PID_SAVED=
	lap delete
	[ "$i" = 1 ] && diag "cycle 1, seconds per step:$laps"
	return 0
}

fails=0
base=
ran=0
t0=$SECONDS
for ((i = 1; i <= CYCLES; i++)); do
	if ! cycle; then
		fails=$((fails + 1))
		diag "cycle $i failed: $CONN_REPLY $CLI_OUT"
		stop_server
		ip netns del "${NS_OF["lbdel"]}" 2>/dev/null
		[ $fails -ge 3 ] && break
	fi
	[ $((i % 5)) = 0 ] && diag "cycle $i done, $((SECONDS - t0)) s"
	if [ $i = $BASE_CYCLE ]; then
		# The smallest of a few samples: the last netns's cleanup is
		# asynchronous
		sleep 2
		base=$(cg_bytes)
		for _ in 1 2 3 4; do
			sleep 0.5
			b=$(cg_bytes)
			[ "$b" -lt "$base" ] && base=$b
		done
	fi
	ran=$i
	if [ $((SECONDS - t0)) -ge "$BUDGET" ] && [ $i -ge $((BASE_CYCLE + 5)) ] &&
	   [ $i -lt "$CYCLES" ]; then
		diag "stopping after $i cycles: the time budget of $BUDGET s is spent"
		break
	fi
done
NODES=lbpriv
if [ $fails = 0 ]; then
	ktap_ok "$ran netns deleted with config, servers, connections ($((SECONDS - t0)) s)"
else
	ktap_fail "$ran netns deleted with a configuration, servers bound and connections open"
fi

if [ -z "$base" ]; then
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
	ktap_skip "kmemleak: no unreferenced tipc object after the cycles" "$kml_reason"
else
	# Objects are reported once older than 5 s; two scans settle it
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	# tipc in a backtrace line, not in the comm one (tipc, tipc-lb)
	leaks=$(awk '/^unreferenced object/ { if (t) print r; r = ""; t = 0 }
		     /\[</ && /tipc/ { t = 1 }
		     { r = r $0 "\n" } END { if (t) print r }' $KMEMLEAK)
	if [ -z "$leaks" ]; then
		ktap_ok "kmemleak: no unreferenced tipc object after the cycles"
	else
		ktap_fail "kmemleak: no unreferenced tipc object after the cycles"
		diag "$(head -n 60 <<<"$leaks")"
	fi
fi

if [ -z "$("$TIPC_LB_CLI" save 2>&1)" ]; then
	ktap_ok "initial netns: still empty after the cycles"
else
	ktap_fail "initial netns: still empty after the cycles"
fi
expect_clean_dmesg "no kernel report in dmesg"
ktap_finish
