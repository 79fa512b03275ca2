/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the code generated from the YNL spec (lb_nl_gen.c) needs of generic
 * netlink on kernels before 6.2: struct genl_split_ops. Kbuild includes
 * this file ahead of lb_nl_gen.c there (the generated file is not edited);
 * lb_netlink.c makes a struct genl_ops per command of the table.
 */
#ifndef _TIPC_LB_GENL_COMPAT_H
#define _TIPC_LB_GENL_COMPAT_H

#include <net/genetlink.h>

#ifdef TIPC_LB_BEFORE_6_2
/* The members of 6.2's struct genl_split_ops that the generator fills in
 * (it uses pre_doit, post_doit, start and done only for hooks the spec
 * names, and ours names none)
 */
struct genl_split_ops {
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 flags;
	u8 validate;
};
#endif

#endif
