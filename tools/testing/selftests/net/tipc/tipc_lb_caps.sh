#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration bounds and input checks over raw generic netlink (issue 9):
# 1024 weight and 1024 priority entries per type, 16384 entries and 4096
# configured types per netns, each refused with ENOSPC and an extack
# message naming the bound, nothing changed; an existing entry still
# changes at the bound; a dump interrupted by a change says so with
# NLM_F_DUMP_INTR; node identities that are empty or hold a NUL are
# refused; POLICY_GET answers the policy in force and its origin; FLUSH
# empties the netns. Runs in a netns of its own.
source "$(dirname "$0")/lib.sh"

lb_require_policy rr
lbcaps=
ns_setup lbcaps || ktap_skip_all "cannot create a netns"
trap 'ip netns del "$lbcaps" 2>/dev/null; lib_cleanup' EXIT
out=$(ip netns exec "$lbcaps" timeout 500 python3 "$SELFTEST_DIR/tipc_lb_nl.py" caps 2>&1)
rc=$?
ktap_import "tipc_lb_nl.py caps" "$rc" "$out"
ktap_finish
