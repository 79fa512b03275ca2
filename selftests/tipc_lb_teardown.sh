#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown with policies configured: rr policies in several netns, one netns
# deleted while its policy is set, then the modules unloaded while the other
# netns still have policies, bearers and links.  The kernel log must not gain
# any WARNING/BUG/Oops/KASAN/refcount line.
#
# This unloads tipc: run.sh runs it last.
source "$(dirname "$0")/lib.sh"

TYPE=1000
TYPE2=2000
BAD='WARNING|BUG|Oops|KASAN|refcount|general protection|list_(add|del) corruption'

ensure_progs || ktap_skip_all "cannot build the test programs"
[ -d /sys/module/tipc ] || ktap_skip_all "tipc module not loaded"
dmesg_before=$(dmesg | wc -l)

cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published"; ktap_finish; }
done
client node4 $TYPE 4 30
ktap_check "cluster serves {$TYPE,4} before teardown" test "$CLI_RC" = 0

have_lb=0
if lb_available node4; then
	have_lb=1
	ok=1
	for n in node1 node2 node3 node4; do
		lb_cli "$n" policy set type $TYPE rr || ok=0
		lb_cli "$n" policy set type $TYPE2 rr || ok=0
	done
	ktap_check "rr policies for types $TYPE and $TYPE2 set in node1..node4" test $ok = 1
	client node4 $TYPE 4 30
	ktap_check "node4 still serves {$TYPE,4} with rr set" test "$CLI_RC" = 0
else
	ktap_skip "rr policies set in node1..node4" "$LB_REASON"
fi

# Delete node3's netns with its server and policy in place.  The server
# process keeps the netns alive until it exits, so stop it first and give
# the (asynchronous) netns cleanup a bounded moment.
stop_server "${SERVER_PIDS[2]}"
if ip netns del node3; then
	ktap_ok "netns node3 deleted with its policy configured"
else
	ktap_fail "netns node3 deleted with its policy configured"
fi
wait_unpubl node4 $TYPE 0 10 node3 ||
	diag "node3's publication still visible on node4"
client node4 $TYPE 4 20
expect="node1=10 node2=10"
if [ "$CLI_RC" = 0 ] && [ "$(served_sorted)" = "$expect" ]; then
	ktap_ok "after node3 left, node4 splits {$TYPE,4} between node1 and node2"
else
	ktap_fail "after node3 left, node4 splits {$TYPE,4} between node1 and node2"
	diag "expected '$expect', got '$(served_sorted)' (exit $CLI_RC)" "$CLI_OUT"
fi
[ $have_lb = 1 ] &&
	ktap_check "policy show still works in node4" eval 'lb_cli node4 policy show >/dev/null'

# Unload with policies, bearers and links still configured in node1, node2
# and node4.  Sockets hold module references, so the servers go first.
# The diag module is tipc_diag, or diag in 6.1: take the users of tipc.
stop_server
users=$(ls /sys/module/tipc/holders)
# shellcheck disable=SC2086  # module names
if rmmod $users tipc 2>&1; then
	ktap_ok "rmmod tipc and its diag module with policies configured"
else
	ktap_fail "rmmod tipc and its diag module with policies configured"
	diag "$(lsmod | grep -E '^tipc')"
fi
ktap_check "tipc module is gone" test ! -d /sys/module/tipc
cluster_down

new=$(dmesg | tail -n +$((dmesg_before + 1)))
bad=$(grep -E "$BAD" <<<"$new")
if [ -z "$bad" ]; then
	ktap_ok "no WARNING/BUG/Oops/KASAN/refcount in dmesg"
else
	ktap_fail "no WARNING/BUG/Oops/KASAN/refcount in dmesg"
	diag "$new"
fi

ktap_finish
