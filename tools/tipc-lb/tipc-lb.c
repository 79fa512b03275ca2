// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-lb: configure the load-balancing policies of TIPC anycast lookups
 * through the "tipc_lb" generic netlink family.
 *
 *	tipc-lb [ OPTIONS ] OBJECT COMMAND ...	(tipc-lb help)
 *	tipc-lb [ OPTIONS ] -b FILE		(commands from FILE, - for stdin)
 *
 * The whole command line (the whole batch file) is parsed before anything
 * is sent to the kernel.  Every "show", "save" and "monitor" line of text
 * output is a command that -b accepts (or a comment).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <assert.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
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

/* The YAML spec's names: the values of "policy-origin" in JSON */
static const char * const origin_names[] = {
	[TIPC_LB_ORIGIN_NONE]		= "none",
	[TIPC_LB_ORIGIN_TYPE]		= "type",
	[TIPC_LB_ORIGIN_DEFAULT]	= "default",
};

static_assert(ARRAY_SIZE(origin_names) == __TIPC_LB_ORIGIN_MAX,
	      "origin_names[] must name every enum tipc_lb_origin value");

/*
 * Named after the command line words that set them, for extack reports:
 * the config attribute set's. Of the stats set requests carry the type
 * only, numbered as the config set's.
 */
static const char * const attr_names[] = {
	[TIPC_LB_A_CONFIG_TYPE]		= "type",
	[TIPC_LB_A_CONFIG_POLICY]	= "policy",
	[TIPC_LB_A_CONFIG_WEIGHT_SRC]	= "weight source",
	[TIPC_LB_A_CONFIG_DEFAULT_WEIGHT] = "weight",
	[TIPC_LB_A_CONFIG_NODE_ID]	= "node",
	[TIPC_LB_A_CONFIG_NODE_ADDR]	= "node",
	[TIPC_LB_A_CONFIG_PORT]		= "port",
	[TIPC_LB_A_CONFIG_WEIGHT]	= "weight",
	[TIPC_LB_A_CONFIG_PRIORITY]	= "priority",
	/* replies only, never sent */
	[TIPC_LB_A_CONFIG_POLICY_ORIGIN] = "policy origin",
};

static_assert(ARRAY_SIZE(attr_names) == __TIPC_LB_A_CONFIG_MAX,
	      "attr_names[] must name every TIPC_LB_A_CONFIG_* attribute");
static_assert((int)TIPC_LB_A_STATS_TYPE == (int)TIPC_LB_A_CONFIG_TYPE,
	      "requests of either attribute set put the type alike");

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
	ACT_SAVE,
	ACT_FLUSH,
	ACT_NONE,		/* help printed: nothing to send */
};

/* What a dump's entries must have besides the type (entry_has()); 0 for
 * requests that are no dump
 */
enum need {
	NEED_NOTHING,
	NEED_POLICY,
	NEED_WEIGHT,
	NEED_PRIO,
	NEED_STATS,
};

/* What weight and priority entries differ in. */
struct entry_obj {
	const char *name;	/* object word */
	const char *value_word;	/* "weight W" / "priority P" */
	uint16_t value_attr;
	enum need need;
	uint32_t value_max;
	uint8_t cmd_get, cmd_set, cmd_del;
};

static const struct entry_obj weight_obj = {
	.name = "weight", .value_word = "weight",
	.value_attr = TIPC_LB_A_CONFIG_WEIGHT, .need = NEED_WEIGHT,
	.value_max = TIPC_LB_WEIGHT_MAX,
	.cmd_get = TIPC_LB_CMD_WEIGHT_GET, .cmd_set = TIPC_LB_CMD_WEIGHT_SET,
	.cmd_del = TIPC_LB_CMD_WEIGHT_DEL,
};

static const struct entry_obj prio_obj = {
	.name = "priority", .value_word = "priority",
	.value_attr = TIPC_LB_A_CONFIG_PRIORITY, .need = NEED_PRIO,
	.value_max = UINT32_MAX,
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
	uint32_t interval;		/* stats: seconds between dumps, 0: once */
	uint32_t count;			/* stats: intervals, 0: until interrupted */
};

static bool json;
static bool pretty;
static bool timestamp;		/* -t: monitor lines carry the time */
static bool in_batch;		/* parsing a line of -b FILE */
static uint32_t opt_interval, opt_count;	/* -i SEC, -c COUNT */

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
		"       WOPTS  := { width | weight W | weight-source { fixed [ weight W ] | width } },\n"
		"                 weighted and least only: the weight of a server\n"
		"                 without a weight entry is the width of its published\n"
		"                 range, or W (1..%u, default %u)\n"
		"       show type TYPE prints the policy in force for TYPE: its own,\n"
		"       else the default's (as a comment), else none; show prints\n"
		"       commands that -b accepts\n",
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
		"%stipc-lb [ OPTIONS ] stats [ show ] [ type TYPE ] [ -i SEC [ -c COUNT ] ]\n"
		"       tipc-lb [ OPTIONS ] stats reset [ type TYPE ]\n"
		"       tipc-lb stats help\n"
		"where  show lists every publication of the service types that have a\n"
		"       policy: its selections by this node's lookups, the connections\n"
		"       opened through it and still open, its effective weight (weighted,\n"
		"       least) and its position (sorted); reset zeroes the selections;\n"
		"       -i SEC (interval SEC) prints, every SEC seconds (1..3600), the\n"
		"       selections per second of each publication over the interval,\n"
		"       COUNT times (count COUNT) or until interrupted\n",
		lead);
}

static void usage_monitor(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] monitor\n"
		"       tipc-lb monitor help\n"
		"where  monitor prints every configuration change, as the command that\n"
		"       would make it (-b accepts it), until interrupted; with -t each\n"
		"       line ends with a comment holding the time of the event\n",
		lead);
}

static void usage_save(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] save\n"
		"       tipc-lb save help\n"
		"where  save prints the whole configuration of the network namespace\n"
		"       (default, policies, weights, priorities) as commands, one a line,\n"
		"       in a canonical order: the same configuration always gives the\n"
		"       same text; tipc-lb -b FILE applies it to an empty namespace\n",
		lead);
}

static void usage_flush(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] flush\n"
		"       tipc-lb flush help\n"
		"where  flush removes the default, every policy, weight and priority\n"
		"       of the network namespace\n",
		lead);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tipc-lb [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       tipc-lb [ OPTIONS ] -b FILE\n"
		"       tipc-lb help [ OBJECT ]\n"
		"where  OBJECT  := { policy | weight | priority | stats | monitor | save | flush }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -t[imestamp] | -V[ersion] | -h[elp] |\n"
		"                    -n[etns] NETNS | -b[atch] FILE | -force |\n"
		"                    -i[nterval] SEC | -c[ount] COUNT }\n"
		"       -b FILE runs the commands of FILE (- for stdin), one a line, '#'\n"
		"       starting a comment; it stops at the first failing line unless\n"
		"       -force is given\n");
	usage_policy(f, "       ");
	usage_weight(f, "       ", false);
	usage_priority(f, "       ", true);
	usage_stats(f, "       ");
	usage_monitor(f, "       ");
	usage_save(f, "       ");
	usage_flush(f, "       ");
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

/* @full: the word @arg abbreviates, NULL for an exact match */
static int match_keyword_full(const char *arg, const struct keyword *kw,
			      const char **full)
{
	size_t len = strlen(arg);
	int id = KW_NONE;

	*full = NULL;
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
		if (id == KW_NONE)
			*full = k->word;
		id = k->id;
	}
	return id;
}

static int match_keyword(const char *arg, const struct keyword *kw)
{
	const char *full;

	return match_keyword_full(arg, kw, &full);
}

/*
 * Abbreviations keep working, but as in current iproute2 they are not
 * promised to stay unambiguous as words are added: say so.
 */
static void warn_abbrev(const char *arg, const char *full)
{
	fprintf(stderr,
		"Warning: \"%s\" taken as \"%s\"; abbreviations may become ambiguous, write it out\n",
		arg, full);
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
	const char *full;
	int id = match_keyword_full(arg, kw, &full);

	if (id >= 0) {
		if (full)
			warn_abbrev(arg, full);
		return id;
	}
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

/* @what names the missing argument as the usage does (POLICY, TYPE...) */
static int err_missing(const char *what, const char *after)
{
	fprintf(stderr, "Error: missing %s after \"%s\"\n", what, after);
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

/* "help", "-h", "-help", "--help": the object's help */
static bool is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "-help") || !strcmp(arg, "--help");
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

enum { WOPT_WIDTH, WOPT_WEIGHT, WOPT_SOURCE };

static const struct keyword weight_opts[] = {
	{ "width", WOPT_WIDTH },
	{ "weight", WOPT_WEIGHT },
	{ "weight-source", WOPT_SOURCE },
	{ NULL, 0 }
};

static const struct keyword weight_srcs[] = {
	{ "fixed", TIPC_LB_WEIGHT_SRC_FIXED },
	{ "width", TIPC_LB_WEIGHT_SRC_WIDTH },
	{ NULL, 0 }
};

static bool policy_has_weights(uint32_t policy)
{
	return policy == TIPC_LB_POLICY_WEIGHTED ||
	       policy == TIPC_LB_POLICY_LEAST;
}

/*
 * After the policy of "policy set": width | weight W |
 * weight-source { fixed [ weight W ] | width }, the last one being what
 * show and monitor print.  Returns the number of arguments used.
 */
static int parse_weight_opts(int argc, char **argv, struct request *req)
{
	const char *full;
	int opt, used = 0;

	if (!argc)
		return 0;
	opt = match_keyword_full(argv[0], weight_opts, &full);
	if (opt < 0)
		return 0;	/* left for trailing() */
	if (!policy_has_weights(req->policy)) {
		fprintf(stderr,
			"Error: \"%s\" only applies to weighted and least\n",
			weight_opts[opt].word);
		return -1;
	}
	if (full)
		warn_abbrev(argv[0], full);
	req->has_wsrc = true;
	if (opt == WOPT_WIDTH) {
		req->wsrc = TIPC_LB_WEIGHT_SRC_WIDTH;
		return 1;
	}
	if (opt == WOPT_SOURCE) {
		int src;

		if (argc < 2)
			return err_missing("{ fixed | width }", argv[0]);
		src = keyword_arg(argv[1], weight_srcs, "weight source", argv[0]);
		if (src < 0)
			return -1;
		req->wsrc = src;
		if (src == TIPC_LB_WEIGHT_SRC_WIDTH)
			return 2;
		argc -= 2;
		argv += 2;
		used = 2;
		/* fixed: an optional weight W */
		if (!argc || match_keyword(argv[0], weight_opts) != WOPT_WEIGHT)
			return used;
	}
	req->wsrc = TIPC_LB_WEIGHT_SRC_FIXED;
	if (argc < 2)
		return err_missing("W", argv[0]);
	if (parse_u32(argv[1], 1, TIPC_LB_WEIGHT_MAX, "weight", &req->dweight))
		return -1;
	req->has_dweight = true;
	return used + 2;
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
	cmd = is_help(cmd_word) ? CMD_HELP :
	      keyword_arg(cmd_word, policy_cmds, "command", "policy");
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
		return err_missing("\"type TYPE\" or \"default\"", cmd_word);
	}
	tgt_word = argv[0];
	tgt = keyword_arg(tgt_word, targets, "argument", cmd_word);
	if (tgt < 0)
		return -1;
	argc--;
	argv++;

	if (tgt == TGT_TYPE) {
		if (!argc)
			return err_missing("TYPE", tgt_word);
		if (parse_type(argv[0], &req->type))
			return -1;
		req->has_type = true;
		argc--;
		argv++;
	}
	if (cmd == CMD_SET) {
		if (!argc)
			return err_missing("POLICY", tgt == TGT_TYPE ? argv[-1] : tgt_word);
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
	static const char * const arg_meta[] = {
		[EARG_TYPE] = "TYPE", [EARG_NODE] = "NODE", [EARG_PORT] = "PORT",
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
	cmd = is_help(cmd_word) ? CMD_HELP :
	      keyword_arg(cmd_word, policy_cmds, "command", obj->name);
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
			return err_missing(arg == EARG_VALUE ?
					   (obj == &weight_obj ? "W" : "P") :
					   arg_meta[arg], word);
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

enum { SARG_TYPE, SARG_INTERVAL, SARG_COUNT };

static const struct keyword stats_args[] = {
	{ "type", SARG_TYPE },
	{ "interval", SARG_INTERVAL }, { "-i", SARG_INTERVAL },
	{ "count", SARG_COUNT }, { "-c", SARG_COUNT },
	{ NULL, 0 }
};

static const struct keyword reset_args[] = {
	{ "type", SARG_TYPE },
	{ NULL, 0 }
};

#define INTERVAL_MAX	3600

/*
 * stats [ show ] [ type TYPE ] [ -i SEC [ -c COUNT ] ] |
 * stats reset [ type TYPE ] | stats help
 */
static int parse_stats_cmd(int argc, char **argv, struct request *req)
{
	const char *word = "stats";
	bool seen[SARG_COUNT + 1] = { false };
	int cmd = SCMD_SHOW, arg;

	if (argc && match_keyword(argv[0], stats_args) < 0) {
		word = argv[0];
		cmd = is_help(word) ? SCMD_HELP :
		      keyword_arg(word, stats_cmds, "command", "stats");
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
	req->interval = opt_interval;
	req->count = opt_count;
	while (argc) {
		const char *w = argv[0];

		arg = keyword_arg(w, cmd == SCMD_SHOW ? stats_args : reset_args,
				  "argument", word);
		if (arg < 0)
			return -1;
		if (seen[arg]) {
			fprintf(stderr, "Error: \"%s\" given twice\n", w);
			return -1;
		}
		seen[arg] = true;
		if (argc < 2)
			return err_missing(arg == SARG_TYPE ? "TYPE" :
					   arg == SARG_INTERVAL ? "SEC" : "COUNT", w);
		if (arg == SARG_TYPE) {
			if (parse_type(argv[1], &req->type))
				return -1;
			req->has_type = true;
		} else if (arg == SARG_INTERVAL) {
			if (parse_u32(argv[1], 1, INTERVAL_MAX, "interval",
				      &req->interval))
				return -1;
		} else if (parse_u32(argv[1], 1, UINT32_MAX, "count",
				     &req->count)) {
			return -1;
		}
		argc -= 2;
		argv += 2;
	}
	if (cmd == SCMD_RESET && (opt_interval || opt_count)) {
		fprintf(stderr, "Error: -i and -c apply to stats show only\n");
		return -1;
	}
	if (req->count && !req->interval) {
		fprintf(stderr, "Error: a count needs an interval (-i SEC)\n");
		return -1;
	}
	if (req->interval && in_batch) {
		fprintf(stderr, "Error: stats -i does not end: not in a batch\n");
		return -1;
	}
	return 0;
}

static const struct keyword help_only[] = {
	{ "help", 0 },
	{ NULL, 0 }
};

/* OBJ [ help ]: objects without commands (monitor, save, flush) */
static int parse_bare_cmd(int argc, char **argv, struct request *req,
			  const char *obj, enum action action,
			  void (*usage_fn)(FILE *f, const char *lead))
{
	if (argc) {
		if ((!is_help(argv[0]) &&
		     keyword_arg(argv[0], help_only, "command", obj) < 0) ||
		    trailing(argc - 1, argv + 1))
			return -1;
		usage_fn(stderr, "Usage: ");
		return 1;
	}
	req->action = action;
	return 0;
}

static int parse_monitor_cmd(int argc, char **argv, struct request *req)
{
	int ret = parse_bare_cmd(argc, argv, req, "monitor", ACT_MONITOR,
				 usage_monitor);

	if (!ret && in_batch) {
		fprintf(stderr, "Error: monitor does not end: not in a batch\n");
		return -1;
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/*
 * A tiny JSON writer: enough for flat objects and one array of them.
 * iproute2's json_print (and its mnl_utils) is not a library Debian
 * ships: using it means copying lib/json_writer.c and lib/json_print.c
 * (several hundred lines, with their color and pretty-print plumbing) for the
 * ~80 lines here; libnl's genl helpers would duplicate what libmnl does
 * for us already.  Netlink stays on libmnl.
 */
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
	bool has_origin;
	uint32_t type, policy, wsrc, dweight, origin;
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
	enum need need;
	struct entry *entries;
	size_t n_entries, cap_entries;
	bool malformed;
	bool dumping;
};

/* Set around requests whose failure the caller handles (and reports) */
static bool nl_silent;

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
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TIPC_LB_FAMILY_NAME);
	nl->own_family = false;
	if (nl_talk(nl, nlh, family_msg_cb, &r) < 0 && errno != ENOENT) {
		nl_perror(nl);
		return -1;
	}
	if (!r.family) {
		fprintf(stderr,
			"Error: %s generic netlink family not found: is the tipc-lb build of tipc.ko loaded?\n",
			TIPC_LB_FAMILY_NAME);
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

static int lb_attr_node_id(const struct nlattr *attr, struct reply *r)
{
	struct entry *e = &r->cur;

	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
	    strlen(mnl_attr_get_str(attr)) > TIPC_LB_NODE_ID_LEN) {
		r->malformed = true;
		return MNL_CB_OK;
	}
	snprintf(e->node_id, sizeof(e->node_id), "%s", mnl_attr_get_str(attr));
	e->has_node_id = true;
	return MNL_CB_OK;
}

/* The config attribute set: every message but those of the stats set */
static int lb_config_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;
	struct entry *e = &r->cur;

	switch (mnl_attr_get_type(attr)) {
	case TIPC_LB_A_CONFIG_TYPE:
		return lb_attr_u32(attr, &e->has_type, &e->type);
	case TIPC_LB_A_CONFIG_POLICY:
		return lb_attr_u32(attr, &e->has_policy, &e->policy);
	case TIPC_LB_A_CONFIG_WEIGHT_SRC:
		return lb_attr_u32(attr, &e->has_wsrc, &e->wsrc);
	case TIPC_LB_A_CONFIG_DEFAULT_WEIGHT:
		return lb_attr_u32(attr, &e->has_dweight, &e->dweight);
	case TIPC_LB_A_CONFIG_NODE_ID:
		return lb_attr_node_id(attr, r);
	case TIPC_LB_A_CONFIG_NODE_ADDR:
		return lb_attr_u32(attr, &e->has_node_addr, &e->node_addr);
	case TIPC_LB_A_CONFIG_PORT:
		return lb_attr_u32(attr, &e->has_port, &e->port);
	case TIPC_LB_A_CONFIG_WEIGHT:
		return lb_attr_u32(attr, &e->has_weight, &e->weight);
	case TIPC_LB_A_CONFIG_PRIORITY:
		return lb_attr_u32(attr, &e->has_prio, &e->prio);
	case TIPC_LB_A_CONFIG_POLICY_ORIGIN:
		return lb_attr_u32(attr, &e->has_origin, &e->origin);
	}
	return MNL_CB_OK;
}

/* The stats attribute set: STATS_GET replies, STATS_RESET notifications */
static int lb_stats_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;
	struct entry *e = &r->cur;

	switch (mnl_attr_get_type(attr)) {
	case TIPC_LB_A_STATS_TYPE:
		return lb_attr_u32(attr, &e->has_type, &e->type);
	case TIPC_LB_A_STATS_POLICY:
		return lb_attr_u32(attr, &e->has_policy, &e->policy);
	case TIPC_LB_A_STATS_NODE_ID:
		return lb_attr_node_id(attr, r);
	case TIPC_LB_A_STATS_NODE_ADDR:
		return lb_attr_u32(attr, &e->has_node_addr, &e->node_addr);
	case TIPC_LB_A_STATS_PORT:
		return lb_attr_u32(attr, &e->has_port, &e->port);
	case TIPC_LB_A_STATS_LOWER:
		return lb_attr_u32(attr, &e->has_lower, &e->lower);
	case TIPC_LB_A_STATS_UPPER:
		return lb_attr_u32(attr, &e->has_upper, &e->upper);
	case TIPC_LB_A_STATS_SELECTIONS:
		/* A uint: 4 bytes, or 8 once the count needs them */
		if (mnl_attr_get_payload_len(attr) == sizeof(uint32_t)) {
			e->selections = mnl_attr_get_u32(attr);
			e->has_selections = true;
		} else if (mnl_attr_get_payload_len(attr) == sizeof(uint64_t)) {
			e->selections = mnl_attr_get_u64(attr);
			e->has_selections = true;
		}
		break;
	case TIPC_LB_A_STATS_CONNS:
		return lb_attr_u32(attr, &e->has_conns, &e->conns);
	case TIPC_LB_A_STATS_WEIGHT:
		return lb_attr_u32(attr, &e->has_weight, &e->weight);
	case TIPC_LB_A_STATS_POSITION:
		return lb_attr_u32(attr, &e->has_position, &e->position);
	}
	return MNL_CB_OK;
}

/* Parse a message of the family into r->cur, by the attribute set of its
 * command (notifications have the value of the command that made them)
 */
static void lb_parse(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	bool stats;

	memset(&r->cur, 0, sizeof(r->cur));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return;
	stats = genl->cmd == TIPC_LB_CMD_STATS_GET ||
		genl->cmd == TIPC_LB_NTF_STATS_RESET;
	mnl_attr_parse(nlh, sizeof(*genl),
		       stats ? lb_stats_attr_cb : lb_config_attr_cb, r);
}

static bool entry_has(const struct entry *e, enum need need)
{
	switch (need) {
	case NEED_POLICY:
		return e->has_policy;
	case NEED_WEIGHT:
		return e->has_weight && (e->has_node_id || e->has_node_addr);
	case NEED_PRIO:
		return e->has_prio && (e->has_node_id || e->has_node_addr);
	case NEED_STATS:
		return e->has_selections && e->has_policy && e->has_node_id &&
		       e->has_node_addr && e->has_port && e->has_lower &&
		       e->has_upper && e->has_conns && e->has_weight;
	case NEED_NOTHING:
		break;
	}
	return false;
}

static int lb_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	struct entry *e;

	lb_parse(nlh, r);
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
static int lb_request(struct nl *nl, uint8_t cmd, bool dump, enum need need,
		      const struct request *a, struct reply *r)
{
	struct nlmsghdr *nlh;

	nlh = nl_new(nl, nl->family, cmd, TIPC_LB_FAMILY_VERSION,
		     dump ? NLM_F_DUMP : NLM_F_ACK);
	/* TIPC_LB_A_STATS_TYPE for STATS_GET and STATS_RESET: the same */
	if (a->has_type)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_TYPE, a->type);
	if (a->has_policy)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_POLICY, a->policy);
	if (a->has_wsrc)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_WEIGHT_SRC, a->wsrc);
	if (a->has_dweight)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_DEFAULT_WEIGHT,
				 a->dweight);
	if (a->node_id[0])
		mnl_attr_put_strz(nlh, TIPC_LB_A_CONFIG_NODE_ID, a->node_id);
	if (a->has_node_addr)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_NODE_ADDR, a->node_addr);
	if (a->has_port)
		mnl_attr_put_u32(nlh, TIPC_LB_A_CONFIG_PORT, a->port);
	if (a->has_value)
		mnl_attr_put_u32(nlh, a->obj->value_attr, a->value);
	nl->own_family = true;
	r->dumping = dump;
	r->need = need;
	if (nl_talk(nl, nlh, lb_msg_cb, r) < 0) {
		if (!nl_silent)
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

/* JSON keys are the attribute names of the YAML spec */
static void jw_wopts(const struct entry *e)
{
	if (!policy_has_weights(e->policy))
		return;
	if (e->has_wsrc) {
		if (e->wsrc < ARRAY_SIZE(weight_src_names))
			jw_str("weight-src", weight_src_names[e->wsrc]);
		else
			jw_uint("weight-src", e->wsrc);
	}
	if (e->has_dweight)
		jw_uint("default-weight", e->dweight);
}

static void jw_origin(uint32_t origin)
{
	if (origin < ARRAY_SIZE(origin_names))
		jw_str("policy-origin", origin_names[origin]);
	else
		jw_uint("policy-origin", origin);
}

/* NODE as the command line takes it: the identity, or 0xADDR */
static const char *node_text(const struct entry *e, char *buf, size_t len)
{
	if (e->has_node_id)
		return e->node_id;
	snprintf(buf, len, "0x%x", e->node_addr);
	return buf;
}

static void jw_node(const struct entry *e)
{
	if (e->has_node_id)
		jw_str("node-id", e->node_id);
	if (e->has_node_addr)
		jw_uint("node-addr", e->node_addr);
}

/* "policy set default ..." / "policy set type T ...": what -b accepts */
static void print_policy_cmd(const struct entry *e, bool is_default)
{
	if (is_default)
		printf("policy set default ");
	else
		printf("policy set type %u ", e->type);
	print_policy_text(e->policy);
	print_wopts_text(e);
	putchar('\n');
}

static void jw_policy_obj(const struct entry *e, bool is_default)
{
	jw_open(NULL, '{');
	if (!is_default)
		jw_uint("type", e->type);
	jw_policy("policy", e->policy);
	jw_wopts(e);
	jw_origin(is_default ? TIPC_LB_ORIGIN_DEFAULT :
		  e->has_origin ? e->origin : TIPC_LB_ORIGIN_TYPE);
	jw_close('}');
}

static void sort_entries(struct reply *r)
{
	if (r->n_entries)
		qsort(r->entries, r->n_entries, sizeof(*r->entries), cmp_entry);
}

/* The whole configuration of the netns, each list sorted canonically */
struct config {
	struct entry def;
	struct reply pols, weights, prios;
};

static void config_free(struct config *c)
{
	free(c->pols.entries);
	free(c->weights.entries);
	free(c->prios.entries);
}

static int dump_sorted(struct nl *nl, uint8_t cmd, enum need need,
		       const struct request *req, struct reply *r)
{
	if (lb_request(nl, cmd, true, need, req, r))
		return -1;
	if (r->malformed)
		return err_malformed();
	sort_entries(r);
	return 0;
}

static int config_get(struct nl *nl, struct config *c, bool entries)
{
	struct reply def = { 0 };

	memset(c, 0, sizeof(*c));
	if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, 0, &no_attrs, &def))
		return -1;
	if (!def.cur.has_policy)
		return err_malformed();
	c->def = def.cur;
	if (dump_sorted(nl, TIPC_LB_CMD_POLICY_GET, NEED_POLICY,
			&no_attrs, &c->pols))
		return -1;
	if (!entries)
		return 0;
	if (dump_sorted(nl, TIPC_LB_CMD_WEIGHT_GET, NEED_WEIGHT,
			&no_attrs, &c->weights) ||
	    dump_sorted(nl, TIPC_LB_CMD_PRIO_GET, NEED_PRIO,
			&no_attrs, &c->prios))
		return -1;
	return 0;
}

static int show_all(struct nl *nl)
{
	struct config c;
	int ret = -1;

	if (config_get(nl, &c, false))
		goto out;
	if (json) {
		jw_open(NULL, '[');
		jw_policy_obj(&c.def, true);
		for (size_t i = 0; i < c.pols.n_entries; i++)
			jw_policy_obj(&c.pols.entries[i], false);
		jw_close(']');
	} else {
		print_policy_cmd(&c.def, true);
		for (size_t i = 0; i < c.pols.n_entries; i++)
			print_policy_cmd(&c.pols.entries[i], false);
	}
	ret = 0;
out:
	config_free(&c);
	return ret;
}

/*
 * The policy in force for @req->type.  A module before POLICY_ORIGIN
 * answers ENOENT for a type without a policy of its own: the default (or
 * none) is in force then, as the lookup sees it.
 */
static int get_effective(struct nl *nl, const struct request *req,
			 struct entry *out)
{
	struct reply r = { 0 };
	int ret;

	nl_silent = true;
	ret = lb_request(nl, TIPC_LB_CMD_POLICY_GET, false, 0, req, &r);
	nl_silent = false;
	if (!ret) {
		if (!r.cur.has_policy)
			return err_malformed();
		*out = r.cur;
		if (!out->has_origin) {
			out->has_origin = true;
			out->origin = TIPC_LB_ORIGIN_TYPE;
		}
	} else {
		if (errno != ENOENT) {
			nl_perror(nl);
			return -1;
		}
		memset(&r, 0, sizeof(r));
		if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, 0, &no_attrs, &r))
			return -1;
		if (!r.cur.has_policy)
			return err_malformed();
		*out = r.cur;
		out->has_origin = true;
		out->origin = r.cur.policy == TIPC_LB_POLICY_NONE ?
			      TIPC_LB_ORIGIN_NONE : TIPC_LB_ORIGIN_DEFAULT;
	}
	out->type = req->type;
	out->has_type = true;
	return 0;
}

static int show_type(struct nl *nl, const struct request *req)
{
	struct entry e;

	if (get_effective(nl, req, &e))
		return -1;
	if (json) {
		jw_open(NULL, '[');
		jw_policy_obj(&e, false);
		jw_close(']');
		return 0;
	}
	switch (e.origin) {
	case TIPC_LB_ORIGIN_TYPE:
		print_policy_cmd(&e, false);
		break;
	case TIPC_LB_ORIGIN_DEFAULT:
		/* a comment: replaying it must not pin the type */
		printf("# type %u: policy ", e.type);
		print_policy_text(e.policy);
		print_wopts_text(&e);
		printf(", from the default\n");
		break;
	default:
		printf("# type %u: policy none, no policy of its own and no default (stock lookup)\n",
		       e.type);
		break;
	}
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
		jw_open(NULL, '[');
		jw_policy_obj(&r.cur, true);
		jw_close(']');
	} else {
		print_policy_cmd(&r.cur, true);
	}
	return 0;
}

/* "weight set type T node N [ port P ] weight W": what -b accepts */
static void print_entry_cmd(const struct entry_obj *obj, const struct entry *e)
{
	char addr[16];

	printf("%s set type %u node %s", obj->name, e->type,
	       node_text(e, addr, sizeof(addr)));
	if (e->has_port)
		printf(" port %u", e->port);
	printf(" %s %u\n", obj->value_word,
	       obj == &weight_obj ? e->weight : e->prio);
}

/* weight show / priority show: a dump, filtered by type if one is given */
static int show_entries(struct nl *nl, const struct request *req)
{
	const struct entry_obj *obj = req->obj;
	struct reply all = { 0 };
	int ret = -1;

	if (dump_sorted(nl, obj->cmd_get, obj->need, req, &all))
		goto out;
	if (json)
		jw_open(NULL, '[');
	for (size_t i = 0; i < all.n_entries; i++) {
		const struct entry *e = &all.entries[i];

		/* in case the kernel ignores the filter */
		if (req->has_type && e->type != req->type)
			continue;
		if (json) {
			jw_open(NULL, '{');
			jw_uint("type", e->type);
			jw_node(e);
			if (e->has_port)
				jw_uint("port", e->port);
			jw_uint(obj->value_word,
				obj == &weight_obj ? e->weight : e->prio);
			jw_close('}');
		} else {
			print_entry_cmd(obj, e);
		}
	}
	if (json)
		jw_close(']');
	ret = 0;
out:
	free(all.entries);
	return ret;
}

/*
 * save: the whole configuration as commands in a canonical order (the
 * default unless none, policies by type, then weight and priority entries
 * by type, node identity (bytewise) before node address, port), so that
 * equal configurations give byte-identical text on every node.
 */
static int save(struct nl *nl)
{
	struct config c;
	int ret = -1;

	if (config_get(nl, &c, true))
		goto out;
	if (c.def.policy != TIPC_LB_POLICY_NONE)
		print_policy_cmd(&c.def, true);
	for (size_t i = 0; i < c.pols.n_entries; i++)
		print_policy_cmd(&c.pols.entries[i], false);
	for (size_t i = 0; i < c.weights.n_entries; i++)
		print_entry_cmd(&weight_obj, &c.weights.entries[i]);
	for (size_t i = 0; i < c.prios.n_entries; i++)
		print_entry_cmd(&prio_obj, &c.prios.entries[i]);
	ret = 0;
out:
	config_free(&c);
	return ret;
}

static void entry_key(struct request *req, const struct entry *e,
		      const struct entry_obj *obj)
{
	memset(req, 0, sizeof(*req));
	req->obj = obj;
	req->has_type = true;
	req->type = e->type;
	if (e->has_node_id)
		snprintf(req->node_id, sizeof(req->node_id), "%s", e->node_id);
	else
		req->has_node_addr = true;
	req->node_addr = e->node_addr;
	req->has_port = e->has_port;
	req->port = e->port;
}

/*
 * flush: one FLUSH request.  A module without it (EOPNOTSUPP) gets the
 * same done item by item, each change announced on its own.
 */
static int flush(struct nl *nl)
{
	struct reply r = { 0 };
	struct request del;
	struct config c;
	int ret;

	nl_silent = true;
	ret = lb_request(nl, TIPC_LB_CMD_FLUSH, false, 0, &no_attrs, &r);
	nl_silent = false;
	if (!ret)
		return 0;
	if (errno != EOPNOTSUPP) {
		nl_perror(nl);
		return -1;
	}
	fprintf(stderr,
		"Warning: the loaded tipc.ko has no flush command: removing each item\n");
	ret = -1;
	if (config_get(nl, &c, true))
		goto out;
	for (size_t i = 0; i < c.weights.n_entries; i++) {
		entry_key(&del, &c.weights.entries[i], &weight_obj);
		if (lb_request(nl, TIPC_LB_CMD_WEIGHT_DEL, false, 0, &del, &r))
			goto out;
	}
	for (size_t i = 0; i < c.prios.n_entries; i++) {
		entry_key(&del, &c.prios.entries[i], &prio_obj);
		if (lb_request(nl, TIPC_LB_CMD_PRIO_DEL, false, 0, &del, &r))
			goto out;
	}
	for (size_t i = 0; i < c.pols.n_entries; i++) {
		memset(&del, 0, sizeof(del));
		del.has_type = true;
		del.type = c.pols.entries[i].type;
		if (lb_request(nl, TIPC_LB_CMD_POLICY_DEL, false, 0, &del, &r))
			goto out;
	}
	if (c.def.policy != TIPC_LB_POLICY_NONE) {
		memset(&del, 0, sizeof(del));
		del.has_policy = true;
		del.policy = TIPC_LB_POLICY_NONE;
		if (lb_request(nl, TIPC_LB_CMD_DEFAULT_SET, false, 0, &del, &r))
			goto out;
	}
	ret = 0;
out:
	config_free(&c);
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

#define TABLE_WIDTH	100

static int num_width(unsigned long long v)
{
	char buf[24];

	return snprintf(buf, sizeof(buf), "%llu", v);
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/*
 * The stats table, within TABLE_WIDTH columns: widths follow the values,
 * and node identities too long for what is left are cut, ending in '~'
 * (-j has them whole).  @rates: selections per second (interval mode).
 */
static void print_stats_text(const struct reply *all, const double *rates)
{
	int w_type = 4, w_node = 4, w_port = 4, w_range = 5, w_sel = 8;
	char range[24], addr[16], node[TIPC_LB_NODE_ID_LEN + 1];
	int fixed;

	for (size_t i = 0; i < all->n_entries; i++) {
		const struct entry *e = &all->entries[i];

		w_type = max_int(w_type, num_width(e->type));
		w_node = max_int(w_node, strlen(node_text(e, addr, sizeof(addr))));
		w_port = max_int(w_port, num_width(e->port));
		w_range = max_int(w_range, num_width(e->lower) + 1 +
				  num_width(e->upper));
		if (rates)
			w_sel = max_int(w_sel, snprintf(range, sizeof(range),
							"%.1f", rates[i]));
		else
			w_sel = max_int(w_sel, num_width(e->selections));
	}
	/* POLICY 8, CONNS 5, WEIGHT 6, POS 3, eight separating blanks */
	fixed = w_type + 8 + w_port + w_range + w_sel + 5 + 6 + 3 + 8;
	if (fixed + w_node > TABLE_WIDTH)
		w_node = max_int(4, TABLE_WIDTH - fixed);

	printf("%-*s %-8s %-*s %*s %-*s %*s %5s %6s %3s\n",
	       w_type, "TYPE", "POLICY", w_node, "NODE", w_port, "PORT",
	       w_range, "RANGE", w_sel, rates ? "SEL/S" : "SELECTED",
	       "CONNS", "WEIGHT", "POS");
	for (size_t i = 0; i < all->n_entries; i++) {
		const struct entry *e = &all->entries[i];
		const char *n = node_text(e, addr, sizeof(addr));

		snprintf(node, sizeof(node), "%s", n);
		if ((int)strlen(node) > w_node) {
			node[w_node - 1] = '~';
			node[w_node] = '\0';
		}
		snprintf(range, sizeof(range), "%u-%u", e->lower, e->upper);
		printf("%-*u %-8s %-*s %*u %-*s ", w_type, e->type,
		       e->policy < ARRAY_SIZE(policy_names) ?
		       policy_names[e->policy] : "?", w_node, node, w_port,
		       e->port, w_range, range);
		if (rates)
			printf("%*.1f ", w_sel, rates[i]);
		else
			printf("%*llu ", w_sel, (unsigned long long)e->selections);
		printf("%5u ", e->conns);
		/* weights only mean something to the policies using them */
		if (policy_has_weights(e->policy))
			printf("%6u ", e->weight);
		else
			printf("%6s ", "-");
		if (e->has_position)
			printf("%3u\n", e->position);
		else
			printf("%3s\n", "-");
	}
}

static void jw_stats(const struct entry *e, const double *rate)
{
	jw_open(NULL, '{');
	jw_uint("type", e->type);
	jw_policy("policy", e->policy);
	jw_str("node-id", e->node_id);
	jw_uint("node-addr", e->node_addr);
	jw_uint("port", e->port);
	jw_uint("lower", e->lower);
	jw_uint("upper", e->upper);
	jw_u64("selections", e->selections);
	jw_uint("conns", e->conns);
	jw_uint("weight", e->weight);
	if (e->has_position)
		jw_uint("position", e->position);
	if (rate) {
		jw_key("rate");
		printf("%.3f", *rate);
	}
	jw_close('}');
}

static int stats_dump(struct nl *nl, const struct request *req,
		      struct reply *all)
{
	memset(all, 0, sizeof(*all));
	if (lb_request(nl, TIPC_LB_CMD_STATS_GET, true, NEED_STATS,
		       req, all))
		return -1;
	if (all->malformed)
		return err_malformed();
	if (all->n_entries)
		qsort(all->entries, all->n_entries, sizeof(*all->entries),
		      cmp_stats);
	return 0;
}

static void print_stats(const struct reply *all, const double *rates)
{
	if (json) {
		jw_open(NULL, '[');
		for (size_t i = 0; i < all->n_entries; i++)
			jw_stats(&all->entries[i], rates ? &rates[i] : NULL);
		jw_close(']');
	} else {
		print_stats_text(all, rates);
	}
}

static volatile sig_atomic_t stop_requested;

/* SIGINT and SIGTERM end the monitor and stats -i: interrupt the wait */
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void catch_signals(void)
{
	/* no SA_RESTART: a signal ends the wait in recv or nanosleep */
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The same publication in two dumps: type, publisher and range */
static bool same_publ(const struct entry *a, const struct entry *b)
{
	return a->type == b->type && a->node_addr == b->node_addr &&
	       a->port == b->port && a->lower == b->lower &&
	       a->upper == b->upper && !strcmp(a->node_id, b->node_id);
}

/*
 * stats -i SEC: after each interval, the selections per second of each
 * publication over it.  A publication that is new, or whose counter went
 * down (stats reset), counts from zero.
 */
static int show_stats_interval(struct nl *nl, const struct request *req)
{
	struct reply prev, cur;
	double t0, t1, *rates = NULL;
	int ret = -1;

	catch_signals();
	if (stats_dump(nl, req, &prev))
		return -1;
	t0 = now_sec();
	for (uint32_t n = 0; !req->count || n < req->count; n++) {
		struct timespec ts = { .tv_sec = req->interval };

		if (nanosleep(&ts, NULL) && stop_requested) {
			ret = 0;
			break;
		}
		if (stats_dump(nl, req, &cur))
			break;
		t1 = now_sec();
		free(rates);
		rates = calloc(cur.n_entries ? cur.n_entries : 1, sizeof(*rates));
		if (!rates) {
			fprintf(stderr, "Error: out of memory\n");
			free(cur.entries);
			break;
		}
		for (size_t i = 0; i < cur.n_entries; i++) {
			uint64_t was = 0;

			for (size_t j = 0; j < prev.n_entries; j++) {
				if (same_publ(&cur.entries[i], &prev.entries[j])) {
					was = prev.entries[j].selections;
					break;
				}
			}
			if (was > cur.entries[i].selections)
				was = 0;
			rates[i] = (cur.entries[i].selections - was) / (t1 - t0);
		}
		if (!json && n)
			putchar('\n');
		print_stats(&cur, rates);
		fflush(stdout);
		free(prev.entries);
		prev = cur;
		t0 = t1;
		if (stop_requested || (req->count && n + 1 == req->count)) {
			ret = 0;
			break;
		}
	}
	free(rates);
	free(prev.entries);
	return ret;
}

static int show_stats(struct nl *nl, const struct request *req)
{
	struct reply all;

	if (req->interval)
		return show_stats_interval(nl, req);
	if (stats_dump(nl, req, &all))
		return -1;
	print_stats(&all, NULL);
	free(all.entries);
	return 0;
}

/*
 * Monitor: each notification printed as the command that makes the change
 * (the text) or as an object named after the spec's notification (JSON).
 */
static const struct {
	const char *text;
	const char *name;		/* the spec's op name */
	const struct entry_obj *obj;	/* weight and priority entries */
} events[] = {
	[TIPC_LB_NTF_POLICY_SET]	= { "policy set", "policy-set" },
	[TIPC_LB_NTF_POLICY_DEL]	= { "policy del", "policy-del" },
	[TIPC_LB_NTF_DEFAULT_SET]	= { "policy set", "default-set" },
	[TIPC_LB_NTF_WEIGHT_SET]	= { "weight set", "weight-set", &weight_obj },
	[TIPC_LB_NTF_WEIGHT_DEL]	= { "weight del", "weight-del", &weight_obj },
	[TIPC_LB_NTF_PRIO_SET]		= { "priority set", "prio-set", &prio_obj },
	[TIPC_LB_NTF_PRIO_DEL]		= { "priority del", "prio-del", &prio_obj },
	[TIPC_LB_NTF_STATS_RESET]	= { "stats reset", "stats-reset" },
	[TIPC_LB_NTF_FLUSH]		= { "flush", "flush" },
};

/* ISO 8601, local time, microseconds */
static void format_time(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	char date[32], zone[8];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(buf, len, "%s.%06ld%s", date, (long)tv.tv_usec, zone);
}

static void print_event(uint8_t cmd, const struct entry *e)
{
	const struct entry_obj *obj = events[cmd].obj;
	bool has_val = obj && (obj == &weight_obj ? e->has_weight : e->has_prio);
	uint32_t val = obj == &weight_obj ? e->weight : e->prio;
	char addr[16], when[64];

	if (timestamp)
		format_time(when, sizeof(when));
	if (json) {
		jw_open(NULL, '{');
		jw_str("event", events[cmd].name);
		if (timestamp)
			jw_str("time", when);
		if (e->has_type)
			jw_uint("type", e->type);
		if (e->has_policy) {
			jw_policy("policy", e->policy);
			jw_wopts(e);
		}
		if (obj)
			jw_node(e);
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
		printf(" node %s", node_text(e, addr, sizeof(addr)));
	if (e->has_port)
		printf(" port %u", e->port);
	if (has_val)
		printf(" %s %u", obj->value_word, val);
	if (timestamp)
		printf(" # %s", when);
	putchar('\n');
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct reply *r = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	lb_parse(nlh, r);
	if (genl->cmd < ARRAY_SIZE(events) && events[genl->cmd].text)
		print_event(genl->cmd, &r->cur);
	/* a pipe reader sees each event as it happens */
	fflush(stdout);
	return MNL_CB_OK;
}

static int watch_events(struct nl *nl)
{
	static char rbuf[RECV_BUF_SIZE];
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
	catch_signals();
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

static int exec_request(struct nl *nl, const struct request *req)
{
	struct reply r = { 0 };

	switch (req->action) {
	case ACT_SHOW_ALL:
		return show_all(nl);
	case ACT_SHOW_TYPE:
		return show_type(nl, req);
	case ACT_SHOW_DEFAULT:
		return show_default(nl);
	case ACT_SET_TYPE:
		return lb_request(nl, TIPC_LB_CMD_POLICY_SET, false, 0, req, &r);
	case ACT_DEL_TYPE:
		return lb_request(nl, TIPC_LB_CMD_POLICY_DEL, false, 0, req, &r);
	case ACT_SET_DEFAULT:
	case ACT_DEL_DEFAULT:
		return lb_request(nl, TIPC_LB_CMD_DEFAULT_SET, false, 0, req, &r);
	case ACT_ENTRY_SET:
		return lb_request(nl, req->obj->cmd_set, false, 0, req, &r);
	case ACT_ENTRY_DEL:
		return lb_request(nl, req->obj->cmd_del, false, 0, req, &r);
	case ACT_ENTRY_SHOW:
		return show_entries(nl, req);
	case ACT_STATS_SHOW:
		return show_stats(nl, req);
	case ACT_STATS_RESET:
		return lb_request(nl, TIPC_LB_CMD_STATS_RESET, false, 0, req, &r);
	case ACT_MONITOR:
		return watch_events(nl);
	case ACT_SAVE:
		return save(nl);
	case ACT_FLUSH:
		return flush(nl);
	case ACT_NONE:
		break;
	}
	return 0;
}

static int check_output(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write output: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int run(const struct request *req)
{
	struct nl nl = { 0 };
	int ret = -1;

	if (!nl_open(&nl))
		ret = exec_request(&nl, req);
	nl_close(&nl);
	if (check_output())
		ret = -1;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Objects, batch files, options                                       */

enum {
	OBJ_POLICY, OBJ_WEIGHT, OBJ_PRIORITY, OBJ_STATS, OBJ_MONITOR,
	OBJ_SAVE, OBJ_FLUSH, OBJ_HELP,
};

static const struct keyword objects[] = {
	{ "policy", OBJ_POLICY },
	{ "weight", OBJ_WEIGHT },
	{ "priority", OBJ_PRIORITY },
	{ "stats", OBJ_STATS }, { "statistics", OBJ_STATS },
	{ "monitor", OBJ_MONITOR },
	{ "save", OBJ_SAVE },
	{ "flush", OBJ_FLUSH },
	{ "help", OBJ_HELP },
	{ NULL, 0 }
};

/* "p" meant policy before there was priority: kept, with a warning */
static int parse_object(const char *word)
{
	if (!strcmp(word, "p")) {
		warn_abbrev(word, "policy");
		return OBJ_POLICY;
	}
	return keyword_arg(word, objects, "object", NULL);
}

/* help [ OBJECT ] */
static int object_help(int argc, char **argv)
{
	int obj;

	if (!argc) {
		usage(stderr);
		return 1;
	}
	if (trailing(argc - 1, argv + 1))
		return -1;
	obj = parse_object(argv[0]);
	switch (obj) {
	case OBJ_POLICY:
		usage_policy(stderr, "Usage: ");
		break;
	case OBJ_WEIGHT:
		usage_weight(stderr, "Usage: ", true);
		break;
	case OBJ_PRIORITY:
		usage_priority(stderr, "Usage: ", true);
		break;
	case OBJ_STATS:
		usage_stats(stderr, "Usage: ");
		break;
	case OBJ_MONITOR:
		usage_monitor(stderr, "Usage: ");
		break;
	case OBJ_SAVE:
		usage_save(stderr, "Usage: ");
		break;
	case OBJ_FLUSH:
		usage_flush(stderr, "Usage: ");
		break;
	case OBJ_HELP:
		usage(stderr);
		break;
	default:
		return -1;
	}
	return 1;
}

/* OBJECT COMMAND...: 0 with @req filled, 1 for help printed, -1 on error */
static int parse_command(int argc, char **argv, struct request *req)
{
	int obj;

	memset(req, 0, sizeof(*req));
	req->action = ACT_NONE;
	obj = parse_object(argv[0]);
	argc--;
	argv++;
	switch (obj) {
	case OBJ_HELP:
		return object_help(argc, argv);
	case OBJ_POLICY:
		return parse_policy_cmd(argc, argv, req);
	case OBJ_STATS:
		return parse_stats_cmd(argc, argv, req);
	case OBJ_MONITOR:
		return parse_monitor_cmd(argc, argv, req);
	case OBJ_SAVE:
		if (json && !(argc && is_help(argv[0]))) {
			fprintf(stderr, "Error: save prints commands: no JSON (-j)\n");
			return -1;
		}
		return parse_bare_cmd(argc, argv, req, "save", ACT_SAVE,
				      usage_save);
	case OBJ_FLUSH:
		return parse_bare_cmd(argc, argv, req, "flush", ACT_FLUSH,
				      usage_flush);
	case OBJ_WEIGHT:
		return parse_entry_cmd(argc, argv, &weight_obj, req);
	case OBJ_PRIORITY:
		return parse_entry_cmd(argc, argv, &prio_obj, req);
	}
	return -1;
}

#define BATCH_MAX_ARGS	64

/*
 * Split a batch line into words, in place: blanks separate them, '...'
 * and "..." group, a '#' starting a word starts a comment.  Returns the
 * number of words, or -1 after an error.
 */
static int split_line(char *line, char **argv)
{
	int argc = 0;
	char *p = line, *out;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return argc;
		if (argc == BATCH_MAX_ARGS) {
			fprintf(stderr, "Error: more than %d words\n", BATCH_MAX_ARGS);
			return -1;
		}
		out = p;
		argv[argc++] = out;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;

				while (*p && *p != q)
					*out++ = *p++;
				if (*p != q) {
					fprintf(stderr, "Error: unterminated %c quote\n", q);
					return -1;
				}
				p++;
				continue;
			}
			*out++ = *p++;
		}
		if (*p)
			p++;
		*out = '\0';
	}
}

struct batch_cmd {
	struct request req;
	unsigned int line;
};

/*
 * -b FILE: iproute2's batch semantics (one command a line, '#' comments,
 * "Command failed FILE:LINE" after an error, stop at the first one unless
 * -force, exit 1 if any failed), but every line is parsed before the first
 * is sent, so that a typo in a file sends nothing.
 */
static int run_batch(const char *file, bool force)
{
	struct batch_cmd *cmds = NULL, *c;
	size_t n = 0, cap = 0, len = 0;
	char *line = NULL, *argv[BATCH_MAX_ARGS];
	unsigned int lineno = 0;
	struct nl nl = { 0 };
	bool failed = false;
	FILE *f;
	int argc, ret;

	f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f) {
		fprintf(stderr, "Error: cannot open batch file \"%s\": %s\n",
			file, strerror(errno));
		return -1;
	}
	in_batch = true;
	while (getline(&line, &len, f) >= 0) {
		lineno++;
		argc = split_line(line, argv);
		if (!argc)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			c = realloc(cmds, cap * sizeof(*cmds));
			if (!c) {
				fprintf(stderr, "Error: out of memory\n");
				failed = true;
				goto out;
			}
			cmds = c;
		}
		ret = argc < 0 ? -1 : parse_command(argc, argv, &cmds[n].req);
		if (ret < 0) {
			fprintf(stderr, "Command failed %s:%u\n", file, lineno);
			failed = true;
			if (!force)
				goto out;
			continue;
		}
		if (ret > 0)		/* help: printed already */
			continue;
		cmds[n++].line = lineno;
	}
	if (ferror(f)) {
		fprintf(stderr, "Error: cannot read batch file \"%s\": %s\n",
			file, strerror(errno));
		failed = true;
		goto out;
	}
	if (!n)
		goto out;
	if (nl_open(&nl)) {
		failed = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!exec_request(&nl, &cmds[i].req))
			continue;
		fflush(stdout);
		fprintf(stderr, "Command failed %s:%u\n", file, cmds[i].line);
		failed = true;
		if (!force)
			break;
	}
out:
	nl_close(&nl);
	if (f != stdin)
		fclose(f);
	free(line);
	free(cmds);
	if (check_output())
		failed = true;
	return failed ? -1 : 0;
}

/* -n NETNS: enter /var/run/netns/NETNS, as "ip -n" does */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		fprintf(stderr, "Error: argument \"%s\" is wrong: NETNS is a name of ip netns\n",
			name);
		return -1;
	}
	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "Error: setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* -V: the CLI's version and the loaded module's, to compare nodes */
static void print_version(void)
{
	char ver[128] = "";
	FILE *f;

	printf("tipc-lb %s (generic netlink family %s, version %u)\n",
	       TIPC_LB_CLI_VERSION, TIPC_LB_FAMILY_NAME, TIPC_LB_FAMILY_VERSION);
	if (access("/sys/module/tipc", F_OK)) {
		printf("tipc.ko not loaded\n");
		return;
	}
	f = fopen("/sys/module/tipc/version", "r");
	if (!f || !fgets(ver, sizeof(ver), f)) {
		printf("tipc.ko loaded, no version (built into the kernel?)\n");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	ver[strcspn(ver, "\n")] = '\0';
	printf("tipc.ko %s%s\n", ver,
	       !strstr(ver, "tipc-lb") ? " (stock TIPC, without tipc-lb)" : "");
}

/* After the object: -j, -p, -jp, -json, -pretty, --json, --pretty, -t */
static bool late_option(const char *arg)
{
	if (!strcmp(arg, "-t") || !strcmp(arg, "-timestamp") ||
	    !strcmp(arg, "--timestamp")) {
		timestamp = true;
		return true;
	}
	if (!strcmp(arg, "-json") || !strcmp(arg, "--json")) {
		json = true;
		return true;
	}
	if (!strcmp(arg, "-pretty") || !strcmp(arg, "--pretty")) {
		pretty = true;
		return true;
	}
	if (arg[0] != '-' || !arg[1] || strspn(arg + 1, "jp") != strlen(arg + 1))
		return false;
	for (const char *c = arg + 1; *c; c++) {
		if (*c == 'j')
			json = true;
		else
			pretty = true;
	}
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "timestamp", no_argument, NULL, 't' },
		{ "Version", no_argument, NULL, 'V' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "netns", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'F' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *batch = NULL, *netns = NULL;
	struct request req;
	bool force = false;
	int opt, nargs = 0, ret;

	opterr = 0;
	/* "+": options end at the object, "-1" after it is an argument */
	while ((opt = getopt_long_only(argc, argv, "+:jptVhn:b:i:c:", longopts,
				       NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 't':
			timestamp = true;
			break;
		case 'V':
			print_version();
			return 0;
		case 'h':
			usage(stderr);
			return 0;
		case 'n':
			netns = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'F':
			force = true;
			break;
		case 'i':
			if (parse_u32(optarg, 1, INTERVAL_MAX, "interval",
				      &opt_interval))
				return 1;
			break;
		case 'c':
			if (parse_u32(optarg, 1, UINT32_MAX, "count", &opt_count))
				return 1;
			break;
		case ':':
			fprintf(stderr, "Error: option \"%s\" needs an argument\n",
				argv[optind - 1]);
			return 1;
		default:
			fprintf(stderr, "Error: option \"%s\" is unknown, try \"tipc-lb help\".\n",
				argv[optind - 1]);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;

	if (batch) {
		if (argc) {
			fprintf(stderr, "Error: unexpected argument \"%s\": -b takes the commands from its file\n",
				argv[0]);
			return 1;
		}
		if (netns && enter_netns(netns))
			return 1;
		return run_batch(batch, force) ? 1 : 0;
	}
	if (force) {
		fprintf(stderr, "Error: -force only applies to -b FILE\n");
		return 1;
	}
	if (!argc) {
		usage(stderr);
		return 1;
	}
	/* -j and -p are also taken after the object */
	for (int i = 0; i < argc; i++)
		if (!i || !late_option(argv[i]))
			argv[nargs++] = argv[i];
	argc = nargs;

	ret = parse_command(argc, argv, &req);
	if (ret)
		return ret < 0 ? 1 : 0;
	if ((opt_interval || opt_count) && req.action != ACT_STATS_SHOW) {
		fprintf(stderr, "Error: -i and -c apply to stats show only\n");
		return 1;
	}
	if (timestamp && req.action != ACT_MONITOR) {
		fprintf(stderr, "Error: -t applies to monitor only\n");
		return 1;
	}
	if (netns && enter_netns(netns))
		return 1;
	return run(&req) ? 1 : 0;
}
