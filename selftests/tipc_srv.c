// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_srv - TIPC RDM test server for the tipc-lb cluster selftests.
 *
 *   tipc_srv -t TYPE -l LOWER -u UPPER -n NAME [-c COUNT]
 *
 * Binds the service range {TYPE, LOWER, UPPER} with cluster scope, prints
 * "ready" once bound, then answers every datagram with NAME (sent back to
 * the sender's port).  Exits after COUNT requests; SIGTERM's default action
 * ends it too, and closing the socket withdraws the publication.
 */
#include <errno.h>
#include <limits.h>
#include <linux/tipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_srv -t TYPE -l LOWER -u UPPER -n NAME [-c COUNT]\n");
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
	unsigned long type = 0, lower = 0, upper = 0, count = 0, served = 0;
	int have_t = 0, have_l = 0, have_u = 0;
	struct sockaddr_tipc addr;
	const char *name = NULL;
	char buf[512];
	int sd, opt;

	while ((opt = getopt(argc, argv, "t:l:u:n:c:")) != -1) {
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
		case 'c':
			count = num(optarg);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_t || !have_l || !have_u || !name || lower > upper)
		bad_usage();

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0) {
		fprintf(stderr, "error: socket: %s (errno %d)\n",
			strerror(errno), errno);
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
		fprintf(stderr, "error: bind: %s (errno %d)\n",
			strerror(errno), errno);
		return 2;
	}
	printf("ready\n");
	fflush(stdout);

	while (!count || served < count) {
		struct sockaddr_tipc peer;
		socklen_t plen = sizeof(peer);
		ssize_t n;

		n = recvfrom(sd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&peer, &plen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "error: recvfrom: %s (errno %d)\n",
				strerror(errno), errno);
			return 2;
		}
		if (sendto(sd, name, strlen(name), 0,
			   (struct sockaddr *)&peer, plen) < 0) {
			fprintf(stderr, "error: sendto: %s (errno %d)\n",
				strerror(errno), errno);
			return 2;
		}
		served++;
	}
	close(sd);
	return 0;
}
