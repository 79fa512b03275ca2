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

struct lb_test {
	struct tipc_lb_svc *lb;
	struct list_head local;		/* stands for a range's local_publ */
	u32 hits[NPUBL + 1];		/* indexed by port (ref) */
};

static int lb_test_init(struct kunit *test)
{
	struct lb_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	INIT_LIST_HEAD(&t->local);
	t->lb = tipc_lb_svc_alloc(&tipc_lb_rr_ops);
	KUNIT_ASSERT_NOT_NULL(test, t->lb);
	test->priv = t;
	return 0;
}

static void lb_test_exit(struct kunit *test)
{
	struct lb_test *t = test->priv;

	tipc_lb_svc_destroy(t->lb);
}

/* A publication of {1000, lower, upper} by port @ref on @node */
static struct publication *lb_publ(struct kunit *test, u32 lower, u32 upper,
				   u32 node, u32 ref)
{
	struct lb_test *t = test->priv;
	struct publication *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->sr.type = 1000;
	p->sr.lower = lower;
	p->sr.upper = upper;
	p->sk.node = node;
	p->sk.ref = ref;
	p->key = ref;
	INIT_LIST_HEAD(&p->local_publ);
	INIT_LIST_HEAD(&p->lb.node);
	if (node == SELF)
		list_add(&p->local_publ, &t->local);
	return p;
}

static struct publication *lb_add(struct kunit *test, u32 lower, u32 upper,
				  u32 node, u32 ref)
{
	struct lb_test *t = test->priv;
	struct publication *p = lb_publ(test, lower, upper, node, ref);

	tipc_lb_publ_added(t->lb, p);
	return p;
}

static void lb_remove(struct kunit *test, struct publication *p)
{
	struct lb_test *t = test->priv;

	list_del_init(&p->local_publ);
	tipc_lb_publ_removed(t->lb, p);
}

/* One lookup from @domain; returns the selected port, 0 if none */
static u32 lb_pick_from(struct kunit *test, u32 inst, u32 domain, bool legacy)
{
	struct lb_test *t = test->priv;
	struct tipc_socket_addr sk = { .node = domain };
	bool res = true;

	KUNIT_ASSERT_TRUE(test, tipc_lb_select(t->lb, inst, &sk, SELF, legacy,
					       &res));
	if (!res)
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
	bool res;

	/* No publication at all: the stock lookup (which finds none) runs */
	KUNIT_EXPECT_FALSE(test, tipc_lb_select(t->lb, 4, &sk, SELF, false,
						&res));

	p = lb_add(test, U32_MAX - 1, U32_MAX, PEER, 1);
	lb_picks(test, U32_MAX, 5);
	KUNIT_EXPECT_EQ(test, t->hits[1], 5);
	KUNIT_EXPECT_EQ(test, lb_pick(test, U32_MAX - 2), 0);
	KUNIT_EXPECT_EQ(test, lb_pick(test, 0), 0);

	lb_remove(test, p);
	KUNIT_EXPECT_FALSE(test, tipc_lb_select(t->lb, U32_MAX, &sk, SELF,
						false, &res));
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

static struct kunit_case lb_rr_cases[] = {
	KUNIT_CASE(lb_rr_identical),
	KUNIT_CASE_PARAM(lb_rr_overlap, lb_overlap_gen_params),
	KUNIT_CASE(lb_rr_join),
	KUNIT_CASE(lb_rr_leave),
	KUNIT_CASE(lb_rr_scope),
	KUNIT_CASE(lb_rr_edges),
	KUNIT_CASE(lb_rr_many),
	{}
};

static struct kunit_suite lb_rr_suite = {
	.name = "tipc_lb_rr",
	.init = lb_test_init,
	.exit = lb_test_exit,
	.test_cases = lb_rr_cases,
};

kunit_test_suite(lb_rr_suite);
