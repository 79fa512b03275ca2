#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# least's connection accounting around failures (issue 9): a stream server
# on node1, least on node4. A connect whose SYN never goes out counts
# nothing (the old code counted it at lookup, until retry or close); a
# listen() refused on a connected socket keeps its count (the old code
# released it whatever tipc_set_sk_state() decided); close releases it.
source "$(dirname "$0")/lib.sh"

TYPE=8000

ensure_progs || ktap_skip_all "cannot build the test programs"
lb_require_policy least
cluster_up || { ktap_fail "4-node TIPC cluster up"; ktap_finish; }
start_sserver node1 $TYPE 0 10 || { ktap_fail "stream server on node1"; ktap_finish; }
ktap_check "policy set type $TYPE least on node4" lb_cli node4 policy set type $TYPE least
out=$(on node4 timeout 120 python3 "$SELFTEST_DIR/tipc_least_acct.py" $TYPE 4 "$TIPC_LB_CLI" 2>&1)
rc=$?
ktap_import "tipc_least_acct.py" "$rc" "$out"
ktap_finish
