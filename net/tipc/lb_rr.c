// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "rr" policy: round-robin over every
 * publication covering the instance, across overlapping service ranges
 *
 * Each segment's candidates are kept in least-recently-selected order and
 * taken in turn, so a stream of lookups for one instance visits every
 * candidate exactly once per cycle. The order survives membership changes:
 * a rebuild re-sorts by the time of last selection, and a newcomer is
 * stamped as just selected, joining the end of the cycle.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

static int tipc_lb_rr_cmp(const void *a, const void *b)
{
	const struct publication *pa = *(const struct publication **)a;
	const struct publication *pb = *(const struct publication **)b;

	if (pa->lb.stamp != pb->lb.stamp)
		return pa->lb.stamp < pb->lb.stamp ? -1 : 1;
	/* Stamps are unique per service; keep the sort total regardless */
	return pa->key < pb->key ? -1 : pa->key > pb->key;
}

static struct publication *tipc_lb_rr_select(struct tipc_lb_svc *lb,
					     struct tipc_lb_set *set, u32 inst,
					     bool conn)
{
	struct publication *p = set->publ[set->next];

	if (++set->next == set->n)
		set->next = 0;
	p->lb.stamp = ++lb->clock;
	return p;
}

const struct tipc_lb_ops tipc_lb_rr_ops = {
	.name	= "rr",
	.id	= TIPC_LB_POLICY_RR,
	.cmp	= tipc_lb_rr_cmp,
	.select	= tipc_lb_rr_select,
};
