// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-lb: configure the load-balancing policies of TIPC anycast lookups
 * through the "tipc_lb" generic netlink family.
 *
 *	tipc-lb policy set { type TYPE | default } POLICY [ width | weight W ]
 *	tipc-lb policy del { type TYPE | default }
 *	tipc-lb [-j] [-p] policy show [ type TYPE | default ]
 *	tipc-lb weight set type TYPE node NODE [ port PORT ] weight W
 *	tipc-lb weight del type TYPE node NODE [ port PORT ]
 *	tipc-lb [-j] [-p] weight show [ type TYPE ]
 *	tipc-lb priority { set | del | show } ... (as weight, with priority P)
 *	tipc-lb [-j] [-p] stats [ show ] [ type TYPE ]
 *	tipc-lb stats reset [ type TYPE ]
 *	tipc-lb [-j] monitor
 *
 * The whole command line is parsed before anything is sent to the kernel.
 */
#include <errno.h>
#include <assert.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tipc_lb.h>

/* TIPC_LB_CLI_VERSION: the Makefile passes the VERSION file's */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define RECV_BUF_SIZE		32768

/* extack "missing attribute" type, Linux 6.0+; numbered here for old headers */
#define EXTACK_ATTR_MISS_TYPE	5

/* One line per policy: the table is indexed by enum tipc_lb_policy. */
static const char * const policy_names[] = {
	[TIPC_LB_POLICY_NONE]	= "none",
	[TIPC_LB_POLICY_RR]	= "rr",
	[TIPC_LB_POLICY_WEIGHTED] = "weighted",
	[TIPC_LB_POLICY_LEAST]	= "least",
	[TIPC_LB_POLICY_SORTED]	= "sorted",
	[TIPC_LB_POLICY_HASH]	= "hash",
};

static_assert(ARRAY_SIZE(policy_names) == __TIPC_LB_POLICY_MAX,
	      "policy_names[] must name every enum tipc_lb_policy value");

static const char * const weight_src_names[] = {
	[TIPC_LB_WEIGHT_SRC_FIXED]	= "fixed",
	[TIPC_LB_WEIGHT_SRC_WIDTH]	= "width",
};

static_assert(ARRAY_SIZE(weight_src_names) == __TIPC_LB_WEIGHT_SRC_MAX,
	      "weight_src_names[] must name every enum tipc_lb_weight_src value");

/* Named after the command line words that set them, for extack reports. */
static const char * const attr_names[] = {
	[TIPC_LB_A_TYPE]	= "type",
	[TIPC_LB_A_POLICY]	= "policy",
	[TIPC_LB_A_WEIGHT_SRC]	= "weight source",
	[TIPC_LB_A_DEFAULT_WEIGHT] = "weight",
	[TIPC_LB_A_NODE_ID]	= "node",
	[TIPC_LB_A_NODE_ADDR]	= "node",
	[TIPC_LB_A_PORT]	= "port",
	[TIPC_LB_A_WEIGHT]	= "weight",
	[TIPC_LB_A_PRIORITY]	= "priority",
	/* statistics, never sent */
	[TIPC_LB_A_LOWER]	= "lower",
	[TIPC_LB_A_UPPER]	= "upper",
	[TIPC_LB_A_SELECTIONS]	= "selections",
	[TIPC_LB_A_CONNS]	= "conns",
	[TIPC_LB_A_POSITION]	= "position",
	[TIPC_LB_A_PAD]		= "pad",
	[TIPC_LB_A_POLICY_ORIGIN] = "policy origin",
};

static_assert(ARRAY_SIZE(attr_names) == __TIPC_LB_A_MAX,
	      "attr_names[] must name every TIPC_LB_A_* attribute");

/* ------------------------------------------------------------------ */
/* Command line                                                        */

enum action {
	ACT_SHOW_ALL,
	ACT_SHOW_TYPE,
	ACT_SHOW_DEFAULT,
	ACT_SET_TYPE,
	ACT_SET_DEFAULT,
	ACT_DEL_TYPE,
	ACT_DEL_DEFAULT,
	ACT_ENTRY_SET,		/* weight or priority entries */
	ACT_ENTRY_DEL,
	ACT_ENTRY_SHOW,
	ACT_STATS_SHOW,
	ACT_STATS_RESET,
	ACT_MONITOR,
};

/* What weight and priority entries differ in. */
struct entry_obj {
	const char *name;	/* object word */
	const char *value_word;	/* "weight W" / "priority P" */
	uint16_t value_attr;
	uint32_t value_max;
	uint8_t cmd_get, cmd_set, cmd_del;
};

static const struct entry_obj weight_obj = {
	.name = "weight", .value_word = "weight",
	.value_attr = TIPC_LB_A_WEIGHT, .value_max = TIPC_LB_WEIGHT_MAX,
	.cmd_get = TIPC_LB_CMD_WEIGHT_GET, .cmd_set = TIPC_LB_CMD_WEIGHT_SET,
	.cmd_del = TIPC_LB_CMD_WEIGHT_DEL,
};

static const struct entry_obj prio_obj = {
	.name = "priority", .value_word = "priority",
	.value_attr = TIPC_LB_A_PRIORITY, .value_max = UINT32_MAX,
	.cmd_get = TIPC_LB_CMD_PRIO_GET, .cmd_set = TIPC_LB_CMD_PRIO_SET,
	.cmd_del = TIPC_LB_CMD_PRIO_DEL,
};

/* The attributes of one request (has_*: present) */
struct request {
	enum action action;
	const struct entry_obj *obj;	/* ACT_ENTRY_* */
	bool has_type, has_policy, has_wsrc, has_dweight;
	bool has_node_addr, has_port, has_value;
	uint32_t type;
	uint32_t policy;
	uint32_t wsrc;
	uint32_t dweight;
	char node_id[TIPC_LB_NODE_ID_LEN + 1];	/* "" when absent */
	uint32_t node_addr;
	uint32_t port;
	uint32_t value;			/* weight or priority */
};

static bool json;
static bool pretty;

static void print_policy_names(FILE *f)
{
	fprintf(f, "{ ");
	for (size_t i = 0; i < ARRAY_SIZE(policy_names); i++)
		fprintf(f, "%s%s", i ? " | " : "", policy_names[i]);
	fprintf(f, " }");
}

static void usage_policy(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] policy set type TYPE POLICY [ WOPTS ]\n"
		"       tipc-lb [ OPTIONS ] policy set default POLICY [ WOPTS ]\n"
		"       tipc-lb [ OPTIONS ] policy del { type TYPE | default }\n"
		"       tipc-lb [ OPTIONS ] policy show [ type TYPE | default ]\n"
		"       tipc-lb policy help\n"
		"where  TYPE   := a TIPC service type, %u..%u\n"
		"       POLICY := ",
		lead, TIPC_LB_TYPE_MIN, UINT32_MAX);
	print_policy_names(f);
	fprintf(f, "\n"
		"                 (a type set to \"none\" uses the stock lookup even\n"
		"                 when a default is set)\n"
		"       WOPTS  := { width | weight W }, weighted and least only: the weight\n"
		"                 of a server without a weight entry is the width of its\n"
		"                 published range, or W (1..%u, default %u)\n",
		TIPC_LB_WEIGHT_MAX, TIPC_LB_WEIGHT_DEFAULT);
}

static void usage_node(FILE *f)
{
	fprintf(f,
		"       NODE   := { Z.C.N | 0xADDR | IDENTITY }: a node address, or a node\n"
		"                 identity as \"tipc node\" shows it (1..%u characters)\n"
		"       PORT   := a port (socket) id, 1..%u; without it the entry covers\n"
		"                 every port of the node (an entry with a port wins)\n",
		TIPC_LB_NODE_ID_LEN, UINT32_MAX);
}

static void usage_weight(FILE *f, const char *lead, bool node)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] weight set type TYPE node NODE [ port PORT ] weight W\n"
		"       tipc-lb [ OPTIONS ] weight del type TYPE node NODE [ port PORT ]\n"
		"       tipc-lb [ OPTIONS ] weight show [ type TYPE ]\n"
		"       tipc-lb weight help\n"
		"where  W      := 0..%u, the share of the weighted and least policies;\n"
		"                 0 drains the server (no new selections)\n",
		lead, TIPC_LB_WEIGHT_MAX);
	if (node)
		usage_node(f);
}

static void usage_priority(FILE *f, const char *lead, bool node)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] priority set type TYPE node NODE [ port PORT ] priority P\n"
		"       tipc-lb [ OPTIONS ] priority del type TYPE node NODE [ port PORT ]\n"
		"       tipc-lb [ OPTIONS ] priority show [ type TYPE ]\n"
		"       tipc-lb priority help\n"
		"where  P      := 0..%u, the rank for the sorted policy, lower first;\n"
		"                 servers without a priority come after all others\n",
		lead, UINT32_MAX);
	if (node)
		usage_node(f);
}

static void usage_stats(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] stats [ show ] [ type TYPE ]\n"
		"       tipc-lb [ OPTIONS ] stats reset [ type TYPE ]\n"
		"       tipc-lb stats help\n"
		"where  show lists every publication of the service types that have a\n"
		"       policy: its selections by this node's lookups, the connections\n"
		"       opened through it and still open, its effective weight (weighted,\n"
		"       least) and its position (sorted); reset zeroes the selections\n",
		lead);
}

static void usage_monitor(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] monitor\n"
		"       tipc-lb monitor help\n"
		"where  monitor prints every configuration change, as the command that\n"
		"       would make it, until interrupted\n",
		lead);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tipc-lb [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       tipc-lb help\n"
		"where  OBJECT  := { policy | weight | priority | stats | monitor }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -V[ersion] | -h[elp] }\n");
	usage_policy(f, "       ");
	usage_weight(f, "       ", false);
	usage_priority(f, "       ", true);
	usage_stats(f, "       ");
	usage_monitor(f, "       ");
}

/*
 * Keyword matching, iproute2 style: an exact word or an unambiguous prefix.
 * Aliases share an id; a prefix matching several words of one id is fine.
 */
struct keyword {
	const char *word;
	int id;
};

enum { KW_NONE = -1, KW_AMBIGUOUS = -2 };

static int match_keyword(const char *arg, const struct keyword *kw)
{
	size_t len = strlen(arg);
	int id = KW_NONE;

	if (!len)
		return KW_NONE;
	for (const struct keyword *k = kw; k->word; k++)
		if (!strcmp(arg, k->word))
			return k->id;
	for (const struct keyword *k = kw; k->word; k++) {
		if (strncmp(arg, k->word, len))
			continue;
		if (id != KW_NONE && id != k->id)
			return KW_AMBIGUOUS;
		id = k->id;
	}
	return id;
}

static void print_choices(const struct keyword *kw)
{
	for (const struct keyword *k = kw; k->word; k++)
		fprintf(stderr, "%s%s", k == kw ? "" : ", ", k->word);
}

/* Returns the id, or -1 after printing an error naming @arg. */
static int keyword_arg(const char *arg, const struct keyword *kw,
		       const char *what, const char *after)
{
	int id = match_keyword(arg, kw);

	if (id >= 0)
		return id;
	if (id == KW_AMBIGUOUS)
		fprintf(stderr, "Error: %s \"%s\" is ambiguous (expected: ",
			what, arg);
	else if (after)
		fprintf(stderr, "Error: unknown %s \"%s\" after \"%s\" (expected: ",
			what, arg, after);
	else
		fprintf(stderr, "Error: unknown %s \"%s\" (expected: ",
			what, arg);
	print_choices(kw);
	fprintf(stderr, ")\n");
	return -1;
}

static int parse_policy(const char *arg, uint32_t *policy)
{
	for (size_t i = 0; i < ARRAY_SIZE(policy_names); i++) {
		if (!strcmp(arg, policy_names[i])) {
			*policy = i;
			return 0;
		}
	}
	fprintf(stderr, "Error: unknown policy \"%s\" (expected: ", arg);
	for (size_t i = 0; i < ARRAY_SIZE(policy_names); i++)
		fprintf(stderr, "%s%s", i ? ", " : "", policy_names[i]);
	fprintf(stderr, ")\n");
	return -1;
}

/* A decimal number in [min, max], or -1 after an error naming @arg. */
static int parse_u32(const char *arg, uint32_t min, uint32_t max,
		     const char *what, uint32_t *res)
{
	unsigned long long val;
	char *end;

	/* decimal digits only: no sign, blanks, octal or hex surprises */
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	errno = 0;
	val = strtoull(arg, &end, 10);
	if (errno || *end || val < min || val > max)
		goto bad;
	*res = val;
	return 0;
bad:
	fprintf(stderr,
		"Error: argument \"%s\" is wrong: %s must be a number from %u to %u\n",
		arg, what, min, max);
	return -1;
}

static int parse_type(const char *arg, uint32_t *type)
{
	return parse_u32(arg, TIPC_LB_TYPE_MIN, UINT32_MAX, "type", type);
}

static bool all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

/*
 * NODE: Z.C.N or 0xHEX is an address; anything else an identity. Digits
 * and dots only, with a dot, is taken as a (maybe mistyped) address.
 */
static int parse_node(const char *arg, struct request *req)
{
	unsigned int z, c, n;
	char tail;

	if ((arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X'))) {
		const char *hex = arg + 2;

		if (!all_of(hex, "0123456789abcdefABCDEF") || strlen(hex) > 8) {
			fprintf(stderr,
				"Error: argument \"%s\" is wrong: a node address in hex is 0x and 1 to 8 hex digits\n",
				arg);
			return -1;
		}
		req->node_addr = strtoul(hex, NULL, 16);
		req->has_node_addr = true;
		return 0;
	}
	if (strchr(arg, '.') && all_of(arg, "0123456789.")) {
		if (sscanf(arg, "%3u.%4u.%4u%c", &z, &c, &n, &tail) != 3 ||
		    strstr(arg, "..") || arg[0] == '.' ||
		    arg[strlen(arg) - 1] == '.' || z > 255 || c > 4095 ||
		    n > 4095) {
			fprintf(stderr,
				"Error: argument \"%s\" is wrong: a node address is Z.C.N with Z from 0 to 255, C and N from 0 to 4095\n",
				arg);
			return -1;
		}
		req->node_addr = z << 24 | c << 12 | n;
		req->has_node_addr = true;
		return 0;
	}
	if (!*arg || strlen(arg) > TIPC_LB_NODE_ID_LEN) {
		fprintf(stderr,
			"Error: argument \"%s\" is wrong: a node identity has 1 to %u characters\n",
			arg, TIPC_LB_NODE_ID_LEN);
		return -1;
	}
	snprintf(req->node_id, sizeof(req->node_id), "%s", arg);
	return 0;
}

static int err_missing(const char *after)
{
	fprintf(stderr, "Error: missing argument after \"%s\"\n", after);
	return -1;
}

static int err_missing_kw(const char *word)
{
	fprintf(stderr, "Error: missing \"%s\"\n", word);
	return -1;
}

static int trailing(int argc, char **argv)
{
	if (!argc)
		return 0;
	fprintf(stderr, "Error: unexpected argument \"%s\"\n", argv[0]);
	return -1;
}

enum { CMD_SET, CMD_DEL, CMD_SHOW, CMD_HELP };
enum { TGT_TYPE, TGT_DEFAULT };

static const struct keyword policy_cmds[] = {
	{ "set", CMD_SET },
	{ "del", CMD_DEL }, { "delete", CMD_DEL },
	{ "show", CMD_SHOW }, { "list", CMD_SHOW },
	{ "help", CMD_HELP },
	{ NULL, 0 }
};

static const struct keyword targets[] = {
	{ "type", TGT_TYPE },
	{ "default", TGT_DEFAULT },
	{ NULL, 0 }
};

enum { WOPT_WIDTH, WOPT_WEIGHT };

static const struct keyword weight_opts[] = {
	{ "width", WOPT_WIDTH },
	{ "weight", WOPT_WEIGHT },
	{ NULL, 0 }
};

static bool policy_has_weights(uint32_t policy)
{
	return policy == TIPC_LB_POLICY_WEIGHTED ||
	       policy == TIPC_LB_POLICY_LEAST;
}

/* [ width | weight W ] after the policy of "policy set"; returns args used */
static int parse_weight_opts(int argc, char **argv, struct request *req)
{
	int opt;

	if (!argc)
		return 0;
	opt = match_keyword(argv[0], weight_opts);
	if (opt < 0)
		return 0;	/* left for trailing() */
	if (!policy_has_weights(req->policy)) {
		fprintf(stderr,
			"Error: \"%s\" only applies to weighted and least\n",
			weight_opts[opt].word);
		return -1;
	}
	req->has_wsrc = true;
	if (opt == WOPT_WIDTH) {
		req->wsrc = TIPC_LB_WEIGHT_SRC_WIDTH;
		return 1;
	}
	req->wsrc = TIPC_LB_WEIGHT_SRC_FIXED;
	if (argc < 2)
		return err_missing(argv[0]);
	if (parse_u32(argv[1], 1, TIPC_LB_WEIGHT_MAX, "weight", &req->dweight))
		return -1;
	req->has_dweight = true;
	return 2;
}

/* Returns 0 with @req filled, 1 for help printed, -1 on a usage error. */
static int parse_policy_cmd(int argc, char **argv, struct request *req)
{
	const char *cmd_word, *tgt_word;
	int cmd, tgt, used;

	if (!argc) {
		req->action = ACT_SHOW_ALL;
		return 0;
	}
	cmd_word = argv[0];
	cmd = keyword_arg(cmd_word, policy_cmds, "command", "policy");
	if (cmd < 0)
		return -1;
	argc--;
	argv++;

	if (cmd == CMD_HELP) {
		if (trailing(argc, argv))
			return -1;
		usage_policy(stderr, "Usage: ");
		return 1;
	}
	if (!argc) {
		if (cmd == CMD_SHOW) {
			req->action = ACT_SHOW_ALL;
			return 0;
		}
		return err_missing(cmd_word);
	}
	tgt_word = argv[0];
	tgt = keyword_arg(tgt_word, targets, "argument", cmd_word);
	if (tgt < 0)
		return -1;
	argc--;
	argv++;

	if (tgt == TGT_TYPE) {
		if (!argc)
			return err_missing(tgt_word);
		if (parse_type(argv[0], &req->type))
			return -1;
		req->has_type = true;
		argc--;
		argv++;
	}
	if (cmd == CMD_SET) {
		if (!argc)
			return err_missing(tgt == TGT_TYPE ? argv[-1] : tgt_word);
		if (parse_policy(argv[0], &req->policy))
			return -1;
		req->has_policy = true;
		argc--;
		argv++;
		used = parse_weight_opts(argc, argv, req);
		if (used < 0)
			return -1;
		argc -= used;
		argv += used;
	}
	if (trailing(argc, argv))
		return -1;

	switch (cmd) {
	case CMD_SET:
		req->action = tgt == TGT_TYPE ? ACT_SET_TYPE : ACT_SET_DEFAULT;
		break;
	case CMD_DEL:
		req->action = tgt == TGT_TYPE ? ACT_DEL_TYPE : ACT_DEL_DEFAULT;
		/* the default is removed by setting it to none */
		req->policy = TIPC_LB_POLICY_NONE;
		req->has_policy = tgt == TGT_DEFAULT;
		break;
	default:
		req->action = tgt == TGT_TYPE ? ACT_SHOW_TYPE : ACT_SHOW_DEFAULT;
		break;
	}
	return 0;
}

enum { EARG_TYPE, EARG_NODE, EARG_PORT, EARG_VALUE };

/*
 * weight|priority { set | del | show | help } ...: keyword/value pairs in
 * any order, each at most once.
 */
static int parse_entry_cmd(int argc, char **argv, const struct entry_obj *obj,
			   struct request *req)
{
	const struct keyword entry_args[] = {
		{ "type", EARG_TYPE },
		{ "node", EARG_NODE },
		{ "port", EARG_PORT },
		{ obj->value_word, EARG_VALUE },
		{ NULL, 0 }
	};
	const char *cmd_word;
	bool seen[EARG_VALUE + 1] = { false };
	int cmd, arg;

	req->obj = obj;
	if (!argc) {
		req->action = ACT_ENTRY_SHOW;
		return 0;
	}
	cmd_word = argv[0];
	cmd = keyword_arg(cmd_word, policy_cmds, "command", obj->name);
	if (cmd < 0)
		return -1;
	argc--;
	argv++;

	if (cmd == CMD_HELP) {
		if (trailing(argc, argv))
			return -1;
		if (obj == &weight_obj)
			usage_weight(stderr, "Usage: ", true);
		else
			usage_priority(stderr, "Usage: ", true);
		return 1;
	}
	while (argc) {
		const char *word = argv[0];

		arg = keyword_arg(word, entry_args, "argument", cmd_word);
		if (arg < 0)
			return -1;
		if ((cmd == CMD_SHOW && arg != EARG_TYPE) ||
		    (cmd == CMD_DEL && arg == EARG_VALUE))
			return trailing(argc, argv);
		if (seen[arg]) {
			fprintf(stderr, "Error: \"%s\" given twice\n",
				entry_args[arg].word);
			return -1;
		}
		seen[arg] = true;
		if (argc < 2)
			return err_missing(word);
		switch (arg) {
		case EARG_TYPE:
			if (parse_type(argv[1], &req->type))
				return -1;
			req->has_type = true;
			break;
		case EARG_NODE:
			if (parse_node(argv[1], req))
				return -1;
			break;
		case EARG_PORT:
			if (parse_u32(argv[1], 1, UINT32_MAX, "port", &req->port))
				return -1;
			req->has_port = true;
			break;
		case EARG_VALUE:
			if (parse_u32(argv[1], 0, obj->value_max,
				      obj->value_word, &req->value))
				return -1;
			req->has_value = true;
			break;
		}
		argc -= 2;
		argv += 2;
	}

	if (cmd == CMD_SHOW) {
		req->action = ACT_ENTRY_SHOW;
		return 0;
	}
	if (!seen[EARG_TYPE])
		return err_missing_kw("type");
	if (!seen[EARG_NODE])
		return err_missing_kw("node");
	if (cmd == CMD_SET && !seen[EARG_VALUE])
		return err_missing_kw(obj->value_word);
	req->action = cmd == CMD_SET ? ACT_ENTRY_SET : ACT_ENTRY_DEL;
	return 0;
}

enum { SCMD_SHOW, SCMD_RESET, SCMD_HELP };

static const struct keyword stats_cmds[] = {
	{ "show", SCMD_SHOW }, { "list", SCMD_SHOW },
	{ "reset", SCMD_RESET },
	{ "help", SCMD_HELP },
	{ NULL, 0 }
};

static const struct keyword type_arg[] = {
	{ "type", 0 },
	{ NULL, 0 }
};

/* stats [ show | reset ] [ type TYPE ] | stats help */
static int parse_stats_cmd(int argc, char **argv, struct request *req)
{
	const char *word = "stats";
	int cmd = SCMD_SHOW;

	if (argc && match_keyword(argv[0], type_arg) != 0) {
		word = argv[0];
		cmd = keyword_arg(word, stats_cmds, "command", "stats");
		if (cmd < 0)
			return -1;
		argc--;
		argv++;
	}
	if (cmd == SCMD_HELP) {
		if (trailing(argc, argv))
			return -1;
		usage_stats(stderr, "Usage: ");
		return 1;
	}
	req->action = cmd == SCMD_SHOW ? ACT_STATS_SHOW : ACT_STATS_RESET;
	if (!argc)
		return 0;
	if (keyword_arg(argv[0], type_arg, "argument", word) < 0)
		return -1;
	if (argc < 2)
		return err_missing(argv[0]);
	if (parse_type(argv[1], &req->type))
		return -1;
	req->has_type = true;
	return trailing(argc - 2, argv + 2);
}

static const struct keyword monitor_cmds[] = {
	{ "help", 0 },
	{ NULL, 0 }
};

static int parse_monitor_cmd(int argc, char **argv, struct request *req)
{
	if (argc) {
		if (keyword_arg(argv[0], monitor_cmds, "command", "monitor") < 0 ||
		    trailing(argc - 1, argv + 1))
			return -1;
		usage_monitor(stderr, "Usage: ");
		return 1;
	}
	req->action = ACT_MONITOR;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* A tiny JSON writer: enough for flat objects and one array of them. */
#define JSON_MAX_DEPTH 4

static struct {
	int depth;
	bool has_items[JSON_MAX_DEPTH];
} jw;

static void jw_indent(void)
{
	if (pretty)
		printf("\n%*s", 4 * jw.depth, "");
}

static void jw_key(const char *key)
{
	if (jw.depth && jw.has_items[jw.depth - 1])
		putchar(',');
	if (jw.depth) {
		jw.has_items[jw.depth - 1] = true;
		jw_indent();
	}
	if (key)
		printf("\"%s\":%s", key, pretty ? " " : "");
}

static void jw_open(const char *key, char c)
{
	jw_key(key);
	putchar(c);
	jw.has_items[jw.depth++] = false;
}

static void jw_close(char c)
{
	bool items = jw.has_items[--jw.depth];

	if (items)
		jw_indent();
	putchar(c);
	if (!jw.depth)
		putchar('\n');
}

static void jw_uint(const char *key, uint32_t val)
{
	jw_key(key);
	printf("%u", val);
}

static void jw_u64(const char *key, uint64_t val)
{
	jw_key(key);
	printf("%llu", (unsigned long long)val);
}

static void jw_str(const char *key, const char *str)
{
	jw_key(key);
	putchar('"');
	for (const unsigned char *c = (const unsigned char *)str; *c; c++) {
		if (*c == '"' || *c == '\\')
			printf("\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			printf("\\u%04x", *c);
		else
			putchar(*c);
	}
	putchar('"');
}

/* Policy names are plain identifiers: no escaping needed. */
static void jw_policy(const char *key, uint32_t policy)
{
	jw_key(key);
	if (policy < ARRAY_SIZE(policy_names))
		printf("\"%s\"", policy_names[policy]);
	else
		printf("%u", policy);
}

static void print_policy_text(uint32_t policy)
{
	if (policy < ARRAY_SIZE(policy_names))
		printf("%s", policy_names[policy]);
	else
		printf("%u", policy);
}

/* ------------------------------------------------------------------ */
/* Netlink                                                             */

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t mcgrp;			/* "config" multicast group, 0 if none */
	const struct nlmsghdr *req;	/* last request, to resolve err offsets */
	bool own_family;		/* req carries TIPC_LB_A_* attributes */
	char *buf;
};

/* One reply message: a GET reply or a dump entry (has_*: present) */
struct entry {
	bool has_type, has_policy, has_wsrc, has_dweight;
	bool has_node_id, has_node_addr, has_port, has_weight, has_prio;
	bool has_lower, has_upper, has_selections, has_conns, has_position;
	uint32_t type, policy, wsrc, dweight;
	uint32_t node_addr, port, weight, prio;
	uint32_t lower, upper, conns, position;
	uint64_t selections;
	char node_id[TIPC_LB_NODE_ID_LEN + 1];
};

struct reply {
	/* family lookup */
	uint16_t family;
	uint32_t mcgrp;
	/* the last message: a single GET reply */
	struct entry cur;
	/* dumps: every entry must have TYPE and @need */
	uint16_t need;
	struct entry *entries;
	size_t n_entries, cap_entries;
	bool malformed;
	bool dumping;
};

static struct {
	char msg[256];
	bool has_msg;
	bool has_offs;
	uint32_t offs;
	bool has_miss;
	uint32_t miss_type;
} ext;

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	(void)data;
	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			break;
		snprintf(ext.msg, sizeof(ext.msg), "%s", mnl_attr_get_str(attr));
		ext.has_msg = ext.msg[0] != '\0';
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			break;
		ext.offs = mnl_attr_get_u32(attr);
		ext.has_offs = true;
		break;
	case EXTACK_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			break;
		ext.miss_type = mnl_attr_get_u32(attr);
		ext.has_miss = true;
		break;
	}
	return MNL_CB_OK;
}

/* Shared by NLMSG_ERROR (acks) and NLMSG_DONE (end of dump, maybe an error) */
static int parse_status(const struct nlmsghdr *nlh, int error,
			unsigned int tlv_offset)
{
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS &&
	    mnl_nlmsg_get_payload_len(nlh) > tlv_offset)
		mnl_attr_parse(nlh, tlv_offset, extack_attr_cb, NULL);
	if (error < 0) {
		errno = -error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	return parse_status(nlh, err->error, off);
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int error = 0;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(int));
	return parse_status(nlh, error, sizeof(int));
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP]	= noop_cb,
	[NLMSG_ERROR]	= error_cb,
	[NLMSG_DONE]	= done_cb,
};

static struct nlmsghdr *nl_new(struct nl *nl, uint16_t family, uint8_t cmd,
			       uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Send @nlh and run @cb over the replies until the ack or end of dump. */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	static char rbuf[RECV_BUF_SIZE];
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	memset(&ext, 0, sizeof(ext));
	nl->req = nlh;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		len = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
		if (len < 0)
			return -1;
		ret = mnl_cb_run2(rbuf, len, seq, nl->portid, cb, data,
				  ctl_cbs, ARRAY_SIZE(ctl_cbs));
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

/* Name the attribute of the last request that contains byte @offs. */
static const char *offending_attr(const struct nl *nl, uint32_t offs)
{
	const struct nlattr *attr;

	if (!nl->own_family)
		return NULL;
	mnl_attr_for_each(attr, nl->req, sizeof(struct genlmsghdr)) {
		uint32_t start = (const char *)attr - (const char *)nl->req;
		uint16_t type = mnl_attr_get_type(attr);

		if (offs < start || offs >= start + attr->nla_len)
			continue;
		if (type < ARRAY_SIZE(attr_names) && attr_names[type])
			return attr_names[type];
		return "unknown";
	}
	return NULL;
}

/* Report a failed nl_talk(); errno and ext describe the failure. */
static void nl_perror(const struct nl *nl)
{
	int err = errno;
	const char *attr = NULL;

	if (ext.has_offs)
		attr = offending_attr(nl, ext.offs);

	fprintf(stderr, "Error: %s", ext.has_msg ? ext.msg : strerror(err));
	if (attr)
		fprintf(stderr, " (attribute \"%s\")", attr);
	else if (ext.has_miss && ext.miss_type < ARRAY_SIZE(attr_names) &&
		 attr_names[ext.miss_type] && nl->own_family)
		fprintf(stderr, " (missing attribute \"%s\")",
			attr_names[ext.miss_type]);
	if (err == EPERM)
		fprintf(stderr, "%s changing the tipc-lb configuration needs CAP_NET_ADMIN",
			ext.has_msg || attr ? ";" : ":");
	fputc('\n', stderr);
}

/* One CTRL_ATTR_MCAST_GROUPS entry: keep the id of the "config" group */
static int mcgrp_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *a, *name = NULL, *id = NULL;
	struct reply *r = data;

	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			name = a;
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			id = a;
	}
	if (name && id && !strcmp(mnl_attr_get_str(name), TIPC_LB_MCGRP_CONFIG))
		r->mcgrp = mnl_attr_get_u32(id);
	return MNL_CB_OK;
}

static int family_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		r->family = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS &&
	    mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
		mnl_attr_parse_nested(attr, mcgrp_cb, r);
	return MNL_CB_OK;
}

static int family_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_cb, data);
	return MNL_CB_OK;
}

static int nl_open(struct nl *nl)
{
	struct reply r = { 0 };
	struct nlmsghdr *nlh;
	int one = 1;

	nl->buf = calloc(1, MNL_SOCKET_BUFFER_SIZE);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->buf || !nl->sock) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			strerror(errno));
		return -1;
	}
	/* Both are best effort: old kernels just lack extack messages. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "Error: cannot bind the netlink socket: %s\n",
			strerror(errno));
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	nlh = nl_new(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TIPC_LB_GENL_NAME);
	nl->own_family = false;
	if (nl_talk(nl, nlh, family_msg_cb, &r) < 0 && errno != ENOENT) {
		nl_perror(nl);
		return -1;
	}
	if (!r.family) {
		fprintf(stderr,
			"Error: %s generic netlink family not found: is the tipc-lb build of tipc.ko loaded?\n",
			TIPC_LB_GENL_NAME);
		return -1;
	}
	nl->family = r.family;
	nl->mcgrp = r.mcgrp;
	return 0;
}

static void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
}

static int lb_attr_u32(const struct nlattr *attr, bool *has, uint32_t *val)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	*val = mnl_attr_get_u32(attr);
	*has = true;
	return MNL_CB_OK;
}

static int lb_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;
	struct entry *e = &r->cur;

	switch (mnl_attr_get_type(attr)) {
	case TIPC_LB_A_TYPE:
		return lb_attr_u32(attr, &e->has_type, &e->type);
	case TIPC_LB_A_POLICY:
		return lb_attr_u32(attr, &e->has_policy, &e->policy);
	case TIPC_LB_A_WEIGHT_SRC:
		return lb_attr_u32(attr, &e->has_wsrc, &e->wsrc);
	case TIPC_LB_A_DEFAULT_WEIGHT:
		return lb_attr_u32(attr, &e->has_dweight, &e->dweight);
	case TIPC_LB_A_NODE_ADDR:
		return lb_attr_u32(attr, &e->has_node_addr, &e->node_addr);
	case TIPC_LB_A_PORT:
		return lb_attr_u32(attr, &e->has_port, &e->port);
	case TIPC_LB_A_WEIGHT:
		return lb_attr_u32(attr, &e->has_weight, &e->weight);
	case TIPC_LB_A_PRIORITY:
		return lb_attr_u32(attr, &e->has_prio, &e->prio);
	case TIPC_LB_A_LOWER:
		return lb_attr_u32(attr, &e->has_lower, &e->lower);
	case TIPC_LB_A_UPPER:
		return lb_attr_u32(attr, &e->has_upper, &e->upper);
	case TIPC_LB_A_CONNS:
		return lb_attr_u32(attr, &e->has_conns, &e->conns);
	case TIPC_LB_A_POSITION:
		return lb_attr_u32(attr, &e->has_position, &e->position);
	case TIPC_LB_A_SELECTIONS:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) >= 0) {
			e->selections = mnl_attr_get_u64(attr);
			e->has_selections = true;
		}
		break;
	case TIPC_LB_A_NODE_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) > TIPC_LB_NODE_ID_LEN) {
			r->malformed = true;
			return MNL_CB_OK;
		}
		snprintf(e->node_id, sizeof(e->node_id), "%s",
			 mnl_attr_get_str(attr));
		e->has_node_id = true;
		break;
	}
	return MNL_CB_OK;
}

static bool entry_has(const struct entry *e, uint16_t attr)
{
	switch (attr) {
	case TIPC_LB_A_POLICY:
		return e->has_policy;
	case TIPC_LB_A_WEIGHT:
		return e->has_weight && (e->has_node_id || e->has_node_addr);
	case TIPC_LB_A_PRIORITY:
		return e->has_prio && (e->has_node_id || e->has_node_addr);
	case TIPC_LB_A_SELECTIONS:
		return e->has_selections && e->has_policy && e->has_node_id &&
		       e->has_node_addr && e->has_port && e->has_lower &&
		       e->has_upper && e->has_conns && e->has_weight;
	}
	return false;
}

static int lb_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	struct entry *e;

	memset(&r->cur, 0, sizeof(r->cur));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), lb_attr_cb, r);
	if (!r->dumping)
		return MNL_CB_OK;
	if (!r->cur.has_type || !entry_has(&r->cur, r->need)) {
		r->malformed = true;
		return MNL_CB_OK;
	}
	if (r->n_entries == r->cap_entries) {
		size_t cap = r->cap_entries ? 2 * r->cap_entries : 16;

		e = realloc(r->entries, cap * sizeof(*e));
		if (!e) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		r->entries = e;
		r->cap_entries = cap;
	}
	r->entries[r->n_entries++] = r->cur;
	return MNL_CB_OK;
}

/* Send the attributes present in @a; a dump collects entries having @need. */
static int lb_request(struct nl *nl, uint8_t cmd, bool dump, uint16_t need,
		      const struct request *a, struct reply *r)
{
	struct nlmsghdr *nlh;

	nlh = nl_new(nl, nl->family, cmd, TIPC_LB_GENL_VERSION,
		     dump ? NLM_F_DUMP : NLM_F_ACK);
	if (a->has_type)
		mnl_attr_put_u32(nlh, TIPC_LB_A_TYPE, a->type);
	if (a->has_policy)
		mnl_attr_put_u32(nlh, TIPC_LB_A_POLICY, a->policy);
	if (a->has_wsrc)
		mnl_attr_put_u32(nlh, TIPC_LB_A_WEIGHT_SRC, a->wsrc);
	if (a->has_dweight)
		mnl_attr_put_u32(nlh, TIPC_LB_A_DEFAULT_WEIGHT, a->dweight);
	if (a->node_id[0])
		mnl_attr_put_strz(nlh, TIPC_LB_A_NODE_ID, a->node_id);
	if (a->has_node_addr)
		mnl_attr_put_u32(nlh, TIPC_LB_A_NODE_ADDR, a->node_addr);
	if (a->has_port)
		mnl_attr_put_u32(nlh, TIPC_LB_A_PORT, a->port);
	if (a->has_value)
		mnl_attr_put_u32(nlh, a->obj->value_attr, a->value);
	nl->own_family = true;
	r->dumping = dump;
	r->need = need;
	if (nl_talk(nl, nlh, lb_msg_cb, r) < 0) {
		nl_perror(nl);
		return -1;
	}
	return 0;
}

static const struct request no_attrs;

static int err_malformed(void)
{
	fprintf(stderr, "Error: malformed reply from the kernel\n");
	return -1;
}

static int cmp_u32(uint32_t x, uint32_t y)
{
	return (x > y) - (x < y);
}

/* By type, then node (identities before addresses), then port (none first) */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	c = cmp_u32(x->type, y->type);
	if (c)
		return c;
	c = x->has_node_addr - y->has_node_addr;
	if (c)
		return c;
	c = x->has_node_addr ? cmp_u32(x->node_addr, y->node_addr) :
			       strcmp(x->node_id, y->node_id);
	if (c)
		return c;
	c = x->has_port - y->has_port;
	if (c)
		return c;
	return cmp_u32(x->port, y->port);
}

/* The weight source and default weight, for the policies that use them */
static void print_wopts_text(const struct entry *e)
{
	if (!policy_has_weights(e->policy) || !e->has_wsrc)
		return;
	printf(" weight-source ");
	if (e->wsrc < ARRAY_SIZE(weight_src_names))
		printf("%s", weight_src_names[e->wsrc]);
	else
		printf("%u", e->wsrc);
	if (e->wsrc != TIPC_LB_WEIGHT_SRC_WIDTH && e->has_dweight)
		printf(" weight %u", e->dweight);
}

static void jw_wopts(const struct entry *e)
{
	if (!policy_has_weights(e->policy))
		return;
	if (e->has_wsrc) {
		if (e->wsrc < ARRAY_SIZE(weight_src_names))
			jw_str("weight_source", weight_src_names[e->wsrc]);
		else
			jw_uint("weight_source", e->wsrc);
	}
	if (e->has_dweight)
		jw_uint("default_weight", e->dweight);
}

static void print_default_text(const struct entry *e)
{
	printf("default ");
	print_policy_text(e->policy);
	print_wopts_text(e);
	putchar('\n');
}

static void print_type_text(uint32_t type, const struct entry *e)
{
	printf("type %u policy ", type);
	print_policy_text(e->policy);
	print_wopts_text(e);
	putchar('\n');
}

static void jw_type(uint32_t type, const struct entry *e)
{
	jw_open(NULL, '{');
	jw_uint("type", type);
	jw_policy("policy", e->policy);
	jw_wopts(e);
	jw_close('}');
}

static int show_all(struct nl *nl)
{
	struct reply def = { 0 }, all = { 0 };
	int ret = -1;

	if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, 0, &no_attrs, &def))
		return -1;
	if (!def.cur.has_policy)
		return err_malformed();
	if (lb_request(nl, TIPC_LB_CMD_POLICY_GET, true, TIPC_LB_A_POLICY,
		       &no_attrs, &all))
		goto out;
	if (all.malformed) {
		err_malformed();
		goto out;
	}
	if (all.n_entries)
		qsort(all.entries, all.n_entries, sizeof(*all.entries),
		      cmp_entry);

	if (json) {
		/* the default's weight options sit beside "default" */
		jw_open(NULL, '{');
		jw_policy("default", def.cur.policy);
		jw_wopts(&def.cur);
		jw_open("policies", '[');
		for (size_t i = 0; i < all.n_entries; i++)
			jw_type(all.entries[i].type, &all.entries[i]);
		jw_close(']');
		jw_close('}');
	} else {
		print_default_text(&def.cur);
		for (size_t i = 0; i < all.n_entries; i++)
			print_type_text(all.entries[i].type, &all.entries[i]);
	}
	ret = 0;
out:
	free(all.entries);
	return ret;
}

static int show_type(struct nl *nl, const struct request *req)
{
	struct reply r = { 0 };
	uint32_t type = req->type;

	if (lb_request(nl, TIPC_LB_CMD_POLICY_GET, false, 0, req, &r))
		return -1;
	if (!r.cur.has_policy)
		return err_malformed();
	if (r.cur.has_type)
		type = r.cur.type;
	if (json)
		jw_type(type, &r.cur);
	else
		print_type_text(type, &r.cur);
	return 0;
}

static int show_default(struct nl *nl)
{
	struct reply r = { 0 };

	if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, 0, &no_attrs, &r))
		return -1;
	if (!r.cur.has_policy)
		return err_malformed();
	if (json) {
		jw_open(NULL, '{');
		jw_policy("default", r.cur.policy);
		jw_wopts(&r.cur);
		jw_close('}');
	} else {
		print_default_text(&r.cur);
	}
	return 0;
}

/* weight show / priority show: a dump, filtered by type if one is given */
static int show_entries(struct nl *nl, const struct request *req)
{
	const struct entry_obj *obj = req->obj;
	struct reply all = { 0 };
	char addr[16];
	int ret = -1;

	if (lb_request(nl, obj->cmd_get, true, obj->value_attr, req, &all))
		goto out;
	if (all.malformed) {
		err_malformed();
		goto out;
	}
	if (all.n_entries)
		qsort(all.entries, all.n_entries, sizeof(*all.entries),
		      cmp_entry);

	if (json)
		jw_open(NULL, '[');
	for (size_t i = 0; i < all.n_entries; i++) {
		const struct entry *e = &all.entries[i];
		uint32_t val = obj == &weight_obj ? e->weight : e->prio;
		const char *node = e->node_id;

		/* in case the kernel ignores the filter */
		if (req->has_type && e->type != req->type)
			continue;
		if (!e->has_node_id) {
			snprintf(addr, sizeof(addr), "0x%x", e->node_addr);
			node = addr;
		}
		if (json) {
			jw_open(NULL, '{');
			jw_uint("type", e->type);
			jw_str("node", node);
			if (e->has_port)
				jw_uint("port", e->port);
			jw_uint(obj->value_word, val);
			jw_close('}');
		} else {
			printf("type %u node %s", e->type, node);
			if (e->has_port)
				printf(" port %u", e->port);
			printf(" %s %u\n", obj->value_word, val);
		}
	}
	if (json)
		jw_close(']');
	ret = 0;
out:
	free(all.entries);
	return ret;
}

/* By type, then position (sorted), then node identity, range and port */
static int cmp_stats(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	c = cmp_u32(x->type, y->type);
	if (c)
		return c;
	c = cmp_u32(x->position, y->position);
	if (c)
		return c;
	c = strcmp(x->node_id, y->node_id);
	if (c)
		return c;
	c = cmp_u32(x->lower, y->lower);
	if (c)
		return c;
	return cmp_u32(x->port, y->port);
}

static void print_stats_text(const struct reply *all)
{
	char range[24];

	printf("%-10s %-8s %-32s %-10s %-10s %-21s %10s %6s %6s %4s\n",
	       "TYPE", "POLICY", "NODE", "ADDR", "PORT", "RANGE", "SELECTED",
	       "CONNS", "WEIGHT", "POS");
	for (size_t i = 0; i < all->n_entries; i++) {
		const struct entry *e = &all->entries[i];
		char addr[16];

		snprintf(addr, sizeof(addr), "0x%x", e->node_addr);
		snprintf(range, sizeof(range), "%u-%u", e->lower, e->upper);
		printf("%-10u %-8s %-32s %-10s %-10u %-21s %10llu %6u ",
		       e->type, e->policy < ARRAY_SIZE(policy_names) ?
		       policy_names[e->policy] : "?", e->node_id, addr,
		       e->port, range, (unsigned long long)e->selections,
		       e->conns);
		/* weights only mean something to the policies using them */
		if (policy_has_weights(e->policy))
			printf("%6u ", e->weight);
		else
			printf("%6s ", "-");
		if (e->has_position)
			printf("%4u\n", e->position);
		else
			printf("%4s\n", "-");
	}
}

static void jw_stats(const struct entry *e)
{
	char addr[16];

	snprintf(addr, sizeof(addr), "0x%x", e->node_addr);
	jw_open(NULL, '{');
	jw_uint("type", e->type);
	jw_policy("policy", e->policy);
	jw_str("node", e->node_id);
	jw_str("addr", addr);
	jw_uint("port", e->port);
	jw_uint("lower", e->lower);
	jw_uint("upper", e->upper);
	jw_u64("selections", e->selections);
	jw_uint("conns", e->conns);
	jw_uint("weight", e->weight);
	if (e->has_position)
		jw_uint("position", e->position);
	jw_close('}');
}

static int show_stats(struct nl *nl, const struct request *req)
{
	struct reply all = { 0 };
	int ret = -1;

	if (lb_request(nl, TIPC_LB_CMD_STATS_GET, true, TIPC_LB_A_SELECTIONS,
		       req, &all))
		goto out;
	if (all.malformed) {
		err_malformed();
		goto out;
	}
	if (all.n_entries)
		qsort(all.entries, all.n_entries, sizeof(*all.entries),
		      cmp_stats);
	if (json) {
		jw_open(NULL, '[');
		for (size_t i = 0; i < all.n_entries; i++)
			jw_stats(&all.entries[i]);
		jw_close(']');
	} else {
		print_stats_text(&all);
	}
	ret = 0;
out:
	free(all.entries);
	return ret;
}

/* Monitor: each notification printed as the command that makes the change */
static const struct {
	const char *text;
	const struct entry_obj *obj;	/* weight and priority entries */
} events[] = {
	[TIPC_LB_CMD_POLICY_SET]	= { "policy set" },
	[TIPC_LB_CMD_POLICY_DEL]	= { "policy del" },
	[TIPC_LB_CMD_DEFAULT_SET]	= { "policy set" },
	[TIPC_LB_CMD_WEIGHT_SET]	= { "weight set", &weight_obj },
	[TIPC_LB_CMD_WEIGHT_DEL]	= { "weight del", &weight_obj },
	[TIPC_LB_CMD_PRIO_SET]		= { "priority set", &prio_obj },
	[TIPC_LB_CMD_PRIO_DEL]		= { "priority del", &prio_obj },
	[TIPC_LB_CMD_STATS_RESET]	= { "stats reset" },
};

static void print_event(uint8_t cmd, const struct entry *e)
{
	const struct entry_obj *obj = events[cmd].obj;
	bool has_val = obj && (obj == &weight_obj ? e->has_weight : e->has_prio);
	uint32_t val = obj == &weight_obj ? e->weight : e->prio;
	char node[TIPC_LB_NODE_ID_LEN + 1];

	if (e->has_node_id)
		snprintf(node, sizeof(node), "%s", e->node_id);
	else
		snprintf(node, sizeof(node), "0x%x", e->node_addr);
	if (json) {
		jw_open(NULL, '{');
		jw_str("event", events[cmd].text);
		if (e->has_type)
			jw_uint("type", e->type);
		else if (cmd == TIPC_LB_CMD_DEFAULT_SET)
			jw_str("target", "default");
		if (e->has_policy) {
			jw_policy("policy", e->policy);
			jw_wopts(e);
		}
		if (obj)
			jw_str("node", node);
		if (e->has_port)
			jw_uint("port", e->port);
		if (has_val)
			jw_uint(obj->value_word, val);
		jw_close('}');
		return;
	}
	printf("%s", events[cmd].text);
	if (e->has_type)
		printf(" type %u", e->type);
	else if (cmd == TIPC_LB_CMD_DEFAULT_SET)
		printf(" default");
	if (e->has_policy) {
		putchar(' ');
		print_policy_text(e->policy);
		print_wopts_text(e);
	}
	if (obj)
		printf(" node %s", node);
	if (e->has_port)
		printf(" port %u", e->port);
	if (has_val)
		printf(" %s %u", obj->value_word, val);
	putchar('\n');
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct reply *r = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	memset(&r->cur, 0, sizeof(r->cur));
	mnl_attr_parse(nlh, sizeof(*genl), lb_attr_cb, r);
	if (genl->cmd < ARRAY_SIZE(events) && events[genl->cmd].text)
		print_event(genl->cmd, &r->cur);
	/* a pipe reader sees each event as it happens */
	fflush(stdout);
	return MNL_CB_OK;
}

/* Only there to interrupt the wait: SIGINT and SIGTERM end the monitor */
static void on_signal(int sig)
{
	(void)sig;
}

static int watch_events(struct nl *nl)
{
	static char rbuf[RECV_BUF_SIZE];
	struct sigaction sa = { .sa_handler = on_signal };
	struct reply r = { 0 };
	ssize_t len;

	if (!nl->mcgrp) {
		fprintf(stderr, "Error: the loaded tipc.ko has no \"%s\" multicast group\n",
			TIPC_LB_MCGRP_CONFIG);
		return -1;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &nl->mcgrp,
				  sizeof(nl->mcgrp)) < 0) {
		fprintf(stderr, "Error: cannot join the %s multicast group: %s\n",
			TIPC_LB_MCGRP_CONFIG, strerror(errno));
		return -1;
	}
	/* no SA_RESTART: a signal ends the wait in recv, and we exit cleanly */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
		if (len < 0) {
			if (errno == EINTR)
				return 0;
			if (errno == ENOBUFS) {
				fprintf(stderr, "Warning: events lost, receive buffer full\n");
				continue;
			}
			fprintf(stderr, "Error: cannot receive events: %s\n",
				strerror(errno));
			return -1;
		}
		if (mnl_cb_run(rbuf, len, 0, 0, event_cb, &r) < 0 &&
		    errno != ENOBUFS) {
			fprintf(stderr, "Error: bad event: %s\n", strerror(errno));
			return -1;
		}
	}
}

static int run(const struct request *req)
{
	struct reply r = { 0 };
	struct nl nl = { 0 };
	int ret = -1;

	if (nl_open(&nl))
		goto out;

	switch (req->action) {
	case ACT_SHOW_ALL:
		ret = show_all(&nl);
		break;
	case ACT_SHOW_TYPE:
		ret = show_type(&nl, req);
		break;
	case ACT_SHOW_DEFAULT:
		ret = show_default(&nl);
		break;
	case ACT_SET_TYPE:
		ret = lb_request(&nl, TIPC_LB_CMD_POLICY_SET, false, 0, req, &r);
		break;
	case ACT_DEL_TYPE:
		ret = lb_request(&nl, TIPC_LB_CMD_POLICY_DEL, false, 0, req, &r);
		break;
	case ACT_SET_DEFAULT:
	case ACT_DEL_DEFAULT:
		ret = lb_request(&nl, TIPC_LB_CMD_DEFAULT_SET, false, 0, req, &r);
		break;
	case ACT_ENTRY_SET:
		ret = lb_request(&nl, req->obj->cmd_set, false, 0, req, &r);
		break;
	case ACT_ENTRY_DEL:
		ret = lb_request(&nl, req->obj->cmd_del, false, 0, req, &r);
		break;
	case ACT_ENTRY_SHOW:
		ret = show_entries(&nl, req);
		break;
	case ACT_STATS_SHOW:
		ret = show_stats(&nl, req);
		break;
	case ACT_STATS_RESET:
		ret = lb_request(&nl, TIPC_LB_CMD_STATS_RESET, false, 0, req, &r);
		break;
	case ACT_MONITOR:
		ret = watch_events(&nl);
		break;
	}
out:
	nl_close(&nl);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write output: %s\n",
			strerror(errno));
		ret = -1;
	}
	return ret;
}

/* ------------------------------------------------------------------ */

enum { OPT_JSON, OPT_PRETTY, OPT_VERSION, OPT_HELP };

static const struct keyword options[] = {
	{ "-json", OPT_JSON }, { "--json", OPT_JSON },
	{ "-pretty", OPT_PRETTY }, { "--pretty", OPT_PRETTY },
	{ "-Version", OPT_VERSION }, { "--version", OPT_VERSION },
	{ "-help", OPT_HELP }, { "--help", OPT_HELP },
	{ NULL, 0 }
};

enum { OBJ_POLICY, OBJ_WEIGHT, OBJ_PRIORITY, OBJ_STATS, OBJ_MONITOR, OBJ_HELP };

static const struct keyword objects[] = {
	{ "policy", OBJ_POLICY },
	{ "weight", OBJ_WEIGHT },
	{ "priority", OBJ_PRIORITY },
	{ "stats", OBJ_STATS }, { "statistics", OBJ_STATS },
	{ "monitor", OBJ_MONITOR },
	{ "help", OBJ_HELP },
	{ NULL, 0 }
};

int main(int argc, char **argv)
{
	struct request req = { 0 };
	bool seen_object = false;
	int nargs = 0, obj, ret;

	/*
	 * Options go before the object as in iproute2, but -j and -p are
	 * also taken after it ("policy show type 1000 -j"). Anything else
	 * starting with '-' after the object is left for the parser to reject
	 * by name, e.g. "type -1".
	 */
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int opt = arg[0] == '-' && arg[1] ? match_keyword(arg, options) : KW_NONE;

		if (opt == KW_NONE && arg[0] == '-' && arg[1] && !seen_object) {
			fprintf(stderr, "Error: option \"%s\" is unknown, try \"tipc-lb help\".\n",
				arg);
			return 1;
		}
		if (opt == KW_AMBIGUOUS && !seen_object) {
			fprintf(stderr, "Error: option \"%s\" is ambiguous.\n", arg);
			return 1;
		}
		switch (opt) {
		case OPT_JSON:
			json = true;
			continue;
		case OPT_PRETTY:
			pretty = true;
			continue;
		case OPT_VERSION:
			printf("tipc-lb %s (generic netlink family %s, version %u)\n",
			       TIPC_LB_CLI_VERSION, TIPC_LB_GENL_NAME,
			       TIPC_LB_GENL_VERSION);
			return 0;
		case OPT_HELP:
			usage(stderr);
			return 0;
		}
		seen_object = true;
		argv[1 + nargs++] = argv[i];
	}
	argc = nargs;
	argv++;

	if (!argc) {
		usage(stderr);
		return 1;
	}
	/* "p" meant policy before there was priority */
	if (!strcmp(argv[0], "p"))
		obj = OBJ_POLICY;
	else
		obj = keyword_arg(argv[0], objects, "object", NULL);
	if (obj < 0)
		return 1;
	if (obj == OBJ_HELP) {
		if (trailing(argc - 1, argv + 1))
			return 1;
		usage(stderr);
		return 0;
	}
	if (obj == OBJ_POLICY)
		ret = parse_policy_cmd(argc - 1, argv + 1, &req);
	else if (obj == OBJ_STATS)
		ret = parse_stats_cmd(argc - 1, argv + 1, &req);
	else if (obj == OBJ_MONITOR)
		ret = parse_monitor_cmd(argc - 1, argv + 1, &req);
	else
		ret = parse_entry_cmd(argc - 1, argv + 1,
				      obj == OBJ_WEIGHT ? &weight_obj : &prio_obj,
				      &req);
	if (ret)
		return ret < 0 ? 1 : 0;
	return run(&req) ? 1 : 0;
}
