// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_cli - TIPC RDM test client for the tipc-lb cluster selftests.
 *
 *   tipc_cli -t TYPE -i INSTANCE -n COUNT [-w TIMEOUT_MS] [-d DELAY_MS]
 *            [-r RETRIES]
 *   tipc_cli -t TYPE -i FIRST -I LAST [-n COUNT] [-w TIMEOUT_MS]
 *            [-d DELAY_MS] [-r RETRIES]
 *
 * Sends COUNT datagrams to the service address {TYPE, INSTANCE} (anycast,
 * lookup domain 0, i.e. the kernel picks the destination), waits for each
 * reply (bounded) and prints the replying server's name, one per line, then
 * a summary "served: NAME=N ..." in order of first reply.
 *
 * With -I (sweep), sends COUNT (default 1) datagrams to each instance FIRST
 * to LAST in turn and prints "INSTANCE NAME" per reply instead.
 *
 * -d waits DELAY_MS after each reply before the next request.
 *
 * -r makes the socket's messages returnable (TIPC_DEST_DROPPABLE off): a
 * request that reaches a port that no longer exists comes back with
 * TIPC_ERRINFO (and its data as TIPC_RETDATA).  When a request comes back,
 * gets no reply within TIMEOUT_MS, or sendto fails, the same request is sent
 * again to the service address (so the lookup picks a server again), up to
 * RETRIES times per request, after a pause of 100 ms doubling up to 1 s
 * (none after a timeout).  Each resend prints a line
 *   retry K: req I: REASON
 * (K: 1.. for request I, which counts from 0).  Returned requests that do
 * not match the current try (a late copy of an earlier one) are ignored; a
 * late reply to a timed-out try cannot be told apart (servers answer with
 * their name only), so TIMEOUT_MS should exceed any server's response time.
 *
 * Exit status: 0 ok, 1 usage, 2 a socket call failed (the line
 * "error: sendto: <strerror> (errno N)" tells which errno), 3 no reply:
 * "error: timeout", or with -r "error: rejected (TIPC error E)".
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tipc_test.h"

#define MAX_SERVERS	64
#define NAME_LEN	64
#define MAX_RETRIES	100
#define REQ_LEN		64

struct tally {
	char name[NAME_LEN];
	unsigned long count;
};

static struct tally tally[MAX_SERVERS];
static int nr_tally;

/* What one try of a request gave. */
enum try_result {
	TRY_REPLY,	/* a reply is in the buffer */
	TRY_TIMEOUT,	/* no reply within the timeout */
	TRY_REJECTED,	/* the request came back: *err is the TIPC error */
	TRY_SEND,	/* sendto failed: *err is its errno */
	TRY_FAILED,	/* poll or recvmsg failed: *err is its errno */
};

/* The call that failed for TRY_FAILED. */
static const char *failed_call;

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tipc_cli -t TYPE -i INSTANCE -n COUNT [-w TIMEOUT_MS] [-d DELAY_MS] [-r RETRIES]\n"
		"       tipc_cli -t TYPE -i FIRST -I LAST [-n COUNT] [-w TIMEOUT_MS] [-d DELAY_MS] [-r RETRIES]\n");
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

static void print_summary(void)
{
	int i;

	printf("served:");
	for (i = 0; i < nr_tally; i++)
		printf(" %s=%lu", tally[i].name, tally[i].count);
	printf("\n");
	fflush(stdout);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void msleep(unsigned long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * try_once() - send @req to @dst and wait up to @timeout_ms for the answer:
 * a reply (its text into @buf, @len bytes at most with the NUL) or @req
 * coming back rejected.  Rejected messages carrying other data are stale
 * (an earlier try) and skipped.
 */
static enum try_result try_once(int sd, const struct sockaddr_tipc *dst,
				const char *req, int timeout_ms,
				char *buf, size_t len, int *err)
{
	long long deadline;

	if (sendto(sd, req, strlen(req), 0, (const struct sockaddr *)dst,
		   sizeof(*dst)) < 0) {
		*err = errno;
		return TRY_SEND;
	}
	deadline = now_ms() + timeout_ms;
	for (;;) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(8) + CMSG_SPACE(1024) +
				 CMSG_SPACE(12)];
		} ctl;
		struct pollfd pfd = { .fd = sd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = len - 1 };
		struct msghdr msg = {
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = ctl.buf,
			.msg_controllen = sizeof(ctl.buf),
		};
		struct cmsghdr *cm;
		long long left;
		int rejected = 0, stale = 0, ret;
		__u32 info[2];
		ssize_t n;

		left = deadline - now_ms();
		if (left < 0)
			left = 0;
		ret = poll(&pfd, 1, (int)left);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			*err = errno;
			failed_call = "poll";
			return TRY_FAILED;
		}
		if (ret == 0)
			return TRY_TIMEOUT;
		n = recvmsg(sd, &msg, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			failed_call = "recvmsg";
			return TRY_FAILED;
		}
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			if (cm->cmsg_level != SOL_TIPC)
				continue;
			if (cm->cmsg_type == TIPC_ERRINFO &&
			    cm->cmsg_len >= CMSG_LEN(sizeof(info))) {
				memcpy(info, CMSG_DATA(cm), sizeof(info));
				*err = info[0];
				rejected = 1;
			} else if (cm->cmsg_type == TIPC_RETDATA) {
				size_t dlen = cm->cmsg_len - CMSG_LEN(0);

				stale = dlen != strlen(req) ||
					memcmp(CMSG_DATA(cm), req, dlen);
			}
		}
		if (rejected && stale)
			continue;
		if (rejected)
			return TRY_REJECTED;
		buf[n] = '\0';
		return TRY_REPLY;
	}
}

int main(int argc, char **argv)
{
	unsigned long type = 0, inst = 0, last = 0, count = 0, timeout_ms = 2000;
	unsigned long delay_ms = 0, retries = 0, i, total;
	int have_t = 0, have_i = 0, have_n = 0, sweep = 0;
	struct sockaddr_tipc dst;
	int sd, opt;

	while ((opt = getopt(argc, argv, "t:i:I:n:w:d:r:")) != -1) {
		switch (opt) {
		case 't':
			type = num(optarg, bad_usage);
			have_t = 1;
			break;
		case 'i':
			inst = num(optarg, bad_usage);
			have_i = 1;
			break;
		case 'I':
			last = num(optarg, bad_usage);
			sweep = 1;
			break;
		case 'n':
			count = num(optarg, bad_usage);
			have_n = 1;
			break;
		case 'w':
			timeout_ms = num(optarg, bad_usage);
			break;
		case 'd':
			delay_ms = num(optarg, bad_usage);
			break;
		case 'r':
			retries = num(optarg, bad_usage);
			break;
		default:
			bad_usage();
		}
	}
	if (sweep && !have_n)
		count = 1;
	if (!have_t || !have_i || (!have_n && !sweep) || timeout_ms > INT_MAX ||
	    retries > MAX_RETRIES || (sweep && last < inst))
		bad_usage();
	/* Requests in all: COUNT per instance of the sweep. */
	total = sweep ? (last - inst + 1) * count : count;
	/* Line-buffered: tests read the output while the client runs. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (sd < 0) {
		printf("error: socket: %s (errno %d)\n", strerror(errno), errno);
		return 2;
	}
	if (retries) {
		int off = 0;

		if (setsockopt(sd, SOL_TIPC, TIPC_DEST_DROPPABLE, &off,
			       sizeof(off)) < 0) {
			printf("error: setsockopt: %s (errno %d)\n",
			       strerror(errno), errno);
			return 2;
		}
	}

	tipc_service_addr(&dst, type, inst);

	for (i = 0; i < total; i++) {
		char req[REQ_LEN], buf[NAME_LEN];
		enum try_result res;
		unsigned long k;
		int err = 0;

		if (sweep)
			dst.addr.name.name.instance = inst + i / count;
		if (i && delay_ms)
			msleep(delay_ms);
		for (k = 0;; k++) {
			if (k)
				snprintf(req, sizeof(req), "req %lu retry %lu", i, k);
			else
				snprintf(req, sizeof(req), "req %lu", i);
			res = try_once(sd, &dst, req, (int)timeout_ms, buf,
				       sizeof(buf), &err);
			if (res == TRY_REPLY || res == TRY_FAILED || k == retries)
				break;
			switch (res) {
			case TRY_TIMEOUT:
				printf("retry %lu: req %lu: timeout\n", k + 1, i);
				break;
			case TRY_REJECTED:
				printf("retry %lu: req %lu: rejected (TIPC error %d)\n",
				       k + 1, i, err);
				break;
			default:
				printf("retry %lu: req %lu: sendto: %s (errno %d)\n",
				       k + 1, i, strerror(err), err);
				break;
			}
			if (res != TRY_TIMEOUT)
				msleep(k < 4 ? 100UL << k : 1000);
		}
		switch (res) {
		case TRY_REPLY:
			break;
		case TRY_TIMEOUT:
			print_summary();
			printf("error: timeout\n");
			return 3;
		case TRY_REJECTED:
			print_summary();
			printf("error: rejected (TIPC error %d)\n", err);
			return 3;
		case TRY_SEND:
			print_summary();
			printf("error: sendto: %s (errno %d)\n", strerror(err), err);
			return 2;
		case TRY_FAILED:
			print_summary();
			printf("error: %s: %s (errno %d)\n", failed_call,
			       strerror(err), err);
			return 2;
		}
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
