#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A mixed cluster of separate machines: A (6.12, tipc-lb), B (6.1, tipc-lb),
# C (6.12, stock TIPC).  Servers on all three bind overlapping ranges that
# all cover instance 60: A {T,0,99}, B {T,0,199}, C {T,50,149}.  Stock TIPC
# sends everything to the first range.  With each policy set on A and B:
# both balance over every server, C's included, as the policy says; C's
# own lookups stay stock.  least is also checked with stream connections
# held open (stream servers of a second type on the same ranges).  Last,
# A and B are switched to stock TIPC: C's name table then (a stock-only
# cluster) is the one it showed in the mixed cluster, ports aside, and C's
# lookups go where they went.
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

T=4100
INST=60
N=30

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
expect "A runs 6.12 with tipc-lb" "6.12 ours" "$(mvm_info A series) $(on A mvm_kind)"
expect "B runs 6.1 with tipc-lb" "6.1 ours" "$(mvm_info B series) $(on B mvm_kind)"
expect "C runs 6.12 with stock TIPC" "6.12 stock" "$(mvm_info C series) $(on C mvm_kind)"
if lb C policy show >/dev/null 2>&1; then
	ktap_fail "C has no tipc_lb netlink family (stock)"
else
	ktap_ok "C has no tipc_lb netlink family (stock)"
fi

if srv_start A $T 0 99 A && srv_start B $T 0 199 B && srv_start C $T 50 149 C; then
	ktap_ok "servers on A, B and C published everywhere"
else
	ktap_fail "servers on A, B and C published everywhere"
	ktap_finish
fi

# One server for all N requests: stock picks in the first matching range
declare -A stock_srv=()
for n in A B C; do
	cli $n $T $INST $N
	diag "no policy, from $n: $SERVED"
	stock_srv[$n]=$SERVED
	if [ "$CLI_RC" = 0 ] && [[ $SERVED =~ ^[ABC]=$N$ ]]; then
		ktap_ok "no policy: $n's lookups stay in one range, as stock ($SERVED)"
	else
		ktap_fail "no policy: $n's lookups stay in one range, as stock"
		diag "$CLI_OUT"
	fi
done
C_STOCK=${stock_srv[C]}

# check_c POLICY: C, stock, is not affected by what A and B do
check_c() {
	cli C $T $INST $N
	expect "$1 on A and B: C's lookups are stock's ($C_STOCK)" "$C_STOCK" "$SERVED"
}

# on_ab ARGS...: tipc-lb ARGS on A and B
on_ab() {
	lb A "$@" >/dev/null && lb B "$@" >/dev/null
}

# policy LABEL POLICY WANT COUNT [ARGS...]: set POLICY on A and B, COUNT
# requests from each, expect the sorted tally WANT from both
policy() {
	local label=$1 pol=$2 want=$3 count=$4 n

	shift 4
	if ! on_ab policy set type $T "$pol" "$@"; then
		ktap_fail "$pol: policy set on A and B"
		return
	fi
	for n in A B; do
		cli $n $T $INST "$count"
		diag "$label from $n ($(mvm_info $n series)): $SERVED"
		expect "$label from $n ($(mvm_info $n series)) over A, B and C's servers" "$want" "$SERVED"
	done
	check_c "$label"
}

policy rr rr "A=10 B=10 C=10" 30
# C's server weighs 3, A's and B's 1 (the default)
on_ab weight set type $T node C weight 3 || ktap_fail "weight set on A and B"
policy "weighted, C weight 3" weighted "A=10 B=10 C=30" 50
# Connectionless: no connections to count, least falls back to weighted
policy "least, C weight 3 (RDM: as weighted)" least "A=10 B=10 C=30" 50
on_ab weight del type $T node C >/dev/null 2>&1

# least with connections: stream servers sA, sB, sC on the same ranges
# (type S), N connections from A and from B held open together; each goes
# where the fewest of this node's connections are, per weight
S=$((T + 1))
if srv_start -s A $S 0 99 sA && srv_start -s B $S 0 199 sB && srv_start -s C $S 50 149 sC &&
   on_ab policy set type $S least; then
	for w in 1 3; do
		[ $w = 3 ] && { on_ab weight set type $S node C weight 3 || ktap_fail "weight set on A and B"; }
		for n in A B; do
			if [ $w = 1 ]; then
				conns $n $S $INST 9
				want="sA=3 sB=3 sC=3"
			else
				conns $n $S $INST 10
				want="sA=2 sB=2 sC=6"
			fi
			diag "least, C weight $w, connections from $n ($(mvm_info $n series)): $SERVED"
			expect "least, C weight $w: connections from $n ($(mvm_info $n series)) spread over A, B and C" \
				"$want" "$SERVED"
		done
	done
	on_ab policy del type $S >/dev/null 2>&1
else
	ktap_fail "least: stream servers on A, B and C, least set on A and B"
fi
srv_stop sA sB sC >/dev/null 2>&1
# sorted: C's server first by priority (default: by identity, A first)
on_ab priority set type $T node C priority 0 || ktap_fail "priority set on A and B"
policy "sorted, C priority 0" sorted "C=$N" $N
on_ab priority del type $T node C >/dev/null 2>&1
policy "sorted by identity" sorted "A=$N" $N

# hash: instances 50..99 are covered by all three servers; each sticks to
# one, the same from A and B, and every server gets some
on_ab policy set type $T hash || ktap_fail "hash: policy set on A and B"
sweep A $T 50 99 "$WORK/hash.A"
sweep B $T 50 99 "$WORK/hash.B"
tallyA=$(awk '{ print $2 }' "$WORK/hash.A" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')
diag "hash from A, instances 50..99: $tallyA"
if [ "$(wc -l <"$WORK/hash.A")" = 50 ] && cmp -s "$WORK/hash.A" "$WORK/hash.B" &&
   [ "$(awk '{ print $2 }' "$WORK/hash.A" | sort -u | paste -sd ' ')" = "A B C" ]; then
	ktap_ok "hash from A and B: 50 instances, same servers, all three used"
else
	ktap_fail "hash from A and B: 50 instances, same servers, all three used"
	diag "$(diff "$WORK/hash.A" "$WORK/hash.B" | head -n 10)"
fi
check_c hash
on_ab policy del type $T >/dev/null 2>&1

# C's name table in the mixed cluster, then in a stock-only cluster
on C nametable | sort >"$WORK/nt.mixed"
srv_stop
ok=1
for n in A B; do
	on $n "mvm_load stock && mvm_tipc_up" >/dev/null || ok=0
done
mvm_wait_links 120 || ok=0
if [ $ok = 1 ] && srv_start A $T 0 99 A && srv_start B $T 0 199 B && srv_start C $T 50 149 C; then
	ktap_ok "stock-only cluster: A and B back on stock TIPC, servers published"
	on C nametable | sort >"$WORK/nt.stock"
	if cmp -s "$WORK/nt.mixed" "$WORK/nt.stock"; then
		ktap_ok "C's name table: the same in the mixed and the stock-only cluster ($(wc -l <"$WORK/nt.stock") lines, ports aside)"
	else
		ktap_fail "C's name table: the same in the mixed and the stock-only cluster"
		diag "$(diff "$WORK/nt.mixed" "$WORK/nt.stock")"
	fi
	cli C $T $INST $N
	expect "stock-only cluster: C's lookups go where they went in the mixed one" "$C_STOCK" "$SERVED"
else
	ktap_fail "stock-only cluster: A and B back on stock TIPC, servers published"
fi
srv_stop
ok=1
for n in A B; do
	on $n "mvm_load ours && mvm_tipc_up" >/dev/null || ok=0
done
mvm_wait_links 120 || ok=0
expect "A and B back on tipc-lb, links up" 1 $ok
ktap_finish
