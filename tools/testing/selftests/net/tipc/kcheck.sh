# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the kernel reports, for the kselftests (sourced by ksft_run.sh and
# lib.sh, and by the multi-VM runner).  On Debian's kernels that is WARN,
# BUG, Oops, lockups and stalls; on the debug kernel (tools/vm/vm-run
# --debug) also KASAN, lockdep, UBSAN, might_sleep, list and object
# debugging, refcount and netns trackers, and kmemleak.
#
#   KREPORT_RE          an extended regexp matching the first line of any
#                       report the kernel prints
#   kreport_grep        filter stdin (kernel log lines) down to report lines
#   kmemleak_available  the kernel has kmemleak (debugfs mounted)
#   kmemleak_forget     scan, then forget every object suspected so far
#   kmemleak_tipc       scan twice and print each new unreferenced object
#                       allocated from tipc (or from code no longer loaded:
#                       tipc after rmmod); empty output = no leak
#   klog_sync           return once every kernel log record so far is in
#                       $KLOG, the file kmsg_log.py writes (the runners')
#   kernel_clean DESC FROM
#                       a test line, ok if $KLOG from byte FROM on holds
#                       no report; returns 1 if it does

KREPORT_RE='WARNING:|BUG:|Oops|general protection fault|UBSAN:|KASAN|'
KREPORT_RE+='possible (circular|recursive) locking|inconsistent lock state|'
KREPORT_RE+='suspicious RCU usage|DEBUG_LOCKS_WARN_ON|sleeping function called|'
KREPORT_RE+='soft lockup|hard LOCKUP|rcu.*(stall|self-detected)|blocked for more than|'
KREPORT_RE+='list_(add|del) corruption|refcount_t:|ref_tracker|ODEBUG:|'
KREPORT_RE+='unregister_netdevice: waiting|kernel stack overflow'

kreport_grep() {
	grep -E "$KREPORT_RE"
}

KMEMLEAK=/sys/kernel/debug/kmemleak

kmemleak_available() {
	[ -w "$KMEMLEAK" ]
}

kmemleak_forget() {
	kmemleak_available || return 0
	echo scan >"$KMEMLEAK" 2>/dev/null
	echo clear >"$KMEMLEAK" 2>/dev/null
}

# kmemleak only reports objects older than 5 s, seen unreferenced by a scan;
# the second scan gives freshly freed RCU objects their grace period
kmemleak_tipc() {
	kmemleak_available || return 0
	echo scan >"$KMEMLEAK" 2>/dev/null
	sleep 6
	echo scan >"$KMEMLEAK" 2>/dev/null
	# Only the allocation backtrace counts ("comm" may be tipc-lb for a
	# leak elsewhere); a frame without a name is code since unloaded
	awk '
		/^unreferenced object/ {
			if (blk != "" && hit) printf "%s", blk
			blk = ""; hit = 0; bt = 0
		}
		{ blk = blk $0 "\n" }
		/^ *backtrace/ { bt = 1; next }
		bt && /tipc|\] 0xffffffff[0-9a-f]+$/ { hit = 1 }
		END { if (blk != "" && hit) printf "%s", blk }
	' "$KMEMLEAK"
	echo clear >"$KMEMLEAK" 2>/dev/null
}

kseq=0
klog_sync() {
	local tag i

	tag="tipc-lb-run: sync $((++kseq))"
	echo "$tag" >/dev/kmsg
	for ((i = 0; i < 100; i++)); do
		grep -qxF "$tag" "$KLOG" && return 0
		sleep 0.1
	done
	echo "# kernel log reader lagging"
}

kernel_clean() {
	local report

	klog_sync
	report=$(tail -c +"$(($2 + 1))" "$KLOG" | grep -E "$KREPORT_RE|^kmsg_log:" | head -n 8)
	if [ -z "$report" ]; then
		echo "ok - $1"
		return 0
	fi
	echo "not ok - $1"
	printf '#   %s\n' "${report//$'\n'/$'\n#   '}"
	return 1
}
