# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vm-lib.sh: what tools/vm/vm-run (one guest) and tools/vm/vm-cluster (one
# guest per TIPC node) share: host packages, the Debian kernel to boot, the
# busybox initramfs with its two guest stages, the job directory a guest
# reads at boot and QEMU's common arguments.  Sourced; the caller sets
# VM_PROG (its name in messages) first.
#
#   need_pkgs PKG...            install what is missing (apt only then)
#   vm_kernel KVER              KERNEL, MODROOT, DIAG (tipc_diag or diag),
#                               KCACHE for that Debian kernel
#   vm_debug_kernel             the same for the debug kernel (built once by
#                               tools/vm/debug-kernel), and VM_DEBUG=1
#   vm_initramfs                INITRD: the cached initramfs for KVER
#   vm_job_files JOB MODDIR CMD...  job.env, job.sh, binds, marker in JOB
#                               (EXTRA_ENV and SHARES: extra names/dirs)
#   vm_qemu_args JOB SMP MEM    VM_QEMU: qemu command line without the
#                               serial ports of the command and the NICs
#
# A guest: stage 1 (busybox) mounts the host's / read-only over 9p, tmpfs
# on the writable places, switch_root; stage 2 (host userland) loads the
# job's modules and runs job.sh with its output on ttyS1 (see vm-run).

CACHE=${TIPC_LB_CACHE:-/var/cache/tipc-lb}
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MARKER='@@vm-run-exit-status@@'
VM_PROG=${VM_PROG:-vm}
EXTRA_ENV=()
SHARES=()

die() {
	echo "$VM_PROG: $*" >&2
	exit 125
}

log() {
	echo "$VM_PROG: $*" >&2
}

# --- host prerequisites ----------------------------------------------------
# CI may be a fresh Debian 12: install what is missing, but only ask apt when
# something really is missing so a warm run stays offline and fast.
need_pkgs() {
	local missing

	# One dpkg-query for all: a warm run must cost nothing here.
	missing=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>&1 |
		awk -v want="$*" '
			/ install ok installed$/ { ok[$1] = 1 }
			END { n = split(want, w, " ")
			      for (i = 1; i <= n; i++) if (!(w[i] in ok)) printf "%s ", w[i] }')
	[ -z "$missing" ] && return 0
	log "installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086  # a list of package names
	apt-get install -y -q $missing >&2 ||
		{ apt-get update -q >&2 && apt-get install -y -q $missing >&2; } ||
		die "cannot install $missing"
}

# vm_kernel KVER: the kernel image and modules of KVER (installing the image
# if it is missing); sets KERNEL, MODROOT, DIAG and KCACHE.
vm_kernel() {
	KVER=$1
	if [ ! -r "/boot/vmlinuz-$KVER" ] || [ ! -d "/lib/modules/$KVER/kernel" ]; then
		need_pkgs "linux-image-$KVER"
	fi
	KERNEL=/boot/vmlinuz-$KVER
	MODROOT=/lib/modules/$KVER
	[ -r "$KERNEL" ] || die "no kernel image $KERNEL"
	# TIPC's socket diag module: tipc_diag, but diag in 6.1
	DIAG=tipc_diag
	grep -q '/net/tipc/tipc_diag\.ko' "$MODROOT/modules.dep" || DIAG=diag
	KCACHE=$CACHE/$KVER
	mkdir -p "$KCACHE" "$CACHE/runs" || die "cannot create $KCACHE"
}

# vm_debug_kernel: the debug kernel (KASAN, lockdep, kmemleak, UBSAN, fault
# injection: tools/vm/debug.config), built by tools/vm/debug-kernel if its
# cache is cold (about 20 minutes).  Its modules are not in the host's
# /lib/modules: stage 1 mounts MODROOT there in the guest.
vm_debug_kernel() {
	local env

	env=$("$REPO_DIR/tools/vm/debug-kernel") || die "cannot build the debug kernel"
	KVER=$(sed -n 's/^KVER=//p' <<<"$env")
	KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$env")
	MODROOT=$(sed -n 's/^MODROOT=//p' <<<"$env")
	if [ ! -r "$KERNEL" ] || [ ! -r "$MODROOT/modules.dep" ]; then
		die "debug kernel: no image or modules in $(dirname "$KERNEL")"
	fi
	DIAG=tipc_diag
	VM_DEBUG=1
	KCACHE=$CACHE/$KVER
	mkdir -p "$KCACHE" "$CACHE/runs" || die "cannot create $KCACHE"
}

# --- guest scripts (embedded in the initramfs) -----------------------------
# Stage 1 runs from the initramfs with busybox only.  It must not depend on
# where the repository is, so everything it needs comes from the job dir,
# whose path is on the kernel command line.
read -r -d '' STAGE1 <<'EOF_STAGE1'
#!/bin/sh
# vm-run stage 1 (busybox, initramfs)
export PATH=/bin
fail() {
	echo "vm-run-init: $*" >/dev/ttyS1
	echo "$MARKER 125" >/dev/ttyS1
	sleep 1
	poweroff -f
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
MARKER=$(cat /marker)
for m in $(cat /modules.order); do
	insmod "/mods/$m.ko" || fail "insmod $m failed"
done
job=
for w in $(cat /proc/cmdline); do
	case $w in vmrun_job=*) job=${w#vmrun_job=} ;; esac
done
[ -n "$job" ] || fail "no vmrun_job= on the kernel command line"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /newroot ||
	fail "cannot mount the host root over 9p"
# Copy the job now: tmpfs mounted below may hide it.
cp -r "/newroot$job" /job || fail "cannot read job dir $job"
# Writable places.  /run first: it also hosts the second view of the host
# root (a bind of the 9p root, as a virtio channel serves only one mount).
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
mkdir -p /newroot/run/host /newroot/run/vm
mount -o bind /newroot /newroot/run/host
for d in /tmp /var/tmp /root; do
	[ -d "/newroot$d" ] && [ ! -L "/newroot$d" ] || continue
	mount -t tmpfs -o mode=1777 tmpfs "/newroot$d"
done
chmod 0700 /newroot/root
mkdir -p /newroot/run/lock /newroot/run/shm
# Host directories the tests need at the same absolute path even when tmpfs
# covers their parent (e.g. a CI clone under /tmp): bind them back.  The list
# is sorted by the host, shortest path first.
while read -r d; do
	[ -n "$d" ] || continue
	case $d in
	/tmp/*|/var/tmp/*|/root/*|/run/*) ;;
	*) continue ;;
	esac
	mkdir -p "/newroot$d" && mount -o bind "/newroot/run/host$d" "/newroot$d" ||
		fail "cannot expose $d in the guest"
done </job/binds
# A kernel whose modules are not the host's (the debug kernel): its
# module tree from the cache, at the path modprobe looks at
if [ -s /job/modroot ]; then
	kver=$(uname -r)
	mount -t tmpfs -o mode=0755 tmpfs /newroot/lib/modules &&
		mkdir -p "/newroot/lib/modules/$kver" &&
		mount -o bind "/newroot$(cat /job/modroot)" "/newroot/lib/modules/$kver" ||
		fail "cannot mount the modules of $kver"
fi
cp -r /job/. /newroot/run/vm/
cp /stage2 /newroot/run/vm/stage2
# Cheap setup with busybox here: every exec in stage 2 goes over 9p.
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname tipc-lb-vm
ip link set lo up
# Raw mode on the output port: no CR/LF translation, no echo.
stty -F /dev/ttyS1 raw -echo
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
exec switch_root /newroot /bin/bash /run/vm/stage2
EOF_STAGE1

# Stage 2 runs with the host's userland (bash, kmod, iproute2...).
read -r -d '' STAGE2 <<'EOF_STAGE2'
#!/bin/bash
# vm-run stage 2 (host userland over 9p)
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
# The repository's Python scripts cannot leave their bytecode beside them
# (the root is read-only): compiled once a boot, into tmpfs, not at
# every start
export PYTHONPYCACHEPREFIX=/tmp/.pycache
OUT=/dev/ttyS1
MARKER=$(cat /run/vm/marker)
exec </dev/null

finish() {
	echo "$MARKER $1" >"$OUT"
	sync
	# Give the UART a moment to drain before the machine vanishes.
	sleep 0.3
	busybox poweroff -f 2>/dev/null
	echo o >/proc/sysrq-trigger
	sleep 10
}

# shellcheck source=/dev/null
. /run/vm/job.env
if [ -n "$VMRUN_MODDIR" ]; then
	for m in udp_tunnel ip6_udp_tunnel; do
		modprobe "$m" >"$OUT" 2>&1 || {
			echo "vm-run: modprobe $m failed" >"$OUT"
			finish 125
		}
	done
	for m in tipc "$VMRUN_DIAG"; do
		insmod "$VMRUN_MODDIR/$m.ko" >"$OUT" 2>&1 || {
			echo "vm-run: insmod $VMRUN_MODDIR/$m.ko failed:" >"$OUT"
			dmesg | tail -n 5 >"$OUT"
			finish 125
		}
	done
fi
cd "$VMRUN_CWD" || { echo "vm-run: cannot cd to $VMRUN_CWD" >"$OUT"; finish 125; }
bash /run/vm/job.sh >"$OUT" 2>&1
finish $?
EOF_STAGE2

# --- initramfs (cached) ----------------------------------------------------
# Order of the 9p modules from modules.dep, dependencies first.
mod_order() {
	local -A seen=()
	local out=()
	visit() {
		local rel=$1 dep line
		[ -n "${seen[$rel]:-}" ] && return
		seen[$rel]=1
		line=$(grep -m1 "^$rel:" "$MODROOT/modules.dep") || die "$rel not in modules.dep"
		for dep in ${line#*:}; do
			visit "$dep"
		done
		out+=("$rel")
	}
	local m rel
	# The virtio PCI transport is built in since 6.12, a module in 6.1
	for m in virtio_pci 9pnet_virtio 9p; do
		rel=$(grep -m1 -o "^[^:]*/$m\.ko[^:]*" "$MODROOT/modules.dep") || {
			[ "$m" = virtio_pci ] && continue
			# built in (the debug kernel)
			grep -q "/$m\.ko\$" "$MODROOT/modules.builtin" 2>/dev/null && continue
			die "module $m not found for $KVER"
		}
		visit "$rel"
	done
	printf '%s\n' "${out[@]}"
}

# vm_initramfs: INITRD, the initramfs of KVER (vm_kernel first), built once
# and cached in KCACHE.
vm_initramfs() {
	local mods bb_ver key work t0

	mods=$(mod_order) || exit 125
	bb_ver=$(dpkg-query -W -f='${Version}' busybox-static)
	key=$( { printf '%s\n' "$STAGE1" "$STAGE2" "$mods" "$bb_ver" "$MARKER" \
		 "$(stat -c %Y "$KERNEL")"; } | sha256sum | cut -c1-16)
	INITRD=$KCACHE/vm-initramfs-$key.cpio.gz
	[ -s "$INITRD" ] && return 0

	t0=$(date +%s.%N)
	log "building initramfs for $KVER"
	work=$(mktemp -d "$KCACHE/initramfs.XXXXXX") || die "mktemp failed"
	(
		set -e
		cd "$work"
		mkdir -p root/bin root/mods root/newroot root/proc root/sys root/dev
		cp /bin/busybox root/bin/busybox
		for a in $(root/bin/busybox --list); do
			[ "$a" = busybox ] || ln -s busybox "root/bin/$a"
		done
		: >root/modules.order
		while read -r rel; do
			[ -n "$rel" ] || continue
			name=$(basename "$rel"); name=${name%%.ko*}
			case $rel in
			*.xz) xz -dc "$MODROOT/$rel" >"root/mods/$name.ko" ;;
			*.zst) zstd -dcq "$MODROOT/$rel" >"root/mods/$name.ko" ;;
			*.gz) gzip -dc "$MODROOT/$rel" >"root/mods/$name.ko" ;;
			*) cp "$MODROOT/$rel" "root/mods/$name.ko" ;;
			esac
			echo "$name" >>root/modules.order
		done <<<"$mods"
		printf '%s\n' "$STAGE1" >root/init
		printf '%s\n' "$STAGE2" >root/stage2
		printf '%s\n' "$MARKER" >root/marker
		chmod 755 root/init root/stage2
		cd root
		find . | cpio -o -H newc --quiet | gzip -1 >../initrd.cpio.gz
	) || { rm -rf "$work"; die "initramfs build failed"; }
	mv "$work/initrd.cpio.gz" "$INITRD" && rm -rf "$work"
	# Older images of this kernel are stale now.
	find "$KCACHE" -maxdepth 1 -name 'vm-initramfs-*.cpio.gz' ! -name "${INITRD##*/}" -delete
	log "initramfs ready in $(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo '?') s: $INITRD"
}

# vm_job_files JOB MODDIR CMD...: what the guest reads at boot: its
# environment (VMRUN_*, TIPC_LB_*, KSFT_*, CI, V and the names in
# EXTRA_ENV), the command, the host directories to expose (the current
# one, the repository, MODDIR, SHARES) and the exit marker.
vm_job_files() {
	local job=$1 moddir=$2 cwd name

	shift 2
	cwd=$(pwd -P)
	{
		printf 'export VMRUN_CWD=%q VMRUN_MODDIR=%q VMRUN_KVER=%q VMRUN_DIAG=%q VMRUN_DEBUG=%q\n' \
			"$cwd" "$moddir" "$KVER" "$DIAG" "${VM_DEBUG:-}"
		while IFS='=' read -r name _; do
			case $name in
			TIPC_LB_*|KSFT_*|CI|V) ;;
			*) continue ;;
			esac
			printf 'export %s=%q\n' "$name" "${!name}"
		done < <(env)
		for name in "${EXTRA_ENV[@]}"; do
			[ -n "${!name+x}" ] && printf 'export %s=%q\n' "$name" "${!name}"
		done
	} >"$job/job.env"
	{
		printf 'exec'
		printf ' %q' "$@"
		printf '\n'
	} >"$job/job.sh"
	printf '%s\n' "$cwd" "$REPO_DIR" ${moddir:+"$moddir"} "${SHARES[@]}" |
		sort -u | awk '{ print length($0) " " $0 }' | sort -n -s | cut -d' ' -f2- >"$job/binds"
	cp /dev/null "$job/console.log"
	printf '%s\n' "$MARKER" >"$job/marker"
	case $MODROOT in
	/lib/modules/*) ;;
	*) printf '%s\n' "$MODROOT" >"$job/modroot" ;;
	esac
}

# vm_qemu_args JOB SMP MEM: VM_QEMU, QEMU booting KVER with INITRD and the
# host's root over 9p, its console (ttyS0) in JOB/console.log; the caller
# adds the command's serial port (ttyS1), any more ports and the NICs.
vm_qemu_args() {
	local job=$1 smp=$2 mem=$3

	# no_timer_check: on a host too busy to run the guest's timer in
	# time, the kernel's IO-APIC timer check panics at boot

	# The debug kernel: TCG's -cpu max has LA57, and KASAN reports a wild
	# memory access at boot under 5-level paging, so no5lvl; every report
	# is wanted, not only the first (which would also turn lockdep off)
	local extra=
	[ -n "${VM_DEBUG:-}" ] && extra=" no5lvl kasan_multi_shot log_buf_len=8M"

	# shellcheck disable=SC2034  # for the caller
	VM_QEMU=(qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem"
		-nographic -no-reboot -monitor none
		-kernel "$KERNEL" -initrd "$INITRD"
		-append "console=ttyS0 quiet loglevel=3 panic=-1 no_timer_check rdinit=/init vmrun_job=$job$extra"
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
		-serial "file:$job/console.log")
}
