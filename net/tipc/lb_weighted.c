// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "weighted" policy: smooth weighted
 * round-robin, and the "least" policy built on it
 *
 * Smooth weighted round-robin (as in nginx): at each pick every eligible
 * candidate gains its weight, the one with the most is chosen and pays the
 * total. Picks are weight-proportional and interleaved: with weights 3:1:1
 * a cycle is A B A C A, never A A A B C. The cost is one pass over the
 * segment's candidates, except when all candidates weigh the same: from
 * equal current weights the pass always takes the next candidate in
 * order, so such sets (found when segments are built) just rotate, in
 * O(1). Current weights belong to the segment's candidate set and restart
 * from zero when membership changes.
 *
 * Weight 0 drains a publication: it is never picked.
 */

#include "core.h"
#include "name_table.h"
#include "lb.h"

/* Fewer connections per unit of weight than @b (cross-multiplied) */
static bool tipc_lb_less_loaded(struct publication *a, struct publication *b)
{
	return (u64)a->lb.conns * b->lb.weight <
	       (u64)b->lb.conns * a->lb.weight;
}

/**
 * tipc_lb_swrr - smooth weighted round-robin pick
 * @set: candidates
 * @least: only candidates with the fewest connections per weight compete
 *
 * Return: the pick, NULL if every candidate is drained.
 */
struct publication *tipc_lb_swrr(struct tipc_lb_set *set, bool least)
{
	struct publication *p, *min = NULL;
	s64 total = 0;
	int i, best = -1;

	/* Equal weights from equal current weights: the next in order */
	if (!least && set->uniform) {
		p = set->publ[set->next];
		if (++set->next == set->n)
			set->next = 0;
		return p;
	}
	if (least) {
		for (i = 0; i < set->n; i++) {
			p = set->publ[i];
			if (p->lb.weight && (!min || tipc_lb_less_loaded(p, min)))
				min = p;
		}
	}
	for (i = 0; i < set->n; i++) {
		p = set->publ[i];
		if (!p->lb.weight)
			continue;
		if (min && (tipc_lb_less_loaded(min, p)))
			continue;
		set->cw[i] += p->lb.weight;
		total += p->lb.weight;
		if (best < 0 || set->cw[i] > set->cw[best])
			best = i;
	}
	if (best < 0)
		return NULL;
	set->cw[best] -= total;
	return set->publ[best];
}

/* Candidates in a cluster-wide order, so ties break the same way after
 * every rebuild and on every node
 */
static int tipc_lb_weighted_cmp(const void *a, const void *b)
{
	return tipc_lb_cmp_identity(*(const struct publication **)a,
				    *(const struct publication **)b);
}

static struct publication *tipc_lb_weighted_select(struct tipc_lb_svc *lb,
						   struct tipc_lb_set *set,
						   u32 inst, bool conn)
{
	return tipc_lb_swrr(set, false);
}

const struct tipc_lb_ops tipc_lb_weighted_ops = {
	.name	= "weighted",
	.id	= TIPC_LB_POLICY_WEIGHTED,
	.cmp	= tipc_lb_weighted_cmp,
	.select	= tipc_lb_weighted_select,
};

/*
 * "least": a connection setup goes to the candidate with the fewest
 * connections opened from this node and still alive, relative to its
 * weight, ties broken by smooth weighted round-robin. Connectionless sends
 * open nothing, so they are balanced exactly as by "weighted".
 */
static struct publication *tipc_lb_least_select(struct tipc_lb_svc *lb,
						struct tipc_lb_set *set,
						u32 inst, bool conn)
{
	return tipc_lb_swrr(set, conn);
}

const struct tipc_lb_ops tipc_lb_least_ops = {
	.name	= "least",
	.id	= TIPC_LB_POLICY_LEAST,
	.cmp	= tipc_lb_weighted_cmp,
	.select	= tipc_lb_least_select,
};
