// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer: groups and candidate sets, the lookup hook
 * and the per-netns configuration store
 *
 * Nothing here allocates: a service's balancer state is embedded in the
 * service, a group in its TIPC service range, a candidate's state in its
 * publication. A publish or withdraw links or unlinks one publication in
 * its group (O(log n) for the tree-based policies, O(1) for rr), a lookup
 * visits the groups covering the instance, so a peer can neither make
 * this node allocate nor make one of its softirq passes rebuild anything.
 */

#include <linux/interval_tree_generic.h>
#include <linux/jhash.h>
#include <linux/list_sort.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>
#include "core.h"
#include "addr.h"
#include "node.h"
#include "name_table.h"
#include "lb.h"

static const struct tipc_lb_ops *tipc_lb_policies[__TIPC_LB_POLICY_MAX] = {
	[TIPC_LB_POLICY_RR]		= &tipc_lb_rr_ops,
	[TIPC_LB_POLICY_WEIGHTED]	= &tipc_lb_weighted_ops,
	[TIPC_LB_POLICY_LEAST]		= &tipc_lb_least_ops,
	[TIPC_LB_POLICY_SORTED]		= &tipc_lb_sorted_ops,
	[TIPC_LB_POLICY_HASH]		= &tipc_lb_hash_ops,
};

const struct tipc_lb_ops *tipc_lb_policy_ops(u32 policy)
{
	return policy < __TIPC_LB_POLICY_MAX ? tipc_lb_policies[policy] : NULL;
}

/* ---- configuration store ---------------------------------------------- */

void tipc_lb_net_init(struct tipc_lb_net *lbn)
{
	xa_init(&lbn->types);
	hash_init(lbn->ents);
	lbn->ntypes = 0;
	lbn->nents = 0;
	lbn->dflt_policy = TIPC_LB_POLICY_NONE;
}

/* Called when the namespace's name table goes away, after every service
 * (and so every reader of the configuration) is gone.
 */
void tipc_lb_net_exit(struct tipc_lb_net *lbn)
{
	struct tipc_lb_ent *e;
	struct hlist_node *tmp;
	struct tipc_lb_cfg *cfg;
	unsigned long type;
	int bkt;

	hash_for_each_safe(lbn->ents, bkt, tmp, e, hnode) {
		hash_del(&e->hnode);
		kfree(e);
	}
	xa_for_each(&lbn->types, type, cfg)
		kfree(cfg);
	xa_destroy(&lbn->types);
}

/* Configuration of a service type; caller holds RCU or genl_mutex */
struct tipc_lb_cfg *tipc_lb_cfg_get(struct tipc_lb_net *lbn, u32 type)
{
	return xa_load(&lbn->types, type);
}

u32 tipc_lb_ent_hash(const struct tipc_lb_ent *key)
{
	u32 h = jhash_3words(key->type, key->kind, key->port, key->node_addr);

	return key->node_id[0] ? jhash(key->node_id, strlen(key->node_id), h) : h;
}

static bool tipc_lb_ent_same(const struct tipc_lb_ent *a,
			     const struct tipc_lb_ent *b)
{
	return a->type == b->type && a->kind == b->kind &&
	       a->node_addr == b->node_addr && a->port == b->port &&
	       !strcmp(a->node_id, b->node_id);
}

/**
 * tipc_lb_ent_lookup - the entry with @key's type, kind, node and port
 * @lbn: the namespace's configuration
 * @key: what to look for (@key->val is ignored)
 *
 * Caller holds RCU or genl_mutex.
 *
 * Return: the entry, or NULL.
 */
const struct tipc_lb_ent *tipc_lb_ent_lookup(struct tipc_lb_net *lbn,
					     const struct tipc_lb_ent *key)
{
	struct tipc_lb_ent *e;

	hash_for_each_possible_rcu(lbn->ents, e, hnode, tipc_lb_ent_hash(key))
		if (tipc_lb_ent_same(e, key))
			return e;
	return NULL;
}

/* The most specific entry of @kind for @p: its port on its node (by
 * identity, then by address), then its whole node (likewise)
 */
static const struct tipc_lb_ent *tipc_lb_ent_find(struct tipc_lb_net *lbn,
						  u32 type, u32 kind,
						  struct publication *p)
{
	struct tipc_lb_ent key = { .type = type, .kind = kind };
	const struct tipc_lb_ent *e;
	int i;

	for (i = 0; i < 4; i++) {
		key.port = i < 2 ? p->sk.ref : 0;
		if (i & 1) {
			key.node_id[0] = '\0';
			key.node_addr = p->sk.node;
		} else {
			strscpy(key.node_id, p->lb.node_id, sizeof(key.node_id));
			key.node_addr = 0;
		}
		e = tipc_lb_ent_lookup(lbn, &key);
		if (e)
			return e;
	}
	return NULL;
}

/* ---- orders ------------------------------------------------------------ */

/**
 * tipc_lb_cmp_identity - an order of publications every node agrees on
 * @pa: a publication
 * @pb: another one
 *
 * Node identity as a string, then lower bound, then port: never arrival
 * order, which differs from node to node.
 *
 * Return: <0, 0 or >0 as @pa sorts before, with or after @pb.
 */
int tipc_lb_cmp_identity(const struct publication *pa,
			 const struct publication *pb)
{
	int d = strcmp(pa->lb.node_id, pb->lb.node_id);

	if (d)
		return d;
	if (pa->sr.lower != pb->sr.lower)
		return pa->sr.lower < pb->sr.lower ? -1 : 1;
	return pa->sk.ref < pb->sk.ref ? -1 : pa->sk.ref > pb->sk.ref;
}

/* sorted: priority, then identity */
static bool tipc_lb_rank_less(const struct publication *a,
			      const struct publication *b)
{
	if (a->lb.rank != b->lb.rank)
		return a->lb.rank < b->lb.rank;
	return tipc_lb_cmp_identity(a, b) < 0;
}

/* Virtual times wrap: compare their distance */
static bool tipc_lb_vt_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/* weighted: earliest virtual deadline, then identity */
static bool tipc_lb_vd_less(const struct publication *a,
			    const struct publication *b)
{
	if (a->lb.vd != b->lb.vd)
		return tipc_lb_vt_before(a->lb.vd, b->lb.vd);
	return tipc_lb_cmp_identity(a, b) < 0;
}

/* least: fewest connections per unit of weight (cross-multiplied), then
 * as weighted
 */
static bool tipc_lb_load_less(const struct publication *a,
			      const struct publication *b)
{
	u64 la = (u64)a->lb.conns * b->lb.weight;
	u64 lb = (u64)b->lb.conns * a->lb.weight;

	if (la != lb)
		return la < lb;
	return tipc_lb_vd_less(a, b);
}

static struct tipc_lb_memb *tipc_lb_ord_memb(const struct rb_node *n)
{
	return rb_entry(n, struct tipc_lb_memb, ord);
}

static struct tipc_lb_memb *tipc_lb_load_memb(const struct rb_node *n)
{
	return rb_entry(n, struct tipc_lb_memb, load);
}

static bool tipc_lb_rank_node_less(struct rb_node *a, const struct rb_node *b)
{
	return tipc_lb_rank_less(tipc_lb_ord_memb(a)->p,
				 tipc_lb_ord_memb(b)->p);
}

static bool tipc_lb_order_node_less(struct rb_node *a, const struct rb_node *b)
{
	return tipc_lb_rank_less(rb_entry(a, struct tipc_lb_memb, order)->p,
				 rb_entry(b, struct tipc_lb_memb, order)->p);
}

static bool tipc_lb_load_node_less(struct rb_node *a, const struct rb_node *b)
{
	return tipc_lb_load_less(tipc_lb_load_memb(a)->p,
				 tipc_lb_load_memb(b)->p);
}

/* ---- virtual time (weighted, least) -------------------------------------
 *
 * Earliest eligible virtual deadline first, as the scheduler's EEVDF: a
 * publication of weight w starts at virtual time vs and, once selected,
 * moves on by 1/w; its deadline vd is vs + 1/w. Among the candidates
 * whose vs is not after the set's virtual time V (the weighted average
 * of their vs) the earliest deadline wins. Each candidate then stays
 * within one selection of its weighted share, as smooth weighted
 * round-robin does, and the pick is O(log n): the tree is ordered by
 * deadline and each node knows the earliest start below it.
 */

/* One selection of a weight-1 publication, in virtual time units: fine
 * enough that truncating 1/weight costs less than a selection in 10^5
 */
#define TIPC_LB_VSCALE		BIT_ULL(32)
/* Past this, the set's sum moves its origin (keeps products in s64) */
#define TIPC_LB_VSUM_MAX	BIT_ULL(50)

static u64 tipc_lb_stride(u32 weight)
{
	return div_u64(TIPC_LB_VSCALE, weight);
}

static bool tipc_lb_vs_compute(struct tipc_lb_memb *m, bool exit)
{
	u64 min = m->p->lb.vs, old = m->min_vs;
	struct rb_node *c;

	c = m->ord.rb_left;
	if (c && tipc_lb_vt_before(tipc_lb_ord_memb(c)->min_vs, min))
		min = tipc_lb_ord_memb(c)->min_vs;
	c = m->ord.rb_right;
	if (c && tipc_lb_vt_before(tipc_lb_ord_memb(c)->min_vs, min))
		min = tipc_lb_ord_memb(c)->min_vs;
	m->min_vs = min;
	return min == old;
}

RB_DECLARE_CALLBACKS(static, tipc_lb_vs_cb, struct tipc_lb_memb, ord, min_vs,
		     tipc_lb_vs_compute);

static void tipc_lb_vt_insert(struct tipc_lb_set *set, struct tipc_lb_memb *m)
{
	struct rb_node **link = &set->ord.rb_root.rb_node, *parent = NULL;
	struct tipc_lb_memb *e;
	bool leftmost = true;

	m->min_vs = m->p->lb.vs;
	while (*link) {
		parent = *link;
		e = tipc_lb_ord_memb(parent);
		/* Ancestors of the new node learn its start on the way down */
		if (tipc_lb_vt_before(m->min_vs, e->min_vs))
			e->min_vs = m->min_vs;
		if (tipc_lb_vd_less(m->p, e->p)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&m->ord, parent, link);
	rb_insert_augmented_cached(&m->ord, &set->ord, leftmost, &tipc_lb_vs_cb);
}

/* vs is not after the set's virtual time: (vs - vbase) * wsum <= vsum.
 * vsum stays under TIPC_LB_VSUM_MAX plus a selection, so a product too
 * large for s64 is far on its side of it.
 */
static bool tipc_lb_eligible(const struct tipc_lb_set *set, u64 vs)
{
	s64 lag = vs - set->vbase, prod;

	if (check_mul_overflow(lag, (s64)set->wsum, &prod))
		return lag < 0;
	return prod <= set->vsum;
}

/* Virtual time of @set, which has members of non-zero weight */
static u64 tipc_lb_vnow(const struct tipc_lb_set *set)
{
	return set->vbase + div64_s64(set->vsum, set->wsum);
}

/**
 * tipc_lb_vtime_first - earliest eligible deadline of a candidate set
 * @set: the candidates (of non-zero weight) of a group, for one scope
 *
 * Return: the candidate, NULL if every member is drained.
 */
struct publication *tipc_lb_vtime_first(struct tipc_lb_set *set)
{
	struct rb_node *node = set->ord.rb_root.rb_node, *left;
	struct tipc_lb_memb *m;

	while (node) {
		left = node->rb_left;
		/* An eligible node on the left has an earlier deadline */
		if (left && tipc_lb_eligible(set, tipc_lb_ord_memb(left)->min_vs)) {
			node = left;
			continue;
		}
		m = tipc_lb_ord_memb(node);
		if (tipc_lb_eligible(set, m->p->lb.vs))
			return m->p;
		node = node->rb_right;
	}
	/* Not reached: the earliest start is never after the average */
	node = rb_first_cached(&set->ord);
	return node ? tipc_lb_ord_memb(node)->p : NULL;
}

/**
 * tipc_lb_vtime_load_first - least: fewest connections per weight
 * @set: the candidates (of non-zero weight) of a group, for one scope
 *
 * Return: the candidate, NULL if every member is drained.
 */
struct publication *tipc_lb_vtime_load_first(struct tipc_lb_set *set)
{
	struct rb_node *node = rb_first_cached(&set->load);

	return node ? tipc_lb_load_memb(node)->p : NULL;
}

static void tipc_lb_vt_link(struct tipc_lb_svc *lb, struct tipc_lb_set *set,
			    struct tipc_lb_memb *m)
{
	struct publication *p = m->p;

	if (!p->lb.weight)	/* drained: never a candidate */
		return;
	if (!set->wsum) {
		set->vbase = p->lb.vs;
		set->vsum = 0;
	}
	set->vsum += (s64)(p->lb.vs - set->vbase) * p->lb.weight;
	set->wsum += p->lb.weight;
	tipc_lb_vt_insert(set, m);
	if (lb->ops->by_load)
		rb_add_cached(&m->load, &set->load, tipc_lb_load_node_less);
}

static void tipc_lb_vt_unlink(struct tipc_lb_svc *lb, struct tipc_lb_set *set,
			      struct tipc_lb_memb *m)
{
	struct publication *p = m->p;

	if (!p->lb.weight)
		return;
	rb_erase_augmented_cached(&m->ord, &set->ord, &tipc_lb_vs_cb);
	if (lb->ops->by_load)
		rb_erase_cached(&m->load, &set->load);
	set->vsum -= (s64)(p->lb.vs - set->vbase) * p->lb.weight;
	set->wsum -= p->lb.weight;
}

/* Scopes whose candidate sets @p is a member of: 0 (all) up to this */
static int tipc_lb_scopes(const struct publication *p)
{
	return p->lb.local ? TIPC_LB_SCOPES : TIPC_LB_ALL + 1;
}

/**
 * tipc_lb_vtime_advance - weighted, least: @p was selected
 * @lb: balancer state of the service
 * @p: the selected publication (of non-zero weight)
 *
 * Moves its virtual start on by one selection in every set it belongs to.
 * O(log n) per set.
 */
void tipc_lb_vtime_advance(struct tipc_lb_svc *lb, struct publication *p)
{
	u64 stride = tipc_lb_stride(p->lb.weight), delta;
	struct tipc_lb_set *set;
	int s;

	for (s = 0; s < tipc_lb_scopes(p); s++)
		tipc_lb_vt_unlink(lb, &p->lb.grp->set[s], &p->lb.m[s]);
	lb->vnow = p->lb.vd;
	p->lb.vs += stride;
	p->lb.vd = p->lb.vs + stride;
	for (s = 0; s < tipc_lb_scopes(p); s++) {
		set = &p->lb.grp->set[s];
		tipc_lb_vt_link(lb, set, &p->lb.m[s]);
		if (set->vsum < (s64)TIPC_LB_VSUM_MAX)
			continue;
		/* Move the origin to the set's virtual time */
		delta = div64_u64(set->vsum, set->wsum);
		set->vbase += delta;
		set->vsum -= delta * set->wsum;
	}
}

/* ---- groups and candidate sets ------------------------------------------ */

#define tipc_lb_grp_start(g)	((g)->lower)
#define tipc_lb_grp_last(g)	((g)->upper)

INTERVAL_TREE_DEFINE(struct tipc_lb_grp, node, u32, last, tipc_lb_grp_start,
		     tipc_lb_grp_last, static, tipc_lb_grp_it)

static void tipc_lb_grp_reset(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			      struct publication *p)
{
	int s;

	memset(grp, 0, sizeof(*grp));
	grp->lower = p->sr.lower;
	grp->upper = p->sr.upper;
	grp->gen = lb->gen;
	for (s = 0; s < TIPC_LB_SCOPES; s++) {
		if (lb->ops->kind == TIPC_LB_KIND_LRU)
			INIT_LIST_HEAD(&grp->set[s].lru);
		else
			grp->set[s].ord = RB_ROOT_CACHED;
		grp->set[s].load = RB_ROOT_CACHED;
	}
}

static void tipc_lb_set_link(struct tipc_lb_svc *lb, struct tipc_lb_set *set,
			     struct tipc_lb_memb *m)
{
	switch (lb->ops->kind) {
	case TIPC_LB_KIND_LRU:
		list_add_tail(&m->lru, &set->lru);
		break;
	case TIPC_LB_KIND_ORDER:
		rb_add_cached(&m->ord, &set->ord, tipc_lb_rank_node_less);
		break;
	case TIPC_LB_KIND_VTIME:
		tipc_lb_vt_link(lb, set, m);
		break;
	}
	set->n++;
}

static void tipc_lb_set_unlink(struct tipc_lb_svc *lb, struct tipc_lb_set *set,
			       struct tipc_lb_memb *m)
{
	switch (lb->ops->kind) {
	case TIPC_LB_KIND_LRU:
		list_del(&m->lru);
		break;
	case TIPC_LB_KIND_ORDER:
		rb_erase_cached(&m->ord, &set->ord);
		break;
	case TIPC_LB_KIND_VTIME:
		tipc_lb_vt_unlink(lb, set, m);
		break;
	}
	set->n--;
}

/**
 * tipc_lb_svc_init - start a service's balancer state over
 * @lb: balancer state of the service
 * @ops: the policy, NULL for the stock lookup
 * @type: the service type
 *
 * The publications' own state (rotation stamps, virtual times, counters)
 * and the service's clocks are kept: they go on where they were once the
 * publications are linked again.
 */
void tipc_lb_svc_init(struct tipc_lb_svc *lb, const struct tipc_lb_ops *ops,
		      u32 type)
{
	lb->ops = ops;
	lb->type = type;
	lb->wsrc = TIPC_LB_WEIGHT_SRC_FIXED;
	lb->dweight = TIPC_LB_WEIGHT_DEFAULT;
	lb->npubl = 0;
	lb->gen++;
	INIT_LIST_HEAD(&lb->publs);
	lb->grps = RB_ROOT_CACHED;
	lb->order = RB_ROOT_CACHED;
}

/**
 * tipc_lb_svc_setup - set a service's balancer up from the configuration
 * @lb: balancer state of the service
 * @net: the service's network namespace
 * @type: the service type
 *
 * The type's own policy applies, else the namespace default; TIPC's own
 * services (name, topology, link state) always use the stock lookup.
 * Called under the service lock (or before the service is visible), with
 * the publications, if any, linked again afterwards. Never fails.
 */
void tipc_lb_svc_setup(struct tipc_lb_svc *lb, struct net *net, u32 type)
{
	struct tipc_lb_net *lbn = &tipc_name_table(net)->lb;
	u32 policy, wsrc, dweight;
	struct tipc_lb_cfg *cfg;

	rcu_read_lock();
	cfg = tipc_lb_cfg_get(lbn, type);
	if (cfg && READ_ONCE(cfg->has_policy)) {
		policy = READ_ONCE(cfg->policy);
		wsrc = READ_ONCE(cfg->wsrc);
		dweight = READ_ONCE(cfg->dweight);
	} else {
		policy = READ_ONCE(lbn->dflt_policy);
		wsrc = READ_ONCE(lbn->dflt_wsrc);
		dweight = READ_ONCE(lbn->dflt_dweight);
	}
	rcu_read_unlock();

	tipc_lb_svc_init(lb, type < TIPC_LB_TYPE_MIN ? NULL :
			 tipc_lb_policy_ops(policy), type);
	lb->net = net;
	lb->lbn = lbn;
	lb->wsrc = wsrc;
	lb->dweight = dweight ?: TIPC_LB_WEIGHT_DEFAULT;
}

/* Weight from the range's width, capped so that a huge range can neither
 * overflow the arithmetic nor starve the others completely
 */
static u32 tipc_lb_width(struct publication *p)
{
	u64 width = (u64)p->sr.upper - p->sr.lower + 1;

	return min_t(u64, width, TIPC_LB_WEIGHT_MAX);
}

/* Resolve what the policies need of @p, when it joins */
static void tipc_lb_publ_resolve(struct tipc_lb_svc *lb, struct publication *p)
{
	struct tipc_lb_net *lbn = lb->lbn;
	const struct tipc_lb_ent *e;
	u8 id[NODE_ID_LEN] = {};
	struct tipc_lb_cfg *cfg;

	p->lb.weight = lb->wsrc == TIPC_LB_WEIGHT_SRC_WIDTH ? tipc_lb_width(p) :
		       lb->dweight;
	p->lb.rank = TIPC_LB_RANK_NONE;
	p->lb.hkey = tipc_lb_hash_key(p);
	p->lb.local = !list_empty(&p->local_publ);

	/* Unit tests have no namespace and set identities themselves */
	BUILD_BUG_ON(sizeof(p->lb.node_id) != NODE_ID_STR_LEN);
	if (lb->net) {
		if (tipc_node_get_id(lb->net, p->sk.node, id) &&
		    memchr_inv(id, 0, sizeof(id)))
			tipc_nodeid2string(p->lb.node_id, id);
		else	/* Unknown node: its address in hex, as legacy ones are */
			snprintf(p->lb.node_id, sizeof(p->lb.node_id), "%x",
				 p->sk.node);
	}
	if (!lbn)
		return;

	rcu_read_lock();
	cfg = tipc_lb_cfg_get(lbn, lb->type);
	if (cfg && READ_ONCE(cfg->n[TIPC_LB_ENT_WEIGHT])) {
		e = tipc_lb_ent_find(lbn, lb->type, TIPC_LB_ENT_WEIGHT, p);
		if (e)
			p->lb.weight = READ_ONCE(e->val);
	}
	if (cfg && READ_ONCE(cfg->n[TIPC_LB_ENT_PRIO])) {
		e = tipc_lb_ent_find(lbn, lb->type, TIPC_LB_ENT_PRIO, p);
		if (e)
			p->lb.rank = READ_ONCE(e->val);
	}
	rcu_read_unlock();
}

/**
 * __tipc_lb_publ_added - link a publication into its group
 * @lb: balancer state of the service, with a policy
 * @grp: the group of the publication's range
 * @p: the publication, on its range's lists
 * @fresh: it has just been published (else it is linked again after a
 *	configuration change, and keeps its state)
 *
 * O(log n) in the group's size for the tree-based policies, O(1) for rr
 * and hash; O(log r) in the number of groups when the group is new.
 */
void __tipc_lb_publ_added(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			  struct publication *p, bool fresh)
{
	u32 weight = p->lb.weight;
	struct tipc_lb_set *set;
	int s;

	p->lb.grp = NULL;
	/* Such a range covers no instance: the stock lookup never matches it
	 * either. TIPC refuses it before it gets here; kept out of the
	 * interval tree regardless.
	 */
	if (unlikely(p->sr.lower > p->sr.upper))
		return;

	tipc_lb_publ_resolve(lb, p);
	if (fresh) {
		/* A newcomer counts as just selected: it joins the end of
		 * the rotation, or starts at its group's virtual time,
		 * instead of taking a burst of requests.
		 */
		p->lb.stamp = ++lb->clock;
		set = &grp->set[TIPC_LB_ALL];
		p->lb.vs = grp->gen == lb->gen && set->wsum &&
			   lb->ops->kind == TIPC_LB_KIND_VTIME ?
			   tipc_lb_vnow(set) : lb->vnow;
	}
	/* Its own weight changed (a drained one back, say): the share it
	 * did not have is no credit, see tipc_lb_svc_commit()
	 */
	p->lb.restart = !fresh && p->lb.weight != weight;
	p->lb.vd = p->lb.vs + (p->lb.weight ? tipc_lb_stride(p->lb.weight) : 0);

	if (grp->gen != lb->gen)
		tipc_lb_grp_reset(lb, grp, p);
	if (!grp->set[TIPC_LB_ALL].n)
		tipc_lb_grp_it_insert(grp, &lb->grps);
	p->lb.grp = grp;
	for (s = 0; s < tipc_lb_scopes(p); s++) {
		p->lb.m[s].p = p;
		tipc_lb_set_link(lb, &grp->set[s], &p->lb.m[s]);
	}
	if (lb->ops->kind == TIPC_LB_KIND_ORDER)
		rb_add_cached(&p->lb.m[TIPC_LB_ALL].order, &lb->order,
			      tipc_lb_order_node_less);
	list_add_tail(&p->lb.node, &lb->publs);
	lb->npubl++;
}

/**
 * __tipc_lb_publ_removed - unlink a publication from its group
 * @lb: balancer state of the service, with a policy
 * @p: the publication, off its range's lists
 *
 * O(log n), as __tipc_lb_publ_added().
 */
void __tipc_lb_publ_removed(struct tipc_lb_svc *lb, struct publication *p)
{
	struct tipc_lb_grp *grp = p->lb.grp;
	int s;

	if (!grp)
		return;
	for (s = 0; s < tipc_lb_scopes(p); s++)
		tipc_lb_set_unlink(lb, &grp->set[s], &p->lb.m[s]);
	if (!grp->set[TIPC_LB_ALL].n)
		tipc_lb_grp_it_remove(grp, &lb->grps);
	if (lb->ops->kind == TIPC_LB_KIND_ORDER)
		rb_erase_cached(&p->lb.m[TIPC_LB_ALL].order, &lb->order);
	list_del_init(&p->lb.node);
	lb->npubl--;
	p->lb.grp = NULL;
}

static int tipc_lb_stamp_cmp(void *priv, const struct list_head *a,
			     const struct list_head *b)
{
	const struct publication *pa = list_entry(a, struct tipc_lb_memb, lru)->p;
	const struct publication *pb = list_entry(b, struct tipc_lb_memb, lru)->p;

	return pa->lb.stamp > pb->lb.stamp;
}

/* weighted, least: publications whose weight changed start over at their
 * group's virtual time, as newcomers do. The others keep theirs: a change
 * that does not touch a publication does not change its share.
 */
static void tipc_lb_vtime_restart(struct tipc_lb_svc *lb)
{
	struct tipc_lb_set *set;
	struct publication *p;
	u64 stride;
	int s;

	list_for_each_entry(p, &lb->publs, lb.node) {
		if (!p->lb.restart)
			continue;
		p->lb.restart = false;
		set = &p->lb.grp->set[TIPC_LB_ALL];
		if (!p->lb.weight || set->wsum == p->lb.weight)
			continue;	/* drained, or alone in its group */
		stride = tipc_lb_stride(p->lb.weight);
		for (s = 0; s < tipc_lb_scopes(p); s++)
			tipc_lb_vt_unlink(lb, &p->lb.grp->set[s], &p->lb.m[s]);
		p->lb.vs = tipc_lb_vnow(set);
		p->lb.vd = p->lb.vs + stride;
		for (s = 0; s < tipc_lb_scopes(p); s++)
			tipc_lb_vt_link(lb, &p->lb.grp->set[s], &p->lb.m[s]);
	}
}

/**
 * tipc_lb_svc_commit - finish linking a service's publications again
 * @lb: balancer state of the service
 *
 * After a configuration change every publication was linked in range
 * order with the state it had: put each rotation back in the order of
 * its members' last selection, and restart in virtual time those whose
 * weight changed. O(n log n), once per change, in process context.
 */
void tipc_lb_svc_commit(struct tipc_lb_svc *lb)
{
	struct tipc_lb_grp *grp;
	struct rb_node *node;
	int s;

	if (lb->ops && lb->ops->kind == TIPC_LB_KIND_VTIME)
		tipc_lb_vtime_restart(lb);
	if (!lb->ops || lb->ops->kind != TIPC_LB_KIND_LRU)
		return;
	for (node = rb_first_cached(&lb->grps); node; node = rb_next(node)) {
		grp = rb_entry(node, struct tipc_lb_grp, node);
		for (s = 0; s < TIPC_LB_SCOPES; s++)
			list_sort(NULL, &grp->set[s].lru, tipc_lb_stamp_cmp);
	}
}

/* The best candidate among the groups covering @inst, in scope @s */
static struct publication *tipc_lb_pick(struct tipc_lb_svc *lb, int s,
					u32 inst, bool conn)
{
	const struct tipc_lb_ops *ops = lb->ops;
	struct publication *best = NULL, *p;
	struct tipc_lb_grp *grp;

	for (grp = tipc_lb_grp_it_iter_first(&lb->grps, inst, inst); grp;
	     grp = tipc_lb_grp_it_iter_next(grp, inst, inst)) {
		if (!grp->set[s].n)
			continue;
		p = ops->first(&grp->set[s], s, inst, conn);
		if (p && (!best || ops->better(p, best, inst, conn)))
			best = p;
	}
	return best;
}

/**
 * tipc_lb_select - anycast lookup through the service's policy
 * @lb: balancer state of the service, with a policy
 * @inst: instance looked up
 * @sk: in: lookup domain in @sk->node; out: the selected socket
 * @self: own node address
 * @legacy: the node uses legacy Z.C.N addressing
 * @conn: for a connection setup, where to record the selection, else NULL
 *
 * Honours the stock scope rules: a lookup confined to this node sees only
 * local publications, and legacy nodes prefer local ones (closest first),
 * except under the policies that promise one answer from every node.
 * Called under the service lock with bottom halves off; O(log r + k) in
 * the number of groups r and of groups covering the instance k, plus the
 * policy's pick in each of those.
 *
 * Return: true with the selection in @sk, false if no publication serves
 * @inst.
 */
bool tipc_lb_select(struct tipc_lb_svc *lb, u32 inst,
		    struct tipc_socket_addr *sk, u32 self, bool legacy,
		    struct tipc_lb_conn *conn)
{
	struct publication *p = NULL;

	if (sk->node == self) {
		p = tipc_lb_pick(lb, TIPC_LB_LOCAL, inst, conn);
	} else {
		if (legacy && !sk->node && !lb->ops->cluster_wide)
			p = tipc_lb_pick(lb, TIPC_LB_LOCAL, inst, conn);
		if (!p)
			p = tipc_lb_pick(lb, TIPC_LB_ALL, inst, conn);
	}
	if (!p)
		return false;
	if (lb->ops->picked)
		lb->ops->picked(lb, p, conn);
	p->lb.selected++;
	*sk = p->sk;
	if (conn) {
		/* Counted once its SYN is out, see tipc_lb_conn_count() */
		conn->type = lb->type;
		conn->inst = inst;
		conn->sk = p->sk;
		conn->key = p->key;
		conn->counted = false;
	}
	return true;
}

/**
 * tipc_lb_conn_match - is @p the publication a connection selected
 * @p: a publication covering the connection's instance
 * @conn: the connection
 *
 * Return: true if it is.
 */
bool tipc_lb_conn_match(struct publication *p, struct tipc_lb_conn *conn)
{
	return p->key == conn->key && p->sk.ref == conn->sk.ref &&
	       p->sk.node == conn->sk.node;
}

/**
 * tipc_lb_conn_count - a connection through @p starts or ends
 * @lb: balancer state of @p's service
 * @p: the publication the connection selected
 * @up: it starts (else it ends)
 *
 * Counted under every policy (statistics show it); least orders by it.
 */
void tipc_lb_conn_count(struct tipc_lb_svc *lb, struct publication *p, bool up)
{
	/* The policy may have gone since the connection was counted */
	bool linked = lb->ops && lb->ops->by_load && p->lb.grp &&
		      p->lb.weight;
	int s;

	for (s = 0; linked && s < tipc_lb_scopes(p); s++)
		rb_erase_cached(&p->lb.m[s].load, &p->lb.grp->set[s].load);
	if (up)
		p->lb.conns++;
	else if (p->lb.conns)
		p->lb.conns--;
	for (s = 0; linked && s < tipc_lb_scopes(p); s++)
		rb_add_cached(&p->lb.m[s].load, &p->lb.grp->set[s].load,
			      tipc_lb_load_node_less);
}

struct tipc_lb_conn_arg {
	struct tipc_lb_conn *conn;
	bool up;
};

static int tipc_lb_conn_publ(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			     struct publication *p, void *arg)
{
	struct tipc_lb_conn_arg *a = arg;

	if (!tipc_lb_conn_match(p, a->conn))
		return 0;
	tipc_lb_conn_count(lb, p, a->up);
	return 1;
}

static int tipc_lb_conn_svc(struct tipc_lb_svc *lb, void *arg)
{
	struct tipc_lb_conn_arg *a = arg;

	return tipc_nametbl_lb_publ_walk(lb, a->conn->inst, a->conn->inst,
					 tipc_lb_conn_publ, a);
}

/* Count @conn on the publication it selected, or stop counting it. The
 * publications covering its instance are searched in the name table, not
 * in the balancer: the service's policy may have changed, or gone, since
 * the connection was counted. If the publication has gone there is
 * nothing to count.
 */
static void tipc_lb_conn_account(struct net *net, struct tipc_lb_conn *conn,
				 bool up)
{
	struct tipc_lb_conn_arg a = { .conn = conn, .up = up };

	tipc_nametbl_lb_walk(net, conn->type, tipc_lb_conn_svc, &a);
	conn->counted = up;
}

/**
 * tipc_lb_conn_start - a connection's SYN went out
 * @net: the socket's network namespace
 * @conn: the connection, as the lookup recorded it
 *
 * Counts the connection on the publication the balancer selected for it,
 * if the balancer selected one. Called by socket.c once the socket has
 * moved to TIPC_CONNECTING.
 */
void tipc_lb_conn_start(struct net *net, struct tipc_lb_conn *conn)
{
	if (conn->type && !conn->counted)
		tipc_lb_conn_account(net, conn, true);
}

/**
 * tipc_lb_conn_end - a connection ends
 * @net: the socket's network namespace
 * @conn: the connection
 *
 * Stops counting the connection, if it was counted. Called by socket.c
 * where a connecting or connected socket moves to TIPC_DISCONNECTING:
 * refused, timed out, aborted, closed by either side, its node lost.
 */
void tipc_lb_conn_end(struct net *net, struct tipc_lb_conn *conn)
{
	if (conn->counted)
		tipc_lb_conn_account(net, conn, false);
}

/* ---- configuration changes -------------------------------------------- */

struct tipc_lb_upd_arg {
	struct net *net;
	int mode;
};

static int tipc_lb_update_publ(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			       struct publication *p, void *arg)
{
	__tipc_lb_publ_added(lb, grp, p, false);
	return 0;
}

/* Under the service's lock: set its balancer up again and link its
 * publications again, keeping their rotation stamps, virtual times and
 * counters. O(n log n) in its publications.
 */
static int tipc_lb_update_svc(struct tipc_lb_svc *lb, void *arg)
{
	struct tipc_lb_upd_arg *u = arg;
	struct tipc_lb_cfg *cfg;

	if (u->mode == TIPC_LB_UPD_DEFAULT) {
		cfg = tipc_lb_cfg_get(&tipc_name_table(u->net)->lb, lb->type);
		if (cfg && cfg->has_policy)
			return 0;
	}
	tipc_lb_svc_setup(lb, u->net, lb->type);
	if (lb->ops)
		tipc_nametbl_lb_publ_walk(lb, 0, U32_MAX, tipc_lb_update_publ,
					  NULL);
	tipc_lb_svc_commit(lb);
	return 0;
}

/**
 * tipc_lb_update - apply a changed balancing configuration
 * @net: the associated network namespace
 * @type: service type whose configuration changed (TIPC_LB_UPD_TYPE)
 * @mode: TIPC_LB_UPD_*: which services to set up again
 *
 * Also called by tipc_named_reinit() once the node's publications have
 * their address: their identities and hash keys were resolved before.
 * Services created later pick their policy up in tipc_service_create().
 * Services are created under nametbl_lock, taken here around the walk,
 * and the configuration is stored before: none can miss a change.
 * Process context.
 */
void tipc_lb_update(struct net *net, u32 type, int mode)
{
	struct tipc_lb_upd_arg u = { .net = net, .mode = mode };
	struct tipc_net *tn = tipc_net(net);

	spin_lock_bh(&tn->nametbl_lock);
	tipc_nametbl_lb_walk(net, mode == TIPC_LB_UPD_TYPE ? type : 0,
			     tipc_lb_update_svc, &u);
	spin_unlock_bh(&tn->nametbl_lock);
}
