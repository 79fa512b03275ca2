#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Copy every kernel log record to a file for the whole selftest run.

run.sh checks each script's share of the kernel log for reports.  dmesg
alone would miss records once the ring buffer wraps (fault injection is
verbose), so this reads /dev/kmsg from the first record on and keeps up
with it; records the kernel dropped before they were read are counted in
a line of their own.
"""
import errno
import os
import sys


def main():
    out = open(sys.argv[1], 'a', buffering=1)
    fd = os.open('/dev/kmsg', os.O_RDONLY)
    while True:
        try:
            rec = os.read(fd, 8192)
        except OSError as err:
            if err.errno == errno.EPIPE:
                out.write('kmsg_log: kernel log records lost (ring buffer overrun)\n')
                continue
            raise
        if not rec:
            break
        # "prio,seq,usec,flags;text" then " KEY=value" continuation lines
        _, _, text = rec.decode('utf-8', 'replace').partition(';')
        out.write(text if text.endswith('\n') else text + '\n')


if __name__ == '__main__':
    main()
