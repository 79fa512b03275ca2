#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runner of the multi-VM selftests (selftests/multivm/run.sh); it ran the
# cluster selftests in the guest before they became kselftests
# (tools/testing/selftests/net/tipc, tools/ksft):
#
#   selftests/multivm/runner.sh TEST...
#
# Runs each test under a bounded timeout (TIPC_LB_TEST_TIMEOUT, 600 s
# by default, or a longer one a test asks for with a "# TIMEOUT=N" line),
# prints its TAP output, and ends with
#   # selftests: P passed, F failed, S skipped
# counting the individual ok / not ok / SKIP lines.  A test that dies without
# reporting (crash, timeout, non-zero exit and no "not ok") counts as one
# failure.  Exit status: 1 if anything failed, else 0.
#
# The kernel is watched too (net/tipc/kcheck.sh): every kernel log record of
# the run is kept (kmsg_log.py), the boot's and each script's share must hold
# no report (WARNING, BUG, KASAN, lockdep, UBSAN, "sleeping function called",
# stalls...): one more test line each.  On a kernel with kmemleak, a scan
# at the end must find no unreferenced object from tipc.
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
KSFT_DIR=$(cd "$DIR/../../tools/testing/selftests/net/tipc" && pwd)
TIMEOUT=${TIPC_LB_TEST_TIMEOUT:-600}
# shellcheck source=tools/testing/selftests/net/tipc/kcheck.sh
. "$KSFT_DIR/kcheck.sh"

[ $# -gt 0 ] || { echo "usage: $0 TEST..." >&2; exit 2; }
TESTS=("$@")

LOG=$(mktemp "${TMPDIR:-/tmp}/tipc-lb-run.XXXXXX") || exit 1
KLOG=$(mktemp "${TMPDIR:-/tmp}/tipc-lb-kmsg.XXXXXX") || exit 1
python3 "$KSFT_DIR/kmsg_log.py" "$KLOG" &
KPID=$!
trap 'kill "$KPID" 2>/dev/null; rm -f "$LOG" "$KLOG"' EXIT
pass=0
fail=0
skip=0

# kclean DESC FROM: kcheck.sh's kernel_clean, counted
kclean() {
	if kernel_clean "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

# no_leak DESC: a test line, ok if kmemleak finds no object from tipc (no
# line at all on kernels without kmemleak)
no_leak() {
	local leaks

	kmemleak_available || return 0
	leaks=$(kmemleak_tipc)
	if [ -z "$leaks" ]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1"
		head -n 40 <<<"$leaks" | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
}

kclean "kernel log clean from boot to the first test ($(uname -r))" 0
for t in "${TESTS[@]}"; do
	[ -e "$t" ] || t=$DIR/$t
	name=${t##*/}
	echo "# ---- $name"
	start=$SECONDS
	klog_sync
	kfrom=$(stat -c %s "$KLOG")
	# Stream the output live; the copy in LOG is what gets counted.
	# A test may need longer than the default: a "# TIMEOUT=N" line
	limit=$(sed -n 's/^# TIMEOUT=\([0-9]*\).*/\1/p' "$t" | head -n1)
	limit=$((${limit:-0} > TIMEOUT ? limit : TIMEOUT))
	timeout -k 10 "$limit" bash "$t" 2>&1 </dev/null | tee "$LOG"
	rc=${PIPESTATUS[0]}
	out=$(cat "$LOG")
	p=$(grep -cE '^ok [0-9]+' <<<"$out")
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' <<<"$out")
	f=$(grep -cE '^not ok [0-9]+' <<<"$out")
	p=$((p - s))
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "not ok - $name timed out after $limit s"
		f=$((f + 1))
	elif [ "$rc" = 4 ] && [ "$p" = 0 ] && [ "$s" = 0 ]; then
		# kselftest's skip of a whole test: "1..0 # SKIP REASON"
		reason=$(sed -n 's/^1\.\.0 # SKIP //p' <<<"$out" | head -n1)
		echo "ok - $name # SKIP ${reason:-exit 4 without a reason}"
		s=1
	elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited $rc without reporting a failure"
		f=1
	fi
	echo "# $name: exit $rc, $p passed, $f failed, $s skipped, $((SECONDS - start)) s"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	kclean "$name: no kernel report (WARNING, BUG, sanitizers, lockdep, stalls)" "$kfrom"
done
no_leak "kmemleak: no object from tipc unreferenced at the end"

echo "# selftests: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
