// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "weighted" policy: weighted round-robin in
 * virtual time, and the "least" policy built on it
 *
 * Each publication advances in virtual time by 1/weight per selection; a
 * lookup takes, among the candidates that are not ahead of their share
 * (eligible), the one whose next selection is due first (earliest virtual
 * deadline, as the scheduler's EEVDF). Picks are weight-proportional and
 * interleaved, as smooth weighted round-robin: with weights 3:1:1 a cycle
 * is A B A C A, never A A A B C, and no candidate is ever more than one
 * selection off its share of a stable set. A pick is O(log n): see
 * tipc_lb_vtime_first(). A publication's virtual time is its own: it
 * survives other publications coming and going and configuration
 * changes; a newcomer starts at its group's virtual time.
 *
 * Weight 0 drains a publication: it is never picked.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

static struct publication *tipc_lb_weighted_first(struct tipc_lb_set *set,
						  int scope, u32 inst,
						  bool conn)
{
	return tipc_lb_vtime_first(set);
}

/* Between groups: the earliest deadline, then a cluster-wide order */
static bool tipc_lb_weighted_better(const struct publication *a,
				    const struct publication *b, u32 inst,
				    bool conn)
{
	if (a->lb.vd != b->lb.vd)
		return (s64)(a->lb.vd - b->lb.vd) < 0;
	return tipc_lb_cmp_identity(a, b) < 0;
}

static void tipc_lb_weighted_picked(struct tipc_lb_svc *lb,
				    struct publication *p, bool conn)
{
	tipc_lb_vtime_advance(lb, p);
}

const struct tipc_lb_ops tipc_lb_weighted_ops = {
	.name	= "weighted",
	.id	= TIPC_LB_POLICY_WEIGHTED,
	.kind	= TIPC_LB_KIND_VTIME,
	.first	= tipc_lb_weighted_first,
	.better	= tipc_lb_weighted_better,
	.picked	= tipc_lb_weighted_picked,
};

/*
 * "least": a connection setup goes to the candidate with the fewest
 * connections opened from this node and still alive, relative to its
 * weight, ties broken by virtual deadline as weighted does. Each group
 * keeps a second tree in that order. Connectionless sends open nothing,
 * so they are balanced exactly as by "weighted".
 */
static struct publication *tipc_lb_least_first(struct tipc_lb_set *set,
					       int scope, u32 inst, bool conn)
{
	return conn ? tipc_lb_vtime_load_first(set) : tipc_lb_vtime_first(set);
}

static bool tipc_lb_least_better(const struct publication *a,
				 const struct publication *b, u32 inst,
				 bool conn)
{
	u64 la = (u64)a->lb.conns * b->lb.weight;
	u64 lb = (u64)b->lb.conns * a->lb.weight;

	if (conn && la != lb)
		return la < lb;
	return tipc_lb_weighted_better(a, b, inst, conn);
}

const struct tipc_lb_ops tipc_lb_least_ops = {
	.name	= "least",
	.id	= TIPC_LB_POLICY_LEAST,
	.kind	= TIPC_LB_KIND_VTIME,
	.by_load = true,
	.first	= tipc_lb_least_first,
	.better	= tipc_lb_least_better,
	.picked	= tipc_lb_weighted_picked,
};
