// SPDX-License-Identifier: GPL-2.0
/*
 * "tipc_lb" generic netlink family, the control plane of the TIPC anycast
 * load balancer
 *
 * Configuration is per network namespace. Changing it requires
 * CAP_NET_ADMIN in the user namespace owning the netns; reading it does
 * not. Writers are serialised by genl_mutex (the family is not
 * parallel_ops). Publications joining a service read the configuration
 * under RCU: entries are hashed individually and freed after a grace
 * period, so a change costs what it changes, never a copy of the rest.
 * Every allocation is charged to the caller's memory cgroup, and the
 * number of configured types and entries is bounded.
 *
 * The attribute policies and the ops table are generated from the YNL
 * spec, Documentation/netlink/specs/tipc_lb.yaml, into lb_nl_gen.c; this
 * file has the handlers they name and the family.
 */

#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "core.h"
#include "name_table.h"
#include "lb.h"
#ifdef TIPC_LB_BEFORE_6_2
#include "lb_genl_compat.h"
#endif
#include "lb_nl_gen.h"

static struct genl_family tipc_lb_genl_family;

/* The family is declared here, not by the generator (a genetlink-legacy
 * spec): so are its groups, in the order of the generated TIPC_LB_NLGRP_*
 */
static const struct genl_multicast_group tipc_lb_mcgrps[] = {
	[TIPC_LB_NLGRP_CONFIG] = { .name = TIPC_LB_MCGRP_CONFIG },
};

static const int tipc_lb_ent_attr[TIPC_LB_ENT_KINDS] = {
	[TIPC_LB_ENT_WEIGHT]	= TIPC_LB_A_CONFIG_WEIGHT,
	[TIPC_LB_ENT_PRIO]	= TIPC_LB_A_CONFIG_PRIORITY,
};

static struct tipc_lb_net *tipc_lb_net(struct net *net)
{
	return &tipc_name_table(net)->lb;
}

/* Apply a change of @type's configuration (mode TIPC_LB_UPD_*) */
static void tipc_lb_apply(struct net *net, u32 type, int mode)
{
	tipc_lb_net(net)->gen++;
	tipc_lb_update(net, type, mode);
}

/* The configuration of @type, created if it has none yet */
static struct tipc_lb_cfg *tipc_lb_cfg_obtain(struct tipc_lb_net *lbn,
					      u32 type,
					      struct netlink_ext_ack *extack)
{
	struct tipc_lb_cfg *cfg = tipc_lb_cfg_get(lbn, type);
	int k, err;

	if (cfg)
		return cfg;
	if (lbn->ntypes >= TIPC_LB_MAX_TYPES) {
		NL_SET_ERR_MSG(extack,
			       "too many configured service types (at most "
			       __stringify(TIPC_LB_MAX_TYPES) ")");
		return ERR_PTR(-ENOSPC);
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	cfg->dweight = TIPC_LB_WEIGHT_DEFAULT;
	for (k = 0; k < TIPC_LB_ENT_KINDS; k++)
		INIT_LIST_HEAD(&cfg->ents[k]);
	err = xa_insert(&lbn->types, type, cfg, GFP_KERNEL_ACCOUNT);
	if (err) {
		kfree(cfg);
		NL_SET_ERR_MSG(extack, "cannot store the configuration");
		return ERR_PTR(err);
	}
	lbn->ntypes++;
	return cfg;
}

/* Drop @type's configuration if nothing is left in it */
static void tipc_lb_cfg_put(struct tipc_lb_net *lbn, u32 type,
			    struct tipc_lb_cfg *cfg)
{
	if (cfg->has_policy || cfg->n[TIPC_LB_ENT_WEIGHT] ||
	    cfg->n[TIPC_LB_ENT_PRIO])
		return;
	xa_erase(&lbn->types, type);
	lbn->ntypes--;
	kfree_rcu(cfg, rcu);
}

static int tipc_lb_nl_put_policy(struct sk_buff *skb, u32 policy, u32 wsrc,
				 u32 dweight)
{
	if (nla_put_u32(skb, TIPC_LB_A_CONFIG_POLICY, policy) ||
	    nla_put_u32(skb, TIPC_LB_A_CONFIG_WEIGHT_SRC, wsrc) ||
	    nla_put_u32(skb, TIPC_LB_A_CONFIG_DEFAULT_WEIGHT, dweight))
		return -EMSGSIZE;
	return 0;
}

/* The policy in force for @type (0: the default) and where it comes from */
static int tipc_lb_nl_put_effective(struct sk_buff *skb,
				    struct tipc_lb_net *lbn, u32 type)
{
	struct tipc_lb_cfg *cfg = type ? tipc_lb_cfg_get(lbn, type) : NULL;
	u32 origin;

	if (type && nla_put_u32(skb, TIPC_LB_A_CONFIG_TYPE, type))
		return -EMSGSIZE;
	if (cfg && cfg->has_policy) {
		origin = TIPC_LB_ORIGIN_TYPE;
		if (tipc_lb_nl_put_policy(skb, cfg->policy, cfg->wsrc,
					  cfg->dweight))
			return -EMSGSIZE;
	} else {
		origin = lbn->dflt_policy == TIPC_LB_POLICY_NONE ?
			 TIPC_LB_ORIGIN_NONE : TIPC_LB_ORIGIN_DEFAULT;
		if (tipc_lb_nl_put_policy(skb, lbn->dflt_policy,
					  lbn->dflt_wsrc, lbn->dflt_dweight))
			return -EMSGSIZE;
	}
	if (type && nla_put_u32(skb, TIPC_LB_A_CONFIG_POLICY_ORIGIN, origin))
		return -EMSGSIZE;
	return 0;
}

static int tipc_lb_nl_reply(struct genl_info *info, u32 type)
{
	struct tipc_lb_net *lbn = tipc_lb_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &tipc_lb_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || tipc_lb_nl_put_effective(msg, lbn, type)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Announce a change made by @info's request, as filled in by @fill */
static void tipc_lb_nl_notify(struct genl_info *info,
			      int (*fill)(struct sk_buff *skb, const void *arg),
			      const void *arg)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&tipc_lb_genl_family, genl_info_net(info),
				TIPC_LB_NLGRP_CONFIG))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto err;
	hdr = genlmsg_put(msg, 0, 0, &tipc_lb_genl_family, 0,
			  info->genlhdr->cmd);
	if (!hdr || (fill && fill(msg, arg))) {
		nlmsg_free(msg);
		goto err;
	}
	genlmsg_end(msg, hdr);
	genl_notify(&tipc_lb_genl_family, msg, info, TIPC_LB_NLGRP_CONFIG,
		    GFP_KERNEL);
	return;
err:
	/* Listeners learn they missed something, as with any lost message */
	netlink_set_err(genl_info_net(info)->genl_sock, 0,
			tipc_lb_genl_family.mcgrp_offset + TIPC_LB_NLGRP_CONFIG,
			-ENOBUFS);
}

struct tipc_lb_nl_change {
	struct tipc_lb_net *lbn;
	u32 type;
	int kind;
	const struct tipc_lb_ent *ent;
	bool val;
};

static int tipc_lb_nl_fill_policy(struct sk_buff *skb, const void *arg)
{
	const struct tipc_lb_nl_change *c = arg;
	struct tipc_lb_cfg *cfg;

	if (!c->type)	/* the default */
		return tipc_lb_nl_put_policy(skb, c->lbn->dflt_policy,
					     c->lbn->dflt_wsrc,
					     c->lbn->dflt_dweight);
	if (nla_put_u32(skb, TIPC_LB_A_CONFIG_TYPE, c->type))
		return -EMSGSIZE;
	/* A type's policy was removed: the type alone says so */
	cfg = tipc_lb_cfg_get(c->lbn, c->type);
	if (!cfg || !cfg->has_policy)
		return 0;
	return tipc_lb_nl_put_policy(skb, cfg->policy, cfg->wsrc, cfg->dweight);
}

static int tipc_lb_nl_put_ent(struct sk_buff *skb, u32 type, int kind,
			      const struct tipc_lb_ent *e, bool val);

static int tipc_lb_nl_fill_ent(struct sk_buff *skb, const void *arg)
{
	const struct tipc_lb_nl_change *c = arg;

	return tipc_lb_nl_put_ent(skb, c->type, c->kind, c->ent, c->val);
}

/* Policy, weight source and default weight of POLICY_SET and DEFAULT_SET,
 * checked before anything changes
 */
struct tipc_lb_nl_params {
	u32 policy;
	u32 wsrc;
	u32 dweight;
};

static int tipc_lb_nl_params(struct genl_info *info,
			     struct tipc_lb_nl_params *prm)
{
	struct nlattr *wsrc = info->attrs[TIPC_LB_A_CONFIG_WEIGHT_SRC];
	struct nlattr *dweight = info->attrs[TIPC_LB_A_CONFIG_DEFAULT_WEIGHT];

	prm->policy = nla_get_u32(info->attrs[TIPC_LB_A_CONFIG_POLICY]);
	prm->wsrc = TIPC_LB_WEIGHT_SRC_FIXED;
	prm->dweight = TIPC_LB_WEIGHT_DEFAULT;
	if (prm->policy != TIPC_LB_POLICY_WEIGHTED &&
	    prm->policy != TIPC_LB_POLICY_LEAST && (wsrc || dweight)) {
		NL_SET_ERR_MSG(info->extack,
			       "weights only apply to the weighted and least policies");
		return -EINVAL;
	}
	if (wsrc)
		prm->wsrc = nla_get_u32(wsrc);
	if (dweight) {
		if (prm->wsrc != TIPC_LB_WEIGHT_SRC_FIXED) {
			NL_SET_ERR_MSG_ATTR(info->extack, dweight,
					    "a default weight needs the fixed weight source");
			return -EINVAL;
		}
		prm->dweight = nla_get_u32(dweight);
	}
	return 0;
}

int tipc_lb_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_TYPE))
		return -EINVAL;
	/* The policy in force, whether the type's own or the default */
	return tipc_lb_nl_reply(info,
				nla_get_u32(info->attrs[TIPC_LB_A_CONFIG_TYPE]));
}

int tipc_lb_nl_policy_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct tipc_lb_net *lbn = tipc_lb_net(sock_net(skb->sk));
	unsigned long type = cb->args[0];
	struct tipc_lb_cfg *cfg;
	void *hdr;

	cb->seq = lbn->gen;
	xa_for_each_start(&lbn->types, type, cfg, cb->args[0]) {
		if (!cfg->has_policy)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &tipc_lb_genl_family,
				  NLM_F_MULTI, TIPC_LB_CMD_POLICY_GET);
		if (!hdr)
			goto full;
		genl_dump_check_consistent(cb, hdr);
		if (tipc_lb_nl_put_effective(skb, lbn, type)) {
			genlmsg_cancel(skb, hdr);
			goto full;
		}
		genlmsg_end(skb, hdr);
	}
	/* Done: the next round starts past every type and ends the dump */
	cb->args[0] = ULONG_MAX;
	return skb->len;

full:
	/* A full skb ends this round; the dump resumes at this type */
	cb->args[0] = type;
	return skb->len;
}

int tipc_lb_nl_policy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_nl_params prm;
	struct tipc_lb_cfg *cfg;
	u32 type;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_POLICY))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_CONFIG_TYPE]);
	err = tipc_lb_nl_params(info, &prm);
	if (err)
		return err;
	cfg = tipc_lb_cfg_obtain(lbn, type, info->extack);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	WRITE_ONCE(cfg->policy, prm.policy);
	WRITE_ONCE(cfg->wsrc, prm.wsrc);
	WRITE_ONCE(cfg->dweight, prm.dweight);
	WRITE_ONCE(cfg->has_policy, true);
	tipc_lb_apply(net, type, TIPC_LB_UPD_TYPE);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .lbn = lbn,
						       .type = type });
	return 0;
}

int tipc_lb_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *cfg;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_CONFIG_TYPE]);

	cfg = tipc_lb_cfg_get(lbn, type);
	if (!cfg || !cfg->has_policy) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[TIPC_LB_A_CONFIG_TYPE],
				    "no policy configured for this service type");
		return -ENOENT;
	}
	/* Weights and priorities of the type stay configured */
	WRITE_ONCE(cfg->has_policy, false);
	tipc_lb_cfg_put(lbn, type, cfg);
	tipc_lb_apply(net, type, TIPC_LB_UPD_TYPE);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .lbn = lbn,
						       .type = type });
	return 0;
}

int tipc_lb_nl_default_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_reply(info, 0);
}

int tipc_lb_nl_default_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_nl_params prm;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_POLICY))
		return -EINVAL;
	err = tipc_lb_nl_params(info, &prm);
	if (err)
		return err;
	WRITE_ONCE(lbn->dflt_policy, prm.policy);
	WRITE_ONCE(lbn->dflt_wsrc, prm.wsrc);
	WRITE_ONCE(lbn->dflt_dweight, prm.dweight);
	tipc_lb_apply(net, 0, TIPC_LB_UPD_DEFAULT);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .lbn = lbn });
	return 0;
}

/* The key of a weight or priority entry in a request */
static int tipc_lb_nl_ent_key(struct genl_info *info, int kind,
			      struct tipc_lb_ent *key)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *id = attrs[TIPC_LB_A_CONFIG_NODE_ID];

	memset(key, 0, sizeof(*key));
	key->type = nla_get_u32(attrs[TIPC_LB_A_CONFIG_TYPE]);
	key->kind = kind;
	if (!id == !attrs[TIPC_LB_A_CONFIG_NODE_ADDR]) {
		NL_SET_ERR_MSG(info->extack,
			       "give the node as either an identity or an address");
		return -EINVAL;
	}
	if (id) {
		/* nla_strscpy() counts what it copied, NULs included: an
		 * identity starting with NUL would pass for a non-empty one
		 */
		nla_strscpy(key->node_id, id, sizeof(key->node_id));
		if (!key->node_id[0]) {
			NL_SET_ERR_MSG_ATTR(info->extack, id,
					    "empty node identity");
			return -EINVAL;
		}
		if (strnlen(nla_data(id), nla_len(id)) + 1 != nla_len(id)) {
			NL_SET_ERR_MSG_ATTR(info->extack, id,
					    "node identity with an embedded NUL");
			return -EINVAL;
		}
	} else {
		key->node_addr = nla_get_u32(attrs[TIPC_LB_A_CONFIG_NODE_ADDR]);
	}
	if (attrs[TIPC_LB_A_CONFIG_PORT])
		key->port = nla_get_u32(attrs[TIPC_LB_A_CONFIG_PORT]);
	return 0;
}

static int tipc_lb_nl_ent_set(struct genl_info *info, int kind)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_ent key, *e;
	struct tipc_lb_cfg *cfg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, tipc_lb_ent_attr[kind]))
		return -EINVAL;
	err = tipc_lb_nl_ent_key(info, kind, &key);
	if (err)
		return err;
	key.val = nla_get_u32(info->attrs[tipc_lb_ent_attr[kind]]);

	e = (struct tipc_lb_ent *)tipc_lb_ent_lookup(lbn, &key);
	if (e) {
		WRITE_ONCE(e->val, key.val);
		goto apply;
	}
	cfg = tipc_lb_cfg_obtain(lbn, key.type, info->extack);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	err = -ENOSPC;
	if (cfg->n[kind] >= TIPC_LB_MAX_TYPE_ENTS) {
		/* Literal messages: 6.1 has no NL_SET_ERR_MSG_FMT() */
		if (kind == TIPC_LB_ENT_WEIGHT)
			NL_SET_ERR_MSG(info->extack,
				       "too many weight entries for this service type (at most "
				       __stringify(TIPC_LB_MAX_TYPE_ENTS) ")");
		else
			NL_SET_ERR_MSG(info->extack,
				       "too many priority entries for this service type (at most "
				       __stringify(TIPC_LB_MAX_TYPE_ENTS) ")");
		goto put;
	}
	if (lbn->nents >= TIPC_LB_MAX_ENTS) {
		NL_SET_ERR_MSG(info->extack,
			       "too many weight and priority entries (at most "
			       __stringify(TIPC_LB_MAX_ENTS) ")");
		goto put;
	}
	err = -ENOMEM;
	e = kmemdup(&key, sizeof(key), GFP_KERNEL_ACCOUNT);
	if (!e)
		goto put;
	list_add_tail(&e->list, &cfg->ents[kind]);
	hash_add_rcu(lbn->ents, &e->hnode, tipc_lb_ent_hash(e));
	WRITE_ONCE(cfg->n[kind], cfg->n[kind] + 1);
	lbn->nents++;
apply:
	tipc_lb_apply(net, key.type, TIPC_LB_UPD_TYPE);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_ent,
			  &(struct tipc_lb_nl_change){ .type = key.type,
						       .kind = kind,
						       .ent = &key,
						       .val = true });
	return 0;

put:
	tipc_lb_cfg_put(lbn, key.type, cfg);
	return err;
}

/* Unhash and free an entry of @cfg */
static void tipc_lb_ent_free(struct tipc_lb_net *lbn, struct tipc_lb_cfg *cfg,
			     struct tipc_lb_ent *e)
{
	hash_del_rcu(&e->hnode);
	list_del(&e->list);
	WRITE_ONCE(cfg->n[e->kind], cfg->n[e->kind] - 1);
	lbn->nents--;
	kfree_rcu(e, rcu);
}

/* The entry a WEIGHT/PRIO GET or DEL names: its key in @key, or an error
 * with an extack message (ENOENT when there is none)
 */
static const struct tipc_lb_ent *
tipc_lb_nl_ent_find(struct genl_info *info, int kind, struct tipc_lb_ent *key)
{
	const struct tipc_lb_ent *e;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_CONFIG_TYPE))
		return ERR_PTR(-EINVAL);
	err = tipc_lb_nl_ent_key(info, kind, key);
	if (err)
		return ERR_PTR(err);
	e = tipc_lb_ent_lookup(tipc_lb_net(genl_info_net(info)), key);
	if (!e) {
		/* Literal messages: 6.1 has no NL_SET_ERR_MSG_FMT() */
		if (kind == TIPC_LB_ENT_WEIGHT)
			NL_SET_ERR_MSG(info->extack, "no such weight entry");
		else
			NL_SET_ERR_MSG(info->extack, "no such priority entry");
		return ERR_PTR(-ENOENT);
	}
	return e;
}

static int tipc_lb_nl_ent_del(struct genl_info *info, int kind)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_ent key, *e;
	struct tipc_lb_cfg *cfg;

	e = (struct tipc_lb_ent *)tipc_lb_nl_ent_find(info, kind, &key);
	if (IS_ERR(e))
		return PTR_ERR(e);
	cfg = tipc_lb_cfg_get(lbn, key.type);
	tipc_lb_ent_free(lbn, cfg, e);
	tipc_lb_cfg_put(lbn, key.type, cfg);
	tipc_lb_apply(net, key.type, TIPC_LB_UPD_TYPE);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_ent,
			  &(struct tipc_lb_nl_change){ .type = key.type,
						       .kind = kind,
						       .ent = &key });
	return 0;
}

static int tipc_lb_nl_put_ent(struct sk_buff *skb, u32 type, int kind,
			      const struct tipc_lb_ent *e, bool val)
{
	if (nla_put_u32(skb, TIPC_LB_A_CONFIG_TYPE, type) ||
	    (e->node_addr ?
	     nla_put_u32(skb, TIPC_LB_A_CONFIG_NODE_ADDR, e->node_addr) :
	     nla_put_string(skb, TIPC_LB_A_CONFIG_NODE_ID, e->node_id)) ||
	    (e->port && nla_put_u32(skb, TIPC_LB_A_CONFIG_PORT, e->port)) ||
	    (val && nla_put_u32(skb, tipc_lb_ent_attr[kind], e->val)))
		return -EMSGSIZE;
	return 0;
}

static int tipc_lb_nl_ent_dump(struct sk_buff *skb,
			       struct netlink_callback *cb, int kind)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct tipc_lb_net *lbn = tipc_lb_net(sock_net(skb->sk));
	unsigned long type = cb->args[0], last = ULONG_MAX;
	struct nlattr *filter = info->attrs[TIPC_LB_A_CONFIG_TYPE];
	struct tipc_lb_cfg *cfg;
	struct tipc_lb_ent *e;
	u32 i;
	void *hdr;

	if (filter) {
		type = max_t(unsigned long, type, nla_get_u32(filter));
		last = nla_get_u32(filter);
	}
	/* Rounds resume by position: a change between two of them is
	 * flagged (NLM_F_DUMP_INTR) rather than silently skipping entries
	 */
	cb->seq = lbn->gen;
	xa_for_each_range(&lbn->types, type, cfg, type, last) {
		if (type != cb->args[0]) {
			cb->args[0] = type;
			cb->args[1] = 0;
		}
		i = 0;
		list_for_each_entry(e, &cfg->ents[kind], list) {
			if (i++ < cb->args[1])
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq,
					  &tipc_lb_genl_family, NLM_F_MULTI,
					  info->genlhdr->cmd);
			if (!hdr)
				return skb->len;
			genl_dump_check_consistent(cb, hdr);
			if (tipc_lb_nl_put_ent(skb, type, kind, e, true)) {
				genlmsg_cancel(skb, hdr);
				return skb->len;
			}
			genlmsg_end(skb, hdr);
			cb->args[1]++;
		}
	}
	return skb->len;
}

/* An entry's key and value, in reply to a WEIGHT_GET or PRIO_GET request */
static int tipc_lb_nl_ent_get(struct genl_info *info, int kind)
{
	const struct tipc_lb_ent *e;
	struct tipc_lb_ent key;
	struct sk_buff *msg;
	void *hdr;

	/* Under genl_mutex, as every change: the entry stays */
	e = tipc_lb_nl_ent_find(info, kind, &key);
	if (IS_ERR(e))
		return PTR_ERR(e);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &tipc_lb_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || tipc_lb_nl_put_ent(msg, key.type, kind, e, true)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int tipc_lb_nl_weight_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_get(info, TIPC_LB_ENT_WEIGHT);
}

int tipc_lb_nl_weight_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_set(info, TIPC_LB_ENT_WEIGHT);
}

int tipc_lb_nl_weight_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_del(info, TIPC_LB_ENT_WEIGHT);
}

int tipc_lb_nl_weight_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	return tipc_lb_nl_ent_dump(skb, cb, TIPC_LB_ENT_WEIGHT);
}

int tipc_lb_nl_prio_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_get(info, TIPC_LB_ENT_PRIO);
}

int tipc_lb_nl_prio_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_set(info, TIPC_LB_ENT_PRIO);
}

int tipc_lb_nl_prio_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_del(info, TIPC_LB_ENT_PRIO);
}

int tipc_lb_nl_prio_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	return tipc_lb_nl_ent_dump(skb, cb, TIPC_LB_ENT_PRIO);
}

int tipc_lb_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_ent *e, *tmp;
	struct tipc_lb_cfg *cfg;
	unsigned long type;
	int k;

	xa_for_each(&lbn->types, type, cfg) {
		for (k = 0; k < TIPC_LB_ENT_KINDS; k++)
			list_for_each_entry_safe(e, tmp, &cfg->ents[k], list)
				tipc_lb_ent_free(lbn, cfg, e);
		WRITE_ONCE(cfg->has_policy, false);
		tipc_lb_cfg_put(lbn, type, cfg);
	}
	WRITE_ONCE(lbn->dflt_policy, TIPC_LB_POLICY_NONE);
	WRITE_ONCE(lbn->dflt_wsrc, TIPC_LB_WEIGHT_SRC_FIXED);
	WRITE_ONCE(lbn->dflt_dweight, TIPC_LB_WEIGHT_DEFAULT);
	tipc_lb_apply(net, 0, TIPC_LB_UPD_ALL);
	tipc_lb_nl_notify(info, NULL, NULL);
	return 0;
}

/* State of a statistics dump; records before @skip went out earlier */
struct tipc_lb_nl_stats {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	unsigned long skip;
	unsigned long done;
};

static int tipc_lb_nl_put_stats(struct sk_buff *skb, struct tipc_lb_svc *lb,
				struct publication *p, u32 pos)
{
	if (nla_put_u32(skb, TIPC_LB_A_STATS_TYPE, lb->type) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_POLICY, lb->ops->id) ||
	    nla_put_string(skb, TIPC_LB_A_STATS_NODE_ID, p->lb.node_id) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_NODE_ADDR, p->sk.node) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_PORT, p->sk.ref) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_LOWER, p->sr.lower) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_UPPER, p->sr.upper) ||
	    nla_put_uint(skb, TIPC_LB_A_STATS_SELECTIONS, p->lb.selected) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_CONNS, p->lb.conns) ||
	    nla_put_u32(skb, TIPC_LB_A_STATS_WEIGHT, p->lb.weight) ||
	    (pos && nla_put_u32(skb, TIPC_LB_A_STATS_POSITION, pos)))
		return -EMSGSIZE;
	return 0;
}

static int tipc_lb_nl_stats_publ(struct tipc_lb_nl_stats *st,
				 struct tipc_lb_svc *lb, struct publication *p,
				 u32 pos)
{
	void *hdr;

	if (st->done++ < st->skip)
		return 0;
	hdr = genlmsg_put(st->skb, NETLINK_CB(st->cb->skb).portid,
			  st->cb->nlh->nlmsg_seq, &tipc_lb_genl_family,
			  NLM_F_MULTI, TIPC_LB_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (tipc_lb_nl_put_stats(st->skb, lb, p, pos)) {
		genlmsg_cancel(st->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(st->skb, hdr);
	return 0;
}

/* Runs under the service's lock: only fills the skb, never allocates */
static int tipc_lb_nl_stats_svc(struct tipc_lb_svc *lb, void *arg)
{
	struct tipc_lb_nl_stats *st = arg;
	struct publication *p;
	struct rb_node *node;
	u32 pos = 0;
	int err;

	if (!lb->ops)
		return 0;
	if (lb->ops->kind != TIPC_LB_KIND_ORDER) {
		list_for_each_entry(p, &lb->publs, lb.node) {
			err = tipc_lb_nl_stats_publ(st, lb, p, 0);
			if (err)
				return err;
		}
		return 0;
	}
	/* sorted: in the service's order, which gives each its position */
	for (node = rb_first_cached(&lb->order); node; node = rb_next(node)) {
		p = rb_entry(node, struct tipc_lb_memb, order)->p;
		err = tipc_lb_nl_stats_publ(st, lb, p, ++pos);
		if (err)
			return err;
	}
	return 0;
}

int tipc_lb_nl_stats_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct nlattr *filter = info->attrs[TIPC_LB_A_STATS_TYPE];
	struct tipc_lb_nl_stats st = {
		.skb	= skb,
		.cb	= cb,
		.skip	= cb->args[0],
	};
	int err;

	/* Each round walks the services again and skips what went out
	 * before: no state is kept between rounds that a withdrawal could
	 * invalidate. A membership change between rounds may shift records,
	 * as in any netlink dump of changing state.
	 */
	err = tipc_nametbl_lb_walk(sock_net(skb->sk),
				   filter ? nla_get_u32(filter) : 0,
				   tipc_lb_nl_stats_svc, &st);
	if (err == -EMSGSIZE) {
		cb->args[0] = st.done - 1;
		return skb->len;
	}
	return err;
}

static int tipc_lb_nl_reset_svc(struct tipc_lb_svc *lb, void *arg)
{
	struct publication *p;

	if (!lb->ops)
		return 0;
	list_for_each_entry(p, &lb->publs, lb.node)
		p->lb.selected = 0;
	return 0;
}

static int tipc_lb_nl_fill_reset(struct sk_buff *skb, const void *arg)
{
	const u32 *type = arg;

	return *type && nla_put_u32(skb, TIPC_LB_A_STATS_TYPE, *type) ?
	       -EMSGSIZE : 0;
}

int tipc_lb_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[TIPC_LB_A_STATS_TYPE];
	u32 type = attr ? nla_get_u32(attr) : 0;

	tipc_nametbl_lb_walk(genl_info_net(info), type, tipc_lb_nl_reset_svc,
			     NULL);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_reset, &type);
	return 0;
}

#ifdef TIPC_LB_BEFORE_6_2
/* Before 6.2 a family has no split ops: one struct genl_ops per command,
 * from the generated table, whose do and dump then share a policy, the
 * do's (in this spec a superset of the dump's)
 */
static struct genl_ops
tipc_lb_genl_ops[ARRAY_SIZE(tipc_lb_nl_ops)] __ro_after_init;

static int tipc_lb_genl_ops_init(void)
{
	const struct genl_split_ops *sop;
	struct genl_ops *op;
	int i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(tipc_lb_nl_ops); i++) {
		sop = &tipc_lb_nl_ops[i];
		for (j = 0; j < n && tipc_lb_genl_ops[j].cmd != sop->cmd; j++)
			;
		op = &tipc_lb_genl_ops[j];
		if (j == n) {
			op->cmd = sop->cmd;
			n++;
		}
		op->flags |= sop->flags &
			     (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
		op->validate |= sop->validate;
		if (sop->doit)
			op->doit = sop->doit;
		if (sop->dumpit)
			op->dumpit = sop->dumpit;
		if (sop->policy && (!op->policy || sop->doit)) {
			op->policy = sop->policy;
			op->maxattr = sop->maxattr;
		}
	}
	return n;
}
#endif

static struct genl_family tipc_lb_genl_family __ro_after_init = {
	.name		= TIPC_LB_FAMILY_NAME,
	.version	= TIPC_LB_FAMILY_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
#ifdef TIPC_LB_BEFORE_6_2
	.ops		= tipc_lb_genl_ops,
#else
	.split_ops	= tipc_lb_nl_ops,
	.n_split_ops	= ARRAY_SIZE(tipc_lb_nl_ops),
#endif
	.mcgrps		= tipc_lb_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(tipc_lb_mcgrps),
};

int tipc_lb_genl_register(void)
{
#ifdef TIPC_LB_BEFORE_6_2
	tipc_lb_genl_family.n_ops = tipc_lb_genl_ops_init();
#endif
	return genl_register_family(&tipc_lb_genl_family);
}

void tipc_lb_genl_unregister(void)
{
	genl_unregister_family(&tipc_lb_genl_family);
}
