// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_cli - TIPC RDM test client for the tipc-lb cluster selftests.
 *
 *   tipc_cli -t TYPE -i INSTANCE -n COUNT [-w TIMEOUT_MS]
 *   tipc_cli -t TYPE -i FIRST -I LAST [-n COUNT] [-w TIMEOUT_MS]
 *
 * Sends COUNT datagrams to the service address {TYPE, INSTANCE} (anycast,
 * lookup domain 0, i.e. the kernel picks the destination), waits for each
 * reply (bounded) and prints the replying server's name, one per line, then
 * a summary "served: NAME=N ..." in order of first reply.
 *
 * With -I (sweep), sends COUNT (default 1) datagrams to each instance FIRST
 * to LAST in turn and prints "INSTANCE NAME" per reply instead.
 *
 * Exit status: 0 ok, 1 usage, 2 a socket call failed (the line
 * "error: sendto: <strerror> (errno N)" tells which errno), 3 reply timeout.
 */
#include <errno.h>
#include <limits.h>
#include <linux/tipc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_SERVERS	64
#define NAME_LEN	64

struct tally {
	char name[NAME_LEN];
	unsigned long count;
};

static struct tally tally[MAX_SERVERS];
static int nr_tally;

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_cli -t TYPE -i INSTANCE -n COUNT [-w TIMEOUT_MS]\n"
		"       tipc_cli -t TYPE -i FIRST -I LAST [-n COUNT] [-w TIMEOUT_MS]\n");
	exit(1);
}

static unsigned long num(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0' || v > UINT_MAX)
		bad_usage();
	return v;
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

static void print_summary(void)
{
	int i;

	printf("served:");
	for (i = 0; i < nr_tally; i++)
		printf(" %s=%lu", tally[i].name, tally[i].count);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned long type = 0, inst = 0, last = 0, count = 0, timeout_ms = 2000;
	unsigned long i, total;
	int have_t = 0, have_i = 0, have_n = 0, sweep = 0;
	struct sockaddr_tipc dst;
	int sd, opt;

	while ((opt = getopt(argc, argv, "t:i:I:n:w:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg);
			have_t = 1;
			break;
		case 'i':
			inst = num(optarg);
			have_i = 1;
			break;
		case 'I':
			last = num(optarg);
			sweep = 1;
			break;
		case 'n':
			count = num(optarg);
			have_n = 1;
			break;
		case 'w':
			timeout_ms = num(optarg);
			break;
		default:
			bad_usage();
		}
	}
	if (sweep && !have_n)
		count = 1;
	if (!have_t || !have_i || (!have_n && !sweep) || timeout_ms > INT_MAX ||
	    (sweep && last < inst))
		bad_usage();
	/* Requests in all: COUNT per instance of the sweep. */
	total = sweep ? (last - inst + 1) * count : count;

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0) {
		printf("error: socket: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}

	memset(&dst, 0, sizeof(dst));
	dst.family = AF_TIPC;
	dst.addrtype = TIPC_SERVICE_ADDR;
	dst.addr.name.name.type = type;
	dst.addr.name.name.instance = inst;
	dst.addr.name.domain = 0;

	for (i = 0; i < total; i++) {
		char req[32], buf[NAME_LEN];
		struct pollfd pfd = { .fd = sd, .events = POLLIN };
		ssize_t n;
		int ret;

		if (sweep)
			dst.addr.name.name.instance = inst + i / count;
		snprintf(req, sizeof(req), "req %lu", i);
		if (sendto(sd, req, strlen(req), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0) {
			int err = errno;

			print_summary();
			printf("error: sendto: %s (errno %d)\n", strerror(err), err);
			return 2;
		}
		do {
			ret = poll(&pfd, 1, (int)timeout_ms);
		} while (ret < 0 && errno == EINTR);
		if (ret < 0) {
			printf("error: poll: %s (errno %d)\n", strerror(errno), errno);
			return 2;
		}
		if (ret == 0) {
			print_summary();
			printf("error: timeout\n");
			return 3;
		}
		n = recv(sd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			int err = errno;

			print_summary();
			printf("error: recv: %s (errno %d)\n", strerror(err), err);
			return 2;
		}
		buf[n] = '\0';
		if (sweep)
			printf("%u %s\n", dst.addr.name.name.instance, buf);
		else
			printf("%s\n", buf);
		count_reply(buf);
	}
	print_summary();
	close(sd);
	return 0;
}
