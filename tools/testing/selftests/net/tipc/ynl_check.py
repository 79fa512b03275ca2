#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks of the tipc_lb YNL spec (Documentation/netlink/specs/tipc_lb.yaml).

Used by selftests/host/ynl_spec.sh (host, no TIPC) and tipc_lb_ynl.sh
(in the VM).  Every check prints one line "ok DESC", "not ok DESC" or
"skip DESC # REASON", details as "# ..." lines; the shell scripts number and
count them.  Only Debian's python3-yaml (and python3-jsonschema for the
schema check) are needed.

  ynl_check.py schema SPEC SCHEMA
        the spec validates against the tree's schema of its protocol
  ynl_check.py uapi-prog HEADER OUT.c
        write a C program printing "NAME VALUE" for every TIPC_LB_* name
        of HEADER (compiled and run by the caller)
  ynl_check.py spec SPEC
        the spec's rules the generator does not check: changes need
        uns-admin-perm and reads no permission, each notification has the
        value of the change it announces and a do reply to refer to
  ynl_check.py kernel SPEC GEN_KERNEL.h LB_NETLINK.c
        net/tipc/lb_netlink.c fits the generated code: it defines every
        handler the generated ops table names, registers that table and
        the spec's groups, and validates nothing by hand
  ynl_check.py vm SPEC CLI_PY TIPC_LB
        (inside the VM, in a fresh netns) drive the family with the
        kernel's tools/net/ynl/cli.py and compare with tipc-lb -j
"""

import ast
import json
import os
import re
import subprocess
import sys
import time

import yaml


def ok(desc):
    print(f'ok {desc}', flush=True)


def not_ok(desc, *details):
    print(f'not ok {desc}', flush=True)
    for d in details:
        for line in str(d).splitlines() or ['']:
            print(f'# {line}', flush=True)


def skip(desc, reason):
    print(f'skip {desc} # {reason}', flush=True)


def check(desc, cond, *details):
    if cond:
        ok(desc)
    else:
        not_ok(desc, *details)
    return cond


def load_spec(path):
    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f)


def c_upper(name):
    return name.upper().replace('-', '_')


def spec_ops(spec):
    return spec['operations']['list']


def op_c_name(spec, op):
    return c_upper(spec['operations'].get('name-prefix',
                                          spec['name'] + '-cmd-') + op['name'])


def enum_values(spec, name):
    """{entry name: value} of the enum definition NAME"""
    for d in spec.get('definitions', []):
        if d['name'] != name:
            continue
        vals, v = {}, d.get('value-start', 0)
        for e in d['entries']:
            if isinstance(e, dict):
                v = e.get('value', v)
                e = e['name']
            vals[e] = v
            v += 1
        return vals
    raise KeyError(name)


def const_value(spec, name):
    for d in spec.get('definitions', []):
        if d['name'] == name and d['type'] == 'const':
            return d['value']
    raise KeyError(name)


# ------------------------------------------------------------------ host --

def cmd_schema(spec_path, schema_path):
    import jsonschema  # pylint: disable=import-outside-toplevel

    spec = load_spec(spec_path)
    schema = load_spec(schema_path)
    try:
        jsonschema.validate(spec, schema)
        ok(f'spec validates against {os.path.basename(schema_path)}')
    except jsonschema.ValidationError as e:
        not_ok(f'spec validates against {os.path.basename(schema_path)}',
               f'{e.message} at {"/".join(str(p) for p in e.absolute_path)}')


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


NAME_RE = re.compile(r'\b_*TIPC_LB_\w+')


def header_names(path):
    with open(path, encoding='utf-8') as f:
        code = strip_comments(f.read())
    names = []
    for n in NAME_RE.findall(code):
        if n not in names:
            names.append(n)
    return names, set(re.findall(r'\benum\s+(\w+)\s*\{', code))


def cmd_uapi_prog(header, out):
    names, _ = header_names(header)
    with open(out, 'w', encoding='utf-8') as f:
        f.write(f'#include <stdio.h>\n#include "{os.path.abspath(header)}"\n'
                'static void pi(const char *n, long long v)\n'
                '{ printf("%s %lld\\n", n, v); }\n'
                'static void ps(const char *n, const char *v)\n'
                '{ printf("%s \\"%s\\"\\n", n, v); }\n'
                '#define P(x) _Generic((x), char *: ps, const char *: ps, '
                'default: pi)(#x, x)\n'
                'int main(void)\n{\n')
        for n in names:
            f.write(f'\tP({n});\n')
        f.write('\treturn 0;\n}\n')


def read_values(path):
    vals = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            name, val = line.rstrip('\n').split(' ', 1)
            vals[name] = val
    return vals


def array_body(code, decl_re):
    """Bodies of the initialised arrays whose declaration matches DECL_RE"""
    bodies = []
    for m in re.finditer(decl_re + r'\s*\[[^\]]*\]\s*=\s*\{', code):
        depth, i = 1, m.end()
        while depth and i < len(code):
            depth += {'{': 1, '}': -1}.get(code[i], 0)
            i += 1
        bodies.append((m, code[m.end():i - 1]))
    return bodies


def split_top(body):
    """Split BODY at commas outside () and {}"""
    parts, depth, cur = [], 0, ''
    for ch in body:
        if ch in '({':
            depth += 1
        elif ch in ')}':
            depth -= 1
        if ch == ',' and depth == 0:
            parts.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


# Permission flags of the generator: only the first keeps the owner of a
# netns configuring it (tipc_lb_priv.sh)
PERM_FLAGS = ('uns-admin-perm', 'admin-perm')


def cmd_spec(spec_path):
    spec = load_spec(spec_path)
    ops = {op['name']: op for op in spec_ops(spec)}
    values, req_val = {}, 1
    for op in spec_ops(spec):
        req_val = op.get('value', req_val)
        values[op['name']] = req_val
        req_val += 1
    ntfs = {n: op for n, op in ops.items() if 'notify' in op or 'event' in op}

    # A command that changes the configuration is one a notification
    # announces (ntf-NAME): it needs the permission, a read must not
    changes = {n[len('ntf-'):] for n in ntfs}
    for name, op in ops.items():
        if name in ntfs:
            continue
        perm = [f for f in op.get('flags', []) if f in PERM_FLAGS]
        if name in changes:
            check(f'{name}: a change, needs CAP_NET_ADMIN over the netns '
                  '(uns-admin-perm)', perm == ['uns-admin-perm'],
                  f'flags: {op.get("flags", [])}',
                  'admin-perm would lock namespace owners out of their '
                  'own netns')
        else:
            check(f'{name}: a read, no permission flag', not perm,
                  f'flags: {op.get("flags", [])}')

    # Notifications: the value of the command that made the change (the
    # module sends them with its request's command), and what the spec's
    # generated user code needs of a notify: a do reply to take
    for name, op in ntfs.items():
        made_by = name[len('ntf-'):]
        check(f'{name}: the value of {made_by} ({values.get(made_by)})',
              made_by in ops and values[name] == values[made_by],
              f'{name} = {values[name]}')
        if 'notify' in op:
            ref = ops.get(op['notify'], {})
            check(f'{name}: notify {op["notify"]}, an operation whose do '
                  'has a reply', 'reply' in (ref.get('do') or {}),
                  f'{op["notify"]}: {ref.get("do")}')
        check(f'{name}: sent to a multicast group of the spec',
              op.get('mcgrp') in {g['name'] for g in
                                  spec.get('mcast-groups', {}).get('list', [])},
              f'mcgrp: {op.get("mcgrp")}')


def cmd_kernel(spec_path, gen_h, lb_c):
    spec = load_spec(spec_path)
    with open(gen_h, encoding='utf-8') as f:
        gen = strip_comments(f.read())
    with open(lb_c, encoding='utf-8') as f:
        kern = strip_comments(f.read())
    base = os.path.basename(lb_c)

    # Every handler the generated ops table names, defined (not static)
    handlers = re.findall(r'\bint\s+(\w+_(?:doit|dumpit))\s*\(', gen)
    if not handlers:
        not_ok(f'{os.path.basename(gen_h)} declares the handlers',
               'no *_doit / *_dumpit prototype found')
    for h in handlers:
        m = re.search(r'^(static\s+)?int\s+' + h + r'\s*\(', kern, re.M)
        check(f'{base} defines {h}()', m and not m.group(1),
              'not defined' if not m else 'static: the generated table '
              'cannot reach it')

    # Nothing validated by hand: no policy or ops table of its own
    for what, decl in (('attribute policy', r'struct\s+nla_policy\s+\w+'),
                       ('ops table',
                        r'struct\s+genl_(?:small_|split_)?ops\s+\w+')):
        own = [m.group(0) for m, _ in array_body(kern, decl)]
        check(f'{base} has no {what} of its own (the generated one is used)',
              not own, *own)

    # The family registers the generated table
    m = re.search(r'\.split_ops\s*=\s*(\w+)', kern)
    table = re.search(r'struct\s+genl_split_ops\s+(\w+)\s*\[', gen)
    check(f'{base}: the family\'s split_ops are the generated table',
          m and table and m.group(1) == table.group(1),
          f'family: {m.group(1) if m else None}, '
          f'generated: {table.group(1) if table else None}')

    # Multicast groups: every group of the spec, at the index of the
    # generated TIPC_LB_NLGRP_* of its name
    kgrps = {}
    for _, body in array_body(kern, r'struct\s+genl_multicast_group\s+\w+'):
        for idx, name in re.findall(
                r'\[\s*(\w+)\s*\]\s*=\s*\{[^}]*\.name\s*=\s*("[^"]*"|\w+)', body):
            kgrps[idx] = name
    fam = c_upper(spec['name'])
    sgrps = [g['name'] for g in spec.get('mcast-groups', {}).get('list', [])]
    for g in sgrps:
        idx = f'{fam}_NLGRP_{c_upper(g)}'
        name = kgrps.get(idx, '')
        check(f'multicast group "{g}" registered at {idx}',
              name in (f'"{g}"', f'{fam}_MCGRP_{c_upper(g)}'),
              f'{base}: {kgrps}')
    check(f'{base} registers only the spec\'s groups', len(kgrps) == len(sgrps),
          f'kernel: {sorted(kgrps)}', f'spec: {sgrps}')


# -------------------------------------------------------------------- VM --

class Vm:
    """The scenario run inside the VM, in a netns of its own"""

    def __init__(self, spec_path, cli_py, tipc_lb):
        self.spec_path = spec_path
        self.spec = load_spec(spec_path)
        self.cli_py = cli_py
        self.tipc_lb = tipc_lb
        self.ops = {op['name']: op for op in spec_ops(self.spec)}

    # cli.py is slow to start under TCG (seconds): batch what can be
    # batched with --multi.  --no-schema: the host test validates the spec,
    # and jsonschema costs half a minute in the guest.
    def cli(self, *args):
        cmd = ['/usr/bin/python3', self.cli_py, '--spec', self.spec_path,
               '--no-schema', '--output-json', *args]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                           check=False)
        return p.returncode, p.stdout, p.stderr

    def cli_json(self, desc, *args):
        """Run cli.py; its last output line as JSON, or None after a
        failed check"""
        rc, out, err = self.cli(*args)
        lines = [ln for ln in out.splitlines() if ln.strip()]
        try:
            if rc != 0 or not lines:
                raise ValueError(f'exit {rc}')
            return json.loads(lines[-1])
        except ValueError as e:
            not_ok(desc, f'cli.py {" ".join(args)}: {e}', out, err)
            return None

    def cli_error(self, *args):
        """Run cli.py expecting a netlink error: (errno, extack dict)"""
        rc, out, err = self.cli(*args)
        m = re.search(r'^\s*error: -(\d+)$', out, re.M)
        ext = re.search(r'^\s*extack: (\{.*\})$', out, re.M)
        extack = {}
        if ext:
            try:
                extack = ast.literal_eval(ext.group(1))
            except (ValueError, SyntaxError):
                pass
        return rc, int(m.group(1)) if m else None, extack, out + err

    def lb(self, *args):
        p = subprocess.run([self.tipc_lb, *args], capture_output=True,
                           text=True, timeout=60, check=False)
        return p.returncode, p.stdout, p.stderr

    def lb_json(self, *args):
        rc, out, err = self.lb('-j', *args)
        if rc != 0:
            raise ValueError(f'tipc-lb -j {" ".join(args)}: exit {rc}: {err}')
        return json.loads(out)

    def reply_attrs(self, op, mode):
        try:
            return set(self.ops[op][mode]['reply']['attributes'])
        except KeyError:
            return set()

    def check_reply_keys(self, op, mode, replies):
        """Every attribute the kernel sent is one the spec lists for it"""
        want = self.reply_attrs(op, mode)
        extra = set()
        for r in replies:
            extra |= set(r) - want
        check(f'{op} {mode}: the kernel replies with attributes of the spec only',
              not extra, f'not in the spec\'s reply: {sorted(extra)}',
              f'spec: {sorted(want)}')

    # -- conversions of cli.py replies into tipc-lb -j's form
    @staticmethod
    def wopts(policy, r):
        d = {}
        if policy in ('weighted', 'least'):
            for k in ('weight-src', 'default-weight'):
                if k in r:
                    d[k] = r[k]
        return d

    def as_lb_policy(self, r):
        return {'type': r['type'], 'policy': r['policy'],
                **self.wopts(r['policy'], r)}

    def as_lb_default(self, r):
        return {'policy': r['policy'], **self.wopts(r['policy'], r)}

    @staticmethod
    def as_lb_entry(r, key):
        d = {k: r[k] for k in ('type', 'node-id', 'node-addr', 'port') if k in r}
        d[key] = r[key]
        return d

    # tipc-lb -j has the spec's attribute names as keys: the ones compared
    # (others it may grow, and policy-origin, are ignored)
    LB_KEYS = ('type', 'node-id', 'node-addr', 'port', 'policy', 'weight-src',
               'default-weight', 'weight', 'priority')

    @staticmethod
    def lb_types(lbj):
        """The per-type objects of tipc-lb -j policy show"""
        return [x for x in lbj if 'type' in x] if isinstance(lbj, list) else lbj

    @staticmethod
    def lb_default(lbj):
        """The default's object of tipc-lb -j policy show"""
        d = [x for x in lbj if 'type' not in x] if isinstance(lbj, list) else []
        return d[0] if len(d) == 1 else None

    @classmethod
    def canon(cls, lst):
        if not isinstance(lst, list):
            return lst
        return sorted(json.dumps({k: x[k] for k in cls.LB_KEYS if k in x},
                                 sort_keys=True) for x in lst)

    def same(self, desc, cli_list, lb_list):
        a, b = self.canon(cli_list), self.canon(lb_list)
        check(desc, a == b, f'cli.py:     {a}', f'tipc-lb -j: {b}')

    def run(self):
        pol = enum_values(self.spec, 'policy')
        type_min = const_value(self.spec, 'type-min')
        wmax = const_value(self.spec, 'weight-max')

        # 1. configure through cli.py, one netlink batch
        policies = [
            {'type': 1000, 'policy': 'rr'},
            {'type': 1001, 'policy': 'weighted', 'weight-src': 'fixed',
             'default-weight': 5},
            {'type': 1002, 'policy': 'least', 'weight-src': 'width'},
            {'type': 1003, 'policy': 'sorted'},
        ]
        default = {'policy': 'weighted', 'default-weight': 7}
        weights = [
            {'type': 1001, 'node-id': 'node2', 'weight': 3},
            {'type': 1001, 'node-addr': 0x1001002, 'port': 77, 'weight': 0},
            {'type': 1002, 'node-id': 'abc', 'weight': wmax},
        ]
        prios = [
            {'type': 1003, 'node-id': 'node1', 'priority': 0},
            {'type': 1003, 'node-id': 'node2', 'port': 5,
             'priority': 4294967295},
        ]
        multi = []
        for p in policies:
            multi += ['--multi', 'policy-set', json.dumps(p)]
        multi += ['--multi', 'default-set', json.dumps(default)]
        for w in weights:
            multi += ['--multi', 'weight-set', json.dumps(w)]
        for p in prios:
            multi += ['--multi', 'prio-set', json.dumps(p)]
        n = len(multi) // 3
        desc = f'cli.py --multi: {n} sets (policy, default, weight, prio) acked'
        r = self.cli_json(desc, *multi)
        if r is not None:
            check(desc, r == [None] * n, f'replies: {r}')

        # ... and some through tipc-lb, read back by cli.py below
        for args in (['policy', 'set', 'type', '1004', 'hash'],
                     ['weight', 'set', 'type', '1002', 'node', '1.1.3', 'port',
                      '9', 'weight', '4'],
                     ['priority', 'set', 'type', '1003', 'node', '0x1001003',
                      'priority', '7']):
            rc, _, err = self.lb(*args)
            check(f'tipc-lb {" ".join(args)}', rc == 0, err)
        policies.append({'type': 1004, 'policy': 'hash'})
        weights.append({'type': 1002, 'node-addr': 0x1001003, 'port': 9,
                        'weight': 4})
        prios.append({'type': 1003, 'node-addr': 0x1001003, 'priority': 7})

        # 2. read back: each type and the default in one batch
        multi = []
        for p in policies:
            multi += ['--multi', 'policy-get', json.dumps({'type': p['type']})]
        multi += ['--multi', 'default-get', '{}']
        got = self.cli_json('cli.py --multi policy-get, default-get', *multi)
        if got is not None and len(got) == len(policies) + 1:
            for p, g in zip(policies, got):
                want = {'type': p['type'], 'policy': p['policy']}
                if p['policy'] in ('weighted', 'least'):
                    want['weight-src'] = p.get('weight-src', 'fixed')
                    if want['weight-src'] == 'fixed':
                        want['default-weight'] = p.get('default-weight', 1)
                have = {k: g.get(k) for k in want} if g else g
                check(f'policy-get type {p["type"]}: {p["policy"]}'
                      + ''.join(f' {k} {v}' for k, v in want.items()
                                if k not in ('type', 'policy')),
                      have == want, f'got {g}', f'want {want}')
            self.check_reply_keys('policy-get', 'do', [g for g in got[:-1] if g])
            g = got[-1] or {}
            want = {'policy': 'weighted', 'weight-src': 'fixed',
                    'default-weight': 7}
            check('default-get: weighted, fixed, default-weight 7',
                  {k: g.get(k) for k in want} == want, f'got {g}')
            self.check_reply_keys('default-get', 'do', [g])
            lbd = self.lb_json('policy', 'show', 'default')
            check('default-get equals tipc-lb -j policy show default',
                  self.canon([self.as_lb_default(g)]) == self.canon(lbd),
                  f'cli.py: {g}',
                  f'tipc-lb -j: {lbd}')
        elif got is not None:
            not_ok('cli.py --multi policy-get, default-get', f'replies: {got}')

        # 3. dumps, against the expected values and tipc-lb -j
        dump = self.cli_json('cli.py --dump policy-get', '--dump', 'policy-get')
        if dump is not None:
            check('policy-get dump lists types 1000..1004',
                  sorted(d.get('type') for d in dump) == list(range(1000, 1005)),
                  f'got {dump}')
            self.check_reply_keys('policy-get', 'dump', dump)
            lbj = self.lb_json('policy', 'show')
            self.same('policy-get dump equals tipc-lb -j policy show',
                      [self.as_lb_policy(d) for d in dump], self.lb_types(lbj))
            check('policy-get dump: weighted type 1001 has default-weight 5',
                  any(d.get('type') == 1001 and d.get('default-weight') == 5
                      and d.get('policy') == 'weighted' for d in dump), dump)

        for op, key, want, obj in (('weight-get', 'weight', weights, 'weight'),
                                   ('prio-get', 'priority', prios, 'priority')):
            dump = self.cli_json(f'cli.py --dump {op}', '--dump', op)
            if dump is None:
                continue
            self.check_reply_keys(op, 'dump', dump)
            self.same(f'{op} dump has the {len(want)} entries set',
                      [self.as_lb_entry(d, key) for d in dump],
                      [self.as_lb_entry(w, key) for w in want])
            self.same(f'{op} dump equals tipc-lb -j {obj} show',
                      [self.as_lb_entry(d, key) for d in dump],
                      self.lb_json(obj, 'show'))

        dump = self.cli_json('cli.py --dump weight-get, type 1002',
                             '--dump', 'weight-get', '--json', '{"type": 1002}')
        if dump is not None:
            self.same('weight-get dump filtered by type 1002',
                      [self.as_lb_entry(d, 'weight') for d in dump],
                      self.lb_json('weight', 'show', 'type', '1002'))
            check('weight-get dump, type 1002: only type 1002, 2 entries',
                  len(dump) == 2 and all(d.get('type') == 1002 for d in dump), dump)

        # ... and entries one by one (weight-get and prio-get as do)
        gets = (('weight-get', 'weight', weights[0]),
                ('prio-get', 'priority', prios[0]))
        multi = []
        for op, _, ent in gets:
            multi += ['--multi', op, json.dumps(
                {k: ent[k] for k in ('type', 'node-id', 'node-addr', 'port')
                 if k in ent})]
        got = self.cli_json('cli.py --multi weight-get, prio-get', *multi)
        if got is not None and len(got) == len(gets):
            for (op, key, ent), g in zip(gets, got):
                check(f'{op} do: the entry set, {key} {ent[key]}', g == ent,
                      f'got {g}', f'want {ent}')
                self.check_reply_keys(op, 'do', [g] if g else [])
        elif got is not None:
            not_ok('cli.py --multi weight-get, prio-get', f'replies: {got}')
        rc, err, ext, out = self.cli_error(
            '--do', 'weight-get', '--json',
            json.dumps({'type': 1001, 'node-id': 'nosuchnode'}))
        check('weight-get do of no entry: ENOENT, "no such weight entry"',
              rc == 1 and err == 2 and ext.get('msg') == 'no such weight entry',
              out)

        # 4. the kernel enforces the checks the spec declares
        rc, err, ext, out = self.cli_error(
            '--do', 'policy-set', '--json',
            json.dumps({'type': type_min - 1, 'policy': 'rr'}))
        check(f'policy-set type {type_min - 1}: ERANGE, extack min-value '
              f'{type_min} (spec type-min)',
              rc == 1 and err == 34 and ext.get('policy', {}).get('min-value')
              == type_min and ext.get('bad-attr') == '.type', out)
        bad = max(pol.values()) + 1
        rc, err, ext, out = self.cli_error(
            '--do', 'policy-set', '--json', json.dumps({'type': 1000, 'policy': bad}))
        check(f'policy-set policy {bad}: ERANGE, extack max-value {bad - 1} '
              '(last of the spec\'s enum)',
              rc == 1 and err == 34 and ext.get('policy', {}).get('max-value')
              == bad - 1 and ext.get('bad-attr') == '.policy', out)

        # 5. deletes through cli.py, checked with tipc-lb -j
        multi = ['--multi', 'policy-del', '{"type": 1000}',
                 '--multi', 'weight-del',
                 json.dumps({k: weights[0][k] for k in ('type', 'node-id')}),
                 '--multi', 'prio-del',
                 json.dumps({k: prios[1][k] for k in ('type', 'node-id', 'port')}),
                 '--multi', 'default-set', '{"policy": "none"}']
        r = self.cli_json('cli.py --multi: policy-del, weight-del, prio-del, '
                          'default-set none', *multi)
        if r is not None:
            check('cli.py --multi: 4 deletes acked', r == [None] * 4, r)
            lbj = self.lb_json('policy', 'show')
            check('tipc-lb -j: type 1000 gone, default none',
                  (self.lb_default(lbj) or {}).get('policy') == 'none' and
                  sorted(p['type'] for p in self.lb_types(lbj))
                  == [1001, 1002, 1003, 1004], lbj)
            self.same('tipc-lb -j weight show: the deleted entry gone',
                      self.lb_json('weight', 'show'),
                      [self.as_lb_entry(w, 'weight') for w in weights[1:]])
            self.same('tipc-lb -j priority show: the deleted entry gone',
                      self.lb_json('priority', 'show'),
                      [self.as_lb_entry(p, 'priority')
                       for p in prios if p is not prios[1]])
        # 6. dumps of the spec this scenario does not know: they must answer
        for name, op in self.ops.items():
            if 'dump' not in op or name in ('policy-get', 'weight-get', 'prio-get'):
                continue
            dump = self.cli_json(f'cli.py --dump {name}', '--dump', name)
            if dump is not None:
                check(f'{name} dump answers a list', isinstance(dump, list), dump)
                self.check_reply_keys(name, 'dump', dump)

        # 7. notifications, to a separate subscriber, of a change by tipc-lb
        groups = [g['name'] for g in self.spec.get('mcast-groups', {}).get('list', [])]
        if not groups:
            skip('notifications', 'the spec has no multicast group')
        for g in groups:
            self.notify(g)

    def notify(self, group):
        desc = f'a subscriber of "{group}" is notified of policy set type 1005'
        sub = subprocess.Popen(
            ['/usr/bin/python3', self.cli_py, '--spec', self.spec_path,
             '--no-schema', '--output-json', '--subscribe', group,
             '--sleep', '10'],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # cli.py subscribes, then sleeps: wait until one of its sockets has
        # joined a group (/proc/net/netlink: protocol 16, groups, inode)
        deadline, joined = time.time() + 60, False
        while not joined and time.time() < deadline and sub.poll() is None:
            inodes = set()
            try:
                for fd in os.listdir(f'/proc/{sub.pid}/fd'):
                    m = re.match(r'socket:\[(\d+)\]',
                                 os.readlink(f'/proc/{sub.pid}/fd/{fd}'))
                    if m:
                        inodes.add(m.group(1))
            except OSError:
                pass
            with open('/proc/net/netlink', encoding='ascii') as f:
                for line in f.readlines()[1:]:
                    w = line.split()
                    if w[1] == '16' and int(w[3], 16) and w[9] in inodes:
                        joined = True
            time.sleep(0.2)
        if not joined:
            sub.kill()
            out = sub.communicate()[0]
            not_ok(desc, 'cli.py never joined the group', out)
            return
        rc, _, err = self.lb('policy', 'set', 'type', '1005', 'rr')
        try:
            out = sub.communicate(timeout=120)[0]
        except subprocess.TimeoutExpired:
            sub.kill()
            out = sub.communicate()[0]
        lines = [ln for ln in out.splitlines() if ln.strip()]
        try:
            ntfs = json.loads(lines[-1])
        except (ValueError, IndexError):
            ntfs = None
        check(desc, rc == 0 and isinstance(ntfs, list) and
              any(n.get('name') == 'ntf-policy-set' and
                  n.get('msg', {}).get('type') == 1005 and
                  n.get('msg', {}).get('policy') == 'rr' for n in ntfs),
              f'tipc-lb exit {rc} {err}', out)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'schema':
        cmd_schema(*args)
    elif cmd == 'uapi-prog':
        cmd_uapi_prog(*args)
    elif cmd == 'spec':
        cmd_spec(*args)
    elif cmd == 'kernel':
        cmd_kernel(*args)
    elif cmd == 'vm':
        Vm(*args).run()
    else:
        sys.exit(f'ynl_check.py: unknown command {cmd}')


if __name__ == '__main__':
    main()
