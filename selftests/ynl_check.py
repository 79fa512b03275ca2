#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks of the tipc_lb YNL spec (Documentation/netlink/specs/tipc_lb.yaml).

Used by selftests/host/ynl_spec.sh (host, no TIPC) and selftests/tipc_lb_ynl.sh
(in the VM).  Every check prints one line "ok DESC", "not ok DESC" or
"skip DESC # REASON", details as "# ..." lines; the shell scripts number and
count them.  Only Debian's python3-yaml (and python3-jsonschema for the
schema check) are needed.

  ynl_check.py schema SPEC SCHEMA
        the spec validates against the tree's schema of its protocol
  ynl_check.py uapi-prog HEADER OUT.c
        write a C program printing "NAME VALUE" for every TIPC_LB_* name
        of HEADER (compiled and run by the caller)
  ynl_check.py uapi-cmp REAL.h GEN.h REAL.values GEN.values
        the header generated from the spec defines the same names with the
        same values as include/uapi/linux/tipc_lb.h, and the same enum types
  ynl_check.py kernel SPEC GEN_KERNEL.c LB_NETLINK.c VALUES
        the kernel's attribute policy and ops table agree with the spec
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


# Commands the spec (and uAPI header) define ahead of the kernel side:
# reported as skipped while net/tipc/lb_netlink.c lacks them, checked like
# any other once it has them.  Empty it when the kernel has caught up.
PENDING_OPS = set()


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


def cmd_uapi_cmp(real_h, gen_h, real_v, gen_v):
    real, gen = read_values(real_v), read_values(gen_v)
    _, real_enums = header_names(real_h)
    _, gen_enums = header_names(gen_h)
    for name in sorted(set(real) | set(gen)):
        if name not in gen:
            not_ok(f'uapi: {name} ({real[name]}) is generated from the spec',
                   'missing from the generated header')
        elif name not in real:
            not_ok(f'uapi: generated {name} ({gen[name]}) is in '
                   'include/uapi/linux/tipc_lb.h', 'missing from the real header')
        else:
            check(f'uapi: {name} = {real[name]}', real[name] == gen[name],
                  f'generated from the spec: {gen[name]}')
    for e in sorted(real_enums | gen_enums):
        check(f'uapi: enum {e} in both headers', e in real_enums and e in gen_enums,
              'only in the ' + ('real' if e in real_enums else 'generated') + ' header')


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


def policy_entries(body, values):
    """{attribute: normalised policy} of an nla_policy initialiser"""
    ents = {}
    for part in split_top(body):
        m = re.match(r'\[\s*(\w+)\s*\]\s*=\s*(.*)$', part, re.S)
        if not m:
            continue
        val = re.sub(r'\s+', '', m.group(2))
        val = val.replace(',}', '}')
        val = NAME_RE.sub(lambda n: values.get(n.group(0), n.group(0)), val)
        ents[m.group(1)] = val
    return ents


def cmd_kernel(spec_path, gen_c, lb_c, values_path):
    spec = load_spec(spec_path)
    values = read_values(values_path)
    with open(gen_c, encoding='utf-8') as f:
        gen = strip_comments(f.read())
    with open(lb_c, encoding='utf-8') as f:
        kern = strip_comments(f.read())

    # Attribute policies.  The generator writes one per request; the module
    # may use one family-wide policy, or per-op ones named like the spec's.
    gen_pols = {m.group(1): policy_entries(b, values)
                for m, b in array_body(gen, r'struct\s+nla_policy\s+(\w+)')}
    kern_pols = {m.group(1): policy_entries(b, values)
                 for m, b in array_body(kern, r'struct\s+nla_policy\s+(\w+)')}
    if not kern_pols:
        skip('kernel attribute policy matches the spec',
             f'no nla_policy array found in {os.path.basename(lb_c)}')
    elif len(kern_pols) == 1:
        kname, kpol = next(iter(kern_pols.items()))
        used = set()
        for pol in gen_pols.values():
            used |= set(pol)
        for attr in sorted(used | set(kpol), key=lambda a: values.get(a, a)):
            in_spec = {pn: p[attr] for pn, p in gen_pols.items() if attr in p}
            desc = f'policy: {attr} validated as the spec says'
            if attr not in kpol:
                not_ok(desc, f'{kname} has no entry for it; the spec sends it in '
                       + ', '.join(sorted(in_spec)))
            elif not in_spec:
                not_ok(desc, f'{kname} accepts it but no request of the spec has it')
            else:
                bad = {pn: v for pn, v in in_spec.items() if v != kpol[attr]}
                check(desc, not bad, f'kernel ({kname}): {kpol[attr]}',
                      *(f'spec ({pn}): {v}' for pn, v in bad.items()))
    else:
        for pname, pol in gen_pols.items():
            desc = f'policy: {pname} as the spec says'
            if pname not in kern_pols:
                skip(desc, f'{os.path.basename(lb_c)} has several policies, '
                     'none of this name')
            else:
                check(desc, pol == kern_pols[pname], f'kernel: {kern_pols[pname]}',
                      f'spec: {pol}')

    # Ops: a do handler for each "do", a dump handler for each "dump",
    # admin permission for "admin-perm"
    kops = {}
    for _, body in array_body(kern, r'struct\s+genl_(?:small_|split_)?ops\s+\w+'):
        for part in split_top(body):
            fields = dict(re.findall(r'\.(\w+)\s*=\s*([^,]+?)\s*(?:,|$)',
                                     part.strip('{} \n\t')))
            if 'cmd' not in fields:
                continue
            k = kops.setdefault(fields['cmd'], {'do': False, 'dump': False,
                                                'admin': False})
            k['do'] |= 'doit' in fields
            k['dump'] |= 'dumpit' in fields
            k['admin'] |= bool(re.search(r'GENL_(UNS_)?ADMIN_PERM',
                                         fields.get('flags', '')))
    if not kops:
        skip('kernel ops table matches the spec',
             f'no genl ops array found in {os.path.basename(lb_c)}')
        return
    sops = {}
    for op in spec_ops(spec):
        if 'do' in op or 'dump' in op:
            sops[op_c_name(spec, op)] = {
                'do': 'do' in op, 'dump': 'dump' in op,
                'admin': 'admin-perm' in op.get('flags', [])}
    for cmd in sorted(set(kops) | set(sops), key=lambda c: int(values.get(c, 0))):
        desc = f'ops: {cmd} handlers and permission as the spec says'
        if cmd not in sops:
            not_ok(desc, 'the kernel has it, the spec has no do/dump for it')
        elif cmd not in kops and cmd in PENDING_OPS:
            skip(desc, 'specified ahead of the kernel: lb_netlink.c has no '
                 'handler yet (PENDING_OPS)')
        elif cmd not in kops:
            not_ok(desc, 'the spec has it, the kernel ops table does not')
        else:
            check(desc, sops[cmd] == kops[cmd], f'kernel: {kops[cmd]}',
                  f'spec:   {sops[cmd]}')

    # Multicast groups: every group of the spec is registered by name
    kgrps = set()
    for _, body in array_body(kern, r'struct\s+genl_multicast_group\s+\w+'):
        for name in re.findall(r'\.name\s*=\s*("[^"]*"|\w+)', body):
            kgrps.add(values.get(name, name).strip('"'))
    sgrps = {g['name'] for g in spec.get('mcast-groups', {}).get('list', [])}
    for g in sorted(kgrps | sgrps):
        check(f'multicast group "{g}" in the spec and the kernel',
              g in kgrps and g in sgrps,
              'only in the ' + ('kernel' if g in kgrps else 'spec'))


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
    elif cmd == 'uapi-cmp':
        cmd_uapi_cmp(*args)
    elif cmd == 'kernel':
        cmd_kernel(*args)
    elif cmd == 'vm':
        Vm(*args).run()
    else:
        sys.exit(f'ynl_check.py: unknown command {cmd}')


if __name__ == '__main__':
    main()
