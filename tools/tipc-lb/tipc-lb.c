// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-lb: configure the load-balancing policies of TIPC anycast lookups
 * through the "tipc_lb" generic netlink family.
 *
 *	tipc-lb [-j] [-p] policy set type TYPE POLICY
 *	tipc-lb policy set default POLICY
 *	tipc-lb policy del { type TYPE | default }
 *	tipc-lb [-j] [-p] policy show [ type TYPE | default ]
 *
 * The whole command line is parsed before anything is sent to the kernel.
 */
#include <errno.h>
#include <assert.h>
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

#define TIPC_LB_CLI_VERSION	"0.1"
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define RECV_BUF_SIZE		32768

/* extack "missing attribute" type, Linux 6.0+; numbered here for old headers */
#define EXTACK_ATTR_MISS_TYPE	5

/* One line per policy: the table is indexed by enum tipc_lb_policy. */
static const char * const policy_names[] = {
	[TIPC_LB_POLICY_NONE]	= "none",
	[TIPC_LB_POLICY_RR]	= "rr",
};

static_assert(ARRAY_SIZE(policy_names) == __TIPC_LB_POLICY_MAX,
	      "policy_names[] must name every enum tipc_lb_policy value");

static const char * const attr_names[] = {
	[TIPC_LB_A_TYPE]	= "type",
	[TIPC_LB_A_POLICY]	= "policy",
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
};

struct request {
	enum action action;
	uint32_t type;
	uint32_t policy;
};

static bool json;
static bool pretty;

static void usage_policy(FILE *f, const char *lead)
{
	fprintf(f,
		"%stipc-lb [ OPTIONS ] policy set type TYPE POLICY\n"
		"       tipc-lb [ OPTIONS ] policy set default POLICY\n"
		"       tipc-lb [ OPTIONS ] policy del { type TYPE | default }\n"
		"       tipc-lb [ OPTIONS ] policy show [ type TYPE | default ]\n"
		"       tipc-lb policy help\n"
		"where  TYPE   := a TIPC service type, %u..%u\n"
		"       POLICY := { ",
		lead, TIPC_LB_TYPE_MIN, UINT32_MAX);
	for (size_t i = 0; i < ARRAY_SIZE(policy_names); i++)
		fprintf(f, "%s%s", i ? " | " : "", policy_names[i]);
	fprintf(f, " }\n"
		"A type set to \"none\" uses the stock lookup even when a default is set.\n");
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tipc-lb [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       tipc-lb help\n"
		"where  OBJECT  := { policy }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -V[ersion] | -h[elp] }\n");
	usage_policy(f, "       ");
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

static int parse_type(const char *arg, uint32_t *type)
{
	unsigned long long val;
	char *end;

	/* decimal digits only: no sign, blanks, octal or hex surprises */
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	errno = 0;
	val = strtoull(arg, &end, 10);
	if (errno || *end || val < TIPC_LB_TYPE_MIN || val > UINT32_MAX)
		goto bad;
	*type = val;
	return 0;
bad:
	fprintf(stderr,
		"Error: argument \"%s\" is wrong: type must be a number from %u to %u\n",
		arg, TIPC_LB_TYPE_MIN, UINT32_MAX);
	return -1;
}

static int err_missing(const char *after)
{
	fprintf(stderr, "Error: missing argument after \"%s\"\n", after);
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

/* Returns 0 with @req filled, 1 for help printed, -1 on a usage error. */
static int parse_policy_cmd(int argc, char **argv, struct request *req)
{
	const char *cmd_word, *tgt_word;
	int cmd, tgt;

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
		argc--;
		argv++;
	}
	if (cmd == CMD_SET) {
		if (!argc)
			return err_missing(tgt == TGT_TYPE ? argv[-1] : tgt_word);
		if (parse_policy(argv[0], &req->policy))
			return -1;
		argc--;
		argv++;
	}
	if (trailing(argc, argv))
		return -1;

	switch (cmd) {
	case CMD_SET:
		req->action = tgt == TGT_TYPE ? ACT_SET_TYPE : ACT_SET_DEFAULT;
		break;
	case CMD_DEL:
		req->action = tgt == TGT_TYPE ? ACT_DEL_TYPE : ACT_DEL_DEFAULT;
		req->policy = TIPC_LB_POLICY_NONE;
		break;
	default:
		req->action = tgt == TGT_TYPE ? ACT_SHOW_TYPE : ACT_SHOW_DEFAULT;
		break;
	}
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
	const struct nlmsghdr *req;	/* last request, to resolve err offsets */
	bool own_family;		/* req carries TIPC_LB_A_* attributes */
	char *buf;
};

struct entry {
	uint32_t type;
	uint32_t policy;
};

struct reply {
	/* family lookup */
	uint16_t family;
	/* single GET replies */
	bool has_type, has_policy;
	uint32_t type, policy;
	/* dumps */
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
		fprintf(stderr, "%s changing tipc-lb policies needs CAP_NET_ADMIN",
			ext.has_msg || attr ? ";" : ":");
	fputc('\n', stderr);
}

static int family_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		r->family = mnl_attr_get_u16(attr);
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
	return 0;
}

static void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
}

static int lb_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;

	switch (mnl_attr_get_type(attr)) {
	case TIPC_LB_A_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_OK;
		r->type = mnl_attr_get_u32(attr);
		r->has_type = true;
		break;
	case TIPC_LB_A_POLICY:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_OK;
		r->policy = mnl_attr_get_u32(attr);
		r->has_policy = true;
		break;
	}
	return MNL_CB_OK;
}

static int lb_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	struct entry *e;

	r->has_type = false;
	r->has_policy = false;
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), lb_attr_cb, r);
	if (!r->dumping)
		return MNL_CB_OK;
	if (!r->has_type || !r->has_policy) {
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
	e = &r->entries[r->n_entries++];
	e->type = r->type;
	e->policy = r->policy;
	return MNL_CB_OK;
}

static int lb_request(struct nl *nl, uint8_t cmd, bool dump,
		      const uint32_t *type, const uint32_t *policy,
		      struct reply *r)
{
	struct nlmsghdr *nlh;

	nlh = nl_new(nl, nl->family, cmd, TIPC_LB_GENL_VERSION,
		     dump ? NLM_F_DUMP : NLM_F_ACK);
	if (type)
		mnl_attr_put_u32(nlh, TIPC_LB_A_TYPE, *type);
	if (policy)
		mnl_attr_put_u32(nlh, TIPC_LB_A_POLICY, *policy);
	nl->own_family = true;
	r->dumping = dump;
	if (nl_talk(nl, nlh, lb_msg_cb, r) < 0) {
		nl_perror(nl);
		return -1;
	}
	return 0;
}

static int err_malformed(void)
{
	fprintf(stderr, "Error: malformed reply from the kernel\n");
	return -1;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->type > y->type) - (x->type < y->type);
}

static int show_all(struct nl *nl)
{
	struct reply def = { 0 }, all = { 0 };
	int ret = -1;

	if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, NULL, NULL, &def))
		return -1;
	if (!def.has_policy)
		return err_malformed();
	if (lb_request(nl, TIPC_LB_CMD_POLICY_GET, true, NULL, NULL, &all))
		goto out;
	if (all.malformed) {
		err_malformed();
		goto out;
	}
	if (all.n_entries)
		qsort(all.entries, all.n_entries, sizeof(*all.entries),
		      cmp_entry);

	if (json) {
		jw_open(NULL, '{');
		jw_policy("default", def.policy);
		jw_open("policies", '[');
		for (size_t i = 0; i < all.n_entries; i++) {
			jw_open(NULL, '{');
			jw_uint("type", all.entries[i].type);
			jw_policy("policy", all.entries[i].policy);
			jw_close('}');
		}
		jw_close(']');
		jw_close('}');
	} else {
		printf("default ");
		print_policy_text(def.policy);
		putchar('\n');
		for (size_t i = 0; i < all.n_entries; i++) {
			printf("type %u policy ", all.entries[i].type);
			print_policy_text(all.entries[i].policy);
			putchar('\n');
		}
	}
	ret = 0;
out:
	free(all.entries);
	return ret;
}

static int show_type(struct nl *nl, uint32_t type)
{
	struct reply r = { 0 };

	if (lb_request(nl, TIPC_LB_CMD_POLICY_GET, false, &type, NULL, &r))
		return -1;
	if (!r.has_policy)
		return err_malformed();
	if (r.has_type)
		type = r.type;
	if (json) {
		jw_open(NULL, '{');
		jw_uint("type", type);
		jw_policy("policy", r.policy);
		jw_close('}');
	} else {
		printf("type %u policy ", type);
		print_policy_text(r.policy);
		putchar('\n');
	}
	return 0;
}

static int show_default(struct nl *nl)
{
	struct reply r = { 0 };

	if (lb_request(nl, TIPC_LB_CMD_DEFAULT_GET, false, NULL, NULL, &r))
		return -1;
	if (!r.has_policy)
		return err_malformed();
	if (json) {
		jw_open(NULL, '{');
		jw_policy("default", r.policy);
		jw_close('}');
	} else {
		printf("default ");
		print_policy_text(r.policy);
		putchar('\n');
	}
	return 0;
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
		ret = show_type(&nl, req->type);
		break;
	case ACT_SHOW_DEFAULT:
		ret = show_default(&nl);
		break;
	case ACT_SET_TYPE:
		ret = lb_request(&nl, TIPC_LB_CMD_POLICY_SET, false,
				 &req->type, &req->policy, &r);
		break;
	case ACT_DEL_TYPE:
		ret = lb_request(&nl, TIPC_LB_CMD_POLICY_DEL, false,
				 &req->type, NULL, &r);
		break;
	case ACT_SET_DEFAULT:
	case ACT_DEL_DEFAULT:
		ret = lb_request(&nl, TIPC_LB_CMD_DEFAULT_SET, false,
				 NULL, &req->policy, &r);
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

enum { OBJ_POLICY, OBJ_HELP };

static const struct keyword objects[] = {
	{ "policy", OBJ_POLICY },
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
	obj = keyword_arg(argv[0], objects, "object", NULL);
	if (obj < 0)
		return 1;
	if (obj == OBJ_HELP) {
		if (trailing(argc - 1, argv + 1))
			return 1;
		usage(stderr);
		return 0;
	}
	ret = parse_policy_cmd(argc - 1, argv + 1, &req);
	if (ret)
		return ret < 0 ? 1 : 0;
	return run(&req) ? 1 : 0;
}
