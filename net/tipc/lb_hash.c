// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "hash" policy: rendezvous hashing
 *
 * Each candidate scores hash(instance, node, port) with a fixed seed and
 * the highest score wins. The (node, port) half is hashed once, when the
 * publication joins (tipc_lb_hash_key()); a lookup only mixes the instance
 * into it, with the murmur3 finalizer. Every node computes the same
 * scores, so an instance goes to the same server from everywhere; when a
 * server leaves, only the instances it won move, and a newcomer only takes
 * instances it now wins.
 *
 * As sorted, the answer is the same from every node: no closest-first
 * preference on legacy nodes.
 *
 * The cost is one score per candidate covering the instance: the policy
 * scans them (see Documentation/policies/hash.rst for why no index
 * replaces the scan).
 */

#include <linux/jhash.h>
#include "core.h"
#include "name_table.h"
#include "lb.h"

/* Fixed, so that every node and every module load agree */
#define TIPC_LB_HASH_SEED	0x7469706cU	/* "tipl" */

u32 tipc_lb_hash_key(const struct publication *p)
{
	return jhash_2words(p->sk.node, p->sk.ref, TIPC_LB_HASH_SEED);
}

u32 tipc_lb_hash_score(u32 inst, const struct publication *p)
{
	u32 h = inst ^ p->lb.hkey;

	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	return h ^ (h >> 16);
}

/* Higher score; equal scores: the lower (node, port), on every node */
static bool tipc_lb_hash_beats(u32 sa, const struct publication *a,
			       u32 sb, const struct publication *b)
{
	if (sa != sb)
		return sa > sb;
	if (a->sk.node != b->sk.node)
		return a->sk.node < b->sk.node;
	return a->sk.ref < b->sk.ref;
}

static struct publication *tipc_lb_hash_first(struct tipc_lb_set *set,
					      int scope, u32 inst, bool conn)
{
	struct publication *best = NULL;
	struct tipc_lb_memb *m;
	u32 score, top = 0;

	list_for_each_entry(m, &set->lru, lru) {
		score = tipc_lb_hash_score(inst, m->p);
		if (!best || tipc_lb_hash_beats(score, m->p, top, best)) {
			top = score;
			best = m->p;
		}
	}
	return best;
}

static bool tipc_lb_hash_better(const struct publication *a,
				const struct publication *b, u32 inst,
				bool conn)
{
	return tipc_lb_hash_beats(tipc_lb_hash_score(inst, a), a,
				  tipc_lb_hash_score(inst, b), b);
}

const struct tipc_lb_ops tipc_lb_hash_ops = {
	.name		= "hash",
	.id		= TIPC_LB_POLICY_HASH,
	.kind		= TIPC_LB_KIND_LRU,
	.cluster_wide	= true,
	.first		= tipc_lb_hash_first,
	.better		= tipc_lb_hash_better,
};
