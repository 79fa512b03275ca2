/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tipc_lb.h: generic netlink interface of the TIPC anycast load balancer
 *
 * The balancer chooses which publication serves an anycast lookup of
 * {type, instance}. A policy is configured per service type, with an
 * optional per-netns default for types that have none. Without any policy
 * the lookup is the stock TIPC one.
 *
 * This is a family of its own rather than new TIPCv2 commands, so that its
 * numbering can never collide with upstream TIPC's.
 */
#ifndef _UAPI_LINUX_TIPC_LB_H
#define _UAPI_LINUX_TIPC_LB_H

#define TIPC_LB_GENL_NAME	"tipc_lb"
#define TIPC_LB_GENL_VERSION	1

/**
 * enum tipc_lb_policy - anycast selection policies
 * @TIPC_LB_POLICY_NONE: stock TIPC lookup (round-robin inside the first
 *	matching range only)
 * @TIPC_LB_POLICY_RR: round-robin over every publication covering the
 *	instance, across overlapping ranges
 * @TIPC_LB_POLICY_WEIGHTED: smooth weighted round-robin
 * @TIPC_LB_POLICY_LEAST: fewest active connections opened from this node,
 *	relative to weight; connectionless sends are balanced as weighted
 * @TIPC_LB_POLICY_SORTED: hot standby: always the first publication in a
 *	cluster-wide order (priority, node identity, lower bound, port)
 * @TIPC_LB_POLICY_HASH: rendezvous hash of the instance: a given instance
 *	goes to the same publication from every node
 */
enum tipc_lb_policy {
	TIPC_LB_POLICY_NONE,
	TIPC_LB_POLICY_RR,
	TIPC_LB_POLICY_WEIGHTED,
	TIPC_LB_POLICY_LEAST,
	TIPC_LB_POLICY_SORTED,
	TIPC_LB_POLICY_HASH,

	/* private: */
	__TIPC_LB_POLICY_MAX,
};

#define TIPC_LB_POLICY_MAX (__TIPC_LB_POLICY_MAX - 1)

/**
 * enum tipc_lb_weight_src - weight of a publication without an explicit one
 * @TIPC_LB_WEIGHT_SRC_FIXED: the policy's default weight
 *	(TIPC_LB_A_DEFAULT_WEIGHT, TIPC_LB_WEIGHT_DEFAULT if not given)
 * @TIPC_LB_WEIGHT_SRC_WIDTH: the width of the published range,
 *	upper - lower + 1, capped at TIPC_LB_WEIGHT_MAX
 */
enum tipc_lb_weight_src {
	TIPC_LB_WEIGHT_SRC_FIXED,
	TIPC_LB_WEIGHT_SRC_WIDTH,

	/* private: */
	__TIPC_LB_WEIGHT_SRC_MAX,
};

#define TIPC_LB_WEIGHT_SRC_MAX (__TIPC_LB_WEIGHT_SRC_MAX - 1)

/**
 * enum tipc_lb_origin - where the policy in force for a type comes from
 * @TIPC_LB_ORIGIN_NONE: neither the type nor the netns has a policy: the
 *	stock lookup
 * @TIPC_LB_ORIGIN_TYPE: the type's own policy (which may be none)
 * @TIPC_LB_ORIGIN_DEFAULT: the netns default
 */
enum tipc_lb_origin {
	TIPC_LB_ORIGIN_NONE,
	TIPC_LB_ORIGIN_TYPE,
	TIPC_LB_ORIGIN_DEFAULT,

	/* private: */
	__TIPC_LB_ORIGIN_MAX,
};

#define TIPC_LB_ORIGIN_MAX (__TIPC_LB_ORIGIN_MAX - 1)

/* Service types below this are reserved for TIPC itself (TIPC_RESERVED_TYPES) */
#define TIPC_LB_TYPE_MIN	64

/* Weights: 0 drains a server (no new selections) */
#define TIPC_LB_WEIGHT_MAX	10000
#define TIPC_LB_WEIGHT_DEFAULT	1

/* Longest node identity string (a 16 byte identity printed in hex) */
#define TIPC_LB_NODE_ID_LEN	32

enum {
	TIPC_LB_A_UNSPEC,
	TIPC_LB_A_TYPE,		/* u32: service type, >= TIPC_LB_TYPE_MIN */
	TIPC_LB_A_POLICY,	/* u32: enum tipc_lb_policy */
	TIPC_LB_A_WEIGHT_SRC,	/* u32: enum tipc_lb_weight_src */
	TIPC_LB_A_DEFAULT_WEIGHT, /* u32: 1..TIPC_LB_WEIGHT_MAX */
	TIPC_LB_A_NODE_ID,	/* string: node identity, as "tipc node" shows */
	TIPC_LB_A_NODE_ADDR,	/* u32: node address, instead of NODE_ID */
	TIPC_LB_A_PORT,		/* u32: port (socket) id; absent: any port */
	TIPC_LB_A_WEIGHT,	/* u32: 0..TIPC_LB_WEIGHT_MAX */
	TIPC_LB_A_PRIORITY,	/* u32: sorted policy rank, lower first */
	TIPC_LB_A_LOWER,	/* u32: stats: lower bound of the publication */
	TIPC_LB_A_UPPER,	/* u32: stats: upper bound of the publication */
	TIPC_LB_A_SELECTIONS,	/* u64: stats: lookups that selected it */
	TIPC_LB_A_CONNS,	/* u32: stats: live connections counted (least) */
	TIPC_LB_A_POSITION,	/* u32: stats: place in the sorted order, from 1 */
	TIPC_LB_A_PAD,
	TIPC_LB_A_POLICY_ORIGIN, /* u32: enum tipc_lb_origin, replies only */

	/* private: */
	__TIPC_LB_A_MAX,
};

#define TIPC_LB_A_MAX (__TIPC_LB_A_MAX - 1)

/*
 * Commands. GET/SET/DEL act on the policy of one service type. POLICY_GET
 * with TIPC_LB_A_TYPE replies the policy in force for that type: its own,
 * else the netns default, else POLICY none, with POLICY_ORIGIN saying
 * which; as a dump (no TYPE) it lists every type that has its own policy
 * (POLICY_ORIGIN type).
 * POLICY_SET and DEFAULT_SET take optional WEIGHT_SRC and DEFAULT_WEIGHT
 * (used by weighted and least). DEFAULT_SET with TIPC_LB_POLICY_NONE
 * removes the per-netns default.
 *
 * WEIGHT_* and PRIO_* manage per-server entries of a service type, keyed
 * by TYPE, a node (NODE_ID or NODE_ADDR) and an optional PORT. The most
 * specific entry wins: (node, port), then (node). A publication without a
 * priority entry sorts after every one that has one. Their dumps take an
 * optional TYPE filter.
 *
 * FLUSH removes the default and every type's policy, weight entries and
 * priority entries of the netns, and is announced by one notification.
 *
 * STATS_GET dumps one message per publication of every service that has a
 * policy (or of TYPE only): TYPE, POLICY, the publisher (NODE_ID,
 * NODE_ADDR, PORT), its range (LOWER, UPPER), SELECTIONS made by this
 * node's lookups since it was published or the last STATS_RESET, CONNS
 * counted by the least policy, the effective WEIGHT and, under the sorted
 * policy, its POSITION. STATS_RESET [TYPE] zeroes the selection counters.
 *
 * Every change is announced to the TIPC_LB_MCGRP_CONFIG multicast group
 * by a message with the command that made it: POLICY_SET and DEFAULT_SET
 * with the policy attributes as POLICY_GET replies them, POLICY_DEL with
 * TYPE, WEIGHT_* and PRIO_* with the entry's key (and value for SET),
 * STATS_RESET with TYPE if one was given, FLUSH without attributes.
 *
 * Changes need CAP_NET_ADMIN in the user namespace owning the netns.
 * At most 1024 weight entries and 1024 priority entries per type, 16384
 * entries in all and 4096 configured types per netns: more fail with
 * ENOSPC and an extack message naming the bound.
 */
enum {
	TIPC_LB_CMD_UNSPEC,
	TIPC_LB_CMD_POLICY_GET,		/* do: TYPE (in force); dump: own policies */
	TIPC_LB_CMD_POLICY_SET,		/* TYPE, POLICY */
	TIPC_LB_CMD_POLICY_DEL,		/* TYPE */
	TIPC_LB_CMD_DEFAULT_GET,	/* reply: POLICY */
	TIPC_LB_CMD_DEFAULT_SET,	/* POLICY */
	TIPC_LB_CMD_WEIGHT_GET,		/* dump: [TYPE] */
	TIPC_LB_CMD_WEIGHT_SET,		/* TYPE, NODE_ID|NODE_ADDR, [PORT], WEIGHT */
	TIPC_LB_CMD_WEIGHT_DEL,		/* TYPE, NODE_ID|NODE_ADDR, [PORT] */
	TIPC_LB_CMD_PRIO_GET,		/* dump: [TYPE] */
	TIPC_LB_CMD_PRIO_SET,		/* TYPE, NODE_ID|NODE_ADDR, [PORT], PRIORITY */
	TIPC_LB_CMD_PRIO_DEL,		/* TYPE, NODE_ID|NODE_ADDR, [PORT] */
	TIPC_LB_CMD_STATS_GET,		/* dump: [TYPE] */
	TIPC_LB_CMD_STATS_RESET,	/* [TYPE] */
	TIPC_LB_CMD_FLUSH,		/* no attributes */

	/* private: */
	__TIPC_LB_CMD_MAX,
};

#define TIPC_LB_CMD_MAX (__TIPC_LB_CMD_MAX - 1)

/*
 * Messages of the TIPC_LB_MCGRP_CONFIG group: each has the value of the
 * command that made the change (named apart so that tools generated from
 * the YAML spec can tell a notification from a request).
 */
enum tipc_lb_ntf {
	TIPC_LB_NTF_POLICY_SET = TIPC_LB_CMD_POLICY_SET,
	TIPC_LB_NTF_POLICY_DEL = TIPC_LB_CMD_POLICY_DEL,
	TIPC_LB_NTF_DEFAULT_SET = TIPC_LB_CMD_DEFAULT_SET,
	TIPC_LB_NTF_WEIGHT_SET = TIPC_LB_CMD_WEIGHT_SET,
	TIPC_LB_NTF_WEIGHT_DEL = TIPC_LB_CMD_WEIGHT_DEL,
	TIPC_LB_NTF_PRIO_SET = TIPC_LB_CMD_PRIO_SET,
	TIPC_LB_NTF_PRIO_DEL = TIPC_LB_CMD_PRIO_DEL,
	TIPC_LB_NTF_STATS_RESET = TIPC_LB_CMD_STATS_RESET,
	TIPC_LB_NTF_FLUSH = TIPC_LB_CMD_FLUSH,
};

/* Multicast group announcing configuration changes */
#define TIPC_LB_MCGRP_CONFIG	"config"

#endif /* _UAPI_LINUX_TIPC_LB_H */
