// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_srv - TIPC test server for the tipc-lb cluster selftests.
 *
 *   tipc_srv -t TYPE -l LOWER -u UPPER -n NAME [-c COUNT]
 *   tipc_srv -s -t TYPE -l LOWER -u UPPER -n NAME
 *
 * Binds the service range {TYPE, LOWER, UPPER} with cluster scope and prints
 * "ready" once bound (and, with -s, listening).
 *
 * Without -s (SOCK_RDM): answers every datagram with NAME, sent back to the
 * sender's port; exits after COUNT requests if -c is given.  A reply that
 * finds no memory (ENOMEM, ENOBUFS: fault injection) is dropped, as a lost
 * datagram would be, and logged.
 *
 * With -s (SOCK_STREAM): accepts any number of connections (up to MAX_CONNS
 * at a time) and answers every message received on one with NAME.  A
 * connection stays open until the peer closes it.  Logs "accept N" and
 * "close N" (N: connections open afterwards).
 *
 * SIGTERM's default action ends it; closing the (listening) socket withdraws
 * the publication.  Exit status: 0 COUNT requests served, 1 usage, 2 a
 * socket call failed ("error: CALL: <strerror> (errno N)" on stderr).
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "tipc_test.h"

#define MAX_CONNS	256

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_srv -t TYPE -l LOWER -u UPPER -n NAME [-c COUNT]\n"
		"       tipc_srv -s -t TYPE -l LOWER -u UPPER -n NAME\n");
	exit(1);
}

static int sys_error(const char *call)
{
	int err = errno;

	fprintf(stderr, "error: %s: %s (errno %d)\n", call, strerror(err), err);
	return 2;
}

/* Answer each datagram on @sd with @name, @count of them (0: forever). */
static int serve_rdm(int sd, const char *name, unsigned long count)
{
	unsigned long served = 0;
	char buf[512];

	while (!count || served < count) {
		struct sockaddr_tipc peer;
		socklen_t plen = sizeof(peer);
		ssize_t n;

		n = recvfrom(sd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&peer, &plen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sys_error("recvfrom");
		}
		if (sendto(sd, name, strlen(name), 0,
			   (struct sockaddr *)&peer, plen) < 0) {
			/* Out of memory (fault injection): a lost reply */
			if (errno == ENOMEM || errno == ENOBUFS) {
				printf("sendto: %s\n", strerror(errno));
				continue;
			}
			return sys_error("sendto");
		}
		served++;
	}
	return 0;
}

/* Accept connections on the listening @sd; answer each message with @name. */
static int serve_stream(int sd, const char *name)
{
	struct pollfd pfd[MAX_CONNS + 1];
	char buf[512];
	int nfds, i;

	pfd[0].fd = sd;
	pfd[0].events = POLLIN;
	nfds = 1;
	for (;;) {
		if (poll(pfd, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			return sys_error("poll");
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

int main(int argc, char **argv)
{
	unsigned long type = 0, lower = 0, upper = 0, count = 0;
	int have_t = 0, have_l = 0, have_u = 0, stream = 0;
	struct sockaddr_tipc addr;
	const char *name = NULL;
	int sd, opt, ret;

	while ((opt = getopt(argc, argv, "st:l:u:n:c:")) != -1) {
		switch (opt) {
		case 's':
			stream = 1;
			break;
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
			name = optarg;
			break;
		case 'c':
			count = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_l || !have_u || !name || lower > upper ||
	    (stream && count))
		bad_usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	sd = socket(AF_TIPC, stream ? SOCK_STREAM : SOCK_RDM, 0);
	if (sd < 0)
		return sys_error("socket");
	tipc_service_range(&addr, type, lower, upper);
	if (bind(sd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return sys_error("bind");
	if (stream && listen(sd, 64) < 0)
		return sys_error("listen");
	printf("ready\n");

	ret = stream ? serve_stream(sd, name) : serve_rdm(sd, name, count);
	close(sd);
	return ret;
}
