// SPDX-License-Identifier: GPL-2.0
/*
 * "tipc_lb" generic netlink family, the control plane of the TIPC anycast
 * load balancer
 *
 * Configuration is per network namespace. Changing it requires
 * CAP_NET_ADMIN in the user namespace owning the netns; reading it does
 * not. Writers are serialised by genl_mutex (the family is not
 * parallel_ops); lookups read the configuration under RCU, so every change
 * installs a modified copy and frees the old one after a grace period.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include "core.h"
#include "name_table.h"
#include "lb.h"

/* Callers of the ops below hold genl_mutex */
#define tipc_lb_cfg_locked()	true

static const struct nla_policy tipc_lb_nl_policy[TIPC_LB_A_MAX + 1] = {
	[TIPC_LB_A_TYPE]	= NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_POLICY]	= NLA_POLICY_MAX(NLA_U32, TIPC_LB_POLICY_MAX),
	[TIPC_LB_A_WEIGHT_SRC]	= NLA_POLICY_MAX(NLA_U32, TIPC_LB_WEIGHT_SRC_MAX),
	[TIPC_LB_A_DEFAULT_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1,
						      TIPC_LB_WEIGHT_MAX),
	[TIPC_LB_A_NODE_ID]	= { .type = NLA_NUL_STRING,
				    .len = TIPC_LB_NODE_ID_LEN },
	[TIPC_LB_A_NODE_ADDR]	= NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_PORT]	= NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_WEIGHT]	= NLA_POLICY_MAX(NLA_U32, TIPC_LB_WEIGHT_MAX),
	[TIPC_LB_A_PRIORITY]	= { .type = NLA_U32 },
	/* The statistics attributes are replies only: requests carrying
	 * them are rejected by strict validation
	 */
};

static struct genl_family tipc_lb_genl_family;

enum {
	TIPC_LB_NLGRP_CONFIG,
};

static const struct genl_multicast_group tipc_lb_mcgrps[] = {
	[TIPC_LB_NLGRP_CONFIG] = { .name = TIPC_LB_MCGRP_CONFIG },
};

static const int tipc_lb_ent_attr[TIPC_LB_ENT_KINDS] = {
	[TIPC_LB_ENT_WEIGHT]	= TIPC_LB_A_WEIGHT,
	[TIPC_LB_ENT_PRIO]	= TIPC_LB_A_PRIORITY,
};

static struct tipc_lb_net *tipc_lb_net(struct net *net)
{
	return &tipc_name_table(net)->lb;
}

/* A copy of @old (or a fresh configuration) with room for @extra more
 * entries of @kind; the caller fills them in
 */
static struct tipc_lb_cfg *tipc_lb_cfg_dup(const struct tipc_lb_cfg *old,
					   int kind, u32 extra)
{
	u32 n[TIPC_LB_ENT_KINDS] = {}, k, off = 0;
	struct tipc_lb_cfg *cfg;

	if (old)
		memcpy(n, old->n, sizeof(n));
	n[kind] += extra;
	cfg = kzalloc(struct_size(cfg, ents, n[TIPC_LB_ENT_WEIGHT] +
				  n[TIPC_LB_ENT_PRIO]), GFP_KERNEL);
	if (!cfg)
		return NULL;
	if (old) {
		cfg->has_policy = old->has_policy;
		cfg->policy = old->policy;
		cfg->wsrc = old->wsrc;
		cfg->dweight = old->dweight;
	} else {
		cfg->dweight = TIPC_LB_WEIGHT_DEFAULT;
	}
	for (k = 0; k < TIPC_LB_ENT_KINDS; k++) {
		cfg->ent[k] = &cfg->ents[off];
		if (old)
			memcpy(cfg->ent[k], old->ent[k],
			       old->n[k] * sizeof(*cfg->ents));
		cfg->n[k] = old ? old->n[k] : 0;
		off += n[k];
	}
	return cfg;
}

static bool tipc_lb_cfg_empty(const struct tipc_lb_cfg *cfg)
{
	return !cfg->has_policy && !cfg->n[TIPC_LB_ENT_WEIGHT] &&
	       !cfg->n[TIPC_LB_ENT_PRIO];
}

/* Publish @cfg (NULL: remove) for @type and apply it to existing services */
static void tipc_lb_cfg_install(struct net *net, u32 type,
				struct tipc_lb_cfg *cfg)
{
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *old;

	if (cfg && tipc_lb_cfg_empty(cfg)) {
		kfree(cfg);
		cfg = NULL;
	}
	/* Storing over an existing index never allocates, erasing neither */
	old = cfg ? xa_store(&lbn->types, type, cfg, GFP_KERNEL) :
		    xa_erase(&lbn->types, type);
	tipc_nametbl_lb_update(net, type, false);
	if (old)
		kfree_rcu(old, rcu);
}

/* Make sure @type has a slot, so that installing it cannot fail later */
static int tipc_lb_cfg_reserve(struct tipc_lb_net *lbn, u32 type,
			       struct netlink_ext_ack *extack)
{
	int err;

	if (tipc_lb_cfg_get(lbn, type))
		return 0;
	err = xa_reserve(&lbn->types, type, GFP_KERNEL);
	if (err)
		NL_SET_ERR_MSG(extack, "cannot store the configuration");
	return err;
}

static int tipc_lb_nl_put_policy(struct sk_buff *skb,
				 const struct tipc_lb_cfg *cfg)
{
	u32 policy = cfg ? cfg->policy : TIPC_LB_POLICY_NONE;

	if (nla_put_u32(skb, TIPC_LB_A_POLICY, policy) ||
	    nla_put_u32(skb, TIPC_LB_A_WEIGHT_SRC, cfg ? cfg->wsrc : 0) ||
	    nla_put_u32(skb, TIPC_LB_A_DEFAULT_WEIGHT,
			cfg ? cfg->dweight : TIPC_LB_WEIGHT_DEFAULT))
		return -EMSGSIZE;
	return 0;
}

/* One policy message: @type 0 for the default */
static int tipc_lb_nl_fill(struct sk_buff *skb, u32 portid, u32 seq,
			   int flags, u8 cmd, u32 type,
			   const struct tipc_lb_cfg *cfg)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &tipc_lb_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if ((type && nla_put_u32(skb, TIPC_LB_A_TYPE, type)) ||
	    tipc_lb_nl_put_policy(skb, cfg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int tipc_lb_nl_reply(struct genl_info *info, u32 type,
			    const struct tipc_lb_cfg *cfg)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = tipc_lb_nl_fill(msg, info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd, type, cfg);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
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
	if (!hdr || fill(msg, arg)) {
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
			ENOBUFS);
}

struct tipc_lb_nl_change {
	u32 type;
	const struct tipc_lb_cfg *cfg;
	int kind;
	const struct tipc_lb_ent *ent;
	bool val;
};

static int tipc_lb_nl_fill_policy(struct sk_buff *skb, const void *arg)
{
	const struct tipc_lb_nl_change *c = arg;

	if (!c->type)	/* the default; NULL is the stock lookup */
		return tipc_lb_nl_put_policy(skb, c->cfg);
	if (nla_put_u32(skb, TIPC_LB_A_TYPE, c->type))
		return -EMSGSIZE;
	/* A type's policy was removed: the type alone says so */
	return c->cfg ? tipc_lb_nl_put_policy(skb, c->cfg) : 0;
}

static int tipc_lb_nl_put_ent(struct sk_buff *skb, u32 type, int kind,
			      const struct tipc_lb_ent *e, bool val);

static int tipc_lb_nl_fill_ent(struct sk_buff *skb, const void *arg)
{
	const struct tipc_lb_nl_change *c = arg;

	return tipc_lb_nl_put_ent(skb, c->type, c->kind, c->ent, c->val);
}

/* Weight source and default weight of POLICY_SET and DEFAULT_SET */
static int tipc_lb_nl_params(struct genl_info *info, struct tipc_lb_cfg *cfg)
{
	struct nlattr **attrs = info->attrs;

	cfg->policy = nla_get_u32(attrs[TIPC_LB_A_POLICY]);
	cfg->wsrc = TIPC_LB_WEIGHT_SRC_FIXED;
	cfg->dweight = TIPC_LB_WEIGHT_DEFAULT;
	if (cfg->policy != TIPC_LB_POLICY_WEIGHTED &&
	    cfg->policy != TIPC_LB_POLICY_LEAST &&
	    (attrs[TIPC_LB_A_WEIGHT_SRC] || attrs[TIPC_LB_A_DEFAULT_WEIGHT])) {
		NL_SET_ERR_MSG(info->extack,
			       "weights only apply to the weighted and least policies");
		return -EINVAL;
	}
	if (attrs[TIPC_LB_A_WEIGHT_SRC])
		cfg->wsrc = nla_get_u32(attrs[TIPC_LB_A_WEIGHT_SRC]);
	if (attrs[TIPC_LB_A_DEFAULT_WEIGHT]) {
		if (cfg->wsrc != TIPC_LB_WEIGHT_SRC_FIXED) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[TIPC_LB_A_DEFAULT_WEIGHT],
					    "a default weight needs the fixed weight source");
			return -EINVAL;
		}
		cfg->dweight = nla_get_u32(attrs[TIPC_LB_A_DEFAULT_WEIGHT]);
	}
	return 0;
}

static int tipc_lb_nl_policy_get(struct sk_buff *skb, struct genl_info *info)
{
	struct tipc_lb_net *lbn = tipc_lb_net(genl_info_net(info));
	struct tipc_lb_cfg *cfg;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	cfg = tipc_lb_cfg_get(lbn, type);
	if (!cfg || !cfg->has_policy) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TIPC_LB_A_TYPE],
				    "no policy configured for this service type");
		return -ENOENT;
	}
	return tipc_lb_nl_reply(info, type, cfg);
}

static int tipc_lb_nl_policy_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct tipc_lb_net *lbn = tipc_lb_net(sock_net(skb->sk));
	unsigned long type = cb->args[0];
	struct tipc_lb_cfg *cfg;
	int err = 0;

	xa_for_each_start(&lbn->types, type, cfg, cb->args[0]) {
		if (!cfg->has_policy)
			continue;
		err = tipc_lb_nl_fill(skb, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI,
				      TIPC_LB_CMD_POLICY_GET, type, cfg);
		if (err)
			break;
	}
	cb->args[0] = type;
	/* A full skb ends this round; the dump resumes at this type */
	return err ? skb->len : 0;
}

static int tipc_lb_nl_policy_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *cfg;
	u32 type;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_POLICY))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	err = tipc_lb_cfg_reserve(lbn, type, info->extack);
	if (err)
		return err;
	cfg = tipc_lb_cfg_dup(tipc_lb_cfg_get(lbn, type), 0, 0);
	if (!cfg) {
		err = -ENOMEM;
		goto unreserve;
	}
	err = tipc_lb_nl_params(info, cfg);
	if (err) {
		kfree(cfg);
		goto unreserve;
	}
	cfg->has_policy = true;
	tipc_lb_cfg_install(net, type, cfg);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .type = type,
						       .cfg = cfg });
	return 0;

unreserve:
	/* Drops the reservation only, never a stored configuration */
	xa_release(&lbn->types, type);
	return err;
}

static int tipc_lb_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_cfg *old, *cfg;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	old = tipc_lb_cfg_get(tipc_lb_net(net), type);
	if (!old || !old->has_policy) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TIPC_LB_A_TYPE],
				    "no policy configured for this service type");
		return -ENOENT;
	}
	/* Weights and priorities of the type stay configured */
	cfg = tipc_lb_cfg_dup(old, 0, 0);
	if (!cfg)
		return -ENOMEM;
	cfg->has_policy = false;
	tipc_lb_cfg_install(net, type, cfg);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .type = type });
	return 0;
}

static int tipc_lb_nl_default_get(struct sk_buff *skb, struct genl_info *info)
{
	struct tipc_lb_net *lbn = tipc_lb_net(genl_info_net(info));

	return tipc_lb_nl_reply(info, 0,
				rcu_dereference_protected(lbn->dflt,
							  tipc_lb_cfg_locked()));
}

static int tipc_lb_nl_default_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *cfg, *old;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_POLICY))
		return -EINVAL;
	cfg = tipc_lb_cfg_dup(NULL, 0, 0);
	if (!cfg)
		return -ENOMEM;
	err = tipc_lb_nl_params(info, cfg);
	if (err) {
		kfree(cfg);
		return err;
	}
	cfg->has_policy = true;
	/* The stock lookup as default is stored as no default at all */
	if (cfg->policy == TIPC_LB_POLICY_NONE) {
		kfree(cfg);
		cfg = NULL;
	}
	old = rcu_replace_pointer(lbn->dflt, cfg, tipc_lb_cfg_locked());
	tipc_nametbl_lb_update(net, 0, true);
	if (old)
		kfree_rcu(old, rcu);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_policy,
			  &(struct tipc_lb_nl_change){ .cfg = cfg });
	return 0;
}

/* The key of a weight or priority entry in a request */
static int tipc_lb_nl_ent_key(struct genl_info *info, struct tipc_lb_ent *key)
{
	struct nlattr **attrs = info->attrs;

	memset(key, 0, sizeof(*key));
	if (!attrs[TIPC_LB_A_NODE_ID] == !attrs[TIPC_LB_A_NODE_ADDR]) {
		NL_SET_ERR_MSG(info->extack,
			       "give the node as either an identity or an address");
		return -EINVAL;
	}
	if (attrs[TIPC_LB_A_NODE_ID]) {
		if (!nla_strscpy(key->node_id, attrs[TIPC_LB_A_NODE_ID],
				 sizeof(key->node_id))) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[TIPC_LB_A_NODE_ID],
					    "empty node identity");
			return -EINVAL;
		}
	} else {
		key->node_addr = nla_get_u32(attrs[TIPC_LB_A_NODE_ADDR]);
	}
	if (attrs[TIPC_LB_A_PORT])
		key->port = nla_get_u32(attrs[TIPC_LB_A_PORT]);
	return 0;
}

static int tipc_lb_ent_index(const struct tipc_lb_cfg *cfg, int kind,
			     const struct tipc_lb_ent *key)
{
	const struct tipc_lb_ent *e;
	u32 i;

	for (i = 0; cfg && i < cfg->n[kind]; i++) {
		e = &cfg->ent[kind][i];
		if (e->node_addr == key->node_addr && e->port == key->port &&
		    !strcmp(e->node_id, key->node_id))
			return i;
	}
	return -1;
}

static int tipc_lb_nl_ent_set(struct genl_info *info, int kind)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *old, *cfg;
	struct tipc_lb_ent key;
	int err, i;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, tipc_lb_ent_attr[kind]))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);
	err = tipc_lb_nl_ent_key(info, &key);
	if (err)
		return err;
	key.val = nla_get_u32(info->attrs[tipc_lb_ent_attr[kind]]);

	err = tipc_lb_cfg_reserve(lbn, type, info->extack);
	if (err)
		return err;
	old = tipc_lb_cfg_get(lbn, type);
	i = tipc_lb_ent_index(old, kind, &key);
	cfg = tipc_lb_cfg_dup(old, kind, i < 0);
	if (!cfg) {
		xa_release(&lbn->types, type);
		return -ENOMEM;
	}
	if (i < 0)
		i = cfg->n[kind]++;
	cfg->ent[kind][i] = key;
	tipc_lb_cfg_install(net, type, cfg);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_ent,
			  &(struct tipc_lb_nl_change){ .type = type,
						       .kind = kind,
						       .ent = &key,
						       .val = true });
	return 0;
}

static int tipc_lb_nl_ent_del(struct genl_info *info, int kind)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_cfg *old, *cfg;
	struct tipc_lb_ent key;
	int err, i;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);
	err = tipc_lb_nl_ent_key(info, &key);
	if (err)
		return err;

	old = tipc_lb_cfg_get(tipc_lb_net(net), type);
	i = tipc_lb_ent_index(old, kind, &key);
	if (i < 0) {
		/* Literal messages: 6.1 has no NL_SET_ERR_MSG_FMT() */
		if (kind == TIPC_LB_ENT_WEIGHT)
			NL_SET_ERR_MSG(info->extack, "no such weight entry");
		else
			NL_SET_ERR_MSG(info->extack, "no such priority entry");
		return -ENOENT;
	}
	cfg = tipc_lb_cfg_dup(old, kind, 0);
	if (!cfg)
		return -ENOMEM;
	cfg->n[kind]--;
	memmove(&cfg->ent[kind][i], &cfg->ent[kind][i + 1],
		(cfg->n[kind] - i) * sizeof(key));
	tipc_lb_cfg_install(net, type, cfg);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_ent,
			  &(struct tipc_lb_nl_change){ .type = type,
						       .kind = kind,
						       .ent = &key });
	return 0;
}

static int tipc_lb_nl_put_ent(struct sk_buff *skb, u32 type, int kind,
			      const struct tipc_lb_ent *e, bool val)
{
	if (nla_put_u32(skb, TIPC_LB_A_TYPE, type) ||
	    (e->node_addr ?
	     nla_put_u32(skb, TIPC_LB_A_NODE_ADDR, e->node_addr) :
	     nla_put_string(skb, TIPC_LB_A_NODE_ID, e->node_id)) ||
	    (e->port && nla_put_u32(skb, TIPC_LB_A_PORT, e->port)) ||
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
	struct nlattr *filter = info->attrs[TIPC_LB_A_TYPE];
	struct tipc_lb_cfg *cfg;
	struct tipc_lb_ent *e;
	u32 i = cb->args[1];
	void *hdr;

	if (filter) {
		type = max_t(unsigned long, type, nla_get_u32(filter));
		last = nla_get_u32(filter);
	}
	xa_for_each_range(&lbn->types, type, cfg, type, last) {
		if (type != cb->args[0])
			i = 0;
		for (; i < cfg->n[kind]; i++) {
			e = &cfg->ent[kind][i];
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq,
					  &tipc_lb_genl_family, NLM_F_MULTI,
					  info->genlhdr->cmd);
			if (!hdr)
				goto full;
			if (tipc_lb_nl_put_ent(skb, type, kind, e, true)) {
				genlmsg_cancel(skb, hdr);
				goto full;
			}
			genlmsg_end(skb, hdr);
		}
		cb->args[0] = type;
	}
	return 0;

full:
	/* Resume at this entry of this type */
	cb->args[0] = type;
	cb->args[1] = i;
	return skb->len;
}

static int tipc_lb_nl_weight_set(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_set(info, TIPC_LB_ENT_WEIGHT);
}

static int tipc_lb_nl_weight_del(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_del(info, TIPC_LB_ENT_WEIGHT);
}

static int tipc_lb_nl_weight_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return tipc_lb_nl_ent_dump(skb, cb, TIPC_LB_ENT_WEIGHT);
}

static int tipc_lb_nl_prio_set(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_set(info, TIPC_LB_ENT_PRIO);
}

static int tipc_lb_nl_prio_del(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_lb_nl_ent_del(info, TIPC_LB_ENT_PRIO);
}

static int tipc_lb_nl_prio_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return tipc_lb_nl_ent_dump(skb, cb, TIPC_LB_ENT_PRIO);
}

/* State of a statistics dump; records before @skip went out earlier */
struct tipc_lb_nl_stats {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	unsigned long skip;
	unsigned long done;
};

static int tipc_lb_nl_put_stats(struct sk_buff *skb, struct tipc_lb_svc *lb,
				struct publication *p)
{
	if (nla_put_u32(skb, TIPC_LB_A_TYPE, lb->type) ||
	    nla_put_u32(skb, TIPC_LB_A_POLICY, lb->ops->id) ||
	    nla_put_string(skb, TIPC_LB_A_NODE_ID, p->lb.node_id) ||
	    nla_put_u32(skb, TIPC_LB_A_NODE_ADDR, p->sk.node) ||
	    nla_put_u32(skb, TIPC_LB_A_PORT, p->sk.ref) ||
	    nla_put_u32(skb, TIPC_LB_A_LOWER, p->sr.lower) ||
	    nla_put_u32(skb, TIPC_LB_A_UPPER, p->sr.upper) ||
	    nla_put_u64_64bit(skb, TIPC_LB_A_SELECTIONS, p->lb.selected,
			      TIPC_LB_A_PAD) ||
	    nla_put_u32(skb, TIPC_LB_A_CONNS, p->lb.conns) ||
	    nla_put_u32(skb, TIPC_LB_A_WEIGHT, p->lb.weight) ||
	    (lb->ops->ordered &&
	     nla_put_u32(skb, TIPC_LB_A_POSITION, p->lb.pos)))
		return -EMSGSIZE;
	return 0;
}

/* Runs under the service's lock: only fills the skb, never allocates */
static int tipc_lb_nl_stats_svc(struct tipc_lb_svc *lb, void *arg)
{
	struct tipc_lb_nl_stats *st = arg;
	struct publication *p;
	void *hdr;

	list_for_each_entry(p, &lb->publs, lb.node) {
		if (st->done++ < st->skip)
			continue;
		hdr = genlmsg_put(st->skb, NETLINK_CB(st->cb->skb).portid,
				  st->cb->nlh->nlmsg_seq, &tipc_lb_genl_family,
				  NLM_F_MULTI, TIPC_LB_CMD_STATS_GET);
		if (!hdr)
			return -EMSGSIZE;
		if (tipc_lb_nl_put_stats(st->skb, lb, p)) {
			genlmsg_cancel(st->skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(st->skb, hdr);
	}
	return 0;
}

static int tipc_lb_nl_stats_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct nlattr *filter = info->attrs[TIPC_LB_A_TYPE];
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

	list_for_each_entry(p, &lb->publs, lb.node)
		p->lb.selected = 0;
	return 0;
}

static int tipc_lb_nl_fill_reset(struct sk_buff *skb, const void *arg)
{
	const u32 *type = arg;

	return *type && nla_put_u32(skb, TIPC_LB_A_TYPE, *type) ? -EMSGSIZE : 0;
}

static int tipc_lb_nl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[TIPC_LB_A_TYPE];
	u32 type = attr ? nla_get_u32(attr) : 0;

	tipc_nametbl_lb_walk(genl_info_net(info), type, tipc_lb_nl_reset_svc,
			     NULL);
	tipc_lb_nl_notify(info, tipc_lb_nl_fill_reset, &type);
	return 0;
}

static const struct genl_small_ops tipc_lb_genl_ops[] = {
	{
		.cmd	= TIPC_LB_CMD_POLICY_GET,
		.doit	= tipc_lb_nl_policy_get,
		.dumpit	= tipc_lb_nl_policy_dump,
	},
	{
		.cmd	= TIPC_LB_CMD_POLICY_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_policy_set,
	},
	{
		.cmd	= TIPC_LB_CMD_POLICY_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_policy_del,
	},
	{
		.cmd	= TIPC_LB_CMD_DEFAULT_GET,
		.doit	= tipc_lb_nl_default_get,
	},
	{
		.cmd	= TIPC_LB_CMD_DEFAULT_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_default_set,
	},
	{
		.cmd	= TIPC_LB_CMD_WEIGHT_GET,
		.dumpit	= tipc_lb_nl_weight_dump,
	},
	{
		.cmd	= TIPC_LB_CMD_WEIGHT_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_weight_set,
	},
	{
		.cmd	= TIPC_LB_CMD_WEIGHT_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_weight_del,
	},
	{
		.cmd	= TIPC_LB_CMD_PRIO_GET,
		.dumpit	= tipc_lb_nl_prio_dump,
	},
	{
		.cmd	= TIPC_LB_CMD_PRIO_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_prio_set,
	},
	{
		.cmd	= TIPC_LB_CMD_PRIO_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_prio_del,
	},
	{
		.cmd	= TIPC_LB_CMD_STATS_GET,
		.dumpit	= tipc_lb_nl_stats_dump,
	},
	{
		.cmd	= TIPC_LB_CMD_STATS_RESET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= tipc_lb_nl_stats_reset,
	},
};

static struct genl_family tipc_lb_genl_family __ro_after_init = {
	.name		= TIPC_LB_GENL_NAME,
	.version	= TIPC_LB_GENL_VERSION,
	.maxattr	= TIPC_LB_A_MAX,
	.policy		= tipc_lb_nl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= tipc_lb_genl_ops,
	.n_small_ops	= ARRAY_SIZE(tipc_lb_genl_ops),
	.mcgrps		= tipc_lb_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(tipc_lb_mcgrps),
};

int tipc_lb_genl_register(void)
{
	return genl_register_family(&tipc_lb_genl_family);
}

void tipc_lb_genl_unregister(void)
{
	genl_unregister_family(&tipc_lb_genl_family);
}
