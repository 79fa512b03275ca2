#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tipc-lb CLI against the real tipc_lb generic netlink family (run inside
# the tools/vm/vm-run guest with the tipc-lb tipc.ko loaded; no cluster):
#   - set / show / del round trips for a type and for the default, text and
#     JSON output, boundary types 64 and 4294967295;
#   - the configuration is per network namespace;
#   - bad input fails by name and leaves the configuration unchanged;
#   - an unprivileged user gets EPERM on changes but can still show;
#   - policy weight options (width | weight W) and their show output;
#   - weight and priority entries: set / show / del by identity, Z.C.N and
#     0x address, with and without a port, text and JSON, type filters, the
#     kernel's ENOENT extack, bad input, EPERM for an unprivileged user;
#   - the kernel's own validation (type < 64, policy > max), driven by a raw
#     generic netlink sender since the CLI refuses such input itself: ERANGE
#     (EINVAL accepted too), an extack message, NLMSGERR_ATTR_OFFS on the bad
#     attribute;
#   - policy show type T: the policy in force and its origin;
#   - save is canonical and -b reproduces it, over every policy, weight
#     source and entry kind; -b stops at a failing line with FILE:LINE,
#     -force goes on; -n NETNS; -V; flush (one notification: needs the
#     module's FLUSH); the kernel's entry limit (needs the module's limits);
#   - every line monitor -t printed during the whole test replays, with -b,
#     to the same configuration in a fresh netns.
# Skips (exit 4) when the module or its tipc_lb family is missing.
# shellcheck disable=SC2086  # NS_A...NS_R: netns names, no blanks
source "$(dirname "$0")/lib.sh"

# Their netns, unique names from setup_ns (ns_setup)
NS_A=
NS_B=
NS_C=
NS_D=
NS_R=
TYPE=1000
NOPOL='no policy configured for this service type'
EPERM_TEXT='Operation not permitted'
PY=$(command -v python3 || true)
NOBODY_DIR=
NOBODY_CLI=

cli_cleanup() {
	local ns

	for ns in "$NS_A" "$NS_B" "$NS_C" "$NS_D" "$NS_R"; do
		[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	done
	[ -n "$NOBODY_DIR" ] && rm -rf "$NOBODY_DIR"
	return 0
}
# lib.sh's EXIT trap cleans the cluster and WORK_DIR: keep it, run ours first.
trap 'cli_cleanup; lib_cleanup' EXIT

# lb NS ARGS...: the CLI in netns NS ("-": this one); sets OUT, ERR and RC.
OUT=
ERR=
RC=
lb() {
	local ns=$1

	shift
	if [ "$ns" = - ]; then
		OUT=$("$TIPC_LB_CLI" "$@" 2>"$WORK_DIR/stderr")
	else
		OUT=$(ip netns exec "$ns" "$TIPC_LB_CLI" "$@" 2>"$WORK_DIR/stderr")
	fi
	RC=$?
	ERR=$(cat "$WORK_DIR/stderr")
}

# lb_nobody NS ARGS...: as lb, but as uid/gid 65534 without capabilities.
lb_nobody() {
	local ns=$1

	shift
	OUT=$(ip netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups \
	      "$NOBODY_CLI" "$@" 2>"$WORK_DIR/stderr")
	RC=$?
	ERR=$(cat "$WORK_DIR/stderr")
}

fail_diag() {
	ktap_fail "$1"
	shift
	diag "$@" "exit $RC" "stdout: $OUT" "stderr: $ERR"
}

# expect_eperm ARGS...: a non-root user running tipc-lb ARGS in NS_A gets
# exit 1, the EPERM text and the CAP_NET_ADMIN hint.
expect_eperm() {
	local desc="unprivileged \"$*\": EPERM and the CAP_NET_ADMIN hint"

	lb_nobody "$NS_A" "$@"
	if [ "$RC" = 1 ] && grep -qF "$EPERM_TEXT" <<<"$ERR" &&
	   grep -qF CAP_NET_ADMIN <<<"$ERR"; then
		ktap_ok "$desc"
	else
		fail_diag "$desc"
	fi
}

# json_is JSON PYEXPR: JSON parses and PYEXPR (over d, the parsed value) holds.
# One python3 serves every check: starting it costs seconds under TCG.  Each
# request is "LEN1 LEN2\n" and the two strings (byte lengths); the answer is
# a line "1" or "0".  In a subshell, which cannot reach the coprocess, a
# python3 of its own answers.
JSON_CHECKER='import json, sys
inp = sys.stdin.buffer
for hdr in inp:
    n1, n2 = map(int, hdr.split())
    text, expr = inp.read(n1), inp.read(n2)
    try:
        ok = bool(eval(expr.decode(), {"d": json.loads(text)}))
    except Exception:
        ok = False
    print(1 if ok else 0, flush=True)'
JSONCHK_PID=
json_is() {
	local LC_ALL=C reply=

	if [ "$BASH_SUBSHELL" = 0 ]; then
		if [ -z "$JSONCHK_PID" ] || ! kill -0 "$JSONCHK_PID" 2>/dev/null; then
			coproc JSONCHK { "$PY" -I -S -c "$JSON_CHECKER" 2>/dev/null; }
		fi
		printf '%d %d\n%s%s' "${#1}" "${#2}" "$1" "$2" >&"${JSONCHK[1]}" &&
			read -r -t 60 reply <&"${JSONCHK[0]}"
	else
		reply=$(printf '%d %d\n%s%s' "${#1}" "${#2}" "$1" "$2" |
			"$PY" -I -S -c "$JSON_CHECKER" 2>/dev/null)
	fi
	[ "$reply" = 1 ]
}

# expect_ok DESC NS ARGS...: exit 0, nothing on stderr.
expect_ok() {
	local desc=$1

	shift
	lb "$@"
	if [ "$RC" = 0 ] && [ -z "$ERR" ]; then
		ktap_ok "$desc"
	else
		fail_diag "$desc" "tipc-lb ${*:2}"
	fi
}

# expect_out DESC TEXT NS ARGS...: exit 0 and stdout exactly TEXT.
expect_out() {
	local desc=$1 want=$2

	shift 2
	lb "$@"
	if [ "$RC" = 0 ] && [ "$OUT" = "$want" ]; then
		ktap_ok "$desc"
	else
		fail_diag "$desc" "tipc-lb ${*:2}" "expected stdout: $want"
	fi
}

# expect_json DESC PYEXPR NS ARGS...: exit 0 and stdout is JSON satisfying
# PYEXPR.
expect_json() {
	local desc=$1 expr=$2

	shift 2
	lb "$@"
	if [ -z "$PY" ]; then
		ktap_skip "$desc" "no python3"
	elif [ "$RC" = 0 ] && json_is "$OUT" "$expr"; then
		ktap_ok "$desc"
	else
		fail_diag "$desc" "tipc-lb ${*:2}" "expected JSON with: $expr"
	fi
}

# expect_err DESC TEXT NS ARGS...: exit 1, stderr contains TEXT, no stdout.
expect_err() {
	local desc=$1 text=$2

	shift 2
	lb "$@"
	if [ "$RC" = 1 ] && [ -z "$OUT" ] && grep -qF -- "$text" <<<"$ERR"; then
		ktap_ok "$desc"
	else
		fail_diag "$desc" "tipc-lb ${*:2}" "expected exit 1 and stderr with: $text"
	fi
}

# snapshot NS: the JSON configuration of NS, for before/after comparisons.
snapshot() {
	lb "$1" -j policy show
	[ "$RC" = 0 ] && printf '%s' "$OUT"
}

# expect_unchanged DESC NS BEFORE
expect_unchanged() {
	local now

	now=$(snapshot "$2")
	if [ -n "$3" ] && [ "$now" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "before: $3" "after:  $now"
	fi
}

# ----------------------------------------------------------- preconditions

[ -d /sys/module/tipc ] || ktap_skip_all "tipc module not loaded"
[ -x "$TIPC_LB_CLI" ] || ktap_skip_all "tipc-lb CLI not built ($TIPC_LB_CLI)"
lb - policy show
if [ "$RC" != 0 ] && grep -q "family not found" <<<"$ERR"; then
	ktap_skip_all "the loaded tipc.ko has no tipc_lb generic netlink family"
fi
ROOT_BEFORE=$(snapshot -)

cli_cleanup
if ! ns_setup NS_A NS_B; then
	ktap_fail "create netns $NS_A and $NS_B"
	ktap_finish
fi

# monitor -t of NS_A for the whole test: at the end, its lines must replay
# (tipc-lb -b) to NS_A's configuration in a fresh netns.  Listening once
# a poke (stats reset on an unused type, which announces itself) shows.
ALLMON_LOG=$WORK_DIR/allmon.log
ip netns exec "$NS_A" "$TIPC_LB_CLI" -t monitor >"$ALLMON_LOG" 2>&1 &
ALLMON_PID=$!
SERVER_PIDS+=("$ALLMON_PID")
for ((i = 0; i < 100; i++)); do
	ip netns exec "$NS_A" "$TIPC_LB_CLI" stats reset type 65
	[ -s "$ALLMON_LOG" ] && break
	sleep 0.1
done

# The unprivileged user must reach the binary: the repository may sit in a
# directory only root can enter, so use a world-readable copy.
NOBODY_DIR=$(mktemp -d /tmp/tipc-lb-cli.XXXXXX) &&
	chmod 755 "$NOBODY_DIR" &&
	cp "$TIPC_LB_CLI" "$NOBODY_DIR/tipc-lb" &&
	chmod 755 "$NOBODY_DIR/tipc-lb" &&
	NOBODY_CLI=$NOBODY_DIR/tipc-lb

# -------------------------------------------------------- type round trip

expect_out "fresh netns: policy show is the empty default" "policy set default none" $NS_A policy \
	show
expect_json "fresh netns: -j policy show is [the default none]" \
	'd == [{"policy": "none", "policy-origin": "default"}]' $NS_A -j policy show
expect_ok "policy set type $TYPE rr" $NS_A policy set type $TYPE rr
if [ -z "$OUT" ]; then ktap_ok "policy set prints nothing"; else fail_diag \
	"policy set prints nothing"; fi
expect_out "policy show lists type $TYPE rr" "policy set default none
policy set type $TYPE rr" $NS_A policy show
expect_json "-j policy show has type $TYPE rr" \
	'd == [{"policy": "none", "policy-origin": "default"},
	 {"type": 1000, "policy": "rr", "policy-origin": "type"}]' $NS_A -j policy show
expect_json "-j -p policy show is the same JSON" \
	'd == [{"policy": "none", "policy-origin": "default"},
	 {"type": 1000, "policy": "rr", "policy-origin": "type"}]' $NS_A -j -p policy show
expect_out "policy show type $TYPE" "policy set type $TYPE rr" $NS_A policy show type $TYPE
expect_out "policy show type $TYPE -j" \
	"[{\"type\":$TYPE,\"policy\":\"rr\",\"policy-origin\":\"type\"}]" \
	$NS_A policy show type $TYPE -j
expect_out "iproute2-style prefixes: pol sh t $TYPE" "policy set type $TYPE rr" $NS_A pol sh t $TYPE

expect_ok "policy set type $TYPE none (exempt from the default)" $NS_A policy set type $TYPE none
expect_out "policy show type $TYPE says none" "policy set type $TYPE none" $NS_A policy show type \
	$TYPE
expect_ok "policy set type $TYPE rr again (replaces)" $NS_A policy set type $TYPE rr
expect_ok "policy set type 64 rr (lowest type)" $NS_A policy set type 64 rr
expect_ok "policy set type 4294967295 none (highest type)" $NS_A policy set type 4294967295 none
expect_out "policy show lists the types in order" "policy set default none
policy set type 64 rr
policy set type $TYPE rr
policy set type 4294967295 none" $NS_A policy show
expect_json "-j policy show lists three types" \
	'd[1:] == [{"type": 64, "policy": "rr", "policy-origin": "type"},
	 {"type": 1000, "policy": "rr", "policy-origin": "type"},
	 {"type": 4294967295, "policy": "none", "policy-origin": "type"}]' \
	$NS_A -j policy show
expect_ok "policy del type 64" $NS_A policy del type 64
expect_ok "policy del type 4294967295" $NS_A policy del type 4294967295

expect_ok "policy del type $TYPE" $NS_A policy del type $TYPE
expect_json "type $TYPE gone from -j policy show" \
	'd == [{"policy": "none", "policy-origin": "default"}]' $NS_A -j policy show
expect_out "policy show type $TYPE after del: none in force (a comment)" \
	"# type $TYPE: policy none, no policy of its own and no default (stock lookup)" \
	$NS_A policy show type $TYPE
expect_json "-j policy show type $TYPE after del: origin none" \
	'd == [{"type": 1000, "policy": "none", "policy-origin": "none"}]' $NS_A -j policy show \
		type $TYPE
expect_err "policy del type $TYPE again: kernel's extack" "Error: $NOPOL" \
	$NS_A policy del type $TYPE
# The kernel points NLMSGERR_ATTR_OFFS at TYPE: the CLI names it.
lb $NS_A policy del type $TYPE
if [ "$ERR" = "Error: $NOPOL (attribute \"type\")" ]; then
	ktap_ok "the CLI names the attribute the extack points at"
else
	fail_diag "the CLI names the attribute the extack points at" \
		"expected: Error: $NOPOL (attribute \"type\")"
fi

# ----------------------------------------------------------------- default

expect_out "policy show default (none set)" "policy set default none" $NS_A policy show default
expect_ok "policy set default rr" $NS_A policy set default rr
expect_out "policy show default" "policy set default rr" $NS_A policy show default
expect_json "-j policy show default" 'd == [{"policy": "rr", "policy-origin": "default"}]' $NS_A \
	-j policy show default
expect_json "-j policy show has default rr" \
	'd == [{"policy": "rr", "policy-origin": "default"}]' $NS_A -j policy show
expect_ok "policy del default" $NS_A policy del default
expect_out "default back to none" "policy set default none" $NS_A policy show default
expect_ok "policy set default rr, then policy set default none" $NS_A policy set default rr
expect_ok "policy set default none" $NS_A policy set default none
expect_out "policy set default none removes the default" "policy set default none" $NS_A policy \
	show default
expect_ok "policy del default without a default" $NS_A policy del default

# ------------------------------------------------------------ per netns

lb $NS_A policy set type $TYPE rr
lb $NS_B policy set default rr
expect_json "type $TYPE set in $NS_A is not in $NS_B" \
	'd == [{"policy": "rr", "policy-origin": "default"}]' $NS_B -j policy show
expect_json "default set in $NS_B is not in $NS_A" \
	'd == [{"policy": "none", "policy-origin": "default"},
	 {"type": 1000, "policy": "rr", "policy-origin": "type"}]' $NS_A -j policy show
expect_out "policy show type $TYPE in $NS_B: the default's rr" \
	"# type $TYPE: policy rr, from the default" $NS_B policy show type $TYPE
expect_json "-j policy show type $TYPE in $NS_B: origin default" \
	'd == [{"type": 1000, "policy": "rr", "policy-origin": "default"}]' $NS_B -j policy show \
		type $TYPE
expect_unchanged "the initial netns is untouched" - "$ROOT_BEFORE"
expect_ok "policy del default in $NS_B" $NS_B policy del default

# ------------------------------------------------- bad input, nothing changes

BEFORE=$(snapshot $NS_A)
expect_err "unknown policy name" 'Error: unknown policy "foo" (expected: none, rr' \
	$NS_A policy set type $TYPE foo
expect_err "type out of u32 range" \
	'Error: argument "70000000000" is wrong: type must be a number from 64 to 4294967295' \
	$NS_A policy set type 70000000000 none
expect_err "type below 64" 'Error: argument "5" is wrong' $NS_A policy set type 5 rr
expect_err "type not a number" 'Error: argument "abc" is wrong' $NS_A policy del type abc
expect_err "missing policy, named" "Error: missing POLICY after \"$TYPE\"" $NS_A policy set type \
	$TYPE
expect_err "missing type, named" 'Error: missing TYPE after "type"' $NS_A policy del type
expect_err "extra argument" 'Error: unexpected argument "extra"' $NS_A policy set type $TYPE none \
	extra
expect_err "unknown default policy" 'Error: unknown policy "bogus"' $NS_A policy set default bogus
expect_unchanged "bad input left the configuration unchanged" $NS_A "$BEFORE"

# ------------------------------------------------------------- unprivileged

if [ -z "$NOBODY_CLI" ] || ! command -v setpriv >/dev/null; then
	for t in set del "set default" "del default" "stats reset" show; do
		ktap_skip "unprivileged $t" "no setpriv or no world-readable copy of the CLI"
	done
else
	BEFORE=$(snapshot $NS_A)
	for args in "policy set type 2000 rr" "policy del type $TYPE" \
		    "policy set default rr" "policy del default" "stats reset"; do
		# shellcheck disable=SC2086  # word splitting wanted
		expect_eperm $args
	done
	lb_nobody $NS_A -j policy show
	if [ "$RC" = 0 ] && [ "$OUT" = "$BEFORE" ]; then
		ktap_ok "unprivileged policy show works"
	else
		fail_diag "unprivileged policy show works" "expected: $BEFORE"
	fi
	lb_nobody $NS_A policy show type $TYPE
	if [ "$RC" = 0 ] && [ "$OUT" = "policy set type $TYPE rr" ]; then
		ktap_ok "unprivileged policy show type $TYPE works"
	else
		fail_diag "unprivileged policy show type $TYPE works"
	fi
	expect_unchanged "unprivileged attempts changed nothing" $NS_A "$BEFORE"
fi

# ------------------------------------------------- weight options of policies

WT=1001
expect_ok "policy set type $WT weighted width" $NS_A policy set type $WT weighted width
expect_out "policy show type $WT: weight-source width" \
	"policy set type $WT weighted weight-source width" $NS_A policy show type $WT
expect_json "-j policy show type $WT: weight_source width" \
	'd[0]["type"] == 1001 and d[0]["policy"] == "weighted" and d[0]["weight-src"] == "width"' \
	$NS_A -j policy show type $WT
expect_ok "policy set type $WT weighted weight 5" $NS_A policy set type $WT weighted weight 5
expect_out "policy show type $WT: weight-source fixed weight 5" \
	"policy set type $WT weighted weight-source fixed weight 5" $NS_A policy show type $WT
expect_json "-j policy show type $WT: fixed, default_weight 5" \
	'd == [{"type": 1001, "policy": "weighted", "weight-src": "fixed", "default-weight": 5,
	 "policy-origin": "type"}]' \
	$NS_A -j policy show type $WT
expect_ok "policy set type $WT least (no weight options)" $NS_A policy set type $WT least
expect_out "least without options: fixed weight 1" \
	"policy set type $WT least weight-source fixed weight 1" $NS_A policy show type $WT
expect_ok "policy set type $WT sorted" $NS_A policy set type $WT sorted
expect_out "sorted shows no weight source" "policy set type $WT sorted" $NS_A policy show type $WT
expect_json "-j sorted has no weight keys" \
	'd == [{"type": 1001, "policy": "sorted", "policy-origin": "type"}]' \
	$NS_A -j policy show type $WT
expect_ok "policy set type $WT hash" $NS_A policy set type $WT hash
expect_out "policy show type $WT hash" "policy set type $WT hash" $NS_A policy show type $WT
expect_ok "policy set default least width" $NS_A policy set default least width
expect_out "policy show default: least weight-source width" \
	"policy set default least weight-source width" $NS_A policy show default
expect_ok "policy set default weighted weight 7" $NS_A policy set default weighted weight 7
expect_json "-j policy show default: weighted, fixed, 7" \
	'd == [{"policy": "weighted", "weight-src": "fixed", "default-weight": 7,
	 "policy-origin": "default"}]' \
	$NS_A -j policy show default
expect_out "policy show: the default's and the types' weight options" \
	"policy set default weighted weight-source fixed weight 7
policy set type $TYPE rr
policy set type $WT hash" $NS_A policy show
expect_json "-j policy show: the default first, then the types" \
	'd == [{"policy": "weighted", "weight-src": "fixed", "default-weight": 7,
	  "policy-origin": "default"},
	 {"type": 1000, "policy": "rr", "policy-origin": "type"},
	 {"type": 1001, "policy": "hash", "policy-origin": "type"}]' \
	$NS_A -j policy show
expect_ok "policy del default" $NS_A policy del default
expect_ok "policy del type $WT" $NS_A policy del type $WT

# ------------------------------------------------- weight and priority entries

ID32=0123456789abcdef0123456789abcdef
WEIGHTS_TEXT="weight set type $TYPE node node2 weight 3
weight set type $TYPE node 0x1001003 port 12345 weight 0
weight set type 2000 node 0x1001004 weight 10000"
WEIGHTS_PY='[{"type": 1000, "node-id": "node2", "weight": 3},
 {"type": 1000, "node-addr": 16781315, "port": 12345, "weight": 0},
 {"type": 2000, "node-addr": 16781316, "weight": 10000}]'

expect_out "fresh netns: weight show is empty" "" $NS_A weight show
expect_json "fresh netns: -j weight show is []" 'd == []' $NS_A -j weight show
expect_json "fresh netns: -j priority show is []" 'd == []' $NS_A -j priority show
expect_ok "weight set by identity" $NS_A weight set type $TYPE node node2 weight 3
expect_ok "weight set by Z.C.N with a port, weight 0" \
	$NS_A weight set type $TYPE node 1.1.3 port 12345 weight 0
expect_ok "weight set by 0x address, weight 10000" \
	$NS_A weight set type 2000 node 0x1001004 weight 10000
expect_out "weight show lists the three entries" "$WEIGHTS_TEXT" $NS_A weight show
expect_json "-j weight show has the three entries" "d == $WEIGHTS_PY" $NS_A -j weight show
expect_json "-j -p weight show is the same JSON" "d == $WEIGHTS_PY" $NS_A -j -p weight show
expect_out "weight show type $TYPE filters" "weight set type $TYPE node node2 weight 3
weight set type $TYPE node 0x1001003 port 12345 weight 0" $NS_A weight show type $TYPE
expect_json "-j weight show type 2000 filters" \
	'd == [{"type": 2000, "node-addr": 16781316, "weight": 10000}]' $NS_A -j weight show type \
		2000
expect_out "weight show type 3000: nothing" "" $NS_A weight show type 3000
expect_out "weights are not policies" "policy set default none
policy set type $TYPE rr" $NS_A policy show
expect_out "weights alone are no policy for type 2000" \
	"# type 2000: policy none, no policy of its own and no default (stock lookup)" $NS_A \
		policy show type 2000
expect_ok "weight set again replaces" $NS_A weight set type $TYPE node node2 weight 4
expect_ok "weight set of node2 port 7 is another entry" \
	$NS_A weight set type $TYPE node node2 port 7 weight 2
expect_ok "a 32-character identity" $NS_A weight set type $TYPE node $ID32 weight 1
expect_out "weight show type $TYPE" "weight set type $TYPE node $ID32 weight 1
weight set type $TYPE node node2 weight 4
weight set type $TYPE node node2 port 7 weight 2
weight set type $TYPE node 0x1001003 port 12345 weight 0" $NS_A weight show type $TYPE
expect_ok "weight del of the port entry" $NS_A weight del type $TYPE node node2 port 7
expect_ok "weight del of the 32-character identity" $NS_A weight del type $TYPE node $ID32
expect_json "node2 keeps its node-wide weight" \
	'[e for e in d if e.get("node-id") == "node2"] == [{"type": 1000, "node-id": "node2",
	 "weight": 4}]' \
	$NS_A -j weight show
expect_ok "weight set node2 back to 3" $NS_A weight set type $TYPE node node2 weight 3
expect_err "weight del of a missing entry: ENOENT, kernel's extack" \
	"Error: no such weight entry" $NS_A weight del type $TYPE node node9
expect_err "the port is part of the key" "Error: no such weight entry" \
	$NS_A weight del type $TYPE node 1.1.3
expect_err "weight del in another type" "Error: no such weight entry" \
	$NS_A weight del type 3000 node node2
expect_json "$NS_B has no weights" 'd == []' $NS_B -j weight show
expect_err "address 0.0.0: the kernel names the node attribute" '(attribute "node")' \
	$NS_A weight set type $TYPE node 0.0.0 weight 1
expect_ok "weight set by Z.C.N 1.1.2" $NS_A weight set type $TYPE node 1.1.2 weight 6
expect_json "1.1.2 is shown as its address 0x1001002" \
	'{"type": 1000, "node-addr": 16781314, "weight": 6} in d' $NS_A -j weight show type $TYPE
expect_ok "weight del by 0x1001002 (same node)" $NS_A weight del type $TYPE node 0x1001002

expect_ok "priority set by identity" $NS_A priority set type $TYPE node node1 priority 10
expect_ok "priority set by Z.C.N with a port" \
	$NS_A priority set type $TYPE node 1.1.2 port 99 priority 0
expect_ok "priority set, highest value" $NS_A priority set type 2000 node node3 priority 4294967295
expect_out "priority show" "priority set type $TYPE node node1 priority 10
priority set type $TYPE node 0x1001002 port 99 priority 0
priority set type 2000 node node3 priority 4294967295" $NS_A priority show
expect_json "-j priority show" \
	'd == [{"type": 1000, "node-id": "node1", "priority": 10},
	 {"type": 1000, "node-addr": 16781314, "port": 99, "priority": 0},
	 {"type": 2000, "node-id": "node3", "priority": 4294967295}]' \
	$NS_A -j priority show
expect_json "-j priority show type 2000" \
	'd == [{"type": 2000, "node-id": "node3", "priority": 4294967295}]' $NS_A -j priority show \
		type 2000
expect_json "priorities are not weights" "d == $WEIGHTS_PY" $NS_A -j weight show
expect_ok "priority set again replaces" $NS_A priority set type $TYPE node node1 priority 11
expect_out "priority show type $TYPE" "priority set type $TYPE node node1 priority 11
priority set type $TYPE node 0x1001002 port 99 priority 0" $NS_A priority show type $TYPE
expect_err "priority del of a missing entry: ENOENT, kernel's extack" \
	"Error: no such priority entry" $NS_A priority del type $TYPE node node2
expect_ok "priority del type 2000 node node3" $NS_A priority del type 2000 node node3

# bad input: nothing sent, nothing changed
snapshot_ent() {
	local w

	lb "$1" -j weight show
	[ "$RC" = 0 ] || return
	w=$OUT
	lb "$1" -j priority show
	[ "$RC" = 0 ] && printf '%s\n%s' "$w" "$OUT"
}
BEFORE=$(snapshot_ent $NS_A)
expect_err "weight 10001" \
	'Error: argument "10001" is wrong: weight must be a number from 0 to 10000' \
	$NS_A weight set type $TYPE node node2 weight 10001
expect_err "weight -1" 'Error: argument "-1" is wrong' $NS_A weight set type $TYPE node node2 \
	weight -1
expect_err "missing weight value, named" 'Error: missing W after "weight"' \
	$NS_A weight set type $TYPE node node2 weight
expect_err "missing node" 'Error: missing "node"' $NS_A weight set type $TYPE weight 3
expect_err "node 1.1" 'Error: argument "1.1" is wrong' $NS_A weight set type $TYPE node 1.1 weight 1
expect_err "node 256.0.1" 'Error: argument "256.0.1" is wrong' \
	$NS_A weight set type $TYPE node 256.0.1 weight 1
expect_err "node 0xZZ" 'Error: argument "0xZZ" is wrong' $NS_A weight del type $TYPE node 0xZZ
expect_err "33-character identity" "Error: argument \"${ID32}x\" is wrong" \
	$NS_A weight set type $TYPE node "${ID32}x" weight 1
expect_err "port not a number" 'Error: argument "abc" is wrong: port' \
	$NS_A weight set type $TYPE node node2 port abc weight 1
expect_err "priority 4294967296" 'Error: argument "4294967296" is wrong' \
	$NS_A priority set type $TYPE node node2 priority 4294967296
expect_err "width on rr" 'Error: "width" only applies to weighted and least' \
	$NS_A policy set type $TYPE rr width
expect_err "unknown object" 'Error: unknown object "weights"' $NS_A weights show
expect_unchanged_ent() {
	local now

	now=$(snapshot_ent "$2")
	if [ -n "$3" ] && [ "$now" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "before: $3" "after:  $now"
	fi
}
expect_unchanged_ent "bad input left weight show -j and priority show -j unchanged" $NS_A "$BEFORE"
expect_out "... and policy show" "policy set default none
policy set type $TYPE rr" $NS_A policy show

if [ -z "$NOBODY_CLI" ] || ! command -v setpriv >/dev/null; then
	ktap_skip "unprivileged weight and priority changes" \
		"no setpriv or no world-readable copy of the CLI"
else
	for args in "weight set type $TYPE node node2 weight 9" "weight del type $TYPE node node2" \
		    "priority set type $TYPE node node1 priority 1" \
			"priority del type $TYPE node node1" \
		    "policy set type $WT weighted width"; do
		# shellcheck disable=SC2086  # word splitting wanted
		expect_eperm $args
	done
	lb_nobody $NS_A -j weight show
	if [ "$RC" = 0 ] && [ "$OUT" = "$(head -n1 <<<"$BEFORE")" ]; then
		ktap_ok "unprivileged weight show works"
	else
		fail_diag "unprivileged weight show works" "expected: $(head -n1 <<<"$BEFORE")"
	fi
	expect_unchanged_ent "unprivileged attempts changed no entry" $NS_A "$BEFORE"
fi

# the entries outlive the type's policy, and go with their own del
expect_ok "policy del type $TYPE" $NS_A policy del type $TYPE
expect_out "weights stay after policy del" "$WEIGHTS_TEXT" $NS_A weight show
expect_ok "weight del type $TYPE node node2" $NS_A weight del type $TYPE node node2
expect_ok "weight del type $TYPE node 1.1.3 port 12345" $NS_A weight del type $TYPE node 1.1.3 \
	port 12345
expect_ok "weight del type 2000 node 0x1001004" $NS_A weight del type 2000 node 0x1001004
expect_ok "priority del type $TYPE node node1" $NS_A priority del type $TYPE node node1
expect_ok "priority del type $TYPE node 1.1.2 port 99" $NS_A priority del type $TYPE node 1.1.2 \
	port 99
expect_json "no weights left" 'd == []' $NS_A -j weight show
expect_json "no priorities left" 'd == []' $NS_A -j priority show
expect_ok "policy set type $TYPE rr (back as before)" $NS_A policy set type $TYPE rr

# ----------------------------------------- the kernel's own validation (raw)

cat >"$WORK_DIR/genl_raw.py" <<'EOF_PY'
# genl_raw.py CMD [TYPE|-] [POLICY|-]: send one tipc_lb request with NLM_F_ACK
# and print "errno=E offs=O msg=M" from the ack (offs "-" when absent).
import socket
import struct
import sys

NETLINK_GENERIC, SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 16, 270, 10, 11
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_CAPPED, NLM_F_ACK_TLVS = 1, 4, 0x100, 0x200
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
TIPC_LB_A_CONFIG_TYPE, TIPC_LB_A_CONFIG_POLICY = 1, 2


def attr(atype, payload):
    pad = (4 - len(payload) % 4) % 4
    return struct.pack("=HH", 4 + len(payload), atype) + payload + b"\0" * pad


def parse_attrs(buf):
    out, off = {}, 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4 or off + alen > len(buf):
            break
        out[atype & 0x3FFF] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return out


def talk(sock, family, cmd, payload, seq):
    """Return (error, extack attrs, data payloads) of one acked request."""
    msg = struct.pack("=BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("=IHHII", 16 + len(msg), family,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + msg)
    data = []
    while True:
        buf = sock.recv(65536)
        off = 0
        while off + 16 <= len(buf):
            mlen, mtype, flags, mseq, _ = struct.unpack_from("=IHHII", buf, off)
            if mlen < 16:
                raise SystemExit("bad netlink message length")
            body = buf[off + 16:off + mlen]
            off += (mlen + 3) & ~3
            if mseq != seq:
                continue
            if mtype != NLMSG_ERROR:
                data.append(body)
                continue
            error = struct.unpack_from("=i", body)[0]
            tlv = 4 + 16
            if not flags & NLM_F_CAPPED:
                tlv = 4 + struct.unpack_from("=I", body, 4)[0]
            ext = parse_attrs(body[tlv:]) if flags & NLM_F_ACK_TLVS else {}
            return error, ext, data


def main():
    cmd = int(sys.argv[1])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.settimeout(10)
    sock.bind((0, 0))
    err, _, data = talk(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                        attr(CTRL_ATTR_FAMILY_NAME, b"tipc_lb\0"), 1)
    if err or not data:
        print("errno=%d offs=- msg=family lookup failed" % -err)
        return 2
    family = struct.unpack("=H", parse_attrs(data[0][4:])[CTRL_ATTR_FAMILY_ID][:2])[0]
    payload = b""
    for atype, val in ((TIPC_LB_A_CONFIG_TYPE, sys.argv[2:3]),
                       (TIPC_LB_A_CONFIG_POLICY, sys.argv[3:4])):
        if val and val[0] != "-":
            payload += attr(atype, struct.pack("=I", int(val[0], 0)))
    err, ext, _ = talk(sock, family, cmd, payload, 2)
    offs = ext.get(NLMSGERR_ATTR_OFFS)
    msg = ext.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode(errors="replace")
    print("errno=%d offs=%s msg=%s" % (-err, struct.unpack("=I", offs)[0] if offs else "-", msg))
    return 0


sys.exit(main())
EOF_PY

# Header numbering (include/uapi/linux/tipc_lb.h).
CMD_POLICY_SET=2
CMD_DEFAULT_SET=5
# The first invalid policy number: the CLI's name table covers every policy
# of the header (a build-time assertion), so count the names it lists.
N_POLICIES=$("$TIPC_LB_CLI" policy help 2>&1 | sed -n 's/.*POLICY := { \(.*\) }.*/\1/p' |
	     tr '|' '\n' | grep -c '[a-z]')
# Range checks of a netlink policy (NLA_POLICY_MIN/MAX) fail with ERANGE;
# hand-written checks would more likely say EINVAL.  Either is a rejection.
RANGE_ERRNOS="34|22"
# Attribute offsets in the raw request: nlmsghdr (16) + genlmsghdr (4), then
# TYPE (8 bytes) and POLICY.
OFFS_FIRST=20
OFFS_SECOND=28

# raw_expect DESC ERRNOS OFFS ARGS...: run genl_raw.py ARGS in NS_A; pass if
# the errno is one of ERRNOS ("34|22"), the extack offset is OFFS and there is
# an extack message; ERRNOS 0 means accepted.
raw_expect() {
	local desc=$1 want_errno=$2 want_offs=$3 res errno

	shift 3
	res=$(ip netns exec "$NS_A" "$PY" -I -S "$WORK_DIR/genl_raw.py" "$@" 2>&1)
	errno=$(sed -n 's/^errno=\([0-9]*\) .*/\1/p' <<<"$res")
	if [ "$want_errno" = 0 ]; then
		[ "$errno" = 0 ] && { ktap_ok "$desc"; return; }
	elif [[ "|$want_errno|" == *"|$errno|"* ]] &&
	     [[ $res == "errno=$errno offs=$want_offs msg="?* ]]; then
		ktap_ok "$desc"
		diag "kernel: errno $errno, ${res#*msg=}"
		return
	fi
	ktap_fail "$desc"
	diag "genl_raw.py $*: $res" "expected errno $want_errno, offs=$want_offs and a message"
}

if [ -z "$PY" ]; then
	ktap_skip "kernel range checks" "no python3"
elif [ "$N_POLICIES" -lt 2 ]; then
	ktap_fail "count the policies from tipc-lb policy help"
	diag "got '$N_POLICIES'"
else
	BEFORE=$(snapshot $NS_A)
	raw_expect "kernel rejects POLICY_SET type 5: range error, extack on TYPE" \
		"$RANGE_ERRNOS" $OFFS_FIRST $CMD_POLICY_SET 5 1
	raw_expect "kernel rejects POLICY_SET type 63: range error, extack on TYPE" \
		"$RANGE_ERRNOS" $OFFS_FIRST $CMD_POLICY_SET 63 1
	raw_expect "kernel rejects POLICY_SET policy $N_POLICIES: range error, extack on POLICY" \
		"$RANGE_ERRNOS" $OFFS_SECOND $CMD_POLICY_SET $TYPE "$N_POLICIES"
	raw_expect "kernel rejects POLICY_SET policy 0xffffffff: range error, extack on POLICY" \
		"$RANGE_ERRNOS" $OFFS_SECOND $CMD_POLICY_SET $TYPE 0xffffffff
	raw_expect "kernel rejects DEFAULT_SET policy $N_POLICIES: range error, extack on POLICY" \
		"$RANGE_ERRNOS" $OFFS_FIRST $CMD_DEFAULT_SET - "$N_POLICIES"
	expect_unchanged "kernel rejections changed nothing" $NS_A "$BEFORE"
	raw_expect "kernel accepts POLICY_SET type 64 policy $((N_POLICIES - 1))" \
		0 - $CMD_POLICY_SET 64 $((N_POLICIES - 1))
	lb $NS_A policy del type 64
fi

# ---------------------------------------------------------------- monitor

# mon_start NS [-j]: tipc-lb monitor in NS, its output in MON_LOG.  Returns
# once it is listening: it joins the group asynchronously, so poke (stats
# reset on an unused type, which announces itself) until an event shows up,
# then start a fresh log.
MTYPE=1500
MON_PID=
MON_LOG=
mon_start() {
	local ns=$1 i

	shift
	MON_LOG=$WORK_DIR/monitor.$ns$*.log
	ip netns exec "$ns" "$TIPC_LB_CLI" "$@" monitor >"$MON_LOG" 2>&1 &
	MON_PID=$!
	SERVER_PIDS+=("$MON_PID")
	for ((i = 0; i < 100; i++)); do
		ip netns exec "$ns" "$TIPC_LB_CLI" stats reset type 65 || return 1
		[ -s "$MON_LOG" ] && break
		sleep 0.1
	done
	[ -s "$MON_LOG" ] || return 1
	sleep 0.2
	MON_SKIP=$(wc -l <"$MON_LOG")
}

# mon_stop: SIGTERM ends the monitor with exit 0; MON_OUT gets its events
# after the pokes, MON_RC its exit status.
MON_OUT=
MON_RC=
mon_stop() {
	kill -TERM "$MON_PID"
	wait "$MON_PID"
	MON_RC=$?
	stop_server "$MON_PID"
	MON_OUT=$(tail -n +$((MON_SKIP + 1)) "$MON_LOG" | grep -v '^stats reset type 65$')
}

MON_WANT="policy set type $MTYPE rr
policy set type 1001 weighted weight-source fixed weight 2
policy set type 1002 weighted weight-source width
policy set default hash
weight set type $MTYPE node node1 port 5 weight 3
weight del type $MTYPE node node1 port 5
priority set type $MTYPE node 0x1001002 priority 0
priority del type $MTYPE node 0x1001002
policy del type $MTYPE
policy set default none
stats reset
stats reset type 1001"

if ! mon_start $NS_A; then
	ktap_fail "tipc-lb monitor starts and receives events"
	diag "$(cat "$MON_LOG" 2>/dev/null)"
else
	ktap_ok "tipc-lb monitor starts and receives events"
	BEFORE_B=$(snapshot $NS_B)
	lb $NS_A policy set type $MTYPE rr
	lb $NS_A policy set type 1001 weighted weight 2
	lb $NS_A policy set type 1002 weighted width
	lb $NS_A policy set default hash
	lb $NS_B policy set type 3000 rr	# another netns: not seen
	lb $NS_A policy del type 4000	# fails: announces nothing
	lb $NS_A weight set type $MTYPE node node1 port 5 weight 3
	lb $NS_A weight del type $MTYPE node node1 port 5
	lb $NS_A weight del type $MTYPE node node1 port 5	# fails
	lb $NS_A priority set type $MTYPE node 1.1.2 priority 0
	lb $NS_A priority del type $MTYPE node 1.1.2
	lb $NS_A policy del type $MTYPE
	lb $NS_A policy del default
	lb $NS_A stats reset
	lb $NS_A stats reset type 1001
	sleep 0.5
	mon_stop
	if [ "$MON_OUT" = "$MON_WANT" ]; then
		ktap_ok "monitor: each change as a command, in order, none from $NS_B or failures"
	else
		ktap_fail "monitor: each change as a command, in order, none from $NS_B or failures"
		diag "expected:" "$MON_WANT" "got:" "$MON_OUT"
	fi
	if [ "$MON_RC" = 0 ]; then
		ktap_ok "monitor exits 0 on SIGTERM"
	else
		ktap_fail "monitor exits 0 on SIGTERM (exit $MON_RC)"
	fi
	lb $NS_B policy del type 3000
	lb $NS_A policy del type 1001
	lb $NS_A policy del type 1002
fi

if [ -z "$PY" ]; then
	ktap_skip "monitor -j" "no python3"
elif ! mon_start $NS_A -j; then
	ktap_fail "tipc-lb -j monitor starts and receives events"
else
	lb $NS_A policy set type $MTYPE weighted weight 4
	lb $NS_A weight set type $MTYPE node node2 weight 7
	lb $NS_A policy del type $MTYPE
	lb $NS_A weight del type $MTYPE node node2
	sleep 0.5
	mon_stop
	# One JSON object per line
	MON_JSON="[$(sed -e '$!s/$/,/' <<<"$MON_OUT")]"
	if json_is "$MON_JSON" 'd == [
		{"event": "policy-set", "type": 1500, "policy": "weighted",
		 "weight-src": "fixed", "default-weight": 4},
		{"event": "weight-set", "type": 1500, "node-id": "node2", "weight": 7},
		{"event": "policy-del", "type": 1500},
		{"event": "weight-del", "type": 1500, "node-id": "node2"}]'; then
		ktap_ok "monitor -j prints one JSON object per event"
	else
		ktap_fail "monitor -j prints one JSON object per event"
		diag "$MON_OUT"
	fi
fi
expect_err "monitor with an argument" 'Error: unknown command "now" after "monitor"' $NS_A monitor \
	now

# ------------------------------------------- save, -b, -n, -V, flush, limits

# The module has the FLUSH command (and with it POLICY_ORIGIN and the entry
# limits: one kernel change) if flush gives no fallback warning.
if ! ns_setup NS_C NS_D NS_R; then
	ktap_fail "create netns $NS_C, $NS_D and $NS_R"
fi
lb $NS_D flush
NEW_KERNEL=0
if [ "$RC" = 0 ] && [ -z "$ERR" ]; then
	NEW_KERNEL=1
elif [ "$RC" = 0 ] && grep -q 'has no flush command' <<<"$ERR"; then
	diag "the loaded tipc.ko has no FLUSH: kernel-side checks are skipped"
else
	fail_diag "flush of an empty netns"
fi
PENDING="the loaded tipc.ko lacks FLUSH / POLICY_ORIGIN / limits (kernel side pending)"

# Every policy, weight source and entry kind, in canonical order
SAVED="policy set default weighted weight-source fixed weight 7
policy set type 1000 rr
policy set type 1001 weighted weight-source fixed weight 5
policy set type 1002 least weight-source width
policy set type 1003 sorted
policy set type 1004 hash
policy set type 1005 none
policy set type 1006 least weight-source fixed weight 1
policy set type 4294967295 weighted weight-source width
weight set type 1001 node abc weight 2
weight set type 1001 node node2 weight 3
weight set type 1001 node node2 port 7 weight 0
weight set type 1001 node 0x1001002 weight 10000
weight set type 1001 node 0x1001002 port 99 weight 4
weight set type 1002 node node1 weight 1
priority set type 1003 node node1 priority 0
priority set type 1003 node node2 port 5 priority 4294967295
priority set type 1003 node 0x1001003 priority 7"
# ... given in another order and in other words (what people type)
cat >"$WORK_DIR/conf" <<EOF_CONF
# a comment, then blank lines

priority set type 1003 node 1.1.3 priority 7
weight set weight 4 port 99 node 1.1.2 type 1001
policy set type 4294967295 weighted width	# trailing comment
weight set type 1001 node node2 port 7 weight 0
policy set type 1006 least
weight set type 1001 node 0x1001002 weight 10000
policy set type 1005 none
policy set type 1004 hash
weight set type 1001 node node2 weight 3
policy set type 1003 sorted
priority set type 1003 node node2 port 5 priority 4294967295
policy set type 1002 least width
weight set type 1002 node "node1" weight 1
policy set type 1001 weighted weight 5
weight set type 1001 node abc weight 2
policy set default weighted weight 7
priority set type 1003 node node1 priority 0
policy set type 1000 rr
EOF_CONF
expect_ok "-b FILE applies 19 commands to a fresh netns" $NS_C -b "$WORK_DIR/conf"
expect_out "save prints them canonically" "$SAVED" $NS_C save
lb $NS_C save
SAVE_C=$OUT
OUT=$(ip netns exec $NS_C "$TIPC_LB_CLI" save | ip netns exec $NS_D "$TIPC_LB_CLI" -b - 2>&1)
RC=$?
if [ "$RC" = 0 ] && [ -z "$OUT" ]; then
	ktap_ok "save | -b - into another fresh netns"
else
	fail_diag "save | -b - into another fresh netns"
fi
expect_out "... reproduces the configuration exactly (save)" "$SAVE_C" $NS_D save
for obj in policy weight priority; do
	lb $NS_C -j $obj show
	want=$OUT
	expect_out "... and -j $obj show" "$want" $NS_D -j $obj show
done
if [ "$(printf '%s\n' "$SAVE_C" | sha256sum)" = \
	"$(ip netns exec $NS_D "$TIPC_LB_CLI" save | sha256sum)" ]; then
	ktap_ok "the digests of the two saves agree"
else
	ktap_fail "the digests of the two saves agree"
fi
expect_out "-n NETNS is ip netns exec" "$SAVE_C" - -n $NS_C save
expect_err "-n of a missing netns" 'Error: cannot open network namespace "tlbcli_none"' - -n \
	tlbcli_none save

# policy show type: the policy in force, and where it comes from
expect_out "policy show type 1001: its own" \
	"policy set type 1001 weighted weight-source fixed weight 5" $NS_C policy show type 1001
expect_out "policy show type 2000: the default's, as a comment" \
	"# type 2000: policy weighted weight-source fixed weight 7, from the default" $NS_C policy \
		show type 2000
expect_json "-j policy show type 2000: origin default" \
	'd == [{"type": 2000, "policy": "weighted", "weight-src": "fixed", "default-weight": 7,
	 "policy-origin": "default"}]' \
	$NS_C -j policy show type 2000
expect_json "-j policy show type 1005: none of its own, exempt from the default" \
	'd == [{"type": 1005, "policy": "none", "policy-origin": "type"}]' $NS_C -j policy show \
		type 1005
if [ "$NEW_KERNEL" = 1 ] && [ -n "$PY" ]; then
	res=$(ip netns exec $NS_C "$PY" -I -S "$WORK_DIR/genl_raw.py" 1 2000 2>&1)
	if [[ $res == "errno=0 "* ]]; then
		ktap_ok "kernel: POLICY_GET of a type without its own policy succeeds"
	else
		ktap_fail "kernel: POLICY_GET of a type without its own policy succeeds"
		diag "$res"
	fi
else
	ktap_skip "kernel: POLICY_GET of a type without its own policy succeeds" "$PENDING"
fi

# -b: the first failing line stops it, -force goes on
printf 'policy set type 1100 rr\npolicy del type 1101\npolicy set type 1102 rr\n' >"$WORK_DIR/fails"
lb $NS_C -b "$WORK_DIR/fails"
if [ "$RC" = 1 ] && grep -qF "Error: $NOPOL (attribute \"type\")" <<<"$ERR" &&
   grep -qxF "Command failed $WORK_DIR/fails:2" <<<"$ERR"; then
	ktap_ok "-b: the kernel's error, then Command failed FILE:2"
else
	fail_diag "-b: the kernel's error, then Command failed FILE:2"
fi
expect_out "-b: line 1 applied, line 3 not" "policy set type 1100 rr" $NS_C policy show type 1100
expect_out "-b: line 3 not applied" \
	"# type 1102: policy weighted weight-source fixed weight 7, from the default" \
	$NS_C policy show type 1102
lb $NS_C -force -b "$WORK_DIR/fails"
if [ "$RC" = 1 ] && grep -qxF "Command failed $WORK_DIR/fails:2" <<<"$ERR"; then
	ktap_ok "-force -b: exit 1, FILE:2 reported"
else
	fail_diag "-force -b: exit 1, FILE:2 reported"
fi
expect_out "-force -b: line 3 applied" "policy set type 1102 rr" $NS_C policy show type 1102

# -V: the CLI's and the loaded module's versions
lb - -V
if [ "$RC" = 0 ] && [ "$(sed -n 2p <<<"$OUT")" = "tipc.ko $(cat /sys/module/tipc/version)" ] &&
   grep -q "^tipc.ko .*tipc-lb-$(cat "$REPO_DIR/VERSION")" <<<"$OUT"; then
	ktap_ok "-V: the module's version, with tipc-lb's"
else
	fail_diag "-V: the module's version, with tipc-lb's"
fi

# the kernel's limit of 1024 weight entries per type
awk 'BEGIN { for (i = 1; i <= 1025; i++) printf "weight set type 3000 node n%d weight 1\n", i }' \
	>"$WORK_DIR/many"
lb $NS_D -b "$WORK_DIR/many"
if [ "$NEW_KERNEL" = 0 ]; then
	ktap_skip "weight entries: the 1025th of a type refused with an extack" "$PENDING"
elif [ "$RC" = 1 ] && grep -qxF "Command failed $WORK_DIR/many:1025" <<<"$ERR" &&
     [ "$(grep -c '^Error: ' <<<"$ERR")" = 1 ] && ! grep -qx \
	'Error: \(No space left on device\|Exchange full\)' <<<"$ERR"; then
	ktap_ok "weight entries: the 1025th of a type refused with an extack"
	diag "$(head -n1 <<<"$ERR")"
else
	fail_diag "weight entries: the 1025th of a type refused with an extack"
fi

# flush: everything, one notification
expect_eperm flush
if ! mon_start $NS_D; then
	ktap_fail "monitor of $NS_D for flush"
else
	lb $NS_D flush
	RC_FLUSH=$RC
	sleep 0.5
	mon_stop
	if [ "$RC_FLUSH" = 0 ]; then ktap_ok "flush"; else fail_diag "flush"; fi
	if [ "$NEW_KERNEL" = 0 ]; then
		ktap_skip "flush is announced by one notification, printed as \"flush\"" "$PENDING"
	elif [ "$MON_OUT" = flush ]; then
		ktap_ok "flush is announced by one notification, printed as \"flush\""
	else
		ktap_fail "flush is announced by one notification, printed as \"flush\""
		diag "$MON_OUT"
	fi
fi
expect_out "after flush: save prints nothing" "" $NS_D save
expect_out "after flush: policy show is the empty default" "policy set default none" $NS_D policy \
	show
expect_json "after flush: no weights" 'd == []' $NS_D -j weight show
expect_json "after flush: no priorities" 'd == []' $NS_D -j priority show
expect_out "flush of $NS_D left $NS_C alone" \
	"policy set type 1001 weighted weight-source fixed weight 5" $NS_C policy show type 1001

# ----------------------------------------------- monitor -t replays with -b

lb $NS_A save
REPLAY_WANT=$OUT
sleep 0.5
kill -TERM "$ALLMON_PID"
wait "$ALLMON_PID"
ALLMON_RC=$?
n_lines=$(grep -c . "$ALLMON_LOG")
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{4}'
n_stamped=$(grep -cE " # $STAMP\$" "$ALLMON_LOG")
if [ "$ALLMON_RC" = 0 ] && [ "$n_lines" -gt 40 ] && [ "$n_lines" = "$n_stamped" ]; then
	ktap_ok "monitor -t: $n_lines lines, each with its time as a comment"
else
	ktap_fail "monitor -t: every line with its time as a comment"
	diag "exit $ALLMON_RC, $n_lines lines, $n_stamped stamped" "$(head -n 5 "$ALLMON_LOG")"
fi
expect_ok "every line monitor printed in $NS_A replays with -b in a fresh netns" $NS_R -b \
	"$ALLMON_LOG"
if [ -n "$REPLAY_WANT" ]; then
	expect_out "... to the same configuration (save)" "$REPLAY_WANT" $NS_R save
else
	ktap_fail "... to the same configuration (save): $NS_A is empty, nothing to compare"
fi

# ---------------------------------------------------------------- cleanup

expect_ok "policy del type $TYPE in $NS_A" $NS_A policy del type $TYPE
expect_json "$NS_A is empty again" 'd == [{"policy": "none", "policy-origin": "default"}]' $NS_A \
	-j policy show
expect_unchanged "the initial netns is still untouched" - "$ROOT_BEFORE"

ktap_finish
