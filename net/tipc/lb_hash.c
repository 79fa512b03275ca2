// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer, "hash" policy: rendezvous hashing
 *
 * Each candidate scores hash(instance, node, port) with a fixed seed and
 * the highest score wins. The (node, port) half is hashed once, when the
 * publication joins (tipc_lb_hash_key()); a lookup only mixes the instance
 * into it, with the murmur3 finalizer. Every node computes the same scores, so an
 * instance goes to the same server from everywhere; when a server leaves,
 * only the instances it won move, and a newcomer only takes instances it
 * now wins. The cost is one hash per candidate of the segment.
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

static u32 tipc_lb_hash_score(u32 inst, struct publication *p)
{
	u32 h = inst ^ p->lb.hkey;

	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	return h ^ (h >> 16);
}

static struct publication *tipc_lb_hash_select(struct tipc_lb_svc *lb,
					       struct tipc_lb_set *set,
					       u32 inst, bool conn)
{
	struct publication *p, *best = set->publ[0];
	u32 score, top, i;

	if (set->n == 1)
		return best;
	top = tipc_lb_hash_score(inst, best);
	for (i = 1; i < set->n; i++) {
		p = set->publ[i];
		score = tipc_lb_hash_score(inst, p);
		/* Equal scores: the lower (node, port) wins, on every node */
		if (score > top || (score == top &&
				    (p->sk.node < best->sk.node ||
				     (p->sk.node == best->sk.node &&
				      p->sk.ref < best->sk.ref)))) {
			top = score;
			best = p;
		}
	}
	return best;
}

/* The pick does not depend on the order: any total order will do */
static int tipc_lb_hash_cmp(const void *a, const void *b)
{
	const struct publication *pa = *(const struct publication **)a;
	const struct publication *pb = *(const struct publication **)b;

	return pa->key < pb->key ? -1 : pa->key > pb->key;
}

const struct tipc_lb_ops tipc_lb_hash_ops = {
	.name	= "hash",
	.id	= TIPC_LB_POLICY_HASH,
	.cmp	= tipc_lb_hash_cmp,
	.select	= tipc_lb_hash_select,
};
