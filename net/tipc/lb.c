// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast load balancer: per-service segment tables,
 * the lookup hook and the per-netns configuration store
 */

#include <linux/list_sort.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "core.h"
#include "addr.h"
#include "node.h"
#include "name_table.h"
#include "lb.h"

/* Candidate pointers a service may need in all its segments. Nested ranges
 * can make this quadratic in the number of publications; past this bound
 * the service falls back to the stock lookup rather than allocate
 * unbounded memory in atomic context.
 */
#define TIPC_LB_MAX_SLOTS	BIT(16)

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

void tipc_lb_net_init(struct tipc_lb_net *lbn)
{
	xa_init(&lbn->types);
	RCU_INIT_POINTER(lbn->dflt, NULL);
}

/* Called when the namespace's name table goes away, after every service
 * (and so every reader of the configuration) is gone.
 */
void tipc_lb_net_exit(struct tipc_lb_net *lbn)
{
	struct tipc_lb_cfg *cfg;
	unsigned long type;

	xa_for_each(&lbn->types, type, cfg)
		kfree_rcu(cfg, rcu);
	xa_destroy(&lbn->types);
	cfg = rcu_dereference_protected(lbn->dflt, 1);
	if (cfg)
		kfree_rcu(cfg, rcu);
}

/* Configuration of a service type; caller holds RCU or genl_mutex */
struct tipc_lb_cfg *tipc_lb_cfg_get(struct tipc_lb_net *lbn, u32 type)
{
	return xa_load(&lbn->types, type);
}

struct tipc_lb_svc *tipc_lb_svc_alloc(const struct tipc_lb_ops *ops)
{
	struct tipc_lb_svc *lb;

	lb = kzalloc(sizeof(*lb), GFP_ATOMIC);
	if (!lb)
		return NULL;
	lb->ops = ops;
	lb->dweight = TIPC_LB_WEIGHT_DEFAULT;
	INIT_LIST_HEAD(&lb->publs);
	return lb;
}

/**
 * tipc_lb_svc_create - balancer state for a service, if its type has a policy
 * @net: the service's network namespace
 * @type: the service type
 *
 * The type's own policy applies, else the namespace default; TIPC's own
 * services (name, topology, link state) always use the stock lookup.
 *
 * Return: NULL when the stock lookup applies (no policy, or no memory: the
 * service then still works, unbalanced, and the failure is logged).
 */
struct tipc_lb_svc *tipc_lb_svc_create(struct net *net, u32 type)
{
	struct tipc_lb_net *lbn = &tipc_name_table(net)->lb;
	const struct tipc_lb_ops *ops = NULL;
	struct tipc_lb_cfg *cfg;
	struct tipc_lb_svc *lb;

	if (type < TIPC_LB_TYPE_MIN)
		return NULL;

	rcu_read_lock();
	cfg = tipc_lb_cfg_get(lbn, type);
	if (!cfg || !cfg->has_policy)
		cfg = rcu_dereference(lbn->dflt);
	if (cfg)
		ops = tipc_lb_policy_ops(cfg->policy);
	lb = ops ? tipc_lb_svc_alloc(ops) : NULL;
	if (lb) {
		lb->net = net;
		lb->type = type;
		lb->wsrc = cfg->wsrc;
		lb->dweight = cfg->dweight;
	}
	rcu_read_unlock();
	if (ops && !lb)
		pr_warn_ratelimited("tipc-lb: no memory, service %u uses the stock lookup\n",
				    type);
	return lb;
}

void tipc_lb_svc_destroy(struct tipc_lb_svc *lb)
{
	struct publication *p, *tmp;

	if (!lb)
		return;
	list_for_each_entry_safe(p, tmp, &lb->publs, lb.node)
		list_del_init(&p->lb.node);
	kfree(lb->tbl);
	kfree(lb);
}

/* Most specific entry of @kind for @p: (node, port), then (node) */
static struct tipc_lb_ent *tipc_lb_ent_find(struct tipc_lb_cfg *cfg, int kind,
					    struct publication *p)
{
	struct tipc_lb_ent *e, *best = NULL;
	u32 i;

	for (i = 0; cfg && i < cfg->n[kind]; i++) {
		e = &cfg->ent[kind][i];
		if (e->node_addr ? e->node_addr != p->sk.node :
		    strcmp(e->node_id, p->lb.node_id))
			continue;
		if (e->port == p->sk.ref)
			return e;
		if (!e->port)
			best = e;
	}
	return best;
}

/* Weight from the range's width, capped so that a huge range can neither
 * overflow the arithmetic nor starve the others completely
 */
static u32 tipc_lb_width(struct publication *p)
{
	u64 width = (u64)p->sr.upper - p->sr.lower + 1;

	return min_t(u64, width, TIPC_LB_WEIGHT_MAX);
}

/* Resolve what the policies need of @p once, when it joins */
static void tipc_lb_publ_resolve(struct tipc_lb_svc *lb, struct publication *p)
{
	u8 id[NODE_ID_LEN] = {};
	struct tipc_lb_cfg *cfg;
	struct tipc_lb_ent *e;

	BUILD_BUG_ON(sizeof(p->lb.node_id) != NODE_ID_STR_LEN);
	if (tipc_node_get_id(lb->net, p->sk.node, id) && memchr_inv(id, 0, sizeof(id)))
		tipc_nodeid2string(p->lb.node_id, id);
	else	/* Unknown node: its address in hex, as legacy identities are */
		snprintf(p->lb.node_id, sizeof(p->lb.node_id), "%x", p->sk.node);

	rcu_read_lock();
	cfg = tipc_lb_cfg_get(&tipc_name_table(lb->net)->lb, lb->type);
	e = tipc_lb_ent_find(cfg, TIPC_LB_ENT_WEIGHT, p);
	if (e)
		p->lb.weight = e->val;
	e = tipc_lb_ent_find(cfg, TIPC_LB_ENT_PRIO, p);
	p->lb.rank = e ? e->val : TIPC_LB_RANK_NONE;
	rcu_read_unlock();
}

/* Add a publication without rebuilding; tipc_lb_commit() must follow */
void tipc_lb_publ_link(struct tipc_lb_svc *lb, struct publication *p)
{
	if (!lb)
		return;
	p->lb.weight = lb->wsrc == TIPC_LB_WEIGHT_SRC_WIDTH ? tipc_lb_width(p) :
		       lb->dweight;
	p->lb.rank = TIPC_LB_RANK_NONE;
	p->lb.hkey = tipc_lb_hash_key(p);
	/* Unit tests have no namespace and set identities themselves */
	if (lb->net)
		tipc_lb_publ_resolve(lb, p);
	list_add_tail(&p->lb.node, &lb->publs);
	lb->npubl++;
	/* A newcomer counts as just selected: it joins the end of the
	 * rotation instead of taking a burst of requests.
	 */
	p->lb.stamp = ++lb->clock;
}

void tipc_lb_publ_removed(struct tipc_lb_svc *lb, struct publication *p)
{
	if (!lb)
		return;
	list_del_init(&p->lb.node);
	lb->npubl--;
	lb->oversized = false;
	tipc_lb_commit(lb);
}

/**
 * tipc_lb_cmp_identity - an order of publications every node agrees on
 * @pa: a publication
 * @pb: another one
 *
 * Node identity as a string, then lower bound, then port: never arrival
 * order, which differs from node to node.
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

static int tipc_lb_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Index of @v in the sorted, duplicate-free @pts */
static u32 tipc_lb_point(const u32 *pts, u32 npts, u32 v)
{
	u32 lo = 0, hi = npts;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (pts[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Points [*a, *b) of @pts delimit the elementary segments covered by @p */
static void tipc_lb_span(const u32 *pts, u32 npts, struct publication *p,
			 u32 *a, u32 *b)
{
	*a = tipc_lb_point(pts, npts, p->sr.lower);
	*b = p->sr.upper == U32_MAX ? npts :
	     tipc_lb_point(pts, npts, p->sr.upper + 1);
}

static bool tipc_lb_is_local(struct publication *p)
{
	/* Same test as the stock lookup: on the service range's local list */
	return !list_empty(&p->local_publ);
}

/* Order a set's candidates for the policy and note what its picks can
 * take for granted
 */
static void tipc_lb_set_prepare(struct tipc_lb_svc *lb, struct tipc_lb_set *set)
{
	u32 i;

	sort(set->publ, set->n, sizeof(*set->publ), lb->ops->cmp, NULL);
	set->uniform = set->n && set->publ[0]->lb.weight;
	for (i = 1; i < set->n && set->uniform; i++)
		set->uniform = set->publ[i]->lb.weight == set->publ[0]->lb.weight;
}

/* Build the segment table from lb->publs: O(n log n + candidates) */
static struct tipc_lb_table *tipc_lb_build(struct tipc_lb_svc *lb)
{
	u32 *pts, *cnt_all, *cnt_loc, *idx, npts = 0, nseg = 0, slots = 0;
	struct tipc_lb_table *tbl = NULL;
	struct publication **slot, *p;
	s64 *cw;
	struct tipc_lb_seg *seg;
	u32 i, j, a, b, n = lb->npubl;

	/* Every range boundary, then per elementary segment its counts */
	pts = kmalloc_array(8 * n, sizeof(u32), GFP_ATOMIC);
	if (!pts)
		return NULL;
	cnt_all = pts + 2 * n;
	cnt_loc = pts + 4 * n;
	idx = pts + 6 * n;

	list_for_each_entry(p, &lb->publs, lb.node) {
		pts[npts++] = p->sr.lower;
		if (p->sr.upper != U32_MAX)
			pts[npts++] = p->sr.upper + 1;
	}
	sort(pts, npts, sizeof(u32), tipc_lb_cmp_u32, NULL);
	for (i = 0, j = 0; i < npts; i++)
		if (!j || pts[i] != pts[j - 1])
			pts[j++] = pts[i];
	npts = j;
	memset(cnt_all, 0, 4 * n * sizeof(u32));

	list_for_each_entry(p, &lb->publs, lb.node) {
		tipc_lb_span(pts, npts, p, &a, &b);
		for (i = a; i < b; i++) {
			cnt_all[i]++;
			cnt_loc[i] += tipc_lb_is_local(p);
		}
		slots += (b - a) * (1 + tipc_lb_is_local(p));
		if (slots > TIPC_LB_MAX_SLOTS) {
			lb->oversized = true;
			goto out;
		}
	}
	for (i = 0; i < npts; i++)
		if (cnt_all[i])
			idx[i] = nseg++;

	/* Segments, then per slot a current weight, then the slots */
	tbl = kzalloc(struct_size(tbl, seg, nseg) +
		      slots * (sizeof(*cw) + sizeof(*slot)), GFP_ATOMIC);
	if (!tbl)
		goto out;
	tbl->nseg = nseg;
	cw = (s64 *)&tbl->seg[nseg];
	slot = (struct publication **)&cw[slots];
	for (i = 0; i < npts; i++) {
		if (!cnt_all[i])
			continue;
		seg = &tbl->seg[idx[i]];
		seg->lower = pts[i];
		seg->upper = i + 1 < npts ? pts[i + 1] - 1 : U32_MAX;
		seg->all.publ = slot;
		seg->all.cw = cw;
		slot += cnt_all[i];
		cw += cnt_all[i];
		seg->local.publ = slot;
		seg->local.cw = cw;
		slot += cnt_loc[i];
		cw += cnt_loc[i];
	}
	list_for_each_entry(p, &lb->publs, lb.node) {
		tipc_lb_span(pts, npts, p, &a, &b);
		for (i = a; i < b; i++) {
			seg = &tbl->seg[idx[i]];
			seg->all.publ[seg->all.n++] = p;
			if (tipc_lb_is_local(p))
				seg->local.publ[seg->local.n++] = p;
		}
	}
	for (i = 0; i < nseg; i++) {
		seg = &tbl->seg[i];
		tipc_lb_set_prepare(lb, &seg->all);
		tipc_lb_set_prepare(lb, &seg->local);
	}
out:
	kfree(pts);
	return tbl;
}

static int tipc_lb_list_cmp(void *priv, const struct list_head *a,
			    const struct list_head *b)
{
	const struct tipc_lb_svc *lb = priv;
	struct publication *pa = list_entry(a, struct publication, lb.node);
	struct publication *pb = list_entry(b, struct publication, lb.node);

	return lb->ops->cmp(&pa, &pb);
}

/* Number the publications in the policy's service-wide order, so that the
 * statistics can tell which one is serving and which ones stand by
 */
static void tipc_lb_number(struct tipc_lb_svc *lb)
{
	struct publication *p;
	u32 pos = 0;

	list_sort(lb, &lb->publs, tipc_lb_list_cmp);
	list_for_each_entry(p, &lb->publs, lb.node)
		p->lb.pos = ++pos;
}

/**
 * tipc_lb_commit - rebuild the segment table after membership changed
 * @lb: balancer state of the service, may be NULL
 *
 * Runs at publish/withdraw time, under the service lock. Rotation state is
 * not lost: candidates are re-sorted by the policy from per-publication
 * state, and each set restarts at its head.
 */
void tipc_lb_commit(struct tipc_lb_svc *lb)
{
	if (!lb)
		return;
	kfree(lb->tbl);
	lb->tbl = NULL;
	/* A publication more never needs fewer candidate slots: an index
	 * that outgrew the bound stays out of reach until one leaves, so
	 * publishing into an oversized service costs no rebuild.
	 */
	if (!lb->npubl || lb->oversized)
		return;
	if (lb->ops->ordered)
		tipc_lb_number(lb);
	lb->tbl = tipc_lb_build(lb);
	if (!lb->tbl)
		pr_warn_ratelimited("tipc-lb: cannot index %u publications, using the stock lookup\n",
				    lb->npubl);
}

static struct tipc_lb_seg *tipc_lb_find(struct tipc_lb_table *tbl, u32 inst)
{
	u32 lo = 0, hi = tbl->nseg;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (tbl->seg[mid].upper < inst)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == tbl->nseg || tbl->seg[lo].lower > inst)
		return NULL;
	return &tbl->seg[lo];
}

/**
 * tipc_lb_select - anycast lookup through the service's policy
 * @lb: balancer state of the service
 * @inst: instance looked up
 * @sk: in: lookup domain in @sk->node; out: the selected socket
 * @self: own node address
 * @legacy: the node uses legacy Z.C.N addressing
 * @conn: for a connection setup, where to record the selection, else NULL
 *
 * Honours the stock scope rules: a lookup confined to this node sees only
 * local publications, and legacy nodes prefer local ones (closest first).
 * Called under the service lock with bottom halves off. The result is
 * returned, not stored through a pointer: the caller then keeps it in a
 * register, and its stack frame needs no canary.
 *
 * Return: TIPC_LB_FOUND with the selection in @sk, TIPC_LB_NONE if no
 * publication serves @inst, TIPC_LB_STOCK if the stock lookup must run
 * instead (no segment table).
 */
int tipc_lb_select(struct tipc_lb_svc *lb, u32 inst,
		   struct tipc_socket_addr *sk, u32 self, bool legacy,
		   struct tipc_lb_conn *conn)
{
	struct tipc_lb_seg *seg;
	struct tipc_lb_set *set;
	struct publication *p;

	if (unlikely(!lb->tbl))
		return TIPC_LB_STOCK;

	seg = tipc_lb_find(lb->tbl, inst);
	if (!seg)
		return TIPC_LB_NONE;
	if (sk->node == self || (legacy && !sk->node && seg->local.n))
		set = &seg->local;
	else
		set = &seg->all;
	if (!set->n)
		return TIPC_LB_NONE;

	p = lb->ops->select(lb, set, inst, conn);
	if (!p)
		return TIPC_LB_NONE;
	p->lb.selected++;
	*sk = p->sk;
	if (conn) {
		/* Counted until the connection ends, see tipc_lb_conn_end() */
		p->lb.conns++;
		conn->type = lb->type;
		conn->inst = inst;
		conn->sk = p->sk;
		conn->key = p->key;
	}
	return TIPC_LB_FOUND;
}

/**
 * tipc_lb_conn_end - a connection counted at lookup has ended
 * @p: a publication covering the connection's instance
 * @conn: the connection
 *
 * Return: true if @p is the publication the connection was counted on.
 */
bool tipc_lb_conn_end(struct publication *p, struct tipc_lb_conn *conn)
{
	if (p->key != conn->key || p->sk.ref != conn->sk.ref ||
	    p->sk.node != conn->sk.node)
		return false;
	if (p->lb.conns)
		p->lb.conns--;
	return true;
}
