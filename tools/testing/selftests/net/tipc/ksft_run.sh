#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In-guest runner of the installed tipc-lb kselftests (tools/ksft):
#
#   tools/vm/vm-run --share INSTALL --modules DIR -- \
#	INSTALL/net/tipc/ksft_run.sh [TEST...]
#
# Runs the kernel's run_kselftest.sh on net/tipc: every test of
# kselftest-list.txt (the Makefile's TEST_PROGS order, teardown last: it
# unloads the module) but those named in TIPC_LB_EXCLUDE, or the TESTs
# given, in that order; each under the timeout of settings.  Its nested
# TAP goes to stdout as it comes.
#
# The kernel is watched around it (kcheck.sh): every kernel log record of
# the run is kept (kmsg_log.py), and the boot's share and each script's
# share (up to the runner's result line of the script) must hold no
# report (WARNING, BUG, KASAN, lockdep, UBSAN, "sleeping function
# called", stalls...): after the boot and after each script's result, a
# line "ok - DESC" or "not ok - DESC" of our own, outside the runner's
# numbering.  On a kernel with kmemleak, a scan at the end must find no
# unreferenced object from tipc (tipc_lb_teardown.sh scans before it
# unloads the module).  tools/check counts all of these.
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
BASE=$(cd "$DIR/../.." && pwd)
# shellcheck source=tools/testing/selftests/net/tipc/kcheck.sh
. "$DIR/kcheck.sh"

sel=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		sel+=(-t "net/tipc:${t##*/}")
	done
else
	while IFS= read -r t; do
		case $t in net/tipc:*) ;; *) continue ;; esac
		# TIPC_LB_EXCLUDE: scripts not to run (by name)
		[[ " ${TIPC_LB_EXCLUDE:-} " == *" ${t#net/tipc:} "* ]] && continue
		sel+=(-t "$t")
	done <"$BASE/kselftest-list.txt"
fi

# The repository (the CLI, VERSION, the YNL spec) for lib.sh: tools/check
# passes it; by hand, tools/vm/vm-run runs us from there (the runner
# runs each script from its own directory)
if [ -z "${TIPC_LB_REPO:-}" ] && [ -r "$PWD/VERSION" ]; then
	export TIPC_LB_REPO=$PWD
fi

# The runner writes the tests' output to /dev/stdout: a bare devtmpfs
# (tools/vm/vm-run's guest) has no such link
for fd in stdin:0 stdout:1 stderr:2; do
	[ -L "/dev/${fd%:*}" ] || ln -sf "/proc/self/fd/${fd#*:}" "/dev/${fd%:*}" 2>/dev/null
done

KLOG=$(mktemp "${TMPDIR:-/tmp}/tipc-lb-kmsg.XXXXXX") || exit 1
python3 "$DIR/kmsg_log.py" "$KLOG" &
KPID=$!
trap 'kill "$KPID" 2>/dev/null; rm -f "$KLOG"' EXIT
fails=0

kernel_clean "kernel log clean from boot to the first test ($(uname -r))" 0 ||
	fails=$((fails + 1))
kfrom=$(stat -c %s "$KLOG")
# Each script's share of the log: from the end of the previous check to
# its result line
while IFS= read -r line; do
	printf '%s\n' "$line"
	case $line in
	"ok "*" selftests: net/tipc: "*|"not ok "*" selftests: net/tipc: "*)
		name=${line#* selftests: net/tipc: }
		name=${name%% *}
		kernel_clean "$name: no kernel report (WARNING, BUG, sanitizers, lockdep, stalls)" \
			"$kfrom" || fails=$((fails + 1))
		kfrom=$(stat -c %s "$KLOG")
		;;
	esac
done < <("$BASE/run_kselftest.sh" "${sel[@]}" 2>&1)

if kmemleak_available; then
	leaks=$(kmemleak_tipc)
	if [ -z "$leaks" ]; then
		echo "ok - kmemleak: no object from tipc unreferenced at the end"
	else
		echo "not ok - kmemleak: no object from tipc unreferenced at the end"
		head -n 40 <<<"$leaks" | sed 's/^/#   /'
		fails=$((fails + 1))
	fi
fi
[ "$fails" = 0 ]
