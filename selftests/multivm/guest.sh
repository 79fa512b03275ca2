# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Guest side of the multi-VM selftests: sourced by each command the host
# runs in a guest (selftests/multivm/lib.sh: on NODE ...).  Bounded waits.
#
#   wait_publ TYPE LOWER UPPER PUBNODE SEC    this node's name table lists it
#   wait_unpubl TYPE LOWER UPPER PUBNODE SEC  ... no longer lists it
#   stop_pid PID                              SIGTERM, SIGKILL after 5 s
#   nametable                                 `tipc nametable show` without
#                                             the port column
#   client_loop CLI TYPE INST STOP            requests until STOP exists

# _publ TYPE LOWER UPPER NODE: is it in the name table?
_publ() {
	tipc nametable show 2>/dev/null |
		awk -v t="$1" -v l="$2" -v u="$3" -v n="$4" '
			$1 == t && $2 == l && $3 == u && $6 == n { f = 1 }
			END { exit !f }'
}

wait_publ() {
	local deadline=$((SECONDS + $5))

	until _publ "$1" "$2" "$3" "$4"; do
		[ $SECONDS -lt $deadline ] ||
			{ echo "{$1,$2,$3} from $4 not listed on $(hostname) after $5 s"; return 1; }
		sleep 0.2
	done
}

wait_unpubl() {
	local deadline=$((SECONDS + $5))

	while _publ "$1" "$2" "$3" "$4"; do
		[ $SECONDS -lt $deadline ] ||
			{ echo "{$1,$2,$3} from $4 still listed on $(hostname) after $5 s"; return 1; }
		sleep 0.2
	done
}

stop_pid() {
	local i

	kill -TERM "$1" 2>/dev/null || return 0
	for ((i = 0; i < 50; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	return 0
}

nametable() {
	tipc nametable show | awk '{ $5 = ""; print }' | sed 's/ *$//'
}

# client_loop CLI TYPE INST STOP: batches of 10 requests (retries on, 1 s
# reply timeout, 30 retries) until the file STOP exists; every line of
# tipc_cli prefixed with the time, then "batch exit N" after each batch.
client_loop() {
	local line

	while [ ! -e "$4" ]; do
		"$1" -t "$2" -i "$3" -n 10 -d 20 -r 30 -w 1000 2>&1 |
			while IFS= read -r line; do
				echo "$EPOCHREALTIME $line"
			done
		echo "$EPOCHREALTIME batch exit ${PIPESTATUS[0]}"
	done
}
