// SPDX-License-Identifier: GPL-2.0
/*
 * zmq_srv: the seed demo's ZeroMQ service over TIPC.  A ZMQ_REP socket
 * bound to a TIPC service range answers every request with the name of
 * this server.
 *
 *   zmq_srv -s tipc://{TYPE,LOWER,UPPER} [-n NAME]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static void bad_usage(const char *prog)
{
	fprintf(stderr, "usage: %s -s tipc://{TYPE,LOWER,UPPER} [-n NAME]\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *endpoint = NULL, *name = "server";
	char req[256], reply[320];
	void *ctx, *sock;
	int opt, n, len;

	while ((opt = getopt(argc, argv, "s:n:")) != -1) {
		switch (opt) {
		case 's':
			endpoint = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			bad_usage(argv[0]);
		}
	}
	if (!endpoint || optind != argc)
		bad_usage(argv[0]);

	/* Our output usually goes to a log file: one line at a time. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	ctx = zmq_ctx_new();
	sock = ctx ? zmq_socket(ctx, ZMQ_REP) : NULL;
	if (!sock) {
		fprintf(stderr, "zmq_srv: socket: %s\n", zmq_strerror(zmq_errno()));
		return 1;
	}
	if (zmq_bind(sock, endpoint)) {
		fprintf(stderr, "zmq_srv: bind %s: %s\n", endpoint,
			zmq_strerror(zmq_errno()));
		return 1;
	}
	printf("server %s running\n", endpoint);

	len = snprintf(reply, sizeof(reply),
		       "Your request have been served by %s", name);
	for (;;) {
		n = zmq_recv(sock, req, sizeof(req) - 1, 0);
		if (n < 0) {
			if (zmq_errno() == EINTR)
				continue;
			fprintf(stderr, "zmq_srv: recv: %s\n",
				zmq_strerror(zmq_errno()));
			break;
		}
		if (n > (int)sizeof(req) - 1)
			n = sizeof(req) - 1;	/* truncated */
		req[n] = '\0';
		printf("%s: received '%s'\n", name, req);
		if (zmq_send(sock, reply, len, 0) < 0) {
			fprintf(stderr, "zmq_srv: send: %s\n",
				zmq_strerror(zmq_errno()));
			break;
		}
	}
	zmq_close(sock);
	zmq_ctx_term(ctx);
	return 1;
}
