#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tipc_lb_faults.py - allocation failures against tipc-lb (issue 10, item 5).

  tipc_lb_faults.py config [--sites] [--quick] [--max N]
      Every write command of the tipc_lb family (and the two that answer
      with a message of their own), each from a fixed starting
      configuration, under /proc/thread-self/fail-nth = 1, 2, ... until a
      request goes through with no fault left to inject (at most N, 200).
      For each N, as TAP lines per command:
        - the request is answered: an error (ENOMEM or ENOBUFS, or another
          errno with an extack message) or success; a failed sendmsg()
          counts as an answer, an ack the kernel could not allocate shows
          as ENOBUFS on the socket;
        - on error the configuration (policy, default, weight, priority and
          statistics dumps) is exactly what it was: nothing half applied;
          on success it is exactly what the same request gives without a
          fault; after a lost ack it is one of the two;
        - a listener of the "config" group gets the change announced (or
          ENOBUFS: it missed something) when it was made, nothing when not.
      The shell wrapper sets up the fault attributes (ignore-gfp-wait=N...)
      and the stack filter.  --sites: the kernel prints a stack trace for
      each fault (verbose=2); the innermost tipc frame of each is reported.
      --quick: only a case of each kind (a new type, a new entry, a
      notification alone, a reply).
      Prints "# faults: N" for the wrapper.  Binds a few TIPC sockets of
      its own so that a change is applied to live services.

  tipc_lb_faults.py bindloop TYPE LOWER COUNT SECONDS
      Binds COUNT overlapping ranges {TYPE, LOWER, LOWER+i} on one socket,
      closes it, again, for SECONDS; failures are counted, not fatal.
  tipc_lb_faults.py reqloop TYPE INST SECONDS
      RDM requests to {TYPE, INST}, one at a time (1 s for a reply).
  tipc_lb_faults.py connloop TYPE INST SECONDS
      Stream connections to {TYPE, INST}: up to 4 open, each sends a
      request, reads the reply, stays open a while, then closes.
  tipc_lb_faults.py cfgloop TYPE SECONDS
      Configuration writes on TYPE (policies, weights, priorities, stats
      reset); every request must be answered (10 s at most).
      Each loop prints "started", waits for the file FAULTS_GO (if that
      is set in the environment), then at the end (or when killed) one
      "NAME: ok=N err=M errnos={...}" line; cfgloop exits 3 if a request
      went unanswered (counted as "unanswered").

  tipc_lb_faults.py text [MODULE]
      The address range of MODULE's (tipc's) functions, for the stack
      filter: "START END".

  tipc_lb_faults.py lbstate TYPE...
      The publications of each TYPE as the balancer's statistics list
      them: "type lower upper port node conns", sorted.

  tipc_lb_faults.py ntlist [--netns NS,...] [TYPE...]
      The publications of each TYPE in this node's name table (or in
      each netns NS's) as the topology server reports them: "type lower
      upper port node", the node as its 32-bit address in hex, sorted,
      then "self ADDRESS"; with --netns each line starts with its NS.
      Not "tipc nametable show": the stock dump stopped early (EINTR) on
      ranges that share a lower bound (net/patches/tipc-fix-*), and one
      process for every netns costs one start-up, not one per node.
"""
import errno
import os
import select
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tipc_lb_nl import A, C, S, POLICY, Genl, attr, parse_attrs, \
    string, u32, NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP  # noqa: E402

SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
SCOPE = socket.TIPC_CLUSTER_SCOPE
FAIL_NTH = '/proc/thread-self/fail-nth'

# ------------------------------------------------------------------ TAP ----
N = 0
FAILED = 0


def tap(ok, desc, diag=None):
    global N, FAILED
    N += 1
    FAILED += not ok
    print('%sok %d %s' % ('' if ok else 'not ', N, desc), flush=True)
    if diag and not ok:
        for line in str(diag).splitlines():
            print('# ' + line, flush=True)


def note(msg):
    print('# ' + msg, flush=True)


# ------------------------------------------------------------- netlink ----
def mcast_group(g, name):
    """The id of the family's multicast group NAME."""
    saved, g.fam = g.fam, 0x10
    err, _, msgs, _ = g.request(CTRL_CMD_GETFAMILY,
                                attr(CTRL_ATTR_FAMILY_NAME, b'tipc_lb\0'))
    g.fam = saved
    if err or not msgs:
        return None
    for grp in parse_attrs(msgs[0].get(CTRL_ATTR_MCAST_GROUPS, b'')).values():
        at = parse_attrs(grp)
        if at.get(CTRL_ATTR_MCAST_GRP_NAME, b'').rstrip(b'\0') == name:
            return struct.unpack('I', at[CTRL_ATTR_MCAST_GRP_ID])[0]
    return None


def get_u32(m, k, dflt=0):
    return struct.unpack('I', m[k][:4])[0] if k in m else dflt


def state(g):
    """Everything the family shows, canonical: policies, default, entries,
    and the balancer's view of the services (its policy per publication)."""
    out = []
    for cmd in ('POLICY_GET', 'WEIGHT_GET', 'PRIO_GET', 'STATS_GET'):
        err, ext, msgs, _ = g.request(C[cmd], dump=True)
        if err:
            raise OSError(-err, '%s dump failed: %s' % (cmd, ext))
        for m in msgs:
            m = dict(m)
            if cmd == 'STATS_GET':	# selections: not configuration
                m.pop(S['SELECTIONS'], None)
            out.append((cmd, tuple(sorted(m.items()))))
    err, ext, msgs, _ = g.request(C['DEFAULT_GET'])
    if err:
        raise OSError(-err, 'DEFAULT_GET failed: %s' % ext)
    out.append(('DEFAULT', tuple(sorted(msgs[0].items()))))
    return sorted(out)


def listener_drain(lsk):
    """What the listener got: (messages, ENOBUFS seen)."""
    msgs, nobufs = 0, False
    while True:
        try:
            buf = lsk.recv(65536, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return msgs, nobufs
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            nobufs = True
            continue
        while len(buf) >= 16:
            ln = struct.unpack_from('I', buf)[0]
            msgs += 1
            buf = buf[(ln + 3) & ~3:]


class Kmsg:
    """New kernel log records; the innermost tipc frame of each fault."""

    def __init__(self):
        self.fd = os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def sites(self):
        found, in_fault, site = [], False, None
        while True:
            try:
                rec = os.read(self.fd, 8192).decode(errors='replace')
            except BlockingIOError:
                break
            except BrokenPipeError:	# overwritten records: go on
                continue
            msg = rec.split(';', 1)[-1].split('\n')[0].strip()
            if 'FAULT_INJECTION: forcing a failure' in msg:
                if in_fault:
                    found.append(site or '?')
                in_fault, site = True, None
            elif in_fault and '[tipc]' in msg and not msg.startswith('?') \
                    and site is None:
                site = msg.split()[0].split('+')[0]
            elif in_fault and msg.startswith('</TASK>'):
                found.append(site or '?')
                in_fault = False
        if in_fault:
            found.append(site or '?')
        return found


# The cases: the configuration to start from (after a flush), the request
T1, T2, T3, TFAR = 64000, 64001, 64002, 0xfffffff0
LONG_ID = 'n' * 32


def w(t, node, val, port=None):
    k = string('NODE_ID', node) if isinstance(node, str) else \
        u32('NODE_ADDR', node)
    return u32('TYPE', t) + k + (u32('PORT', port) if port else b'') + \
        u32('WEIGHT', val)


def p(t, node, val, port=None):
    k = string('NODE_ID', node) if isinstance(node, str) else \
        u32('NODE_ADDR', node)
    return u32('TYPE', t) + k + (u32('PORT', port) if port else b'') + \
        u32('PRIORITY', val)


def key(t, node, port=None):
    k = string('NODE_ID', node) if isinstance(node, str) else \
        u32('NODE_ADDR', node)
    return u32('TYPE', t) + k + (u32('PORT', port) if port else b'')


BASE = [('POLICY_SET', u32('TYPE', T1) + u32('POLICY', POLICY['rr'])),
        ('WEIGHT_SET', w(T1, 1, 5, 7)),
        ('PRIO_SET', p(T2, 'node1', 3)),
        ('DEFAULT_SET', u32('POLICY', POLICY['least']))]

CASES = [
    ('policy set, new type', [],
     ('POLICY_SET', u32('TYPE', T1) + u32('POLICY', POLICY['rr']))),
    ('policy set, new type far from the others', BASE,
     ('POLICY_SET', u32('TYPE', TFAR) + u32('POLICY', POLICY['weighted']) +
      u32('WEIGHT_SRC', 0) + u32('DEFAULT_WEIGHT', 7))),
    ('policy set, a type with entries only', BASE,
     ('POLICY_SET', u32('TYPE', T2) + u32('POLICY', POLICY['sorted']))),
    ('policy set, change of an existing one', BASE,
     ('POLICY_SET', u32('TYPE', T1) + u32('POLICY', POLICY['hash']))),
    ('default policy set', BASE,
     ('DEFAULT_SET', u32('POLICY', POLICY['weighted']) +
      u32('WEIGHT_SRC', 1))),
    ('weight set, new entry of a new type', BASE,
     ('WEIGHT_SET', w(T3, 2, 9, 11))),
    ('weight set, new entry with a 32-character identity', BASE,
     ('WEIGHT_SET', w(T1, LONG_ID, 3))),
    ('weight set, existing entry', BASE, ('WEIGHT_SET', w(T1, 1, 8, 7))),
    ('priority set, new entry of a new type', BASE,
     ('PRIO_SET', p(TFAR, LONG_ID, 1, 99))),
    ('priority set, new entry of a configured type', BASE,
     ('PRIO_SET', p(T1, 3, 2))),
    ('weight del', BASE, ('WEIGHT_DEL', key(T1, 1, 7))),
    ('priority del, the type\'s last item', BASE,
     ('PRIO_DEL', key(T2, 'node1'))),
    ('policy del', BASE, ('POLICY_DEL', u32('TYPE', T1))),
    ('flush', BASE + [('WEIGHT_SET', w(TFAR, 'node2', 4))], ('FLUSH', b'')),
    ('stats reset, every type', BASE, ('STATS_RESET', b'')),
    ('stats reset, one type', BASE, ('STATS_RESET', u32(S['TYPE'], T1))),
    ('policy get (a reply of its own)', BASE,
     ('POLICY_GET', u32('TYPE', T1))),
    ('default get (a reply of its own)', BASE, ('DEFAULT_GET', b'')),
]

# --quick: one case of each kind of allocation site
QUICK = ('policy set, new type', 'weight set, new entry of a new type',
         'flush', 'policy get (a reply of its own)')


def apply(g, reqs):
    for cmd, payload in reqs:
        err, ext, _, _ = g.request(C[cmd], payload)
        if err:
            raise OSError(-err, '%s: %s' % (cmd, ext))


def restore(g, setup):
    g.request(C['FLUSH'])
    apply(g, setup)


def answer(g, seq):
    """(errno or 0, extack, 'ack' | 'sockerr' | 'timeout')."""
    try:
        err, ext, _, _ = g.recv_all(seq)
        return err, ext, 'ack'
    except socket.timeout:
        return None, '', 'timeout'
    except OSError as e:
        return -e.errno, '', 'sockerr'


def config(args):
    sites = '--sites' in args
    maxn = int(args[args.index('--max') + 1]) if '--max' in args else 200
    cases = CASES
    if '--quick' in args:
        cases = [c for c in CASES if c[0] in QUICK]
    g = Genl()
    g.sk.settimeout(10)
    lsk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    lsk.bind((0, 0))
    grp = mcast_group(g, b'config')
    if grp is None:
        tap(False, 'the tipc_lb family has a "config" multicast group')
        return 1
    lsk.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
    # Live services of the configured types: changes are applied to them
    socks = []
    for t in (T1, T2, T3, TFAR):
        for lo, hi in ((0, 10), (5, 20)):
            s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
            s.bind((socket.TIPC_ADDR_NAMESEQ, t, lo, hi, SCOPE))
            socks.append(s)
    fd = os.open(FAIL_NTH, os.O_RDWR)
    kmsg = Kmsg() if sites else None
    total, all_sites = 0, {}
    for desc, setup, (cmd, payload) in cases:
        restore(g, setup)
        before = state(g)
        apply(g, [(cmd, payload)])
        after = state(g)
        problems, counts, nth, now = [], {}, 0, after
        for nth in range(1, maxn + 1):
            # A refused request left it as it was: no need to set it again
            if now != before:
                restore(g, setup)
                if state(g) != before:
                    problems.append('N=%d: the starting configuration '
                                    'differs' % nth)
                    break
            listener_drain(lsk)
            if kmsg:
                kmsg.sites()
            g.seq += 1
            seq = g.seq
            body = struct.pack('BBH', C[cmd], 1, 0) + payload
            msg = struct.pack('IHHII', 16 + len(body), g.fam,
                              NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body
            send_err = 0
            os.write(fd, b'%d' % nth)
            try:
                g.sk.send(msg)
            except OSError as e:
                send_err = e.errno
            left = int(os.pread(fd, 32, 0))
            os.write(fd, b'0')
            injected = left == 0
            if send_err:
                err, ext, how = -send_err, '', 'sendmsg'
            else:
                err, ext, how = answer(g, seq)
            now = state(g)
            lmsgs, lnobufs = listener_drain(lsk)
            if kmsg and injected:
                for s in kmsg.sites():
                    all_sites[s] = all_sites.get(s, 0) + 1
            what = 'N=%d (%s): ' % (nth, 'fault' if injected else 'no fault')
            if how == 'timeout':
                problems.append(what + 'no answer in 10 s')
            elif not injected:
                if err or now != after:
                    problems.append(what + 'error %s "%s" or a wrong result'
                                    % (err, ext))
            elif err == 0:
                if now != after:
                    problems.append(what + 'success, but not the change')
                counts['ok'] = counts.get('ok', 0) + 1
            elif how == 'sockerr':
                if now not in (before, after):
                    problems.append(what + 'lost ack (%d) and a half-applied '
                                    'change' % err)
                counts['lost-ack'] = counts.get('lost-ack', 0) + 1
            else:
                if err not in (-errno.ENOMEM, -errno.ENOBUFS) and not ext:
                    problems.append(what + 'error %d without a message'
                                    % err)
                if now != before:
                    problems.append(what + 'error %d, yet the configuration '
                                    'changed' % err)
                if lmsgs:
                    problems.append(what + 'error %d, yet announced' % err)
                name = errno.errorcode.get(-err, str(err))
                counts[name] = counts.get(name, 0) + 1
            if injected and err == 0 and now == after and \
                    cmd.endswith(('SET', 'DEL', 'FLUSH', 'RESET')) and \
                    not lmsgs and not lnobufs:
                problems.append(what + 'change made, listener told nothing')
            if not injected:
                break
        else:
            problems.append('still faulting after N=%d' % maxn)
        faults = nth - 1
        total += faults
        tap(not problems, '%s: %d faults, each answered, nothing half applied'
            % (desc, faults), '\n'.join(problems[:10]))
        note('  %s: %s' % (desc, ' '.join('%s=%d' % kv
                                          for kv in sorted(counts.items()))))
    g.request(C['FLUSH'])
    os.close(fd)
    for s in socks:
        s.close()
    if sites:
        for s, n in sorted(all_sites.items(), key=lambda kv: -kv[1]):
            note('site %s: %d' % (s, n))
        tap(any(s.startswith('tipc_lb_') for s in all_sites),
            'faults hit tipc-lb\'s own allocations', all_sites)
    note('faults: %d' % total)
    print('1..%d' % N)
    return 1 if FAILED else 0


# ------------------------------------------------------------ workloads ----
class Tally:
    current = None

    def __init__(self, name):
        self.name, self.ok, self.errs = name, 0, {}
        Tally.current = self
        print('started', flush=True)
        # FAULTS_GO: a file whose appearance starts the loop's clock
        go = os.environ.get('FAULTS_GO')
        deadline = time.monotonic() + 120
        while go and not os.path.exists(go) and time.monotonic() < deadline:
            time.sleep(0.1)

    def err(self, e):
        k = errno.errorcode.get(e, str(e)) if isinstance(e, int) else e
        self.errs[k] = self.errs.get(k, 0) + 1

    def report(self):
        print('%s: ok=%d err=%d errnos={%s}' % (
            self.name, self.ok, sum(self.errs.values()),
            ','.join('%s:%d' % kv for kv in sorted(self.errs.items()))),
            flush=True)


def bindloop(args):
    type_, lower, count = (int(a) for a in args[:3])
    t = Tally('bindloop')
    end = time.monotonic() + float(args[3])
    while time.monotonic() < end:
        try:
            s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
        except OSError as e:
            t.err(e.errno)
            time.sleep(0.01)
            continue
        for i in range(count):
            try:
                s.bind((socket.TIPC_ADDR_NAMESEQ, type_, lower, lower + i,
                        SCOPE))
                t.ok += 1
            except OSError as e:
                t.err(e.errno)
        s.close()
    t.report()
    return 0


def reqloop(args):
    type_, inst = int(args[0]), int(args[1])
    t = Tally('reqloop')
    end = time.monotonic() + float(args[2])
    s = None
    while time.monotonic() < end:
        try:
            if s is None:
                s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
            s.sendto(b'request', (socket.TIPC_ADDR_NAME, type_, inst, 0))
            if select.select([s], [], [], 1.0)[0]:
                s.recv(64)
                t.ok += 1
            else:
                t.err('timeout')
        except OSError as e:
            t.err(e.errno)
            if s is not None:
                s.close()
            s = None
            time.sleep(0.01)
    t.report()
    return 0


def connloop(args):
    type_, inst = int(args[0]), int(args[1])
    t = Tally('connloop')
    end = time.monotonic() + float(args[2])
    held = []
    while time.monotonic() < end:
        try:
            s = socket.socket(socket.AF_TIPC, socket.SOCK_STREAM)
            held.append(s)
            s.settimeout(2)
            s.connect((socket.TIPC_ADDR_NAME, type_, inst, 0))
            s.send(b'request')
            if not s.recv(64):
                raise OSError(errno.ECONNRESET, 'closed')
            t.ok += 1
        except socket.timeout:
            t.err('timeout')
        except OSError as e:
            t.err(e.errno)
        while len(held) > 4:
            held.pop(0).close()
    for s in held:
        s.close()
    t.report()
    return 0


def cfgloop(args):
    type_ = int(args[0])
    g = Genl()
    g.sk.settimeout(10)
    t = Tally('cfgloop')
    end = time.monotonic() + float(args[1])
    reqs = [('POLICY_SET', u32('TYPE', type_) + u32('POLICY', POLICY[pol]))
            for pol in ('rr', 'weighted', 'least', 'sorted', 'hash')]
    reqs += [('WEIGHT_SET', w(type_, 'node%d' % i, i, None))
             for i in range(1, 4)]
    reqs += [('PRIO_SET', p(type_ + i, i, i)) for i in range(1, 4)]
    reqs += [('WEIGHT_DEL', key(type_, 'node%d' % i)) for i in range(1, 4)]
    reqs += [('PRIO_DEL', key(type_ + i, i)) for i in range(1, 4)]
    reqs += [('STATS_RESET', u32(S['TYPE'], type_)),
             ('POLICY_DEL', u32('TYPE', type_))]
    lost, i = 0, 0
    while time.monotonic() < end:
        cmd, payload = reqs[i % len(reqs)]
        i += 1
        try:
            seq = g.send(C[cmd], payload)
        except OSError as e:
            t.err(e.errno)
            continue
        err, _, how = answer(g, seq)
        if how == 'timeout':
            lost += 1
            t.err('unanswered')
        elif err:
            t.err(-err)
        else:
            t.ok += 1
    t.report()
    return 3 if lost else 0


def lbstate(args):
    g = Genl()
    rows = []
    for t in args:
        err, ext, msgs, _ = g.request(C['STATS_GET'],
                                      u32(S['TYPE'], int(t)), dump=True)
        if err:
            print('error: %s (%d)' % (ext, err))
            return 2
        for m in msgs:
            rows.append('%s %d %d %d %s %d' % (
                t, get_u32(m, S['LOWER']), get_u32(m, S['UPPER']),
                get_u32(m, S['PORT']),
                m.get(S['NODE_ID'], b'').rstrip(b'\0').decode(),
                get_u32(m, S['CONNS'])))
    for r in sorted(rows):
        print(r)
    return 0


TOP_SRV = 1
SUB_PORTS = 0x1
WAIT_FOREVER = 0xffffffff
PUBLISHED = 1
SUBSCR = '=IIIII8s'
EVENT = '=IIIII' + SUBSCR[1:]


def setns(name):
    """Enter network namespace NAME (of "ip netns"): sockets opened after
    this belong to it."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open('/run/netns/' + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000):     # CLONE_NEWNET
            e = ctypes.get_errno()
            raise OSError(e, 'setns %s: %s' % (name, os.strerror(e)))
    finally:
        os.close(fd)


def ntlist_one(types):
    """A subscription to each type with TIPC_SUB_PORTS has the topology
    server report every publication it covers at once, in order; one to
    the server's own {1, 1} (node scope, so only this node's) comes last
    and marks the end of the reports, and tells this node's address."""
    s = socket.socket(socket.AF_TIPC, socket.SOCK_SEQPACKET)
    s.settimeout(30)
    s.connect((socket.TIPC_ADDR_NAME, TOP_SRV, TOP_SRV, 0))
    for t in types:
        s.send(struct.pack(SUBSCR, t, 0, 0xffffffff, WAIT_FOREVER,
                           SUB_PORTS, b''))
    s.send(struct.pack(SUBSCR, TOP_SRV, TOP_SRV, TOP_SRV, WAIT_FOREVER,
                       SUB_PORTS, b''))
    rows, own = [], None
    while own is None:
        ev = struct.unpack(EVENT, s.recv(struct.calcsize(EVENT)))
        if ev[0] != PUBLISHED:
            continue
        if ev[5] == TOP_SRV:
            own = ev[4]
        else:
            rows.append('%d %d %d %d %08x' % (ev[5], ev[1], ev[2], ev[3],
                                              ev[4]))
    s.close()
    return sorted(rows) + ['self %08x' % own]


def ntlist(args):
    if args[:1] == ['--netns']:
        for ns in args[1].split(','):
            setns(ns)
            for r in ntlist_one([int(a) for a in args[2:]]):
                print(ns, r)
    else:
        for r in ntlist_one([int(a) for a in args]):
            print(r)
    return 0


def text(args):
    """tipc.ko's text: its first function up to the next symbol after its
    last one (at most 64 KiB past it)."""
    mod = '[%s]' % (args[0] if args else 'tipc')
    addrs, lo, hi = [], None, None
    with open('/proc/kallsyms') as f:
        for line in f:
            fields = line.split()
            a = int(fields[0], 16)
            addrs.append(a)
            if len(fields) > 3 and fields[3] == mod and fields[1] in 'tT':
                lo = a if lo is None else min(lo, a)
                hi = a if hi is None else max(hi, a)
    if not lo:
        return 1
    end = min([a for a in addrs if a > hi] + [hi + 65536])
    print('%#x %#x' % (lo, end))
    return 0


def on_term(signum, frame):
    """Killed by a timeout: still say how far it got."""
    if Tally.current:
        Tally.current.err('killed')
        Tally.current.report()
    os._exit(5)


def main():
    signal.signal(signal.SIGTERM, on_term)
    cmds = {'text': text, 'config': config, 'bindloop': bindloop,
            'reqloop': reqloop, 'connloop': connloop, 'cfgloop': cfgloop,
            'lbstate': lbstate, 'ntlist': ntlist}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 1
    return cmds[sys.argv[1]](sys.argv[2:])


if __name__ == '__main__':
    sys.exit(main())
