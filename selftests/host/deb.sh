#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages, end to end on the host (no TIPC needed):
#   - make deb's builder (tools/deb/build) makes tipc-lb-dkms and tipc-lb
#     with debhelper and dh-dkms, and lintian finds no error or warning that
#     is not overridden with a reason;
#   - each package holds what it must (CLI, man page, completion, unit, udev
#     rule, apply script, example; the module source with a versioned
#     dkms.conf), and tipc-lb-dkms depends on dkms and the kernel source;
#   - both install with dpkg into a clean root (busybox for the maintainer
#     scripts, libc6 and libmnl0 unpacked from Debian's packages), where the
#     CLI runs (chroot) and the apply script finds nothing to do; dh_dkms's
#     postinst hands the module to DKMS (a stub recording the call);
#   - both remove cleanly.
#
#   selftests/host/deb.sh    (TIPC_LB_DEB_DKMS=y: also build the packaged
#                             module source with dkms, as dkms.sh does)
#
# TAP lines, then "# deb: P passed, F failed, S skipped"; exit 1 on failure.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${TIPC_LB_CACHE:-/var/cache/tipc-lb}

TAP_NAME=deb
source "$top/selftests/host_lib.sh"

# check DESC CMD...: ok if CMD succeeds
check() {
	local desc=$1

	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "failed: $*"; fi
}

[ "$(id -u)" = 0 ] || skip_all "dpkg --root and chroot need root"
out=$("$top/tools/deps" deb 2>&1) ||
	skip_all "cannot install debhelper, dh-dkms and lintian: $(tail -n1 <<<"$out")"
command -v busybox >/dev/null || skip_all "no busybox (busybox-static) for the clean root's shell"
ver=$(cat "$top/VERSION")
arch=$(dpkg --print-architecture)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
outdir=$tmp/out

# --- build and lintian -------------------------------------------------------
t0=$SECONDS
"$top/tools/deb/build" "$outdir" >"$tmp/build.log" 2>&1
rc=$?
cli_deb=$outdir/tipc-lb_${ver}_$arch.deb
dkms_deb=$outdir/tipc-lb-dkms_${ver}_all.deb
if [ -s "$cli_deb" ] && [ -s "$dkms_deb" ]; then
	ok "tools/deb/build makes tipc-lb and tipc-lb-dkms $ver ($((SECONDS - t0)) s)"
else
	not_ok "tools/deb/build makes tipc-lb and tipc-lb-dkms $ver" "$(tail -n 20 "$tmp/build.log")"
	finish
fi
if [ "$rc" = 0 ] && ! grep -qE '^[EW]: ' "$tmp/build.log"; then
	ok "lintian: no error or warning (overrides: $(grep -c '^O: ' "$tmp/build.log"))"
else
	not_ok "lintian: no error or warning" "$(grep -E '^[EWO]: ' "$tmp/build.log")"
fi
grep -E '^[EWIO]: ' "$tmp/build.log" | sed 's/^/# lintian: /'

# --- contents and relations ----------------------------------------------------
# shellcheck disable=SC2317  # called through check
has() { dpkg-deb -c "$1" | awk '{ print $6 }' | grep -qx "$2"; }
for f in ./usr/sbin/tipc-lb ./usr/share/man/man8/tipc-lb.8.gz \
	 ./usr/share/bash-completion/completions/tipc-lb \
	 ./lib/systemd/system/tipc-lb.service ./lib/udev/rules.d/90-tipc-lb.rules \
	 ./usr/libexec/tipc-lb/tipc-lb-apply ./usr/share/doc/tipc-lb/examples/tipc-lb.conf; do
	check "tipc-lb has ${f#.}" has "$cli_deb" "$f"
done
s=./usr/src/tipc-lb-$ver
for f in dkms.conf VERSION Kbuild tools/dkms-build tools/stage-tipc net/tipc/lb.c \
	 net/tipc/lb_nl_gen.c net/tipc/lb_nl_gen.h net/tipc/lb_genl_compat.h \
	 net/patches/tipc-lb-hooks.patch net/patches/tipc-fix-nametable-dump.patch \
	 net/patches/tipc-fix-range-duplicate.patch net/patches/tipc-fix-range-max.patch \
	 net/patches/tipc-lb-version.patch \
	 include/uapi/linux/tipc_lb.h; do
	check "tipc-lb-dkms has ${s#.}/$f" has "$dkms_deb" "$s/$f"
done
dpkg-deb -x "$dkms_deb" "$tmp/dkms-x"
check "the packaged dkms.conf has PACKAGE_VERSION=\"$ver\"" \
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$tmp/dkms-x/usr/src/tipc-lb-$ver/dkms.conf"
dep=$(dpkg-deb -f "$dkms_deb" Depends)
if [[ $dep == *"dkms"* && $dep == *"linux-source"* ]]; then
	ok "tipc-lb-dkms depends on dkms and the kernel source ($dep)"
else
	not_ok "tipc-lb-dkms depends on dkms and the kernel source" "$dep"
fi
dep=$(dpkg-deb -f "$cli_deb" Depends)
check "tipc-lb depends on libmnl0 ($dep)" grep -q libmnl0 <<<"$dep"
unit=$(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./lib/systemd/system/tipc-lb.service)
check "the unit runs /usr/libexec/tipc-lb/tipc-lb-apply" \
	grep -qx 'ExecStart=/usr/libexec/tipc-lb/tipc-lb-apply' <<<"$unit"
apply=$(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./usr/libexec/tipc-lb/tipc-lb-apply)
# shellcheck disable=SC2016  # a literal line of the script
check "the apply script runs /usr/sbin/tipc-lb" grep -qx 'CLI=${TIPC_LB_CLI:-/usr/sbin/tipc-lb}' <<<"$apply"

# --- the packaged module source through DKMS (opt-in: a second module build,
# about 3 minutes; selftests/host/dkms.sh builds the repository's tree anyway)
if [ "${TIPC_LB_DEB_DKMS:-}" = y ]; then
	while IFS= read -r line; do
		case $line in
		'ok '*) line=${line#ok }; ok "packaged tree: ${line#* }" ;;
		'not ok '*) line=${line#not ok }; not_ok "packaged tree: ${line#* }" ;;
		'#'*) echo "$line" ;;
		esac
	done < <(TIPC_LB_DKMS_TREE=$tmp/dkms-x/usr/src/tipc-lb-$ver "$top/selftests/host/dkms.sh" 2>&1 |
		 grep -E '^(ok|not ok|#) ' | grep -v '^# dkms: ')
else
	echo "# the packaged tree through dkms: not run (TIPC_LB_DEB_DKMS=y runs it: a second module build)"
fi

# --- install into a clean root ---------------------------------------------------
# libc6 and libmnl0 from Debian's archive (cached), unpacked: the CLI's
# shared libraries; busybox: the maintainer scripts' shell
debs=$CACHE/debs
mkdir -p "$debs"
for p in libc6 libmnl0; do
	compgen -G "$debs/${p}_*.deb" >/dev/null ||
		(cd "$debs" && apt-get download "$p" >/dev/null 2>&1) ||
		skip_all "cannot download $p from the Debian archive"
done
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,tmp,etc,var/lib/dpkg/info,var/lib/dpkg/updates,var/lib/dpkg/triggers,usr/lib/dkms}
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
cp "$(command -v busybox)" "$root/bin/busybox"
chroot "$root" /bin/busybox --install -s /bin
for p in libc6 libmnl0; do
	dpkg-deb -x "$(compgen -G "$debs/${p}_*.deb" | head -n1)" "$root"
done
# dpkg wants these in the root's PATH; busybox has no ldconfig or
# start-stop-daemon worth running here
for p in ldconfig start-stop-daemon; do
	printf '#!/bin/sh\nexit 0\n' >"$root/sbin/$p"
	chmod 755 "$root/sbin/$p"
done
# DKMS's side of dh_dkms's postinst: record the call
cat >"$root/usr/lib/dkms/common.postinst" <<'EOF_STUB'
#!/bin/sh
echo "$@" >/tmp/dkms-postinst.args
EOF_STUB
chmod 755 "$root/usr/lib/dkms/common.postinst"

dp() { dpkg --root="$root" --force-depends "$@" >>"$tmp/dpkg.log" 2>&1; }
status() { dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' "$1" 2>/dev/null; }
if dp -i "$cli_deb" && [ "$(status tipc-lb)" = "install ok installed" ]; then
	ok "dpkg --root installs tipc-lb into a clean root"
else
	not_ok "dpkg --root installs tipc-lb into a clean root" "$(tail -n 10 "$tmp/dpkg.log")"
fi
if dp -i "$dkms_deb" && [ "$(status tipc-lb-dkms)" = "install ok installed" ] &&
   [ -f "$root/usr/src/tipc-lb-$ver/dkms.conf" ]; then
	ok "dpkg --root installs tipc-lb-dkms: /usr/src/tipc-lb-$ver"
else
	not_ok "dpkg --root installs tipc-lb-dkms" "$(tail -n 10 "$tmp/dpkg.log")"
fi
check "its postinst hands tipc-lb $ver to DKMS" \
	grep -q "^tipc-lb $ver /usr/share/tipc-lb-dkms" "$root/tmp/dkms-postinst.args"

# the CLI in the root: no TIPC on the host, so the family lookup fails
v=$(chroot "$root" /usr/sbin/tipc-lb -V 2>&1)
check "chroot: tipc-lb -V says $ver" grep -qx "tipc-lb $ver (generic netlink family tipc_lb, version 1)" <<<"$v"
h=$(chroot "$root" /usr/sbin/tipc-lb help policy 2>&1)
check "chroot: tipc-lb help policy" grep -q '^Usage: tipc-lb \[ OPTIONS \] policy set' <<<"$h"
e=$(chroot "$root" /usr/sbin/tipc-lb policy show 2>&1)
rc=$?
if [ "$rc" = 1 ] && grep -q 'family not found' <<<"$e"; then
	ok "chroot: tipc-lb policy show reaches netlink (no TIPC here: family not found)"
else
	not_ok "chroot: tipc-lb policy show reaches netlink" "exit $rc: $e"
fi
a=$(chroot "$root" /usr/libexec/tipc-lb/tipc-lb-apply 2>&1)
check "chroot: tipc-lb-apply without /etc/tipc-lb.conf does nothing" \
	[ "$a" = "tipc-lb-apply: no /etc/tipc-lb.conf, nothing to apply" ]

# --- remove -----------------------------------------------------------------------
if dp --purge tipc-lb tipc-lb-dkms && [ ! -e "$root/usr/sbin/tipc-lb" ] &&
   [ ! -e "$root/usr/src/tipc-lb-$ver" ] && [ -z "$(status tipc-lb)" ] ; then
	ok "dpkg --purge removes both"
else
	not_ok "dpkg --purge removes both" "$(tail -n 10 "$tmp/dpkg.log")" "status: $(status tipc-lb)"
fi

finish
