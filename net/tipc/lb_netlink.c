// SPDX-License-Identifier: GPL-2.0
/*
 * "tipc_lb" generic netlink family, the control
 * plane of the TIPC anycast load balancer
 *
 * Configuration is per network namespace. Changing it requires
 * CAP_NET_ADMIN in the user namespace owning the netns; reading it does
 * not. Writers are serialised by genl_mutex (the family is not
 * parallel_ops); lookups read the configuration under RCU.
 */

/* Callers of the ops below hold genl_mutex */
#define tipc_lb_cfg_locked()	true

#include <net/genetlink.h>
#include <net/sock.h>
#include "core.h"
#include "name_table.h"
#include "lb.h"

static const struct nla_policy tipc_lb_nl_policy[TIPC_LB_A_MAX + 1] = {
	[TIPC_LB_A_TYPE]	= NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_POLICY]	= NLA_POLICY_MAX(NLA_U32, TIPC_LB_POLICY_MAX),
};

static struct genl_family tipc_lb_genl_family;

static struct tipc_lb_net *tipc_lb_net(struct net *net)
{
	return &tipc_name_table(net)->lb;
}

static int tipc_lb_nl_fill(struct sk_buff *skb, u32 portid, u32 seq,
			   int flags, u8 cmd, u32 type, u32 policy,
			   bool with_type)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &tipc_lb_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if ((with_type && nla_put_u32(skb, TIPC_LB_A_TYPE, type)) ||
	    nla_put_u32(skb, TIPC_LB_A_POLICY, policy)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int tipc_lb_nl_reply(struct genl_info *info, u32 type, u32 policy,
			    bool with_type)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = tipc_lb_nl_fill(msg, info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd, type, policy, with_type);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int tipc_lb_nl_policy_get(struct sk_buff *skb, struct genl_info *info)
{
	struct tipc_lb_net *lbn = tipc_lb_net(genl_info_net(info));
	struct tipc_lb_cfg *cfg;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	cfg = xa_load(&lbn->types, type);
	if (!cfg) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TIPC_LB_A_TYPE],
				    "no policy configured for this service type");
		return -ENOENT;
	}
	return tipc_lb_nl_reply(info, type, cfg->policy, true);
}

static int tipc_lb_nl_policy_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct tipc_lb_net *lbn = tipc_lb_net(sock_net(skb->sk));
	unsigned long type = cb->args[0];
	struct tipc_lb_cfg *cfg;
	int err = 0;

	rcu_read_lock();
	xa_for_each_start(&lbn->types, type, cfg, cb->args[0]) {
		err = tipc_lb_nl_fill(skb, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI,
				      TIPC_LB_CMD_POLICY_GET, type,
				      cfg->policy, true);
		if (err)
			break;
	}
	rcu_read_unlock();
	cb->args[0] = type;
	/* A full skb ends this round; the dump resumes at this type */
	return err ? skb->len : 0;
}

static int tipc_lb_nl_policy_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *cfg, *old;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_POLICY))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->policy = nla_get_u32(info->attrs[TIPC_LB_A_POLICY]);

	old = xa_store(&lbn->types, type, cfg, GFP_KERNEL);
	if (xa_is_err(old)) {
		kfree(cfg);
		NL_SET_ERR_MSG(info->extack, "cannot store the policy");
		return xa_err(old);
	}
	tipc_nametbl_lb_update(net, type, false);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int tipc_lb_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_cfg *old;
	u32 type;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_TYPE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[TIPC_LB_A_TYPE]);

	old = xa_erase(&tipc_lb_net(net)->types, type);
	if (!old) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TIPC_LB_A_TYPE],
				    "no policy configured for this service type");
		return -ENOENT;
	}
	tipc_nametbl_lb_update(net, type, false);
	kfree_rcu(old, rcu);
	return 0;
}

static int tipc_lb_nl_default_get(struct sk_buff *skb, struct genl_info *info)
{
	struct tipc_lb_net *lbn = tipc_lb_net(genl_info_net(info));
	struct tipc_lb_cfg *cfg;

	cfg = rcu_dereference_protected(lbn->dflt, tipc_lb_cfg_locked());
	return tipc_lb_nl_reply(info, 0, cfg ? cfg->policy :
				TIPC_LB_POLICY_NONE, false);
}

static int tipc_lb_nl_default_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct tipc_lb_net *lbn = tipc_lb_net(net);
	struct tipc_lb_cfg *cfg = NULL, *old;
	u32 policy;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_LB_A_POLICY))
		return -EINVAL;
	policy = nla_get_u32(info->attrs[TIPC_LB_A_POLICY]);

	/* The stock lookup as default is stored as no default at all */
	if (policy != TIPC_LB_POLICY_NONE) {
		cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
		if (!cfg)
			return -ENOMEM;
		cfg->policy = policy;
	}
	old = rcu_replace_pointer(lbn->dflt, cfg, tipc_lb_cfg_locked());
	tipc_nametbl_lb_update(net, 0, true);
	if (old)
		kfree_rcu(old, rcu);
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
};

int tipc_lb_genl_register(void)
{
	return genl_register_family(&tipc_lb_genl_family);
}

void tipc_lb_genl_unregister(void)
{
	genl_unregister_family(&tipc_lb_genl_family);
}
