# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the multi-VM selftests (selftests/multivm/*.sh).  These run on
# the HOST under tools/vm/vm-cluster, which has booted one guest per TIPC
# node (default A: 6.12 ours, B: 6.1 ours, C: 6.12 stock) with links up; they
# drive the guests with mvm_exec (tools/vm/vm-cluster-lib.sh).
#
#   on NODE CMD...          CMD in NODE (mvm_exec), guest helpers
#                           (selftests/multivm/guest.sh) available
#   lb NODE ARGS...         the tipc-lb CLI in NODE
#   srv_start [-s] NODE TYPE LOWER UPPER NAME   tipc_srv in NODE answering
#                           NAME (-s: a stream server); returns once every
#                           node lists its publication
#   srv_stop NAME...        stop those servers (default: all), wait until
#                           no node lists them
#   cli NODE TYPE INST COUNT  tipc_cli from NODE: CLI_RC, CLI_OUT, SERVED
#                           (its summary sorted: "A=10 B=10 C=10")
#   sweep NODE TYPE FIRST LAST FILE   one request per instance, the
#                           "INSTANCE NAME" lines in NODE's output FILE
#   wait_publ / wait_unpubl NODE TYPE LOWER UPPER PUBNODE
#   conns NODE TYPE INST N  N connections from NODE, all kept open until the
#                           last is made (tipc_conn): SERVED as for cli
#   expect DESC WANT GOT    ok if GOT = WANT, else not ok with both
#
# Every wait is bounded; the servers are stopped at exit.

MVM_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$MVM_TEST_DIR/../.." && pwd)
# The test programs, built in the repository by tools/check
SELFTEST_DIR=$REPO_DIR/tools/testing/selftests/net/tipc
LB_CLI=$REPO_DIR/tools/tipc-lb/tipc-lb
GUEST=$MVM_TEST_DIR/guest.sh
PUBL_TIMEOUT=${TIPC_LB_PUBL_TIMEOUT:-30}

set -u
# shellcheck source=tools/testing/selftests/net/tipc/ktap.sh
. "$SELFTEST_DIR/ktap.sh"
# shellcheck source=tools/vm/vm-cluster-lib.sh
. "$REPO_DIR/tools/vm/vm-cluster-lib.sh"

[ -d "${MVM_DIR:-/nonexistent}" ] ||
	ktap_skip_all "needs the guests of tools/vm/vm-cluster (no MVM_DIR)"
for p in tipc_srv tipc_cli; do
	[ -x "$SELFTEST_DIR/$p" ] || ktap_skip_all "$p not built (make -C tools/testing/selftests/net/tipc)"
done

on() {
	local node=$1

	shift
	mvm_exec "$node" -t "${ON_TIMEOUT:-120}" ". $GUEST; $*"
}

lb() {
	local node=$1

	shift
	mvm_exec "$node" "$LB_CLI $*"
}

# node_of NAME: the node a server runs on; SRV_NODE[NAME], SRV_PID[NAME]
declare -A SRV_NODE=() SRV_PID=() SRV_RANGE=()

srv_start() {
	local mode='' node type lower upper name pid log n i

	if [ "$1" = -s ]; then
		mode='-s '
		shift
	fi
	node=$1 type=$2 lower=$3 upper=$4 name=$5

	log=$(mvm_out "$node")/srv.$name.log
	rm -f "$log"
	pid=$(mvm_spawn "$node" "srv.$name.log" \
		"$SELFTEST_DIR/tipc_srv $mode-t $type -l $lower -u $upper -n $name")
	case $pid in ''|*[!0-9]*) echo "srv_start: $name on $node: $pid" >&2; return 1 ;; esac
	SRV_NODE[$name]=$node SRV_PID[$name]=$pid SRV_RANGE[$name]="$type $lower $upper"
	for ((i = 0; i < 100; i++)); do
		grep -qs '^ready$' "$log" && break
		sleep 0.1
	done
	grep -qs '^ready$' "$log" || { echo "srv_start: $name on $node not ready: $(cat "$log" 2>&1)" >&2; return 1; }
	for n in $MVM_NODES; do
		wait_publ "$n" "$type" "$lower" "$upper" "$node" || return 1
	done
}

srv_stop() {
	local names=("$@") name n

	[ ${#names[@]} -gt 0 ] || names=("${!SRV_NODE[@]}")
	for name in "${names[@]}"; do
		[ -n "${SRV_NODE[$name]:-}" ] || continue
		on "${SRV_NODE[$name]}" "stop_pid ${SRV_PID[$name]}"
	done
	for name in "${names[@]}"; do
		[ -n "${SRV_NODE[$name]:-}" ] || continue
		for n in $MVM_NODES; do
			# shellcheck disable=SC2086  # TYPE LOWER UPPER
			wait_unpubl "$n" ${SRV_RANGE[$name]} "${SRV_NODE[$name]}" || return 1
		done
		unset "SRV_NODE[$name]" "SRV_PID[$name]" "SRV_RANGE[$name]"
	done
}

wait_publ() {
	on "$1" "wait_publ $2 $3 $4 $5 $PUBL_TIMEOUT"
}

wait_unpubl() {
	on "$1" "wait_unpubl $2 $3 $4 $5 $PUBL_TIMEOUT"
}

CLI_RC=
CLI_OUT=
SERVED=
cli() {
	CLI_OUT=$(on "$1" "$SELFTEST_DIR/tipc_cli -t $2 -i $3 -n $4 -w 3000" 2>&1)
	CLI_RC=$?
	SERVED=$(sed -n 's/^served: *//p' <<<"$CLI_OUT" | tail -n1 | tr ' ' '\n' |
		sed '/^$/d' | sort | paste -sd ' ')
}

conns() {
	local i cmds=''

	for ((i = 0; i < $4; i++)); do
		cmds+='open\n'
	done
	CLI_OUT=$(on "$1" "printf '${cmds}quit\n' | $SELFTEST_DIR/tipc_conn -t $2 -i $3 -w 3000" 2>&1)
	CLI_RC=$?
	SERVED=$(awk '$1 == "conn" { n[$3]++ } END { for (s in n) print s "=" n[s] }' <<<"$CLI_OUT" |
		sort | paste -sd ' ')
}

# sweep NODE TYPE FIRST LAST FILE: FILE (host path) gets "INSTANCE NAME"
sweep() {
	local node=$1 f=$5

	on "$node" "$SELFTEST_DIR/tipc_cli -t $2 -i $3 -I $4 -w 3000 >/run/mvm/out/${f##*/}.raw 2>&1"
	CLI_RC=$?
	grep -E '^[0-9]+ ' "$(mvm_out "$node")/${f##*/}.raw" | sort -n >"$f"
}

expect() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "expected '$2', got '$3'"
	fi
}

# Other programs the test started: "NODE PID" each, stopped at exit
EXTRA_PIDS=()

mvm_test_cleanup() {
	local e

	[ ${#SRV_NODE[@]} -gt 0 ] && srv_stop >/dev/null 2>&1
	for e in "${EXTRA_PIDS[@]}"; do
		# shellcheck disable=SC2086  # NODE PID
		set -- $e
		on "$1" "stop_pid $2" >/dev/null 2>&1
	done
	rm -rf "$WORK"
	return 0
}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tipc-lb-mvm.XXXXXX")
trap mvm_test_cleanup EXIT
trap 'echo "# ${0##*/}: interrupted"; exit 1' TERM INT HUP
