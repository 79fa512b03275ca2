#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Persistence of the configuration of the initial network namespace (run
# inside the tools/vm/vm-run guest, which has neither udev nor systemd: the
# test runs the script the udev rule's unit runs, tipc-lb-apply, as the
# module's add event would):
#   - tipc-lb-apply without a file, or with a bad one (nothing applied,
#     file:line reported, exit 1);
#   - tipc-lb-apply applies /etc/tipc-lb.conf (here a file of the test's):
#     save prints it back;
#   - TIPC (re)configuration keeps it: node identity, bearer enable and
#     disable;
#   - a module reload empties it; the script run after the reload, as the
#     rule does, brings it back, byte for byte;
#   - --replace applies a changed file in place of the old configuration;
#   - the udev rule and the unit call that script.
# Leaves the initial netns empty, the module loaded.  Skips (exit 4) when
# the module or its tipc_lb family is missing, or the modules cannot be
# found to reload them.
source "$(dirname "$0")/lib.sh"

APPLY=$REPO_DIR/tools/tipc-lb/tipc-lb-apply
CONF=$WORK_DIR/tipc-lb.conf
export TIPC_LB_CONF=$CONF TIPC_LB_CLI
MODDIR=${VMRUN_MODDIR:-}
DIAG=${VMRUN_DIAG:-tipc_diag}

[ -d /sys/module/tipc ] || ktap_skip_all "tipc module not loaded"
[ -x "$TIPC_LB_CLI" ] || ktap_skip_all "tipc-lb CLI not built ($TIPC_LB_CLI)"
"$TIPC_LB_CLI" policy show >/dev/null 2>&1 ||
	ktap_skip_all "the loaded tipc.ko has no tipc_lb generic netlink family"
if [ -z "$MODDIR" ] || [ ! -r "$MODDIR/tipc.ko" ]; then
	ktap_skip_all "no module directory to reload from (VMRUN_MODDIR)"
fi

# save of the initial netns
save() { "$TIPC_LB_CLI" save 2>&1; }

# shellcheck disable=SC2317  # run by the trap
persist_cleanup() {
	"$TIPC_LB_CLI" flush >/dev/null 2>&1
	lib_cleanup
}
trap 'persist_cleanup' EXIT

if [ -n "$(save)" ]; then
	ktap_fail "the initial netns starts empty"
	diag "$(save)"
	"$TIPC_LB_CLI" flush
fi

# --- the script ----------------------------------------------------------------
out=$("$APPLY" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$out" = "tipc-lb-apply: no $CONF, nothing to apply" ]; then
	ktap_ok "no configuration file: nothing to do, exit 0"
else
	ktap_fail "no configuration file: nothing to do, exit 0"
	diag "exit $rc: $out"
fi

WANT="policy set default rr
policy set type 1000 weighted weight-source fixed weight 2
policy set type 1001 sorted
policy set type 1002 hash
weight set type 1000 node node2 weight 3
weight set type 1000 node 0x1001003 port 7 weight 0
priority set type 1001 node node3 priority 0"
printf '%s\n' "policy set type 1000 weighted weight 2" "policy set type 1001 sorted" \
	"policy set type 1002 hash" "weight set type 1000 node node2 weight 3" \
	"weight set type 1000 node 1.1.3 port 7 weight 0" "policy set type 1003" \
	"priority set type 1001 node node3 priority 0" >"$CONF"
out=$("$APPLY" 2>&1)
rc=$?
if [ $rc = 1 ] && grep -qxF "Command failed $CONF:6" <<<"$out" &&
   grep -qF 'Error: missing POLICY after "1003"' <<<"$out" && [ -z "$(save)" ]; then
	ktap_ok "a bad line: FILE:LINE, exit 1, nothing applied"
else
	ktap_fail "a bad line: FILE:LINE, exit 1, nothing applied"
	diag "exit $rc: $out" "$(save)"
fi

printf '# /etc/tipc-lb.conf of this test\n%s\n' "$WANT" | tac >"$CONF"
out=$("$APPLY" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$(save)" = "$WANT" ]; then
	ktap_ok "tipc-lb-apply applies the file: save prints it back"
else
	ktap_fail "tipc-lb-apply applies the file: save prints it back"
	diag "exit $rc: $out" "$(save)"
fi
out=$("$APPLY" 2>&1)
if [ "$(save)" = "$WANT" ]; then
	ktap_ok "applied twice (boot and uevent): the same configuration"
else
	ktap_fail "applied twice (boot and uevent): the same configuration"
	diag "$out" "$(save)"
fi

# --- TIPC (re)configuration keeps it ------------------------------------------------
# A veth pair of unique names (lib.sh's suffix) for the bearer
P0=tlbp0-$LB_SUF
P1=tlbp1-$LB_SUF
ip link add "$P0" type veth peer name "$P1" && ip link set "$P0" up && ip link set "$P1" up
if tipc node set identity tlbpersist 2>/dev/null || tipc node set address 1.1.9; then
	ktap_ok "tipc node set identity (or address) in the initial netns"
else
	ktap_fail "tipc node set identity (or address) in the initial netns"
fi
tipc bearer enable media eth device "$P0" 2>&1
tipc bearer disable media eth device "$P0" 2>&1
ip link del "$P0" 2>/dev/null
if [ "$(save)" = "$WANT" ]; then
	ktap_ok "node identity, bearer enable and disable: the configuration stays"
else
	ktap_fail "node identity, bearer enable and disable: the configuration stays"
	diag "$(save)"
fi

# --- module reload -------------------------------------------------------------
users=$(ls /sys/module/tipc/holders 2>/dev/null)
# shellcheck disable=SC2086  # module names
if rmmod $users tipc 2>&1; then
	ktap_ok "rmmod tipc"
else
	ktap_fail "rmmod tipc"
	diag "$(lsmod | grep -E '^tipc|^diag')"
	ktap_finish
fi
if insmod "$MODDIR/tipc.ko" && insmod "$MODDIR/$DIAG.ko"; then
	ktap_ok "insmod tipc.ko and $DIAG.ko again"
else
	ktap_fail "insmod tipc.ko and $DIAG.ko again"
	ktap_finish
fi
if [ -z "$(save)" ]; then
	ktap_ok "the reload emptied the configuration"
else
	ktap_fail "the reload emptied the configuration"
	diag "$(save)"
fi
out=$("$APPLY" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$(save)" = "$WANT" ]; then
	ktap_ok "after the reload, the rule's script brings it back, byte for byte"
else
	ktap_fail "after the reload, the rule's script brings it back, byte for byte"
	diag "exit $rc: $out" "$(save)"
fi

# --- --replace -----------------------------------------------------------------------
NEW="policy set type 1000 rr
weight set type 1000 node node2 weight 5"
printf '%s\n' "$NEW" >"$CONF"
out=$("$APPLY" --replace 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$(save)" = "$NEW" ]; then
	ktap_ok "--replace: the new file in place of the old configuration"
else
	ktap_fail "--replace: the new file in place of the old configuration"
	diag "exit $rc: $out" "$(save)"
fi
printf 'policy set type 1000 hash\npolicy set type 5 rr\n' >"$CONF"
out=$("$APPLY" --replace 2>&1)
rc=$?
if [ $rc = 1 ] && [ "$(save)" = "$NEW" ]; then
	ktap_ok "--replace with a bad file: nothing flushed, nothing applied"
else
	ktap_fail "--replace with a bad file: nothing flushed, nothing applied"
	diag "exit $rc: $out" "$(save)"
fi

# --- what the packages install calls it ----------------------------------------------
rules=$REPO_DIR/tools/tipc-lb/90-tipc-lb.rules
unit=$REPO_DIR/tools/tipc-lb/tipc-lb.service
RULE='^ACTION=="add", SUBSYSTEM=="module", KERNEL=="tipc", '
RULE+='.*ENV{SYSTEMD_WANTS}+="tipc-lb.service"'
if grep -q "$RULE" "$rules" &&
   grep -q '^ExecStart=@LIBEXECDIR@/tipc-lb-apply$' "$unit"; then
	ktap_ok "the udev rule (tipc add) starts the unit that runs tipc-lb-apply"
else
	ktap_fail "the udev rule (tipc add) starts the unit that runs tipc-lb-apply"
fi

ktap_finish
