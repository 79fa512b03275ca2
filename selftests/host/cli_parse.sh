#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the tipc-lb CLI's command line handling.  The host has no
# TIPC, so the tipc_lb generic netlink family does not exist: any command that
# reaches the kernel fails with "family not found".  A bad argument must be
# rejected by name *before* that, which proves nothing was sent.
#
#   selftests/host/cli_parse.sh      (TIPC_LB_CLI=path overrides the binary)
#
# TAP lines, then "# host: P passed, F failed, S skipped"; exit 1 if
# anything failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${TIPC_LB_CLI:-$top/tools/tipc-lb/tipc-lb}
NOFAM='Error: tipc_lb generic netlink family not found: is the tipc-lb build of tipc.ko loaded?'
TYPE_RANGE='type must be a number from 64 to 4294967295'
WEIGHT_RANGE='weight must be a number from 0 to 10000'
DWEIGHT_RANGE='weight must be a number from 1 to 10000'
PRIO_RANGE='priority must be a number from 0 to 4294967295'
PORT_RANGE='port must be a number from 1 to 4294967295'
ZCN='a node address is Z.C.N with Z from 0 to 255, C and N from 0 to 4095'
HEXADDR='a node address in hex is 0x and 1 to 8 hex digits'
IDLEN='a node identity has 1 to 32 characters'
ID32=0123456789abcdef0123456789abcdef
ID33=${ID32}x

TAP_NAME=host
source "$(dirname "$0")/../host_lib.sh"
out_file=$(mktemp) && err_file=$(mktemp) || exit 1
trap 'rm -f "$out_file" "$err_file"' EXIT

# check DESC RC STDERR_TEXT STDOUT(empty|any) -- ARGS...: run the CLI with
# ARGS; pass if it exits RC and its stderr contains STDERR_TEXT (a fixed
# string; a first line, for multi-line output).  "empty" also demands that
# nothing went to stdout.  Errors must never look like a kernel round trip.
check() {
	local desc=$1 want_rc=$2 want_err=$3 want_out=$4 rc why=

	shift 5
	"$CLI" "$@" >"$out_file" 2>"$err_file"
	rc=$?
	if [ "$rc" != "$want_rc" ]; then
		why="exit $rc, expected $want_rc"
	elif ! grep -qF -- "$want_err" "$err_file"; then
		why="stderr lacks: $want_err"
	elif [ "$want_out" = empty ] && [ -s "$out_file" ]; then
		why="unexpected stdout"
	elif [ "$want_err" != "$NOFAM" ] && grep -qF "family not found" "$err_file"; then
		why="a bad command reached the kernel"
	fi
	if [ -z "$why" ]; then
		ok "$desc"
	else
		not_ok "$desc" "tipc-lb $*" "$why" \
			"stdout: $(head -c 300 "$out_file")" "stderr: $(head -c 300 "$err_file")"
	fi
}

# bad DESC TEXT -- ARGS: a usage error: exit 1, TEXT on stderr, no stdout.
bad() {
	local desc=$1 text=$2

	shift 3
	check "$desc" 1 "$text" empty -- "$@"
}

# nofam DESC -- ARGS: well formed, so it gets as far as the family lookup.
nofam() {
	local desc=$1

	shift 2
	check "$desc" 1 "$NOFAM" empty -- "$@"
}

echo "# host: tipc-lb command line ($CLI)"

if [ ! -x "$CLI" ]; then
	make -s -C "$top/tools/tipc-lb" >&2 || true
fi
if [ ! -x "$CLI" ]; then
	not_ok "tipc-lb CLI is built" "missing: $CLI"
	finish
fi

# --- help, version ---------------------------------------------------------
check "help: exit 0, usage on stderr" 0 "Usage: tipc-lb" empty -- help
check "help lists the policy names" 0 "POLICY := { none | rr" empty -- help
check "help lists every policy" 0 "POLICY := { none | rr | weighted | least | sorted | hash }" empty -- help
check "help lists the objects" 0 "OBJECT  := { policy | weight | priority | stats | monitor | save | flush }" empty -- help
check "help shows stats" 0 "stats [ show ] [ type TYPE ]" empty -- help
check "help shows stats reset" 0 "stats reset [ type TYPE ]" empty -- help
check "help shows monitor" 0 "tipc-lb [ OPTIONS ] monitor" empty -- help
check "stats help: exit 0, usage on stderr" 0 \
	"Usage: tipc-lb [ OPTIONS ] stats [ show ] [ type TYPE ]" empty -- stats help
check "monitor help: exit 0, usage on stderr" 0 "Usage: tipc-lb [ OPTIONS ] monitor" empty -- monitor help
check "help shows weight set" 0 "weight set type TYPE node NODE [ port PORT ] weight W" empty -- help
check "help shows priority set" 0 "priority set type TYPE node NODE [ port PORT ] priority P" empty -- help
check "policy help shows width | weight | weight-source" 0 \
	"WOPTS  := { width | weight W | weight-source { fixed [ weight W ] | width } }" empty -- policy help
check "weight help: exit 0, usage on stderr" 0 \
	"Usage: tipc-lb [ OPTIONS ] weight set type TYPE node NODE [ port PORT ] weight W" empty -- weight help
check "weight help explains NODE" 0 "NODE   := { Z.C.N | 0xADDR | IDENTITY }" empty -- weight help
check "priority help: exit 0, usage on stderr" 0 \
	"Usage: tipc-lb [ OPTIONS ] priority set type TYPE node NODE [ port PORT ] priority P" empty -- priority help
check "priority help explains NODE" 0 "NODE   := { Z.C.N | 0xADDR | IDENTITY }" empty -- priority help
bad "extra argument after weight help" 'Error: unexpected argument "x"' -- weight help x
check "policy help: exit 0, usage on stderr" 0 "Usage: tipc-lb [ OPTIONS ] policy set type TYPE POLICY" empty -- policy help
check "-h: exit 0, usage on stderr" 0 "Usage: tipc-lb" empty -- -h
check "--help: exit 0, usage on stderr" 0 "Usage: tipc-lb" empty -- --help
check "no arguments: usage on stderr, exit 1" 1 "Usage: tipc-lb" empty --
if "$CLI" -V 2>/dev/null | grep -q '^tipc-lb [0-9]'; then
	ok "-V prints the version on stdout"
else
	not_ok "-V prints the version on stdout"
fi

# --- bad policy names ----------------------------------------------------
bad "unknown policy for a type" 'Error: unknown policy "foo" (expected: none, rr' -- \
	policy set type 1000 foo
bad "unknown policy for the default" 'Error: unknown policy "bogus" (expected: none, rr' -- \
	policy set default bogus
bad "policy names are exact (no prefix)" 'Error: unknown policy "r" (expected: none, rr' -- \
	policy set type 1000 r
bad "policy names are case sensitive" 'Error: unknown policy "RR"' -- \
	policy set type 1000 RR

# --- bad types -----------------------------------------------------------
for t in abc 70000000000 4294967296 5 0 63 -1 +100 0x400 1000x '' ' 1000' 1e3; do
	bad "type \"$t\" rejected by name" "Error: argument \"$t\" is wrong: $TYPE_RANGE" -- \
		policy set type "$t" rr
done
bad "type checked on del too" "Error: argument \"abc\" is wrong: $TYPE_RANGE" -- \
	policy del type abc
bad "type checked on show too" "Error: argument \"5\" is wrong: $TYPE_RANGE" -- \
	policy show type 5
bad "bad type wins over a later bad policy" "Error: argument \"abc\" is wrong" -- \
	policy set type abc foo

# --- missing arguments ---------------------------------------------------
bad "missing POLICY after TYPE names POLICY" 'Error: missing POLICY after "1000"' -- policy set type 1000
bad "missing TYPE after type (set)" 'Error: missing TYPE after "type"' -- policy set type
bad "missing TYPE after type (del)" 'Error: missing TYPE after "type"' -- policy del type
bad "missing TYPE after type (show)" 'Error: missing TYPE after "type"' -- policy show type
bad "missing POLICY after default" 'Error: missing POLICY after "default"' -- policy set default
bad "missing target after set" 'Error: missing "type TYPE" or "default" after "set"' -- policy set
bad "missing target after del" 'Error: missing "type TYPE" or "default" after "del"' -- policy del

# --- unknown words, extra arguments ----------------------------------------
bad "unknown object" 'Error: unknown object "frob"' -- frob
bad "unknown command" 'Error: unknown command "frob" after "policy"' -- policy frob
bad "ambiguous command prefix" 'Error: command "s" is ambiguous' -- policy s
bad "unknown target after set" 'Error: unknown argument "foo" after "set"' -- policy set foo 1000 rr
bad "unknown option" 'Error: option "-x" is unknown' -- -x policy show
bad "extra argument after set type" 'Error: unexpected argument "extra"' -- \
	policy set type 1000 rr extra
bad "extra argument after set default" 'Error: unexpected argument "extra"' -- \
	policy set default rr extra
bad "extra argument after del type" 'Error: unexpected argument "1001"' -- \
	policy del type 1000 1001
bad "extra argument after del default" 'Error: unexpected argument "x"' -- policy del default x
bad "extra argument after show type" 'Error: unexpected argument "x"' -- policy show type 1000 x
bad "help of an unknown object" 'Error: unknown object "x"' -- help x
bad "extra argument after help policy" 'Error: unexpected argument "x"' -- help policy x

# --- policy set ... width | weight W ---------------------------------------
for p in none rr sorted hash; do
	bad "width on $p" 'Error: "width" only applies to weighted and least' -- \
		policy set type 1000 $p width
	bad "weight W on $p" 'Error: "weight" only applies to weighted and least' -- \
		policy set type 1000 $p weight 3
done
bad "width on the default rr" 'Error: "width" only applies to weighted and least' -- \
	policy set default rr width
for w in 0 10001 -1 abc 0x10 ''; do
	bad "policy default weight \"$w\" rejected by name" \
		"Error: argument \"$w\" is wrong: $DWEIGHT_RANGE" -- policy set type 1000 weighted weight "$w"
done
bad "missing W after weight (policy set)" 'Error: missing W after "weight"' -- \
	policy set type 1000 weighted weight
bad "width and weight together" 'Error: unexpected argument "weight"' -- \
	policy set type 1000 weighted width weight 3
bad "width twice" 'Error: unexpected argument "width"' -- policy set type 1000 least width width
bad "width on policy del" 'Error: unexpected argument "width"' -- policy del type 1000 width
bad "unknown word after weighted" 'Error: unexpected argument "foo"' -- policy set type 1000 weighted foo

# --- weight / priority: values ----------------------------------------------
for w in 10001 -1 abc 1e3 0x5 '' ' 3' 99999999999999999999; do
	bad "weight \"$w\" rejected by name" "Error: argument \"$w\" is wrong: $WEIGHT_RANGE" -- \
		weight set type 1000 node node2 weight "$w"
done
for pr in 4294967296 -1 abc ''; do
	bad "priority \"$pr\" rejected by name" "Error: argument \"$pr\" is wrong: $PRIO_RANGE" -- \
		priority set type 1000 node node2 priority "$pr"
done
for pt in abc 0 -1 4294967296 ''; do
	bad "port \"$pt\" rejected by name" "Error: argument \"$pt\" is wrong: $PORT_RANGE" -- \
		weight set type 1000 node node2 port "$pt" weight 1
done
bad "port checked on priority del" "Error: argument \"x\" is wrong: $PORT_RANGE" -- \
	priority del type 1000 node node2 port x
bad "type checked on weight set" "Error: argument \"63\" is wrong: $TYPE_RANGE" -- \
	weight set type 63 node node2 weight 1
bad "type checked on weight show" "Error: argument \"abc\" is wrong: $TYPE_RANGE" -- \
	weight show type abc
bad "type checked on priority del" "Error: argument \"5\" is wrong: $TYPE_RANGE" -- \
	priority del type 5 node node2

# --- weight / priority: nodes -------------------------------------------------
for nd in 1.1 256.0.1 1.4096.1 1.1.4096 1.1.1.1 1..1 .1.1 1.1.1. 1000.1.1; do
	bad "node \"$nd\" rejected by name" "Error: argument \"$nd\" is wrong: $ZCN" -- \
		weight set type 1000 node "$nd" weight 1
done
for nd in 0xZZ 0x 0X 0x123456789 0x1g; do
	bad "node \"$nd\" rejected by name" "Error: argument \"$nd\" is wrong: $HEXADDR" -- \
		weight set type 1000 node "$nd" weight 1
done
bad "33-character node identity rejected by name" "Error: argument \"$ID33\" is wrong: $IDLEN" -- \
	weight set type 1000 node "$ID33" weight 1
bad "empty node identity rejected" "Error: argument \"\" is wrong: $IDLEN" -- \
	priority set type 1000 node '' priority 1
bad "node checked on weight del" "Error: argument \"256.0.1\" is wrong: $ZCN" -- \
	weight del type 1000 node 256.0.1

# --- weight / priority: missing and extra words --------------------------------
bad "missing weight value" 'Error: missing W after "weight"' -- \
	weight set type 1000 node node2 weight
bad "missing priority value" 'Error: missing P after "priority"' -- \
	priority set type 1000 node node2 priority
bad "missing NODE after node" 'Error: missing NODE after "node"' -- weight del type 1000 node
bad "missing TYPE after type (weight show)" 'Error: missing TYPE after "type"' -- weight show type
bad "weight set without node" 'Error: missing "node"' -- weight set type 1000 weight 3
bad "weight set without type" 'Error: missing "type"' -- weight set node node2 weight 3
bad "weight set without weight" 'Error: missing "weight"' -- weight set type 1000 node node2
bad "priority set without priority" 'Error: missing "priority"' -- \
	priority set type 1000 node node2 port 5
bad "weight del without node" 'Error: missing "node"' -- weight del type 1000
bad "priority del without type" 'Error: missing "type"' -- priority del node node2
bad "bare weight set" 'Error: missing "type"' -- weight set
bad "weight on weight del" 'Error: unexpected argument "weight"' -- \
	weight del type 1000 node node2 weight 3
bad "node on weight show" 'Error: unexpected argument "node"' -- weight show node node2
bad "type given twice" 'Error: "type" given twice' -- \
	weight set type 1000 node node2 type 1001 weight 3
bad "unknown word in weight set" 'Error: unknown argument "foo" after "set" (expected: type, node, port, weight)' -- \
	weight set type 1000 node node2 weight 3 foo
bad "weight on priority set" 'Error: unknown argument "weight" after "set"' -- \
	priority set type 1000 node node2 weight 3
bad "\"p\" is ambiguous in priority set" 'Error: argument "p" is ambiguous (expected: type, node, port, priority)' -- \
	priority set type 1000 node node2 p 3
bad "unknown weight command" 'Error: unknown command "frob" after "weight"' -- weight frob
bad "unknown priority command" 'Error: unknown command "frob" after "priority"' -- priority frob
bad "unknown object lists the new objects" \
	'Error: unknown object "frob" (expected: policy, weight, priority, stats, statistics, monitor, save, flush, help)' -- frob
bad "unknown object (near miss)" 'Error: unknown object "weights"' -- weights show

bad "unknown stats command" 'Error: unknown command "frob" after "stats" (expected: show, list, reset, help)' -- stats frob
bad "stats type below 64" 'Error: argument "63" is wrong: type must be a number from 64' -- stats type 63
bad "stats show type missing" 'Error: missing TYPE after "type"' -- stats show type
bad "stats reset with an extra argument" 'Error: unknown argument "x" after "reset" (expected: type)' -- stats reset type 1000 x
bad "stats reset with a bad word" 'Error: unknown argument "node" after "reset"' -- stats reset node 1
bad "monitor with an argument" 'Error: unknown command "all" after "monitor" (expected: help)' -- monitor all
bad "extra argument after stats help" 'Error: unexpected argument "x"' -- stats help x

# --- well-formed commands reach the family lookup ----------------------------
nofam "stats" -- stats
nofam "stats show" -- stats show
nofam "stats type 1000" -- stats type 1000
nofam "-j stats show type 1000" -- -j stats show type 1000
nofam "stats reset" -- stats reset
nofam "stats reset type 1000" -- stats reset type 1000
nofam "prefix: st" -- st
nofam "alias: statistics list" -- statistics list
nofam "monitor" -- monitor
nofam "-j monitor" -- -j monitor
nofam "policy set type 1000 weighted" -- policy set type 1000 weighted
nofam "policy set type 1000 weighted width" -- policy set type 1000 weighted width
nofam "policy set type 1000 least weight 5" -- policy set type 1000 least weight 5
nofam "policy set default weighted weight 10000" -- policy set default weighted weight 10000
nofam "policy set type 1000 sorted" -- policy set type 1000 sorted
nofam "policy set type 1000 hash" -- policy set type 1000 hash
nofam "weight set with an identity" -- weight set type 1000 node node2 weight 3
nofam "weight set with a 32-character identity" -- weight set type 1000 node "$ID32" weight 3
nofam "weight set with Z.C.N and port" -- weight set type 1000 node 1.1.2 port 12345 weight 0
nofam "weight set with 255.4095.4095" -- weight set type 1000 node 255.4095.4095 weight 10000
nofam "weight set with 0x1001002" -- weight set type 1000 node 0x1001002 weight 1
nofam "weight set with 0xFFFFFFFF" -- weight set type 1000 node 0xFFFFFFFF weight 1
nofam "weight set, words in another order" -- weight set weight 2 node node2 type 1000
nofam "decimal identity (legacy hex ident)" -- weight set type 1000 node 1001002 weight 1
nofam "weight del" -- weight del type 1000 node node2
nofam "weight del with port" -- weight del type 1000 node node2 port 1
nofam "weight show" -- weight show
nofam "bare weight means show" -- weight
nofam "-j weight show type 1000" -- -j weight show type 1000
nofam "weight show -j -p" -- weight show -j -p
nofam "priority set" -- priority set type 1000 node node2 priority 4294967295
nofam "priority set, lowest priority 0" -- priority set type 1000 node 1.1.1 port 7 priority 0
nofam "priority del" -- priority del type 1000 node node2
nofam "priority show type 1000" -- priority show type 1000
nofam "prefixes: w se t 1000 n node2 w 3" -- w se t 1000 n node2 w 3
nofam "prefixes: pr sh" -- pr sh
nofam "alias: weight list" -- weight list
nofam "policy show" -- policy show
nofam "bare policy means show" -- policy
nofam "-j policy show" -- -j policy show
nofam "-j -p policy show" -- -j -p policy show
nofam "policy show type 1000 -j (option after the command)" -- policy show type 1000 -j
nofam "policy show default" -- policy show default
nofam "policy set type 1000 rr" -- policy set type 1000 rr
nofam "policy set type 64 none (lowest type)" -- policy set type 64 none
nofam "policy set type 4294967295 rr (highest type)" -- policy set type 4294967295 rr
nofam "policy set default rr" -- policy set default rr
nofam "policy del type 1000" -- policy del type 1000
nofam "policy del default" -- policy del default
nofam "iproute2-style prefixes: pol sh" -- pol sh
nofam "prefixes: p se t 1000 rr" -- p se t 1000 rr
nofam "alias: policy delete default" -- policy delete default
nofam "alias: policy list" -- policy list

# --- iproute2 conventions: options, help, abbreviations -------------------------
nofam "-jp: clustered short options" -- -jp policy show
nofam "-pj" -- -pj weight show
nofam "-- ends the options" -- -- policy show
nofam "-j -- policy show" -- -j -- policy show
nofam "-json -pretty (iproute2 long options)" -- -json -pretty policy show
nofam "--json --pretty" -- --json --pretty policy show
nofam "-jp after the command" -- policy show -jp
bad "-n without NETNS" 'Error: option "-n" needs an argument' -- -n
bad "-n of a netns that does not exist" \
	'Error: cannot open network namespace "tlb-no-such-ns": No such file or directory' -- \
	-n tlb-no-such-ns policy show
bad "-n with a slash" 'Error: argument "../x" is wrong: NETNS is a name of ip netns' -- -n ../x policy show
bad "-n checks the command first" 'Error: missing POLICY after "1000"' -- -n tlb-no-such-ns policy set type 1000
bad "-force without -b" 'Error: -force only applies to -b FILE' -- -force policy show
bad "-b and a command" 'Error: unexpected argument "policy": -b takes the commands from its file' -- \
	-b /dev/null policy show
bad "-t on policy show" 'Error: -t applies to monitor only' -- -t policy show
nofam "-t monitor" -- -t monitor
nofam "monitor -t" -- monitor -t
nofam "-j -t monitor" -- -j -t monitor
for obj in policy weight priority stats monitor save flush; do
	for h in "$obj -h" "$obj --help" "$obj help" "help $obj"; do
		# shellcheck disable=SC2086  # word splitting wanted
		check "$h: that object's help" 0 "Usage: tipc-lb [ OPTIONS ] $obj" empty -- $h
		# shellcheck disable=SC2086
		if "$CLI" $h 2>&1 | grep -q 'OBJECT  :='; then
			not_ok "$h: not the global usage"
		else
			ok "$h: not the global usage"
		fi
	done
done
check "help help: the global usage" 0 "OBJECT  := { policy" empty -- help help
# warned DESC TEXT -- ARGS: well formed (reaches the family lookup) and warns TEXT
warned() {
	local desc=$1 text=$2

	shift 3
	nofam "$desc" -- "$@"
	if grep -qF -- "$text" "$err_file"; then
		ok "$desc: warns"
	else
		not_ok "$desc: warns" "stderr lacks: $text" "$(cat "$err_file")"
	fi
}
warned "abbreviation of an object" 'Warning: "pol" taken as "policy"; abbreviations may become ambiguous, write it out' \
	-- pol show
warned "abbreviation of a command" 'Warning: "sh" taken as "show"' -- policy sh
warned "\"p\" still means policy" 'Warning: "p" taken as "policy"' -- p show
warned "abbreviation of an argument" 'Warning: "t" taken as "type"' -- weight show t 1000
if "$CLI" policy show type 1000 2>&1 | grep -q Warning; then
	not_ok "whole words: no warning"
else
	ok "whole words: no warning"
fi
check "aliases are whole words: no warning" 1 "$NOFAM" empty -- statistics list
if "$CLI" statistics list 2>&1 | grep -q Warning; then not_ok "alias statistics list: no warning"; else ok "alias statistics list: no warning"; fi

# --- -V ------------------------------------------------------------------------
ver_out=$("$CLI" -V 2>&1)
ver_rc=$?
if [ "$ver_rc" = 0 ] && [ "$(head -n1 <<<"$ver_out")" = "tipc-lb $(cat "$top/VERSION") (generic netlink family tipc_lb, version 1)" ]; then
	ok "-V: the CLI's version from VERSION"
else
	not_ok "-V: the CLI's version from VERSION" "$ver_out"
fi
if [ -d /sys/module/tipc ]; then
	want_mod="tipc.ko $(cat /sys/module/tipc/version 2>/dev/null)"
else
	want_mod="tipc.ko not loaded"
fi
if [[ $(sed -n 2p <<<"$ver_out") == "$want_mod"* ]]; then
	ok "-V: the loaded module's version ($want_mod)"
else
	not_ok "-V: the loaded module's version" "expected: $want_mod" "got: $ver_out"
fi
if [ "$("$CLI" --version 2>&1)" = "$ver_out" ]; then ok "--version as -V"; else not_ok "--version as -V"; fi

# --- policy set: the weight-source form that show and monitor print ------------
nofam "weight-source fixed weight W" -- policy set type 1000 weighted weight-source fixed weight 2
nofam "weight-source fixed alone" -- policy set type 1000 least weight-source fixed
nofam "weight-source width" -- policy set default least weight-source width
bad "weight-source of another name" 'Error: unknown weight source "bogus" after "weight-source" (expected: fixed, width)' -- \
	policy set type 1000 weighted weight-source bogus
bad "weight-source without a value" 'Error: missing { fixed | width } after "weight-source"' -- \
	policy set type 1000 weighted weight-source
bad "weight-source width takes no weight" 'Error: unexpected argument "weight"' -- \
	policy set type 1000 weighted weight-source width weight 3
bad "weight-source on rr" 'Error: "weight-source" only applies to weighted and least' -- \
	policy set type 1000 rr weight-source fixed

# --- stats -i, save, flush --------------------------------------------------------
nofam "stats -i 1 -c 2" -- stats -i 1 -c 2
nofam "stats show type 1000 interval 2 count 1" -- stats show type 1000 interval 2 count 1
nofam "-i 1 stats (global option)" -- -i 1 stats
bad "stats -i 0" 'Error: argument "0" is wrong: interval must be a number from 1 to 3600' -- stats -i 0
bad "stats -i 3601" 'Error: argument "3601" is wrong: interval must be a number from 1 to 3600' -- stats -i 3601
bad "stats -c without -i" 'Error: a count needs an interval (-i SEC)' -- stats -c 3
bad "stats -i without SEC" 'Error: missing SEC after "-i"' -- stats -i
bad "-i on policy show" 'Error: -i and -c apply to stats show only' -- -i 1 policy show
bad "stats reset -i" 'Error: unknown argument "-i" after "reset" (expected: type)' -- stats reset -i 1
nofam "save" -- save
bad "save with an argument" 'Error: unknown command "x" after "save" (expected: help)' -- save x
bad "-j save" 'Error: save prints commands: no JSON (-j)' -- -j save
nofam "flush" -- flush
bad "flush with an argument" 'Error: unknown command "all" after "flush" (expected: help)' -- flush all

# --- -b FILE --------------------------------------------------------------------
bdir=$(mktemp -d) || exit 1
trap 'rm -f "$out_file" "$err_file"; rm -rf "$bdir"' EXIT
# Every form of line that policy show, weight show, priority show, save and
# monitor (with and without -t) print, and policy show type's comments
cat >"$bdir/printed" <<'EOF_B'
policy set default none
policy set default weighted weight-source fixed weight 7
policy set default least weight-source width
policy set type 1000 rr
policy set type 1001 weighted weight-source fixed weight 1
policy set type 4294967295 none
# type 2000: policy rr, from the default
# type 2000: policy none, no policy of its own and no default (stock lookup)
weight set type 1000 node node1 weight 3
weight set type 1000 node 0x1001002 port 99 weight 0
priority set type 1000 node node3 priority 4294967295
policy del type 1000
weight del type 1000 node node1 port 5
priority del type 1000 node 0x1001002
stats reset
stats reset type 1001
flush
policy set type 1500 rr # 2026-11-30T20:31:02.123456+0000

	weight set type 1000 node "node 2" weight 3   # quoted identity, blanks
EOF_B
check "-b: every printed form parses (then the family lookup)" 1 "$NOFAM" empty -- -b "$bdir/printed"
if grep -q "Command failed" "$err_file"; then not_ok "-b: no line of the printed forms failed" "$(cat "$err_file")"; else ok "-b: no line of the printed forms failed"; fi
printf 'policy set type 1000 rr\n\n# c\npolicy set type 5 rr\nfrob\n' >"$bdir/bad"
check "-b: a bad line: its error, FILE:LINE" 1 "Error: argument \"5\" is wrong: $TYPE_RANGE" empty -- -b "$bdir/bad"
if grep -qxF "Command failed $bdir/bad:4" "$err_file" && ! grep -q ':5$' "$err_file" &&
   ! grep -qF "$NOFAM" "$err_file"; then
	ok "-b: stops at line 4, before sending anything"
else
	not_ok "-b: stops at line 4, before sending anything" "$(cat "$err_file")"
fi
check "-force -b: goes on" 1 "$NOFAM" empty -- -force -b "$bdir/bad"
if grep -qxF "Command failed $bdir/bad:4" "$err_file" && grep -qxF "Command failed $bdir/bad:5" "$err_file" &&
   grep -qF "$NOFAM" "$err_file"; then
	ok "-force -b: both bad lines reported, the good one sent"
else
	not_ok "-force -b: both bad lines reported, the good one sent" "$(cat "$err_file")"
fi
if printf 'policy set type 1000\n' | "$CLI" -b - >"$out_file" 2>"$err_file"; then
	not_ok "-b -: stdin, a bad line fails" "exit 0"
elif grep -qF 'Error: missing POLICY after "1000"' "$err_file" && grep -qxF 'Command failed -:1' "$err_file"; then
	ok "-b -: stdin, a bad line fails with -:LINE"
else
	not_ok "-b -: stdin, a bad line fails with -:LINE" "$(cat "$err_file")"
fi
printf 'policy show\nmonitor\n' >"$bdir/mon"
check "-b: monitor refused in a batch" 1 'Error: monitor does not end: not in a batch' empty -- -b "$bdir/mon"
printf 'stats -i 1\n' >"$bdir/int"
check "-b: stats -i refused in a batch" 1 'Error: stats -i does not end: not in a batch' empty -- -b "$bdir/int"
printf 'weight set type 1000 node "node1 weight 3\n' >"$bdir/quote"
check "-b: unterminated quote" 1 'Error: unterminated " quote' empty -- -b "$bdir/quote"
check "-b: missing file" 1 "Error: cannot open batch file \"$bdir/none\": No such file or directory" empty -- -b "$bdir/none"
: >"$bdir/empty"
printf '# only comments\n\n   \n' >"$bdir/comments"
for f in empty comments; do
	if "$CLI" -b "$bdir/$f" >"$out_file" 2>"$err_file" && [ ! -s "$out_file" ] && [ ! -s "$err_file" ]; then
		ok "-b: $f file: nothing done, nothing printed, exit 0"
	else
		not_ok "-b: $f file: nothing done, nothing printed, exit 0" "$(cat "$err_file")"
	fi
done
printf 'policy help\n' >"$bdir/help"
check "-b: help lines print help" 0 "Usage: tipc-lb [ OPTIONS ] policy set" empty -- -b "$bdir/help"

# --- usage errors open no socket at all (needs strace) ------------------------
if command -v strace >/dev/null 2>&1 && strace -f -qq -e trace=none true 2>/dev/null; then
	for args in "policy set type abc rr" "policy set type 1000 foo" "policy set type 1000" \
		    "weight set type 1000 node node2 weight 10001" "weight set type 1000 node 1.1 weight 1" \
		    "policy set type 1000 rr width" "priority del type 1000" \
		    "stats type 1" "stats reset now" "monitor x" "-b $bdir/bad" "flush x" \
		    "-n tlb-no-such-ns policy show"; do
		# shellcheck disable=SC2086  # word splitting wanted
		if strace -f -qq -e trace=socket -o "$out_file" "$CLI" $args 2>/dev/null; then
			not_ok "no socket for \"$args\"" "exit 0"
		elif grep -q 'socket(' "$out_file"; then
			not_ok "no socket for \"$args\"" "$(cat "$out_file")"
		else
			ok "no socket for \"$args\""
		fi
	done
	# -n NETNS: setns into /var/run/netns/NETNS before the first socket
	ns=tlbhost$$
	if ip netns add "$ns" 2>/dev/null; then
		strace -f -qq -e trace=openat,setns,socket -o "$out_file" "$CLI" -n "$ns" policy show 2>/dev/null
		if grep -q "openat(.*\"/var/run/netns/$ns\"" "$out_file" &&
		   grep -q 'setns(.*CLONE_NEWNET) *= 0' "$out_file" &&
		   [ "$(grep -nE 'setns\(|socket\(' "$out_file" | head -n1 | grep -c setns)" = 1 ]; then
			ok "-n $ns: setns(CLONE_NEWNET) into /var/run/netns/$ns, before any socket"
		else
			not_ok "-n $ns: setns(CLONE_NEWNET) into /var/run/netns/$ns, before any socket" \
				"$(grep -E 'netns|setns|socket' "$out_file")"
		fi
		ip netns del "$ns"
	else
		echo "# cannot create a netns here: -n setns check left out"
	fi
	if strace -f -qq -e trace=socket -o "$out_file" "$CLI" policy show 2>/dev/null ||
	   ! grep -q 'AF_NETLINK' "$out_file"; then
		not_ok "strace sees the netlink socket of a good command"
	else
		ok "strace sees the netlink socket of a good command"
	fi
else
	echo "# strace unusable here: socket checks left out"
fi

# --- the man page documents what help lists ----------------------------------
man_page=$(dirname "$CLI")/tipc-lb.8
help_text=$("$CLI" help 2>&1)
# Each policy has its own entry (".B rr"), each object its synopsis lines
for list in POLICY OBJECT; do
	words=$(sed -n "s/.*$list *:= { \(.*\) }.*/\1/p" <<<"$help_text" | tr -d '|' | xargs)
	missing=
	for w in $words; do
		if [ $list = POLICY ]; then pat="^\.B $w\$"; else pat="^\.B tipc-lb $w\( \|$\)"; fi
		grep -q "$pat" "$man_page" || missing="$missing $w"
	done
	if [ -n "$words" ] && [ -z "$missing" ]; then
		ok "tipc-lb.8 documents every $list of help ($words)"
	else
		not_ok "tipc-lb.8 documents every $list of help" "missing:$missing"
	fi
done

finish
