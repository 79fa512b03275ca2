#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Statistics (tipc-lb stats), configured and read on node4:
#
#  - servers on node1..node3 bind {1000,0,10}; with rr on node4, stats list
#    the three publications (policy, node, range; "-" for weight and
#    position, which rr does not use) with 0 selections; 30 requests
#    later each shows 10, exactly what the client counted; node1, which
#    has no policy, lists nothing;
#  - stats reset zeroes the counters (6 more requests: 2/2/2); a reset of
#    another type leaves them alone;
#  - weighted with weight 3 on node1: the weight column shows 3/1/1 and 50
#    requests count 30/10/10;
#  - sorted with priority 0 on node3: positions node3=1 node1=2 node2=3, and
#    10 requests count on node3 only;
#  - least on stream servers {1001,0,10}: 2 open connections show as 1
#    connection on two servers; closed, they count 0 again;
#  - the table has a header and one line per publication; -j parses;
#    a bad type is rejected by the CLI naming it.
source "$(dirname "$0")/lib.sh"

TYPE=1000
TYPE_CONN=1001

# stats_col NODE TYPE COLUMN: NODE's "stats type TYPE" table in STATS_OUT,
# and in COL one COLUMN of it as "server=VALUE ..." sorted by server (the
# NODE column holds the identities node1..node3).
STATS_OUT=
COL=
stats_col() {
	STATS_OUT=$(lb_cli "$1" stats type "$2" 2>&1) || { COL=; return 1; }
	COL=$(awk -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
			       c { print $3 "=" $c }' <<<"$STATS_OUT" |
	      sort | tr '\n' ' ' | sed 's/ $//')
}

# expect_col DESC NODE TYPE COLUMN WANT
expect_col() {
	stats_col "$2" "$3" "$4"
	if [ "$COL" = "$5" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		diag "expected $4: '$5', got '$COL'" "$STATS_OUT"
	fi
}

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy rr
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }

for n in node1 node2 node3; do
	start_server "$n" $TYPE 0 10 || { ktap_fail "server on $n published {$TYPE,0,10}"; \
		ktap_finish; }
done
ktap_ok "servers on node1..node3 bound {$TYPE,0,10}, visible everywhere"

ktap_check "policy set type $TYPE rr on node4" lb_cli node4 policy set type $TYPE rr
expect_col "stats: three publications, 0 selections" node4 $TYPE SELECTED \
	"node1=0 node2=0 node3=0"
rows=$(awk 'NR > 1 && $1 == '$TYPE' && $2 == "rr" && $5 == "0-10" && $8 == "-" && $9 == "-"' \
	<<<"$STATS_OUT" | wc -l)
if [ "$rows" = 3 ] && head -n1 <<<"$STATS_OUT" | grep -q \
	'^TYPE .*SELECTED .*CONNS .*WEIGHT .*POS$'; then
	ktap_ok "stats table: header, then type, policy rr, range 0-10, no weight or position"
else
	ktap_fail "stats table: header, then type, policy rr, range 0-10, no weight or position"
	diag "$STATS_OUT"
fi

client node4 $TYPE 4 30
expect_served "rr: 30 requests split 10/10/10" "node1=10 node2=10 node3=10"
expect_col "stats count what the client saw: 10/10/10" node4 $TYPE SELECTED \
	"node1=10 node2=10 node3=10"

out=$(lb_cli node1 stats 2>&1)
if [ "$(wc -l <<<"$out")" = 1 ]; then
	ktap_ok "node1 has no policy: its stats list no publication"
else
	ktap_fail "node1 has no policy: its stats list no publication"
	diag "$out"
fi

ktap_check "stats reset type 2000 (another type)" lb_cli node4 stats reset type 2000
expect_col "a reset of another type changes nothing" node4 $TYPE SELECTED \
	"node1=10 node2=10 node3=10"
ktap_check "stats reset type $TYPE" lb_cli node4 stats reset type $TYPE
expect_col "after the reset: 0 selections" node4 $TYPE SELECTED "node1=0 node2=0 node3=0"
client node4 $TYPE 4 6
expect_col "6 requests after the reset: 2/2/2" node4 $TYPE SELECTED "node1=2 node2=2 node3=2"

# --- weighted --------------------------------------------------------------
ktap_check "weight set type $TYPE node node1 weight 3; policy set weighted" \
	eval "lb_cli node4 weight set type $TYPE node node1 weight 3 &&
	      lb_cli node4 policy set type $TYPE weighted && lb_cli node4 stats reset"
expect_col "weighted: effective weights 3/1/1" node4 $TYPE WEIGHT "node1=3 node2=1 node3=1"
client node4 $TYPE 4 50
expect_served "weighted: 50 requests split 30/10/10" "node1=30 node2=10 node3=10"
expect_col "weighted: stats count 30/10/10" node4 $TYPE SELECTED "node1=30 node2=10 node3=10"

# --- sorted ----------------------------------------------------------------
ktap_check "priority set type $TYPE node node3 priority 0; policy set sorted" \
	eval "lb_cli node4 priority set type $TYPE node node3 priority 0 &&
	      lb_cli node4 policy set type $TYPE sorted && lb_cli node4 stats reset type $TYPE"
expect_col "sorted: positions node3=1 node1=2 node2=3" node4 $TYPE POS "node1=2 node2=3 node3=1"
if [ "$(awk 'NR == 2 { print $3 }' <<<"$STATS_OUT")" = node3 ]; then
	ktap_ok "sorted: the table lists the serving publication (node3) first"
else
	ktap_fail "sorted: the table lists the serving publication (node3) first"
	diag "$STATS_OUT"
fi
client node4 $TYPE 4 10
expect_col "sorted: 10 requests all counted on node3" node4 $TYPE SELECTED \
	"node1=0 node2=0 node3=10"

# --- JSON ------------------------------------------------------------------
json=$(lb_cli node4 -j stats type $TYPE 2>&1)
if python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert sorted((e["node-id"], e["selections"], e["position"], e["weight"]) for e in d) == \
    [("node1", 0, 2, 3), ("node2", 0, 3, 1), ("node3", 10, 1, 1)], d
assert all(e["type"] == 1000 and e["policy"] == "sorted" and e["lower"] == 0 and
           e["upper"] == 10 and e["conns"] == 0 and e["port"] > 0 and
           e["node-addr"] > 0 for e in d), d
' "$json"; then
	ktap_ok "-j stats: the same figures as JSON"
else
	ktap_fail "-j stats: the same figures as JSON"
	diag "$json"
fi

# --- stats -i: selections per second over an interval ----------------------
if awk 'length > 100 { bad = 1 } END { exit !bad }' <<<"$STATS_OUT"; then
	ktap_fail "the stats table fits 100 columns"
	diag "$STATS_OUT"
else
	ktap_ok "the stats table fits 100 columns"
fi
# One 5 s interval, 10 requests inside it: the rates add up to 10 / 5 s (a
# little less: the interval also holds the second dump)
ileg=$WORK_DIR/interval.json
lb_cli node4 -j stats type $TYPE -i 5 -c 1 >"$ileg" 2>&1 &
ipid=$!
sleep 1
client node4 $TYPE 4 10
wait $ipid
irc=$?
if [ $irc = 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
total = sum(e["rate"] for e in d)
assert len(d) == 3 and 10 / 6.5 <= total <= 10 / 5 + 0.001, (total, d)
assert {e["node-id"]: round(e["rate"] * 5) for e in d}["node3"] >= 7, d
' "$ileg"; then
	ktap_ok "stats -i 5 -c 1: selections per second per publication, 10 requests in 5 s"
else
	ktap_fail "stats -i 5 -c 1: selections per second per publication, 10 requests in 5 s"
	diag "exit $irc" "$(cat "$ileg")"
fi
out=$(lb_cli node4 stats type $TYPE -i 1 -c 2 2>&1)
if [ "$(grep -c '^TYPE .*SEL/S' <<<"$out")" = 2 ] && [ "$(grep -c "^$TYPE " <<<"$out")" = 6 ]; then
	ktap_ok "stats -i 1 -c 2: two tables with SEL/S, then exit 0"
else
	ktap_fail "stats -i 1 -c 2: two tables with SEL/S, then exit 0"
	diag "$out"
fi

# --- least: connections ----------------------------------------------------
for n in node1 node2 node3; do
	start_sserver "$n" $TYPE_CONN 0 10 ||
		{ ktap_fail "stream server on $n published {$TYPE_CONN,0,10}"; ktap_finish; }
done
ktap_check "policy set type $TYPE_CONN least on node4" \
	lb_cli node4 policy set type $TYPE_CONN least
conn_start node4 $TYPE_CONN 4
if conn_cmd open && a=$CONN_REPLY && conn_cmd open; then
	stats_col node4 $TYPE_CONN CONNS
	got=$COL
	if [ "$(tr ' ' '\n' <<<"$got" | grep -c '=1$')" = 2 ] &&
	   [ "$(tr ' ' '\n' <<<"$got" | grep -c '=0$')" = 1 ]; then
		ktap_ok "least: 2 open connections show as 1 on two servers ($got)"
	else
		ktap_fail "least: 2 open connections show as 1 on two servers"
		diag "got '$got'" "$STATS_OUT" "opened: $a / $CONN_REPLY"
	fi
	read -r _ k1 _ <<<"$a"
	read -r _ k2 _ <<<"$CONN_REPLY"
	if conn_cmd "close $k1" && conn_cmd "close $k2"; then
		expect_col "least: both closed, 0 connections counted" node4 $TYPE_CONN CONNS \
			"node1=0 node2=0 node3=0"
	else
		ktap_fail "least: close both connections"
		diag "$CONN_REPLY"
	fi
else
	ktap_fail "least: open 2 connections to {$TYPE_CONN,4}"
	diag "$CONN_REPLY"
fi
conn_stop

# --- bad input -------------------------------------------------------------
out=$(lb_cli node4 stats type 7 2>&1)
rc=$?
if [ $rc = 1 ] && grep -qF 'Error: argument "7" is wrong: type must be' <<<"$out"; then
	ktap_ok "stats type 7: rejected, naming the argument"
else
	ktap_fail "stats type 7: rejected, naming the argument"
	diag "exit $rc: $out"
fi

ktap_check "policy del type $TYPE and $TYPE_CONN on node4" \
	eval "lb_cli node4 policy del type $TYPE && lb_cli node4 policy del type $TYPE_CONN"
out=$(lb_cli node4 stats 2>&1)
if [ "$(wc -l <<<"$out")" = 1 ]; then
	ktap_ok "no policy left: stats list nothing"
else
	ktap_fail "no policy left: stats list nothing"
	diag "$out"
fi

ktap_finish
