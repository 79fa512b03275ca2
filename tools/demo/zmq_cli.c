// SPDX-License-Identifier: GPL-2.0
/*
 * zmq_cli: the seed demo's ZeroMQ client over TIPC.  Sends COUNT requests
 * to a TIPC service address, one at a time, and prints each reply.
 *
 *   zmq_cli -c [tipc://]{TYPE,INSTANCE}[@Z.C.N] [-n COUNT] [-N NAME] [-w MS]
 *
 * A ZMQ_REQ socket connects once, so every request uses a fresh socket:
 * a new TIPC connection, hence a new anycast lookup in the kernel, as when
 * the seed demo ran its client once per request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static void bad_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s -c [tipc://]{TYPE,INSTANCE} [-n COUNT] [-N NAME] [-w MS]\n",
		prog);
	exit(2);
}

/* One request on a fresh REQ socket; prints the reply.  0 or -1. */
static int request(void *ctx, const char *endpoint, const char *msg, int wait_ms)
{
	char reply[256];
	int zero = 0, n, ret = -1;
	void *sock;

	sock = zmq_socket(ctx, ZMQ_REQ);
	if (!sock) {
		fprintf(stderr, "zmq_cli: socket: %s\n", zmq_strerror(zmq_errno()));
		return -1;
	}
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof(zero));
	zmq_setsockopt(sock, ZMQ_SNDTIMEO, &wait_ms, sizeof(wait_ms));
	zmq_setsockopt(sock, ZMQ_RCVTIMEO, &wait_ms, sizeof(wait_ms));
	if (zmq_connect(sock, endpoint)) {
		fprintf(stderr, "zmq_cli: connect %s: %s\n", endpoint,
			zmq_strerror(zmq_errno()));
		goto out;
	}
	if (zmq_send(sock, msg, strlen(msg), 0) < 0) {
		fprintf(stderr, "zmq_cli: send: %s\n", zmq_strerror(zmq_errno()));
		goto out;
	}
	n = zmq_recv(sock, reply, sizeof(reply) - 1, 0);
	if (n < 0) {
		fprintf(stderr, "zmq_cli: no reply within %d ms: %s\n", wait_ms,
			zmq_strerror(zmq_errno()));
		goto out;
	}
	if (n > (int)sizeof(reply) - 1)
		n = sizeof(reply) - 1;
	reply[n] = '\0';
	printf("%s\n", reply);
	ret = 0;
out:
	zmq_close(sock);
	return ret;
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *name = NULL;
	char endpoint[128], msg[128], host[64];
	int opt, count = 1, wait_ms = 5000, i, failed = 0;
	void *ctx;

	while ((opt = getopt(argc, argv, "c:n:N:w:")) != -1) {
		switch (opt) {
		case 'c':
			addr = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 'N':
			name = optarg;
			break;
		case 'w':
			wait_ms = atoi(optarg);
			break;
		default:
			bad_usage(argv[0]);
		}
	}
	if (!addr || optind != argc || count < 1 || wait_ms < 1)
		bad_usage(argv[0]);
	if (!name) {
		if (gethostname(host, sizeof(host)))
			snprintf(host, sizeof(host), "client");
		host[sizeof(host) - 1] = '\0';
		name = host;
	}
	/* The seed's client took "{1000,4}" as well as "tipc://{1000,4}". */
	snprintf(endpoint, sizeof(endpoint), "%s%s",
		 strncmp(addr, "tipc://", 7) ? "tipc://" : "", addr);
	snprintf(msg, sizeof(msg), "hello world from %s", name);

	setvbuf(stdout, NULL, _IOLBF, 0);
	ctx = zmq_ctx_new();
	if (!ctx) {
		fprintf(stderr, "zmq_cli: context: %s\n", zmq_strerror(zmq_errno()));
		return 1;
	}
	printf("%s sending '%s' to %s, %d time%s\n", name, msg, endpoint,
	       count, count == 1 ? "" : "s");
	for (i = 0; i < count; i++)
		if (request(ctx, endpoint, msg, wait_ms))
			failed++;
	zmq_ctx_term(ctx);
	return failed ? 1 : 0;
}
