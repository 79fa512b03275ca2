#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tipc_least_acct.py TYPE INST CLI - least's connection count around
failures, printed as TAP lines for tipc_lb_least_acct.sh.

  1. a connect whose SYN never goes out (sendto from an unreadable buffer:
     EFAULT once the lookup is done) counts nothing;
  2. a connected socket's failed listen() (EINVAL) keeps its count;
  3. close releases it.
CLI is the tipc-lb binary, run in the same netns to read the counts.
"""
import ctypes
import errno
import json
import socket
import struct
import subprocess
import sys

N = 0
FAILED = 0


def tap(ok, desc, diag=''):
    global N, FAILED
    N += 1
    FAILED += not ok
    print('%sok %d %s' % ('' if ok else 'not ', N, desc), flush=True)
    if diag and not ok:
        print('# ' + diag, flush=True)


def conns(cli, type_):
    out = subprocess.run([cli, '-j', 'stats', 'type', str(type_)],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    if isinstance(d, dict):
        d = next((v for v in d.values() if isinstance(v, list)), [])
    return sum(e.get('conns', 0) for e in d)


def main():
    type_, inst, cli = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    libc = ctypes.CDLL(None, use_errno=True)

    # struct sockaddr_tipc: family, addrtype TIPC_ADDR_NAME, scope,
    # name {type, instance}, domain
    addr = struct.pack('HBbIII', socket.AF_TIPC, 2, 0, type_, inst, 0)
    s = socket.socket(socket.AF_TIPC, socket.SOCK_SEQPACKET)
    rc = libc.sendto(s.fileno(), ctypes.c_void_p(8), 16, 0, addr, len(addr))
    err = ctypes.get_errno()
    tap(rc == -1 and err == errno.EFAULT,
        'a connect with an unreadable first message fails: EFAULT',
        'rc %d errno %d' % (rc, err))
    n = conns(cli, type_)
    tap(n == 0, 'its SYN never went out: no connection counted', 'conns %d' % n)
    s.close()

    s = socket.socket(socket.AF_TIPC, socket.SOCK_STREAM)
    s.connect((socket.TIPC_ADDR_NAME, type_, inst, 0))
    s.send(b'hello')
    s.recv(64)
    n = conns(cli, type_)
    tap(n == 1, 'a connection counted once established', 'conns %d' % n)
    try:
        s.listen(1)
        tap(False, 'listen() on a connected socket fails: EINVAL')
    except OSError as e:
        tap(e.errno == errno.EINVAL,
            'listen() on a connected socket fails: EINVAL', str(e))
    n = conns(cli, type_)
    tap(n == 1, 'the refused transition keeps the count', 'conns %d' % n)
    s.close()
    n = conns(cli, type_)
    tap(n == 0, 'close releases it', 'conns %d' % n)
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
