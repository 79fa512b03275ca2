#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed demo, run inside the VM: Erik Hugne's ZeroMQ-over-TIPC REQ/REP
# load-balancing example (servers on node1..3, requests from node4), with
# real libzmq programs (zmq_srv, zmq_cli), then the same service under the
# tipc-lb policies.
source "$(dirname "$0")/../../tools/testing/selftests/net/tipc/lib.sh"
# On the host under tools/vm/vm-cluster (tools/demo/run --vms): the nodes
# are four VMs
if [ -n "${MVM_DIR:-}" ]; then
	# shellcheck source=tools/demo/vms.sh
	source "$(dirname "$0")/vms.sh"
fi

DEMO_DIR=$(cd "$(dirname "$0")" && pwd)
ZMQ_SRV=$DEMO_DIR/zmq_srv
ZMQ_CLI=$DEMO_DIR/zmq_cli
TYPE=1000

heading() { printf '\n=== %s\n\n' "$*"; }

# Node1 for node1: the names the seed's servers answer with.
node_name() { echo "Node${1#node}"; }

# zmq_server NODE LOWER UPPER: zmq_srv in NODE bound to {TYPE,LOWER,UPPER};
# returns once it runs and node4's name table lists its publication.
zmq_server() {
	local node=$1 lower=$2 upper=$3 name log

	name=$(node_name "$node")
	log=$WORK_DIR/zmq_srv.$node.$lower.$upper.log
	echo "$name# zmq_srv -s tipc://{$TYPE,$lower,$upper} -n $name"
	spawn_server "$node" "$log" ' running$' zmq_srv \
		"$ZMQ_SRV" -s "tipc://{$TYPE,$lower,$upper}" -n "$name" || return 1
	sed -n 1p "$log"
	wait_publ node4 $TYPE "$lower" "$upper" "$node"
}

# servers LOWER UPPER: one server per node1..node3, all on one range.
servers() {
	local n

	for n in node1 node2 node3; do
		zmq_server "$n" "$1" "$2" || exit 1
	done
}

# nametable: node4's view of service TYPE.
nametable() {
	echo "Node4# tipc nametable show"
	on node4 tipc nametable show | awk -v t=$TYPE 'NR == 1 || $1 == t' | sed 's/ *$//'
}

# requests INST COUNT: COUNT requests from node4 to {TYPE,INST}, one
# connection each; the reply lines land in REPLIES and on stdout.
REPLIES=
requests() {
	local out

	echo "Node4# zmq_cli -c tipc://{$TYPE,$1} -n $2"
	out=$(on node4 timeout 60 "$ZMQ_CLI" -c "tipc://{$TYPE,$1}" -n "$2" -N Node4 2>&1)
	echo "$out"
	REPLIES=$(grep 'served by' <<<"$out")
}

# tally: how many of REPLIES each server answered.
tally() {
	echo "tally: $(awk '{ n[$NF]++ } END { for (s in n) print s "=" n[s] }' \
		<<<"$REPLIES" | sort | paste -sd " ")"
}

lb() {
	echo "Node4# tipc-lb $*"
	lb_cli node4 "$@"
}

heading "tipc-lb seed demo: ZeroMQ REQ/REP over TIPC, load-balanced"
if [ ! -x "$ZMQ_SRV" ] || [ ! -x "$ZMQ_CLI" ]; then
	echo "zmq_srv/zmq_cli not built (make -C tools/demo)" >&2
	exit 1
fi
cluster_up --legacy || exit 1
lb_available node4 || { echo "$LB_REASON" >&2; exit 1; }
echo "Debian kernel $(on node4 uname -r) with the tipc-lb build of tipc.ko, libzmq $(
	pkg-config --modversion libzmq 2>/dev/null || echo '(Debian)')."
echo "Four TIPC nodes node1..node4 with legacy addresses 1.1.1..1.1.4, as in"
echo "the seed (libzmq's default lookup domain 1.0.0 needs them; on nodes with"
echo "only an identity a client connects to tipc://{$TYPE,4}@0.0.0 instead)."
if [ -n "${MVM_DIR:-}" ]; then
	echo "Each node is a QEMU guest of its own, the four on one virtual Ethernet."
else
	echo "They are network namespaces of one VM, on one bridge."
fi

heading "Scene 1: the seed: three servers bind {$TYPE,0,10}, stock round-robin"
servers 0 10
echo
nametable
echo
requests 4 6

heading "Scene 2: overlapping ranges: stock TIPC uses one, rr all three"
stop_server
zmq_server node1 0 10 || exit 1
zmq_server node2 0 5 || exit 1
zmq_server node3 3 8 || exit 1
echo
nametable
echo
echo "-- no policy"
requests 4 6
tally
echo
echo "-- rr"
lb policy set type $TYPE rr || exit 1
requests 4 6
tally

heading "Scene 3: weighted 3:1:1 (node1 weight 3, the others 1)"
stop_server
servers 0 10
N1=$(node_ident node1)
lb weight set type $TYPE node "$N1" weight 3 || exit 1
lb policy set type $TYPE weighted || exit 1
requests 4 10
tally

heading "Scene 4: sorted (hot standby): node1 until it goes, then node2"
stop_server
servers 0 10
lb policy set type $TYPE sorted || exit 1
requests 4 4
echo "-- node1's server stops"
stop_server "${SERVER_PIDS[0]}"
wait_unpubl node4 $TYPE 0 10 node1 || exit 1
echo "node4's name table no longer lists node1 ($N1)"
requests 4 4
tally

heading "Scene 5: hash: each instance sticks to one server"
stop_server
servers 0 10
lb policy set type $TYPE hash || exit 1
declare -A first
for round in 1 2; do
	echo "-- round $round"
	for inst in 1 2 3 4 5 6 7 8; do
		out=$(on node4 timeout 60 "$ZMQ_CLI" -c "tipc://{$TYPE,$inst}" -N Node4 2>&1)
		srv=$(grep 'served by' <<<"$out" | awk '{ print $NF }')
		[ -n "$srv" ] || srv="(no reply: $(tail -n1 <<<"$out"))"
		if [ "$round" = 1 ]; then
			first[$inst]=$srv
			echo "{$TYPE,$inst} -> $srv"
		elif [ "${first[$inst]}" = "$srv" ]; then
			echo "{$TYPE,$inst} -> $srv (same)"
		else
			echo "{$TYPE,$inst} -> $srv (was ${first[$inst]})"
		fi
	done
done

heading "End: node4's state"
nametable
echo
lb policy show
lb weight show
echo
echo "-- where node4's lookups went (the 16 hash requests above)"
lb stats type $TYPE
