#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink to the tipc_lb family, for tests that must see the
kernel's exact answers (errno, extack message, dump flags) or send what no
well-behaved tool sends.

  tipc_lb_nl.py caps           the configuration bounds, TAP on stdout
  tipc_lb_nl.py unpriv TYPE    run without CAP_NET_ADMIN in a netns that
                               has a configuration of TYPE: every write
                               EPERM, every read works (TAP)
  tipc_lb_nl.py userns TYPE    run as root in the initial netns: a socket
                               kept from there, then a user and network
                               namespace of uid 65534's own (TAP)
"""
import ctypes
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_DUMP_INTR = 0x10
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_MISS_TYPE = 5
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2

# include/uapi/linux/tipc_lb.h: the config attribute set (TIPC_LB_A_CONFIG_*)
A = dict(TYPE=1, POLICY=2, DEFAULT_WEIGHT=3, WEIGHT_SRC=4, NODE_ID=5,
         NODE_ADDR=6, PORT=7, WEIGHT=8, PRIORITY=9, POLICY_ORIGIN=10)
# ... and the stats set (TIPC_LB_A_STATS_*), of STATS_GET and STATS_RESET
S = dict(TYPE=1, POLICY=2, NODE_ID=3, NODE_ADDR=4, PORT=5, LOWER=6,
         UPPER=7, SELECTIONS=8, CONNS=9, WEIGHT=10, POSITION=11)
C = dict(POLICY_GET=1, POLICY_SET=2, POLICY_DEL=3, DEFAULT_GET=4,
         DEFAULT_SET=5, WEIGHT_GET=6, WEIGHT_SET=7, WEIGHT_DEL=8,
         PRIO_GET=9, PRIO_SET=10, PRIO_DEL=11, STATS_GET=12,
         STATS_RESET=13, FLUSH=14)
POLICY = dict(none=0, rr=1, weighted=2, least=3, sorted=4, hash=5)


def attr(kind, payload):
    return struct.pack('HH', 4 + len(payload), kind) + payload + \
        b'\0' * (-len(payload) % 4)


def u32(kind, v):
    return attr(A.get(kind, kind) if isinstance(kind, str) else kind,
                struct.pack('I', v))


def string(kind, v):
    return attr(A[kind], v if isinstance(v, bytes) else v.encode() + b'\0')


def get_uint(payload):
    """A uint attribute (NLA_UINT): 4 bytes, or 8 when the value needs it"""
    if len(payload) not in (4, 8):
        raise ValueError('uint attribute of %d bytes' % len(payload))
    return struct.unpack('I' if len(payload) == 4 else 'Q', payload)[0]


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        ln, kind = struct.unpack_from('HH', data)
        if ln < 4:
            break
        out.setdefault(kind & 0x3fff, data[4:ln])
        data = data[(ln + 3) & ~3:]
    return out


class Genl:
    def __init__(self, family='tipc_lb'):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.bind((0, 0))
        self.seq = 0
        self.fam = GENL_ID_CTRL
        err, _, msgs, _ = self.request(CTRL_CMD_GETFAMILY,
                                    attr(CTRL_ATTR_FAMILY_NAME,
                                         family.encode() + b'\0'))
        if err:
            raise OSError(-err, 'no %s family' % family)
        self.fam = struct.unpack('H', msgs[0][CTRL_ATTR_FAMILY_ID][:2])[0]

    def send(self, cmd, payload=b'', flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack('BBH', cmd, 1, 0) + payload
        self.sk.send(struct.pack('IHHII', 16 + len(body), self.fam, flags,
                                 self.seq, 0) + body)
        return self.seq

    def recv_all(self, seq, stop_after=None):
        """(errno or 0, extack message, [attrs...], flags seen)."""
        msgs, flags_seen, batches = [], 0, 0
        while True:
            buf = self.sk.recv(65536)
            batches += 1
            while len(buf) >= 16:
                ln, typ, flags, mseq, _ = struct.unpack_from('IHHII', buf)
                msg, buf = buf[16:ln], buf[(ln + 3) & ~3:]
                if mseq != seq:
                    continue
                flags_seen |= flags
                if typ == NLMSG_DONE:
                    return 0, '', msgs, flags_seen
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from('i', msg)[0]
                    ext = ''
                    if flags & NLM_F_ACK_TLVS:
                        inner = struct.unpack_from('I', msg, 4)[0]
                        # the request is echoed unless capped
                        off = 4 + (16 if flags & 0x100 else inner)
                        tl = parse_attrs(msg[off:])
                        ext = tl.get(NLMSGERR_ATTR_MSG, b'').rstrip(b'\0').decode()
                        # GENL_REQ_ATTR_CHECK() names the missing attribute
                        if not ext and NLMSGERR_ATTR_MISS_TYPE in tl:
                            ext = 'missing attribute %d' % struct.unpack(
                                'I', tl[NLMSGERR_ATTR_MISS_TYPE])[0]
                    return err, ext, msgs, flags_seen
                msgs.append(parse_attrs(msg[4:]))
            if stop_after and batches >= stop_after:
                return None, '', msgs, flags_seen

    def request(self, cmd, payload=b'', dump=False):
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        return self.recv_all(self.send(cmd, payload, flags))


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


def expect_err(res, want_errno, want_msg, desc):
    err, ext = res[0], res[1]
    tap(err == -want_errno and ext == want_msg, desc,
        'got %s "%s", want %s "%s"' % (err, ext, -want_errno, want_msg))


def count(g, cmd, typ=None):
    err, _, msgs, _ = g.request(C[cmd], u32('TYPE', typ) if typ else b'',
                                dump=True)
    return len(msgs) if not err else -1


def caps():
    g = Genl()
    g.request(C['FLUSH'])
    t = 1000

    # 1024 weight entries on one type, the 1025th refused
    errs = [g.request(C['WEIGHT_SET'], u32('TYPE', t) + u32('NODE_ADDR', 1) +
                      u32('PORT', p) + u32('WEIGHT', 2))[0]
            for p in range(1, 1025)]
    tap(not any(errs), 'type %d: 1024 weight entries set' % t)
    expect_err(g.request(C['WEIGHT_SET'], u32('TYPE', t) + u32('NODE_ADDR', 1)
                         + u32('PORT', 1025) + u32('WEIGHT', 2)),
               errno.ENOSPC,
               'too many weight entries for this service type (at most 1024)',
               'type %d: the 1025th weight entry: ENOSPC and why' % t)
    tap(count(g, 'WEIGHT_GET', t) == 1024,
        'type %d: still exactly 1024 weight entries' % t)
    # Changing an existing entry is no new entry
    tap(g.request(C['WEIGHT_SET'], u32('TYPE', t) + u32('NODE_ADDR', 1) +
                  u32('PORT', 7) + u32('WEIGHT', 9))[0] == 0,
        'type %d: an existing entry still changes at the bound' % t)
    errs = [g.request(C['PRIO_SET'], u32('TYPE', t) + u32('NODE_ADDR', 2) +
                      u32('PORT', p) + u32('PRIORITY', p))[0]
            for p in range(1, 1025)]
    tap(not any(errs), 'type %d: 1024 priority entries beside them' % t)
    expect_err(g.request(C['PRIO_SET'], u32('TYPE', t) + u32('NODE_ADDR', 2) +
                         u32('PORT', 1025) + u32('PRIORITY', 1)),
               errno.ENOSPC,
               'too many priority entries for this service type (at most 1024)',
               'type %d: the 1025th priority entry: ENOSPC and why' % t)

    # A dump that spans rounds, and an entry deleted between two of them
    seq = g.send(C['WEIGHT_GET'], u32('TYPE', t), NLM_F_REQUEST | NLM_F_DUMP)
    _, _, first, _ = g.recv_all(seq, stop_after=1)
    g2 = Genl()
    g2.request(C['WEIGHT_DEL'], u32('TYPE', t) + u32('NODE_ADDR', 1) +
               u32('PORT', 1024))
    err, _, rest, flags = g.recv_all(seq)
    tap(len(first) < 1024 and flags & NLM_F_DUMP_INTR,
        'a weight dump interrupted by a deletion says so (NLM_F_DUMP_INTR)',
        '%d in the first round, flags %#x' % (len(first), flags))
    tap(count(g, 'WEIGHT_GET', t) == 1023,
        'type %d: 1023 weight entries after the deletion' % t)

    # 16384 entries in all: 15 more types of 1024 weights fill it up
    for ty in range(1001, 1016):
        for p in range(1, 1025):
            g.request(C['WEIGHT_SET'], u32('TYPE', ty) + u32('NODE_ADDR', 1) +
                      u32('PORT', p) + u32('WEIGHT', 1))
    g.request(C['WEIGHT_SET'], u32('TYPE', 1016) + u32('NODE_ADDR', 1) +
              u32('PORT', 1) + u32('WEIGHT', 1))
    expect_err(g.request(C['WEIGHT_SET'], u32('TYPE', 1017) +
                         u32('NODE_ADDR', 1) + u32('PORT', 1) +
                         u32('WEIGHT', 1)),
               errno.ENOSPC,
               'too many weight and priority entries (at most 16384)',
               'the 16385th entry of the netns: ENOSPC and why')
    total = sum(max(count(g, 'WEIGHT_GET', ty), 0) for ty in range(1000, 1018))
    total += count(g, 'PRIO_GET')
    tap(total == 16384, 'the netns holds exactly 16384 entries', total)
    g.request(C['FLUSH'])
    tap(count(g, 'WEIGHT_GET') == 0 and count(g, 'PRIO_GET') == 0,
        'flush removes every entry')

    # 4096 configured types, the 4097th refused
    errs = [g.request(C['POLICY_SET'], u32('TYPE', ty) +
                      u32('POLICY', POLICY['rr']))[0]
            for ty in range(2000, 2000 + 4096)]
    tap(not any(errs), '4096 types with a policy')
    expect_err(g.request(C['POLICY_SET'], u32('TYPE', 9000) +
                         u32('POLICY', POLICY['rr'])),
               errno.ENOSPC,
               'too many configured service types (at most 4096)',
               'the 4097th type: ENOSPC and why')
    expect_err(g.request(C['WEIGHT_SET'], u32('TYPE', 9000) +
                         u32('NODE_ADDR', 1) + u32('WEIGHT', 1)),
               errno.ENOSPC,
               'too many configured service types (at most 4096)',
               'a weight entry of a 4097th type: ENOSPC and why')
    tap(count(g, 'POLICY_GET') == 4096, 'still exactly 4096 types')
    # A type already configured takes entries at the bound
    tap(g.request(C['WEIGHT_SET'], u32('TYPE', 2000) + u32('NODE_ADDR', 1) +
                  u32('WEIGHT', 3))[0] == 0,
        'a configured type still takes entries at the bound')
    g.request(C['FLUSH'])
    tap(count(g, 'POLICY_GET') == 0, 'flush removes every type')

    # Node identities: empty, or with a NUL inside
    for raw, msg in ((b'\0zz\0', 'empty node identity'),
                     (b'ab\0cd\0', 'node identity with an embedded NUL')):
        expect_err(g.request(C['WEIGHT_SET'], u32('TYPE', t) +
                             string('NODE_ID', raw) + u32('WEIGHT', 1)),
                   errno.EINVAL, msg,
                   'node identity %r: EINVAL, "%s"' % (raw, msg))
    tap(count(g, 'WEIGHT_GET') == 0, 'neither was stored')

    # The policy in force and where it comes from
    g.request(C['DEFAULT_SET'], u32('POLICY', POLICY['hash']))
    err, _, msgs, _ = g.request(C['POLICY_GET'], u32('TYPE', 3000))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == POLICY['hash'] and
        struct.unpack('I', msgs[0][A['POLICY_ORIGIN']])[0] == 2,
        'policy get of a type without its own: the default, origin default')
    g.request(C['FLUSH'])
    err, _, msgs, _ = g.request(C['POLICY_GET'], u32('TYPE', 3000))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == 0 and
        struct.unpack('I', msgs[0][A['POLICY_ORIGIN']])[0] == 0,
        'after flush: policy none, origin none')

    print('1..%d' % N)
    return 1 if FAILED else 0


# ------------------------------------------------------- privileges ----
def writes(t):
    """Every write command of the family, each with attributes that would
    change the configuration the shell test set up for type T (policy
    weighted, default rr, weight and priority entries of node 1.1.1 port 1,
    live publications with selections), by name."""
    ent = u32('TYPE', t) + u32('NODE_ADDR', 0x1001001)
    return [
        ('POLICY_SET', 'type %d hash' % t,
         u32('TYPE', t) + u32('POLICY', POLICY['hash'])),
        ('POLICY_SET', 'new type %d rr' % (t + 100),
         u32('TYPE', t + 100) + u32('POLICY', POLICY['rr'])),
        ('POLICY_DEL', 'type %d' % t, u32('TYPE', t)),
        ('DEFAULT_SET', 'sorted', u32('POLICY', POLICY['sorted'])),
        ('DEFAULT_SET', 'none (delete)', u32('POLICY', POLICY['none'])),
        ('WEIGHT_SET', 'existing entry', ent + u32('PORT', 1) +
         u32('WEIGHT', 7)),
        ('WEIGHT_SET', 'new entry', ent + u32('PORT', 4000) +
         u32('WEIGHT', 7)),
        ('WEIGHT_DEL', 'existing entry', ent + u32('PORT', 1)),
        ('PRIO_SET', 'existing entry', ent + u32('PORT', 1) +
         u32('PRIORITY', 9)),
        ('PRIO_SET', 'new entry', ent + u32('PORT', 4000) +
         u32('PRIORITY', 9)),
        ('PRIO_DEL', 'existing entry', ent + u32('PORT', 1)),
        ('STATS_RESET', 'type %d' % t, u32(S['TYPE'], t)),
        ('STATS_RESET', 'every type', b''),
        ('FLUSH', '', b''),
    ]


WRITE_CMDS = ('POLICY_SET', 'POLICY_DEL', 'DEFAULT_SET', 'WEIGHT_SET',
              'WEIGHT_DEL', 'PRIO_SET', 'PRIO_DEL', 'STATS_RESET', 'FLUSH')


def expect_eperm(g, t, where):
    """Every write through G: EPERM, whatever its attributes."""
    seen = set()
    for name, what, payload in writes(t):
        err = g.request(C[name], payload)[0]
        seen.add(name)
        tap(err == -errno.EPERM, '%s %s %s: EPERM' % (where, name, what),
            'got %s, want %d' % (err, -errno.EPERM))
    tap(seen == set(WRITE_CMDS), '%s: every write command tried' % where,
        sorted(set(WRITE_CMDS) - seen))


def reads(g, t, where, want_stats=True):
    """Every read through G works and sees the configuration of T."""
    err, _, msgs, _ = g.request(C['POLICY_GET'], u32('TYPE', t))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == POLICY['weighted'],
        '%s POLICY_GET type %d: weighted' % (where, t), err)
    err, _, msgs, _ = g.request(C['POLICY_GET'], dump=True)
    tap(err == 0 and len(msgs) >= 1, '%s POLICY_GET dump' % where,
        '%s, %d messages' % (err, len(msgs)))
    err, _, msgs, _ = g.request(C['DEFAULT_GET'])
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == POLICY['rr'],
        '%s DEFAULT_GET: rr' % where, err)
    for name in ('WEIGHT_GET', 'PRIO_GET'):
        err, _, msgs, _ = g.request(C[name], u32('TYPE', t), dump=True)
        tap(err == 0 and len(msgs) >= 1, '%s %s dump of type %d' %
            (where, name, t), '%s, %d messages' % (err, len(msgs)))
    ent = u32('TYPE', t) + u32('NODE_ADDR', 0x1001001) + u32('PORT', 1)
    for name, key in (('WEIGHT_GET', 'WEIGHT'), ('PRIO_GET', 'PRIORITY')):
        err, _, msgs, _ = g.request(C[name], ent)
        tap(err == 0 and len(msgs) == 1 and A[key] in msgs[0],
            '%s %s of type %d node 1.1.1 port 1' % (where, name, t),
            '%s, %s' % (err, msgs))
    err, _, msgs, _ = g.request(C['STATS_GET'], u32(S['TYPE'], t), dump=True)
    sel = sum(get_uint(m[S['SELECTIONS']]) for m in msgs
              if S['SELECTIONS'] in m)
    tap(err == 0 and (not want_stats or (msgs and sel > 0)),
        '%s STATS_GET dump of type %d (%d publications, %d selections)' %
        (where, t, len(msgs), sel), err)
    return sel


def unpriv(t):
    """Run without CAP_NET_ADMIN (setpriv to another uid)."""
    g = Genl()
    sel = reads(g, t, 'unprivileged')
    expect_eperm(g, t, 'unprivileged')
    sel2 = reads(g, t, 'after the writes, unprivileged')
    tap(sel2 >= sel > 0, 'selections kept (%d, then %d)' % (sel, sel2))
    print('1..%d' % N)
    return 1 if FAILED else 0


CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
PR_SET_DUMPABLE = 4
libc = ctypes.CDLL(None, use_errno=True)


def unshare(flags):
    if libc.unshare(flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, 'unshare: ' + os.strerror(e))


def write_file(path, text):
    with open(path, 'w') as f:
        f.write(text)


def userns(t):
    """As root in the initial netns: keep a socket opened there as root
    and one opened as uid 65534, then, as uid 65534, a user and network
    namespace of its own (as unshare -Urn does).  Writes through the kept
    sockets: EPERM (the initial netns is not the new owner's); the same
    writes through a socket of the new netns: done, visible there only."""
    g_root = Genl()
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
    # A uid change made the process undumpable, its /proc files root's:
    # uid 65534 could not write its own uid_map
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    g_user = Genl()
    try:
        unshare(CLONE_NEWUSER | CLONE_NEWNET)
    except OSError as e:
        print('ok 1 user namespace of uid 65534 # SKIP %s' % e)
        print('1..1')
        return 0
    write_file('/proc/self/setgroups', 'deny')
    write_file('/proc/self/uid_map', '0 65534 1')
    write_file('/proc/self/gid_map', '0 65534 1')
    g_new = Genl()

    # The owner configures its own netns
    ok = all(g_new.request(C[n], p)[0] == 0 for n, p in (
        ('DEFAULT_SET', u32('POLICY', POLICY['rr'])),
        ('POLICY_SET', u32('TYPE', t) + u32('POLICY', POLICY['weighted'])),
        ('WEIGHT_SET', u32('TYPE', t) + u32('NODE_ADDR', 0x1001001) +
         u32('PORT', 1) + u32('WEIGHT', 5)),
        ('PRIO_SET', u32('TYPE', t) + u32('NODE_ADDR', 0x1001001) +
         u32('PORT', 1) + u32('PRIORITY', 3))))
    tap(ok, 'namespace owner: default, policy, weight and priority set '
        'in its own netns')
    reads(g_new, t, 'own netns', want_stats=False)
    errs = [(n, w, g_new.request(C[n], p)[0]) for n, w, p in writes(t)]
    tap(not any(e for _, _, e in errs),
        'namespace owner: every write command works in its own netns',
        [x for x in errs if x[2]])
    tap(count(g_new, 'WEIGHT_GET') == 0 and count(g_new, 'POLICY_GET') == 0,
        'own netns: its FLUSH emptied it')
    own = t + 50
    g_new.request(C['POLICY_SET'], u32('TYPE', own) +
                  u32('POLICY', POLICY['sorted']))

    # ... and cannot touch the initial one, by any socket it holds
    expect_eperm(g_root, t, 'initial netns, socket opened by root')
    expect_eperm(g_user, t, 'initial netns, socket opened by uid 65534')
    # Reads of the initial netns still work, and see none of the above
    reads(g_root, t, 'initial netns', want_stats=False)
    err, _, msgs, _ = g_root.request(C['POLICY_GET'], u32('TYPE', own))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY_ORIGIN']])[0] != 1,
        'initial netns: no own policy of type %d (set in the new netns)' %
        own, err)
    err, _, msgs, _ = g_new.request(C['POLICY_GET'], u32('TYPE', own))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == POLICY['sorted'],
        'own netns: type %d sorted' % own, err)
    print('1..%d' % N)
    return 1 if FAILED else 0


if __name__ == '__main__':
    cmds = {'caps': caps, 'unpriv': unpriv, 'userns': userns}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds or \
       (sys.argv[1] != 'caps') != (len(sys.argv) == 3):
        sys.stderr.write(__doc__)
        sys.exit(1)
    sys.exit(cmds[sys.argv[1]](*map(int, sys.argv[2:])))
