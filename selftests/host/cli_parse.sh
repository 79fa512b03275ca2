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
# TAP lines, then "# host: P passed, F failed"; exit 1 if anything failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${TIPC_LB_CLI:-$top/tools/tipc-lb/tipc-lb}
NOFAM='Error: tipc_lb generic netlink family not found: is the tipc-lb build of tipc.ko loaded?'
TYPE_RANGE='type must be a number from 64 to 4294967295'

n=0
pass=0
fail=0
out_file=$(mktemp) && err_file=$(mktemp) || exit 1
trap 'rm -f "$out_file" "$err_file"' EXIT

ok() {
	n=$((n + 1))
	pass=$((pass + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1))
	fail=$((fail + 1))
	echo "not ok $n $1"
	shift
	printf '# %s\n' "$@"
}

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

echo "TAP version 13"
echo "# host: tipc-lb command line ($CLI)"

if [ ! -x "$CLI" ]; then
	make -s -C "$top/tools/tipc-lb" >&2 || true
fi
if [ ! -x "$CLI" ]; then
	not_ok "tipc-lb CLI is built" "missing: $CLI"
	echo "1..$n"
	echo "# host: $pass passed, $fail failed"
	exit 1
fi

# --- help, version ---------------------------------------------------------
check "help: exit 0, usage on stderr" 0 "Usage: tipc-lb" empty -- help
check "help lists the policy names" 0 "POLICY := { none | rr" empty -- help
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
bad "missing POLICY after TYPE" 'Error: missing argument after "1000"' -- policy set type 1000
bad "missing TYPE after type (set)" 'Error: missing argument after "type"' -- policy set type
bad "missing TYPE after type (del)" 'Error: missing argument after "type"' -- policy del type
bad "missing TYPE after type (show)" 'Error: missing argument after "type"' -- policy show type
bad "missing POLICY after default" 'Error: missing argument after "default"' -- policy set default
bad "missing target after set" 'Error: missing argument after "set"' -- policy set
bad "missing target after del" 'Error: missing argument after "del"' -- policy del

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
bad "extra argument after help" 'Error: unexpected argument "x"' -- help x

# --- well-formed commands reach the family lookup ----------------------------
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

# --- usage errors open no socket at all (needs strace) ------------------------
if command -v strace >/dev/null 2>&1 && strace -f -qq -e trace=none true 2>/dev/null; then
	for args in "policy set type abc rr" "policy set type 1000 foo" "policy set type 1000"; do
		# shellcheck disable=SC2086  # word splitting wanted
		if strace -f -qq -e trace=socket -o "$out_file" "$CLI" $args 2>/dev/null; then
			not_ok "no socket for \"$args\"" "exit 0"
		elif grep -q 'socket(' "$out_file"; then
			not_ok "no socket for \"$args\"" "$(cat "$out_file")"
		else
			ok "no socket for \"$args\""
		fi
	done
	if strace -f -qq -e trace=socket -o "$out_file" "$CLI" policy show 2>/dev/null ||
	   ! grep -q 'AF_NETLINK' "$out_file"; then
		not_ok "strace sees the netlink socket of a good command"
	else
		ok "strace sees the netlink socket of a good command"
	fi
else
	echo "# strace unusable here: socket checks left out"
fi

echo "1..$n"
echo "# host: $pass passed, $fail failed"
[ "$fail" = 0 ]
