#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile generic netlink to the tipc_lb family (issue 10, item 3):
# tipc_lb_fuzz.py sends TIPC_LB_FUZZ_N messages (10000) from the seed
# TIPC_LB_FUZZ_SEED (random, printed) in a netns of its own, and checks
# that nothing the spec forbids is accepted, that every refusal of a known
# command says why, and that the dumps show exactly what was accepted.
# Then: no WARNING, BUG, KASAN, UBSAN or lockdep report in the kernel log.
source "$(dirname "$0")/lib.sh"

lb_require_policy rr
lbfuzz=
ns_setup lbfuzz || ktap_skip_all "cannot create a netns"
trap 'ip netns del "$lbfuzz" 2>/dev/null; lib_cleanup' EXIT
dmesg_mark
seed=()
[ -n "${TIPC_LB_FUZZ_SEED:-}" ] && seed=(-s "$TIPC_LB_FUZZ_SEED")
out=$(ip netns exec "$lbfuzz" timeout 500 python3 "$SELFTEST_DIR/tipc_lb_fuzz.py" \
	-n "${TIPC_LB_FUZZ_N:-10000}" "${seed[@]}" 2>&1)
rc=$?
ktap_import "tipc_lb_fuzz.py" "$rc" "$out"
expect_clean_dmesg "no WARNING, BUG or sanitizer report in the kernel log"
ktap_finish
