// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/tipc_lb.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "lb_nl_gen.h"

#include <uapi/linux/tipc_lb.h>

/* TIPC_LB_CMD_POLICY_GET - do */
static const struct nla_policy tipc_lb_policy_get_nl_policy[TIPC_LB_A_CONFIG_TYPE + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* TIPC_LB_CMD_POLICY_SET - do */
static const struct nla_policy tipc_lb_policy_set_nl_policy[TIPC_LB_A_CONFIG_WEIGHT_SRC + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_POLICY] = NLA_POLICY_MAX(NLA_U32, 5),
	[TIPC_LB_A_CONFIG_WEIGHT_SRC] = NLA_POLICY_MAX(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_DEFAULT_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, TIPC_LB_WEIGHT_MAX),
};

/* TIPC_LB_CMD_POLICY_DEL - do */
static const struct nla_policy tipc_lb_policy_del_nl_policy[TIPC_LB_A_CONFIG_TYPE + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* TIPC_LB_CMD_DEFAULT_SET - do */
static const struct nla_policy tipc_lb_default_set_nl_policy[TIPC_LB_A_CONFIG_WEIGHT_SRC + 1] = {
	[TIPC_LB_A_CONFIG_POLICY] = NLA_POLICY_MAX(NLA_U32, 5),
	[TIPC_LB_A_CONFIG_WEIGHT_SRC] = NLA_POLICY_MAX(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_DEFAULT_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, TIPC_LB_WEIGHT_MAX),
};

/* TIPC_LB_CMD_WEIGHT_GET - do */
static const struct nla_policy tipc_lb_weight_get_do_nl_policy[TIPC_LB_A_CONFIG_PORT + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* TIPC_LB_CMD_WEIGHT_GET - dump */
static const struct nla_policy tipc_lb_weight_get_dump_nl_policy[TIPC_LB_A_CONFIG_TYPE + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* TIPC_LB_CMD_WEIGHT_SET - do */
static const struct nla_policy tipc_lb_weight_set_nl_policy[TIPC_LB_A_CONFIG_WEIGHT + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_WEIGHT] = NLA_POLICY_MAX(NLA_U32, TIPC_LB_WEIGHT_MAX),
};

/* TIPC_LB_CMD_WEIGHT_DEL - do */
static const struct nla_policy tipc_lb_weight_del_nl_policy[TIPC_LB_A_CONFIG_PORT + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* TIPC_LB_CMD_PRIO_GET - do */
static const struct nla_policy tipc_lb_prio_get_do_nl_policy[TIPC_LB_A_CONFIG_PORT + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* TIPC_LB_CMD_PRIO_GET - dump */
static const struct nla_policy tipc_lb_prio_get_dump_nl_policy[TIPC_LB_A_CONFIG_TYPE + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* TIPC_LB_CMD_PRIO_SET - do */
static const struct nla_policy tipc_lb_prio_set_nl_policy[TIPC_LB_A_CONFIG_PRIORITY + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PRIORITY] = { .type = NLA_U32, },
};

/* TIPC_LB_CMD_PRIO_DEL - do */
static const struct nla_policy tipc_lb_prio_del_nl_policy[TIPC_LB_A_CONFIG_PORT + 1] = {
	[TIPC_LB_A_CONFIG_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
	[TIPC_LB_A_CONFIG_NODE_ID] = { .type = NLA_NUL_STRING, .len = TIPC_LB_NODE_ID_LEN, },
	[TIPC_LB_A_CONFIG_NODE_ADDR] = NLA_POLICY_MIN(NLA_U32, 1),
	[TIPC_LB_A_CONFIG_PORT] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* TIPC_LB_CMD_STATS_GET - dump */
static const struct nla_policy tipc_lb_stats_get_nl_policy[TIPC_LB_A_STATS_TYPE + 1] = {
	[TIPC_LB_A_STATS_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* TIPC_LB_CMD_STATS_RESET - do */
static const struct nla_policy tipc_lb_stats_reset_nl_policy[TIPC_LB_A_STATS_TYPE + 1] = {
	[TIPC_LB_A_STATS_TYPE] = NLA_POLICY_MIN(NLA_U32, TIPC_LB_TYPE_MIN),
};

/* Ops table for tipc_lb */
const struct genl_split_ops tipc_lb_nl_ops[17] = {
	{
		.cmd		= TIPC_LB_CMD_POLICY_GET,
		.doit		= tipc_lb_nl_policy_get_doit,
		.policy		= tipc_lb_policy_get_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_TYPE,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= TIPC_LB_CMD_POLICY_GET,
		.dumpit	= tipc_lb_nl_policy_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TIPC_LB_CMD_POLICY_SET,
		.doit		= tipc_lb_nl_policy_set_doit,
		.policy		= tipc_lb_policy_set_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_WEIGHT_SRC,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_POLICY_DEL,
		.doit		= tipc_lb_nl_policy_del_doit,
		.policy		= tipc_lb_policy_del_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_TYPE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= TIPC_LB_CMD_DEFAULT_GET,
		.doit	= tipc_lb_nl_default_get_doit,
		.flags	= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_DEFAULT_SET,
		.doit		= tipc_lb_nl_default_set_doit,
		.policy		= tipc_lb_default_set_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_WEIGHT_SRC,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_WEIGHT_GET,
		.doit		= tipc_lb_nl_weight_get_doit,
		.policy		= tipc_lb_weight_get_do_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_PORT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_WEIGHT_GET,
		.dumpit		= tipc_lb_nl_weight_get_dumpit,
		.policy		= tipc_lb_weight_get_dump_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_TYPE,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TIPC_LB_CMD_WEIGHT_SET,
		.doit		= tipc_lb_nl_weight_set_doit,
		.policy		= tipc_lb_weight_set_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_WEIGHT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_WEIGHT_DEL,
		.doit		= tipc_lb_nl_weight_del_doit,
		.policy		= tipc_lb_weight_del_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_PRIO_GET,
		.doit		= tipc_lb_nl_prio_get_doit,
		.policy		= tipc_lb_prio_get_do_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_PORT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_PRIO_GET,
		.dumpit		= tipc_lb_nl_prio_get_dumpit,
		.policy		= tipc_lb_prio_get_dump_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_TYPE,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TIPC_LB_CMD_PRIO_SET,
		.doit		= tipc_lb_nl_prio_set_doit,
		.policy		= tipc_lb_prio_set_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_PRIORITY,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_PRIO_DEL,
		.doit		= tipc_lb_nl_prio_del_doit,
		.policy		= tipc_lb_prio_del_nl_policy,
		.maxattr	= TIPC_LB_A_CONFIG_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TIPC_LB_CMD_STATS_GET,
		.dumpit		= tipc_lb_nl_stats_get_dumpit,
		.policy		= tipc_lb_stats_get_nl_policy,
		.maxattr	= TIPC_LB_A_STATS_TYPE,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TIPC_LB_CMD_STATS_RESET,
		.doit		= tipc_lb_nl_stats_reset_doit,
		.policy		= tipc_lb_stats_reset_nl_policy,
		.maxattr	= TIPC_LB_A_STATS_TYPE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= TIPC_LB_CMD_FLUSH,
		.doit	= tipc_lb_nl_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group tipc_lb_nl_mcgrps[] = {
	[TIPC_LB_NLGRP_CONFIG] = { "config", },
};
