// SPDX-License-Identifier: GPL-2.0
/*
 * TIPC anycast lookup benchmark (tipc-lb)
 *
 * Built only in benchmark builds (tools/stage-tipc --bench applies
 * net/patches/tipc-lb-bench.patch, which hooks this file into the module),
 * against the stock TIPC module as well as against ours. So it uses only
 * upstream name table APIs: it inserts fake publications from remote nodes
 * with tipc_nametbl_insert_publ(), as the name distributor does for peers'
 * bindings, and times tipc_nametbl_lookup_anycast() as a send would call it
 * (lookup domain 0).
 *
 * debugfs, tipc_lb_bench/:
 *   ctl    write one command; read the result of the last one, a line of
 *          key=value pairs
 *   picks  the publication each lookup of the last "picks" or "sweep"
 *          command selected, by index, one per line (-1: none of ours)
 *
 * Commands (numbers in decimal or 0x hex), working in the writer's network
 * namespace, which needs a node address (tipc node set identity ...):
 *   publish type=T n=K lower=L upper=U [step=S] [lstep=LS]
 *           K publications {T, L + i * LS, U + i * S}, i = 0..K-1,
 *           publication i from node BENCH_NODE + i, port BENCH_PORT + i,
 *           key i + 1: identical {T,0,1023} (S = LS = 0), nested
 *           {T,0,1023+i} (S = 1), disjoint {T,i,i} (L = U = 0, S = LS = 1)
 *   withdraw i=I                  withdraw publication I
 *   clear                         withdraw them all, in publishing order
 *   status                        how lookups of the type are answered
 *   time inst=X n=N [chunk=C]     N lookups of {T, X}, timed per chunk of C
 *   picks inst=X n=N              N lookups of {T, X}, picks recorded
 *   sweep lower=A upper=B         one lookup per instance A..B, recorded
 *
 * publish and clear time each insert (withdrawal) from just after taking
 * nametbl_lock to just before releasing it, as tipc_named_rcv() and
 * tipc_publ_purge() hold it for a peer's item, less the cost of reading
 * the clock (clock_ns, measured at module load): publish_ns (withdraw_ns)
 * is the sum over the publications, publish_max_ns (withdraw_max_ns) the
 * longest single one that no hard interrupt (timer tick, IPI, device)
 * interrupted on x86, publish_max_all_ns (withdraw_max_all_ns) the longest
 * of all and publish_irq (withdraw_irq) the number of interrupted ones.
 * Under QEMU's -icount a ns is an instruction.
 *
 * "path" in the results tells how the lookup is answered: "stock" (stock
 * module), "none" (tipc-lb, no policy for the type, its own or the
 * namespace default) or "balancer" (tipc-lb, a policy).
 */

#include <linux/debugfs.h>
#include <linux/hardirq.h>
#include <linux/kernel_stat.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>
#include "core.h"
#include "addr.h"
#include "name_table.h"
#include "lb_bench.h"

#define BENCH_NODE	0x7e000001U
#define BENCH_PORT	0x40000000U
#define BENCH_MAX_PUBL	16384
#define BENCH_MAX_PICKS	BIT(20)
#define BENCH_MAX_CHUNKS 4096
#define BENCH_CMD_LEN	256

struct bench_publ {
	u32 lower;
	u32 upper;
	struct publication *p;
};

enum {
	BENCH_TYPE, BENCH_N, BENCH_LOWER, BENCH_UPPER, BENCH_STEP,
	BENCH_INST, BENCH_CHUNK, BENCH_I, BENCH_LSTEP, BENCH_NKEYS
};

static const char * const bench_keys[BENCH_NKEYS] = {
	[BENCH_TYPE] = "type", [BENCH_N] = "n", [BENCH_LOWER] = "lower",
	[BENCH_UPPER] = "upper", [BENCH_STEP] = "step", [BENCH_INST] = "inst",
	[BENCH_CHUNK] = "chunk", [BENCH_I] = "i", [BENCH_LSTEP] = "lstep",
};

struct bench_args {
	u32 v[BENCH_NKEYS];
	unsigned long seen;
};

/* One benchmark at a time, serialised by @lock */
static struct {
	struct mutex lock;	/* protects all of it */
	struct dentry *dir;
	struct net *net;	/* where the publications are, referenced */
	u32 type;
	u32 n;
	struct bench_publ *publ;
	s32 *picks;
	u32 npicks;
	u64 clock_ns;		/* cost of a ktime_get_ns() pair */
	u64 withdraw_ns;	/* sum of the withdrawals' lock hold times */
	u64 withdraw_max_ns;	/* the longest not interrupted */
	u64 withdraw_max_all_ns; /* the longest of all */
	u32 withdraw_irq;	/* withdrawals an interrupt hit */
	u32 withdrawn;
	char result[BENCH_CMD_LEN];
} bench = {
	.lock = __MUTEX_INITIALIZER(bench.lock),
};

static int bench_fail(int err, const char *why)
{
	snprintf(bench.result, sizeof(bench.result), "error=%d %s\n", err, why);
	return err;
}

#ifdef _TIPC_LB_H
/* tipc-lb's lookup takes the connection being set up: none here */
#define bench_lookup(net, ua, sk) tipc_nametbl_lookup_anycast(net, ua, sk, NULL)
#else
#define bench_lookup(net, ua, sk) tipc_nametbl_lookup_anycast(net, ua, sk)
#endif

#ifdef _TIPC_LB_H
/* tipc-lb: does a policy answer lookups of the bench type? Its own, else
 * the namespace's default, as tipc_lb_svc_setup() decides; read from the
 * configuration under RCU, never from the publications (whose balancer
 * state is stale while the service has no policy).
 */
static const char *bench_path_of(struct net *net, u32 type)
{
	struct tipc_lb_net *lbn = &tipc_name_table(net)->lb;
	struct tipc_lb_cfg *cfg;
	u32 policy;

	if (type < TIPC_LB_TYPE_MIN)
		return "none";
	rcu_read_lock();
	cfg = tipc_lb_cfg_get(lbn, type);
	if (cfg && READ_ONCE(cfg->has_policy))
		policy = READ_ONCE(cfg->policy);
	else
		policy = READ_ONCE(lbn->dflt_policy);
	rcu_read_unlock();
	return tipc_lb_policy_ops(policy) ? "balancer" : "none";
}
#else
static const char *bench_path_of(struct net *net, u32 type)
{
	return "stock";
}
#endif

static const char *bench_path(void)
{
	u32 i;

	for (i = 0; i < bench.n; i++)
		if (bench.publ[i].p)
			return bench_path_of(bench.net, bench.type);
	return "empty";
}

/* Nanoseconds (instructions under -icount) between two ktime_get_ns()
 * with nothing in between: taken off every lock hold time
 */
static void bench_calibrate(void)
{
	u64 t0, dt, best = U64_MAX;
	int i;

	for (i = 0; i < 64; i++) {
		local_bh_disable();
		t0 = ktime_get_ns();
		dt = ktime_get_ns() - t0;
		local_bh_enable();
		best = min(best, dt);
	}
	bench.clock_ns = best;
}

/* Hard interrupts this CPU has taken, so far as we can tell: device
 * interrupts, and on x86 the local APIC's timer, IPIs and NMIs. A change
 * across a timed item means its time includes a handler's.
 */
static unsigned long bench_irqs(void)
{
	unsigned long n = this_cpu_read(kstat.irqs_sum);

#ifdef CONFIG_X86
	n += this_cpu_read(irq_stat.__nmi_count);
	n += this_cpu_read(irq_stat.x86_platform_ipis);
	n += this_cpu_read(irq_stat.apic_irq_work_irqs);
	n += this_cpu_read(irq_stat.irq_tlb_count);
#ifdef CONFIG_X86_LOCAL_APIC
	n += this_cpu_read(irq_stat.apic_timer_irqs);
#endif
#ifdef CONFIG_SMP
	n += this_cpu_read(irq_stat.irq_resched_count);
	n += this_cpu_read(irq_stat.irq_call_count);
#endif
#endif
	return n;
}

static u64 bench_held(u64 t0, u64 t1)
{
	u64 dt = t1 - t0;

	return dt > bench.clock_ns ? dt - bench.clock_ns : 0;
}

static void bench_withdraw(u32 i)
{
	struct tipc_net *tn = tipc_net(bench.net);
	struct bench_publ *b = &bench.publ[i];
	struct tipc_socket_addr sk;
	struct publication *p;
	struct tipc_uaddr ua;
	unsigned long irqs;
	u64 t0, dt;

	if (!b->p)
		return;
	tipc_uaddr(&ua, TIPC_SERVICE_RANGE, TIPC_CLUSTER_SCOPE, bench.type,
		   b->lower, b->upper);
	sk.node = BENCH_NODE + i;
	sk.ref = BENCH_PORT + i;
	spin_lock_bh(&tn->nametbl_lock);
	irqs = bench_irqs();
	t0 = ktime_get_ns();
	p = tipc_nametbl_remove_publ(bench.net, &ua, &sk, i + 1);
	dt = bench_held(t0, ktime_get_ns());
	irqs = bench_irqs() - irqs;
	spin_unlock_bh(&tn->nametbl_lock);
	if (p)
		kfree_rcu(p, rcu);
	b->p = NULL;
	bench.withdraw_ns += dt;
	bench.withdraw_max_all_ns = max(bench.withdraw_max_all_ns, dt);
	if (irqs)
		bench.withdraw_irq++;
	else
		bench.withdraw_max_ns = max(bench.withdraw_max_ns, dt);
	bench.withdrawn++;
}

static void bench_clear(void)
{
	u32 i;

	bench.withdraw_ns = 0;
	bench.withdraw_max_ns = 0;
	bench.withdraw_max_all_ns = 0;
	bench.withdraw_irq = 0;
	bench.withdrawn = 0;
	if (!bench.net)
		return;
	for (i = 0; i < bench.n; i++) {
		bench_withdraw(i);
		cond_resched();
	}
	kvfree(bench.publ);
	bench.publ = NULL;
	bench.n = 0;
	put_net(bench.net);
	bench.net = NULL;
}

static int bench_publish(struct net *net, struct bench_args *a)
{
	u32 type = a->v[BENCH_TYPE], n = a->v[BENCH_N];
	u32 lower = a->v[BENCH_LOWER], upper = a->v[BENCH_UPPER];
	u32 step = a->v[BENCH_STEP], lstep = a->v[BENCH_LSTEP];
	u32 self = tipc_own_addr(net);
	struct tipc_net *tn = tipc_net(net);
	u64 t0, dt, sum = 0, longest = 0, longest_all = 0;
	unsigned long irqs;
	u32 nirq = 0;
	struct tipc_socket_addr sk;
	struct publication *p;
	struct tipc_uaddr ua;
	u32 i;

	if (bench.net)
		return bench_fail(-EBUSY, "publications exist: clear first");
	if (!self)
		return bench_fail(-EADDRNOTAVAIL, "no node address in this namespace");
	if (type < TIPC_RESERVED_TYPES || !n || n > BENCH_MAX_PUBL ||
	    upper < lower || lstep > step ||
	    upper + (u64)(n - 1) * step > U32_MAX)
		return bench_fail(-EINVAL, "bad type, n, range or steps");
	if (self - BENCH_NODE < n)
		return bench_fail(-EADDRINUSE, "own node address among the fake ones");
	bench.publ = kvcalloc(n, sizeof(*bench.publ), GFP_KERNEL);
	if (!bench.publ)
		return bench_fail(-ENOMEM, "no memory");
	bench.net = get_net(net);
	bench.type = type;
	bench.n = n;
	for (i = 0; i < n; i++) {
		bench.publ[i].lower = lower + i * lstep;
		bench.publ[i].upper = upper + i * step;
		tipc_uaddr(&ua, TIPC_SERVICE_RANGE, TIPC_CLUSTER_SCOPE, type,
			   bench.publ[i].lower, bench.publ[i].upper);
		sk.node = BENCH_NODE + i;
		sk.ref = BENCH_PORT + i;
		spin_lock_bh(&tn->nametbl_lock);
		irqs = bench_irqs();
		t0 = ktime_get_ns();
		p = tipc_nametbl_insert_publ(net, &ua, &sk, i + 1);
		dt = bench_held(t0, ktime_get_ns());
		irqs = bench_irqs() - irqs;
		spin_unlock_bh(&tn->nametbl_lock);
		if (!p) {
			bench_clear();
			return bench_fail(-ENOMEM, "publication refused");
		}
		bench.publ[i].p = p;
		sum += dt;
		longest_all = max(longest_all, dt);
		if (irqs)
			nirq++;
		else
			longest = max(longest, dt);
		cond_resched();
	}
	snprintf(bench.result, sizeof(bench.result),
		 "published=%u type=%u publish_ns=%llu publish_max_ns=%llu publish_max_all_ns=%llu publish_irq=%u clock_ns=%llu path=%s\n",
		 n, type, sum, longest, longest_all, nirq, bench.clock_ns,
		 bench_path());
	return 0;
}

static void bench_service_addr(struct tipc_uaddr *ua, u32 inst)
{
	memset(ua, 0, sizeof(*ua));
	ua->family = AF_TIPC;
	ua->addrtype = TIPC_SERVICE_ADDR;
	ua->scope = TIPC_CLUSTER_SCOPE;
	ua->sa.type = bench.type;
	ua->sa.instance = inst;
	ua->lookup_node = 0;
}

/* Index of the publication a lookup selected, -1 if none of ours */
static s32 bench_index(bool found, struct tipc_socket_addr *sk)
{
	u32 i = sk->ref - BENCH_PORT;

	if (!found || i >= bench.n || sk->node != BENCH_NODE + i)
		return -1;
	return i;
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int bench_time(struct bench_args *a)
{
	u32 n = a->v[BENCH_N], inst = a->v[BENCH_INST];
	u32 chunk = test_bit(BENCH_CHUNK, &a->seen) ? a->v[BENCH_CHUNK] : 10000;
	u64 *ps, total = 0, t0, dt;
	u32 c, j, todo, nchunks, done = 0, found = 0;
	struct tipc_socket_addr sk;
	struct tipc_uaddr ua;
	int err = 0;

	if (!n || !chunk)
		return bench_fail(-EINVAL, "n and chunk must be > 0");
	nchunks = DIV_ROUND_UP(n, chunk);
	if (nchunks > BENCH_MAX_CHUNKS)
		return bench_fail(-E2BIG, "too many chunks: raise chunk");
	/* Per chunk, picoseconds per lookup */
	ps = kvmalloc_array(nchunks, sizeof(*ps), GFP_KERNEL);
	if (!ps)
		return bench_fail(-ENOMEM, "no memory");
	bench_service_addr(&ua, inst);
	for (c = 0; c < nchunks; c++) {
		todo = min(chunk, n - done);
		t0 = ktime_get_ns();
		for (j = 0; j < todo; j++) {
			sk.node = 0;
			sk.ref = 0;
			if (bench_lookup(bench.net, &ua, &sk) &&
			    sk.node)
				found++;
		}
		dt = ktime_get_ns() - t0;
		total += dt;
		ps[c] = div_u64(dt * 1000, todo);
		done += todo;
		/* Outside the timed part: the scheduler, and a way out */
		cond_resched();
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
	if (!err) {
		sort(ps, nchunks, sizeof(*ps), bench_cmp_u64, NULL);
		snprintf(bench.result, sizeof(bench.result),
			 "lookups=%u found=%u chunks=%u total_ns=%llu mean_ps=%llu median_ps=%llu min_ps=%llu path=%s\n",
			 n, found, nchunks, total, div_u64(total * 1000, n),
			 ps[nchunks / 2], ps[0], bench_path());
	}
	kvfree(ps);
	return err ? bench_fail(err, "interrupted") : 0;
}

/* Record the pick of n lookups, of instance @inst or, if @sweep, of
 * instances @inst to @inst + n - 1
 */
static int bench_picks(u32 inst, u32 n, bool sweep)
{
	struct tipc_socket_addr sk;
	struct tipc_uaddr ua;
	u32 i, found = 0;
	bool ok;

	if (!n || n > BENCH_MAX_PICKS)
		return bench_fail(-E2BIG, "too many picks");
	kvfree(bench.picks);
	bench.npicks = 0;
	bench.picks = kvmalloc_array(n, sizeof(*bench.picks), GFP_KERNEL);
	if (!bench.picks)
		return bench_fail(-ENOMEM, "no memory");
	bench_service_addr(&ua, inst);
	for (i = 0; i < n; i++) {
		if (sweep)
			ua.sa.instance = inst + i;
		sk.node = 0;
		sk.ref = 0;
		ok = bench_lookup(bench.net, &ua, &sk) && sk.node;
		bench.picks[i] = bench_index(ok, &sk);
		found += bench.picks[i] >= 0;
		if (!(i % 4096))
			cond_resched();
	}
	bench.npicks = n;
	snprintf(bench.result, sizeof(bench.result),
		 "picks=%u found=%u path=%s\n", n, found, bench_path());
	return 0;
}

static int bench_parse(char *args, struct bench_args *a)
{
	char *tok, *val;
	int k;

	memset(a, 0, sizeof(*a));
	while ((tok = strsep(&args, " \t\n")) != NULL) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		k = match_string(bench_keys, BENCH_NKEYS, tok);
		if (k < 0 || kstrtou32(val, 0, &a->v[k]))
			return -EINVAL;
		__set_bit(k, &a->seen);
	}
	return 0;
}

/* Every key of @keys (a bit mask) was given */
static bool bench_has(struct bench_args *a, unsigned long keys)
{
	return (a->seen & keys) == keys;
}

static int bench_exec(struct net *net, const char *cmd, struct bench_args *a)
{
	if (!strcmp(cmd, "publish")) {
		if (!bench_has(a, BIT(BENCH_TYPE) | BIT(BENCH_N) |
			       BIT(BENCH_LOWER) | BIT(BENCH_UPPER)))
			return bench_fail(-EINVAL, "publish needs type n lower upper");
		return bench_publish(net, a);
	}
	if (!strcmp(cmd, "clear")) {
		const char *path = bench.net ? bench_path() : "empty";

		bench_clear();
		snprintf(bench.result, sizeof(bench.result),
			 "cleared withdrawn=%u withdraw_ns=%llu withdraw_max_ns=%llu withdraw_max_all_ns=%llu withdraw_irq=%u clock_ns=%llu path=%s\n",
			 bench.withdrawn, bench.withdraw_ns,
			 bench.withdraw_max_ns, bench.withdraw_max_all_ns,
			 bench.withdraw_irq, bench.clock_ns, path);
		return 0;
	}
	if (!bench.net)
		return bench_fail(-ENOENT, "nothing published");
	if (!strcmp(cmd, "withdraw")) {
		if (!bench_has(a, BIT(BENCH_I)) || a->v[BENCH_I] >= bench.n ||
		    !bench.publ[a->v[BENCH_I]].p)
			return bench_fail(-EINVAL, "withdraw needs i of a publication");
		bench_withdraw(a->v[BENCH_I]);
		snprintf(bench.result, sizeof(bench.result),
			 "withdrawn=%u path=%s\n", a->v[BENCH_I], bench_path());
		return 0;
	}
	if (!strcmp(cmd, "status")) {
		snprintf(bench.result, sizeof(bench.result),
			 "type=%u publications=%u path=%s\n", bench.type,
			 bench.n, bench_path());
		return 0;
	}
	if (!strcmp(cmd, "time")) {
		if (!bench_has(a, BIT(BENCH_INST) | BIT(BENCH_N)))
			return bench_fail(-EINVAL, "time needs inst n");
		return bench_time(a);
	}
	if (!strcmp(cmd, "picks")) {
		if (!bench_has(a, BIT(BENCH_INST) | BIT(BENCH_N)))
			return bench_fail(-EINVAL, "picks needs inst n");
		return bench_picks(a->v[BENCH_INST], a->v[BENCH_N], false);
	}
	if (!strcmp(cmd, "sweep")) {
		if (!bench_has(a, BIT(BENCH_LOWER) | BIT(BENCH_UPPER)) ||
		    a->v[BENCH_UPPER] < a->v[BENCH_LOWER] ||
		    a->v[BENCH_UPPER] - a->v[BENCH_LOWER] >= BENCH_MAX_PICKS)
			return bench_fail(-EINVAL, "sweep needs lower upper, at most 1M apart");
		return bench_picks(a->v[BENCH_LOWER],
				   a->v[BENCH_UPPER] - a->v[BENCH_LOWER] + 1,
				   true);
	}
	return bench_fail(-EINVAL, "unknown command");
}

static ssize_t bench_ctl_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct bench_args a;
	char *buf, *args, *cmd;
	int err;

	if (len >= BENCH_CMD_LEN)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	args = strim(buf);
	cmd = strsep(&args, " \t");
	mutex_lock(&bench.lock);
	err = bench_parse(args, &a);
	if (err)
		bench_fail(err, "bad argument: KEY=NUMBER expected");
	else
		err = bench_exec(current->nsproxy->net_ns, cmd, &a);
	mutex_unlock(&bench.lock);
	kfree(buf);
	return err ? err : len;
}

static ssize_t bench_ctl_read(struct file *file, char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench.lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, bench.result,
				      strlen(bench.result));
	mutex_unlock(&bench.lock);
	return ret;
}

static const struct file_operations bench_ctl_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= bench_ctl_read,
	.write	= bench_ctl_write,
	.llseek	= default_llseek,
};

static void *bench_picks_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&bench.lock);
	return *pos < bench.npicks ? &bench.picks[*pos] : NULL;
}

static void *bench_picks_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos < bench.npicks ? &bench.picks[*pos] : NULL;
}

static void bench_picks_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&bench.lock);
}

static int bench_picks_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", *(s32 *)v);
	return 0;
}

static const struct seq_operations bench_picks_sops = {
	.start	= bench_picks_start,
	.next	= bench_picks_next,
	.stop	= bench_picks_stop,
	.show	= bench_picks_show,
};
DEFINE_SEQ_ATTRIBUTE(bench_picks);

void tipc_lb_bench_init(void)
{
	bench.dir = debugfs_create_dir("tipc_lb_bench", NULL);
	debugfs_create_file("ctl", 0600, bench.dir, NULL, &bench_ctl_fops);
	debugfs_create_file("picks", 0400, bench.dir, NULL, &bench_picks_fops);
	bench_calibrate();
	pr_info("lookup benchmark interface in debugfs: tipc_lb_bench/\n");
}

/* Called at module exit, after the name tables, and so the publications,
 * are gone: just forget them
 */
void tipc_lb_bench_exit(void)
{
	debugfs_remove_recursive(bench.dir);
	bench.dir = NULL;
	if (bench.net)
		put_net(bench.net);
	bench.net = NULL;
	kvfree(bench.publ);
	bench.publ = NULL;
	bench.n = 0;
	kvfree(bench.picks);
	bench.picks = NULL;
	bench.npicks = 0;
}
