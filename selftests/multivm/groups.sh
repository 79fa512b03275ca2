#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TIPC communication groups behave as on stock TIPC whatever policy the
# tipc-lb nodes have: members B1, B2 on B, C2, C3 on C, A4 on A (the number
# is the member's instance) of group G.  A sender joins from A, from B and
# from C in turn (tipc_grp -s: it waits for the five members' join events)
# and sends COUNT group broadcasts, COUNT multicasts and COUNT anycasts to
# instance 2.  Every member must get every broadcast, B2 and C2 every
# multicast and, between them, every anycast, none elsewhere: with no
# policy, with rr for G on A and B, and with hash as their default policy.
# shellcheck source=selftests/multivm/lib.sh
. "$(dirname "$0")/lib.sh"

G=4500
COUNT=6
MEMBERS="A4 B1 B2 C2 C3"
declare -A inst=([A4]=4 [B1]=1 [B2]=2 [C2]=2 [C3]=3)
declare -A sender_inst=([A]=10 [B]=11 [C]=12)

for n in A B C; do
	case " $MVM_NODES " in *" $n "*) ;; *) ktap_skip_all "needs nodes A, B and C (have: $MVM_NODES)" ;; esac
done
[ -x "$SELFTEST_DIR/tipc_grp" ] || ktap_skip_all "tipc_grp not built (make -C tools/testing/selftests/net/tipc)"

declare -A mpid=() mlog=()
ok=1
for m in $MEMBERS; do
	node=${m:0:1}
	mlog[$m]=$(mvm_out "$node")/grp.$m.log
	rm -f "${mlog[$m]}"
	mpid[$m]=$(mvm_spawn "$node" "grp.$m.log" "$SELFTEST_DIR/tipc_grp -g $G -i ${inst[$m]}")
	EXTRA_PIDS+=("$node ${mpid[$m]}")
done
for m in $MEMBERS; do
	for ((i = 0; i < 100; i++)); do
		grep -qs '^ready$' "${mlog[$m]}" && break
		sleep 0.1
	done
	grep -qs '^ready$' "${mlog[$m]}" || { ok=0; diag "member $m: $(cat "${mlog[$m]}" 2>&1)"; }
done
expect "group $G: members $MEMBERS joined" 1 $ok

# got MEMBER KIND: messages of KIND member MEMBER has received so far
got() {
	grep -c "^got $2\$" "${mlog[$1]}" 2>/dev/null
}

# snapshot NAME: NAME[MEMBER.KIND] := got MEMBER KIND, for every member
snapshot() {
	local -n snap=$1
	local m k

	for m in $MEMBERS; do
		for k in bcast mcast anycast; do
			snap[$m.$k]=$(got "$m" $k)
		done
	done
}

# delta KIND [INST|-INST]: what the members (of instance INST, or of any
# other with -INST) got of KIND between the snapshots s0 and s1
delta() {
	local m sum=0

	for m in $MEMBERS; do
		case ${2:-} in
		-*) [ "${inst[$m]}" = "${2#-}" ] && continue ;;
		?*) [ "${inst[$m]}" = "$2" ] || continue ;;
		esac
		sum=$((sum + s1[$m.$1] - s0[$m.$1]))
	done
	echo $sum
}

# run LABEL NODE: a sender in NODE; check what every member got
run() {
	local label=$1 node=$2 out deadline m want got split
	local -A s0=() s1=()

	snapshot s0
	out=$(on "$node" "$SELFTEST_DIR/tipc_grp -g $G -i ${sender_inst[$node]} -s -e 5 -d 2 -c $COUNT -w 30000" 2>&1)
	if [ "$out" != sent ]; then
		ktap_fail "$label: sender on $node joined and sent"
		diag "$out"
		return
	fi
	# Bounded: until every message has arrived somewhere, then a bit more
	# for any that should not arrive at all
	deadline=$((SECONDS + 20))
	while :; do
		snapshot s1
		[ "$(delta bcast)" -ge $((5 * COUNT)) ] && [ "$(delta mcast)" -ge $((2 * COUNT)) ] &&
			[ "$(delta anycast)" -ge $COUNT ] && break
		[ $SECONDS -lt $deadline ] || break
		sleep 0.5
	done
	sleep 1
	snapshot s1
	want='' got='' split=''
	for m in $MEMBERS; do
		want+="$m:$COUNT/$([ "${inst[$m]}" = 2 ] && echo $COUNT || echo 0) "
		got+="$m:$((s1[$m.bcast] - s0[$m.bcast]))/$((s1[$m.mcast] - s0[$m.mcast])) "
		split+="$m=$((s1[$m.anycast] - s0[$m.anycast])) "
	done
	expect "$label, sender on $node ($(mvm_info "$node" kind) $(mvm_info "$node" series)): broadcast to every member, multicast to instance 2's" \
		"$want" "$got"
	diag "$label, sender on $node: anycasts to instance 2: $split"
	expect "$label, sender on $node: each anycast reaches one instance-2 member" \
		"$COUNT 0" "$(delta anycast 2) $(delta anycast -2)"
	# The group's own anycast choice, as without a policy
	if [ "$label" = "no policy" ]; then
		stock_split[$node]=$split
	else
		expect "$label, sender on $node: anycasts shared as with no policy" \
			"${stock_split[$node]:-}" "$split"
	fi
}
declare -A stock_split=()

for n in A B C; do
	run "no policy" $n
done
if lb A policy set type $G rr >/dev/null && lb B policy set type $G rr >/dev/null; then
	for n in A B C; do
		run "rr for the group's type on A and B" $n
	done
else
	ktap_fail "rr for $G set on A and B"
fi
lb A policy del type $G >/dev/null
lb B policy del type $G >/dev/null
if lb A policy set default hash >/dev/null && lb B policy set default hash >/dev/null; then
	for n in A B; do
		run "default policy hash on A and B" $n
	done
else
	ktap_fail "default policy hash set on A and B"
fi
lb A policy del default >/dev/null
lb B policy del default >/dev/null
ktap_finish
