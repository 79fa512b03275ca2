// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_grp - TIPC communication group member for the tipc-lb selftests.
 *
 *   tipc_grp -g GROUP -i INSTANCE
 *   tipc_grp -g GROUP -i INSTANCE -s -e MEMBERS -d DEST -c COUNT [-w MS]
 *
 * Joins the group GROUP (cluster scope) as member INSTANCE.  Without -s it
 * prints "ready", then "got MESSAGE" for every message received, forever.
 *
 * With -s (sender) it asks for membership events and waits (at most MS
 * milliseconds, default 30000) until MEMBERS other members have joined,
 * then sends COUNT group broadcasts ("bcast"), COUNT multicasts to the
 * members with instance DEST ("mcast") and COUNT anycasts to instance DEST
 * ("anycast"), prints "sent" and exits.
 *
 * Exit status: 0 ok, 1 usage, 2 a socket call failed, 3 the members did
 * not all join in time.
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tipc_test.h"

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_grp -g GROUP -i INSTANCE\n"
		"       tipc_grp -g GROUP -i INSTANCE -s -e MEMBERS -d DEST -c COUNT [-w MS]\n");
	exit(1);
}

static int sys_error(const char *call)
{
	printf("error: %s: %s (errno %d)\n", call, strerror(errno), errno);
	return 2;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Wait until @members members have joined (membership events). */
static int wait_members(int sd, unsigned long members, unsigned long wait_ms)
{
	long long deadline = now_ms() + wait_ms;
	unsigned long joined = 0;

	while (joined < members) {
		struct sockaddr_tipc addr[2];
		struct pollfd pfd = { .fd = sd, .events = POLLIN };
		struct iovec iov;
		struct msghdr msg = {
			.msg_name = addr,
			.msg_namelen = sizeof(addr),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		long long left = deadline - now_ms();
		char buf[64];
		ssize_t n;
		int ret;

		if (left <= 0) {
			printf("error: %lu of %lu members joined\n", joined, members);
			return 3;
		}
		ret = poll(&pfd, 1, (int)left);
		if (ret < 0 && errno != EINTR)
			return sys_error("poll");
		if (ret <= 0)
			continue;
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		n = recvmsg(sd, &msg, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sys_error("recvmsg");
		}
		/* A membership event: MSG_OOB, and MSG_EOR when one leaves */
		if (msg.msg_flags & MSG_OOB) {
			if (msg.msg_flags & MSG_EOR)
				joined--;
			else
				joined++;
		}
	}
	return 0;
}

static int send_all(int sd, unsigned long group, unsigned long dest,
		    unsigned long count)
{
	struct sockaddr_tipc mc, any;
	unsigned long i;

	tipc_service_range(&mc, group, dest, dest);
	tipc_service_addr(&any, group, dest);
	for (i = 0; i < count; i++)
		if (send(sd, "bcast", 5, 0) < 0)
			return sys_error("send (broadcast)");
	for (i = 0; i < count; i++)
		if (sendto(sd, "mcast", 5, 0, (struct sockaddr *)&mc,
			   sizeof(mc)) < 0)
			return sys_error("sendto (multicast)");
	for (i = 0; i < count; i++)
		if (sendto(sd, "anycast", 7, 0, (struct sockaddr *)&any,
			   sizeof(any)) < 0)
			return sys_error("sendto (anycast)");
	printf("sent\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long group = 0, inst = 0, members = 0, dest = 0, count = 0;
	unsigned long wait_ms = 30000;
	int have_g = 0, have_i = 0, have_e = 0, have_d = 0, have_c = 0;
	struct tipc_group_req req;
	int sd, opt, sender = 0, ret;

	while ((opt = getopt(argc, argv, "g:i:se:d:c:w:")) != -1) {
		switch (opt) {
		case 'g':
			group = num(optarg, bad_usage);
			have_g = 1;
			break;
		case 'i':
			inst = num(optarg, bad_usage);
			have_i = 1;
			break;
		case 's':
			sender = 1;
			break;
		case 'e':
			members = num(optarg, bad_usage);
			have_e = 1;
			break;
		case 'd':
			dest = num(optarg, bad_usage);
			have_d = 1;
			break;
		case 'c':
			count = num(optarg, bad_usage);
			have_c = 1;
			break;
		case 'w':
			wait_ms = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (!have_g || !have_i || wait_ms > INT_MAX ||
	    (sender && (!have_e || !have_d || !have_c)))
		bad_usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0)
		return sys_error("socket");
	memset(&req, 0, sizeof(req));
	req.type = group;
	req.instance = inst;
	req.scope = TIPC_CLUSTER_SCOPE;
	req.flags = sender ? TIPC_GROUP_MEMBER_EVTS : 0;
	if (setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)) < 0)
		return sys_error("setsockopt (TIPC_GROUP_JOIN)");

	if (sender) {
		ret = wait_members(sd, members, wait_ms);
		if (!ret)
			ret = send_all(sd, group, dest, count);
		close(sd);
		return ret;
	}
	printf("ready\n");
	for (;;) {
		char buf[64];
		ssize_t n = recv(sd, buf, sizeof(buf) - 1, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sys_error("recv");
		}
		buf[n] = '\0';
		printf("got %s\n", buf);
	}
}
