# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers of the host tests (selftests/host/*.sh): source this file,
# set TAP_NAME (the label of the summary line), end with finish.
#
#   ok DESC | not_ok DESC [DIAG...] | skipped DESC REASON
#   skip_all REASON   the whole test cannot run: one skip, summary, exit 0
#   finish            "1..N", "# TAP_NAME: P passed, F failed, S skipped",
#                     exit 1 if anything failed

n=0 pass=0 fail=0 skip=0

ok() {
	n=$((n + 1)) pass=$((pass + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1)) fail=$((fail + 1))
	echo "not ok $n $1"
	shift
	[ $# -gt 0 ] && printf '# %s\n' "$@"
	return 0
}

skipped() {
	n=$((n + 1)) skip=$((skip + 1))
	echo "ok $n $1 # SKIP $2"
}

finish() {
	echo "1..$n"
	echo "# $TAP_NAME: $pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}

skip_all() {
	n=$((n + 1)) skip=$((skip + 1))
	echo "ok $n # SKIP $*"
	finish
}
