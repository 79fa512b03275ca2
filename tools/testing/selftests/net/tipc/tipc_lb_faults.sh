#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs for up to 900 s: within the timeout of settings
#
# Allocation failures (issue 10, item 5): failslab and fail_page_alloc
# aimed at tipc-lb's allocation sites while it is configured and while the
# cluster churns.  Needs a kernel with CONFIG_FAULT_INJECTION, FAILSLAB,
# FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS and
# FAULT_INJECTION_STACKTRACE_FILTER (tools/vm/vm-run --debug); elsewhere it
# skips.
#
#  1. Configuration under fail-nth (tipc_lb_faults.py config), in a netns
#     of its own: each write command, from a fixed configuration, with the
#     1st, 2nd, ... allocation of the request's system call failing until
#     one goes through: every request answered (an error, or success), on
#     error nothing half applied, on success exactly the change, a
#     listener told of every change made.  Once with every allocation of
#     the call eligible (the netlink core's, the ack's: one case of each
#     kind, every case with TIPC_LB_FAULTS_FULL=1), once with only those
#     under tipc.ko (stack filter) for every case, naming the site of each
#     fault.  GFP_KERNEL allocations can fail (ignore-gfp-wait=N,
#     min-order=0); user pages cannot (ignore-gfp-highmem=Y: a failed page
#     fault is no test of ours).
#  2. Churn under probabilistic failures of every allocation with tipc.ko
#     on the stack (TIPC_LB_FAULTS_PROB %, default 10; softirq included:
#     task-filter=N) for TIPC_LB_FAULTS_SECS (10 s): node2, node3 and node1
#     bind and close overlapping ranges (peers allocate the publications in
#     softirq), node4 sends RDM requests to rr, opens and closes
#     connections to least, and rewrites a third type's configuration
#     (every request must be answered).
#  3. Injection off, recovery: links up; every node's name table holds
#     exactly the publications their owners hold (TIPC drops a
#     distribution message it cannot allocate for good, so a divergence is
#     reported and healed with a bearer bounce, whose bulk distribution
#     resynchronises; the balancer must follow); node4's balancer lists
#     exactly its name table's publications; rr, weighted and least share
#     30 requests 10/10/10 again, sorted sends all to node1, hash maps
#     instances as before the faults; least's connection counts are back
#     to 0 once the connections closed.
#  4. No WARNING, BUG, KASAN, UBSAN or lockdep report (the injected
#     faults' own messages and stack dumps excepted; an allocation-failure
#     splat from tipc-lb's code is a failure: it must not warn), and
#     kmemleak finds no unreferenced object allocated under tipc.
#
# tipc-lb allocates nothing on the membership and lookup paths (its state
# lives in TIPC's service, range and publication), so no policy has a
# degraded mode to fall back to; what faults can do to it is make TIPC
# lose or keep publications, and the balancer must follow the name table.
# Its own allocations are the configuration's (lb_netlink.c: a type's
# configuration, its xarray slot, an entry, a reply, a notification).
#
# Faults injected are counted from the attributes' "times" countdown and
# printed as "# faults: ..." lines.
source "$(dirname "$0")/lib.sh"

FAULTS=$SELFTEST_DIR/tipc_lb_faults.py
DBG=/sys/kernel/debug
ATTRS="failslab fail_page_alloc"
KNOBS="probability interval times space verbose verbose_ratelimit_interval_ms
	verbose_ratelimit_burst task-filter stacktrace-depth require-start
	require-end reject-start reject-end ignore-gfp-wait cache-filter
	ignore-gfp-highmem min-order"
TIMES=1000000000
PROB=${TIPC_LB_FAULTS_PROB:-10}
SECS=${TIPC_LB_FAULTS_SECS:-10}
T=5100		# RDM servers s1..s3, rr during the churn
TS=5200		# stream servers c1..c3, least
TC=5300		# configuration churn

# ----------------------------------------------------------- the knobs ----
[ -d "$DBG/failslab" ] || mount -t debugfs none "$DBG" 2>/dev/null
missing=
[ -e /proc/self/fail-nth ] || missing+=" CONFIG_FAULT_INJECTION"
[ -d "$DBG/failslab" ] || missing+=" CONFIG_FAILSLAB/CONFIG_FAULT_INJECTION_DEBUG_FS"
[ -d "$DBG/fail_page_alloc" ] || missing+=" CONFIG_FAIL_PAGE_ALLOC"
[ -e "$DBG/failslab/require-start" ] || missing+=" CONFIG_FAULT_INJECTION_STACKTRACE_FILTER"
if [ -n "$missing" ]; then
	msg="kernel $(uname -r) without fault injection (missing:$missing;"
	ktap_skip_all "$msg boot the debug kernel: tools/vm/vm-run --debug)"
fi
[ -r /proc/kallsyms ] || ktap_skip_all "no /proc/kallsyms: cannot aim at tipc.ko"

declare -A SAVED
fi_save() {
	local a k

	for a in $ATTRS; do
		for k in $KNOBS; do
			[ -e "$DBG/$a/$k" ] && SAVED[$a/$k]=$(cat "$DBG/$a/$k")
		done
	done
}

# fi_set KNOB VALUE: on both attributes (where the knob exists)
fi_set() {
	local a

	for a in $ATTRS; do
		[ -e "$DBG/$a/$1" ] && echo "$2" >"$DBG/$a/$1"
	done
	return 0
}

# Injection off first, then the rest as it was
# shellcheck disable=SC2317 # called from the EXIT trap
fi_restore() {
	local k

	fi_set probability 0
	for k in "${!SAVED[@]}"; do
		echo "${SAVED[$k]}" >"$DBG/$k" 2>/dev/null
	done
}

# fi_count ATTR: faults injected since fi_base
fi_count() {
	echo $((TIMES - $(cat "$DBG/$1/times")))
}

fi_base() {
	fi_set probability 0
	fi_set interval 1
	fi_set times $TIMES
	fi_set space 0
	fi_set verbose 0
	fi_set task-filter N
	fi_set stacktrace-depth 32
	fi_set require-start 0
	fi_set require-end 0xffffffffffffffff
	fi_set reject-start 0
	fi_set reject-end 0
	fi_set ignore-gfp-wait N
	fi_set cache-filter N
	fi_set ignore-gfp-highmem Y
	fi_set min-order 0
}

T0=$SECONDS
fi_save
lbfault=
ns_setup lbfault || ktap_skip_all "cannot create a netns"
trap 'fi_restore; ip netns del "$lbfault" 2>/dev/null; lib_cleanup' EXIT
lb_require_policy rr
ensure_progs || ktap_skip_all "cannot build the test programs"
read -r TEXT_START TEXT_END < <(python3 "$FAULTS" text) ||
	ktap_skip_all "tipc.ko's functions are not in /proc/kallsyms"
diag "tipc.ko text: $TEXT_START..$TEXT_END"
dmesg_mark
kmemleak_forget
fi_base

# ------------------------------------------- 1. configuration, fail-nth ----
quick=(--quick)
[ "${TIPC_LB_FAULTS_FULL:-0}" = 1 ] && quick=()
out=$(ip netns exec "$lbfault" timeout 300 python3 "$FAULTS" config "${quick[@]}" 2>&1)
rc=$?
n_all=$(sed -n 's/^# faults: //p' <<<"$out")
ktap_import "tipc_lb_faults.py config" "$rc" "$out"

fi_set require-start "$TEXT_START"
fi_set require-end "$TEXT_END"
fi_set verbose 2
fi_set verbose_ratelimit_interval_ms 0
out=$(ip netns exec "$lbfault" timeout 300 python3 "$FAULTS" config --sites 2>&1)
rc=$?
fi_set verbose 0
# Cheaper for the churn, where every allocation's stack is looked at:
# allocators' frames and the first from tipc.ko fit in 16
fi_set stacktrace-depth "${TIPC_LB_FAULTS_DEPTH:-16}"
n_tipc=$(sed -n 's/^# faults: //p' <<<"$out")
ktap_import "tipc_lb_faults.py config --sites" "$rc" "$out"
ip netns del "$lbfault"
diag "faults: configuration: ${n_all:-?} (every allocation of the call)," \
     "${n_tipc:-?} (under tipc.ko); done at $((SECONDS - T0)) s"

# ------------------------------------------------------------ 2. churn ----
# nt_all: every node's publications of our types, as "NODE type lower
# upper port node" (the topology server's report, one process for all
# the nodes' netns), the publishing node by its identity
nt_all() {
	python3 "$FAULTS" ntlist --netns "$NS_ARG" $T $TS $TC |
		awk -v map="$NS_IDENT" '
			BEGIN {
				n = split(map, m, " ")
				for (i = 1; i < n; i += 3) {
					nm[m[i]] = m[i + 1]
					ns[m[i]] = m[i + 2]
				}
			}
			$2 == "self" { id[$3] = ns[$1]; next }
			{ row[++r] = $0 }
			END {
				for (i = 1; i <= r; i++) {
					split(row[i], f, " ")
					print (f[1] in nm) ? nm[f[1]] : f[1],
					      f[2], f[3], f[4], f[5],
					      (f[6] in id) ? id[f[6]] : f[6]
				}
			}'
}

# nt_rows NODE: NODE's publications, as "type lower upper port node"
nt_rows() {
	nt_all | awk -v n="$1" '$1 == n { print $2, $3, $4, $5, $6 }' | sort
}

# nt_diverged: NT_DIFF lists the (node, publication) pairs that differ
# from the owners' sets, NT_COUNT counts them (0: converged)
NT_DIFF=
NT_COUNT=0
nt_diverged() {
	local node all own

	all=$(nt_all)
	own=$(for node in $NODES; do
		awk -v n="$node" -v i="$(node_ident "$node")" '$1 == n && $6 == i {
			print $2, $3, $4, $5, $6 }' <<<"$all"
	      done | sort)
	NT_DIFF=
	for node in $NODES; do
		NT_DIFF+=$(diff <(echo "$own") <(awk -v n="$node" '$1 == n {
				print $2, $3, $4, $5, $6 }' <<<"$all" | sort) |
			   sed -n "s/^\([<>]\)/$node \1/p")
		NT_DIFF+=$'\n'
	done
	NT_DIFF=$(sed '/^$/d' <<<"$NT_DIFF")
	NT_COUNT=0
	[ -z "$NT_DIFF" ] || NT_COUNT=$(wc -l <<<"$NT_DIFF")
}

# nt_converge SECONDS: poll until converged
nt_converge() {
	local deadline=$((SECONDS + $1))

	nt_diverged
	while [ "$NT_COUNT" != 0 ]; do
		[ $SECONDS -lt "$deadline" ] || return 1
		sleep 1
		nt_diverged
	done
}

cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
diag "cluster up at $((SECONDS - T0)) s"
# "NETNS NODE IDENTITY" of each node, and the netns for ntlist
NS_IDENT=
NS_ARG=
for node in $NODES; do
	NS_IDENT+="$(ns "$node") $node $(node_ident "$node") "
	NS_ARG+=${NS_ARG:+,}$(ns "$node")
done
# All servers at once, then one wait for their publications everywhere
for i in 1 2 3; do
	if ! spawn_server "node$i" "$WORK_DIR/s$i.log" '^ready$' tipc_srv \
		"$TIPC_SRV" -t $T -l 0 -u 10 -n "s$i" ||
	   ! spawn_server "node$i" "$WORK_DIR/c$i.log" '^ready$' "tipc_srv -s" \
		"$TIPC_SRV" -s -t $TS -l 0 -u 10 -n "c$i"; then
		ktap_fail "servers on node$i"
		ktap_finish
	fi
done
spawn_server node1 "$WORK_DIR/t1.log" '^ready$' tipc_srv \
	"$TIPC_SRV" -t $TC -l 0 -u 10 -n t1 ||
	{ ktap_fail "server t1 on node1"; ktap_finish; }
deadline=$((SECONDS + PUBL_TIMEOUT))
for node in $NODES; do
	until [ "$(nt_rows "$node" | wc -l)" = 7 ]; do
		[ $SECONDS -lt $deadline ] ||
			{ ktap_fail "7 servers' publications on $node"; ktap_finish; }
		sleep 0.5
	done
done
lb_cli node4 policy set type $TS least ||
	{ ktap_fail "policies on node4"; ktap_finish; }

# The hash mapping of instances 0..10 before any fault
lb_cli node4 policy set type $T hash
client_sweep node4 $T 0 10
hash_before=$SWEEP
lb_cli node4 policy set type $T rr

loop() {
	local node=$1 name=$2

	shift 2
	on "$node" env FAULTS_GO="$WORK_DIR/go" timeout $((SECS + 120)) \
		python3 "$FAULTS" "$@" \
		>"$WORK_DIR/loop.$name" 2>&1 &
	LOOPS+=("$!")
	LOOP_NAMES+=("$name")
}
LOOPS=()
LOOP_NAMES=()
loop node2 bind2 bindloop $T 5 8 "$SECS"
loop node3 bind3 bindloop $T 200 8 "$SECS"
loop node1 bind1 bindloop $TS 3 8 "$SECS"
loop node4 req reqloop $T 4 "$SECS"
loop node4 conn connloop $TS 4 "$SECS"
loop node4 cfg cfgloop $TC "$SECS"
loop node4 reqc reqloop $TC 4 "$SECS"
# Faults once every loop is ready, then they go (a python starting up
# under them would crawl: every allocation's stack is walked)
deadline=$((SECONDS + 60))
for name in "${LOOP_NAMES[@]}"; do
	until grep -q '^started' "$WORK_DIR/loop.$name" 2>/dev/null ||
	      [ $SECONDS -ge $deadline ]; do
		sleep 0.2
	done
done
fi_set times $TIMES
fi_set probability "$PROB"
churn_mark=$(dmesg | wc -l)
touch "$WORK_DIR/go"
for i in "${!LOOPS[@]}"; do
	wait "${LOOPS[$i]}"
	LOOP_RC[i]=$?
done
fi_set probability 0
n_slab=$(fi_count failslab)
n_page=$(fi_count fail_page_alloc)
diag "faults: churn: $n_slab slab + $n_page page allocations failed" \
     "($PROB %, $SECS s); done at $((SECONDS - T0)) s"
for i in "${!LOOPS[@]}"; do
	lname=${LOOP_NAMES[$i]}
	diag "  $lname (exit ${LOOP_RC[$i]}): $(tail -n1 "$WORK_DIR/loop.$lname")"
done
# What TIPC itself said it dropped or lost (its warnings, by kind)
diag "TIPC's warnings during the churn:" \
     "$(dmesg | tail -n +"$((churn_mark + 1))" | sed -n 's/^\[[^]]*\] //p' |
	grep -E 'tipc|TIPC|[Ll]ink|[Pp]ublication|[Ww]ithdrawal|binding|[Bb]ind' |
	sed -E 's/[0-9a-fx]{4,}/N/g; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 15)"
if [ "$n_slab" -gt 0 ]; then
	ktap_ok "faults injected during the churn"
else
	ktap_fail "faults injected during the churn"
fi
# A request unanswered for 10 s is counted as such; a loop killed by its
# timeout (a slow guest) is reported, not failed
cfg=$(tail -n1 "$WORK_DIR/loop.cfg")
if [[ $cfg == cfgloop:* ]] && [[ $cfg != *unanswered* ]]; then
	ktap_ok "every configuration request during the churn was answered"
else
	ktap_fail "every configuration request during the churn was answered"
	diag "$(cat "$WORK_DIR/loop.cfg")"
fi

# ------------------------------------------------------- 3. recovery ----
ktap_check "links up again after the faults" wait_links

if nt_converge "$PUBL_TIMEOUT"; then
	ktap_ok "name tables converged: every node holds exactly the owners' publications"
else
	diag "after the faults, $NT_COUNT name table entries differ from their owners'" \
	     "(< missing, > stale):" \
	     "$(head -n 10 <<<"$NT_DIFF")"
	diag "TIPC drops a distribution message it cannot allocate:" \
	     "bearers bounced to resynchronise"
	# One node at a time, its links up again before the next: a node
	# that loses contact with a peer drops all the peer's publications
	# and gets them anew in a bulk when the link comes back
	for node in $NODES; do
		on "$node" sh -c 'tipc bearer disable media eth device eth0;
				  tipc bearer enable media eth device eth0'
		wait_links
	done
	if nt_converge $((2 * PUBL_TIMEOUT)); then
		ktap_ok "name tables converged after a bearer bounce"
	else
		ktap_fail "name tables converged after a bearer bounce"
		NT_STALE=1
		diag "$NT_COUNT entries still differ:" "$(head -n 20 <<<"$NT_DIFF")"
		# Where the topology server's report (a walk of the ranges
		# that cover an instance) and the dump (every range in order)
		# disagree, a range is in the tree but not found by a search
		for node in $NODES; do
			dump=$(on "$node" tipc nametable show 2>&1 |
				awk -v a=$T -v b=$TS -v c=$TC '$1 == a || $1 == b || $1 == c {
					print $1, $2, $3, $5, $6 }' | sort)
			diag "$node: dump vs topology server:" \
			     "$(diff <(echo "$dump") <(nt_rows "$node") | head -n 10)"
		done
	fi
fi

# The balancer of each type with a policy on node4 lists exactly the
# publications of node4's name table (sorted alike: "type lower upper
# port node")
lb_cli node4 policy set type $TC rr
got=$(on node4 python3 "$FAULTS" lbstate $T $TS $TC | awk '{ print $1, $2, $3, $4, $5 }' | sort)
want=$(nt_rows node4)
if [ "$got" = "$want" ]; then
	ktap_ok "node4's balancers hold exactly its name table's publications"
else
	ktap_fail "node4's balancers hold exactly its name table's publications"
	diag "balancer vs name table:" "$(diff <(echo "$got") <(echo "$want") | head -n 10)"
fi

for policy in rr weighted least; do
	lb_cli node4 policy set type $T $policy
	client node4 $T 4 30
	expect_served "$policy: 30 requests from node4 after the faults" "s1=10 s2=10 s3=10"
done
lb_cli node4 policy set type $T sorted
client node4 $T 4 20
expect_served "sorted: 20 requests from node4 after the faults, all to node1" "s1=20"
lb_cli node4 policy set type $T hash
client_sweep node4 $T 0 10
if [ "${NT_STALE:-0}" = 1 ] && [ "$SWEEP" != "$hash_before" ]; then
	# A stale entry is a candidate: hash may map an instance to it
	ktap_skip "hash: instances 0..10 map as before the faults" \
		"the name tables still hold stale entries (above)"
	diag "$(diff <(echo "$hash_before") <(echo "$SWEEP") | head -n 10)"
elif [ "$CLI_RC" = 0 ] && [ -n "$SWEEP" ] && [ "$SWEEP" = "$hash_before" ]; then
	ktap_ok "hash: instances 0..10 map as before the faults"
else
	ktap_fail "hash: instances 0..10 map as before the faults"
	diag "$(diff <(echo "$hash_before") <(echo "$SWEEP") | head -n 10)"
fi

# least: fresh connections work, and every count is back to 0 once closed
out=$(on node4 timeout 60 python3 "$FAULTS" connloop $TS 4 3 | tail -n1)
case $out in
*" err=0 "*) ktap_ok "least: connections after the faults ($out)" ;;
*) ktap_fail "least: connections after the faults"; diag "$out" ;;
esac
deadline=$((SECONDS + 10))
until conns=$(on node4 python3 "$FAULTS" lbstate $TS | awk '{ s += $6 } END { print s + 0 }') &&
      [ "$conns" = 0 ] || [ $SECONDS -ge $deadline ]; do
	sleep 0.5
done
if [ "$conns" = 0 ]; then
	ktap_ok "least: every connection count back to 0"
else
	ktap_fail "least: every connection count back to 0"
	diag "$(on node4 python3 "$FAULTS" lbstate $TS)"
fi

diag "recovery checked at $((SECONDS - T0)) s"

# --------------------------------------------------- 4. kernel report ----
stop_server
cluster_down

# Like expect_clean_dmesg (kcheck.sh's patterns), skipping the injected
# faults' stack dumps (a notice up to </TASK>); an allocation failure
# warning is fine from stock TIPC, a failure with a tipc-lb function on its
# stack (tipc-lb must not warn)
report=$(dmesg | tail -n +"$((DMESG_MARK + 1))" | awk -v re="$KREPORT_RE" '
	/FAULT_INJECTION: forcing a failure/ { skip = 1; n = 0; next }
	/page allocation failure/ { print "ALLOC " $0; skip = 2; n = 0; next }
	skip == 2 && /tipc_lb_/ { print "OURS " $0 }
	skip && (/<\/TASK>/ || ++n > 100) { skip = 0; next }
	skip { next }
	$0 ~ re { print }')
bad=$(grep -v '^ALLOC ' <<<"$report" | sed '/^$/d')
diag "allocation failure warnings (stock TIPC paths allowed): $(grep -c '^ALLOC ' <<<"$report")"
if [ -z "$bad" ]; then
	ktap_ok "kernel log: no WARNING, BUG or sanitizer report, no tipc-lb allocation warning"
else
	ktap_fail "kernel log: no WARNING, BUG or sanitizer report, no tipc-lb allocation warning"
	diag "$(head -n 10 <<<"$bad")"
fi

if kmemleak_available; then
	# The netns teardown (a workqueue) and RCU free the rest first
	sleep 3
	leaks=$(kmemleak_tipc)
	if [ -z "$leaks" ]; then
		ktap_ok "kmemleak: no unreferenced object from tipc"
	else
		ktap_fail "kmemleak: no unreferenced object from tipc"
		diag "$(head -n 40 <<<"$leaks")"
	fi
else
	ktap_skip "kmemleak: no unreferenced object from tipc" "kernel without kmemleak"
fi
diag "done at $((SECONDS - T0)) s"
ktap_finish
