#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "tipc nametable show" lists every publication when the table takes more
# than one dump message and ranges share a lower bound (overlapping ranges
# such as {200, 202} and {200, 203}, what tipc-lb balances).  Stock TIPC
# resumed such a dump at the first range with that lower bound, did not
# find the publication it had stopped at, and ended it with
# NLM_F_DUMP_INTR: "Interrupted system call" after 47 of 200 publications
# (net/patches/tipc-fix-nametable-dump.patch).  The reference is the
# topology server's report of the same publications.
#
# node1 binds 200 publications over {T, 200, 202..206}, 40 over distinct
# ranges and 60 on one range; node1 (local entries) and node2 (a peer's)
# must both dump all 300, each once, as the topology server reports them.
source "$(dirname "$0")/lib.sh"

T=5300
FAULTS=$SELFTEST_DIR/tipc_lb_faults.py
WANT=300

cat >"$WORK_DIR/ntbind.py" <<'EOF'
import signal, socket, sys
T = int(sys.argv[1])
socks = []
def bind(lower, upper):
    s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    s.bind((socket.TIPC_ADDR_NAMESEQ, T, lower, upper))
    socks.append(s)
for upper in range(202, 207):
    for i in range(40):
        bind(200, upper)
for i in range(40):
    bind(300 + i, 300 + 2 * i)
for i in range(60):
    bind(1000, 1999)
print('ready', flush=True)
signal.pause()
EOF

cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
ADDR_IDENT=
for node in node1 node2; do
	ADDR_IDENT+="$(on "$node" python3 "$FAULTS" ntlist | sed -n 's/^self //p') $(node_ident "$node") "
done

# topsrv_rows NODE: the topology server's report of T on NODE, as
# "type lower upper port node"
topsrv_rows() {
	on "$1" python3 "$FAULTS" ntlist $T |
		awk -v map="$ADDR_IDENT" '
			BEGIN { n = split(map, m, " "); for (i = 1; i < n; i += 2) id[m[i]] = m[i + 1] }
			$1 != "self" { print $1, $2, $3, $4, ($5 in id) ? id[$5] : $5 }' | sort
}

SPAWN_TIMEOUT=60 spawn_server node1 "$WORK_DIR/ntbind.log" '^ready$' ntbind.py \
	python3 "$WORK_DIR/ntbind.py" $T ||
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
		ktap_ok "$node: tipc nametable show lists all $WANT, each once, as the topology server"
	else
		ktap_fail "$node: tipc nametable show lists all $WANT, each once, as the topology server"
		diag "exit $rc, $(wc -l <<<"$got") rows of $T, stderr: $(cat "$WORK_DIR/err")" \
		     "$(diff <(echo "$ref") <(echo "$got") | head -n 5)"
	fi
done
ktap_finish
