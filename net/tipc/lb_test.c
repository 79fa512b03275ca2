// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TIPC anycast load balancer
 *
 * The tests drive the balancer the way name_table.c does (link, commit,
 * select, remove) on publications built here, without a network.
 */

#include <kunit/test.h>
#include "core.h"
#include "name_table.h"
#include "lb.h"

#define SELF	0x1001
#define PEER	0x1002
#define NPUBL	256
#define TYPE	1000

/* A service range of the test's name table: what TIPC embeds a group in */
struct lb_test_grp {
	struct list_head node;
	u32 lower;
	u32 upper;
	struct tipc_lb_grp grp;
};

struct lb_test {
	struct tipc_lb_svc svc;
	struct tipc_lb_svc *lb;
	struct tipc_lb_net lbn;		/* weight and priority entries */
	struct tipc_lb_cfg cfg;		/* of type 1000 */
	struct list_head local;		/* stands for a range's local_publ */
	struct list_head grps;
	struct lb_test_grp *last;
	u32 hits[NPUBL + 1];		/* indexed by port (ref) */
};

/* Start the service over with policy @ops (publications are forgotten) */
static void lb_use(struct kunit *test, const struct tipc_lb_ops *ops)
{
	struct lb_test *t = test->priv;

	tipc_lb_svc_init(t->lb, ops, TYPE);
	t->lb->lbn = &t->lbn;
}

static int lb_test_setup(struct kunit *test, const struct tipc_lb_ops *ops)
{
	struct lb_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int k;

	KUNIT_ASSERT_NOT_NULL(test, t);
	INIT_LIST_HEAD(&t->local);
	INIT_LIST_HEAD(&t->grps);
	tipc_lb_net_init(&t->lbn);
	for (k = 0; k < TIPC_LB_ENT_KINDS; k++)
		INIT_LIST_HEAD(&t->cfg.ents[k]);
	KUNIT_ASSERT_EQ(test, xa_err(xa_store(&t->lbn.types, TYPE, &t->cfg,
					      GFP_KERNEL)), 0);
	t->lb = &t->svc;
	test->priv = t;
	lb_use(test, ops);
	return 0;
}

static int lb_test_init(struct kunit *test)
{
	return lb_test_setup(test, &tipc_lb_rr_ops);
}

static void lb_test_exit(struct kunit *test)
{
	struct lb_test *t = test->priv;

	/* Everything else is the test's memory, freed by KUnit */
	xa_destroy(&t->lbn.types);
}

/* The group of range {lower, upper}, as TIPC has one service range each */
static struct tipc_lb_grp *lb_grp(struct kunit *test, u32 lower, u32 upper)
{
	struct lb_test *t = test->priv;
	struct lb_test_grp *g = t->last;

	if (g && g->lower == lower && g->upper == upper)
		return &g->grp;
	list_for_each_entry(g, &t->grps, node)
		if (g->lower == lower && g->upper == upper)
			goto out;
	g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g);
	g->lower = lower;
	g->upper = upper;
	list_add(&g->node, &t->grps);
out:
	t->last = g;
	return &g->grp;
}

/* A publication of {1000, lower, upper} by port @ref on @node */
static struct publication *lb_publ(struct kunit *test, u32 lower, u32 upper,
				   u32 node, u32 ref)
{
	struct lb_test *t = test->priv;
	struct publication *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->sr.type = TYPE;
	p->sr.lower = lower;
	p->sr.upper = upper;
	p->sk.node = node;
	p->sk.ref = ref;
	p->key = ref;
	INIT_LIST_HEAD(&p->local_publ);
	INIT_LIST_HEAD(&p->lb.node);
	/* Node 0x1001 is "node1", 0x1002 "node2"... as identities go */
	snprintf(p->lb.node_id, sizeof(p->lb.node_id), "node%u", node & 0xfff);
	if (node == SELF)
		list_add(&p->local_publ, &t->local);
	return p;
}

static struct publication *lb_add(struct kunit *test, u32 lower, u32 upper,
				  u32 node, u32 ref)
{
	struct lb_test *t = test->priv;
	struct publication *p = lb_publ(test, lower, upper, node, ref);

	tipc_lb_publ_added(t->lb, lb_grp(test, lower, upper), p);
	return p;
}

static void lb_remove(struct kunit *test, struct publication *p)
{
	struct lb_test *t = test->priv;

	list_del_init(&p->local_publ);
	tipc_lb_publ_removed(t->lb, p);
}

/* What tipc_lb_update() does on a configuration change: set the
 * service up again and link its publications again, keeping their state
 */
static void lb_relink(struct kunit *test, const struct tipc_lb_ops *ops)
{
	struct lb_test *t = test->priv;
	struct publication *p, *tmp;
	LIST_HEAD(publs);

	list_splice_init(&t->lb->publs, &publs);
	lb_use(test, ops);
	list_for_each_entry_safe(p, tmp, &publs, lb.node)
		__tipc_lb_publ_added(t->lb, lb_grp(test, p->sr.lower,
						   p->sr.upper), p, false);
	tipc_lb_svc_commit(t->lb);
}

/* A configuration entry of @kind for node @node (by identity, or by
 * address if @addr) and port @port (0: every port)
 */
static struct tipc_lb_ent *lb_ent(struct kunit *test, u32 kind, u32 node,
				  bool addr, u32 port, u32 val)
{
	struct lb_test *t = test->priv;
	struct tipc_lb_ent *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->type = TYPE;
	e->kind = kind;
	if (addr)
		e->node_addr = node;
	else
		snprintf(e->node_id, sizeof(e->node_id), "node%u", node & 0xfff);
	e->port = port;
	e->val = val;
	hash_add_rcu(t->lbn.ents, &e->hnode, tipc_lb_ent_hash(e));
	list_add_tail(&e->list, &t->cfg.ents[kind]);
	t->cfg.n[kind]++;
	return e;
}

/* One lookup from @domain; returns the selected port, 0 if none */
static u32 lb_pick_from(struct kunit *test, u32 inst, u32 domain, bool legacy)
{
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk = { .node = domain };

	if (!tipc_lb_select(t->lb, inst, &sk, SELF, legacy, NULL))
		return 0;
	KUNIT_EXPECT_NE(test, sk.ref, 0);
	KUNIT_ASSERT_LE(test, sk.ref, NPUBL);
	t->hits[sk.ref]++;
	return sk.ref;
}

static u32 lb_pick(struct kunit *test, u32 inst)
{
	return lb_pick_from(test, inst, 0, false);
}

static void lb_picks(struct kunit *test, u32 inst, u32 n)
{
	struct lb_test *t = test->priv;

	memset(t->hits, 0, sizeof(t->hits));
	while (n--)
		lb_pick(test, inst);
}

/* The overlap case: ports 1..3 publish {0,10}, {0,5}, {3,8} */
static struct publication *lb_add_overlap(struct kunit *test)
{
	struct publication *p2;

	lb_add(test, 0, 10, PEER, 1);
	p2 = lb_add(test, 0, 5, PEER, 2);
	lb_add(test, 3, 8, PEER, 3);
	return p2;
}

/* Seed 000: three servers on {1000,0,10}, 30 requests: 10 each, in turn */
static void lb_rr_identical(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 seq[30], i;

	lb_add(test, 0, 10, PEER, 1);
	lb_add(test, 0, 10, PEER, 2);
	lb_add(test, 0, 10, PEER, 3);

	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 30; i++)
		seq[i] = lb_pick(test, 4);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ(test, t->hits[i], 10);
	/* Each window of three picks holds every server once */
	for (i = 3; i < 30; i++)
		KUNIT_EXPECT_EQ(test, seq[i], seq[i - 3]);
	KUNIT_EXPECT_NE(test, seq[0], seq[1]);
	KUNIT_EXPECT_NE(test, seq[1], seq[2]);
	KUNIT_EXPECT_NE(test, seq[0], seq[2]);
}

struct lb_overlap_case {
	u32 inst;
	u32 hits[4];		/* per port 1..3, out of 30 picks */
};

static const struct lb_overlap_case lb_overlap_cases[] = {
	{ .inst = 4,  .hits = { 0, 10, 10, 10 } },	/* all three */
	{ .inst = 3,  .hits = { 0, 10, 10, 10 } },	/* lower edge of 3 */
	{ .inst = 5,  .hits = { 0, 10, 10, 10 } },	/* upper edge of 2 */
	{ .inst = 1,  .hits = { 0, 15, 15, 0 } },	/* ports 1 and 2 */
	{ .inst = 7,  .hits = { 0, 15, 0, 15 } },	/* ports 1 and 3 */
	{ .inst = 9,  .hits = { 0, 30, 0, 0 } },	/* port 1 only */
	{ .inst = 11, .hits = { 0, 0, 0, 0 } },		/* nobody */
};

static void lb_overlap_desc(const struct lb_overlap_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "instance %u", c->inst);
}

KUNIT_ARRAY_PARAM(lb_overlap, lb_overlap_cases, lb_overlap_desc);

/* Overlapping ranges are balanced together, per instance */
static void lb_rr_overlap(struct kunit *test)
{
	const struct lb_overlap_case *c = test->param_value;
	struct lb_test *t = test->priv;
	u32 i;

	lb_add_overlap(test);

	lb_picks(test, c->inst, 30);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], c->hits[i], "port %u", i);
}

/* A newcomer joins at the end of the cycle: no burst, then its fair share */
static void lb_rr_join(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 first[4], i;

	lb_add_overlap(test);
	lb_picks(test, 4, 4);			/* 1 2 3 1 */

	lb_add(test, 4, 4, PEER, 4);
	for (i = 0; i < 4; i++)
		first[i] = lb_pick(test, 4);
	KUNIT_EXPECT_EQ(test, first[0], 2);	/* the cycle goes on ... */
	KUNIT_EXPECT_EQ(test, first[1], 3);
	KUNIT_EXPECT_EQ(test, first[2], 1);
	KUNIT_EXPECT_EQ(test, first[3], 4);	/* ... and the newcomer is last */

	lb_picks(test, 4, 40);
	for (i = 1; i <= 4; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 10, "port %u", i);
}

/* A server leaving mid-cycle: the others go on in turn */
static void lb_rr_leave(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct publication *p2;
	u32 prev, cur, i;

	p2 = lb_add_overlap(test);
	lb_picks(test, 4, 4);			/* 1 2 3 1: 2 is next */

	lb_remove(test, p2);
	memset(t->hits, 0, sizeof(t->hits));
	prev = lb_pick(test, 4);
	KUNIT_EXPECT_EQ(test, prev, 3);
	for (i = 1; i < 20; i++) {
		cur = lb_pick(test, 4);
		KUNIT_EXPECT_NE(test, cur, prev);
		prev = cur;
	}
	KUNIT_EXPECT_EQ(test, t->hits[1], 10);
	KUNIT_EXPECT_EQ(test, t->hits[2], 0);
	KUNIT_EXPECT_EQ(test, t->hits[3], 10);

	/* Removing the last publication of a segment leaves nobody there */
	KUNIT_EXPECT_EQ(test, lb_pick(test, 1), 1);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 1), 1);
}

/* Lookup domain rules of the stock lookup still hold */
static void lb_rr_scope(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 i;

	lb_add(test, 0, 10, SELF, 1);
	lb_add(test, 0, 10, PEER, 2);
	lb_add(test, 5, 10, SELF, 3);
	lb_add(test, 20, 30, PEER, 4);

	/* Node-local lookup: local publications only */
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 10; i++)
		lb_pick_from(test, 7, SELF, false);
	KUNIT_EXPECT_EQ(test, t->hits[1], 5);
	KUNIT_EXPECT_EQ(test, t->hits[3], 5);
	KUNIT_EXPECT_EQ(test, t->hits[2], 0);
	KUNIT_EXPECT_EQ(test, lb_pick_from(test, 25, SELF, false), 0);

	/* Legacy closest-first: local if any, else everybody */
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 10; i++)
		lb_pick_from(test, 2, 0, true);
	KUNIT_EXPECT_EQ(test, t->hits[1], 10);
	KUNIT_EXPECT_EQ(test, lb_pick_from(test, 25, 0, true), 4);

	/* Cluster-wide lookup: everybody */
	lb_picks(test, 7, 30);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 10, "port %u", i);
}

/* One candidate, no candidate, and the empty service */
static void lb_rr_edges(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk = {};
	struct publication *p;

	/* No publication at all: nothing found */
	KUNIT_EXPECT_FALSE(test, tipc_lb_select(t->lb, 4, &sk, SELF, false,
						NULL));

	p = lb_add(test, U32_MAX - 1, U32_MAX, PEER, 1);
	lb_picks(test, U32_MAX, 5);
	KUNIT_EXPECT_EQ(test, t->hits[1], 5);
	KUNIT_EXPECT_EQ(test, lb_pick(test, U32_MAX - 2), 0);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 0), 0);

	lb_remove(test, p);
	KUNIT_EXPECT_FALSE(test, tipc_lb_select(t->lb, U32_MAX, &sk, SELF,
						false, NULL));
}

/* Many candidates: 200 nested ranges {0, i}, lookups of instance 0 */
static void lb_rr_many(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 i;

	for (i = 1; i <= 200; i++)
		lb_add(test, 0, i, PEER, i);
	lb_picks(test, 0, 600);
	for (i = 1; i <= 200; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 3, "port %u", i);
	/* Instance 150 is covered by ranges {0,150}..{0,200} only */
	lb_picks(test, 150, 51);
	KUNIT_EXPECT_EQ(test, t->hits[149], 0);
	for (i = 150; i <= 200; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 1, "port %u", i);
}

/* Lookups by port over many ports: picks counted in @hits[port] */
static u32 lb_pick_many(struct kunit *test, u32 inst, u32 domain, u32 *hits,
			u32 nports)
{
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk = { .node = domain };

	if (!tipc_lb_select(t->lb, inst, &sk, SELF, false, NULL))
		return 0;
	KUNIT_ASSERT_GE(test, sk.ref, 1);
	KUNIT_ASSERT_LE(test, sk.ref, nports);
	hits[sk.ref]++;
	return sk.ref;
}

#define NBIG	10000

/* No bound, no fallback: 10,000 nested distinct ranges {0, i}, local ones
 * too, are balanced exactly (the old index gave up at 255 of them)
 */
static void lb_rr_nested_10k(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 *hits = kunit_kcalloc(test, NBIG + 1, sizeof(u32), GFP_KERNEL);
	struct publication **p;
	u32 i;

	p = kunit_kcalloc(test, NBIG + 1, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hits);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 1; i <= NBIG; i++)
		p[i] = lb_add(test, 0, i, i & 1 ? SELF : PEER, i);
	for (i = 0; i < 2 * NBIG; i++)
		lb_pick_many(test, 0, 0, hits, NBIG);
	for (i = 1; i <= NBIG; i++)
		if (hits[i] != 2)
			KUNIT_FAIL(test, "port %u picked %u times, not 2", i, hits[i]);
	/* Instance 9000: ranges {0,9000}..{0,10000} only, in turn */
	memset(hits, 0, (NBIG + 1) * sizeof(u32));
	for (i = 0; i < 1001; i++)
		lb_pick_many(test, 9000, 0, hits, NBIG);
	KUNIT_EXPECT_EQ(test, hits[8999], 0);
	for (i = 9000; i <= NBIG; i++)
		if (hits[i] != 1)
			KUNIT_FAIL(test, "port %u picked %u times, not 1", i, hits[i]);
	/* Node-local lookups: the odd ports only */
	memset(hits, 0, (NBIG + 1) * sizeof(u32));
	for (i = 0; i < NBIG; i++)
		KUNIT_EXPECT_EQ(test, lb_pick_many(test, 0, SELF, hits, NBIG) & 1,
				1);
	/* Withdrawing them all leaves nothing behind */
	for (i = 1; i <= NBIG; i++)
		lb_remove(test, p[i]);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 0), 0);
	KUNIT_EXPECT_EQ(test, t->lb->npubl, 0);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&t->lb->grps.rb_root));
}

/* A publication with an explicit weight and priority rank */
static struct publication *lb_add_wr(struct kunit *test, u32 lower, u32 upper,
				     u32 node, u32 ref, u32 weight, u64 rank)
{
	lb_ent(test, TIPC_LB_ENT_WEIGHT, node, false, ref, weight);
	if (rank != TIPC_LB_RANK_NONE)
		lb_ent(test, TIPC_LB_ENT_PRIO, node, false, ref, rank);
	return lb_add(test, lower, upper, node, ref);
}

static struct publication *lb_find(struct kunit *test, u32 ref)
{
	struct lb_test *t = test->priv;
	struct publication *p;

	list_for_each_entry(p, &t->lb->publs, lb.node)
		if (p->sk.ref == ref)
			return p;
	KUNIT_FAIL(test, "no publication with port %u", ref);
	return NULL;
}

/* A connection setup: selected, then counted as its SYN would be */
static u32 lb_pick_conn(struct kunit *test, u32 inst, struct tipc_lb_conn *c)
{
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk = {};

	memset(c, 0, sizeof(*c));
	if (!tipc_lb_select(t->lb, inst, &sk, SELF, false, c))
		return 0;
	KUNIT_EXPECT_EQ(test, c->type, TYPE);
	KUNIT_EXPECT_EQ(test, c->sk.ref, sk.ref);
	KUNIT_EXPECT_FALSE(test, c->counted);
	tipc_lb_conn_count(t->lb, lb_find(test, sk.ref), true);
	c->counted = true;
	return sk.ref;
}

/* ---- weighted ---------------------------------------------------------- */

static int lb_weighted_init(struct kunit *test)
{
	return lb_test_setup(test, &tipc_lb_weighted_ops);
}

/* 3:2:1 over 600 picks: exact shares, and every prefix within one pick */
static void lb_weighted_shares(struct kunit *test)
{
	static const u32 w[] = { 0, 3, 2, 1 };
	struct lb_test *t = test->priv;
	u32 k, i, worst = 0;

	for (i = 1; i <= 3; i++)
		lb_add_wr(test, 0, 10, PEER, i, w[i], TIPC_LB_RANK_NONE);
	memset(t->hits, 0, sizeof(t->hits));
	for (k = 1; k <= 600; k++) {
		lb_pick(test, 4);
		/* |hits - k * w / 6| <= 1, in sixths */
		for (i = 1; i <= 3; i++)
			worst = max_t(u32, worst,
				      abs((int)(6 * t->hits[i]) - (int)(k * w[i])));
	}
	KUNIT_EXPECT_EQ(test, t->hits[1], 300);
	KUNIT_EXPECT_EQ(test, t->hits[2], 200);
	KUNIT_EXPECT_EQ(test, t->hits[3], 100);
	KUNIT_EXPECT_LE(test, worst, 6);
}

/* 3:1:1 interleaves: A B A C A, never three in a row */
static void lb_weighted_smooth(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 k, cur, prev = 0, run = 0, longest = 0;

	lb_add_wr(test, 0, 10, PEER, 1, 3, TIPC_LB_RANK_NONE);
	lb_add_wr(test, 0, 10, PEER, 2, 1, TIPC_LB_RANK_NONE);
	lb_add_wr(test, 0, 10, PEER, 3, 1, TIPC_LB_RANK_NONE);
	memset(t->hits, 0, sizeof(t->hits));
	for (k = 0; k < 50; k++) {
		cur = lb_pick(test, 4);
		run = cur == prev ? run + 1 : 1;
		longest = max(longest, run);
		prev = cur;
	}
	KUNIT_EXPECT_EQ(test, t->hits[1], 30);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);
	KUNIT_EXPECT_EQ(test, t->hits[3], 10);
	KUNIT_EXPECT_LE(test, longest, 2);
}

/* Weight 0 drains; nobody left means no selection */
static void lb_weighted_drain(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct publication *p1, *p3;

	p1 = lb_add_wr(test, 0, 10, PEER, 1, 2, TIPC_LB_RANK_NONE);
	lb_add_wr(test, 0, 10, PEER, 2, 0, TIPC_LB_RANK_NONE);
	p3 = lb_add_wr(test, 0, 10, PEER, 3, 1, TIPC_LB_RANK_NONE);
	lb_picks(test, 4, 30);
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 0);
	KUNIT_EXPECT_EQ(test, t->hits[3], 10);

	lb_remove(test, p1);
	lb_remove(test, p3);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 0);
}

/* Weights from range widths, and a huge range capped instead of starving */
static void lb_weighted_width(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct publication *p;

	t->lb->wsrc = TIPC_LB_WEIGHT_SRC_WIDTH;
	lb_add(test, 0, 29, PEER, 1);
	lb_add(test, 0, 9, PEER, 2);
	p = lb_add(test, 0, 9, PEER, 3);
	KUNIT_EXPECT_EQ(test, p->lb.weight, 10);
	lb_picks(test, 4, 50);
	KUNIT_EXPECT_EQ(test, t->hits[1], 30);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);
	KUNIT_EXPECT_EQ(test, t->hits[3], 10);

	p = lb_add(test, 0, U32_MAX, PEER, 4);
	KUNIT_EXPECT_EQ(test, p->lb.weight, TIPC_LB_WEIGHT_MAX);
	lb_add(test, 5, 5, PEER, 5);
	/* Instance 5: weights 30, 10, 10, 10000, 1 */
	lb_picks(test, 5, 10051);
	KUNIT_EXPECT_EQ(test, t->hits[4], 10000);
	KUNIT_EXPECT_EQ(test, t->hits[5], 1);
	KUNIT_EXPECT_EQ(test, t->hits[1], 30);
}

/* A server joining mid-way gets its share from then on */
static void lb_weighted_join(struct kunit *test)
{
	struct lb_test *t = test->priv;

	lb_add_wr(test, 0, 10, PEER, 1, 2, TIPC_LB_RANK_NONE);
	lb_add_wr(test, 0, 10, PEER, 2, 1, TIPC_LB_RANK_NONE);
	lb_picks(test, 4, 7);
	lb_add_wr(test, 0, 10, PEER, 3, 3, TIPC_LB_RANK_NONE);
	lb_picks(test, 4, 60);
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);
	KUNIT_EXPECT_EQ(test, t->hits[3], 30);
}

static struct kunit_case lb_weighted_cases[] = {
	KUNIT_CASE(lb_weighted_shares),
	KUNIT_CASE(lb_weighted_smooth),
	KUNIT_CASE(lb_weighted_drain),
	KUNIT_CASE(lb_weighted_width),
	KUNIT_CASE(lb_weighted_join),
	{}
};

static struct kunit_suite lb_weighted_suite = {
	.name = "tipc_lb_weighted",
	.init = lb_weighted_init,
	.exit = lb_test_exit,
	.test_cases = lb_weighted_cases,
};

/* ---- least ------------------------------------------------------------- */

static int lb_least_init(struct kunit *test)
{
	return lb_test_setup(test, &tipc_lb_least_ops);
}

/* Connections spread out, and a freed server takes the next one */
static void lb_least_conns(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct tipc_lb_conn c[4];
	u32 got[4], i;

	lb_add_overlap(test);
	for (i = 0; i < 3; i++)
		got[i] = lb_pick_conn(test, 4, &c[i]);
	KUNIT_EXPECT_NE(test, got[0], got[1]);
	KUNIT_EXPECT_NE(test, got[1], got[2]);
	KUNIT_EXPECT_NE(test, got[0], got[2]);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ(test, lb_find(test, i)->lb.conns, 1);

	/* The connection on port 2 ends: the next one goes there */
	for (i = 0; i < 3; i++)
		if (got[i] == 2)
			KUNIT_EXPECT_TRUE(test, tipc_lb_conn_match(lb_find(test, 2),
								   &c[i]));
	tipc_lb_conn_count(t->lb, lb_find(test, 2), false);
	KUNIT_EXPECT_EQ(test, lb_find(test, 2)->lb.conns, 0);
	KUNIT_EXPECT_EQ(test, lb_pick_conn(test, 4, &c[3]), 2);
	/* Only a candidate of instance 9 can be picked there */
	KUNIT_EXPECT_EQ(test, lb_pick_conn(test, 9, &c[3]), 1);
	KUNIT_EXPECT_EQ(test, lb_find(test, 1)->lb.conns, 2);
}

/* Connections per unit of weight; datagrams balance as weighted */
static void lb_least_weights(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct tipc_lb_conn c;
	u32 i;

	lb_add_wr(test, 0, 10, PEER, 1, 2, TIPC_LB_RANK_NONE);
	lb_add_wr(test, 0, 10, PEER, 2, 1, TIPC_LB_RANK_NONE);
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 30; i++)
		t->hits[lb_pick_conn(test, 4, &c)]++;
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);

	/* Port 1 holds 20 connections, port 2 holds 10: datagrams ignore them */
	lb_picks(test, 4, 30);
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);
	KUNIT_EXPECT_EQ(test, lb_find(test, 1)->lb.conns, 20);
}

static struct kunit_case lb_least_cases[] = {
	KUNIT_CASE(lb_least_conns),
	KUNIT_CASE(lb_least_weights),
	{}
};

static struct kunit_suite lb_least_suite = {
	.name = "tipc_lb_least",
	.init = lb_least_init,
	.exit = lb_test_exit,
	.test_cases = lb_least_cases,
};

/* ---- sorted ------------------------------------------------------------ */

static int lb_sorted_init(struct kunit *test)
{
	return lb_test_setup(test, &tipc_lb_sorted_ops);
}

/* Identity order whatever the arrival order; the first takes everything */
static void lb_sorted_identity(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct publication *p1;

	lb_add(test, 0, 10, 0x1003, 3);
	p1 = lb_add(test, 0, 10, 0x1001, 1);
	lb_add(test, 0, 10, 0x1002, 2);
	lb_picks(test, 4, 20);
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);

	/* Withdrawn: the next in order; back: first again */
	lb_remove(test, p1);
	lb_picks(test, 4, 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 20);
	lb_add(test, 0, 10, 0x1001, 1);
	lb_picks(test, 4, 20);
	KUNIT_EXPECT_EQ(test, t->hits[1], 20);

	/* Strings, not numbers: node10 sorts before node2 */
	lb_add(test, 0, 10, 0x100a, 10);
	lb_remove(test, lb_find(test, 1));
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 10);
}

/* Explicit priorities first, lower first, then identity, bound and port */
static void lb_sorted_priority(struct kunit *test)
{
	struct publication *p;

	lb_add(test, 0, 10, 0x1001, 1);
	p = lb_add_wr(test, 0, 10, 0x1003, 3, 1, 7);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 3);
	lb_add_wr(test, 0, 10, 0x1002, 2, 1, 5);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 2);
	lb_add_wr(test, 0, 10, 0x1004, 4, 1, 0);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 4);
	lb_remove(test, lb_find(test, 4));
	lb_remove(test, lb_find(test, 2));
	lb_remove(test, p);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 1);

	/* Same node: the lower bound, then the port decides */
	lb_add(test, 0, 10, 0x1001, 9);
	lb_add(test, 3, 10, 0x1001, 5);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 1);
	lb_remove(test, lb_find(test, 1));
	KUNIT_EXPECT_EQ(test, lb_pick(test, 4), 9);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 3), 9);
}

/* The service's whole order, in which statistics number positions */
static void lb_expect_order(struct kunit *test, const u32 *ports, u32 n)
{
	struct lb_test *t = test->priv;
	struct rb_node *node;
	u32 i = 0;

	for (node = rb_first_cached(&t->lb->order); node; node = rb_next(node)) {
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_EXPECT_EQ_MSG(test,
				    rb_entry(node, struct tipc_lb_memb, order)->p->sk.ref,
				    ports[i], "position %u", i + 1);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, n);
}

/* Statistics: positions follow the order, from 1, and follow changes */
static void lb_sorted_positions(struct kunit *test)
{
	struct publication *p1, *p2, *p3;

	p3 = lb_add(test, 0, 10, 0x1003, 3);
	p1 = lb_add(test, 0, 10, 0x1001, 1);
	p2 = lb_add_wr(test, 0, 10, 0x1002, 2, 1, 0);
	lb_expect_order(test, (u32 []){ 2, 1, 3 }, 3);
	lb_remove(test, p2);
	lb_expect_order(test, (u32 []){ 1, 3 }, 2);
	lb_add(test, 5, 8, 0x1000, 4);
	lb_expect_order(test, (u32 []){ 4, 1, 3 }, 3);
	KUNIT_EXPECT_PTR_NE(test, p1, p3);
}

static struct kunit_case lb_sorted_cases[] = {
	KUNIT_CASE(lb_sorted_identity),
	KUNIT_CASE(lb_sorted_priority),
	KUNIT_CASE(lb_sorted_positions),
	{}
};

static struct kunit_suite lb_sorted_suite = {
	.name = "tipc_lb_sorted",
	.init = lb_sorted_init,
	.exit = lb_test_exit,
	.test_cases = lb_sorted_cases,
};

/* ---- hash -------------------------------------------------------------- */

#define NINST	1000

static int lb_hash_init(struct kunit *test)
{
	return lb_test_setup(test, &tipc_lb_hash_ops);
}

static void lb_hash_map(struct kunit *test, u32 *map)
{
	u32 i;

	for (i = 0; i < NINST; i++)
		map[i] = lb_pick(test, i);
}

/* Same mapping whatever the arrival order; only a leaver's keys move */
static void lb_hash_stable(struct kunit *test)
{
	u32 *a = kunit_kcalloc(test, NINST, sizeof(u32), GFP_KERNEL);
	u32 *b = kunit_kcalloc(test, NINST, sizeof(u32), GFP_KERNEL);
	struct lb_test *t = test->priv;
	u32 i, moved = 0, held = 0;
	struct publication *p3;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 1; i <= 4; i++)
		lb_add(test, 0, NINST - 1, 0x1000 + i, i);
	memset(t->hits, 0, sizeof(t->hits));
	lb_hash_map(test, a);
	for (i = 1; i <= 4; i++)
		KUNIT_EXPECT_GT_MSG(test, t->hits[i], NINST / 8, "port %u", i);
	lb_hash_map(test, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, NINST * sizeof(u32));

	/* Another node, where publications arrived in another order */
	lb_use(test, &tipc_lb_hash_ops);
	for (i = 4; i >= 2; i--)
		lb_add(test, 0, NINST - 1, 0x1000 + i, i);
	p3 = lb_find(test, 3);
	lb_add(test, 0, NINST - 1, 0x1001, 1);
	lb_hash_map(test, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, NINST * sizeof(u32));

	/* Port 3 leaves: exactly its instances move */
	lb_remove(test, p3);
	lb_hash_map(test, b);
	for (i = 0; i < NINST; i++) {
		held += a[i] == 3;
		moved += a[i] != b[i];
		if (a[i] != 3)
			KUNIT_EXPECT_EQ_MSG(test, b[i], a[i], "instance %u", i);
		KUNIT_EXPECT_NE(test, b[i], 3);
	}
	KUNIT_EXPECT_EQ(test, moved, held);
}

static struct kunit_case lb_hash_cases[] = {
	KUNIT_CASE(lb_hash_stable),
	{}
};

static struct kunit_suite lb_hash_suite = {
	.name = "tipc_lb_hash",
	.init = lb_hash_init,
	.exit = lb_test_exit,
	.test_cases = lb_hash_cases,
};

/* ---- every policy ------------------------------------------------------ */

static const struct tipc_lb_ops * const lb_all_ops[] = {
	&tipc_lb_rr_ops, &tipc_lb_weighted_ops, &tipc_lb_least_ops,
	&tipc_lb_sorted_ops, &tipc_lb_hash_ops,
};

static void lb_all_desc(const struct tipc_lb_ops * const *ops, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", (*ops)->name);
}

KUNIT_ARRAY_PARAM(lb_all, lb_all_ops, lb_all_desc);

/* No candidate, one, and candidates coming and going between picks */
static void lb_all_membership(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct publication *p[4] = {};
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk;
	u32 i, k, got;

	/* The suite's init made an rr balancer: use the parameter's policy */
	lb_use(test, *ops);
	memset(&sk, 0, sizeof(sk));
	KUNIT_EXPECT_FALSE(test, tipc_lb_select(t->lb, 4, &sk, SELF, false,
						NULL));
	p[0] = lb_add(test, 0, 10, PEER, 1);
	lb_picks(test, 4, 10);
	KUNIT_EXPECT_EQ(test, t->hits[1], 10);

	for (k = 0; k < 40; k++) {
		i = k % 4;
		if (p[i]) {
			lb_remove(test, p[i]);
			p[i] = NULL;
		} else {
			p[i] = lb_add(test, i, 10, PEER, i + 1);
		}
		memset(&sk, 0, sizeof(sk));
		got = tipc_lb_select(t->lb, 4, &sk, SELF, false, NULL) ?
		      sk.ref : 0;
		if (got)
			KUNIT_EXPECT_PTR_NE_MSG(test, p[got - 1], NULL,
						"picked withdrawn port %u", got);
		else
			KUNIT_EXPECT_TRUE(test, !p[0] && !p[1] && !p[2] && !p[3]);
	}
}

/* Each selection counts on the publication selected, and only there */
static void lb_all_counters(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	struct publication *p[3];
	u32 i, inst;

	lb_use(test, *ops);
	for (i = 0; i < 3; i++)
		p[i] = lb_add(test, 0, 99, PEER, i + 1);
	memset(t->hits, 0, sizeof(t->hits));
	for (inst = 0; inst < 90; inst++)
		lb_pick(test, inst);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, p[i]->lb.selected, t->hits[i + 1]);
	KUNIT_EXPECT_EQ(test, p[0]->lb.selected + p[1]->lb.selected +
			p[2]->lb.selected, 90);
	/* A rebuild (membership change) keeps the counts */
	lb_remove(test, p[2]);
	KUNIT_EXPECT_EQ(test, p[0]->lb.selected, t->hits[1]);
	KUNIT_EXPECT_EQ(test, p[1]->lb.selected, t->hits[2]);
}

static struct kunit_case lb_all_cases[] = {
	KUNIT_CASE_PARAM(lb_all_membership, lb_all_gen_params),
	KUNIT_CASE_PARAM(lb_all_counters, lb_all_gen_params),
	{}
};

static struct kunit_suite lb_all_suite = {
	.name = "tipc_lb_policies",
	.init = lb_test_init,
	.exit = lb_test_exit,
	.test_cases = lb_all_cases,
};

/* ---- the core, under churn and at the edges ------------------------------ */

static const struct tipc_lb_ops * const lb_rotating_ops[] = {
	&tipc_lb_rr_ops, &tipc_lb_weighted_ops, &tipc_lb_least_ops,
};

KUNIT_ARRAY_PARAM(lb_rotating, lb_rotating_ops, lb_all_desc);

/* Issue 9's churn case: three servers on {0,10}; between every two of 30
 * lookups of instance 4 another publication of the type comes and goes
 * (a single instance {100+i}, or a range {5,20} overlapping theirs). Its
 * share must not change theirs: 10/10/10, and in turn. Every rebuild used
 * to restart the weights' rotation: weighted gave 30/0/0, least 0/30/0.
 */
static void lb_churn_shares(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	struct publication *p;
	u32 seq[30], i;

	lb_use(test, *ops);
	for (i = 1; i <= 3; i++)
		lb_add(test, 0, 10, SELF, i);
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 30; i++) {
		seq[i] = lb_pick(test, 4);
		p = i & 1 ? lb_add(test, 5, 20, PEER, 10 + i) :
			    lb_add(test, 100 + i, 100 + i, SELF, 10 + i);
		lb_remove(test, p);
	}
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 10, "port %u", i);
	for (i = 3; i < 30; i++)
		KUNIT_EXPECT_EQ_MSG(test, seq[i], seq[i - 3], "pick %u", i);
}

/* Churn across groups of overlapping ranges: a candidate joining and
 * leaving a group that covers the instance (it joins at the end of the
 * cycle) never disturbs the others, which keep taking turns
 */
static void lb_churn_candidates(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	struct publication *p = NULL;
	u32 seq[60], n = 0, i, got;

	lb_use(test, *ops);
	lb_add(test, 0, 10, PEER, 1);
	lb_add(test, 0, 5, PEER, 2);
	lb_add(test, 3, 8, PEER, 3);
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 60; i++) {
		got = lb_pick(test, 4);
		if (got != 4)
			seq[n++] = got;
		if (i % 4 == 3) {
			if (p)
				lb_remove(test, p);
			p = p ? NULL : lb_add(test, 2, 6, PEER, 4);
		}
	}
	for (i = 3; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, seq[i], seq[i - 3], "pick %u", i);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_GE_MSG(test, t->hits[i], (60 - t->hits[4]) / 3,
				    "port %u", i);
	/* Present for 4 picks out of 8: rr gives it its turn each time;
	 * in virtual time it starts level with the last one selected, and
	 * loses ties to it
	 */
	if (*ops == &tipc_lb_rr_ops) {
		KUNIT_EXPECT_EQ(test, t->hits[4], 7);
	} else {
		KUNIT_EXPECT_GE(test, t->hits[4], 2);
		KUNIT_EXPECT_LE(test, t->hits[4], 7);
	}
}

/* lower > upper covers nothing: not indexed, never picked, no harm done
 * (the old index counted its slots with a wrapping u32)
 */
static void lb_bad_range(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	struct publication *bad, *p;
	u32 i;

	lb_use(test, *ops);
	bad = lb_add(test, 10, 5, PEER, 1);
	KUNIT_EXPECT_NULL(test, bad->lb.grp);
	KUNIT_EXPECT_EQ(test, t->lb->npubl, 0);
	for (i = 0; i <= 12; i++)
		KUNIT_EXPECT_EQ(test, lb_pick(test, i), 0);
	p = lb_add(test, 0, U32_MAX, PEER, 2);
	lb_picks(test, 7, 5);
	KUNIT_EXPECT_EQ(test, t->hits[2], 5);
	lb_remove(test, bad);
	lb_remove(test, p);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 7), 0);
}

/* Entries: (identity, port), (address, port), (identity), (address), in
 * that order of precedence, each found by hash (no scan of all entries)
 */
static void lb_entries(struct kunit *test)
{
	struct publication *p;

	lb_use(test, &tipc_lb_weighted_ops);
	lb_ent(test, TIPC_LB_ENT_WEIGHT, PEER, true, 0, 4);
	p = lb_add(test, 0, 10, PEER, 1);
	KUNIT_EXPECT_EQ(test, p->lb.weight, 4);
	lb_ent(test, TIPC_LB_ENT_WEIGHT, PEER, false, 0, 5);
	p = lb_add(test, 0, 10, PEER, 2);
	KUNIT_EXPECT_EQ(test, p->lb.weight, 5);
	lb_ent(test, TIPC_LB_ENT_WEIGHT, PEER, true, 3, 6);
	p = lb_add(test, 0, 10, PEER, 3);
	KUNIT_EXPECT_EQ(test, p->lb.weight, 6);
	lb_ent(test, TIPC_LB_ENT_WEIGHT, PEER, false, 3, 7);
	lb_ent(test, TIPC_LB_ENT_PRIO, PEER, true, 3, 9);
	p = lb_add(test, 0, 10, PEER, 3);
	KUNIT_EXPECT_EQ(test, p->lb.weight, 7);
	KUNIT_EXPECT_EQ(test, p->lb.rank, 9);
	/* Another node: the policy's default weight, no rank */
	p = lb_add(test, 0, 10, SELF, 4);
	KUNIT_EXPECT_EQ(test, p->lb.weight, TIPC_LB_WEIGHT_DEFAULT);
	KUNIT_EXPECT_EQ(test, p->lb.rank, TIPC_LB_RANK_NONE);
}

/* Virtual time keeps weighted as smooth as smooth weighted round-robin:
 * 16 servers of weights 1..16, every prefix of 4080 picks within one pick
 * of each server's ideal share; then a server leaves and one joins, and
 * the others' shares go on within the same bound
 */
static void lb_weighted_bound(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 k, i, wsum = 0, base[17] = {};
	s64 dev, worst = 0;
	struct publication *p16;

	lb_use(test, &tipc_lb_weighted_ops);
	for (i = 1; i <= 16; i++) {
		p16 = lb_add_wr(test, 0, 10, PEER, i, i, TIPC_LB_RANK_NONE);
		wsum += i;
	}
	memset(t->hits, 0, sizeof(t->hits));
	for (k = 1; k <= 30 * wsum; k++) {
		lb_pick(test, 4);
		/* |hits - k * w / W| < 1, in units of 1/W */
		for (i = 1; i <= 16; i++) {
			dev = abs((s64)t->hits[i] * wsum - (s64)k * i);
			worst = max(worst, dev);
		}
	}
	for (i = 1; i <= 16; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 30 * i, "port %u", i);
	KUNIT_EXPECT_LT(test, worst, (s64)wsum);

	/* Port 16 leaves, port 17 (weight 16) joins: a stable set again */
	lb_remove(test, p16);
	lb_add_wr(test, 0, 10, PEER, 17, 16, TIPC_LB_RANK_NONE);
	memcpy(base, t->hits, sizeof(base));
	worst = 0;
	memset(t->hits, 0, sizeof(t->hits));
	for (k = 1; k <= 10 * wsum; k++) {
		lb_pick(test, 4);
		for (i = 1; i <= 17; i++) {
			if (i == 16)
				continue;
			dev = abs((s64)t->hits[i] * wsum - (s64)k * min(i, 16u));
			worst = max(worst, dev);
		}
	}
	KUNIT_EXPECT_EQ(test, t->hits[16], 0);
	KUNIT_EXPECT_EQ(test, t->hits[17], 160);
	KUNIT_EXPECT_LE(test, worst, 2 * (s64)wsum);
	kunit_info(test, "largest deviation %lld/%u of a pick", worst, wsum);
}

/* A drained publication back in the rotation: the share it did not have
 * while drained is no credit (its virtual time restarts at its group's,
 * as a newcomer's), so no burst: 10/10/10 and in turn. A publication
 * whose weight did not change keeps its place (lb_relink_keeps_turns).
 */
static void lb_weighted_undrain(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	struct tipc_lb_ent *e2;
	u32 seq[30], i;

	lb_use(test, *ops);
	lb_add(test, 0, 10, PEER, 1);
	e2 = lb_ent(test, TIPC_LB_ENT_WEIGHT, PEER, false, 2, 1);
	lb_add(test, 0, 10, PEER, 2);
	lb_add(test, 0, 10, PEER, 3);
	lb_picks(test, 4, 30);
	KUNIT_EXPECT_EQ(test, t->hits[2], 10);

	e2->val = 0;
	lb_relink(test, *ops);
	lb_picks(test, 4, 20);
	KUNIT_EXPECT_EQ(test, t->hits[2], 0);

	e2->val = 1;
	lb_relink(test, *ops);
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 30; i++)
		seq[i] = lb_pick(test, 4);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->hits[i], 10, "port %u", i);
	for (i = 3; i < 30; i++)
		KUNIT_EXPECT_EQ_MSG(test, seq[i], seq[i - 3], "pick %u", i);
}

static const struct tipc_lb_ops * const lb_vtime_ops[] = {
	&tipc_lb_weighted_ops, &tipc_lb_least_ops,
};

KUNIT_ARRAY_PARAM(lb_vtime, lb_vtime_ops, lb_all_desc);

/* least: connections from churned publications never touch the others */
static void lb_least_churn(struct kunit *test)
{
	struct lb_test *t = test->priv;
	struct tipc_lb_conn c[12];
	struct publication *p;
	u32 i;

	lb_use(test, &tipc_lb_least_ops);
	for (i = 1; i <= 3; i++)
		lb_add(test, 0, 10, PEER, i);
	for (i = 0; i < 12; i++) {
		lb_pick_conn(test, 4, &c[i]);
		p = lb_add(test, 200 + i, 300, PEER, 20 + i);
		lb_remove(test, p);
	}
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, lb_find(test, i)->lb.conns, 4,
				    "port %u", i);
	/* A configuration change links everything again: counts stay, and
	 * the next connections still go to the least loaded
	 */
	lb_relink(test, &tipc_lb_least_ops);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, lb_find(test, i)->lb.conns, 4,
				    "port %u", i);
	tipc_lb_conn_count(t->lb, lb_find(test, 2), false);
	KUNIT_EXPECT_EQ(test, lb_pick_conn(test, 4, &c[0]), 2);
}

/* rr and weighted: a configuration change does not restart the rotation */
static void lb_relink_keeps_turns(struct kunit *test)
{
	const struct tipc_lb_ops * const *ops = test->param_value;
	struct lb_test *t = test->priv;
	u32 seq[12], i;

	lb_use(test, *ops);
	for (i = 1; i <= 3; i++)
		lb_add(test, i - 1, 10, PEER, i);
	for (i = 0; i < 12; i++) {
		seq[i] = lb_pick(test, 4);
		if (i == 4 || i == 7)
			lb_relink(test, *ops);
	}
	for (i = 3; i < 12; i++)
		KUNIT_EXPECT_EQ_MSG(test, seq[i], seq[i - 3], "pick %u", i);
	memset(t->hits, 0, sizeof(t->hits));
}

/* sorted and hash give one answer from every node: on a legacy node a
 * lookup without a domain does not prefer the local candidate (closest
 * first) as rr does; a node-scope lookup still sees local ones only
 */
static void lb_cluster_wide(struct kunit *test)
{
	struct lb_test *t = test->priv;
	u32 i;

	lb_use(test, &tipc_lb_sorted_ops);
	lb_add(test, 0, 10, 0x1000, 1);		/* "node0": first in order */
	lb_add(test, 0, 10, SELF, 2);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, lb_pick_from(test, 4, 0, true), 1);
	KUNIT_EXPECT_EQ(test, lb_pick_from(test, 4, SELF, true), 2);

	lb_use(test, &tipc_lb_hash_ops);
	lb_add(test, 0, 99, PEER, 1);
	lb_add(test, 0, 99, SELF, 2);
	memset(t->hits, 0, sizeof(t->hits));
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, lb_pick_from(test, i, 0, true),
				lb_pick_from(test, i, 0, false));
	/* Both servers win instances: the local one does not take them all */
	KUNIT_EXPECT_GT(test, t->hits[1], 0);

	lb_use(test, &tipc_lb_rr_ops);
	lb_add(test, 0, 10, PEER, 1);
	lb_add(test, 0, 10, SELF, 2);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, lb_pick_from(test, 4, 0, true), 2);
}

/* What every range, publication and service pays for the embedded state
 * (hook-design.rst quotes these), whether or not a policy is set
 */
static void lb_sizes(struct kunit *test)
{
	kunit_info(test, "group %zu, publication %zu, service %zu bytes",
		   sizeof(struct tipc_lb_grp), sizeof(struct tipc_lb_publ),
		   sizeof(struct tipc_lb_svc));
	KUNIT_EXPECT_LE(test, sizeof(struct tipc_lb_grp), 192);
	KUNIT_EXPECT_LE(test, sizeof(struct tipc_lb_publ), 256);
	KUNIT_EXPECT_LE(test, sizeof(struct tipc_lb_svc), 128);
}

static struct kunit_case lb_core_cases[] = {
	KUNIT_CASE_PARAM(lb_churn_shares, lb_rotating_gen_params),
	KUNIT_CASE_PARAM(lb_churn_candidates, lb_rotating_gen_params),
	KUNIT_CASE_PARAM(lb_bad_range, lb_all_gen_params),
	KUNIT_CASE(lb_entries),
	KUNIT_CASE(lb_weighted_bound),
	KUNIT_CASE(lb_least_churn),
	KUNIT_CASE_PARAM(lb_relink_keeps_turns, lb_rotating_gen_params),
	KUNIT_CASE_PARAM(lb_weighted_undrain, lb_vtime_gen_params),
	KUNIT_CASE(lb_cluster_wide),
	KUNIT_CASE(lb_sizes),
	{}
};

static struct kunit_suite lb_core_suite = {
	.name = "tipc_lb_core",
	.init = lb_test_init,
	.exit = lb_test_exit,
	.test_cases = lb_core_cases,
};

static struct kunit_case lb_rr_cases[] = {
	KUNIT_CASE(lb_rr_identical),
	KUNIT_CASE_PARAM(lb_rr_overlap, lb_overlap_gen_params),
	KUNIT_CASE(lb_rr_join),
	KUNIT_CASE(lb_rr_leave),
	KUNIT_CASE(lb_rr_scope),
	KUNIT_CASE(lb_rr_edges),
	KUNIT_CASE(lb_rr_many),
	KUNIT_CASE(lb_rr_nested_10k),
	{}
};

static struct kunit_suite lb_rr_suite = {
	.name = "tipc_lb_rr",
	.init = lb_test_init,
	.exit = lb_test_exit,
	.test_cases = lb_rr_cases,
};

kunit_test_suites(&lb_rr_suite, &lb_weighted_suite, &lb_least_suite,
		  &lb_sorted_suite, &lb_hash_suite, &lb_all_suite,
		  &lb_core_suite);
