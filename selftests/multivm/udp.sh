#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The same mixed cluster over UDP bearers: every node drops its eth bearer
# and enables a UDP bearer on 10.0.0.N (an address on the cluster's own
# virtual segment; neighbours found by IP multicast there).  Then rr from
# A and B balances over A's, B's and C's servers, hash maps instances
# 0..99 alike from A and B, multicast from C (stock) reaches every server;
# at the end the eth bearers come back.
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

T=4600

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
[ "$(on A tipc bearer list)" = eth:eth0 ] || ktap_skip_all "A's bearer is not eth:eth0 ($(on A tipc bearer list))"

# bearers FROM TO: every node from bearer FROM to TO, then wait for links
bearers() {
	local n ok=1

	for n in A B C; do
		if [ "$2" = udp ]; then
			on $n "mvm_bearer_down eth; { ip -4 addr show dev eth0 | grep -q inet || mvm_udp_addr; } && mvm_bearer_up udp" ||
				ok=0
		else
			on $n "mvm_bearer_down udp; mvm_bearer_up eth" || ok=0
		fi
	done
	[ $ok = 1 ] && mvm_wait_links 120
}

if bearers eth udp; then
	ktap_ok "eth bearers replaced by UDP bearers, links up"
else
	ktap_fail "eth bearers replaced by UDP bearers, links up"
	bearers udp eth
	ktap_finish
fi
diag "A's links: $(on A tipc link list | tr '\n' ' ')"

if srv_start A $T 0 99 A && srv_start B $T 0 99 B && srv_start C $T 0 99 C; then
	ktap_ok "servers on A, B and C published everywhere over UDP"
	for n in A B; do
		lb $n policy set type $T rr >/dev/null || ktap_fail "rr set on $n"
		cli $n $T 5 30
		expect "UDP: rr from $n ($(mvm_info $n series)) over A, B and C" "A=10 B=10 C=10" "$SERVED"
		lb $n policy set type $T hash >/dev/null || ktap_fail "hash set on $n"
		sweep $n $T 0 99 "$WORK/$n"
	done
	agree=$(awk 'NR == FNR { a[$1] = $2; next } ($1 in a) && a[$1] == $2' \
		"$WORK/A" "$WORK/B" | wc -l)
	expect "UDP: hash maps instances 0..99 alike from A and B" 100 "$agree"
	out=$(on C "$SELFTEST_DIR/tipc_mcast -t $T -l 0 -u 99 -n 3 -w 1500" 2>&1)
	expect "UDP: multicast from C (stock) reaches every server once" \
		"A=3 B=3 C=3" "$(sed -n 's/^served: *//p' <<<"$out" | tr ' ' '\n' | sort | paste -sd ' ')"
	lb A policy del type $T >/dev/null
	lb B policy del type $T >/dev/null
else
	ktap_fail "servers on A, B and C published everywhere over UDP"
fi
srv_stop

if bearers udp eth; then
	ktap_ok "eth bearers back, links up"
else
	ktap_fail "eth bearers back, links up"
fi
ktap_finish
