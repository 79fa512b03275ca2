/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backports for kernels older than this code, in out-of-tree builds only:
 * Kbuild compares the target's version and defines TIPC_LB_BEFORE_6_2,
 * TIPC_LB_BEFORE_6_6 and TIPC_LB_BEFORE_6_7 for Debian 12's 6.1 (the split
 * ops of 6.2 are in lb_genl_compat.h). lb.h includes this file; it is not
 * part of the series for the kernel tree (make patches).
 */
#ifndef _TIPC_LB_COMPAT_H
#define _TIPC_LB_COMPAT_H

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

#ifdef TIPC_LB_BEFORE_6_7
#include <net/netlink.h>

/* NLA_UINT came in 6.7: 4 bytes when the value fits, else 8, unpadded */
static inline int nla_put_uint(struct sk_buff *skb, int attrtype, u64 value)
{
	u64 tmp64 = value;
	u32 tmp32 = value;

	if (tmp64 == tmp32)
		return nla_put_u32(skb, attrtype, tmp32);
	return nla_put(skb, attrtype, sizeof(u64), &tmp64);
}
#endif

#endif
