// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_rate - RDM request/reply rate for the tipc-lb benchmark.
 *
 *   tipc_rate -t TYPE -i INSTANCE {-s SECONDS | -n COUNT} [-w TIMEOUT_MS]
 *
 * Sends a datagram to the service address {TYPE, INSTANCE} (anycast,
 * lookup domain 0: every request goes through the kernel's anycast lookup)
 * and waits for the reply (tipc_srv answers each request), one request in
 * flight, for SECONDS or for COUNT requests; then prints
 *   requests=N seconds=S rate=R timeouts=T servers=K
 * R being replies per second and K the number of distinct servers that
 * replied. A request without a reply within TIMEOUT_MS (default 1000)
 * counts as a timeout and the next one is sent.
 *
 * Exit status: 0 ok, 1 usage, 2 a socket call failed, 3 no reply at all.
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "../testing/selftests/net/tipc/tipc_test.h"

#define MAX_SERVERS	64
#define NAME_LEN	64

static void bad_usage(void)
{
	fprintf(stderr, "usage: tipc_rate -t TYPE -i INSTANCE {-s SECONDS | -n COUNT}\n"
		"                 [-w TIMEOUT_MS]\n");
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sys_error(const char *call)
{
	printf("error: %s: %s (errno %d)\n", call, strerror(errno), errno);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long type = 0, inst = 0, seconds = 0, count = 0, timeout_ms = 1000;
	unsigned long replies = 0, timeouts = 0;
	char names[MAX_SERVERS][NAME_LEN];
	int have_t = 0, have_i = 0, nnames = 0, sd, opt, i;
	struct sockaddr_tipc dst;
	double start, end, t;
	char buf[NAME_LEN];

	while ((opt = getopt(argc, argv, "t:i:s:n:w:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg, bad_usage);
			have_t = 1;
			break;
		case 'i':
			inst = num(optarg, bad_usage);
			have_i = 1;
			break;
		case 's':
			seconds = num(optarg, bad_usage);
			break;
		case 'n':
			count = num(optarg, bad_usage);
			break;
		case 'w':
			timeout_ms = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_i || !seconds == !count || !timeout_ms ||
	    timeout_ms > INT_MAX)
		bad_usage();

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0)
		return sys_error("socket");
	tipc_service_addr(&dst, type, inst);
	start = now();
	end = start + seconds;
	do {
		struct pollfd pfd = { .fd = sd, .events = POLLIN };
		ssize_t n;
		int ret;

		if (sendto(sd, "req", 3, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0)
			return sys_error("sendto");
		do
			ret = poll(&pfd, 1, (int)timeout_ms);
		while (ret < 0 && errno == EINTR);
		if (ret < 0)
			return sys_error("poll");
		if (!ret) {
			timeouts++;
			continue;
		}
		n = recv(sd, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			return sys_error("recv");
		buf[n] = '\0';
		replies++;
		for (i = 0; i < nnames && strcmp(names[i], buf); i++)
			;
		if (i == nnames && nnames < MAX_SERVERS)
			snprintf(names[nnames++], NAME_LEN, "%s", buf);
	} while (t = now(), count ? replies + timeouts < count : t < end);
	printf("requests=%lu seconds=%.3f rate=%.1f timeouts=%lu servers=%d\n",
	       replies, t - start, replies / (t - start), timeouts, nnames);
	return replies ? 0 : 3;
}
