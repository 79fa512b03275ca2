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
 * first again.
 *
 * The answer is the same from every node, the primary's own included: a
 * legacy node's closest-first preference for local publications does not
 * apply, or a standby would serve its own node's clients while the
 * primary is up. A lookup confined to this node by its domain still sees
 * only local publications.
 *
 * Each group keeps its members in that order (a tree with its first node
 * cached), so a lookup compares one candidate per group covering the
 * instance.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

static struct publication *tipc_lb_sorted_first(struct tipc_lb_set *set,
						int scope, u32 inst, bool conn)
{
	return rb_entry(rb_first_cached(&set->ord), struct tipc_lb_memb, ord)->p;
}

static bool tipc_lb_sorted_better(const struct publication *a,
				  const struct publication *b, u32 inst,
				  bool conn)
{
	if (a->lb.rank != b->lb.rank)
		return a->lb.rank < b->lb.rank;
	return tipc_lb_cmp_identity(a, b) < 0;
}

const struct tipc_lb_ops tipc_lb_sorted_ops = {
	.name		= "sorted",
	.id		= TIPC_LB_POLICY_SORTED,
	.kind		= TIPC_LB_KIND_ORDER,
	.cluster_wide	= true,
	.first		= tipc_lb_sorted_first,
	.better		= tipc_lb_sorted_better,
};
