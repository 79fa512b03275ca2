# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# kselftest-style TAP of the cluster selftests, sourced by selftests/lib.sh
# (tests inside one VM) and selftests/multivm/lib.sh (tests driving
# separate VMs from the host); prints the TAP header when sourced.
#
#   ktap_ok DESC | ktap_fail DESC | ktap_skip DESC REASON
#   ktap_check DESC CMD...  (ok if CMD succeeds)
#   ktap_finish             (exit 0 all passed, 1 any failed, 4 nothing
#                            ran but skips)
#   ktap_skip_all REASON    (whole test skipped, exit 4)
#   diag LINE...            (TAP comments)
#   ktap_import WHAT RC OUT (the TAP lines of a helper program's output
#                            OUT become ours, the rest comments; a
#                            non-zero exit RC without a failure is one)

KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

echo "TAP version 13"
echo "# ${0##*/}"

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_N $1"
}

ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	echo "not ok $KTAP_N $1"
}

ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_N $1 # SKIP $2"
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

ktap_finish() {
	echo "1..$KTAP_N"
	echo "# totals: pass:$KTAP_PASS fail:$KTAP_FAIL skip:$KTAP_SKIP"
	if [ "$KTAP_FAIL" -gt 0 ]; then
		exit 1
	elif [ "$KTAP_PASS" -eq 0 ] && [ "$KTAP_SKIP" -gt 0 ]; then
		exit 4
	fi
	exit 0
}

# The whole test cannot run here (kselftest skip code 4).
ktap_skip_all() {
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
	local what=$1 rc=$2 line

	while IFS= read -r line; do
		case $line in
		"ok "*) ktap_ok "${line#ok [0-9]* }" ;;
		"not ok "*) ktap_fail "${line#not ok [0-9]* }" ;;
		"#"*) echo "$line" ;;
		1..*) ;;
		*) diag "$line" ;;
		esac
	done <<<"$3"
	[ "$rc" = 0 ] || [ "$KTAP_FAIL" -gt 0 ] || ktap_fail "$what exited $rc"
}
