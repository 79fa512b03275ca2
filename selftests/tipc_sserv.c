// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_sserv - TIPC stream test server for the tipc-lb cluster selftests.
 *
 *   tipc_sserv -t TYPE -l LOWER -u UPPER -n NAME
 *
 * Binds the service range {TYPE, LOWER, UPPER} with cluster scope on a
 * SOCK_STREAM socket, listens, prints "ready" once bound, then accepts any
 * number of connections (up to MAX_CONNS at a time) and answers every
 * message received on one with NAME.  A connection stays open until the
 * peer closes it.  It logs "accept N" and "close N" (N: connections open
 * afterwards).  SIGTERM's default action ends it; closing the listening
 * socket withdraws the publication.
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

#define MAX_CONNS	256

static void bad_usage(void)
{
	fprintf(stderr, "usage: tipc_sserv -t TYPE -l LOWER -u UPPER -n NAME\n");
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

int main(int argc, char **argv)
{
	unsigned long type = 0, lower = 0, upper = 0;
	int have_t = 0, have_l = 0, have_u = 0;
	struct pollfd pfd[MAX_CONNS + 1];
	struct sockaddr_tipc addr;
	const char *name = NULL;
	int sd, opt, nfds, i;
	char buf[512];

	while ((opt = getopt(argc, argv, "t:l:u:n:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg);
			have_t = 1;
			break;
		case 'l':
			lower = num(optarg);
			have_l = 1;
			break;
		case 'u':
			upper = num(optarg);
			have_u = 1;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_l || !have_u || !name || lower > upper)
		bad_usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	sd = socket(AF_TIPC, SOCK_STREAM, 0);
	if (sd < 0) {
		printf("error: socket: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}
	memset(&addr, 0, sizeof(addr));
	addr.family = AF_TIPC;
	addr.addrtype = TIPC_SERVICE_RANGE;
	addr.scope = TIPC_CLUSTER_SCOPE;
	addr.addr.nameseq.type = type;
	addr.addr.nameseq.lower = lower;
	addr.addr.nameseq.upper = upper;
	if (bind(sd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		printf("error: bind: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}
	if (listen(sd, 64) < 0) {
		printf("error: listen: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}
	printf("ready\n");

	pfd[0].fd = sd;
	pfd[0].events = POLLIN;
	nfds = 1;
	for (;;) {
		if (poll(pfd, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			printf("error: poll: %s (errno %d)\n", strerror(errno), errno);
			return 2;
		}
		/* Connections first: a close may make room for an accept. */
		for (i = 1; i < nfds; i++) {
			ssize_t n;

			if (!pfd[i].revents)
				continue;
			n = recv(pfd[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n > 0) {
				if (send(pfd[i].fd, name, strlen(name), 0) >= 0)
					continue;
				printf("send: %s\n", strerror(errno));
			}
			/* EOF, error or a failed reply: drop the connection. */
			close(pfd[i].fd);
			pfd[i] = pfd[--nfds];
			i--;
			printf("close %d\n", nfds - 1);
		}
		if (pfd[0].revents & POLLIN) {
			int cd = accept(sd, NULL, NULL);

			if (cd < 0) {
				if (errno != EINTR && errno != EAGAIN)
					printf("accept: %s\n", strerror(errno));
			} else if (nfds == MAX_CONNS + 1) {
				printf("accept: too many connections\n");
				close(cd);
			} else {
				pfd[nfds].fd = cd;
				pfd[nfds].events = POLLIN;
				pfd[nfds].revents = 0;
				nfds++;
				printf("accept %d\n", nfds - 1);
			}
		}
	}
}
