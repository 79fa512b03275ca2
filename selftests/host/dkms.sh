#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS packaging, end to end with Debian's dkms: add the repository, build
# tipc.ko and tipc_diag.ko (diag.ko in 6.1) for Debian's SERIES kernel
# (not the running one: -k) from its headers and
# /usr/src/linux-source-SERIES.tar.xz, install, check what got installed,
# remove.  Everything dkms writes goes to a
# temporary directory (--sourcetree, --dkmstree, --installtree, signing key),
# so the system is left as it was; the install tree holds copies of the
# kernel's own TIPC modules, as /lib/modules/<kver> would.
#
#   selftests/host/dkms.sh     (TIPC_LB_DKMS_TREE=dir: add that tree instead)
#
# TAP lines, then "# dkms: P passed, F failed, S skipped"; exit 1 on failure.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
SERIES=${SERIES:-6.12}

TAP_NAME=dkms
source "$top/selftests/host_lib.sh"

# check DESC CMD...: ok if CMD succeeds
check() {
	local desc=$1

	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "failed: $*"; fi
}

[ "$(id -u)" = 0 ] || skip_all "dkms needs root"
out=$("$top/tools/deps" dkms 2>&1) ||
	skip_all "cannot install Debian's dkms package: $(tail -n1 <<<"$out")"
env=$("$top/tools/kernel-env" prepare "$SERIES" 2>/dev/null) ||
	skip_all "no Debian $SERIES kernel headers and source (tools/kernel-env prepare $SERIES)"
eval "$env"
# Only for this script: a KSRC inherited from the environment (make
# exports it even unset) would otherwise reach dkms-build
export -n KVER KDIR KSRC
# The tree dkms adds: the repository, or TIPC_LB_DKMS_TREE (the packaged
# /usr/src/tipc-lb-VERSION of tipc-lb-dkms, unpacked)
tree=${TIPC_LB_DKMS_TREE:-$top}
ver=$(cat "$tree/VERSION")
tarball=/usr/src/linux-source-$SERIES.tar.xz
[ -r "$tarball" ] || skip_all "no $tarball"
[ -d "/lib/modules/$KVER/kernel/net/tipc" ] || skip_all "no /lib/modules/$KVER (linux-image-$KVER)"
# The diag module's name in this kernel: tipc_diag, or diag in 6.1
dname=tipc_diag
compgen -G "/lib/modules/$KVER/kernel/net/tipc/diag.ko*" >/dev/null && dname=diag

# What the system holds before, to prove it is untouched afterwards
footprint() {
	{
		ls -d /usr/src/tipc-lb-* /var/lib/dkms/tipc-lb /var/lib/dkms/mok.*
		find "/lib/modules/$KVER/updates/dkms" -name 'tipc*' -o -name "$dname.ko*"
	} 2>/dev/null
}
before=$(footprint)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
inst=$root/lib/modules
mods=$inst/$KVER
log=$tmp/dkms.log
mkdir -p "$tmp/src" "$tmp/dkms" "$mods/kernel/net"
cp -r "/lib/modules/$KVER/kernel/net/tipc" "$mods/kernel/net/"
export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub
opts=(--sourcetree "$tmp/src" --dkmstree "$tmp/dkms" --installtree "$inst")

# dk ARGS...: dkms with our trees, output in $log
dk() {
	echo "+ dkms $*" >>"$log"
	dkms "$@" "${opts[@]}" >>"$log" 2>&1
}
show_log() { tail -n 25 "$log" | sed 's/^/# /'; }
status() { dkms status tipc-lb "${opts[@]}" 2>/dev/null; }
# The file a module name resolves to in the install tree
installed() { find "$mods/updates/dkms" -name "$1.ko*" 2>/dev/null | head -n1; }
unpack() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

echo "# dkms $(dkms --version 2>/dev/null | sed 's/^dkms-//'), tipc-lb $ver, kernel $KVER"

# --- add: "dkms add ." as an admin would, version from VERSION ---------------
if dk add "$tree" && [ -f "$tmp/src/tipc-lb-$ver/dkms.conf" ] &&
   status | grep -q "^tipc-lb/$ver: added"; then
	ok "dkms add registers tipc-lb/$ver (the VERSION file's)"
else
	not_ok "dkms add registers tipc-lb/$ver" "status: $(status)"
	show_log
	finish
fi

# --- the build takes KSRC from the environment, then the config file --------
KSRC=$tmp/no-such-tree dk build -m tipc-lb -v "$ver" -k "$KVER"
blog=$tmp/dkms/tipc-lb/$ver/build/make.log
if grep -qF "KSRC=$tmp/no-such-tree" "$blog" 2>/dev/null &&
   grep -qF "no TIPC sources" "$blog" && ! status | grep -q built; then
	ok "a KSRC without net/tipc fails the build, named in make.log"
else
	not_ok "a KSRC without net/tipc fails the build" "$(tail -n 5 "$blog" 2>&1)"
fi
cat >"$tmp/tipc-lb.conf" <<'EOF'
KSRC=/nonexistent/linux-$kernelver
EOF
TIPC_LB_DKMS_CONF=$tmp/tipc-lb.conf dk build -m tipc-lb -v "$ver" -k "$KVER"
if grep -qF "KSRC=/nonexistent/linux-$KVER" "$blog" 2>/dev/null; then
	ok "KSRC comes from /etc/dkms/tipc-lb.conf, with \$kernelver expanded"
else
	not_ok "KSRC comes from /etc/dkms/tipc-lb.conf" "$(tail -n 5 "$blog" 2>&1)"
fi

# --- build: net/tipc from Debian's linux-source tarball ----------------------
t0=$SECONDS
if dk build -m tipc-lb -v "$ver" -k "$KVER" && status | grep -q "^tipc-lb/$ver, $KVER, .*: built"; then
	ok "dkms build -k $KVER ($((SECONDS - t0)) s)"
else
	not_ok "dkms build -k $KVER" "status: $(status)"
	show_log
	tail -n 20 "$blog" 2>/dev/null | sed 's/^/# /'
	dk remove -m tipc-lb -v "$ver" --all
	finish
fi
mlog=$tmp/dkms/tipc-lb/$ver/$KVER/$(uname -m)/log/make.log
check "net/tipc came from $tarball" grep -qF "net/tipc from $tarball" "$mlog"

# --- install: over the kernel's own tipc.ko of the same upstream version -----
if dk install -m tipc-lb -v "$ver" -k "$KVER" --no-depmod &&
   [ -n "$(installed tipc)" ] && [ -n "$(installed $dname)" ] &&
   status | grep -q "^tipc-lb/$ver, $KVER, .*: installed"; then
	ok "dkms install puts tipc and $dname in updates/dkms"
else
	not_ok "dkms install puts tipc and $dname in updates/dkms" \
		"installed: $(find "$mods" -name 'tipc*' -o -name "$dname.ko*" | tr '\n' ' ')" \
		"status: $(status)"
	show_log
fi

tipc=$(installed tipc)
diag=$(installed $dname)
vm=$(modinfo -F vermagic "$tipc" 2>/dev/null)
check "vermagic of the installed tipc is $KVER" [ "${vm%% *}" = "$KVER" ]
for m in "$tipc" "$diag"; do
	v=$(modinfo -F version "$m" 2>/dev/null)
	check "$(basename "$m") has version 2.0.0-tipc-lb-$ver" [ "$v" = "2.0.0-tipc-lb-$ver" ]
done
if [ -n "$tipc" ] && unpack "$tipc" | grep -qaP '\x00tipc_lb\x00'; then
	ok "the installed tipc has the tipc_lb generic netlink family"
else
	not_ok "the installed tipc has the tipc_lb generic netlink family" "file: $tipc"
fi
signer=$(modinfo -F signer "$tipc" 2>/dev/null)
echo "# signer: ${signer:-none}"

# modprobe's view: depmod over the install tree (dkms ran with --no-depmod)
if depmod -b "$root" "$KVER" 2>>"$log"; then
	f=$(modinfo -b "$root" -k "$KVER" -F filename tipc 2>/dev/null)
	check "modprobe prefers updates/dkms/$(basename "$f") over kernel/net/tipc" \
		[ "$f" = "$tipc" ]
else
	not_ok "depmod -b over the install tree"
	show_log
fi

# --- remove: modules gone, the kernel's own left, nothing of ours remains ---
if dk remove -m tipc-lb -v "$ver" --all --no-depmod &&
   [ -z "$(find "$mods/updates" -name 'tipc*' -o -name "$dname.ko*" 2>/dev/null)" ] &&
   [ ! -e "$tmp/dkms/tipc-lb" ] && [ -z "$(status)" ]; then
	ok "dkms remove --all unregisters and uninstalls tipc-lb"
else
	not_ok "dkms remove --all unregisters and uninstalls tipc-lb" \
		"left: $(find "$mods/updates" "$tmp/dkms" 2>/dev/null | tr '\n' ' ')"
	show_log
fi
check "the kernel's own tipc.ko stays" [ -n "$(find "$mods/kernel/net/tipc" -name 'tipc.ko*')" ]
after=$(footprint)
if [ "$before" = "$after" ]; then
	ok "/usr/src, /var/lib/dkms and /lib/modules/$KVER untouched"
else
	not_ok "/usr/src, /var/lib/dkms and /lib/modules/$KVER untouched" \
		"$(diff <(echo "$before") <(echo "$after"))"
fi
finish
