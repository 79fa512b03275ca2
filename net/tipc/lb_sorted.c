// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "sorted" policy: hot standby
 *
 * Every lookup goes to the first candidate in an order that every node
 * computes alike, whatever the order publications arrived in: explicit
 * priority (lower first; none sorts last), then node identity compared as
 * a string (node1 < node2, as SmartSockets sorts subject names), then the
 * lower bound, then the port. The first one serves everything until it is
 * withdrawn (unbind, process exit, node loss); when it comes back it is
 * first again. The order is set when segments are rebuilt: a lookup is
 * O(1) after the segment search.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

static int tipc_lb_sorted_cmp(const void *a, const void *b)
{
	const struct publication *pa = *(const struct publication **)a;
	const struct publication *pb = *(const struct publication **)b;

	if (pa->lb.rank != pb->lb.rank)
		return pa->lb.rank < pb->lb.rank ? -1 : 1;
	return tipc_lb_cmp_identity(pa, pb);
}

static struct publication *tipc_lb_sorted_select(struct tipc_lb_svc *lb,
						 struct tipc_lb_set *set,
						 u32 inst, bool conn)
{
	return set->publ[0];
}

const struct tipc_lb_ops tipc_lb_sorted_ops = {
	.name	= "sorted",
	.id	= TIPC_LB_POLICY_SORTED,
	.ordered	= true,
	.cmp	= tipc_lb_sorted_cmp,
	.select	= tipc_lb_sorted_select,
};
