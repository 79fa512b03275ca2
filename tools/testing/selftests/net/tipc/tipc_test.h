/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc_test.h - helpers shared by the tipc-lb selftest programs
 * (tipc_srv, tipc_cli, tipc_conn).
 */
#ifndef _TIPC_TEST_H
#define _TIPC_TEST_H

#include <errno.h>
#include <limits.h>
#include <linux/tipc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * num() - parse a command-line number (decimal, 0x hex or 0 octal) that
 * fits in 32 bits; anything else calls @usage, which must not return.
 */
static inline unsigned long num(const char *s, void (*usage)(void))
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0' || v > UINT_MAX)
		usage();
	return v;
}

/* tipc_service_range() - @addr := {@type, @lower, @upper}, cluster scope */
static inline void tipc_service_range(struct sockaddr_tipc *addr, __u32 type,
				      __u32 lower, __u32 upper)
{
	memset(addr, 0, sizeof(*addr));
	addr->family = AF_TIPC;
	addr->addrtype = TIPC_SERVICE_RANGE;
	addr->scope = TIPC_CLUSTER_SCOPE;
	addr->addr.nameseq.type = type;
	addr->addr.nameseq.lower = lower;
	addr->addr.nameseq.upper = upper;
}

/*
 * tipc_service_addr() - @addr := {@type, @instance}, lookup domain 0 (the
 * kernel's anycast lookup picks the destination in the whole cluster)
 */
static inline void tipc_service_addr(struct sockaddr_tipc *addr, __u32 type,
				     __u32 instance)
{
	memset(addr, 0, sizeof(*addr));
	addr->family = AF_TIPC;
	addr->addrtype = TIPC_SERVICE_ADDR;
	addr->addr.name.name.type = type;
	addr->addr.name.name.instance = instance;
	addr->addr.name.domain = 0;
}

#endif /* _TIPC_TEST_H */
