# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP helpers of the host tests (selftests/host/*.sh): source this file,
# set TAP_NAME (the label of the summary line), end with finish.  A thin
# layer over the one TAP helper set of every test here, the kernel's
# kselftest/ktap_helpers.sh through tools/testing/selftests/net/tipc/ktap.sh
# (which finds it: tools/check points KSFT_KTAP_HELPERS at the tree
# tools/ksft installed, else the cached 6.12 source tree of
# tools/kernel-env is used).
#
#   ok DESC | not_ok DESC [DIAG...] | skipped DESC REASON
#   skip_all REASON   the whole test cannot run: "1..0 # SKIP REASON", the
#                     summary, exit 4 (kselftest's skip)
#   finish            "1..N", "# TAP_NAME: P passed, F failed, S skipped"
#                     (tools/check counts that line), exit 1 if anything
#                     failed

# shellcheck source=tools/testing/selftests/net/tipc/ktap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tools/testing/selftests/net/tipc/ktap.sh"

ok() {
	ktap_ok "$1"
}

not_ok() {
	ktap_fail "$1"
	shift
	[ $# -gt 0 ] && printf '# %s\n' "$@"
	return 0
}

skipped() {
	ktap_skip "$1" "$2"
}

__host_summary() {
	echo "# $TAP_NAME: $KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed, $KTAP_CNT_SKIP skipped"
}

finish() {
	ktap_set_plan $((KTAP_TESTNO - 1))
	__host_summary
	ktap_print_totals
	[ "$KTAP_CNT_FAIL" = 0 ]
	exit
}

skip_all() {
	local -

	set -f
	if [ "$KTAP_TESTNO" = 1 ]; then
		echo "1..0 # SKIP $*"
		KTAP_CNT_SKIP=1
		__host_summary
		exit "$KSFT_SKIP"
	fi
	skipped "${0##*/}" "$*"
	finish
}
