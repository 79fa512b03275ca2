#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multicast stays multicast: the policies change the anycast lookup only.
# Servers A1 {T,0,99} and A2 {T,200,299} on A, B1 {T,50,149} on B, C1
# {T,0,99} and C2 {T,100,199} on C.  A datagram sent to the range
# {T,60,120} (tipc_mcast) must reach A1, B1, C1 and C2 once each, never
# A2, from every node (A and B: tipc-lb, C: stock): with no policy (stock
# behaviour), then with each policy set on A and B for T, then as their
# default policy.  (An anycast sanity check shows each policy is live.)
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

T=4400
COUNT=5
WANT="A1=$COUNT B1=$COUNT C1=$COUNT C2=$COUNT"

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
[ -x "$SELFTEST_DIR/tipc_mcast" ] || ktap_skip_all "tipc_mcast not built (make -C tools/testing/selftests/net/tipc)"

if srv_start A $T 0 99 A1 && srv_start A $T 200 299 A2 && srv_start B $T 50 149 B1 &&
   srv_start C $T 0 99 C1 && srv_start C $T 100 199 C2; then
	ktap_ok "five servers on A, B and C published everywhere"
else
	ktap_fail "five servers on A, B and C published everywhere"
	ktap_finish
fi

# mcast LABEL: COUNT datagrams to {T,60,120} from each node
mcast() {
	local n out got

	for n in A B C; do
		out=$(on "$n" "$SELFTEST_DIR/tipc_mcast -t $T -l 60 -u 120 -n $COUNT -w 1500" 2>&1)
		got=$(sed -n 's/^served: *//p' <<<"$out" | tr ' ' '\n' | sed '/^$/d' |
			sort | paste -sd ' ')
		expect "$1: multicast from $n ($(mvm_info "$n" kind), $(mvm_info "$n" series)) reaches every matching server once" \
			"$WANT" "$got"
	done
}

mcast "no policy"
for pol in rr weighted least sorted hash; do
	if lb A policy set type $T $pol >/dev/null && lb B policy set type $T $pol >/dev/null; then
		mcast "$pol on A and B"
	else
		ktap_fail "$pol: policy set on A and B"
	fi
	if [ $pol = rr ]; then
		# The policy does act on anycast: instance 60 is A1's, B1's and C1's
		cli A $T 60 30
		expect "rr on A and B: anycast from A balances over A1, B1 and C1" \
			"A1=10 B1=10 C1=10" "$SERVED"
	fi
done
lb A policy del type $T >/dev/null
lb B policy del type $T >/dev/null
if lb A policy set default hash >/dev/null && lb B policy set default hash >/dev/null; then
	mcast "default policy hash on A and B"
else
	ktap_fail "default policy hash set on A and B"
fi
lb A policy del default >/dev/null
lb B policy del default >/dev/null
ktap_finish
