#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the YNL spec Documentation/netlink/specs/tipc_lb.yaml
# with the tools of the cached Debian kernel tree (no TIPC needed):
#   - the spec validates against the tree's schema of its protocol;
#   - tools/net/ynl/ynl-gen-c.py runs in every mode (uapi, kernel and user,
#     header and source), each under a timeout;
#   - the generated uAPI header compiles and defines every TIPC_LB_* name of
#     include/uapi/linux/tipc_lb.h with the same value, and nothing else;
#   - the generated user code compiles against the tree's YNL library;
#   - net/tipc/lb_netlink.c validates each attribute as the spec's checks
#     say, and its ops table has the spec's do / dump handlers and
#     admin-perm flags; its multicast groups are the spec's.
#
#   selftests/host/ynl_spec.sh     (TIPC_LB_KSRC=tree overrides the tree)
#
# TAP lines, then "# host: P passed, F failed, S skipped"; exit 1 if
# anything failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
SPEC=$top/Documentation/netlink/specs/tipc_lb.yaml
UAPI=$top/include/uapi/linux/tipc_lb.h
CHECK=$top/selftests/ynl_check.py
# Debian's python3 and its python3-yaml / python3-jsonschema (tools/deps ynl)
PY=/usr/bin/python3

TAP_NAME=host
source "$top/selftests/host_lib.sh"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# run_checks CMD...: number and count the "ok|not ok|skip DESC" lines of a
# selftests/ynl_check.py run (other lines pass through); a run that dies
# counts as one failure.
run_checks() {
	local out rc line

	out=$("$@" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case $line in
		'ok '*) ok "${line#ok }" ;;
		'not ok '*) not_ok "${line#not ok }" ;;
		'skip '*) line=${line#skip }; skipped "${line%% # *}" "${line#* # }" ;;
		'#'*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done <<<"$out"
	[ "$rc" = 0 ] || not_ok "ynl_check.py $3 ran to its end" "exit $rc"
}

# --- prerequisites -------------------------------------------------------------
# The tree tools/build-module unpacked: the only one in the cache, else
# the one of the kernel tools/kernel-env resolves (asks apt: slower).
ksrc=${TIPC_LB_KSRC:-}
if [ -z "$ksrc" ]; then
	trees=("${TIPC_LB_CACHE:-/var/cache/tipc-lb}"/*/linux-source/.unpacked)
	if [ ${#trees[@]} = 1 ] && [ -e "${trees[0]}" ]; then
		ksrc=${trees[0]%/.unpacked}
	elif kver=$("$top/tools/kernel-env" kver "${SERIES:-6.12}" 2>/dev/null); then
		ksrc=${TIPC_LB_CACHE:-/var/cache/tipc-lb}/$kver/linux-source
	fi
fi
YNL=$ksrc/tools/net/ynl
PROTO=$(sed -n 's/^protocol:[[:space:]]*\([a-z-]*\).*/\1/p' "$SPEC")
SCHEMA=$ksrc/Documentation/netlink/${PROTO:-genetlink}.yaml
if [ -z "$ksrc" ] || [ ! -f "$YNL/ynl-gen-c.py" ] || [ ! -f "$SCHEMA" ]; then
	skipped "YNL spec tests" "no kernel tree with tools/net/ynl (${ksrc:-unresolved}; tools/build-module unpacks it)"
	finish
fi
if ! "$PY" -c 'import yaml, jsonschema' 2>/dev/null; then
	skipped "YNL spec tests" "python3-yaml or python3-jsonschema missing (tools/deps ynl)"
	finish
fi
echo "# kernel tree: $ksrc"

# --- the spec against the schema ----------------------------------------------
run_checks "$PY" "$CHECK" schema "$SPEC" "$SCHEMA"

# --- ynl-gen-c.py in every mode ---------------------------------------------------
# From a staging tree: the generator takes the schema from ../PROTOCOL.yaml
# next to the spec's directory, and it walks up from the spec to a
# MAINTAINERS file, forever in 6.12 if there is none (find_kernel_root()
# never stops at /).  The timeout guards against such hangs anyway.
stage=$work/tree
mkdir -p "$stage/Documentation/netlink/specs" "$work/gen" &&
	: >"$stage/MAINTAINERS" &&
	ln -s "$SCHEMA" "$stage/Documentation/netlink/${SCHEMA##*/}" &&
	cp "$SPEC" "$stage/Documentation/netlink/specs/tipc_lb.yaml" || exit 1

declare -A gen_out=(
	[uapi:header]=linux/tipc_lb.h
	[kernel:header]=lb_nl_gen.h [kernel:source]=lb_nl_gen.c
	[user:header]=tipc_lb-user.h [user:source]=tipc_lb-user.c
)
mkdir -p "$work/gen/linux"
for m in uapi:header kernel:header kernel:source user:header user:source; do
	out=$work/gen/${gen_out[$m]}
	timeout -k 5 60 "$PY" "$YNL/ynl-gen-c.py" --mode "${m%%:*}" "--${m#*:}" \
		--spec "$stage/Documentation/netlink/specs/tipc_lb.yaml" -o "$out" \
		>"$work/gen.log" 2>&1
	rc=$?
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		not_ok "ynl-gen-c.py --mode ${m%%:*} --${m#*:}" "timed out after 60 s"
	elif [ "$rc" != 0 ] || [ ! -s "$out" ]; then
		not_ok "ynl-gen-c.py --mode ${m%%:*} --${m#*:}" "exit $rc" \
			"$(tail -n 5 "$work/gen.log")"
	else
		ok "ynl-gen-c.py --mode ${m%%:*} --${m#*:}"
	fi
done

# --- the generated uAPI header against include/uapi/linux/tipc_lb.h ------------
# Each header on its own (they define the same names): a program prints the
# value of every TIPC_LB_* name it uses; ynl_check.py compares the lists.
values() {
	local h=$1 tag=$2

	"$PY" "$CHECK" uapi-prog "$h" "$work/$tag.c" &&
		gcc -std=gnu11 -Wall -Werror -o "$work/$tag" "$work/$tag.c" 2>"$work/$tag.log" &&
		"$work/$tag" >"$work/$tag.values"
}
gen_h=$work/gen/linux/tipc_lb.h
if [ ! -s "$gen_h" ]; then
	not_ok "generated uAPI header compiles" "not generated"
elif ! values "$UAPI" vals-real; then
	not_ok "include/uapi/linux/tipc_lb.h compiles" "$(head -n 5 "$work/vals-real.log")"
elif ! values "$gen_h" vals-gen; then
	not_ok "generated uAPI header compiles" "$(head -n 5 "$work/vals-gen.log")"
else
	ok "generated uAPI header compiles"
	run_checks "$PY" "$CHECK" uapi-cmp "$UAPI" "$gen_h" "$work/vals-real.values" "$work/vals-gen.values"
fi

# --- the generated user code compiles with the tree's YNL library --------------
# Against our real uAPI header: the generated code must fit it.
if [ -s "$work/gen/tipc_lb-user.c" ] &&
   gcc -std=gnu11 -W -Wall -Wextra -Wno-unused-parameter -Wshadow -Werror \
	-I"$YNL/lib" -I"$work/gen" -I"$top/include/uapi" -c -o "$work/user.o" \
	"$work/gen/tipc_lb-user.c" 2>"$work/user.log"; then
	ok "generated user code compiles against include/uapi/linux/tipc_lb.h"
else
	not_ok "generated user code compiles against include/uapi/linux/tipc_lb.h" \
		"$(head -n 10 "$work/user.log" 2>/dev/null)"
fi

# --- the kernel's policy and ops as the spec says -------------------------------
if [ -s "$work/gen/lb_nl_gen.c" ] && [ -s "$work/vals-real.values" ]; then
	run_checks "$PY" "$CHECK" kernel "$SPEC" "$work/gen/lb_nl_gen.c" \
		"$top/net/tipc/lb_netlink.c" "$work/vals-real.values"
else
	not_ok "kernel policy and ops checked against the spec" "no generated kernel source or uAPI values"
fi

finish
