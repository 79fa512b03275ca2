// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "rr" policy: round-robin over every
 * publication covering the instance, across overlapping service ranges
 *
 * Every selection stamps the publication with the service's clock, and a
 * lookup takes the candidate stamped longest ago: a stream of lookups for
 * one instance visits every candidate once per cycle, whatever ranges they
 * published. Each group keeps its members in stamp order (a selection
 * moves the member to the tail), so a lookup compares one head per group
 * covering the instance. A newcomer is stamped on arrival and joins the
 * end of the cycle; nobody else's place changes when a publication comes
 * or goes.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

static struct publication *tipc_lb_rr_first(struct tipc_lb_set *set,
					    int scope, u32 inst, bool conn)
{
	return list_first_entry(&set->lru, struct tipc_lb_memb, lru)->p;
}

static bool tipc_lb_rr_better(const struct publication *a,
			      const struct publication *b, u32 inst, bool conn)
{
	return a->lb.stamp < b->lb.stamp;
}

static void tipc_lb_rr_picked(struct tipc_lb_svc *lb, struct publication *p,
			      bool conn)
{
	struct tipc_lb_grp *grp = p->lb.grp;

	p->lb.stamp = ++lb->clock;
	list_move_tail(&p->lb.m[TIPC_LB_ALL].lru, &grp->set[TIPC_LB_ALL].lru);
	if (p->lb.local)
		list_move_tail(&p->lb.m[TIPC_LB_LOCAL].lru,
			       &grp->set[TIPC_LB_LOCAL].lru);
}

const struct tipc_lb_ops tipc_lb_rr_ops = {
	.name	= "rr",
	.id	= TIPC_LB_POLICY_RR,
	.kind	= TIPC_LB_KIND_LRU,
	.first	= tipc_lb_rr_first,
	.better	= tipc_lb_rr_better,
	.picked	= tipc_lb_rr_picked,
};
