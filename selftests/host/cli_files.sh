#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of what ships with the CLI (no TIPC needed):
#   - bash completion: objects, commands, policies, options, netns names;
#   - tipc-lb-apply: nothing to do without a file or without the module;
#   - make install (DESTDIR): every file in its place, paths substituted,
#     the unit valid for systemd-analyze; make install and tools/deps under
#     TIPC_LB_NO_APT never run apt-get (a PATH shim records any call).
#
#   selftests/host/cli_files.sh
#
# TAP lines, then "# host: P passed, F failed, S skipped"; exit 1 on failure.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/tipc-lb

TAP_NAME=host
source "$top/selftests/host_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "# host: the CLI's completion, apply script and install"

# --- bash completion ------------------------------------------------------------
# bash-completion's helpers, reduced to what the script uses
_init_completion() {
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
}
_filedir() { COMPREPLY=(FILE); }
# shellcheck source=tools/tipc-lb/tipc-lb.bash-completion
source "$dir/tipc-lb.bash-completion"

# comp WANT LINE: completing the last word of LINE ("" for a new one)
comp() {
	local want=$1 line=$2 got

	read -ra COMP_WORDS <<<"$line"
	[[ $line == *' ' ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_tipc_lb
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
	if [ "$got" = "$want" ]; then
		ok "complete \"$line\": $want"
	else
		not_ok "complete \"$line\"" "want: $want" "got:  $got"
	fi
}
if [ "$(complete -p tipc-lb 2>/dev/null)" = "complete -F _tipc_lb tipc-lb" ]; then
	ok "the completion registers _tipc_lb for tipc-lb"
else
	not_ok "the completion registers _tipc_lb for tipc-lb"
fi
comp "flush help monitor policy priority save stats weight" "tipc-lb "
comp "policy priority" "tipc-lb p"
comp "-j -json" "tipc-lb -j"
comp "flush help monitor policy priority save stats weight" "tipc-lb -j -n ns1 "
comp "del help set show" "tipc-lb policy "
comp "default type" "tipc-lb policy set "
comp "hash least none rr sorted weighted" "tipc-lb policy set type 1000 "
comp "hash least none rr sorted weighted" "tipc-lb policy set default "
comp "weight weight-source width" "tipc-lb policy set type 1000 weighted "
comp "fixed width" "tipc-lb policy set type 1000 least weight-source "
comp "" "tipc-lb policy set type "
comp "node port weight" "tipc-lb weight set type 1000 "
comp "port priority" "tipc-lb priority set type 1000 node node1 "
comp "-c -i help reset show type" "tipc-lb stats "
comp "help" "tipc-lb monitor "
comp "flush monitor policy priority save stats weight" "tipc-lb help "
comp "FILE" "tipc-lb -b "

# --- tipc-lb-apply ---------------------------------------------------------------
out=$(TIPC_LB_CONF=$tmp/none "$dir/tipc-lb-apply" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$out" = "tipc-lb-apply: no $tmp/none, nothing to apply" ]; then
	ok "tipc-lb-apply without the file: nothing to do, exit 0"
else
	not_ok "tipc-lb-apply without the file: nothing to do, exit 0" "exit $rc: $out"
fi
echo "policy set type 1000 rr" >"$tmp/conf"
out=$(TIPC_LB_CONF=$tmp/conf "$dir/tipc-lb-apply" 2>&1)
rc=$?
if [ -d /sys/module/tipc ]; then
	skipped "tipc-lb-apply without the tipc module" "the host has tipc loaded"
elif [ $rc = 0 ] && [ "$out" = "tipc-lb-apply: the tipc module is not loaded, nothing to apply" ]; then
	ok "tipc-lb-apply without the tipc module: nothing to do, exit 0"
else
	not_ok "tipc-lb-apply without the tipc module: nothing to do, exit 0" "exit $rc: $out"
fi
out=$("$dir/tipc-lb-apply" --frob 2>&1)
rc=$?
if [ $rc = 2 ] && [ "$out" = "usage: tipc-lb-apply [--replace]" ]; then
	ok "tipc-lb-apply --frob: usage, exit 2"
else
	not_ok "tipc-lb-apply --frob: usage, exit 2" "exit $rc: $out"
fi

# --- make install, without apt ------------------------------------------------------
# A PATH in which apt-get records its calls, and dpkg-query says nothing is
# installed: tools/deps must refuse, not install
mkdir -p "$tmp/shim"
# shellcheck disable=SC2016  # the shim's own $0 and $*
printf '#!/bin/sh\necho "$0 $*" >>%s/apt.calls\nexit 0\n' "$tmp" >"$tmp/shim/apt-get"
printf '#!/bin/sh\nexit 1\n' >"$tmp/shim/dpkg-query"
chmod 755 "$tmp/shim/apt-get" "$tmp/shim/dpkg-query"
out=$(PATH=$tmp/shim:$PATH TIPC_LB_NO_APT=1 "$top/tools/deps" tools 2>&1)
rc=$?
if [ $rc = 1 ] && [ ! -e "$tmp/apt.calls" ] && grep -q 'this step does not run apt-get' <<<"$out"; then
	ok "tools/deps with TIPC_LB_NO_APT: names the missing packages, runs no apt-get"
else
	not_ok "tools/deps with TIPC_LB_NO_APT: names the missing packages, runs no apt-get" \
		"exit $rc: $out" "apt-get calls: $(cat "$tmp/apt.calls" 2>/dev/null)"
fi
dest=$tmp/dest
PATH=$tmp/shim:$PATH make -s -C "$top" install-cli DESTDIR="$dest" PREFIX=/usr/local \
	>"$tmp/make.log" 2>&1
rc=$?
if [ $rc = 0 ] && [ ! -e "$tmp/apt.calls" ]; then
	ok "make install-cli DESTDIR=...: exit 0, no apt-get"
else
	not_ok "make install-cli DESTDIR=...: exit 0, no apt-get" "$(tail -n 5 "$tmp/make.log")"
fi
# make install's module part: no apt either, even with nothing installed
PATH=$tmp/shim:$PATH make -s -C "$top" install-module >"$tmp/make.log" 2>&1
rc=$?
if [ $rc != 0 ] && [ ! -e "$tmp/apt.calls" ]; then
	ok "make install-module with packages missing: fails, no apt-get"
else
	not_ok "make install-module with packages missing: fails, no apt-get" \
		"exit $rc" "$(tail -n 3 "$tmp/make.log")" "apt-get calls: $(cat "$tmp/apt.calls" 2>/dev/null)"
fi
for f in usr/local/sbin/tipc-lb usr/local/share/man/man8/tipc-lb.8 \
	 usr/local/share/bash-completion/completions/tipc-lb \
	 usr/local/lib/tipc-lb/tipc-lb-apply usr/local/share/doc/tipc-lb/examples/tipc-lb.conf \
	 etc/systemd/system/tipc-lb.service etc/udev/rules.d/90-tipc-lb.rules; do
	if [ -s "$dest/$f" ]; then ok "make install: /$f"; else not_ok "make install: /$f"; fi
done
if [ -e "$dest/etc/tipc-lb.conf" ]; then
	not_ok "make install writes no /etc/tipc-lb.conf"
else
	ok "make install writes no /etc/tipc-lb.conf"
fi
# shellcheck disable=SC2016  # a literal line of the script
if grep -qx 'ExecStart=/usr/local/lib/tipc-lb/tipc-lb-apply' "$dest/etc/systemd/system/tipc-lb.service" &&
   grep -qxF 'CLI=${TIPC_LB_CLI:-/usr/local/sbin/tipc-lb}' "$dest/usr/local/lib/tipc-lb/tipc-lb-apply"; then
	ok "make install: the unit and the script name the installed paths"
else
	not_ok "make install: the unit and the script name the installed paths"
fi
if command -v systemd-analyze >/dev/null; then
	sed "s|@LIBEXECDIR@|$dir|" "$dir/tipc-lb.service" >"$tmp/tipc-lb.service"
	# its exit status counts the man page that is not installed here
	out=$(systemd-analyze verify "$tmp/tipc-lb.service" 2>&1)
	if ! grep -v -e 'sys-module-tipc.device' -e "Command 'man tipc-lb(8)' failed" <<<"$out" |
	   grep -q .; then
		ok "systemd-analyze verify tipc-lb.service"
	else
		not_ok "systemd-analyze verify tipc-lb.service" "$out"
	fi
else
	skipped "systemd-analyze verify tipc-lb.service" "no systemd-analyze"
fi
rule=$(grep -v '^#' "$dir/90-tipc-lb.rules")
if [ "$rule" = 'ACTION=="add", SUBSYSTEM=="module", KERNEL=="tipc", TAG+="systemd", ENV{SYSTEMD_WANTS}+="tipc-lb.service"' ]; then
	ok "the udev rule: on tipc's add event, wants tipc-lb.service"
else
	not_ok "the udev rule: on tipc's add event, wants tipc-lb.service" "$rule"
fi

finish
