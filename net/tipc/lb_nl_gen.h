/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/tipc_lb.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_TIPC_LB_GEN_H
#define _LINUX_TIPC_LB_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/tipc_lb.h>

/* Ops table for tipc_lb */
extern const struct genl_split_ops tipc_lb_nl_ops[17];

int tipc_lb_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_policy_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int tipc_lb_nl_policy_set_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_default_get_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_default_set_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_weight_get_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_weight_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int tipc_lb_nl_weight_set_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_weight_del_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_prio_get_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_prio_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int tipc_lb_nl_prio_set_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_prio_del_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_stats_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int tipc_lb_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info);
int tipc_lb_nl_flush_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	TIPC_LB_NLGRP_CONFIG,
};

#endif /* _LINUX_TIPC_LB_GEN_H */
