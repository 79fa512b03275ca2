#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink to the tipc_lb family, for tests that must see the
kernel's exact answers (errno, extack message, dump flags) or send what no
well-behaved tool sends.

  tipc_lb_nl.py caps           the configuration bounds, TAP on stdout
"""
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

# include/uapi/linux/tipc_lb.h
A = dict(TYPE=1, POLICY=2, WEIGHT_SRC=3, DEFAULT_WEIGHT=4, NODE_ID=5,
         NODE_ADDR=6, PORT=7, WEIGHT=8, PRIORITY=9)
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
        struct.unpack('I', msgs[0][16])[0] == 2,
        'policy get of a type without its own: the default, origin default')
    g.request(C['FLUSH'])
    err, _, msgs, _ = g.request(C['POLICY_GET'], u32('TYPE', 3000))
    tap(err == 0 and msgs and
        struct.unpack('I', msgs[0][A['POLICY']])[0] == 0 and
        struct.unpack('I', msgs[0][16])[0] == 0,
        'after flush: policy none, origin none')

    print('1..%d' % N)
    return 1 if FAILED else 0


if __name__ == '__main__':
    if len(sys.argv) < 2 or sys.argv[1] != 'caps':
        sys.stderr.write(__doc__)
        sys.exit(1)
    sys.exit(caps())
