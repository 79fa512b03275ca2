/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TIPC anycast load balancer (tipc-lb)
 *
 * The stock anycast lookup round-robins inside the first service range
 * that covers the instance. A balancing policy instead sees every
 * publication covering the instance, whatever range it sits in.
 *
 * To keep the lookup (which runs on every send, under the service lock with
 * bottom halves off) free of allocations and of walks over all
 * publications, the service's ranges are cut at publish/withdraw time into
 * disjoint segments, each listing the publications that cover all of it.
 * A lookup is then a binary search for the segment plus the policy's pick
 * among that segment's candidates.
 */

#ifndef _TIPC_LB_H
#define _TIPC_LB_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/list.h>
#include <linux/xarray.h>
#include <linux/tipc.h>
#include <linux/tipc_lb.h>

struct net;
struct publication;

/* Rank of a publication without a priority entry: after all that have one */
#define TIPC_LB_RANK_NONE	BIT_ULL(32)

/**
 * struct tipc_lb_publ - balancer state of one publication
 * @node: member of tipc_lb_svc::publs
 * @stamp: service clock value at the last selection (or when it arrived);
 *	candidates are ordered by it when segments are rebuilt
 * @rank: priority entry of the publication's node/port, or TIPC_LB_RANK_NONE
 * @weight: effective weight (explicit entry, or the policy's source)
 * @conns: connections opened from this node through it and still alive
 * @selected: lookups on this node that selected it (statistics)
 * @pos: place in the whole service's sorted order, from 1 (sorted policy)
 * @hkey: hash of the publishing socket, the per-candidate half of the
 *	hash policy's score
 * @node_id: identity of the publishing node, compared as a string
 *
 * Everything but @conns and @selected is computed when the publication
 * joins a balancer, so the lookup never resolves configuration or node
 * identities.
 */
struct tipc_lb_publ {
	struct list_head node;
	u64 stamp;
	u64 rank;
	u64 selected;
	u32 weight;
	u32 conns;
	u32 pos;
	u32 hkey;
	char node_id[TIPC_LB_NODE_ID_LEN + 1];
};

/**
 * struct tipc_lb_conn - a connection counted by the least policy
 * @type: service type looked up, 0 if nothing is counted
 * @inst: instance looked up
 * @sk: the selected socket
 * @key: key of the selected publication
 *
 * Kept in the connecting socket until the connection ends.
 */
struct tipc_lb_conn {
	u32 type;
	u32 inst;
	struct tipc_socket_addr sk;
	u32 key;
};

/**
 * struct tipc_lb_set - candidates of a segment for one lookup scope
 * @publ: the candidates, in the policy's order
 * @cw: current weight of each candidate (smooth weighted round-robin)
 * @n: number of candidates
 * @next: position of the next pick (rotating policies)
 * @uniform: every candidate has the same non-zero weight, so smooth
 *	weighted round-robin reduces to a rotation (found at build time)
 */
struct tipc_lb_set {
	struct publication **publ;
	s64 *cw;
	u32 n;
	u32 next;
	bool uniform;
};

/**
 * struct tipc_lb_seg - instances served by the same set of publications
 * @lower: first instance of the segment
 * @upper: last instance of the segment
 * @all: every publication covering the segment
 * @local: the subset published from this node
 */
struct tipc_lb_seg {
	u32 lower;
	u32 upper;
	struct tipc_lb_set all;
	struct tipc_lb_set local;
};

/**
 * struct tipc_lb_table - segments of a service, sorted by instance
 * @nseg: number of segments; instances outside them have no publication
 * @seg: the segments, followed in the same allocation by the candidate
 *	pointers they refer to
 */
struct tipc_lb_table {
	u32 nseg;
	struct tipc_lb_seg seg[];
};

struct tipc_lb_svc;

/**
 * struct tipc_lb_ops - a selection policy
 * @name: policy name, as shown to users
 * @id: enum tipc_lb_policy
 * @ordered: candidates are ranked service-wide (@cmp does not depend on
 *	selections), so each publication has a position worth reporting
 * @cmp: order of candidates in a set, applied when segments are rebuilt;
 *	sort() comparator over struct publication pointers
 * @select: pick one of @set's candidates (@set->n > 0) for instance @inst;
 *	@conn tells a connection setup from a datagram. Runs under the
 *	service lock with bottom halves off: no allocation, no sleeping.
 *	May return NULL when every candidate is drained.
 */
struct tipc_lb_ops {
	const char *name;
	u32 id;
	bool ordered;
	int (*cmp)(const void *a, const void *b);
	struct publication *(*select)(struct tipc_lb_svc *lb,
				      struct tipc_lb_set *set, u32 inst,
				      bool conn);
};

/**
 * struct tipc_lb_svc - balancer state of one service type
 * @ops: the policy
 * @net: network namespace, NULL in unit tests (no node identities then)
 * @type: the service type
 * @wsrc: enum tipc_lb_weight_src of publications without a weight entry
 * @dweight: weight of those publications when @wsrc is fixed
 * @publs: every publication of the service
 * @npubl: number of entries in @publs
 * @tbl: segment table, NULL if it could not be built (stock lookup then)
 * @oversized: the last build needed more candidate slots than allowed
 * @clock: advances at every selection and publication arrival
 *
 * Owned by struct tipc_service and protected by its lock.
 */
struct tipc_lb_svc {
	const struct tipc_lb_ops *ops;
	struct net *net;
	u32 type;
	u32 wsrc;
	u32 dweight;
	struct list_head publs;
	u32 npubl;
	struct tipc_lb_table *tbl;
	bool oversized;
	u64 clock;
};

/**
 * struct tipc_lb_ent - weight or priority of a node, or of a node's port
 * @node_id: node identity, or "" when given by @node_addr
 * @node_addr: node address, 0 when given by @node_id
 * @port: port, 0 for every port of the node
 * @val: the weight or the priority
 */
struct tipc_lb_ent {
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
 * struct tipc_lb_cfg - configuration of a service type, or the default
 * @rcu: a configuration is immutable once published and freed after a grace
 *	period, so service creation can read it from any context; every
 *	change installs a modified copy
 * @has_policy: @policy was set for this type (else the default applies)
 * @policy: enum tipc_lb_policy
 * @wsrc: enum tipc_lb_weight_src
 * @dweight: weight for the fixed weight source
 * @n: number of entries of each kind
 * @ent: entries of each kind, pointing into @ents
 * @ents: weight entries, then priority entries
 */
struct tipc_lb_cfg {
	struct rcu_head rcu;
	bool has_policy;
	u32 policy;
	u32 wsrc;
	u32 dweight;
	u32 n[TIPC_LB_ENT_KINDS];
	struct tipc_lb_ent *ent[TIPC_LB_ENT_KINDS];
	struct tipc_lb_ent ents[];
};

/**
 * struct tipc_lb_net - balancer configuration of a network namespace
 * @types: service type -> struct tipc_lb_cfg
 * @dflt: policy of types without an entry, NULL for the stock lookup
 *
 * Written under genl_mutex; read under RCU.
 */
struct tipc_lb_net {
	struct xarray types;
	struct tipc_lb_cfg __rcu *dflt;
};

extern const struct tipc_lb_ops tipc_lb_rr_ops;
extern const struct tipc_lb_ops tipc_lb_weighted_ops;
extern const struct tipc_lb_ops tipc_lb_least_ops;
extern const struct tipc_lb_ops tipc_lb_sorted_ops;
extern const struct tipc_lb_ops tipc_lb_hash_ops;

void tipc_lb_net_init(struct tipc_lb_net *lbn);
void tipc_lb_net_exit(struct tipc_lb_net *lbn);
const struct tipc_lb_ops *tipc_lb_policy_ops(u32 policy);

struct tipc_lb_svc *tipc_lb_svc_alloc(const struct tipc_lb_ops *ops);
struct tipc_lb_svc *tipc_lb_svc_create(struct net *net, u32 type);
void tipc_lb_svc_destroy(struct tipc_lb_svc *lb);
void tipc_lb_publ_link(struct tipc_lb_svc *lb, struct publication *p);
void tipc_lb_commit(struct tipc_lb_svc *lb);
/* What tipc_lb_select() did */
enum {
	TIPC_LB_STOCK = -1,	/* nothing: the stock lookup must run */
	TIPC_LB_NONE,		/* no publication serves the instance */
	TIPC_LB_FOUND,		/* the selected socket is in *sk */
};

int tipc_lb_select(struct tipc_lb_svc *lb, u32 inst,
		   struct tipc_socket_addr *sk, u32 self, bool legacy,
		   struct tipc_lb_conn *conn);
bool tipc_lb_conn_end(struct publication *p, struct tipc_lb_conn *conn);
struct publication *tipc_lb_swrr(struct tipc_lb_set *set, bool least);
u32 tipc_lb_hash_key(const struct publication *p);
int tipc_lb_cmp_identity(const struct publication *pa,
			 const struct publication *pb);
struct tipc_lb_cfg *tipc_lb_cfg_get(struct tipc_lb_net *lbn, u32 type);

/* Membership callbacks, called under the service lock */
static inline void tipc_lb_publ_added(struct tipc_lb_svc *lb,
				      struct publication *p)
{
	if (!lb)
		return;
	tipc_lb_publ_link(lb, p);
	tipc_lb_commit(lb);
}

void tipc_lb_publ_removed(struct tipc_lb_svc *lb, struct publication *p);

/* Statistics and the services' state, read by the netlink family */
typedef int (*tipc_lb_walk_fn)(struct tipc_lb_svc *lb, void *arg);
int tipc_nametbl_lb_walk(struct net *net, u32 type, tipc_lb_walk_fn fn,
			 void *arg);

int tipc_lb_genl_register(void);
void tipc_lb_genl_unregister(void);

/*
 * Backports for kernels older than this code, in out-of-tree builds only:
 * Kbuild compares the target's version and defines TIPC_LB_BEFORE_6_6 for
 * Debian 12's 6.1.
 */
#ifdef TIPC_LB_BEFORE_6_6
#include <net/genetlink.h>
#include <net/sock.h>

/* Dumps got a struct genl_info in 6.6: fill one in the caller's block
 * (all but nlhdr, not const before 6.6, and user_ptr)
 */
static inline const struct genl_info *
tipc_lb_genl_info_dump(struct netlink_callback *cb, struct genl_info *info)
{
	info->snd_seq = cb->nlh->nlmsg_seq;
	info->snd_portid = NETLINK_CB(cb->skb).portid;
	info->genlhdr = nlmsg_data(cb->nlh);
	info->attrs = genl_dumpit_info(cb)->attrs;
	info->extack = cb->extack;
	genl_info_net_set(info, sock_net(cb->skb->sk));
	return info;
}

#define genl_info_dump(cb)	tipc_lb_genl_info_dump(cb, &(struct genl_info){})
#endif

#endif
