#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In-guest part of the lookup benchmark (tools/bench/run boots the VM):
#
#   tools/bench/bench.sh STOCK_MODDIR OURS_MODDIR
#
# Both directories hold a benchmark build of tipc.ko (lb_bench.c's debugfs
# interface, tools/stage-tipc --bench): the stock module and ours. In one
# VM run it loads stock, ours, then stock again (the two stock passes show
# the drift of the machine over the run), and measures:
#
#   lookup   ns per tipc_nametbl_lookup_anycast() over LOOKUPS lookups of
#            fake remote publications, per policy (ours), shape and
#            number of candidates
#   quality  weighted: largest deviation from the ideal share over every
#            prefix of the pick sequence; hash: share of instances that
#            move when 1 of N servers leaves (passes 1 and 2)
#   membership  instructions to publish, then withdraw, N publications
#            one by one (identical, disjoint, nested), the policy set
#            first as when a peer's publications arrive: the sum and the
#            longest single nametbl_lock hold, per policy and against stock
#   rdm      RDM request/reply messages per second between two netns TIPC
#            nodes, 3 servers on node1, the client on node2
#
# Prints "@bench KIND key=value..." lines for tools/bench/report and
# "# ..." progress lines. Timings never fail the run; exit status 1 only
# when a module cannot be loaded or the debugfs interface is missing.
#
# Settings, from the environment (tools/bench/run sets them):
#   TIPC_LB_BENCH_POLICIES  policies of ours (none rr weighted width least sorted
#                           hash; width: weighted with weights from the widths)
#   TIPC_LB_BENCH_SIZES     candidates (1 3 16 64 1000)
#   TIPC_LB_BENCH_SHAPES    identical: every candidate {T, 0, 1023};
#                           distinct: candidate i {T, 0, 1023 + i}
#                           (identical distinct)
#   TIPC_LB_BENCH_LOOKUPS   lookups per figure (200000), at most
#   TIPC_LB_BENCH_BUDGET    ns (instructions under -icount) of lookups per
#                           figure (2000000000): a figure whose lookups
#                           would cost more gets fewer of them, at least
#                           two chunks, as estimated from 1000 lookups
#   TIPC_LB_BENCH_PARTS     what to measure (lookup membership quality rdm)
#   TIPC_LB_BENCH_MSIZES    publications in the membership figures (1000 10000)
#   TIPC_LB_BENCH_MSHAPES   their shapes: identical {T, 0, 1023}, disjoint
#                           {T, i, i}, nested {T, 0, 1023 + i}
#                           (identical disjoint nested)
#   TIPC_LB_BENCH_QSIZES    servers in the quality figures (3 16 64; hash
#                           uses 4 16 64 scaled alike)
#   TIPC_LB_BENCH_RDM_REQUESTS  requests per RDM run, 3 runs a figure (10000)
#   TIPC_LB_BENCH_CLOCK     icount (the VM counts instructions: the third
#                           pass measures lookups only) or wall
set -uo pipefail

DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$DIR/../.." && pwd)
STOCK=${1:?stock module directory}
OURS=${2:?our module directory}

POLICIES=${TIPC_LB_BENCH_POLICIES:-none rr weighted width least sorted hash}
SIZES=${TIPC_LB_BENCH_SIZES:-1 3 16 64 1000}
SHAPES=${TIPC_LB_BENCH_SHAPES:-identical distinct}
LOOKUPS=${TIPC_LB_BENCH_LOOKUPS:-200000}
BUDGET=${TIPC_LB_BENCH_BUDGET:-2000000000}
PARTS=${TIPC_LB_BENCH_PARTS:-lookup membership quality rdm}
MSIZES=${TIPC_LB_BENCH_MSIZES:-1000 10000}
MSHAPES=${TIPC_LB_BENCH_MSHAPES:-identical disjoint nested}
QSIZES=${TIPC_LB_BENCH_QSIZES:-3 16 64}
RDM_REQUESTS=${TIPC_LB_BENCH_RDM_REQUESTS:-10000}
CLOCK=${TIPC_LB_BENCH_CLOCK:-icount}

CTL=/sys/kernel/debug/tipc_lb_bench/ctl
PICKS=/sys/kernel/debug/tipc_lb_bench/picks
LB=$REPO/tools/tipc-lb/tipc-lb
SRV=$REPO/tools/testing/selftests/net/tipc/tipc_srv
RATE=$REPO/tools/bench/tipc_rate
WORK=$(mktemp -d)
INST=7		# instance looked up; every candidate covers it
CHUNK=5000	# lookups per timed chunk
TYPE=100000	# a fresh service type for every figure
SRV_PIDS=()

has() { [[ " $PARTS " == *" $1 "* ]]; }
log() { echo "# $*"; }

# bench CMD...: one command to lb_bench; its result line in RESULT
RESULT=
bench() {
	if ! echo "$*" >"$CTL" 2>/dev/null; then
		RESULT=$(cat "$CTL")
		log "lb_bench '$*' failed: $RESULT"
		return 1
	fi
	RESULT=$(cat "$CTL")
}

# field KEY: the value of KEY in RESULT
field() {
	sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$RESULT"
}

next_type() {
	TYPE=$((TYPE + 1))
}

rdm_down() {
	local pid n

	for pid in "${SRV_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SRV_PIDS=()
	for n in 1 2; do
		[ -e "/sys/class/net/bveth$n" ] && ip link del "bveth$n" 2>/dev/null
		[ -e "/run/netns/bnode$n" ] && ip netns del "bnode$n" 2>/dev/null
	done
	[ -e /sys/class/net/bbr0 ] && ip link del bbr0 2>/dev/null
	return 0
}

unload() {
	rdm_down
	[ -d /sys/module/tipc_diag ] && rmmod tipc_diag
	if [ -d /sys/module/tipc ]; then
		# Namespaces just deleted release TIPC asynchronously
		for _ in $(seq 50); do
			rmmod tipc 2>/dev/null && return 0
			sleep 0.2
		done
		rmmod tipc
	fi
}

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
	unload >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

load() {
	unload || { log "cannot unload tipc"; exit 1; }
	insmod "$1/tipc.ko" || { log "insmod $1/tipc.ko failed"; exit 1; }
	[ -w "$CTL" ] || { log "$1/tipc.ko has no lb_bench interface ($CTL)"; exit 1; }
	# The fake publications are remote; the lookup needs our own address
	tipc node set address 1.1.1 || { log "tipc node set address failed"; exit 1; }
}

# ------------------------------------------------------------- lookup ----

# lookup_figure VARIANT POLICY SHAPE N: the candidates are published
# first, then the policy set (one pass linking them all; the "membership"
# part measures the other order)
# lb_policy_set TYPE POLICY: "width" stands for weighted with weights from
# the ranges' widths, all different in the distinct shape: the weighted
# policy's pass over its candidates (equal weights only rotate)
lb_policy_set() {
	if [ "$2" = width ]; then
		"$LB" policy set type "$1" weighted width
	else
		"$LB" policy set type "$1" "$2"
	fi
}

# lookups_within_budget: LOOKUPS, or fewer when 1000 lookups say that
# LOOKUPS would cost more than BUDGET (with the defaults, lookups of over
# 10,000 instructions: 1000 distinct ranges, hash at 1000 identical); a
# multiple of CHUNK, at least two
lookups_within_budget() {
	local per n

	bench time inst=$INST n=1000 chunk=1000 || return 1
	per=$(($(field mean_ps) / 1000))
	n=$LOOKUPS
	if [ "$per" -gt 0 ] && [ $((BUDGET / per)) -lt "$n" ]; then
		n=$((BUDGET / per / CHUNK * CHUNK))
		[ "$n" -ge $((2 * CHUNK)) ] || n=$((2 * CHUNK))
		[ "$n" -le "$LOOKUPS" ] || n=$LOOKUPS
	fi
	echo "$n"
}

lookup_figure() {
	local variant=$1 policy=$2 shape=$3 n=$4 step=0 status=ok n_lookups
	local what="variant=$variant policy=$policy shape=$shape n=$n"

	[ "$shape" = distinct ] && step=1
	next_type
	if ! bench publish type=$TYPE n="$n" lower=0 upper=1023 step=$step; then
		echo "@bench lookup $what status=error"
		return
	fi
	if [ "$policy" != none ] && [ "$policy" != stock ] &&
	   ! lb_policy_set $TYPE "$policy"; then
		status=error
	elif ! n_lookups=$(lookups_within_budget); then
		status=error
	elif bench time inst=$INST n="$n_lookups" chunk=$CHUNK; then
		[ "$(field found)" = "$n_lookups" ] || status=missed
		log "$variant $policy $shape n=$n: $(($(field median_ps) / 1000)) ns/lookup ($(field path))"
	else
		status=error
	fi
	[ $status = error ] && RESULT=
	echo "@bench lookup $what status=$status $RESULT"
	# Without the policy first: withdrawing is then the cheap stock path
	if [ "$policy" != none ] && [ "$policy" != stock ]; then
		"$LB" policy del type $TYPE
	fi
	bench clear
}

# Every policy of a configuration in a row: drift over the run then
# affects them alike
lookups() {
	local variant=$1 policies=$2 p shape n t0=$SECONDS

	for shape in $SHAPES; do
		for n in $SIZES; do
			for p in $policies; do
				lookup_figure "$variant" "$p" "$shape" "$n"
			done
		done
	done
	log "lookups ($variant): $((SECONDS - t0)) s"
}

# membership VARIANT POLICIES: publish N publications one by one with the
# policy already set, as when a peer's publications arrive (node joining),
# then withdraw them all in the same order with the policy still set, as
# when the peer is lost (node leaving). lb_bench times each item under
# nametbl_lock: the sums and the longest single hold
membership() {
	local variant=$1 policies=$2 p shape n args t0=$SECONDS pub pmsg

	for shape in $MSHAPES; do
		case $shape in
		identical) args="lower=0 upper=1023 step=0 lstep=0" ;;
		disjoint) args="lower=0 upper=0 step=1 lstep=1" ;;
		nested) args="lower=0 upper=1023 step=1 lstep=0" ;;
		esac
		for n in $MSIZES; do
			for p in $policies; do
				[ "$p" = width ] && continue
				next_type
				if [ "$p" != none ] && [ "$p" != stock ]; then
					lb_policy_set $TYPE "$p"
				fi
				# shellcheck disable=SC2086  # args are words
				if bench publish type=$TYPE n="$n" $args; then
					pub=$RESULT
					pmsg="publish $(field publish_ns) max $(field publish_max_ns) ($(field path))"
					if bench clear; then
						echo "@bench member variant=$variant policy=$p shape=$shape n=$n $pub $RESULT"
						log "membership $variant $p $shape n=$n: $pmsg, withdraw $(field withdraw_ns) max $(field withdraw_max_ns)"
					fi
				fi
				if [ "$p" != none ] && [ "$p" != stock ]; then
					"$LB" policy del type $TYPE
				fi
				bench clear >/dev/null
			done
		done
	done
	log "membership ($variant): $((SECONDS - t0)) s"
}

# ------------------------------------------------------------ quality ----

# weights PATTERN N: the weights of servers 0..N-1, space separated
weights() {
	local i w=()

	for ((i = 0; i < $2; i++)); do
		case $1 in
		ramp) w+=($((i + 1))) ;;	# 1, 2, ..., N
		321) w+=($((3 - i % 3))) ;;	# 3, 2, 1, 3, 2, 1, ...
		esac
	done
	echo "${w[*]}"
}

# Largest |picks of i - t * w_i / W| over every prefix t and server i, and
# the number of lookups that found none of ours; reads the picks file
maxdev() {
	awk -v ws="$1" '
		BEGIN { n = split(ws, w, " "); for (i = 1; i <= n; i++) sum += w[i] }
		$1 < 0 { miss++; next }
		{
			t++; c[$1 + 1]++
			for (i = 1; i <= n; i++) {
				d = c[i] - t * w[i] / sum
				if (d < 0) d = -d
				if (d > m) m = d
			}
		}
		END { printf "maxdev=%.3f misses=%d\n", m, miss }' "$PICKS"
}

quality_weighted() {
	local variant=$1 pattern n ws w i sum picks res

	for n in $QSIZES; do
		for pattern in ramp 321; do
			ws=$(weights $pattern "$n")
			sum=0
			for w in $ws; do sum=$((sum + w)); done
			# Ten full cycles of the ideal sequence
			picks=$((10 * sum))
			next_type
			if [ "$variant" = ours ]; then
				i=0
				for w in $ws; do
					"$LB" weight set type $TYPE node "$(printf '0x%x' $((0x7e000001 + i)))" weight "$w" ||
						log "weight set failed"
					i=$((i + 1))
				done
				"$LB" policy set type $TYPE weighted
			fi
			if bench publish type=$TYPE n="$n" lower=0 upper=1023 &&
			   bench picks inst=$INST n=$picks; then
				res=$(maxdev "$ws")
				echo "@bench weighted variant=$variant pattern=$pattern n=$n picks=$picks $res path=$(field path)"
				log "weighted $variant $pattern n=$n: $res"
			fi
			[ "$variant" = ours ] && "$LB" policy del type $TYPE
			bench clear
		done
	done
}

quality_hash() {
	local variant=$1 n q m=10000 gone res

	for q in $QSIZES; do
		# 3 -> 4 servers: the issue's N = 4, 16, 64
		n=$q
		[ "$n" = 3 ] && n=4
		gone=$((n / 2))
		next_type
		[ "$variant" = ours ] && "$LB" policy set type $TYPE hash
		if bench publish type=$TYPE n="$n" lower=0 upper=$((m - 1)) &&
		   bench sweep lower=0 upper=$((m - 1)); then
			cp "$PICKS" "$WORK/before"
			if bench withdraw i=$gone && bench sweep lower=0 upper=$((m - 1)); then
				res=$(paste "$WORK/before" "$PICKS" | awk -v gone=$gone '
					$1 != $2 { moved++; if ($1 != gone) needless++ }
					$1 == gone { owned++ }
					$1 < 0 || $2 < 0 { miss++ }
					END { printf "moved=%d needless=%d owned=%d misses=%d\n",
					      moved, needless, owned, miss }')
				echo "@bench hash variant=$variant n=$n instances=$m $res path=$(field path)"
				log "hash $variant n=$n: $res of $m"
			fi
		fi
		[ "$variant" = ours ] && "$LB" policy del type $TYPE
		bench clear
	done
}

# ---------------------------------------------------------------- rdm ----

RTYPE=4242
rdm_up() {
	local n deadline

	rdm_down
	ip link add bbr0 type bridge && ip link set bbr0 up || return 1
	for n in 1 2; do
		ip netns add "bnode$n" &&
		ip link add "bveth$n" type veth peer name eth0 netns "bnode$n" &&
		ip link set "bveth$n" master bbr0 up &&
		ip -n "bnode$n" link set lo up &&
		ip -n "bnode$n" link set eth0 up &&
		ip netns exec "bnode$n" sh -c \
			"tipc node set identity bnode$n && tipc bearer enable media eth device eth0" ||
			return 1
	done
	deadline=$((SECONDS + 40))
	until ip netns exec bnode2 tipc link list 2>/dev/null | grep -q ': up$'; do
		[ $SECONDS -lt $deadline ] || { log "rdm: link not up"; return 1; }
		sleep 0.2
	done
	for n in 1 2 3; do
		taskset -c 0 ip netns exec bnode1 "$SRV" -t $RTYPE -l 0 -u 99 -n "srv$n" \
			</dev/null >"$WORK/srv$n.log" 2>&1 &
		SRV_PIDS+=($!)
	done
	deadline=$((SECONDS + 20))
	until [ "$(ip netns exec bnode2 tipc nametable show 2>/dev/null |
		   awk -v t=$RTYPE '$1 == t' | wc -l)" -ge 3 ]; do
		[ $SECONDS -lt $deadline ] || { log "rdm: servers not visible on node2"; return 1; }
		sleep 0.2
	done
}

# rdm_run VARIANT POLICY: one run of RDM_REQUESTS into RATES_<policy>
rdm_run() {
	local variant=$1 policy=$2 out rate var=RATES_$2

	if [ "$variant" != stock ]; then
		if [ "$policy" = none ]; then
			ip netns exec bnode2 "$LB" policy del type $RTYPE >/dev/null 2>&1
		elif [ "$policy" = width ]; then
			ip netns exec bnode2 "$LB" policy set type $RTYPE weighted width || return
		else
			ip netns exec bnode2 "$LB" policy set type $RTYPE "$policy" || return
		fi
	fi
	out=$(taskset -c 0 ip netns exec bnode2 "$RATE" -t $RTYPE -i $INST -n "$RDM_REQUESTS")
	rate=$(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' <<<"$out")
	printf -v "$var" '%s' "${!var:-}${!var:+,}${rate:-0}"
	printf -v "SERVERS_$policy" '%s' "$(sed -n 's/.*servers=\([0-9]*\).*/\1/p' <<<"$out")"
}

# rdm VARIANT POLICIES: 3 rounds over the policies (drift affects them
# alike), then the median of each policy's 3 runs. Client and servers run
# on the same vCPU: TCG wakes another vCPU slowly (10x fewer messages)
rdm() {
	local variant=$1 policies=$2 p i t0=$SECONDS var sv med

	if ! rdm_up; then
		echo "@bench rdm variant=$variant status=error"
		rdm_down
		return
	fi
	taskset -c 0 ip netns exec bnode2 "$RATE" -t $RTYPE -i $INST -n 1000 >/dev/null	# warm up
	for p in $policies; do
		printf -v "RATES_$p" '%s' ""
	done
	for i in 1 2 3; do
		for p in $policies; do
			rdm_run "$variant" "$p"
		done
	done
	for p in $policies; do
		var=RATES_$p
		sv=SERVERS_$p
		med=$(tr ',' '\n' <<<"${!var}" | sort -g | sed -n 2p)
		echo "@bench rdm variant=$variant policy=$p rate=$med rates=${!var} requests=$RDM_REQUESTS servers=${!sv:-0}"
		log "rdm $variant $p: $med requests/s (${!var})"
	done
	rdm_down
	log "rdm ($variant): $((SECONDS - t0)) s"
}

# --------------------------------------------------------------- main ----

if ! modprobe udp_tunnel || ! modprobe ip6_udp_tunnel; then
	log "cannot load udp_tunnel"
	exit 1
fi
echo "@bench env kernel=$(uname -r) cpus=$(nproc) lookups=$LOOKUPS chunk=$CHUNK budget=$BUDGET"
for f in "$LB" "$SRV" "$RATE"; do
	[ -x "$f" ] || { log "$f is not built"; exit 1; }
done

# pass VARIANT PASS MODDIR POLICIES
pass() {
	local variant=$1 pass=$2 t0=$SECONDS

	log "pass $pass: $variant ($3)"
	load "$3"
	echo "@bench pass variant=$variant pass=$pass"
	has lookup && lookups "$variant" "$4"
	if has membership && [ "$pass" -le 2 ]; then
		if [ "$variant" = stock ]; then
			membership stock stock
		else
			membership "$variant" "$4"
		fi
	fi
	if has quality && [ "$pass" -le 2 ]; then
		if [[ " $4 " == *" weighted "* ]] || [ "$variant" = stock ]; then
			quality_weighted "$variant"
		fi
		if [[ " $4 " == *" hash "* ]] || [ "$variant" = stock ]; then
			quality_hash "$variant"
		fi
	fi
	# Instruction counts repeat exactly: the last pass only checks that
	if has rdm && { [ "$pass" -le 2 ] || [ "$CLOCK" = wall ]; }; then
		rdm "$variant" "$4"
	fi
	log "pass $pass: $((SECONDS - t0)) s"
}

pass stock 1 "$STOCK" stock
pass ours 2 "$OURS" "$POLICIES"
pass stock 3 "$STOCK" stock
unload
if dmesg | grep -qE 'BUG:|WARNING:|Oops'; then
	log "kernel warnings:"
	dmesg | grep -E -A5 'BUG:|WARNING:|Oops' | sed 's/^/# /'
fi
echo "@bench done"
exit 0
