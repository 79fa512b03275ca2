#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# least policy (fewest active connections opened from this node, relative
# to weight; ties by smooth WRR), configured on node4:
#
#  - stream servers (tipc_srv -s) on node1..node3 bind {1000,0,10}; a
#    tipc_conn on node4 keeps connections to {1000,4} open between checks;
#  - 3 connections land on 3 different servers;
#  - closing the one on node2 makes node2 the least loaded: the next
#    connection goes there;
#  - closing those on node1 and node3 (node2 keeps one): the next 2 go to
#    node1 and node3, not node2 (the closes were released);
#  - weight 2 on node1, every connection closed: 4 new connections split
#    node1=2 node2=1 node3=1 (connections / weight stays lowest);
#  - RDM servers (tipc_srv) on node1..node3 bind {1001,0,10} under least:
#    connectionless sends are balanced as weighted, 30 requests 10/10/10.
source "$(dirname "$0")/lib.sh"

TYPE=1000
TYPE_RDM=1001
declare -A CONN_AT	# K -> server name of open connection K

# open_conns N: open N connections; OPENED gets their servers in order.
OPENED=
open_conns() {
	local i k name

	OPENED=
	for ((i = 0; i < $1; i++)); do
		conn_cmd open || { diag "open: $CONN_REPLY"; return 1; }
		read -r _ k name <<<"$CONN_REPLY"
		CONN_AT[$k]=$name
		OPENED+="${OPENED:+ }$name"
	done
}

# close_on NAME...: close every open connection to the servers named.
close_on() {
	local k want

	for k in "${!CONN_AT[@]}"; do
		for want in "$@"; do
			[ "${CONN_AT[$k]}" = "$want" ] || continue
			conn_cmd "close $k" || { diag "close $k: $CONN_REPLY"; return 1; }
			unset "CONN_AT[$k]"
			break
		done
	done
}

# sorted_words WORDS: the words sorted, on one line.
sorted_words() {
	tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_opened DESC WANT: OPENED, sorted, equals WANT.
expect_opened() {
	local got

	got=$(sorted_words "$OPENED")
	if [ "$got" = "$2" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "expected '$2', got '$got'"
	fi
}

if ! ensure_progs || ! ensure_prog tipc_conn; then
	ktap_skip_all "cannot build the test programs"
fi
lb_require_policy least
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for n in node1 node2 node3; do
	start_server --stream "$n" $TYPE 0 10 ||
		{ ktap_fail "stream server on $n published {$TYPE,0,10}"; ktap_finish; }
done
ktap_ok "stream servers on node1..node3 bound {$TYPE,0,10}, visible everywhere"

ktap_check "policy set type $TYPE least on node4" lb_cli node4 policy set type $TYPE least
conn_start node4 $TYPE 4 || { ktap_fail "tipc_conn started on node4"; ktap_finish; }

open_conns 3
expect_opened "3 connections from node4 land on 3 different servers" "node1 node2 node3"

if close_on node2 && open_conns 1; then
	expect_opened "node2's connection closed: the next connection goes to node2" node2
else
	ktap_fail "node2's connection closed: the next connection goes to node2"
fi

if close_on node1 node3 && open_conns 2; then
	expect_opened "node1's and node3's closed (node2 keeps 1): next 2 go to node1, node3" \
		"node1 node3"
else
	ktap_fail "node1's and node3's closed (node2 keeps 1): next 2 go to node1, node3"
fi

ktap_check "weight set type $TYPE node node1 weight 2 on node4" \
	lb_cli node4 weight set type $TYPE node node1 weight 2
if close_on node1 node2 node3 && open_conns 4; then
	expect_opened "weight 2 on node1, no connection open: 4 new split 2/1/1" \
		"node1 node1 node2 node3"
else
	ktap_fail "weight 2 on node1, no connection open: 4 new split 2/1/1"
fi
conn_cmd list
diag "node4 $CONN_REPLY"
conn_stop

# --- connectionless sends under least --------------------------------------
for n in node1 node2 node3; do
	start_server "$n" $TYPE_RDM 0 10 ||
		{ ktap_fail "RDM server on $n published {$TYPE_RDM,0,10}"; ktap_finish; }
done
ktap_check "policy set type $TYPE_RDM least on node4" lb_cli node4 policy set type $TYPE_RDM least
client node4 $TYPE_RDM 4 30
expect_served "RDM under least: balanced as weighted, 30 requests 10/10/10" \
	"node1=10 node2=10 node3=10"

if lb_cli node4 policy del type $TYPE && lb_cli node4 policy del type $TYPE_RDM &&
   lb_cli node4 weight del type $TYPE node node1; then
	ktap_ok "policy del type $TYPE / $TYPE_RDM, weight del on node4"
else
	ktap_fail "policy del type $TYPE / $TYPE_RDM, weight del on node4"
fi

ktap_finish
