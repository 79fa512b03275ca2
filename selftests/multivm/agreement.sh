#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-kernel agreement between two tipc-lb nodes on different kernels,
# A (6.12) and B (6.1), separate machines, with C's server (stock TIPC)
# among the candidates.  Servers {T,0,999} on A, B and C.
#   hash:   instances 0..999 map to the same server from A and from B
#           (rendezvous hashing with a fixed seed: no module-wide state may
#           differ between the two modules), every server gets a fair share,
#           and a second sweep maps every instance again the same way;
#   sorted: A and B pick the same primary, and the same next one after the
#           primary's server leaves.
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

T=4200
N=20

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
if srv_start A $T 0 999 A && srv_start B $T 0 999 B && srv_start C $T 0 999 C; then
	ktap_ok "servers {$T,0,999} on A, B and C published everywhere"
else
	ktap_fail "servers {$T,0,999} on A, B and C published everywhere"
	ktap_finish
fi

# --- hash -----------------------------------------------------------------
if lb A policy set type $T hash && lb B policy set type $T hash; then
	ktap_ok "hash set on A and B"
else
	ktap_fail "hash set on A and B"
fi
sweep A $T 0 999 "$WORK/A"
rcA=$CLI_RC
sweep B $T 0 999 "$WORK/B"
rcB=$CLI_RC
nA=$(wc -l <"$WORK/A")
nB=$(wc -l <"$WORK/B")
expect "hash: 1000 replies from A's sweep of 0..999 (exit $rcA)" "1000 0" "$nA $rcA"
expect "hash: 1000 replies from B's sweep of 0..999 (exit $rcB)" "1000 0" "$nB $rcB"
agree=$(awk 'NR == FNR { a[$1] = $2; next } ($1 in a) && a[$1] == $2' \
	"$WORK/A" "$WORK/B" | wc -l)
echo "# hash agreement: $agree of 1000 instances map to the same server from A (6.12) and B (6.1)"
for n in A B; do
	diag "hash from $n: $(awk '{ print $2 }' "$WORK/$n" | sort | uniq -c |
		awk '{ printf "%s=%s ", $2, $1 }')"
done
expect "hash: every instance of 0..999 maps to the same server from A and B" 1000 "$agree"
# Rendezvous over 3 servers: about 333 each; far less means a broken hash
min=$(awk '{ print $2 }' "$WORK/A" | sort | uniq -c | sort -n | awk 'NR == 1 { print $1 }')
nsrv=$(awk '{ print $2 }' "$WORK/A" | sort -u | wc -l)
if [ "$nsrv" = 3 ] && [ "${min:-0}" -ge 250 ]; then
	ktap_ok "hash: every server gets a fair share (the smallest $min of 1000)"
else
	ktap_fail "hash: every server gets a fair share (3 servers, at least 250 each)"
	diag "$nsrv servers, the smallest share $min"
fi
# Stickiness: the same map again (a quarter of the instances, from A)
sweep A $T 0 249 "$WORK/A2"
expect "hash: a second sweep from A maps instances 0..249 the same way" \
	"$(head -n 250 "$WORK/A")" "$(cat "$WORK/A2")"

# --- sorted -----------------------------------------------------------------
if lb A policy set type $T sorted && lb B policy set type $T sorted; then
	ktap_ok "sorted set on A and B"
else
	ktap_fail "sorted set on A and B"
fi
cli A $T 500 $N
pA=$SERVED
cli B $T 500 $N
pB=$SERVED
diag "sorted: A's requests: $pA, B's: $pB"
if [ "$pA" = "$pB" ] && [[ $pA =~ ^[ABC]=$N$ ]]; then
	ktap_ok "sorted: A and B pick the same primary (${pA%=*})"
else
	ktap_fail "sorted: A and B pick the same primary"
fi
# The order is by node identity: A first
expect "sorted: the primary is the first by identity" "A=$N" "$pA"
primary=${pA%=*}
srv_stop "$primary" || ktap_fail "sorted: the primary's server withdrawn everywhere"
cli A $T 500 $N
sA=$SERVED
cli B $T 500 $N
sB=$SERVED
diag "sorted, $primary's server gone: A's requests: $sA, B's: $sB"
if [ "$sA" = "$sB" ] && [[ $sA =~ ^[ABC]=$N$ ]] && [ "${sA%=*}" != "$primary" ]; then
	ktap_ok "sorted: A and B pick the same next one after the primary left (${sA%=*})"
else
	ktap_fail "sorted: A and B pick the same next one after the primary left"
fi
expect "sorted: the next one is the second by identity" "B=$N" "$sA"
lb A policy del type $T >/dev/null
lb B policy del type $T >/dev/null
ktap_finish
