/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/tipc_lb.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_TIPC_LB_H
#define _UAPI_LINUX_TIPC_LB_H

#define TIPC_LB_FAMILY_NAME	"tipc_lb"
#define TIPC_LB_FAMILY_VERSION	1

/**
 * enum tipc_lb_policy - Anycast selection policies.
 * @TIPC_LB_POLICY_NONE: Stock TIPC lookup (round-robin in the first matching
 *   range).
 * @TIPC_LB_POLICY_RR: Round-robin over every publication covering the
 *   instance.
 * @TIPC_LB_POLICY_WEIGHTED: Smooth weighted round-robin.
 * @TIPC_LB_POLICY_LEAST: Fewest active connections from this node per unit of
 *   weight; datagrams are balanced as by weighted.
 * @TIPC_LB_POLICY_SORTED: Hot standby: the first publication in an order that
 *   is the same on every node (priority, node identity, lower bound, port).
 * @TIPC_LB_POLICY_HASH: Rendezvous hash of the instance over (node, port).
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
	TIPC_LB_POLICY_MAX = (__TIPC_LB_POLICY_MAX - 1)
};

/**
 * enum tipc_lb_weight_src - Weight of a publication without a weight entry.
 * @TIPC_LB_WEIGHT_SRC_FIXED: The policy's default weight.
 * @TIPC_LB_WEIGHT_SRC_WIDTH: The published range's width, capped at
 *   weight-max.
 */
enum tipc_lb_weight_src {
	TIPC_LB_WEIGHT_SRC_FIXED,
	TIPC_LB_WEIGHT_SRC_WIDTH,

	/* private: */
	__TIPC_LB_WEIGHT_SRC_MAX,
	TIPC_LB_WEIGHT_SRC_MAX = (__TIPC_LB_WEIGHT_SRC_MAX - 1)
};

/**
 * enum tipc_lb_origin - Where the policy in force for a service type comes
 *   from.
 * @TIPC_LB_ORIGIN_NONE: Neither the type nor the netns has a policy; the stock
 *   lookup.
 * @TIPC_LB_ORIGIN_TYPE: The type's own policy (which may be none).
 * @TIPC_LB_ORIGIN_DEFAULT: The netns default.
 */
enum tipc_lb_origin {
	TIPC_LB_ORIGIN_NONE,
	TIPC_LB_ORIGIN_TYPE,
	TIPC_LB_ORIGIN_DEFAULT,

	/* private: */
	__TIPC_LB_ORIGIN_MAX,
	TIPC_LB_ORIGIN_MAX = (__TIPC_LB_ORIGIN_MAX - 1)
};

#define TIPC_LB_TYPE_MIN	64
#define TIPC_LB_WEIGHT_MAX	10000
#define TIPC_LB_WEIGHT_DEFAULT	1
#define TIPC_LB_NODE_ID_LEN	32

enum {
	TIPC_LB_A_CONFIG_TYPE = 1,
	TIPC_LB_A_CONFIG_POLICY,
	TIPC_LB_A_CONFIG_DEFAULT_WEIGHT,
	TIPC_LB_A_CONFIG_WEIGHT_SRC,
	TIPC_LB_A_CONFIG_NODE_ID,
	TIPC_LB_A_CONFIG_NODE_ADDR,
	TIPC_LB_A_CONFIG_PORT,
	TIPC_LB_A_CONFIG_WEIGHT,
	TIPC_LB_A_CONFIG_PRIORITY,
	TIPC_LB_A_CONFIG_POLICY_ORIGIN,

	__TIPC_LB_A_CONFIG_MAX,
	TIPC_LB_A_CONFIG_MAX = (__TIPC_LB_A_CONFIG_MAX - 1)
};

enum {
	TIPC_LB_A_STATS_TYPE = 1,
	TIPC_LB_A_STATS_POLICY,
	TIPC_LB_A_STATS_NODE_ID,
	TIPC_LB_A_STATS_NODE_ADDR,
	TIPC_LB_A_STATS_PORT,
	TIPC_LB_A_STATS_LOWER,
	TIPC_LB_A_STATS_UPPER,
	TIPC_LB_A_STATS_SELECTIONS,
	TIPC_LB_A_STATS_CONNS,
	TIPC_LB_A_STATS_WEIGHT,
	TIPC_LB_A_STATS_POSITION,

	__TIPC_LB_A_STATS_MAX,
	TIPC_LB_A_STATS_MAX = (__TIPC_LB_A_STATS_MAX - 1)
};

enum {
	TIPC_LB_CMD_POLICY_GET = 1,
	TIPC_LB_CMD_POLICY_SET,
	TIPC_LB_CMD_POLICY_DEL,
	TIPC_LB_CMD_DEFAULT_GET,
	TIPC_LB_CMD_DEFAULT_SET,
	TIPC_LB_CMD_WEIGHT_GET,
	TIPC_LB_CMD_WEIGHT_SET,
	TIPC_LB_CMD_WEIGHT_DEL,
	TIPC_LB_CMD_PRIO_GET,
	TIPC_LB_CMD_PRIO_SET,
	TIPC_LB_CMD_PRIO_DEL,
	TIPC_LB_CMD_STATS_GET,
	TIPC_LB_CMD_STATS_RESET,
	TIPC_LB_CMD_FLUSH,

	__TIPC_LB_CMD_MAX,
	TIPC_LB_CMD_MAX = (__TIPC_LB_CMD_MAX - 1)
};

enum tipc_lb_ntf {
	TIPC_LB_NTF_POLICY_SET = 2,
	TIPC_LB_NTF_POLICY_DEL = 3,
	TIPC_LB_NTF_DEFAULT_SET = 5,
	TIPC_LB_NTF_WEIGHT_SET = 7,
	TIPC_LB_NTF_WEIGHT_DEL = 8,
	TIPC_LB_NTF_PRIO_SET = 10,
	TIPC_LB_NTF_PRIO_DEL = 11,
	TIPC_LB_NTF_STATS_RESET = 13,
	TIPC_LB_NTF_FLUSH = 14,
};

#define TIPC_LB_MCGRP_CONFIG	"config"

#endif /* _UAPI_LINUX_TIPC_LB_H */
