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
 */
enum tipc_lb_policy {
	TIPC_LB_POLICY_NONE,
	TIPC_LB_POLICY_RR,

	/* private: */
	__TIPC_LB_POLICY_MAX,
};

#define TIPC_LB_POLICY_MAX (__TIPC_LB_POLICY_MAX - 1)

/* Service types below this are reserved for TIPC itself (TIPC_RESERVED_TYPES) */
#define TIPC_LB_TYPE_MIN	64

enum {
	TIPC_LB_A_UNSPEC,
	TIPC_LB_A_TYPE,		/* u32: service type, >= TIPC_LB_TYPE_MIN */
	TIPC_LB_A_POLICY,	/* u32: enum tipc_lb_policy */

	/* private: */
	__TIPC_LB_A_MAX,
};

#define TIPC_LB_A_MAX (__TIPC_LB_A_MAX - 1)

/*
 * Commands. GET/SET/DEL act on the policy of one service type; POLICY_GET
 * without TIPC_LB_A_TYPE, as a dump, lists every configured type.
 * DEFAULT_SET with TIPC_LB_POLICY_NONE removes the per-netns default.
 * Changes need CAP_NET_ADMIN in the user namespace owning the netns.
 */
enum {
	TIPC_LB_CMD_UNSPEC,
	TIPC_LB_CMD_POLICY_GET,		/* do: TYPE; dump: all types */
	TIPC_LB_CMD_POLICY_SET,		/* TYPE, POLICY */
	TIPC_LB_CMD_POLICY_DEL,		/* TYPE */
	TIPC_LB_CMD_DEFAULT_GET,	/* reply: POLICY */
	TIPC_LB_CMD_DEFAULT_SET,	/* POLICY */

	/* private: */
	__TIPC_LB_CMD_MAX,
};

#define TIPC_LB_CMD_MAX (__TIPC_LB_CMD_MAX - 1)

#endif /* _UAPI_LINUX_TIPC_LB_H */
