#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tipc_lb_fuzz.py [-n COUNT] [-s SEED] - hostile generic netlink to tipc_lb.

Sends COUNT messages (default 10000) to the tipc_lb family, reproducibly
from SEED (printed; random if not given): unknown commands, random
attribute types, lengths and nesting, truncated headers, values at and
past every range, missing and duplicated attributes, dumps abandoned half
way, and valid requests at the edges (weight 0, the largest weight,
thousands of entries). It checks, as TAP lines:

  - every request gets an answer, and one the kernel accepted is one the
    spec allows (a model of the attribute policy and of the commands'
    rules); every refused request of a known command says why: an extack
    message, or the missing attribute (NLMSGERR_ATTR_MISS_TYPE);
  - what the kernel accepted is exactly what its dumps show afterwards
    (a model of the configuration is kept from the accepted requests).

The kernel log is checked by the shell wrapper.
"""
import argparse
import errno
import os
import random
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tipc_lb_nl import A, C, Genl, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, \
    attr, parse_attrs  # noqa: E402

WEIGHT_MAX, TYPE_MIN, ID_LEN = 10000, 64, 32
NLA_F_NESTED = 0x8000
TYPES = [64, 65, 1000, 1001, 4096, 0xffffffff]
U32_EDGES = [0, 1, 2, 5, 6, 63, 64, 65, 9999, 10000, 10001, 0x7fffffff,
             0xffffffff]
U32_ATTRS = ['TYPE', 'POLICY', 'WEIGHT_SRC', 'DEFAULT_WEIGHT', 'NODE_ADDR',
             'PORT', 'WEIGHT', 'PRIORITY']
# The request attributes of each command (spec: do and dump requests; the
# generated per-operation policies accept these only); without an entry
# the operation has no policy and 6.12 ignores its attributes (6.1 gives
# it generic netlink's reject-all policy: the model accepts either).
# STATS_* take the stats set's type, numbered as the config set's.
KEY = ['TYPE', 'NODE_ID', 'NODE_ADDR', 'PORT']
REQUEST = {
    ('POLICY_GET', 'do'): ['TYPE'],
    ('POLICY_SET', 'do'): ['TYPE', 'POLICY', 'WEIGHT_SRC', 'DEFAULT_WEIGHT'],
    ('POLICY_DEL', 'do'): ['TYPE'],
    ('DEFAULT_SET', 'do'): ['POLICY', 'WEIGHT_SRC', 'DEFAULT_WEIGHT'],
    ('WEIGHT_GET', 'do'): KEY,
    ('WEIGHT_GET', 'dump'): ['TYPE'],
    ('WEIGHT_SET', 'do'): KEY + ['WEIGHT'],
    ('WEIGHT_DEL', 'do'): KEY,
    ('PRIO_GET', 'do'): KEY,
    ('PRIO_GET', 'dump'): ['TYPE'],
    ('PRIO_SET', 'do'): KEY + ['PRIORITY'],
    ('PRIO_DEL', 'do'): KEY,
    ('STATS_GET', 'dump'): ['TYPE'],
    ('STATS_RESET', 'do'): ['TYPE'],
}
WRITE = {'POLICY_SET', 'POLICY_DEL', 'DEFAULT_SET', 'WEIGHT_SET',
         'WEIGHT_DEL', 'PRIO_SET', 'PRIO_DEL', 'STATS_RESET', 'FLUSH'}


class Model:
    """What the configuration must be, from the accepted requests."""

    def __init__(self):
        self.policy = {}	# type -> (policy, wsrc, dweight)
        self.ents = {}		# (kind, type, node_id, node_addr, port) -> val
        self.dflt = 0

    def check(self, cmd, at, dump=False, flagged=False):
        """The error the spec demands of this request, or None if valid."""
        req = REQUEST.get((cmd, 'dump' if dump else 'do'))
        if req is None:		# no policy: attributes ignored (6.12)
            return None
        if flagged:
            return 'nested flag'
        allowed = {A[n] for n in req}
        for k, v in at.items():
            if k not in allowed:
                return 'unknown attribute'
            if k != A['NODE_ID'] and len(v) != 4:
                return 'bad length'
        u = {k: struct.unpack('I', v)[0] for k, v in at.items()
             if k != A['NODE_ID'] and len(v) == 4}
        rng = {A['TYPE']: (TYPE_MIN, 0xffffffff), A['POLICY']: (0, 5),
               A['WEIGHT_SRC']: (0, 1), A['DEFAULT_WEIGHT']: (1, WEIGHT_MAX),
               A['NODE_ADDR']: (1, 0xffffffff), A['PORT']: (1, 0xffffffff),
               A['WEIGHT']: (0, WEIGHT_MAX), A['PRIORITY']: (0, 0xffffffff)}
        for k, v in u.items():
            lo, hi = rng[k]
            if not lo <= v <= hi:
                return 'out of range'
        nid = at.get(A['NODE_ID'])
        if nid is not None:
            if b'\0' not in nid or len(nid) > ID_LEN + 1:
                return 'bad string'
            s = nid[:nid.index(b'\0')]
            if not s or len(s) + 1 != len(nid):
                return 'empty or embedded NUL'
        if dump:
            return None
        need = {'POLICY_SET': ['TYPE', 'POLICY'], 'POLICY_DEL': ['TYPE'],
                'DEFAULT_SET': ['POLICY'], 'WEIGHT_SET': ['TYPE', 'WEIGHT'],
                'WEIGHT_DEL': ['TYPE'], 'PRIO_SET': ['TYPE', 'PRIORITY'],
                'PRIO_DEL': ['TYPE'], 'POLICY_GET': ['TYPE'],
                'WEIGHT_GET': ['TYPE'], 'PRIO_GET': ['TYPE']}.get(cmd, [])
        if any(A[n] not in at for n in need):
            return 'missing attribute'
        if cmd in ('POLICY_SET', 'DEFAULT_SET'):
            if u[A['POLICY']] not in (2, 3) and (A['WEIGHT_SRC'] in at or
                                                A['DEFAULT_WEIGHT'] in at):
                return 'weights for another policy'
            if A['DEFAULT_WEIGHT'] in at and u.get(A['WEIGHT_SRC'], 0) != 0:
                return 'default weight without fixed source'
        if cmd in ('WEIGHT_SET', 'WEIGHT_DEL', 'PRIO_SET', 'PRIO_DEL',
                   'WEIGHT_GET', 'PRIO_GET'):
            if (A['NODE_ID'] in at) == (A['NODE_ADDR'] in at):
                return 'node twice or none'
            key = self.key(cmd, at, u)
            if not cmd.endswith('_SET') and key not in self.ents:
                return 'no such entry'
        if cmd == 'POLICY_DEL' and u[A['TYPE']] not in self.policy:
            return 'no policy'
        return None

    @staticmethod
    def key(cmd, at, u):
        nid = at.get(A['NODE_ID'], b'\0').split(b'\0')[0]
        return (cmd.split('_')[0], u[A['TYPE']], nid,
                u.get(A['NODE_ADDR'], 0), u.get(A['PORT'], 0))

    def apply(self, cmd, at):
        # FLUSH has no policy: what it carried was ignored, of any length
        u = {k: struct.unpack('I', v)[0] for k, v in at.items()
             if k != A['NODE_ID'] and len(v) == 4}
        if cmd == 'POLICY_SET':
            self.policy[u[A['TYPE']]] = u[A['POLICY']]
        elif cmd == 'POLICY_DEL':
            del self.policy[u[A['TYPE']]]
        elif cmd == 'DEFAULT_SET':
            self.dflt = u[A['POLICY']]
        elif cmd in ('WEIGHT_SET', 'PRIO_SET'):
            self.ents[self.key(cmd, at, u)] = u[A['WEIGHT'] if cmd[0] == 'W'
                                               else A['PRIORITY']]
        elif cmd in ('WEIGHT_DEL', 'PRIO_DEL'):
            del self.ents[self.key(cmd, at, u)]
        elif cmd == 'FLUSH':
            self.__init__()


def rand_attrs(rng, cmd):
    """A request's attributes: mostly plausible, often broken."""
    at = {}
    names = {'POLICY_SET': ['TYPE', 'POLICY', 'WEIGHT_SRC', 'DEFAULT_WEIGHT'],
             'DEFAULT_SET': ['POLICY', 'WEIGHT_SRC', 'DEFAULT_WEIGHT'],
             'WEIGHT_SET': ['TYPE', 'NODE', 'PORT', 'WEIGHT'],
             'PRIO_SET': ['TYPE', 'NODE', 'PORT', 'PRIORITY'],
             'WEIGHT_DEL': ['TYPE', 'NODE', 'PORT'],
             'PRIO_DEL': ['TYPE', 'NODE', 'PORT'],
             'WEIGHT_GET': ['TYPE', 'NODE', 'PORT'],
             'PRIO_GET': ['TYPE', 'NODE', 'PORT']}.get(cmd, ['TYPE'])
    for n in names:
        if rng.random() < 0.08:		# missing
            continue
        if n == 'NODE':
            if rng.random() < 0.5:
                at[A['NODE_ADDR']] = struct.pack(
                    'I', rng.choice([1, 2, 3, 0, 0x1001001]))
            else:
                at[A['NODE_ID']] = rng.choice(
                    [b'node1\0', b'node2\0', b'\0', b'\0zz\0', b'ab\0cd\0',
                     b'x' * 32 + b'\0', b'x' * 33 + b'\0', b'noterm',
                     b'node3\0\0'])
            if rng.random() < 0.05:	# both
                at[A['NODE_ADDR']] = struct.pack('I', 1)
                at[A['NODE_ID']] = b'node1\0'
            continue
        if n == 'TYPE':
            v = rng.choice(TYPES + U32_EDGES[:8])
        elif n == 'POLICY':
            v = rng.choice([0, 1, 2, 3, 4, 5, 6, 255])
        elif n == 'WEIGHT_SRC':
            v = rng.choice([0, 1, 2])
        elif n == 'PORT':
            if rng.random() < 0.5:
                continue
            v = rng.choice([0, 1, 2, 3, 0xffffffff])
        else:
            v = rng.choice(U32_EDGES)
        at[A[n]] = struct.pack('I', v)
    if rng.random() < 0.1:		# a stray attribute
        k = rng.randrange(0, 40)
        at[k] = os.urandom(rng.choice([0, 1, 3, 4, 8, 40]))
    if rng.random() < 0.05 and at:	# wrong length
        k = rng.choice(list(at))
        at[k] = at[k][:rng.randrange(0, len(at[k]) + 1)] + b'\0' * rng.choice([0, 4])
    return at


def encode(at, rng):
    """The attributes, some flagged nested (which none of ours is)."""
    out, flagged = b'', False
    for k, v in at.items():
        flag = NLA_F_NESTED if rng.random() < 0.02 else 0
        flagged |= bool(flag)
        out += attr(k | flag, v)
    return out, flagged


def attr_all(at):
    return b''.join(attr(k, v) for k, v in at.items())


def dump_state(g):
    """(policies {type: policy}, entries set, default) from the dumps."""
    pol, ents = {}, {}
    err, _, msgs, _ = g.request(C['POLICY_GET'], dump=True)
    for m in msgs:
        pol[struct.unpack('I', m[A['TYPE']])[0]] = \
            struct.unpack('I', m[A['POLICY']])[0]
    for cmd, vk in (('WEIGHT', A['WEIGHT']), ('PRIO', A['PRIORITY'])):
        err, _, msgs, _ = g.request(C[cmd + '_GET'], dump=True)
        for m in msgs:
            nid = m.get(A['NODE_ID'], b'\0').split(b'\0')[0]
            addr = struct.unpack('I', m[A['NODE_ADDR']])[0] \
                if A['NODE_ADDR'] in m else 0
            port = struct.unpack('I', m[A['PORT']])[0] if A['PORT'] in m else 0
            ents[(cmd, struct.unpack('I', m[A['TYPE']])[0], nid, addr,
                  port)] = struct.unpack('I', m[vk])[0]
    err, _, msgs, _ = g.request(C['DEFAULT_GET'])
    dflt = struct.unpack('I', msgs[0][A['POLICY']])[0] if msgs else -1
    return pol, ents, dflt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-n', type=int, default=10000)
    ap.add_argument('-s', type=int, default=None)
    args = ap.parse_args()
    seed = args.s if args.s is not None else int.from_bytes(os.urandom(4), 'little')
    print('# seed %d (tipc_lb_fuzz.py -s %d -n %d reproduces this run)'
          % (seed, seed, args.n), flush=True)
    rng = random.Random(seed)
    g = Genl()
    g.request(C['FLUSH'])
    model = Model()
    bad_accept, no_extack, no_answer, sent = [], [], 0, 0
    kinds = {}
    cmds = list(C)
    while sent < args.n:
        r = rng.random()
        if r < 0.05:			# unknown command
            cmd_id = rng.choice([0, 15, 16, 100, 255])
            err = g.recv_all(g.send(cmd_id,
                                    encode(rand_attrs(rng, 'X'), rng)[0]))[0]
            kinds['unknown command'] = kinds.get('unknown command', 0) + 1
            if err != -errno.EOPNOTSUPP:
                bad_accept.append(('unknown cmd %d' % cmd_id, err))
            sent += 1
            continue
        if r < 0.08:			# truncated genl header
            g.seq += 1
            body = bytes([C['POLICY_SET']])[:rng.randrange(0, 2)]
            g.sk.send(struct.pack('IHHII', 16 + len(body), g.fam,
                                  NLM_F_REQUEST | NLM_F_ACK, g.seq, 0) + body)
            err = g.recv_all(g.seq)[0]
            kinds['truncated header'] = kinds.get('truncated header', 0) + 1
            if not err:
                bad_accept.append(('truncated header', err))
            sent += 1
            continue
        if r < 0.10:			# a dump abandoned half way
            h = Genl()
            seq = h.send(C[rng.choice(['WEIGHT_GET', 'PRIO_GET', 'POLICY_GET',
                                       'STATS_GET'])], b'',
                         NLM_F_REQUEST | NLM_F_DUMP)
            h.recv_all(seq, stop_after=1)
            h.sk.close()
            kinds['abandoned dump'] = kinds.get('abandoned dump', 0) + 1
            sent += 1
            continue
        if r < 0.13:			# a burst of valid entries at the edges
            t = rng.choice(TYPES[:4])
            for p in range(1, rng.randrange(2, 200)):
                at = {A['TYPE']: struct.pack('I', t),
                      A['NODE_ADDR']: struct.pack('I', 1 + p % 7),
                      A['PORT']: struct.pack('I', p),
                      A['WEIGHT']: struct.pack('I', rng.choice([0, WEIGHT_MAX, p]))}
                err, ext, _, _ = g.request(C['WEIGHT_SET'], attr_all(at))
                if not err:
                    model.apply('WEIGHT_SET', at)
                elif err != -errno.ENOSPC:
                    bad_accept.append(('valid entry refused', err, ext))
                sent += 1
            kinds['valid burst'] = kinds.get('valid burst', 0) + 1
            continue
        cmd = rng.choice(cmds)
        at = rand_attrs(rng, cmd)
        payload, flagged = encode(at, rng)
        if rng.random() < 0.05 and at:	# a duplicated attribute
            k = rng.choice(list(at))
            payload += attr(k, at[k])
        dump = cmd == 'STATS_GET' or \
            (cmd in ('WEIGHT_GET', 'PRIO_GET') and rng.random() < 0.5) or \
            (cmd == 'POLICY_GET' and A['TYPE'] not in at)
        want = model.check(cmd, at, dump, flagged)
        res = g.request(C[cmd], payload, dump=dump)
        sent += 1
        kinds[cmd] = kinds.get(cmd, 0) + 1
        if res[0] is None:
            no_answer += 1
            continue
        err, ext = res[0], res[1]
        if err == 0:
            if want and not dump:
                bad_accept.append((cmd, want, at))
            elif cmd in WRITE and not want:
                model.apply(cmd, at)
        elif err == -errno.ENOSPC:
            pass
        elif not ext and not dump:
            no_extack.append((cmd, err, at))
    print('# sent %d: %s' % (sent, ', '.join('%s %d' % kv for kv in
                                             sorted(kinds.items()))), flush=True)
    n = 0
    n += 1
    print('%sok %d %d messages answered, none accepted that the spec forbids'
          % ('not ' if bad_accept or no_answer else '', n, sent))
    for b in bad_accept[:10]:
        print('# accepted or wrongly answered: %r' % (b,))
    if no_answer:
        print('# %d requests without an answer' % no_answer)
    n += 1
    print('%sok %d every refused request of a known command says why (extack)'
          % ('not ' if no_extack else '', n))
    for b in no_extack[:10]:
        print('# no extack: %r' % (b,))
    pol, ents, dflt = dump_state(g)
    n += 1
    ok = pol == model.policy and ents == model.ents and dflt == model.dflt
    print('%sok %d the dumps show exactly what was accepted (%d types, %d '
          'entries)' % ('' if ok else 'not ', n, len(pol), len(ents)))
    if not ok:
        print('# policies %d/%d, entries %d/%d, default %d/%d (kernel/model)'
              % (len(pol), len(model.policy), len(ents), len(model.ents),
                 dflt, model.dflt))
        for k in list(set(ents) ^ set(model.ents))[:5]:
            print('# differs: %r kernel %r model %r' % (k, ents.get(k),
                                                        model.ents.get(k)))
    g.request(C['FLUSH'])
    print('1..%d' % n)
    return 0 if ok and not bad_accept and not no_extack and not no_answer else 1


if __name__ == '__main__':
    sys.exit(main())
