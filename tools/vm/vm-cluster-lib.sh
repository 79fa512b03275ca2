# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host side of tools/vm/vm-cluster: talk to the guests' agents
# (tools/vm/vm-cluster-agent).  Sourced by vm-cluster itself and by the
# commands it runs (selftests/multivm/, tools/demo), which find the cluster
# in MVM_DIR and its nodes in MVM_NODES.
#
#   mvm_exec NODE [-t SEC] CMD...   run CMD (bash, words joined like ssh)
#                                   in NODE; its output on stdout, its exit
#                                   status returned (124: timed out)
#   mvm_spawn NODE LOG CMD...       start CMD in the background in NODE, its
#                                   output in NODE's LOG; prints its pid
#   mvm_out NODE                    the host directory of NODE's /run/mvm/out
#   mvm_info NODE KEY               kver, series, kind, ours, diag, id, addr
#   mvm_wait_links [SEC] [NODE...]  every NODE up to each other node
#   mvm_setup NODE KIND             load KIND (ours|stock), bearer up
#   mvm_poweroff NODE               ask NODE to power off (no reply)
#
# Every wait is bounded.  Commands to one node are serialized (a lock per
# node); different nodes run in parallel.

MVM_DIR=${MVM_DIR:-}
MVM_NODES=${MVM_NODES:-}
MVM_CMD_TIMEOUT=${MVM_CMD_TIMEOUT:-60}

mvm_out() {
	echo "$MVM_DIR/$1/out"
}

mvm_info() {
	sed -n "s/^$2=//p" "$MVM_DIR/$1/info"
}

# _mvm_call NODE TIMEOUT LINE: write LINE to NODE's control port and relay
# what comes back until the marker of ID; the status in _MVM_RC.
_mvm_call() {
	local node=$1 t=$2 id=$3 line=$4 d=$MVM_DIR/$1 left deadline r w lk mine=0

	_MVM_RC=125
	[ -p "$d/ctl.in" ] || { echo "mvm: no node $node" >&2; return; }
	exec {lk}>"$d/ctl.lock"
	if ! flock -w "$((t + 30))" "$lk"; then
		echo "mvm: $node is busy" >&2
		exec {lk}>&-
		return
	fi
	# Read-write opens of a FIFO never block, even if QEMU is gone
	exec {w}<>"$d/ctl.in" {r}<>"$d/ctl.out"
	printf '%s\n' "$line" >&"$w"
	deadline=$((SECONDS + t + 10))
	while :; do
		left=$((deadline - SECONDS))
		if [ "$left" -le 0 ]; then
			echo "mvm: no answer from $node after $((t + 10)) s" >&2
			_MVM_RC=124
			break
		fi
		IFS= read -r -t "$left" line <&"$r" || continue
		case $line in
		"@@mvm-start@@ $id") mine=1 ;;
		"@@mvm@@ $id "*) _MVM_RC=${line##* }; break ;;
		"@@mvm"*) mine=0 ;;	# a late answer to an earlier call
		*) [ $mine = 1 ] && printf '%s\n' "$line" ;;
		esac
	done
	exec {w}>&- {r}<&- {lk}>&-
}

mvm_exec() {
	local node=$1 t=$MVM_CMD_TIMEOUT id

	shift
	if [ "${1:-}" = -t ]; then
		t=$2
		shift 2
	fi
	id=$BASHPID.$RANDOM
	_mvm_call "$node" "$t" "$id" "$id $t $(printf '%s' "$*" | base64 -w0)"
	return "$_MVM_RC"
}

# mvm_spawn NODE LOG CMD...: CMD in its own session, detached from the
# agent; LOG is a file name in NODE's output directory.
mvm_spawn() {
	local node=$1 log=$2

	shift 2
	mvm_exec "$node" "setsid $* </dev/null >/run/mvm/out/$log 2>&1 & echo \$!"
}

# mvm_wait_ready NODE SEC: the agent's ready line (after boot).
mvm_wait_ready() {
	local d=$MVM_DIR/$1 deadline=$((SECONDS + $2)) line r left ok=1

	exec {r}<>"$d/ctl.out"
	while :; do
		left=$((deadline - SECONDS))
		[ "$left" -gt 0 ] || break
		IFS= read -r -t "$left" line <&"$r" || continue
		case $line in "@@mvm-ready@@ "*) ok=0; break ;; esac
	done
	exec {r}<&-
	return $ok
}

# mvm_setup NODE KIND: load KIND's TIPC, give it its identity and bearer.
mvm_setup() {
	mvm_exec "$1" "mvm_load $2 && mvm_tipc_up"
}

# mvm_wait_links [SEC] [NODE...]: each NODE (default: all) has up links to
# every other node of the cluster.
mvm_wait_links() {
	local t=${1:-60} nodes want node n deadline

	shift
	nodes=${*:-$MVM_NODES}
	want=$(($(wc -w <<<"$MVM_NODES") - 1))
	deadline=$((SECONDS + t))
	while [ $SECONDS -lt "$deadline" ]; do
		for node in $nodes; do
			n=$(mvm_exec "$node" -t 30 mvm_links)
			[ "${n:-0}" -ge "$want" ] 2>/dev/null || { sleep 0.5; continue 2; }
		done
		return 0
	done
	for node in $nodes; do
		echo "mvm: $node: $(mvm_exec "$node" -t 10 tipc link list 2>&1 | tr '\n' ' ')" >&2
	done
	return 1
}

mvm_poweroff() {
	local d=$MVM_DIR/$1 w

	[ -p "$d/ctl.in" ] || return 0
	exec {w}<>"$d/ctl.in"
	printf '0 5 %s\n' "$(printf 'sync; echo o >/proc/sysrq-trigger' | base64 -w0)" >&"$w"
	exec {w}>&-
}
