/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TIPC anycast load balancer (tipc-lb)
 *
 * The stock anycast lookup round-robins inside the first service range
 * that covers the instance. A balancing policy instead sees every
 * publication covering the instance, whatever range it sits in.
 *
 * To keep the lookup (which runs on every send, under the service lock with
 * bottom halves off) free of allocations and of walks over all
 * publications, the service's ranges are cut at publish/withdraw time into
 * disjoint segments, each listing the publications that cover all of it.
 * A lookup is then a binary search for the segment plus the policy's pick
 * among that segment's candidates.
 */

#ifndef _TIPC_LB_H
#define _TIPC_LB_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/xarray.h>
#include <linux/tipc_lb.h>

struct net;
struct publication;
struct tipc_socket_addr;

/**
 * struct tipc_lb_publ - balancer state of one publication
 * @node: member of tipc_lb_svc::publs
 * @stamp: service clock value at the last selection (or when it arrived);
 *	candidates are ordered by it when segments are rebuilt
 */
struct tipc_lb_publ {
	struct list_head node;
	u64 stamp;
};

/**
 * struct tipc_lb_set - candidates of a segment for one lookup scope
 * @publ: the candidates, in the policy's order
 * @n: number of candidates
 * @next: position of the next pick (rotating policies)
 */
struct tipc_lb_set {
	struct publication **publ;
	u32 n;
	u32 next;
};

/**
 * struct tipc_lb_seg - instances served by the same set of publications
 * @lower: first instance of the segment
 * @upper: last instance of the segment
 * @all: every publication covering the segment
 * @local: the subset published from this node
 */
struct tipc_lb_seg {
	u32 lower;
	u32 upper;
	struct tipc_lb_set all;
	struct tipc_lb_set local;
};

/**
 * struct tipc_lb_table - segments of a service, sorted by instance
 * @nseg: number of segments; instances outside them have no publication
 * @seg: the segments, followed in the same allocation by the candidate
 *	pointers they refer to
 */
struct tipc_lb_table {
	u32 nseg;
	struct tipc_lb_seg seg[];
};

struct tipc_lb_svc;

/**
 * struct tipc_lb_ops - a selection policy
 * @name: policy name, as shown to users
 * @publ_added: a publication joined the service (optional)
 * @cmp: order of candidates in a set, applied when segments are rebuilt;
 *	sort() comparator over struct publication pointers
 * @select: pick one of @set's candidates (@set->n > 0). Runs under the
 *	service lock with bottom halves off: no allocation, no sleeping.
 */
struct tipc_lb_ops {
	const char *name;
	void (*publ_added)(struct tipc_lb_svc *lb, struct publication *p);
	int (*cmp)(const void *a, const void *b);
	struct publication *(*select)(struct tipc_lb_svc *lb,
				      struct tipc_lb_set *set);
};

/**
 * struct tipc_lb_svc - balancer state of one service type
 * @ops: the policy
 * @publs: every publication of the service
 * @npubl: number of entries in @publs
 * @tbl: segment table, NULL if it could not be built (stock lookup then)
 * @clock: advances at every selection and publication arrival
 *
 * Owned by struct tipc_service and protected by its lock.
 */
struct tipc_lb_svc {
	const struct tipc_lb_ops *ops;
	struct list_head publs;
	u32 npubl;
	struct tipc_lb_table *tbl;
	u64 clock;
};

/**
 * struct tipc_lb_cfg - configured policy of a service type, or the default
 * @policy: enum tipc_lb_policy
 * @rcu: entries are immutable and freed after a grace period, so service
 *	creation can read them from any context
 */
struct tipc_lb_cfg {
	u32 policy;
	struct rcu_head rcu;
};

/**
 * struct tipc_lb_net - balancer configuration of a network namespace
 * @types: service type -> struct tipc_lb_cfg
 * @dflt: policy of types without an entry, NULL for the stock lookup
 *
 * Written under genl_mutex; read under RCU.
 */
struct tipc_lb_net {
	struct xarray types;
	struct tipc_lb_cfg __rcu *dflt;
};

extern const struct tipc_lb_ops tipc_lb_rr_ops;

void tipc_lb_net_init(struct tipc_lb_net *lbn);
void tipc_lb_net_exit(struct tipc_lb_net *lbn);
u32 tipc_lb_net_policy(struct tipc_lb_net *lbn, u32 type);
const struct tipc_lb_ops *tipc_lb_policy_ops(u32 policy);

struct tipc_lb_svc *tipc_lb_svc_alloc(const struct tipc_lb_ops *ops);
struct tipc_lb_svc *tipc_lb_svc_create(struct net *net, u32 type);
void tipc_lb_svc_destroy(struct tipc_lb_svc *lb);
void tipc_lb_publ_link(struct tipc_lb_svc *lb, struct publication *p);
void tipc_lb_commit(struct tipc_lb_svc *lb);
bool tipc_lb_select(struct tipc_lb_svc *lb, u32 inst,
		    struct tipc_socket_addr *sk, u32 self, bool legacy,
		    bool *res);

/* Membership callbacks, called under the service lock */
static inline void tipc_lb_publ_added(struct tipc_lb_svc *lb,
				      struct publication *p)
{
	if (!lb)
		return;
	tipc_lb_publ_link(lb, p);
	tipc_lb_commit(lb);
}

void tipc_lb_publ_removed(struct tipc_lb_svc *lb, struct publication *p);

int tipc_lb_genl_register(void);
void tipc_lb_genl_unregister(void);

#endif
