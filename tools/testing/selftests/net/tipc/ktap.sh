# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The one TAP helper set of tipc-lb's tests: the kselftest framework's
# kselftest/ktap_helpers.sh (ktap_print_header, ktap_test_pass/fail/skip,
# ktap_set_plan, ktap_finished), with the shorthands our tests use.
# Sourced by lib.sh (the kselftests here), selftests/multivm/lib.sh
# (multi-VM tests, on the host) and selftests/host_lib.sh (host tests);
# prints the TAP header when sourced.
#
#   ktap_ok DESC | ktap_fail DESC | ktap_skip DESC REASON
#   ktap_check DESC CMD...  (ok if CMD succeeds)
#   ktap_finish             (trailing plan and totals; exit 0 all passed,
#                            1 any failed, 4 nothing ran but skips)
#   ktap_skip_all REASON    (the whole test cannot run: as the kernel's
#                            "1..0 # SKIP REASON" when nothing ran yet,
#                            then exit 4)
#   diag LINE...            (TAP comments)
#   ktap_import WHAT RC OUT (the TAP lines of a helper program's output
#                            OUT become ours, the rest comments; a
#                            non-zero exit RC without a failure is one)
#
# ktap_helpers.sh is the kernel's, never a copy in this repository: from
# KSFT_KTAP_HELPERS, or the installed kselftest tree around this file
# (tools/ksft), or the 6.12 source tree in the cache (tools/kernel-env
# prepare 6.12, which tools/check and tools/ksft run first).

__ktap_helpers() {
	local f here

	here=$(dirname "${BASH_SOURCE[0]}")
	local ksrc=${TIPC_LB_CACHE:-/var/cache/tipc-lb}/6.12.*/linux-source

	# shellcheck disable=SC2086 # $ksrc is a pattern
	for f in "${KSFT_KTAP_HELPERS:-}" "$here/../../kselftest/ktap_helpers.sh" \
		 $ksrc/tools/testing/selftests/kselftest/ktap_helpers.sh; do
		[ -n "$f" ] && [ -r "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

if ! KSFT_KTAP_HELPERS=$(__ktap_helpers); then
	echo "TAP version 13"
	echo "1..0 # SKIP no kselftest/ktap_helpers.sh: run tools/ksft or set KSFT_KTAP_HELPERS"
	exit 4
fi
# shellcheck source=/dev/null
. "$KSFT_KTAP_HELPERS"

ktap_print_header
ktap_print_msg "${0##*/}"

# The kernel's helpers echo their arguments unquoted: no globbing of the
# descriptions ("local -" restores the shell's options on return)
ktap_ok() {
	local -

	set -f
	ktap_test_pass "$1"
}

ktap_fail() {
	local -

	set -f
	ktap_test_fail "$1"
}

# ktap_test_skip has no reason: its line is "ok N DESC # SKIP REASON"
ktap_skip() {
	local -

	set -f
	__ktap_test ok "$1" "SKIP $2"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# ktap_check DESC CMD...: one TAP line from CMD's exit status.
ktap_check() {
	local desc=$1

	shift
	if "$@"; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc"
	fi
}

# The plan goes last (the number of tests is known at the end only)
ktap_finish() {
	ktap_set_plan $((KTAP_TESTNO - 1))
	if [ "$KTAP_CNT_FAIL" = 0 ] && [ "$KTAP_CNT_PASS" = 0 ] && [ "$KTAP_CNT_SKIP" -gt 0 ]; then
		ktap_print_totals
		exit "$KSFT_SKIP"
	fi
	ktap_finished
}

# Replaces the kernel's ktap_skip_all, which does not exit
ktap_skip_all() {
	local -

	set -f
	if [ "$KTAP_TESTNO" = 1 ]; then
		echo "1..0 # SKIP $1"
		ktap_print_totals
		exit "$KSFT_SKIP"
	fi
	ktap_skip "${0##*/}" "$1"
	ktap_finish
}

# Diagnostics go to stdout as TAP comments so they stay next to the result.
diag() {
	local line

	printf '%s\n' "$@" | while IFS= read -r line; do
		echo "# $line"
	done
}

ktap_import() {
	local what=$1 rc=$2 line reason

	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			line=${line#ok [0-9]* }
			reason=${line#*# SKIP}
			line=${line%%# SKIP*}
			ktap_skip "${line% }" "${reason# }"
			;;
		"ok "*) ktap_ok "${line#ok [0-9]* }" ;;
		"not ok "*) ktap_fail "${line#not ok [0-9]* }" ;;
		"#"*) echo "$line" ;;
		1..*) ;;
		*) diag "$line" ;;
		esac
	done <<<"$3"
	[ "$rc" = 0 ] || [ "$KTAP_CNT_FAIL" -gt 0 ] || ktap_fail "$what exited $rc"
}
