# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The demo's nodes as separate VMs: sourced by tools/demo/seed.sh after
# tools/testing/selftests/net/tipc/lib.sh when it runs on the host under tools/vm/vm-cluster
# (tools/demo/run --vms: four guests node1..node4, legacy addresses
# 1.1.1..1.1.4, eth bearers, links up).  The netns helpers of lib.sh the
# demo uses are redefined to act on the guests instead:
#
#   on NODE CMD...        the command in guest NODE (vm-cluster's agent)
#   cluster_up/_down      the cluster is vm-cluster's: check the links only
#   spawn_server ...      the server in guest NODE; SERVER_PID is NODE:PID
#   stop_server [PID...]  stop those (default: every server started)
#
# wait_publ, wait_unpubl, lb_cli, lb_available and node_ident work through
# on() unchanged.

# shellcheck source=tools/vm/vm-cluster-lib.sh
. "$REPO_DIR/tools/vm/vm-cluster-lib.sh"

on() {
	local node=$1

	shift
	mvm_exec "$node" "$(printf '%q ' "$@")"
}

cluster_down() {
	return 0
}

cluster_up() {
	LEGACY=0
	[ "${1:-}" = --legacy ] && LEGACY=1
	[ "$LEGACY" = 1 ] && [ -z "$(mvm_info node1 addr)" ] &&
		{ echo "cluster_up: the VMs have no legacy addresses (vm-cluster --legacy)" >&2; return 1; }
	mvm_wait_links 60
}

spawn_server() {
	local node=$1 log=$2 ready=$3 what=$4 deadline pid

	shift 4
	# The guest writes it in its output directory; LOG points there
	ln -sf "$(mvm_out "$node")/${log##*/}" "$log"
	pid=$(mvm_spawn "$node" "${log##*/}" "$(printf '%q ' "$@")")
	case $pid in ''|*[!0-9]*) echo "$what on $node did not start: $pid" >&2; return 1 ;; esac
	SERVER_PID=$node:$pid
	SERVER_PIDS+=("$SERVER_PID")
	deadline=$((SECONDS + 20))
	until grep -q "$ready" "$log" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			echo "$what on $node did not get ready:" >&2
			cat "$log" >&2
			return 1
		fi
		sleep 0.1
	done
}

stop_server() {
	local ids=("$@") id p left

	[ ${#ids[@]} -gt 0 ] || ids=("${SERVER_PIDS[@]}")
	for id in "${ids[@]}"; do
		mvm_exec "${id%%:*}" "kill -TERM ${id#*:} 2>/dev/null;
			for i in \$(seq 50); do kill -0 ${id#*:} 2>/dev/null || exit 0; sleep 0.1; done;
			kill -KILL ${id#*:} 2>/dev/null; exit 0"
		left=()
		for p in "${SERVER_PIDS[@]}"; do
			[ "$p" = "$id" ] || left+=("$p")
		done
		SERVER_PIDS=("${left[@]}")
	done
	return 0
}
