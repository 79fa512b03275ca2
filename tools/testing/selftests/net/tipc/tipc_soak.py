#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tipc_soak.py - the workers of tipc_lb_soak.sh (churn for a bounded time).

  tipc_soak.py serve NAME TYPE CTYPE SECS
      A server answering with NAME, a NUL and the request: an RDM socket bound to
      {TYPE,0,1023} and a SOCK_STREAM listener bound to {CTYPE,0,1023} stay
      for the whole run (anchors); for SECS it also binds and withdraws
      overlapping ranges ({T,0,99}, {T,50,149}, {T,0,1023}, {T,100+k,...})
      on other sockets: new RDM sockets, STREAM and SEQPACKET listeners,
      more names on a socket, a name withdrawn (negative scope), a socket
      closed, now and then a node-scope name; it also closes an accepted
      connection now and then.  After SECS it prints its figures, keeps what
      is bound and goes on serving until SIGTERM (figures again).  Prints
      "ready" once the anchors are bound.

  tipc_soak.py rdm TYPE SECS
      RDM requests to {TYPE, instance} (mostly 0..149, where the ranges
      overlap; some to the unserved 2000; a few multicasts to {TYPE,0,99}),
      each waiting (bounded) for its reply.

  tipc_soak.py conn CTYPE TYPE SECS
      Up to 6 connections at a time to {CTYPE, instance}, SOCK_STREAM or
      SOCK_SEQPACKET, by connect() or by a first sendto() (implied connect);
      requests over open ones; closes; connects nobody can accept (the
      unserved instance 3000, or an RDM socket of TYPE).  Closes everything
      at the end.

  tipc_soak.py config CLI SECS NODE... -- TYPE...
      Runs the tipc-lb CLI (with -n NODE) in a loop: policies of the types
      (rr weighted least sorted hash none, weight sources), the default
      policy, weights and priorities (per node, per port), stats reset and
      dumps, show, save, batches, now and then a flush.

Every worker ends (SECS elapsed; serve: SIGTERM) with one line
  figures: KEY=N ...
and exits 0; any unexpected exception exits 2 with a traceback.  Failures
of the operations themselves (no route, refused, reset, timeouts, CLI
errors) are expected under churn and only counted.
"""
import errno
import faulthandler
import json
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import time

CLUSTER = socket.TIPC_CLUSTER_SCOPE
NODE = socket.TIPC_NODE_SCOPE
SOL_TIPC = 271
TIPC_CONN_TIMEOUT = 130


def figures(fig):
    print('figures: ' + ' '.join('%s=%d' % kv for kv in sorted(fig.items())),
          flush=True)


class Stop(Exception):
    pass


def on_term(_sig, _frame):
    raise Stop()


def nameseq(type_, lower, upper, scope=CLUSTER):
    return (socket.TIPC_ADDR_NAMESEQ, type_, lower, upper, scope)


def close_quietly(s):
    try:
        s.close()
    except OSError:
        pass


# ------------------------------------------------------------- serve ----

def serve(args):
    name, type_, ctype, secs = args[0], int(args[1]), int(args[2]), float(args[3])
    end = time.monotonic() + secs
    rng = random.Random(os.getpid())
    fig = dict(binds=0, bind_fail=0, unbinds=0, closes=0, rdm_replies=0,
               accepts=0, conn_replies=0, conn_kills=0)
    ranges = [(0, 99), (50, 149), (0, 1023), (100, 100), (120, 180)]

    rdm = {}	# fd -> socket (RDM, replying)
    lst = {}	# fd -> listening socket
    conns = {}	# fd -> accepted connection
    names = {}	# fd -> [(type, lower, upper, scope)] of churn sockets
    anchors = set()

    def bind(s, t, lo, up, scope=CLUSTER):
        try:
            s.bind(nameseq(t, lo, up, scope))
        except OSError:
            fig['bind_fail'] += 1
            return False
        fig['binds'] += 1
        names.setdefault(s.fileno(), []).append((t, lo, up, scope))
        return True

    # RDM sockets do not block: a connect() to one delivers an empty SYN
    # that makes poll() report it readable and recvmsg() discard it and
    # wait for the next message
    a = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    a.bind(nameseq(type_, 0, 1023))
    a.setblocking(False)
    rdm[a.fileno()] = a
    b = socket.socket(socket.AF_TIPC, socket.SOCK_STREAM)
    b.bind(nameseq(ctype, 0, 1023))
    b.listen(64)
    b.setblocking(False)
    lst[b.fileno()] = b
    anchors.update((a.fileno(), b.fileno()))
    print('ready', flush=True)

    def churn():
        churny = [fd for fd in names if fd not in anchors]
        op = rng.random()
        scope = NODE if rng.random() < 0.1 else CLUSTER
        lo, up = rng.choice(ranges)
        if op < 0.3 and len(churny) < 8:
            s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
            s.setblocking(False)
            if bind(s, type_, lo, up, scope):
                rdm[s.fileno()] = s
            else:
                s.close()
        elif op < 0.55 and len(churny) < 8:
            kind = rng.choice((socket.SOCK_STREAM, socket.SOCK_SEQPACKET))
            s = socket.socket(socket.AF_TIPC, kind)
            if bind(s, ctype, lo, up, scope):
                s.listen(16)
                s.setblocking(False)
                lst[s.fileno()] = s
            else:
                names.pop(s.fileno(), None)
                s.close()
        elif op < 0.7 and churny:
            fd = rng.choice(churny)
            s = rdm.get(fd) or lst.get(fd)
            bind(s, type_ if fd in rdm else ctype, lo, up, scope)
        elif op < 0.8 and churny:
            fd = rng.choice(churny)
            s = rdm.get(fd) or lst.get(fd)
            if not names[fd]:
                return
            t, lo, up, scope = names[fd][-1]
            try:
                # A negative scope withdraws that one name
                s.bind(nameseq(t, lo, up, (-scope) & 0xffffffff))
                fig['unbinds'] += 1
                names[fd].pop()
            except OSError:
                fig['bind_fail'] += 1
        elif churny:
            fd = rng.choice(churny)
            s = rdm.pop(fd, None) or lst.pop(fd, None)
            names.pop(fd, None)
            s.close()
            fig['closes'] += 1
        if conns and rng.random() < 0.05:
            fd = rng.choice(list(conns))
            conns.pop(fd).close()
            fig['conn_kills'] += 1

    signal.signal(signal.SIGTERM, on_term)
    next_churn = time.monotonic()
    churning = True
    try:
        while True:
            now = time.monotonic()
            if churning and now >= end:
                churning = False
                figures(dict(fig, bound=sum(len(v) for v in names.values())))
            if churning and now >= next_churn:
                churn()
                next_churn = now + rng.uniform(0.05, 0.3)
            fds = list(rdm) + list(lst) + list(conns)
            ready = select.select(fds, [], [], 0.1)[0]
            for fd in ready:
                if fd in rdm:
                    try:
                        data, peer = rdm[fd].recvfrom(256)
                        rdm[fd].sendto(name.encode() + b'\0' + data, peer)
                        fig['rdm_replies'] += 1
                    except OSError:
                        pass
                elif fd in lst:
                    try:
                        c, _ = lst[fd].accept()
                    except OSError:
                        continue
                    c.setblocking(False)
                    conns[c.fileno()] = c
                    fig['accepts'] += 1
                elif fd in conns:
                    c = conns[fd]
                    try:
                        data = c.recv(256)
                    except BlockingIOError:
                        continue
                    except OSError:
                        data = b''
                    if not data:
                        conns.pop(fd).close()
                        continue
                    try:
                        c.send(name.encode() + b'\0' + data)
                        fig['conn_replies'] += 1
                    except OSError:
                        conns.pop(fd).close()
    except Stop:
        pass
    figures(dict(fig, bound=sum(len(v) for v in names.values())))
    return 0


# --------------------------------------------------------------- rdm ----

def rdm_client(args):
    type_, secs = int(args[0]), float(args[1])
    end = time.monotonic() + secs
    rng = random.Random(os.getpid())
    fig = dict(sent=0, answered=0, noroute=0, send_err=0, timeouts=0,
               mcast=0, mcast_replies=0)
    s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    seq = 0
    while time.monotonic() < end:
        seq += 1
        tag = b'r%d' % seq
        r = rng.random()
        if r < 0.02:
            try:
                s.sendto(tag, nameseq(type_, 0, 99))
                fig['mcast'] += 1
            except OSError:
                fig['send_err'] += 1
            t_end = time.monotonic() + 0.5
            while select.select([s], [], [], max(0, t_end - time.monotonic()))[0]:
                s.recv(256)
                fig['mcast_replies'] += 1
            continue
        inst = 2000 if r < 0.07 else (rng.randrange(150) if r < 0.8 else rng.randrange(1024))
        try:
            s.sendto(tag, (socket.TIPC_ADDR_NAME, type_, inst, 0))
        except OSError as e:
            if e.errno == errno.EHOSTUNREACH:
                fig['noroute'] += 1
            else:
                fig['send_err'] += 1
            time.sleep(0.02)
            continue
        fig['sent'] += 1
        t_end = time.monotonic() + 1.0
        while True:
            left = t_end - time.monotonic()
            if left <= 0 or not select.select([s], [], [], left)[0]:
                fig['timeouts'] += 1
                break
            data = s.recv(256)
            if data.endswith(b'\0' + tag):
                fig['answered'] += 1
                break
        time.sleep(rng.uniform(0, 0.02))
    figures(fig)
    return 0


# -------------------------------------------------------------- conn ----

def conn_client(args):
    ctype, type_, secs = int(args[0]), int(args[1]), float(args[2])
    end = time.monotonic() + secs
    rng = random.Random(os.getpid())
    fig = dict(opened=0, connect_fail=0, reply_fail=0, requests=0,
               req_fail=0, closed=0, implied=0)
    open_ = []

    def reply(s, tag, timeout=2.0):
        t_end = time.monotonic() + timeout
        while True:
            left = t_end - time.monotonic()
            try:
                if left <= 0 or not select.select([s], [], [], left)[0]:
                    return False
                data = s.recv(256)
            except OSError:
                return False
            if not data:
                return False
            if data.endswith(b'\0' + tag):
                return True

    def open_one():
        kind = rng.choice((socket.SOCK_STREAM, socket.SOCK_SEQPACKET))
        r = rng.random()
        if r < 0.1:
            dst = (socket.TIPC_ADDR_NAME, ctype, 3000, 0)	# nobody
        elif r < 0.15:
            dst = (socket.TIPC_ADDR_NAME, type_, rng.randrange(150), 0)	# RDM
        else:
            dst = (socket.TIPC_ADDR_NAME, ctype, rng.randrange(1024), 0)
        s = socket.socket(socket.AF_TIPC, kind)
        s.setsockopt(SOL_TIPC, TIPC_CONN_TIMEOUT, 3000)
        # An implied connect waits for the answer as long as a send may
        # block: forever unless bounded (a SYN to an RDM socket that does
        # not answer is accepted as a datagram, and nobody refuses it)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                     struct.pack('ll', 5, 0))
        tag = b'c%d' % fig['opened']
        try:
            if kind == socket.SOCK_SEQPACKET and rng.random() < 0.5:
                # Implied connect: the SYN carries the first request
                fig['implied'] += 1
                s.sendto(tag, dst)
            else:
                s.connect(dst)
                s.send(tag)
        except OSError:
            fig['connect_fail'] += 1
            s.close()
            return
        if not reply(s, tag):
            fig['reply_fail'] += 1
            s.close()
            return
        fig['opened'] += 1
        open_.append(s)

    while time.monotonic() < end:
        r = rng.random()
        if r < 0.45 and len(open_) < 6:
            open_one()
        elif r < 0.8 and open_:
            s = rng.choice(open_)
            tag = b'q%d' % fig['requests']
            fig['requests'] += 1
            ok = False
            try:
                s.send(tag)
                ok = reply(s, tag)
            except OSError:
                pass
            if not ok:
                fig['req_fail'] += 1
                open_.remove(s)
                s.close()
                fig['closed'] += 1
        elif open_:
            s = open_.pop(rng.randrange(len(open_)))
            if rng.random() < 0.3:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            s.close()
            fig['closed'] += 1
        time.sleep(rng.uniform(0.01, 0.08))
    for s in open_:
        s.close()
        fig['closed'] += 1
    figures(fig)
    return 0


# ------------------------------------------------------------ config ----

def config(args):
    cli, secs = args[0], float(args[1])
    k = args.index('--')
    nodes, types = args[2:k], [int(t) for t in args[k + 1:]]
    end = time.monotonic() + secs
    rng = random.Random(os.getpid())
    fig = dict(changes=0, refused=0, dumps=0, resets=0, flushes=0,
               batches=0, batch_lines=0, cli_killed=0, cli_hung=0,
               max_conns=0)
    ports = {}	# (node, type) -> ports seen in stats dumps
    peers = ['node1', 'node2', 'node3', 'node4', 'node5']
    policies = ['rr', 'weighted', 'least', 'sorted', 'hash']

    def run(node, *argv, data=None, kind='changes'):
        try:
            p = subprocess.run([cli, '-n', node] + list(argv), input=data,
                               capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            fig['cli_hung'] += 1
            sys.stderr.write('hung: %s %s\n' % (node, ' '.join(argv)))
            return None
        if p.returncode < 0:
            fig['cli_killed'] += 1
            sys.stderr.write('killed by signal %d: %s %s\n%s' %
                             (-p.returncode, node, ' '.join(argv), p.stderr))
        elif p.returncode != 0:
            fig['refused'] += 1
        else:
            fig[kind] += 1
        return p

    def wopts():
        r = rng.random()
        if r < 0.3:
            return ['width']
        if r < 0.5:
            return ['weight', str(rng.randint(1, 5))]
        return []

    def target():
        r = rng.random()
        if r < 0.3:
            return []
        who = rng.choice(peers[:4] if r < 0.9 else peers)
        p = ports.get(who)
        if p and rng.random() < 0.5:
            return ['node', who, 'port', str(rng.choice(p))]
        return ['node', who]

    while time.monotonic() < end:
        node = rng.choice(nodes)
        t = str(rng.choice(types))
        r = rng.random()
        if r < 0.25:
            pol = rng.choice(policies + ['none'])
            extra = wopts() if pol in ('weighted', 'least') else []
            run(node, 'policy', 'set', 'type', t, pol, *extra)
        elif r < 0.3:
            run(node, 'policy', 'del', 'type', t)
        elif r < 0.37:
            if rng.random() < 0.7:
                pol = rng.choice(policies)
                extra = wopts() if pol in ('weighted', 'least') else []
                run(node, 'policy', 'set', 'default', pol, *extra)
            else:
                run(node, 'policy', 'del', 'default')
        elif r < 0.5:
            tgt = target() or ['node', rng.choice(peers)]
            if rng.random() < 0.75:
                run(node, 'weight', 'set', 'type', t, *tgt, 'weight',
                    str(rng.randint(0, 5)))
            else:
                run(node, 'weight', 'del', 'type', t, *tgt)
        elif r < 0.6:
            tgt = target() or ['node', rng.choice(peers)]
            if rng.random() < 0.75:
                run(node, 'priority', 'set', 'type', t, *tgt, 'priority',
                    str(rng.randint(0, 3)))
            else:
                run(node, 'priority', 'del', 'type', t, *tgt)
        elif r < 0.68:
            run(node, 'stats', 'reset', *(['type', t] if rng.random() < 0.5 else []),
                kind='resets')
        elif r < 0.78:
            p = run(node, '-j', 'stats', kind='dumps')
            if p is not None and p.returncode == 0:
                try:
                    d = json.loads(p.stdout or '[]')
                    for e in d:
                        ports.setdefault(e.get('node-id'), set()).add(e['port'])
                    fig['max_conns'] = max(fig['max_conns'],
                                           sum(e.get('conns', 0) for e in d))
                except (ValueError, KeyError, TypeError, AttributeError):
                    sys.stderr.write('bad stats JSON: %r\n' % p.stdout[:200])
                ports = {n: sorted(v)[-8:] for n, v in ports.items()}
        elif r < 0.83:
            what = rng.choice([['policy', 'show'], ['weight', 'show'],
                               ['priority', 'show'], ['save'],
                               ['-j', 'policy', 'show'],
                               ['policy', 'show', 'type', t]])
            run(node, *what, kind='dumps')
        elif r < 0.985 or rng.random() < 0.5:
            # One exec, several changes (each CLI run is slow under TCG)
            lines = []
            for _ in range(rng.randint(2, 10)):
                tt = rng.choice(types)
                lines.append(rng.choice([
                    'policy set type %d %s' % (tt, rng.choice(policies)),
                    'weight set type %d node %s weight %d' %
                    (tt, rng.choice(peers), rng.randint(0, 5)),
                    'priority set type %d node %s priority %d' %
                    (tt, rng.choice(peers), rng.randint(0, 3)),
                    'weight del type %d node %s' % (tt, rng.choice(peers)),
                    'policy set default %s' % rng.choice(policies),
                    'policy del type %d' % tt,
                    'stats reset type %d' % tt]))
            if run(node, '-force', '-b', '-', data='\n'.join(lines) + '\n',
                   kind='batches') is not None:
                fig['batch_lines'] += len(lines)
        else:
            run(node, 'flush', kind='flushes')
        time.sleep(rng.uniform(0.02, 0.2))
    figures(fig)
    return 0


def main():
    # SIGUSR1: where a worker that does not end is stuck
    faulthandler.register(signal.SIGUSR1)
    cmds = {'serve': serve, 'rdm': rdm_client, 'conn': conn_client,
            'config': config}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 1
    return cmds[sys.argv[1]](sys.argv[2:])


if __name__ == '__main__':
    sys.exit(main())
