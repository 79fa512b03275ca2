#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The series for the kernel tree (make patches, tools/mkseries) against a
# pristine copy of Debian's 6.12 tree, patch by patch:
#   - it applies without fuzz (git apply: every context line exact);
#   - net/tipc builds in the tree with W=1 and sparse (C=1), as a module,
#     with no warning, and tipc.o leaves no symbol of its own undefined
#     (what modpost would refuse);
#   - checkpatch --strict finds nothing in it, commit message included.
#     The one exception is "does MAINTAINERS need updating?" for patches
#     whose new files the TIPC entry already covers (get_maintainer.pl
#     says so, tested here): those need no update;
#   - scripts/kernel-doc -Wall finds nothing in our files as they are then.
# After the last patch the kselftest target net/tipc builds and installs
# (make -C tools/testing/selftests TARGETS=net/tipc install) and its
# runner lists the tests; net/tipc builds once more, built in
# (CONFIG_TIPC=y) with the KUnit suites (CONFIG_KUNIT=y,
# CONFIG_TIPC_LB_KUNIT_TEST=y).
# The pristine tree builds first, with the same flags: a warning of stock
# TIPC would be reported there, not blamed on a patch.
#
#   selftests/host/series.sh     (TIPC_LB_KSRC=tree overrides the tree)
#
# The build tree lives in $TIPC_LB_CACHE/series (hard links to the
# pristine tree, patched files copied); it is made again at each run.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${TIPC_LB_CACHE:-/var/cache/tipc-lb}
TAP_NAME=host
source "$top/selftests/host_lib.sh"

ksrc=${TIPC_LB_KSRC:-}
if [ -z "$ksrc" ] && kver=$("$top/tools/kernel-env" kver 6.12 2>/dev/null); then
	ksrc=$CACHE/$kver/linux-source
fi
if [ -z "$ksrc" ] || [ ! -f "$ksrc/net/tipc/name_table.c" ]; then
	skip_all "no 6.12 kernel tree (${ksrc:-unresolved}; tools/build-module unpacks it)"
fi
for t in sparse flex bison git; do
	command -v "$t" >/dev/null ||
		skip_all "$t missing (tools/deps series installs it)"
done
echo "# kernel tree: $ksrc"

work=$CACHE/series
src=$work/src
obj=$work/obj
out=$work/patches
mkdir -p "$work"
rm -rf "$src" "$out"
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT

# --- the series ------------------------------------------------------------------
if "$top/tools/mkseries" "$ksrc" "$out" >"$log" 2>&1; then
	ok "tools/mkseries writes the series ($(cat "$log"))"
else
	not_ok "tools/mkseries writes the series" "$(cat "$log")"
	finish
fi
mapfile -t patches < <(find "$out" -name '0*.patch' ! -name '0000-*' | sort)
[ -f "$out/0000-cover-letter.patch" ] && ok "the series has a cover letter" ||
	not_ok "the series has a cover letter"

# A copy of the tree: hard links, but a real copy of every file a patch
# touches (git apply replaces files in place)
cp -al "$ksrc" "$src"
for f in $(sed -n 's|^+++ b/||p' "${patches[@]}" | sort -u); do
	[ -f "$src/$f" ] && cp --remove-destination "$ksrc/$f" "$src/$f"
done

# kbuild KCONFIG...: configure $obj as asked and build net/tipc, W=1 C=1;
# the compiler's and sparse's output in $log
kbuild() {
	(
		set -e
		if [ ! -f "$obj/.config" ]; then
			make -s -C "$src" O="$obj" defconfig
		fi
		"$src/scripts/config" --file "$obj/.config" "$@"
		make -s -C "$src" O="$obj" olddefconfig
		make -s -C "$src" O="$obj" -j"$(nproc)" modules_prepare
		make -s -C "$src" O="$obj" -j"$(nproc)" W=1 C=1 net/tipc/
	) >"$log" 2>&1
}

# built LABEL: the build in $log succeeded without a warning
built() {
	local rc=$1 what=$2 warn

	warn=$(grep -E 'warning:|error:|Error [0-9]' "$log")
	if [ "$rc" = 0 ] && [ -z "$warn" ]; then
		ok "$what: net/tipc builds, W=1 and sparse clean"
	else
		not_ok "$what: net/tipc builds, W=1 and sparse clean" \
			"exit $rc" "${warn:-$(tail -n 20 "$log")}"
		return 1
	fi
}

# undefined LABEL: tipc.o needs no symbol the module should define
undefined() {
	local u

	u=$(nm -u "$obj/net/tipc/tipc.o" 2>/dev/null | awk '{print $2}' | grep -i tipc)
	if [ -f "$obj/net/tipc/tipc.o" ] && [ -z "$u" ]; then
		ok "$1: tipc.o leaves none of its own symbols undefined"
	else
		not_ok "$1: tipc.o leaves none of its own symbols undefined" "$u"
	fi
}

config_m=(-d KUNIT -m TIPC -e TIPC_MEDIA_UDP -e TIPC_CRYPTO -e TIPC_DIAG)
rm -rf "$obj"
kbuild "${config_m[@]}"
built $? "pristine 6.12" && undefined "pristine 6.12"

ours=(net/tipc/lb*.c net/tipc/lb*.h include/uapi/linux/tipc_lb.h)
for p in "${patches[@]}"; do
	name=${p##*/}
	name=${name%%-*}/$(printf '%02d' ${#patches[@]})
	subject=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$p")
	echo "# $name: $subject"
	if (cd "$src" && git apply --whitespace=error-all "$p") >"$log" 2>&1; then
		ok "$name applies"
	else
		not_ok "$name applies" "$(cat "$log")"
		break
	fi

	# checkpatch: new files all under the TIPC entry need no MAINTAINERS
	# update
	ignore=()
	new=$(awk '/^diff --git/ {f = $4} /^new file mode/ {sub("^b/", "", f); print f}' "$p")
	if [ -n "$new" ] && ! grep -q '^ MAINTAINERS *|' "$p"; then
		covered=1
		for f in $new; do
			(cd "$src" && scripts/get_maintainer.pl --nogit --nogit-fallback \
				--no-rolestats -f "$f" 2>/dev/null) | grep -q 'jmaloy@redhat.com' ||
				covered=0
		done
		if [ "$covered" = 1 ]; then
			ignore=(--ignore FILE_PATH_CHANGES)
			echo "# $name: its new files are the TIPC entry's (F: net/tipc/)"
		fi
	fi
	if (cd "$src" && scripts/checkpatch.pl --strict --quiet "${ignore[@]}" "$p") \
		>"$log" 2>&1; then
		ok "$name: checkpatch --strict clean"
	else
		not_ok "$name: checkpatch --strict clean" "$(head -n 30 "$log")"
	fi

	docs=()
	for f in "${ours[@]}"; do
		for g in "$src"/$f; do
			[ -f "$g" ] && docs+=("$g")
		done
	done
	if [ ${#docs[@]} = 0 ]; then
		:
	elif (cd "$src" && scripts/kernel-doc -Wall -none "${docs[@]}") >"$log" 2>&1 &&
	     [ ! -s "$log" ]; then
		ok "$name: kernel-doc -Wall clean (${#docs[@]} files)"
	else
		not_ok "$name: kernel-doc -Wall clean" "$(head -n 20 "$log")"
	fi

	kbuild "${config_m[@]}"
	built $? "$name" && undefined "$name"
done

# The kselftests the last patch adds: built and installed by the tree's
# kselftest Makefile, listed by its runner
ksft=$work/ksft
rm -rf "$ksft"
if (cd "$src" && make -s -C tools/testing/selftests TARGETS=net/tipc \
	INSTALL_PATH="$ksft" install) >"$log" 2>&1 &&
   ! grep -q 'warning:' "$log" &&
   n=$("$ksft/run_kselftest.sh" -l 2>/dev/null | grep -c '^net/tipc:') && [ "$n" -gt 0 ]; then
	ok "make -C tools/testing/selftests TARGETS=net/tipc install: $n tests, no warning"
else
	not_ok "make -C tools/testing/selftests TARGETS=net/tipc install" "$(tail -n 20 "$log")"
fi

kbuild -e KUNIT -e TIPC -e TIPC_LB_KUNIT_TEST
rc=$?
built $rc "the series, CONFIG_TIPC=y with the KUnit suites" &&
	if [ -f "$obj/net/tipc/lb_test.o" ]; then
		ok "the KUnit suites were built in (lb_test.o)"
	else
		not_ok "the KUnit suites were built in (lb_test.o)"
	fi
finish
