/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TIPC anycast lookup benchmark (tipc-lb): only in benchmark builds, see
 * lb_bench.c and net/patches/tipc-lb-bench.patch
 */

#ifndef _TIPC_LB_BENCH_H
#define _TIPC_LB_BENCH_H

void tipc_lb_bench_init(void);
void tipc_lb_bench_exit(void);

#endif
