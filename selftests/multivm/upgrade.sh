#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rolling upgrade: while A (tipc-lb, rr over {T,0,99}) sends requests with
# retries, C's TIPC is switched from stock to ours and back, with servers on
# B and C:
#   1. stock -> ours, drained: C's server stops (its withdrawal reaches
#      every node), C unloads stock TIPC, loads ours, sets up TIPC again
#      (identity, bearer), gets the configuration A has (rr for T) and
#      starts its server again;
#   2. ours -> stock, abrupt: C's bearer goes away under load, then its
#      server and module; stock TIPC comes back with a new server.
# No request may be lost (every batch of tipc_cli ends with exit 0: each
# request answered, resent on timeout or rejection), C serves in every
# phase, and we print how long C was out: from the host (switch started
# to C's new server listed on A) and as A saw it (C's last reply before
# to its first reply after).
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

T=4300
INST=10
OUT_A=$(mvm_out A)
LOG=$OUT_A/roll.log

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
[ -n "$(mvm_info C ours)" ] || ktap_skip_all "no tipc-lb build for C's kernel $(mvm_info C kver)"
[ "$(on C mvm_kind)" = stock ] || ktap_skip_all "C does not run stock TIPC"

if srv_start B $T 0 99 B && srv_start C $T 0 99 C1 && lb A policy set type $T rr >/dev/null; then
	ktap_ok "servers on B and C (stock), rr for $T on A"
else
	ktap_fail "servers on B and C (stock), rr for $T on A"
	ktap_finish
fi

rm -f "$LOG" "$OUT_A/roll.stop"
loop=$(mvm_spawn A roll.log \
	"bash -c '. $GUEST; client_loop $SELFTEST_DIR/tipc_cli $T $INST /run/mvm/out/roll.stop'")
stop_loop() {
	touch "$OUT_A/roll.stop"
	on A "for i in \$(seq 600); do kill -0 $loop 2>/dev/null || exit 0; sleep 0.1; done; stop_pid $loop"
}

# replies NAME: how many replies NAME has given A so far
replies() {
	awk -v n="$1" '$2 == n' "$LOG" 2>/dev/null | wc -l
}

# wait_replies NAME COUNT: until NAME has answered COUNT of A's requests
# shellcheck disable=SC2317  # called through ktap_check
wait_replies() {
	local deadline=$((SECONDS + 90))

	while [ "$(replies "$1")" -lt "$2" ]; do
		[ "$SECONDS" -lt "$deadline" ] || { diag "$1: $(replies "$1") replies after 90 s"; return 1; }
		sleep 0.5
	done
}

now() {
	date +%s.%N
}

ktap_check "C (stock) serves A's requests" wait_replies C1 10

# 1. stock -> ours, drained
t0=$(now)
srv_stop C1 >/dev/null
setup=$(on C "mvm_load ours && mvm_tipc_up && $LB_CLI policy set type $T rr && mvm_kind" 2>&1)
if [ "$(tail -n1 <<<"$setup")" = ours ] && srv_start C $T 0 99 C2; then
	t1=$(now)
	ktap_ok "C switched to tipc-lb: TIPC set up again, rr re-applied, server published on every node"
else
	t1=$(now)
	ktap_fail "C switched to tipc-lb: TIPC set up again, rr re-applied, server published on every node"
	diag "$setup"
fi
ktap_check "C (tipc-lb) serves A's requests" wait_replies C2 10
expect "C's configuration after the upgrade" "rr" \
	"$(lb C -j policy show type $T | grep -o '"policy": *"[a-z]*"' | grep -o '[a-z]*"$' | tr -d '"')"

# 2. ours -> stock, abrupt: the bearer first, under load
t2=$(now)
on C "tipc bearer disable media eth device eth0; stop_pid ${SRV_PID[C2]}" >/dev/null
unset "SRV_NODE[C2]" "SRV_PID[C2]" "SRV_RANGE[C2]"
setup=$(on C "mvm_load stock && mvm_tipc_up && mvm_kind" 2>&1)
if [ "$(tail -n1 <<<"$setup")" = stock ] && srv_start C $T 0 99 C3; then
	t3=$(now)
	ktap_ok "C switched back to stock TIPC under load, server published on every node"
else
	t3=$(now)
	ktap_fail "C switched back to stock TIPC under load, server published on every node"
	diag "$setup"
fi
ktap_check "C (stock again) serves A's requests" wait_replies C3 10
stop_loop

batches=$(grep -c ' batch exit ' "$LOG")
bad=$(grep ' batch exit ' "$LOG" | grep -vc ' batch exit 0$')
answered=$(awk '$2 ~ /^(B|C1|C2|C3)$/' "$LOG" | wc -l)
retries=$(grep -c ' retry ' "$LOG")
diag "A's requests: $answered answered in $batches batches of 10 (B=$(replies B) C1=$(replies C1) C2=$(replies C2) C3=$(replies C3); C1, C3: C on stock TIPC, C2: on tipc-lb), $retries resent"
grep ' retry ' "$LOG" | head -n 5 | while IFS= read -r l; do diag "  $l"; done
if [ "$batches" -gt 0 ] && [ "$bad" = 0 ] && [ "$answered" = $((batches * 10)) ]; then
	ktap_ok "rolling upgrade: no request lost ($answered of $((batches * 10)) answered, $retries resent)"
else
	ktap_fail "rolling upgrade: no request lost"
	diag "$bad batches failed; $answered replies in $batches batches"
	grep -E ' (error|batch exit [1-9])' "$LOG" | head -n 5 | while IFS= read -r l; do diag "  $l"; done
fi

# What A saw: C's last reply before a switch to its first reply after
gap() {
	awk -v a="$1" -v b="$2" '$2 == a { last = $1 } $2 == b && !first { first = $1 }
		END { if (last && first) printf "%.1f", first - last; else print "?" }' "$LOG"
}
out1=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
out2=$(awk -v a="$t2" -v b="$t3" 'BEGIN { printf "%.1f", b - a }')
echo "# rolling upgrade: C out $out1 s stock->ours (drained), $out2 s ours->stock (abrupt), switch to server listed on A"
echo "# rolling upgrade: as A saw it, C's replies paused $(gap C1 C2) s and $(gap C2 C3) s; $retries of A's requests resent, none lost"
lb A policy del type $T >/dev/null
ktap_finish
