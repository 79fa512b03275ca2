#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tipc_churn.py - RDM requests with membership changes between them.

  tipc_churn.py requests TYPE INST COUNT [--churn-lower N] [--churn-range L U]
      Sends COUNT requests to {TYPE, INST}, one at a time, waiting for each
      reply (a server's name).  Between two requests another socket binds
      {TYPE, N+i, N+i} (--churn-lower N) or {TYPE, L, U} (--churn-range) and
      closes again, as per-session names next to a shared range do.  Prints
      the servers' names, one per line, then "served: NAME=N ..." in order of
      first reply.

  tipc_churn.py bind TYPE COUNT LOWER UPPER SHAPE [MARKER_TYPE]
      Binds COUNT publications of TYPE on one socket: SHAPE "identical"
      (every one {LOWER, UPPER}), "nested" ({LOWER, LOWER+i}, i = 0..) or
      "disjoint" ({LOWER+i, LOWER+i}); then {MARKER_TYPE, 0, 0} on a second
      socket, so that a peer seeing the marker has seen them all (a node's
      publications travel in order).  Prints "ready" and waits for a line on
      stdin: "close" withdraws the publications (the marker last); EOF exits.

  tipc_churn.py send TYPE INST COUNT
      Sends COUNT datagrams to {TYPE, INST} without waiting for replies.

  tipc_churn.py flap TYPE LOWER UPPER SECONDS
      Binds and closes {TYPE, LOWER, UPPER} in a loop for SECONDS (bounded),
      printing the number of cycles.

Exit status: 0 ok, 2 a socket call failed, 3 a request got no reply.
"""
import select
import socket
import sys
import time

SCOPE = socket.TIPC_CLUSTER_SCOPE
TIMEOUT = 3.0


def bind(sock, type_, lower, upper):
    sock.bind((socket.TIPC_ADDR_NAMESEQ, type_, lower, upper, SCOPE))


def requests(args):
    type_, inst, count = (int(a) for a in args[:3])
    churn = None
    if '--churn-lower' in args:
        base = int(args[args.index('--churn-lower') + 1])
        churn = lambda i: (base + i, base + i)
    elif '--churn-range' in args:
        k = args.index('--churn-range')
        churn = lambda i: (int(args[k + 1]), int(args[k + 2]))
    sock = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    tally = {}
    for i in range(count):
        sock.sendto(b'request %d' % i, (socket.TIPC_ADDR_NAME, type_, inst, 0))
        if not select.select([sock], [], [], TIMEOUT)[0]:
            print('error: timeout', flush=True)
            return 3
        name = sock.recv(64).decode().strip('\0')
        print(name, flush=True)
        tally[name] = tally.get(name, 0) + 1
        if churn:
            other = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
            bind(other, type_, *churn(i))
            other.close()
    print('served: ' + ' '.join('%s=%d' % kv for kv in tally.items()), flush=True)
    return 0


def bind_many(args):
    type_, count, lower, upper = (int(a) for a in args[:4])
    shape = args[4]
    marker = int(args[5]) if len(args) > 5 else type_ + 1
    sock = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    for i in range(count):
        if shape == 'identical':
            bind(sock, type_, lower, upper)
        elif shape == 'nested':
            bind(sock, type_, lower, lower + i)
        else:
            bind(sock, type_, lower + i, lower + i)
    mark = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    bind(mark, marker, 0, 0)
    print('ready', flush=True)
    for line in sys.stdin:
        if line.strip() == 'close':
            sock.close()
            mark.close()
            print('closed', flush=True)
    return 0


def send(args):
    type_, inst, count = (int(a) for a in args[:3])
    sock = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
    for i in range(count):
        sock.sendto(b'request %d' % i, (socket.TIPC_ADDR_NAME, type_, inst, 0))
    print('sent: %d' % count, flush=True)
    return 0


def flap(args):
    type_, lower, upper = (int(a) for a in args[:3])
    end = time.monotonic() + float(args[3])
    n = 0
    while time.monotonic() < end:
        s = socket.socket(socket.AF_TIPC, socket.SOCK_RDM)
        bind(s, type_, lower, upper)
        s.close()
        n += 1
    print('cycles: %d' % n, flush=True)
    return 0


def main():
    cmds = {'requests': requests, 'bind': bind_many, 'send': send,
            'flap': flap}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 1
    try:
        return cmds[sys.argv[1]](sys.argv[2:])
    except OSError as e:
        print('error: %s (errno %d)' % (e.strerror, e.errno), flush=True)
        return 2


if __name__ == '__main__':
    sys.exit(main())
