#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the YNL spec Documentation/netlink/specs/tipc_lb.yaml
# with the tools of the cached Debian kernel tree (no TIPC needed):
#   - the spec validates against the tree's schema of its protocol
#     (genetlink-legacy.yaml), and against genetlink.yaml but for its one
#     flag uns-admin-perm; it keeps the rules the generator does not check
#     (ynl_check.py spec: permissions, notifications);
#   - tools/net/ynl/ynl-gen-c.py runs in every mode (uapi, kernel and user,
#     header and source), each under a timeout;
#   - the committed generated files, include/uapi/linux/tipc_lb.h and
#     net/tipc/lb_nl_gen.[ch], are exactly what it makes of the spec now
#     (tools/ynl-regen updates them);
#   - the uAPI header compiles on its own;
#   - the generated user code compiles against the tree's YNL library;
#   - net/tipc/lb_netlink.c fits the generated code: every handler of the
#     generated ops table defined, that table and the spec's multicast
#     groups registered, no policy or ops table of its own.
#
#   selftests/host/ynl_spec.sh     (TIPC_LB_KSRC=tree overrides the tree)
#
# TAP lines, then "# host: P passed, F failed, S skipped"; exit 1 if
# anything failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
SPEC=$top/Documentation/netlink/specs/tipc_lb.yaml
UAPI=$top/include/uapi/linux/tipc_lb.h
CHECK=$top/tools/testing/selftests/net/tipc/ynl_check.py
# Debian's python3 and its python3-yaml / python3-jsonschema (tools/deps ynl)
PY=/usr/bin/python3

TAP_NAME=host
source "$top/selftests/host_lib.sh"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# run_checks CMD...: number and count the "ok|not ok|skip DESC" lines of a
# ynl_check.py run (other lines pass through); a run that dies
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

# --- the spec against the schema, and our rules ------------------------------
run_checks "$PY" "$CHECK" schema "$SPEC" "$SCHEMA"
run_checks "$PY" "$CHECK" spec "$SPEC"
# genetlink-legacy for uns-admin-perm only: with admin-perm for it, the
# spec is a genetlink one
if [ "$PROTO" = genetlink-legacy ]; then
	sed -e 's/^protocol: genetlink-legacy/protocol: genetlink/' \
	    -e 's/\buns-admin-perm\b/admin-perm/g' "$SPEC" >"$work/plain.yaml"
	if out=$("$PY" "$CHECK" schema "$work/plain.yaml" \
		 "$ksrc/Documentation/netlink/genetlink.yaml" 2>&1) && [[ $out == ok* ]]; then
		ok "genetlink-legacy for uns-admin-perm only: the spec is genetlink otherwise"
	else
		not_ok "genetlink-legacy for uns-admin-perm only: the spec is genetlink otherwise" \
			"${out#not ok }"
	fi
fi

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

# --- the committed generated files are what the generator makes now --------
# (the output names above are the committed ones: the kernel source
# includes its header by the name it was written to)
declare -A committed=(
	[linux/tipc_lb.h]=include/uapi/linux/tipc_lb.h
	[lb_nl_gen.h]=net/tipc/lb_nl_gen.h [lb_nl_gen.c]=net/tipc/lb_nl_gen.c
)
for g in linux/tipc_lb.h lb_nl_gen.h lb_nl_gen.c; do
	f=${committed[$g]}
	desc="$f is what ynl-gen-c.py makes of the spec"
	if [ ! -s "$work/gen/$g" ]; then
		not_ok "$desc" "not generated (see above)"
	elif [ ! -f "$top/$f" ]; then
		not_ok "$desc" "$f is missing: run tools/ynl-regen"
	elif diff -u "$top/$f" "$work/gen/$g" >"$work/drift.diff"; then
		ok "$desc"
	else
		not_ok "$desc" \
			"$f differs from what ynl-gen-c.py of $ksrc makes of" \
			"Documentation/netlink/specs/tipc_lb.yaml: it was edited, or the spec" \
			"changed without it; run tools/ynl-regen and commit the result." \
			"$(head -n 30 "$work/drift.diff")"
	fi
done

# --- the uAPI header compiles on its own --------------------------------------
# A program printing the value of every TIPC_LB_* name the header has
if ! "$PY" "$CHECK" uapi-prog "$UAPI" "$work/vals.c" ||
   ! gcc -std=gnu11 -Wall -Werror -o "$work/vals" "$work/vals.c" 2>"$work/vals.log" ||
   ! "$work/vals" >"$work/vals.values"; then
	not_ok "include/uapi/linux/tipc_lb.h compiles on its own" "$(head -n 5 "$work/vals.log")"
else
	ok "include/uapi/linux/tipc_lb.h compiles on its own ($(wc -l <"$work/vals.values") names)"
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

# --- net/tipc/lb_netlink.c fits the generated code ----------------------------
run_checks "$PY" "$CHECK" kernel "$SPEC" "$top/net/tipc/lb_nl_gen.h" \
	"$top/net/tipc/lb_netlink.c"

finish
