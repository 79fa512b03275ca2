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
#   - the kernel's own validation (type < 64, policy > max), driven by a raw
#     generic netlink sender since the CLI refuses such input itself: ERANGE
#     (EINVAL accepted too), an extack message, NLMSGERR_ATTR_OFFS on the bad
#     attribute.
# Skips (exit 4) when the module or its tipc_lb family is missing.
source "$(dirname "$0")/lib.sh"

NS_A=tlbcli_a
NS_B=tlbcli_b
TYPE=1000
NOPOL='no policy configured for this service type'
EPERM_TEXT='Operation not permitted'
PY=$(command -v python3 || true)
NOBODY_DIR=
NOBODY_CLI=

cli_cleanup() {
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
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

# json_is JSON PYEXPR: JSON parses and PYEXPR (over d, the parsed value) holds.
json_is() {
	"$PY" -c 'import json, sys
d = json.loads(sys.argv[1])
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" 2>/dev/null
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
if ! ip netns add "$NS_A" || ! ip netns add "$NS_B"; then
	ktap_fail "create netns $NS_A and $NS_B"
	ktap_finish
fi

# The unprivileged user must reach the binary: the repository may sit in a
# directory only root can enter, so use a world-readable copy.
NOBODY_DIR=$(mktemp -d /tmp/tipc-lb-cli.XXXXXX) &&
	chmod 755 "$NOBODY_DIR" &&
	cp "$TIPC_LB_CLI" "$NOBODY_DIR/tipc-lb" &&
	chmod 755 "$NOBODY_DIR/tipc-lb" &&
	NOBODY_CLI=$NOBODY_DIR/tipc-lb

# -------------------------------------------------------- type round trip

expect_out "fresh netns: policy show is the empty default" "default none" $NS_A policy show
expect_json "fresh netns: -j policy show is {default none, no policies}" \
	'd == {"default": "none", "policies": []}' $NS_A -j policy show
expect_ok "policy set type $TYPE rr" $NS_A policy set type $TYPE rr
if [ -z "$OUT" ]; then ktap_ok "policy set prints nothing"; else fail_diag "policy set prints nothing"; fi
expect_out "policy show lists type $TYPE rr" "default none
type $TYPE policy rr" $NS_A policy show
expect_json "-j policy show has type $TYPE rr" \
	'd == {"default": "none", "policies": [{"type": 1000, "policy": "rr"}]}' $NS_A -j policy show
expect_json "-j -p policy show is the same JSON" \
	'd == {"default": "none", "policies": [{"type": 1000, "policy": "rr"}]}' $NS_A -j -p policy show
expect_out "policy show type $TYPE" "type $TYPE policy rr" $NS_A policy show type $TYPE
expect_out "policy show type $TYPE -j" "{\"type\":$TYPE,\"policy\":\"rr\"}" \
	$NS_A policy show type $TYPE -j
expect_out "iproute2-style prefixes: pol sh t $TYPE" "type $TYPE policy rr" $NS_A pol sh t $TYPE

expect_ok "policy set type $TYPE none (exempt from the default)" $NS_A policy set type $TYPE none
expect_out "policy show type $TYPE says none" "type $TYPE policy none" $NS_A policy show type $TYPE
expect_ok "policy set type $TYPE rr again (replaces)" $NS_A policy set type $TYPE rr
expect_ok "policy set type 64 rr (lowest type)" $NS_A policy set type 64 rr
expect_ok "policy set type 4294967295 none (highest type)" $NS_A policy set type 4294967295 none
expect_out "policy show lists the types in order" "default none
type 64 policy rr
type $TYPE policy rr
type 4294967295 policy none" $NS_A policy show
expect_json "-j policy show lists three types" \
	'd["policies"] == [{"type": 64, "policy": "rr"}, {"type": 1000, "policy": "rr"}, {"type": 4294967295, "policy": "none"}]' \
	$NS_A -j policy show
expect_ok "policy del type 64" $NS_A policy del type 64
expect_ok "policy del type 4294967295" $NS_A policy del type 4294967295

expect_ok "policy del type $TYPE" $NS_A policy del type $TYPE
expect_json "type $TYPE gone from -j policy show" \
	'd == {"default": "none", "policies": []}' $NS_A -j policy show
expect_err "policy show type $TYPE after del: kernel's extack" "Error: $NOPOL" \
	$NS_A policy show type $TYPE
expect_err "policy del type $TYPE again: kernel's extack" "Error: $NOPOL" \
	$NS_A policy del type $TYPE
# The kernel points NLMSGERR_ATTR_OFFS at TYPE: the CLI names it.
lb $NS_A policy show type $TYPE
if [ "$ERR" = "Error: $NOPOL (attribute \"type\")" ]; then
	ktap_ok "the CLI names the attribute the extack points at"
else
	fail_diag "the CLI names the attribute the extack points at" \
		"expected: Error: $NOPOL (attribute \"type\")"
fi

# ----------------------------------------------------------------- default

expect_out "policy show default (none set)" "default none" $NS_A policy show default
expect_ok "policy set default rr" $NS_A policy set default rr
expect_out "policy show default" "default rr" $NS_A policy show default
expect_json "-j policy show default" 'd == {"default": "rr"}' $NS_A -j policy show default
expect_json "-j policy show has default rr" \
	'd == {"default": "rr", "policies": []}' $NS_A -j policy show
expect_ok "policy del default" $NS_A policy del default
expect_out "default back to none" "default none" $NS_A policy show default
expect_ok "policy set default rr, then policy set default none" $NS_A policy set default rr
expect_ok "policy set default none" $NS_A policy set default none
expect_out "policy set default none removes the default" "default none" $NS_A policy show default
expect_ok "policy del default without a default" $NS_A policy del default

# ------------------------------------------------------------ per netns

lb $NS_A policy set type $TYPE rr
lb $NS_B policy set default rr
expect_json "type $TYPE set in $NS_A is not in $NS_B" \
	'd == {"default": "rr", "policies": []}' $NS_B -j policy show
expect_json "default set in $NS_B is not in $NS_A" \
	'd == {"default": "none", "policies": [{"type": 1000, "policy": "rr"}]}' $NS_A -j policy show
expect_err "policy show type $TYPE in $NS_B fails" "Error: $NOPOL" $NS_B policy show type $TYPE
expect_unchanged "the initial netns is untouched" - "$ROOT_BEFORE"
expect_ok "policy del default in $NS_B" $NS_B policy del default

# ------------------------------------------------- bad input, nothing changes

BEFORE=$(snapshot $NS_A)
expect_err "unknown policy name" 'Error: unknown policy "foo" (expected: none, rr' \
	$NS_A policy set type $TYPE foo
expect_err "type out of u32 range" 'Error: argument "70000000000" is wrong: type must be a number from 64 to 4294967295' \
	$NS_A policy set type 70000000000 none
expect_err "type below 64" 'Error: argument "5" is wrong' $NS_A policy set type 5 rr
expect_err "type not a number" 'Error: argument "abc" is wrong' $NS_A policy del type abc
expect_err "missing policy" "Error: missing argument after \"$TYPE\"" $NS_A policy set type $TYPE
expect_err "missing type" 'Error: missing argument after "type"' $NS_A policy del type
expect_err "extra argument" 'Error: unexpected argument "extra"' $NS_A policy set type $TYPE none extra
expect_err "unknown default policy" 'Error: unknown policy "bogus"' $NS_A policy set default bogus
expect_unchanged "bad input left the configuration unchanged" $NS_A "$BEFORE"

# ------------------------------------------------------------- unprivileged

if [ -z "$NOBODY_CLI" ] || ! command -v setpriv >/dev/null; then
	for t in set del "set default" show; do
		ktap_skip "unprivileged $t" "no setpriv or no world-readable copy of the CLI"
	done
else
	BEFORE=$(snapshot $NS_A)
	for args in "policy set type 2000 rr" "policy del type $TYPE" \
		    "policy set default rr" "policy del default"; do
		desc="unprivileged \"$args\": EPERM and the CAP_NET_ADMIN hint"
		# shellcheck disable=SC2086  # word splitting wanted
		lb_nobody $NS_A $args
		if [ "$RC" = 1 ] && grep -qF "$EPERM_TEXT" <<<"$ERR" &&
		   grep -qF CAP_NET_ADMIN <<<"$ERR"; then
			ktap_ok "$desc"
		else
			fail_diag "$desc"
		fi
	done
	lb_nobody $NS_A -j policy show
	if [ "$RC" = 0 ] && [ "$OUT" = "$BEFORE" ]; then
		ktap_ok "unprivileged policy show works"
	else
		fail_diag "unprivileged policy show works" "expected: $BEFORE"
	fi
	lb_nobody $NS_A policy show type $TYPE
	if [ "$RC" = 0 ] && [ "$OUT" = "type $TYPE policy rr" ]; then
		ktap_ok "unprivileged policy show type $TYPE works"
	else
		fail_diag "unprivileged policy show type $TYPE works"
	fi
	expect_unchanged "unprivileged attempts changed nothing" $NS_A "$BEFORE"
fi

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
TIPC_LB_A_TYPE, TIPC_LB_A_POLICY = 1, 2


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
    for atype, val in ((TIPC_LB_A_TYPE, sys.argv[2:3]), (TIPC_LB_A_POLICY, sys.argv[3:4])):
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
	res=$(ip netns exec "$NS_A" "$PY" "$WORK_DIR/genl_raw.py" "$@" 2>&1)
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

# ---------------------------------------------------------------- cleanup

expect_ok "policy del type $TYPE in $NS_A" $NS_A policy del type $TYPE
expect_json "$NS_A is empty again" 'd == {"default": "none", "policies": []}' $NS_A -j policy show
expect_unchanged "the initial netns is still untouched" - "$ROOT_BEFORE"

ktap_finish
