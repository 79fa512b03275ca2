#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runner of the multi-VM selftests, on the host, inside the cluster of
# tools/vm/vm-cluster (default nodes A: 6.12 tipc-lb, B: 6.1 tipc-lb,
# C: 6.12 stock):
#
#   tools/vm/vm-cluster -- selftests/multivm/run.sh [TEST...]
#
# TEST: mixed, agreement, multicast, groups, udp, upgrade (all by default, in
# that order: the rolling upgrade last).  runner.sh runs them: a bounded
# time each, their TAP output, and the summary line
#   # selftests: P passed, F failed, S skipped
DIR=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- mixed agreement multicast groups udp upgrade
tests=()
for t in "$@"; do
	tests+=("$DIR/${t%.sh}.sh")
done
exec "$DIR/runner.sh" "${tests[@]}"
