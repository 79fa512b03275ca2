#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tipc_lb family driven by the kernel's own YNL client,
# tools/net/ynl/cli.py of a cached Debian kernel tree, with our spec
# Documentation/netlink/specs/tipc_lb.yaml (run inside the tools/vm/vm-run
# guest with the tipc-lb tipc.ko loaded; no cluster, a netns of its own):
#   - policies (every kind, weight source and default weight), the default,
#     weight and priority entries set in one cli.py --multi batch, some
#     more set with tipc-lb;
#   - read back with policy-get / default-get, dumped with policy-get,
#     weight-get (also filtered by type) and prio-get: the values set, and
#     the same as tipc-lb -j shows, compared as parsed JSON;
#   - the kernel replies only with attributes the spec lists for the op;
#   - the kernel enforces the spec's checks (type-min, the policy enum's
#     last value) with an extack naming the attribute;
#   - deletes by cli.py, seen by tipc-lb -j;
#   - every other dump op of the spec answers; a subscriber of each
#     multicast group of the spec hears of a change made by tipc-lb.
# The comparisons live in selftests/ynl_check.py (one python3 process;
# every cli.py run costs seconds under TCG, so sets and gets are batched).
# Skips (exit 4) without the kernel tree, python3-yaml, or the family.
source "$(dirname "$0")/lib.sh"

NS=
PY=/usr/bin/python3
SPEC=$REPO_DIR/Documentation/netlink/specs/tipc_lb.yaml
CACHE=${TIPC_LB_CACHE:-/var/cache/tipc-lb}
# The tree of the running kernel (vm-run boots the one tipc.ko was built
# for), else another cached tree: 6.1 has no YNL, and cli.py is only a
# client of the spec. The host's root, and so the cache, is shared
# read-only.
KSRC=${TIPC_LB_KSRC:-}
if [ -z "$KSRC" ]; then
	for KSRC in "$CACHE/$(uname -r)/linux-source" "$CACHE"/*/linux-source; do
		[ -r "$KSRC/tools/net/ynl/cli.py" ] && break
	done
fi
CLI_PY=$KSRC/tools/net/ynl/cli.py

ynl_cleanup() {
	ip netns del "$NS" 2>/dev/null
	return 0
}
trap 'ynl_cleanup; lib_cleanup' EXIT

[ -d /sys/module/tipc ] || ktap_skip_all "tipc module not loaded"
[ -r "$CLI_PY" ] || ktap_skip_all \
	"no YNL cli.py in the kernel tree ($CLI_PY; tools/build-module unpacks it on the host)"
[ -x "$TIPC_LB_CLI" ] || ktap_skip_all "tipc-lb CLI not built ($TIPC_LB_CLI)"
"$PY" -c 'import yaml' 2>/dev/null || ktap_skip_all "python3-yaml missing (tools/deps ynl)"
if ! out=$("$TIPC_LB_CLI" policy show 2>&1) && grep -q "family not found" <<<"$out"; then
	ktap_skip_all "the loaded tipc.ko has no tipc_lb generic netlink family"
fi
diag "cli.py: $CLI_PY"

ynl_cleanup
if ! ns_setup NS; then
	ktap_fail "create netns $NS"
	ktap_finish
fi

# ynl_check.py prints "ok DESC", "not ok DESC", "skip DESC # REASON" and
# "# ..." details, as it goes.
while IFS= read -r line; do
	case $line in
	'ok '*) ktap_ok "${line#ok }" ;;
	'not ok '*) ktap_fail "${line#not ok }" ;;
	'skip '*) line=${line#skip }; ktap_skip "${line%% # *}" "${line#* # }" ;;
	'#'*) echo "$line" ;;
	*) diag "$line" ;;
	esac
done < <(ip netns exec "$NS" "$PY" "$SELFTEST_DIR/ynl_check.py" vm "$SPEC" \
	 "$CLI_PY" "$TIPC_LB_CLI" 2>&1)
wait $! || ktap_fail "ynl_check.py vm ran to its end (exit $?)"

ktap_finish
