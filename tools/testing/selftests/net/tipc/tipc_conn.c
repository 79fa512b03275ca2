// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_conn - TIPC stream connection driver for the tipc-lb selftests.
 *
 *   tipc_conn -t TYPE -i INSTANCE [-w TIMEOUT_MS]
 *
 * Reads commands on stdin, one per line, and answers each with one line on
 * stdout, so that a test can keep connections open while it checks things:
 *
 *   open     connect a new SOCK_STREAM socket to the service address
 *            {TYPE, INSTANCE} (anycast: the kernel's lookup picks the
 *            server), send one request, wait (bounded) for the reply naming
 *            the server; answers "conn K NAME" (K: 1, 2, ... in open order)
 *   close K  close connection K; answers "closed K"
 *   list     answers "open K1=NAME1 K2=NAME2 ..." for connections still open
 *   quit     (or end of input) close everything and exit 0
 *
 * A failure answers "error: WHAT: <strerror> (errno N)" and the program
 * goes on reading commands.
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "tipc_test.h"

#define MAX_CONNS	256
#define NAME_LEN	64

static struct {
	int fd;
	char name[NAME_LEN];
} conns[MAX_CONNS + 1];		/* indexed by K, 1-based; fd 0 unused */

static void bad_usage(void)
{
	fprintf(stderr, "usage: tipc_conn -t TYPE -i INSTANCE [-w TIMEOUT_MS]\n");
	exit(1);
}

static void fail(const char *what, int err)
{
	printf("error: %s: %s (errno %d)\n", what, strerror(err), err);
}

static void do_open(int k, const struct sockaddr_tipc *dst, int timeout_ms)
{
	struct pollfd pfd;
	char buf[NAME_LEN];
	const char *req = "hello";
	ssize_t n;
	int sd, ret;

	sd = socket(AF_TIPC, SOCK_STREAM, 0);
	if (sd < 0)
		return fail("socket", errno);
	if (connect(sd, (const struct sockaddr *)dst, sizeof(*dst)) < 0) {
		fail("connect", errno);
		close(sd);
		return;
	}
	if (send(sd, req, strlen(req), 0) < 0) {
		fail("send", errno);
		close(sd);
		return;
	}
	pfd.fd = sd;
	pfd.events = POLLIN;
	do {
		ret = poll(&pfd, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret <= 0) {
		if (ret == 0)
			printf("error: timeout\n");
		else
			fail("poll", errno);
		close(sd);
		return;
	}
	n = recv(sd, buf, sizeof(buf) - 1, 0);
	if (n <= 0) {
		if (n == 0)
			printf("error: connection closed by the server\n");
		else
			fail("recv", errno);
		close(sd);
		return;
	}
	buf[n] = '\0';
	conns[k].fd = sd;
	snprintf(conns[k].name, NAME_LEN, "%s", buf);
	printf("conn %d %s\n", k, buf);
}

int main(int argc, char **argv)
{
	unsigned long type = 0, inst = 0, timeout_ms = 3000;
	int have_t = 0, have_i = 0, next = 1, opt, k;
	struct sockaddr_tipc dst;
	char line[128];

	while ((opt = getopt(argc, argv, "t:i:w:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg, bad_usage);
			have_t = 1;
			break;
		case 'i':
			inst = num(optarg, bad_usage);
			have_i = 1;
			break;
		case 'w':
			timeout_ms = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_i || timeout_ms > INT_MAX)
		bad_usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	tipc_service_addr(&dst, type, inst);

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!strcmp(line, "open")) {
			if (next > MAX_CONNS) {
				printf("error: too many connections\n");
				continue;
			}
			do_open(next++, &dst, (int)timeout_ms);
		} else if (!strncmp(line, "close ", 6)) {
			k = atoi(line + 6);
			if (k < 1 || k >= next || conns[k].fd <= 0) {
				printf("error: no connection %s\n", line + 6);
				continue;
			}
			close(conns[k].fd);
			conns[k].fd = 0;
			printf("closed %d\n", k);
		} else if (!strcmp(line, "list")) {
			printf("open");
			for (k = 1; k < next; k++)
				if (conns[k].fd > 0)
					printf(" %d=%s", k, conns[k].name);
			printf("\n");
		} else if (strcmp(line, "quit")) {
			printf("error: unknown command \"%s\"\n", line);
		} else {
			break;
		}
	}
	for (k = 1; k < next; k++)
		if (conns[k].fd > 0)
			close(conns[k].fd);
	return 0;
}
