#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "tipc nametable show" lists every publication when the table takes more
# than one dump message and ranges share a lower bound (overlapping ranges
# such as {200, 202} and {200, 203}, what tipc-lb balances).  Stock TIPC
# resumed such a dump at the first range with that lower bound, did not
# find the publication it had stopped at, and ended it with
# NLM_F_DUMP_INTR: "Interrupted system call" after the first message's
# 40 rows (net/patches/tipc-fix-nametable-dump.patch).  The reference is the
# topology server's report of the same publications.
#
# node1 binds 60 publications over {T, 200, 201..220}, 40 over distinct
# ranges and 60 on one range; node1 (local entries) and node2 (a peer's)
# must both dump all 160, each once, as the topology server reports them.
#
# Then 60 more on T2, {T2, 200, 201..220} three times over, and all the
# sockets close, in the order they were bound: every publication must
# go, on node1 and node2.  Stock TIPC inserted a second range with the
# bounds of an existing one when ranges sharing a lower bound sat on
# both sides of each other, and then could not remove the publications
# of one of them ("Failed to remove unknown binding"): 36 of T2's stayed
# on 6.12 (net/patches/tipc-fix-range-duplicate.patch).
source "$(dirname "$0")/lib.sh"

T=5300
T2=5301
FAULTS=$SELFTEST_DIR/tipc_lb_faults.py
WANT=160

cat >"$WORK_DIR/ntbind.py" <<'EOF'
import signal, socket, sys
T, T2 = int(sys.argv[1]), int(sys.argv[2])
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
socks = []
def bind(lower, upper, t=T):
    s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    s.bind((socket.TIPC_ADDR_NAMESEQ, t, lower, upper))
    socks.append(s)
for i in range(3):
    for upper in range(201, 221):
        bind(200, upper)
for i in range(40):
    bind(300 + i, 300 + 2 * i)
for i in range(60):
    bind(1000, 1999)
for i in range(3):
    for upper in range(201, 221):
        bind(200, upper, T2)
print('ready', flush=True)
signal.sigwait([signal.SIGUSR1])
for s in socks:
    s.close()
print('closed', flush=True)
signal.pause()
EOF

cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
ADDR_IDENT=
for node in node1 node2; do
	addr=$(on "$node" python3 "$FAULTS" ntlist | sed -n 's/^self //p')
	ADDR_IDENT+="$addr $(node_ident "$node") "
done

# topsrv_rows NODE [TYPE...]: the topology server's report of T (or the
# TYPEs) on NODE, as "type lower upper port node"
topsrv_rows() {
	local node=$1

	shift
	on "$node" python3 "$FAULTS" ntlist "${@:-$T}" |
		awk -v map="$ADDR_IDENT" '
			BEGIN {
				n = split(map, m, " ")
				for (i = 1; i < n; i += 2)
					id[m[i]] = m[i + 1]
			}
			$1 != "self" { print $1, $2, $3, $4, ($5 in id) ? id[$5] : $5 }' | sort
}

SPAWN_TIMEOUT=60 spawn_server node1 "$WORK_DIR/ntbind.log" '^ready$' ntbind.py \
	python3 "$WORK_DIR/ntbind.py" $T $T2 ||
	{ ktap_fail "$WANT publications bound on node1"; ktap_finish; }
deadline=$((SECONDS + PUBL_TIMEOUT))
until [ "$(topsrv_rows node2 | wc -l)" = $WANT ]; do
	[ $SECONDS -lt $deadline ] ||
		{ ktap_fail "node2 sees node1's $WANT publications"; ktap_finish; }
	sleep 1
done
ktap_ok "node1's $WANT publications of $T bound, node2's topology server reports them all"

for node in node1 node2; do
	ref=$(topsrv_rows "$node")
	out=$(on "$node" tipc nametable show 2>"$WORK_DIR/err")
	rc=$?
	got=$(awk -v t=$T '$1 == t { print $1, $2, $3, $5, $6 }' <<<"$out" | sort)
	if [ $rc = 0 ] && [ ! -s "$WORK_DIR/err" ] && [ "$got" = "$ref" ]; then
		ktap_ok "$node: nametable show lists all $WANT once each, as the topology server"
	else
		ktap_fail "$node: nametable show lists all $WANT once each, as the topology server"
		diag "exit $rc, $(wc -l <<<"$got") rows of $T, stderr: $(cat "$WORK_DIR/err")" \
		     "$(diff <(echo "$ref") <(echo "$got") | head -n 5)"
	fi
done

dmesg_mark
kill -USR1 "$SERVER_PID"
deadline=$((SECONDS + 30))
until grep -q '^closed$' "$WORK_DIR/ntbind.log" || [ $SECONDS -ge $deadline ]; do
	sleep 0.2
done
# Explicitly, in order: at exit the kernel releases them last first
ktap_check "ntbind.py closed its sockets one by one" grep -q '^closed$' "$WORK_DIR/ntbind.log"
deadline=$((SECONDS + PUBL_TIMEOUT))
while stay=$(topsrv_rows node1 $T $T2; topsrv_rows node2 $T $T2) && [ -n "$stay" ] &&
      [ $SECONDS -lt $deadline ]; do
	sleep 1
done
if [ -z "$stay" ]; then
	ktap_ok "sockets closed: none of their $((WANT + 60)) publications left on node1, node2"
else
	ktap_fail "sockets closed: none of their $((WANT + 60)) publications left on node1, node2"
	diag "$(wc -l <<<"$stay") left, e.g.:" "$(head -n 5 <<<"$stay")"
fi
unknown=$(dmesg | tail -n +"$((DMESG_MARK + 1))" | grep -c 'Failed to remove unknown binding')
if [ "$unknown" = 0 ]; then
	ktap_ok "no withdrawal failed (\"Failed to remove unknown binding\")"
else
	ktap_fail "no withdrawal failed (\"Failed to remove unknown binding\")"
	diag "$unknown failed"
fi
ktap_finish
