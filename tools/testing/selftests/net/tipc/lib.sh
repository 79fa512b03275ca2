# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the tipc-lb kselftests (tools/testing/selftests/net/tipc).
# Sourced by tipc_lb_*.sh, which run from the installed kselftest tree
# (tools/ksft) inside the guest of tools/vm/vm-run with the tipc modules
# loaded.
#
#   TAP:      ktap_ok DESC | ktap_fail DESC | ktap_skip DESC REASON
#             ktap_check DESC CMD...  (ok if CMD succeeds)
#             ktap_finish             (exit 0 all passed, 1 any failed,
#                                      4 nothing ran but skips)
#             ktap_skip_all REASON    (whole test skipped, exit 4)
#   cluster:  cluster_up [--legacy] | cluster_down
#             node_up NODE | node_down NODE  (one node's netns, veth, TIPC
#                                     identity and bearer; no wait for links)
#             ns_setup NAME...        (net/lib.sh's setup_ns: unique netns
#                                     names, known to on, lb_cli... by NAME)
#             ns NAME | veth NAME     (node NAME's netns, its veth here)
#             on NODE CMD...          (ip netns exec NODE's netns CMD...)
#             node_ident NODE         (identity shown in name tables)
#             wait_publ NODE TYPE LOWER UPPER PUBNODE
#             ensure_prog NAME | ensure_progs  (find or build NAME here;
#                                     sets ${NAME^^}: TIPC_SRV, TIPC_CLI...)
#             start_server [--stream] NODE TYPE LOWER UPPER [NAME]
#                                     (sets SERVER_PID)
#             stop_server [PID]       (default: every server started)
#             client NODE TYPE INST COUNT  (tipc_cli; sets CLI_RC, CLI_SERVED...)
#             expect_served DESC WANT (TAP line: last client run served WANT)
#   tipc-lb:  lb_cli NODE ARGS...     (the CLI inside NODE's netns)
#             lb_available NODE       (CLI built and module has the family)
#
# Every wait is bounded; on timeout the helpers print why on stderr and
# return non-zero.  A trap tears the cluster down on exit.

set -u

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The repository (the CLI, VERSION, the YNL spec): TIPC_LB_REPO, which
# tools/check passes to the guest, or the tree around this directory, or
# the working directory (tools/vm/vm-run runs the command from there)
REPO_DIR=${TIPC_LB_REPO:-}
if [ -z "$REPO_DIR" ]; then
	REPO_DIR=$(cd "$SELFTEST_DIR/../../../../.." && pwd)
	[ -r "$REPO_DIR/VERSION" ] || REPO_DIR=$PWD
fi
TIPC_LB_CLI=${TIPC_LB_CLI:-$REPO_DIR/tools/tipc-lb/tipc-lb}
NODES="node1 node2 node3 node4"
# Seconds to wait for links and for publications to spread (TCG is slow).
LINK_TIMEOUT=${TIPC_LB_LINK_TIMEOUT:-40}
PUBL_TIMEOUT=${TIPC_LB_PUBL_TIMEOUT:-20}
# Scratch space: the repository is read-only inside the guest.
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tipc-lb-test.XXXXXX")

# ---------------------------------------------------------------- TAP ----

# shellcheck source=tools/testing/selftests/net/tipc/ktap.sh
. "$SELFTEST_DIR/ktap.sh"
# shellcheck source=tools/testing/selftests/net/tipc/kcheck.sh
. "$SELFTEST_DIR/kcheck.sh"

# ------------------------------------------------------------ cluster ----
#
# The tests name their nodes node1..node4 (node5: the soak's extra one):
# those are the TIPC identities, the servers' answers, the expectations.
# Each node's netns has a unique name from net/lib.sh's setup_ns
# (node1-XXXXXX), through ns_setup, which also records it: on, lb_cli and
# the helpers here take the node's name and use its netns; any other
# name is a netns's own.  The bridge and the veths get unique names too.

# net/lib.sh of the kselftest tree: setup_ns, slowwait (the kernel's,
# installed next to this directory; the cached 6.12 source tree's when
# sourced from the repository, as tools/demo does)
NET_LIB=$SELFTEST_DIR/../lib.sh
KSFT_SRC=${TIPC_LB_CACHE:-/var/cache/tipc-lb}/6.12.*/linux-source/tools/testing/selftests
# shellcheck disable=SC2086 # $KSFT_SRC is a pattern
[ -r "$NET_LIB" ] ||
	for NET_LIB in $KSFT_SRC/net/lib.sh; do
		break
	done
# shellcheck source=/dev/null
. "$NET_LIB" || { echo "# no net/lib.sh of the kselftest tree ($NET_LIB)"; exit 1; }

declare -A NS_OF=()
# The nodes' netns names, once ns_setup has made them (setup_ns needs
# the variables set, if empty, under set -u)
node1=''
node2=''
node3=''
node4=''
node5=''
# A suffix for the devices in the initial netns (no exec: $RANDOM, $$)
printf -v LB_SUF '%06x' $((((RANDOM << 15) ^ RANDOM ^ ($$ << 4)) & 0xffffff))
BRIDGE=tlbbr-$LB_SUF

# ns_setup NAME...: setup_ns NAME... (unique netns NAME-XXXXXX, lo up);
# NS_OF[NAME] and the variable NAME hold its netns
ns_setup() {
	local name

	# setup_ns reads the variables: set them, empty, for set -u
	for name in "$@"; do
		[[ -v $name ]] || declare -g "$name="
	done
	setup_ns "$@" || return 1
	for name in "$@"; do
		NS_OF[$name]=${!name}
	done
}

# ns NAME: the netns of node NAME (or NAME itself)
ns() {
	echo "${NS_OF[$1]:-$1}"
}

# veth NAME: the name of node NAME's veth in the initial netns
veth() {
	echo "tlbv${1#node}-$LB_SUF"
}

LEGACY=0
SERVER_PIDS=()
SERVER_PID=

on() {
	local node=$1

	shift
	ip netns exec "${NS_OF[$node]:-$node}" "$@"
}

# How NODE appears in the "Node" column of `tipc nametable show`: its
# identity, which in legacy mode is derived from 1.1.N and printed in hex.
node_ident() {
	local n=${1#node}

	if [ "$LEGACY" = 1 ]; then
		printf '%x\n' $(((1 << 24) | (1 << 12) | n))
	else
		echo "$1"
	fi
}

# links_up WANT: every node of NODES has WANT links up
links_up() {
	local node n

	for node in $NODES; do
		n=$(on "$node" tipc link list 2>/dev/null |
		    grep -v '^broadcast-link' | grep -c ': up$')
		[ "$n" -ge "$1" ] || return 1
	done
}

# Wait (bounded) until every node of NODES has an up link to each other.
wait_links() {
	local node want

	want=$(($(wc -w <<<"$NODES") - 1))
	slowwait "$LINK_TIMEOUT" links_up "$want" && return 0
	echo "cluster_up: links not all up after ${LINK_TIMEOUT} s:" >&2
	for node in $NODES; do
		echo "  $node: $(on "$node" tipc link list 2>&1 | tr '\n' ' ')" >&2
	done
	return 1
}

# node_down NODE: delete NODE's veth and its netns.  The veth pair goes
# explicitly: a netns deletion frees its devices asynchronously, and the
# next node_up would find the veth still there.  Only touch what exists:
# every command costs under TCG.
node_down() {
	local node=$1 ns=${NS_OF[$1]:-$1} v

	v=tlbv${node#node}-$LB_SUF
	[ -e "/sys/class/net/$v" ] && ip link del "$v" 2>/dev/null
	[ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null
	return 0
}

# cluster_down: every node_down and the bridge, in one ip batch
cluster_down() {
	local node ns v cmds=

	for node in $NODES; do
		ns=${NS_OF[$node]:-$node}
		v=tlbv${node#node}-$LB_SUF
		[ -e "/sys/class/net/$v" ] && cmds+="link del $v"$'\n'
		[ -e "/run/netns/$ns" ] && cmds+="netns del $ns"$'\n'
	done
	[ -e "/sys/class/net/$BRIDGE" ] && cmds+="link del $BRIDGE"$'\n'
	[ -z "$cmds" ] || ip -force -batch - <<<"$cmds" 2>/dev/null
	return 0
}

# ns_fresh NODE...: ns_setup for those of the nodes without a netns name
# yet (their netns made, lo up); the others keep theirs
ns_fresh() {
	local node fresh=()

	for node in "$@"; do
		[ -n "${NS_OF[$node]:-}" ] || fresh+=("$node")
	done
	[ ${#fresh[@]} -eq 0 ] || ns_setup "${fresh[@]}"
}

# node_up NODE: NODE's netns with a veth into the bridge, its TIPC
# identity (legacy mode: address 1.1.N) and an eth bearer on eth0.  Does
# not wait for links.  The ip commands go in one batch, and what runs in
# the netns in one shell: every exec is slow under TCG.
node_up() {
	local node=$1

	ns_fresh "$node" || return 1
	ip -batch - <<<"$(node_links "$node")" || return 1
	node_tipc "$node"
}

# node_links NODE: the ip batch that makes NODE's netns (unless it
# exists) and veth
node_links() {
	local ns=${NS_OF[$1]:-$1} v

	v=tlbv${1#node}-$LB_SUF
	[ -e "/run/netns/$ns" ] || echo "netns add $ns"
	echo "link add $v type veth peer name eth0 netns $ns"
	echo "link set $v master $BRIDGE up"
}

# node_tipc NODE: in NODE's netns, lo and eth0 up, its TIPC identity
# and bearer
node_tipc() {
	local node=$1 n=${1#node} id_cmd

	if [ "$LEGACY" = 1 ]; then
		# The address must come before any bearer; it also fixes the
		# identity (setting one afterwards is refused), so no "node
		# set identity" here.
		id_cmd="tipc node set address 1.1.$n"
	else
		id_cmd="tipc node set identity $node"
	fi
	on "$node" sh -c "ip link set lo up && ip link set eth0 up &&
		$id_cmd && tipc bearer enable media eth device eth0" ||
		{ echo "node_up: setup of $node failed" >&2; return 1; }
}

# cluster_up [--legacy]: the nodes of NODES (node1..node4), each netns
# with a veth into one bridge, a TIPC identity and an eth bearer; returns
# once all links are up.
cluster_up() {
	local node pid pids rc=0

	LEGACY=0
	[ "${1:-}" = --legacy ] && LEGACY=1
	[ -d /sys/module/tipc ] || { echo "cluster_up: tipc module not loaded" >&2; return 1; }
	cluster_down
	# shellcheck disable=SC2086  # NODES: a list of names
	ns_fresh $NODES || return 1
	ip -batch - <<<"link add $BRIDGE type bridge
link set $BRIDGE up
$(for node in $NODES; do node_links "$node"; done)" || return 1
	# The nodes' setups side by side: the guest has two vCPUs
	pids=()
	for node in $NODES; do
		node_tipc "$node" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	[ "$rc" = 0 ] && wait_links
}

# publ_listed NODE TYPE LOWER UPPER IDENT: NODE's name table lists
# {TYPE, LOWER, UPPER} published by the node of identity IDENT
publ_listed() {
	on "$1" tipc nametable show 2>/dev/null |
		awk -v t="$2" -v l="$3" -v u="$4" -v n="$5" '
			$1 == t && $2 == l && $3 == u && $6 == n { found = 1 }
			END { exit !found }'
}

# publ_unlisted NODE TYPE LOWER UPPER IDENT: the reverse
publ_unlisted() {
	! publ_listed "$@"
}

# wait_publ NODE TYPE LOWER UPPER PUBNODE: wait until NODE's name table lists
# {TYPE, LOWER, UPPER} published by PUBNODE.
wait_publ() {
	local ident

	ident=$(node_ident "$5")
	slowwait "$PUBL_TIMEOUT" publ_listed "$1" "$2" "$3" "$4" "$ident" && return 0
	echo "wait_publ: {$2,$3,$4} from $5 not seen on $1 after ${PUBL_TIMEOUT} s" >&2
	return 1
}

# wait_unpubl NODE TYPE LOWER UPPER PUBNODE: the reverse, after a withdraw.
wait_unpubl() {
	local ident

	ident=$(node_ident "$5")
	slowwait "$PUBL_TIMEOUT" publ_unlisted "$1" "$2" "$3" "$4" "$ident" && return 0
	echo "wait_unpubl: {$2,$3,$4} from $5 still on $1 after ${PUBL_TIMEOUT} s" >&2
	return 1
}

# ensure_prog NAME: the test program NAME here as the kselftest build made
# it (TEST_GEN_FILES), unless it is missing or older than its source or
# tipc_test.h; then a private copy built in WORK_DIR (the tree is
# read-only in the guest).  Its path goes into the variable named NAME in
# upper case (tipc_conn -> TIPC_CONN).
ensure_prog() {
	local p=$1 bin=$SELFTEST_DIR/$1

	if [ -x "$bin" ] && [ ! "$bin.c" -nt "$bin" ] &&
	   [ ! "$SELFTEST_DIR/tipc_test.h" -nt "$bin" ]; then
		printf -v "${p^^}" '%s' "$bin"
		return 0
	fi
	gcc -Wall -Wextra -O2 -o "$WORK_DIR/$p" "$bin.c" || {
		echo "cannot build $p (run tools/ksft on the host)" >&2
		return 1
	}
	printf -v "${p^^}" '%s' "$WORK_DIR/$p"
}

# ensure_progs: ensure_prog for the server and the client.
ensure_progs() {
	ensure_prog tipc_srv && ensure_prog tipc_cli
}
TIPC_SRV=
TIPC_CLI=
TIPC_CONN=

# spawn_server NODE LOG READY WHAT CMD...: run CMD in NODE's netns in the
# background, its output in LOG, and wait (SPAWN_TIMEOUT s at most, 10 by
# default: a Python server on the debug kernel needs more) for a line matching
# the regex READY; WHAT names it in errors.  SERVER_PID is its pid and
# lib_cleanup (or stop_server) ends it.
spawn_server() {
	local node=$1 log=$2 ready=$3 what=$4 deadline

	shift 4
	# Not through on(): a backgrounded function is a subshell, and its pid
	# is not the server's.  ip netns exec execs the server, same pid.
	ip netns exec "${NS_OF[$node]:-$node}" "$@" </dev/null >"$log" 2>&1 &
	SERVER_PID=$!
	SERVER_PIDS+=("$SERVER_PID")
	deadline=$((SECONDS + ${SPAWN_TIMEOUT:-10}))
	until grep -q "$ready" "$log" 2>/dev/null; do
		if ! kill -0 "$SERVER_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
			echo "$what on $node did not get ready:" >&2
			cat "$log" >&2
			return 1
		fi
		sleep 0.1
	done
}

# start_server [--stream] NODE TYPE LOWER UPPER [NAME]: a tipc_srv in NODE's
# netns that answers each request with NAME (default NODE): RDM, or with
# --stream a SOCK_STREAM server (tipc_srv -s: many connections, each kept
# open until the peer closes it).  Returns once it is bound (and listening)
# and its publication is visible on every node.  SERVER_PID is its pid.
start_server() {
	local mode=() what=tipc_srv node type lower upper name n

	if [ "${1:-}" = --stream ]; then
		mode=(-s)
		what="tipc_srv -s"
		shift
	fi
	node=$1 type=$2 lower=$3 upper=$4 name=${5:-$1}
	[ -n "$TIPC_SRV" ] || ensure_progs || return 1
	spawn_server "$node" "$WORK_DIR/srv${mode[*]}.$node.$type.$lower.$upper.log" \
		'^ready$' "$what" "$TIPC_SRV" "${mode[@]}" -t "$type" -l "$lower" \
		-u "$upper" -n "$name" || return 1
	for n in $NODES; do
		wait_publ "$n" "$type" "$lower" "$upper" "$node" || return 1
	done
}

# stop_server [PID]: SIGTERM, then a bounded wait (SIGKILL after 5 s).
stop_server() {
	local pids=("$@") pid p i left

	[ ${#pids[@]} -gt 0 ] || pids=("${SERVER_PIDS[@]}")
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		left=()
		for p in "${SERVER_PIDS[@]}"; do
			[ "$p" = "$pid" ] || left+=("$p")
		done
		SERVER_PIDS=("${left[@]}")
	done
	return 0
}

# client NODE TYPE INSTANCE COUNT: run tipc_cli in NODE; its output lands in
# CLI_OUT, its exit status in CLI_RC, the summary line in CLI_SERVED
# (e.g. "node1=10 node2=10") and the errno of a failed call in CLI_ERRNO.
CLI_OUT=
CLI_RC=
CLI_SERVED=
CLI_ERRNO=
client() {
	local node=$1 type=$2 inst=$3 count=$4

	[ -n "$TIPC_CLI" ] || ensure_progs || return 1
	CLI_OUT=$(on "$node" timeout 60 "$TIPC_CLI" -t "$type" -i "$inst" \
		  -n "$count" -w "${TIPC_LB_REPLY_TIMEOUT_MS:-3000}" 2>&1)
	CLI_RC=$?
	CLI_SERVED=$(sed -n 's/^served: *//p' <<<"$CLI_OUT" | tail -n1)
	CLI_ERRNO=$(sed -n 's/^error: .*(errno \([0-9]*\))$/\1/p' <<<"$CLI_OUT" | tail -n1)
	return 0
}

# served_sorted: CLI_SERVED with its entries sorted, for exact comparisons.
served_sorted() {
	tr ' ' '\n' <<<"$CLI_SERVED" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_served DESC WANT: ok if the last client run succeeded with exactly
# the sorted summary WANT.
expect_served() {
	local got

	got=$(served_sorted)
	if [ "$CLI_RC" = 0 ] && [ "$got" = "$2" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "expected '$2', got '$got' (exit $CLI_RC)" "$CLI_OUT"
	fi
}

# ------------------------------------------------------------ tipc-lb ----

lb_cli() {
	local node=$1

	shift
	on "$node" "$TIPC_LB_CLI" "$@"
}

# Why tipc-lb policies cannot be tested here, or nothing if they can.
LB_REASON=
lb_available() {
	local node=${1:-node4}

	LB_REASON=
	if [ ! -x "$TIPC_LB_CLI" ]; then
		LB_REASON="tipc-lb CLI not built ($TIPC_LB_CLI)"
	elif ! lb_cli "$node" policy show >/dev/null 2>&1; then
		LB_REASON="no tipc_lb generic netlink family (tipc-lb policy show failed)"
	fi
	[ -z "$LB_REASON" ]
}

# ------------------------------------------------------- kernel log ----

# dmesg_mark: remember where the kernel log is; expect_clean_dmesg DESC:
# ok if nothing since reads like a report (WARNING, BUG, a stall or soft
# lockup, a sanitizer or lockdep splat, a sleep in atomic context)
DMESG_MARK=0
dmesg_mark() {
	DMESG_MARK=$(dmesg | wc -l)
}

expect_clean_dmesg() {
	local report

	report=$(dmesg | tail -n +"$((DMESG_MARK + 1))" | kreport_grep | head -n 5)
	if [ -z "$report" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "$report"
	fi
}

# -------------------------------------------------------------- cleanup ----

lib_cleanup() {
	[ ${#SERVER_PIDS[@]} -gt 0 ] && stop_server
	cluster_down
	rm -rf "$WORK_DIR"
}
trap lib_cleanup EXIT
# A runner timeout sends SIGTERM: clean up and report failure.
trap 'echo "# ${0##*/}: interrupted"; exit 1' TERM INT HUP

# ------------------------------------------------- policy test helpers ----
#
#   start_sserver NODE TYPE LOWER UPPER [NAME]  (start_server --stream)
#   client_sweep NODE TYPE FIRST LAST  (tipc_cli -i FIRST -I LAST: one
#                             request per instance; SWEEP holds "INST NAME"
#                             lines, CLI_OUT/CLI_RC as for client)
#   conn_start NODE TYPE INST | conn_cmd CMD | conn_stop
#                             (a tipc_conn coprocess in NODE: conn_cmd sends
#                             one command and puts its answer in CONN_REPLY)
#   lb_policy_probe POLICY [ARGS...]  (can this module and CLI set POLICY?
#                             0 yes; 1 unknown policy, 2 other error, both
#                             with LB_REASON)
#   lb_require_policy POLICY [ARGS...]  (probe, or skip/fail the whole test)
#   publ_port NODE TYPE LOWER UPPER PUBNODE  (port of that publication as
#                             NODE's name table shows it)

# start_sserver NODE TYPE LOWER UPPER [NAME]: start_server --stream.
start_sserver() {
	start_server --stream "$@"
}

# client_sweep NODE TYPE FIRST LAST: one request to each instance FIRST..LAST
# from NODE; SWEEP gets the "INSTANCE NAME" lines (sorted by instance).
SWEEP=
client_sweep() {
	local node=$1 type=$2 first=$3 last=$4

	[ -n "$TIPC_CLI" ] || ensure_progs || return 1
	CLI_OUT=$(on "$node" timeout 60 "$TIPC_CLI" -t "$type" -i "$first" -I "$last" \
		  -w "${TIPC_LB_REPLY_TIMEOUT_MS:-3000}" 2>&1)
	CLI_RC=$?
	CLI_SERVED=$(sed -n 's/^served: *//p' <<<"$CLI_OUT" | tail -n1)
	SWEEP=$(grep -E '^[0-9]+ ' <<<"$CLI_OUT" | sort -n)
	return 0
}

# A tipc_conn coprocess: connections stay open between commands.
CONN_PID_SAVED=
CONN_REPLY=
conn_start() {
	local node=$1 type=$2 inst=$3

	[ -n "$TIPC_CONN" ] || ensure_prog tipc_conn || return 1
	coproc CONN { exec ip netns exec "${NS_OF[$node]:-$node}" "$TIPC_CONN" -t "$type" -i \
		"$inst" \
		-w "${TIPC_LB_REPLY_TIMEOUT_MS:-3000}" 2>&1; }
	CONN_PID_SAVED=$CONN_PID
	# lib_cleanup ends it with the servers.
	SERVER_PIDS+=("$CONN_PID")
}

# conn_send CMD: write one command line to tipc_conn.
conn_send() {
	local ok=0

	[ -n "${CONN[1]:-}" ] || return 1
	# SIGPIPE ignored for the write only: a dead tipc_conn must not kill
	# the test (no subshell: coproc descriptors are not available there).
	trap '' PIPE
	echo "$1" 1>&"${CONN[1]}" 2>/dev/null || ok=1
	trap - PIPE
	return $ok
}

# conn_cmd CMD: send CMD, wait (bounded) for its one-line answer.
conn_cmd() {
	CONN_REPLY=
	conn_send "$1" || { CONN_REPLY="error: tipc_conn is not running"; return 1; }
	IFS= read -r -t 20 CONN_REPLY <&"${CONN[0]}" ||
		{ CONN_REPLY="error: no answer from tipc_conn to '$1'"; return 1; }
	case $CONN_REPLY in error*) return 1 ;; esac
	return 0
}

conn_stop() {
	conn_send quit
	[ -n "$CONN_PID_SAVED" ] && stop_server "$CONN_PID_SAVED"
	CONN_PID_SAVED=
}

# lb_policy_probe POLICY [ARGS...]: set POLICY on a scratch type in the
# guest's initial netns (no cluster needed) and delete it again.  Returns 1
# with LB_REASON when the CLI or the module does not know the policy (the
# error mentions the policy), 2 for any other failure.
LB_PROBE_TYPE=999
lb_policy_probe() {
	local out

	LB_REASON=
	if [ ! -x "$TIPC_LB_CLI" ]; then
		LB_REASON="tipc-lb CLI not built ($TIPC_LB_CLI)"
		return 1
	fi
	if ! "$TIPC_LB_CLI" policy show >/dev/null 2>&1; then
		LB_REASON="no tipc_lb generic netlink family (tipc-lb policy show failed)"
		return 1
	fi
	if ! out=$("$TIPC_LB_CLI" policy set type $LB_PROBE_TYPE "$@" 2>&1); then
		LB_REASON="policy '$*' unavailable: $(head -n1 <<<"$out")"
		# Not knowing the policy is a skip; anything else is a bug.
		grep -qiE 'policy|unknown|not supported' <<<"$out" && return 1
		return 2
	fi
	"$TIPC_LB_CLI" policy del type $LB_PROBE_TYPE >/dev/null 2>&1
	return 0
}

# publ_port NODE TYPE LOWER UPPER PUBNODE: the port of that publication.
publ_port() {
	local ident

	ident=$(node_ident "$5")
	on "$1" tipc nametable show 2>/dev/null |
		awk -v t="$2" -v l="$3" -v u="$4" -v n="$ident" '
			$1 == t && $2 == l && $3 == u && $6 == n { print $5; exit }'
}

# lb_require_policy POLICY [ARGS...]: lb_policy_probe, or end the test: a
# skip (exit 4) if the policy is unknown, a failure for any other error.
lb_require_policy() {
	lb_policy_probe "$@"
	case $? in
	0) return 0 ;;
	1) ktap_skip_all "$LB_REASON" ;;
	*)
		ktap_fail "tipc-lb policy set type $LB_PROBE_TYPE $* (probe in the initial netns)"
		diag "$LB_REASON"
		ktap_finish
		;;
	esac
}
