#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In-guest runner for the tipc-lb cluster selftests:
#
#   tools/vm/vm-run --modules DIR -- selftests/run.sh [TEST...]
#
# Runs each test (default: every selftests/tipc_lb_*.sh, teardown last since
# it unloads the module) under a bounded timeout (TIPC_LB_TEST_TIMEOUT, 600 s
# by default, or a longer one a test asks for with a "# TIMEOUT=N" line),
# prints its TAP output, and ends with
#   # selftests: P passed, F failed, S skipped
# counting the individual ok / not ok / SKIP lines.  A test that dies without
# reporting (crash, timeout, non-zero exit and no "not ok") counts as one
# failure.  Exit status: 1 if anything failed, else 0.
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${TIPC_LB_TEST_TIMEOUT:-600}

if [ $# -gt 0 ]; then
	TESTS=("$@")
else
	TESTS=()
	# Fixed order; anything new runs before the teardown test.
	for t in seed overlap; do
		[ -e "$DIR/tipc_lb_$t.sh" ] && TESTS+=("$DIR/tipc_lb_$t.sh")
	done
	for t in "$DIR"/tipc_lb_*.sh; do
		case ${t##*/} in
		tipc_lb_seed.sh|tipc_lb_overlap.sh|tipc_lb_teardown.sh) ;;
		*) [ -x "$t" ] && TESTS+=("$t") ;;
		esac
	done
	[ -e "$DIR/tipc_lb_teardown.sh" ] && TESTS+=("$DIR/tipc_lb_teardown.sh")
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/tipc-lb-run.XXXXXX") || exit 1
trap 'rm -f "$LOG"' EXIT
pass=0
fail=0
skip=0
for t in "${TESTS[@]}"; do
	[ -e "$t" ] || t=$DIR/$t
	name=${t##*/}
	echo "# ---- $name"
	start=$SECONDS
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
		echo "ok - $name # SKIP exit 4 without a reason"
		s=1
	elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited $rc without reporting a failure"
		f=1
	fi
	echo "# $name: exit $rc, $p passed, $f failed, $s skipped, $((SECONDS - start)) s"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
done

echo "# selftests: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
