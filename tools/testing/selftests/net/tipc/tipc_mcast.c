// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_mcast - TIPC multicast test client for the tipc-lb selftests.
 *
 *   tipc_mcast -t TYPE -l LOWER -u UPPER -n COUNT [-w WAIT_MS]
 *
 * Sends COUNT datagrams to the service range {TYPE, LOWER, UPPER} (RDM
 * multicast: every publication overlapping the range gets a copy, whatever
 * load-balancing policy is set for anycast), then collects the replies of
 * the servers (tipc_srv answers each datagram with its name) until WAIT_MS
 * (default 3000) pass without one, and prints "served: NAME=N ..." in order
 * of first reply.
 *
 * Exit status: 0 ok, 1 usage, 2 a socket call failed.
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "tipc_test.h"

#define MAX_SERVERS	64
#define NAME_LEN	64

static struct {
	char name[NAME_LEN];
	unsigned long count;
} tally[MAX_SERVERS];
static int nr_tally;

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_mcast -t TYPE -l LOWER -u UPPER -n COUNT [-w WAIT_MS]\n");
	exit(1);
}

static void count_reply(const char *name)
{
	int i;

	for (i = 0; i < nr_tally; i++) {
		if (!strcmp(tally[i].name, name)) {
			tally[i].count++;
			return;
		}
	}
	if (nr_tally == MAX_SERVERS)
		return;
	snprintf(tally[nr_tally].name, NAME_LEN, "%s", name);
	tally[nr_tally++].count = 1;
}

int main(int argc, char **argv)
{
	unsigned long type = 0, lower = 0, upper = 0, count = 0, wait_ms = 3000;
	int have_t = 0, have_l = 0, have_u = 0, have_n = 0;
	struct sockaddr_tipc dst;
	unsigned long i;
	int sd, opt;

	while ((opt = getopt(argc, argv, "t:l:u:n:w:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg, bad_usage);
			have_t = 1;
			break;
		case 'l':
			lower = num(optarg, bad_usage);
			have_l = 1;
			break;
		case 'u':
			upper = num(optarg, bad_usage);
			have_u = 1;
			break;
		case 'n':
			count = num(optarg, bad_usage);
			have_n = 1;
			break;
		case 'w':
			wait_ms = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_l || !have_u || !have_n || lower > upper ||
	    wait_ms > INT_MAX)
		bad_usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0) {
		printf("error: socket: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}
	/* A multicast destination: the range, cluster scope */
	tipc_service_range(&dst, type, lower, upper);
	for (i = 0; i < count; i++) {
		char msg[32];

		snprintf(msg, sizeof(msg), "mcast %lu", i);
		if (sendto(sd, msg, strlen(msg), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0) {
			printf("error: sendto: %s (errno %d)\n", strerror(errno),
			       errno);
			return 2;
		}
	}
	for (;;) {
		struct pollfd pfd = { .fd = sd, .events = POLLIN };
		char buf[NAME_LEN];
		ssize_t n;
		int ret;

		ret = poll(&pfd, 1, (int)wait_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			printf("error: poll: %s (errno %d)\n", strerror(errno), errno);
			return 2;
		}
		if (ret == 0)
			break;
		n = recv(sd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			printf("error: recv: %s (errno %d)\n", strerror(errno), errno);
			return 2;
		}
		buf[n] = '\0';
		count_reply(buf);
	}
	printf("served:");
	for (i = 0; i < (unsigned long)nr_tally; i++)
		printf(" %s=%lu", tally[i].name, tally[i].count);
	printf("\n");
	close(sd);
	return 0;
}
