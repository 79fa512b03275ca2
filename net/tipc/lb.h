/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TIPC anycast load balancer (tipc-lb)
 *
 * The stock anycast lookup round-robins inside the first service range
 * that covers the instance. A balancing policy instead sees every
 * publication covering the instance, whatever range it sits in.
 *
 * The balancer keeps no index that a membership change must rebuild.
 * Publications of the same range form a group (one per TIPC service
 * range, embedded in it); each group keeps its members in the container
 * its policy needs (a rotation list, or a red-black tree in the policy's
 * order), and the groups of a service sit in an interval tree. A lookup
 * walks the groups covering the instance and compares the best member of
 * each; a publish or withdraw touches one group. Every piece of state lives
 * in the service, the range or the publication, so neither path allocates.
 * Hook-design.rst has the costs and the reasons.
 */

#ifndef _TIPC_LB_H
#define _TIPC_LB_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/list.h>
#include <linux/hashtable.h>
#include <linux/rbtree.h>
#include <linux/xarray.h>
#include <linux/tipc.h>
#include <linux/tipc_lb.h>

struct net;
struct publication;

/* Rank of a publication without a priority entry: after all that have one */
#define TIPC_LB_RANK_NONE	BIT_ULL(32)

/* Configuration bounds, per network namespace: each is refused with an
 * extack message beyond these
 */
#define TIPC_LB_MAX_TYPES	4096	/* service types with a configuration */
#define TIPC_LB_MAX_TYPE_ENTS	1024	/* weight (or priority) entries a type */
#define TIPC_LB_MAX_ENTS	16384	/* entries of every type together */

/* Lookup scopes: every candidate, or those published from this node */
enum {
	TIPC_LB_ALL,
	TIPC_LB_LOCAL,
	TIPC_LB_SCOPES,
};

/**
 * struct tipc_lb_memb - a publication's place in one candidate set
 * @lru: rotation order (rr), plain membership (hash)
 * @ord: place in the set's tree (sorted, weighted, least)
 * @load: least: place in the set's tree ordered by connections per weight
 * @order: sorted, in the service's whole order (TIPC_LB_ALL only)
 * @p: the publication
 * @min_vs: weighted, least: earliest virtual start in @ord's subtree
 */
struct tipc_lb_memb {
	union {
		struct list_head lru;
		struct rb_node ord;
	};
	union {
		struct rb_node load;
		struct rb_node order;
	};
	struct publication *p;
	u64 min_vs;
};

/**
 * struct tipc_lb_publ - balancer state of one publication
 * @node: member of tipc_lb_svc::publs
 * @grp: the group it is a member of, NULL when not indexed
 * @m: its membership of the group's candidate sets, by scope
 * @stamp: rr: service clock at the last selection (or when it arrived)
 * @vs: weighted, least: virtual start, advanced by 1/weight per selection
 * @vd: weighted, least: virtual deadline, @vs + 1/weight
 * @rank: priority entry of the publication's node/port, or TIPC_LB_RANK_NONE
 * @selected: lookups on this node that selected it (statistics)
 * @weight: effective weight (explicit entry, or the policy's source)
 * @conns: connections opened from this node through it and still alive
 * @hkey: hash of the publishing socket, the per-candidate half of the
 *	hash policy's score
 * @local: published from this node
 * @restart: weighted, least: its weight changed when it was linked again,
 *	so it restarts at its group's virtual time (tipc_lb_svc_commit())
 * @node_id: identity of the publishing node, compared as a string
 *
 * @stamp, @vs, @selected and @conns are kept when the service's policy or
 * configuration changes; everything else is resolved again then.
 */
struct tipc_lb_publ {
	struct list_head node;
	struct tipc_lb_grp *grp;
	struct tipc_lb_memb m[TIPC_LB_SCOPES];
	u64 stamp;
	u64 vs;
	u64 vd;
	u64 rank;
	u64 selected;
	u32 weight;
	u32 conns;
	u32 hkey;
	bool local;
	bool restart;
	char node_id[TIPC_LB_NODE_ID_LEN + 1];
};

/**
 * struct tipc_lb_conn - a connection counted by the balancer
 * @type: service type looked up, 0 if nothing was selected
 * @inst: instance looked up
 * @sk: the selected socket
 * @key: key of the selected publication
 * @counted: its SYN went out, so the publication counts it
 *
 * Kept in the connecting socket until the connection ends.
 */
struct tipc_lb_conn {
	u32 type;
	u32 inst;
	struct tipc_socket_addr sk;
	u32 key;
	bool counted;
};

/**
 * struct tipc_lb_set - the candidates of a group for one lookup scope
 * @lru: rr: members, least recently selected first; hash: members
 * @ord: sorted: members in the policy's order; weighted, least: members
 *	of non-zero weight by virtual deadline, augmented with @min_vs
 * @load: least: members of non-zero weight by connections per weight
 * @vsum: weighted, least: sum of weight * (vs - @vbase) over @ord
 * @vbase: weighted, least: origin of @vsum
 * @wsum: weighted, least: sum of the weights in @ord
 * @n: members, whatever their weight
 */
struct tipc_lb_set {
	union {
		struct list_head lru;
		struct rb_root_cached ord;
	};
	struct rb_root_cached load;
	s64 vsum;
	u64 vbase;
	u64 wsum;
	u32 n;
};

/**
 * struct tipc_lb_grp - publications of one service range
 * @node: place in tipc_lb_svc::grps, an interval tree
 * @lower: first instance of the range
 * @upper: last instance of the range
 * @last: largest @upper in @node's subtree
 * @gen: tipc_lb_svc::gen when the group was last set up
 * @set: candidate sets, by scope
 *
 * Embedded in TIPC's struct service_range, so that a publication never
 * needs memory of the balancer's own.
 */
struct tipc_lb_grp {
	struct rb_node node;
	u32 lower;
	u32 upper;
	u32 last;
	u32 gen;
	struct tipc_lb_set set[TIPC_LB_SCOPES];
};

struct tipc_lb_svc;

/**
 * struct tipc_lb_ops - a selection policy
 * @name: policy name, as shown to users
 * @id: enum tipc_lb_policy
 * @kind: container of its candidate sets, TIPC_LB_KIND_*
 * @cluster_wide: one answer from every node: a lookup without a domain
 *	on a legacy node does not prefer local candidates (closest first)
 * @by_load: TIPC_LB_KIND_VTIME: its sets also order their members by
 *	connections per weight (tipc_lb_vtime_load_first())
 * @less: TIPC_LB_KIND_ORDER: the policy's order of candidates
 * @first: the best candidate of @set (@set->n > 0) for instance @inst,
 *	NULL if none may be selected; @conn tells a connection setup
 * @better: @a is a better pick than @b (best candidates of two groups)
 * @picked: @p was selected: update its state
 *
 * @first, @better and @picked run under the service lock with bottom
 * halves off, on every lookup: bounded work, no allocation, no sleeping.
 */
struct tipc_lb_ops {
	const char *name;
	u32 id;
	int kind;
	bool cluster_wide;
	bool by_load;
	bool (*less)(const struct publication *a, const struct publication *b);
	struct publication *(*first)(struct tipc_lb_set *set, int scope,
				     u32 inst, bool conn);
	bool (*better)(const struct publication *a,
		       const struct publication *b, u32 inst, bool conn);
	void (*picked)(struct tipc_lb_svc *lb, struct publication *p,
		       bool conn);
};

/* Containers of candidate sets */
enum {
	TIPC_LB_KIND_LRU,	/* a list: rr rotates it, hash scans it */
	TIPC_LB_KIND_ORDER,	/* a tree in a fixed order: sorted */
	TIPC_LB_KIND_VTIME,	/* trees by virtual deadline: weighted, least */
};

/**
 * struct tipc_lb_svc - balancer state of one service type
 * @ops: the policy, NULL for the stock lookup
 * @net: network namespace, NULL in unit tests (no node identities then)
 * @lbn: the namespace's configuration, for weight and priority entries
 * @type: the service type
 * @wsrc: enum tipc_lb_weight_src of publications without a weight entry
 * @dweight: weight of those publications when @wsrc is fixed
 * @npubl: number of entries in @publs
 * @gen: bumped at every setup, so groups of an earlier one are reset
 * @publs: every indexed publication of the service
 * @grps: groups with members, an interval tree of their ranges
 * @order: sorted: every publication, in the policy's order
 * @clock: rr: advances at every selection and publication arrival
 * @vnow: weighted, least: virtual deadline of the last selection, where
 *	publications arriving in an empty group start
 *
 * Embedded in struct tipc_service and protected by its lock.
 */
struct tipc_lb_svc {
	const struct tipc_lb_ops *ops;
	struct net *net;
	struct tipc_lb_net *lbn;
	u32 type;
	u32 wsrc;
	u32 dweight;
	u32 npubl;
	u32 gen;
	struct list_head publs;
	struct rb_root_cached grps;
	struct rb_root_cached order;
	u64 clock;
	u64 vnow;
};

/**
 * struct tipc_lb_ent - weight or priority of a node, or of a node's port
 * @hnode: place in tipc_lb_net::ents
 * @list: place in the type's list, in the order entries were added
 * @rcu: entries are read under RCU when publications join
 * @type: service type
 * @kind: TIPC_LB_ENT_WEIGHT or TIPC_LB_ENT_PRIO
 * @node_id: node identity, or "" when given by @node_addr
 * @node_addr: node address, 0 when given by @node_id
 * @port: port, 0 for every port of the node
 * @val: the weight or the priority
 */
struct tipc_lb_ent {
	struct hlist_node hnode;
	struct list_head list;
	struct rcu_head rcu;
	u32 type;
	u32 kind;
	char node_id[TIPC_LB_NODE_ID_LEN + 1];
	u32 node_addr;
	u32 port;
	u32 val;
};

enum {
	TIPC_LB_ENT_WEIGHT,
	TIPC_LB_ENT_PRIO,
	TIPC_LB_ENT_KINDS,
};

/**
 * struct tipc_lb_cfg - configuration of a service type
 * @rcu: freed after a grace period once it holds nothing
 * @has_policy: @policy was set for this type (else the default applies)
 * @policy: enum tipc_lb_policy
 * @wsrc: enum tipc_lb_weight_src
 * @dweight: weight for the fixed weight source
 * @n: number of entries of each kind
 * @ents: entries of each kind, oldest first
 *
 * Changed in place under genl_mutex; publications joining read the policy
 * fields with READ_ONCE() under RCU (a change is followed by a pass over
 * the type's services, which settles any mix a reader saw).
 */
struct tipc_lb_cfg {
	struct rcu_head rcu;
	bool has_policy;
	u32 policy;
	u32 wsrc;
	u32 dweight;
	u32 n[TIPC_LB_ENT_KINDS];
	struct list_head ents[TIPC_LB_ENT_KINDS];
};

#define TIPC_LB_ENT_HASH_BITS	10

/**
 * struct tipc_lb_net - balancer configuration of a network namespace
 * @types: service type -> struct tipc_lb_cfg
 * @ents: every weight and priority entry, hashed by their key, so that a
 *	publication finds its own in constant time
 * @ntypes: number of entries in @types
 * @nents: number of entries in @ents
 * @gen: bumped at every configuration change (dump consistency)
 * @dflt_policy: policy of types without their own, NONE for stock
 * @dflt_wsrc: its weight source
 * @dflt_dweight: its default weight
 *
 * Written under genl_mutex; read under RCU.
 */
struct tipc_lb_net {
	struct xarray types;
	DECLARE_HASHTABLE(ents, TIPC_LB_ENT_HASH_BITS);
	u32 ntypes;
	u32 nents;
	u32 gen;
	u32 dflt_policy;
	u32 dflt_wsrc;
	u32 dflt_dweight;
};

extern const struct tipc_lb_ops tipc_lb_rr_ops;
extern const struct tipc_lb_ops tipc_lb_weighted_ops;
extern const struct tipc_lb_ops tipc_lb_least_ops;
extern const struct tipc_lb_ops tipc_lb_sorted_ops;
extern const struct tipc_lb_ops tipc_lb_hash_ops;

void tipc_lb_net_init(struct tipc_lb_net *lbn);
void tipc_lb_net_exit(struct tipc_lb_net *lbn);
const struct tipc_lb_ops *tipc_lb_policy_ops(u32 policy);

void tipc_lb_svc_setup(struct tipc_lb_svc *lb, struct net *net, u32 type);
void tipc_lb_svc_init(struct tipc_lb_svc *lb, const struct tipc_lb_ops *ops,
		      u32 type);
void tipc_lb_svc_commit(struct tipc_lb_svc *lb);
void __tipc_lb_publ_added(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			  struct publication *p, bool fresh);
void __tipc_lb_publ_removed(struct tipc_lb_svc *lb, struct publication *p);

/**
 * tipc_lb_svc_destroy - the service goes: forget its balancer state
 * @lb: balancer state of the service
 *
 * Nothing is freed: every piece of it lives in the service, its ranges
 * and its publications.
 */
static inline void tipc_lb_svc_destroy(struct tipc_lb_svc *lb)
{
	lb->ops = NULL;
}

/* Membership callbacks, called under the service lock once the publication
 * is on its range's lists (added) or off them (removed)
 */
static inline void tipc_lb_publ_added(struct tipc_lb_svc *lb,
				      struct tipc_lb_grp *grp,
				      struct publication *p)
{
	if (lb->ops)
		__tipc_lb_publ_added(lb, grp, p, true);
}

static inline void tipc_lb_publ_removed(struct tipc_lb_svc *lb,
					struct publication *p)
{
	if (lb->ops)
		__tipc_lb_publ_removed(lb, p);
}

bool tipc_lb_select(struct tipc_lb_svc *lb, u32 inst,
		    struct tipc_socket_addr *sk, u32 self, bool legacy,
		    struct tipc_lb_conn *conn);
bool tipc_lb_conn_match(struct publication *p, struct tipc_lb_conn *conn);
void tipc_lb_conn_count(struct tipc_lb_svc *lb, struct publication *p,
			bool up);
u32 tipc_lb_hash_key(const struct publication *p);
u32 tipc_lb_hash_score(u32 inst, const struct publication *p);
int tipc_lb_cmp_identity(const struct publication *pa,
			 const struct publication *pb);
struct tipc_lb_cfg *tipc_lb_cfg_get(struct tipc_lb_net *lbn, u32 type);
u32 tipc_lb_ent_hash(const struct tipc_lb_ent *key);
const struct tipc_lb_ent *tipc_lb_ent_lookup(struct tipc_lb_net *lbn,
					     const struct tipc_lb_ent *key);
struct publication *tipc_lb_vtime_first(struct tipc_lb_set *set);
struct publication *tipc_lb_vtime_load_first(struct tipc_lb_set *set);
void tipc_lb_vtime_advance(struct tipc_lb_svc *lb, struct publication *p);

void tipc_lb_conn_start(struct net *net, struct tipc_lb_conn *conn);
void tipc_lb_conn_end(struct net *net, struct tipc_lb_conn *conn);

/* The name table's walks (name_table.c): its services, under their locks,
 * and a service's publications with their groups
 */
typedef int (*tipc_lb_walk_fn)(struct tipc_lb_svc *lb, void *arg);
typedef int (*tipc_lb_publ_fn)(struct tipc_lb_svc *lb, struct tipc_lb_grp *grp,
			       struct publication *p, void *arg);
int tipc_nametbl_lb_walk(struct net *net, u32 type, tipc_lb_walk_fn fn,
			 void *arg);
int tipc_nametbl_lb_publ_walk(struct tipc_lb_svc *lb, u32 lower, u32 upper,
			      tipc_lb_publ_fn fn, void *arg);

/* Which services tipc_lb_update() sets up again */
enum {
	TIPC_LB_UPD_TYPE,	/* the given type */
	TIPC_LB_UPD_DEFAULT,	/* every type without a policy of its own */
	TIPC_LB_UPD_ALL,	/* every type */
};

void tipc_lb_update(struct net *net, u32 type, int mode);

int tipc_lb_genl_register(void);
void tipc_lb_genl_unregister(void);

#ifdef TIPC_LB_BEFORE_6_7
/* Backports for older kernels, in out-of-tree builds only */
#include "lb_compat.h"
#endif

#endif
