// Validators compiled to the IR (python/pyIr.ts) and run by manifest/pyEval.ts must do what
// python3 does with the same function on the same input: return normally, or raise the same
// ValueError message, or warn the same text. And what cannot be interpreted is said, with why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FactsCache } from '../../../server/src/engine/python/moduleFacts';
import { compileValidator, type ValidatorRole } from '../../../server/src/engine/python/pyIr';
import { SymbolResolver } from '../../../server/src/engine/python/symbols';
import { PyFloat, PyModel, runIr, type PyValue } from '../../../server/src/engine/manifest/pyEval';

const MODULE = `
import math
import re
import warnings

KNOWN = frozenset({"naming", "coverage", "documentation"})
LOCAL = re.compile(r"://(?:127\\.|localhost)")
LIMITS = (1, 10)


def _endpoint(v):
    if v is None:
        return v
    if not re.match(r"^https?://", v):
        raise ValueError("not http")
    if LOCAL.search(v):
        raise ValueError("local")
    return v


def f_reserved(cls, v):
    if v.lower() in {"admin", "root"}:
        raise ValueError(f"'{v}' is reserved ({v!r}, {len(v)})")
    return v


def f_known(cls, v):
    if v is None:
        return v
    bad = set(v) - KNOWN
    if bad:
        raise ValueError(f"unknown: {sorted(bad)}; known: {sorted(KNOWN)}")
    return v


def f_endpoint(cls, v):
    return _endpoint(v)


def f_strip(cls, v):
    s = v.strip()
    if not s:
        raise ValueError("blank")
    if s.startswith(("x-", "y-")) or s.endswith("_tmp"):
        raise ValueError(f"prefix or suffix in {s}")
    return s


def f_numbers(cls, v):
    total = sum(v)
    if not (LIMITS[0] <= len(v) <= LIMITS[1]):
        raise ValueError(f"{len(v)} items")
    if not math.isclose(total, 1.0, rel_tol=1e-9):
        raise ValueError(f"sum is {total}, mean {total / len(v)}, max {max(v)}")
    return v


def f_dict(cls, v):
    keys = [k for k in v.keys() if k not in KNOWN]
    if keys and v.get("strict") is True:
        raise ValueError(f"{keys} with {v!r} and {set(keys) & {'a'}}")
    for k in v:
        if k.isdigit():
            warnings.warn(f"numeric key {k}", UserWarning, stacklevel=2)
    names = ", ".join(sorted(k.upper() for k in v))
    if len(v) > 3:
        raise ValueError(f"too many: {names}")
    return v


def m_scope(self):
    if self.scope in (None, "enterprise") and self.parent is not None:
        msg = (
            f"parent only for domain, not scope={self.scope!r}. "
            "Remove it."
        )
        raise ValueError(msg)
    if self.scope == "domain" and self.parent is None:
        raise ValueError("domain needs a parent")
    if self.model_extra:
        found = set(self.model_extra.keys()) & {"env", "prod"}
        if found:
            raise ValueError(f"env keys: [{', '.join(sorted(found))}]")
        other = [k for k in self.model_extra.keys() if k not in {"env", "prod"}]
        if other:
            warnings.warn(f"unknown: {other}", UserWarning)
    return self


def b_flat(cls, data):
    if not isinstance(data, dict):
        return data
    flat = {"a_req", "a_lim"}
    if not flat.issubset(data):
        return data
    return {"requests": {"a": data["a_req"]}, "limits": {"a": data["a_lim"]}}
`;

const CASES: Array<{ fn: string; role: ValidatorRole; inputs: unknown[] }> = [
  { fn: 'f_reserved', role: 'field', inputs: ['acme', 'Admin', "o'root", 'root', 'ROOT'] },
  { fn: 'f_known', role: 'field', inputs: [null, ['naming'], ['naming', 'zeta', 'alpha', 'zeta'], []] },
  { fn: 'f_endpoint', role: 'field', inputs: [null, 'https://otel.acme.dev', 'ftp://x', 'http://localhost:4317', 'http://127.0.0.1', 'HTTPS://x'] },
  { fn: 'f_strip', role: 'field', inputs: ['  ', ' duckdb ', 'x-thing', 'tbl_tmp', '\t\n', 'y-'] },
  { fn: 'f_numbers', role: 'field', inputs: [[0.5, 0.5], [0.25, 0.25], [1], [], [0.1, 0.2, 0.7], [0.1, 0.2], [1e-7, 1], [123456789.5, 0.5]] },
  { fn: 'f_dict', role: 'field', inputs: [{ naming: 1 }, { a: 1, strict: true }, { '1': 2, b: 3 }, { a: 1, b: 2, c: 3, d: 4 }, { naming: "it's" }] },
  {
    fn: 'm_scope',
    role: 'after',
    inputs: [
      { scope: null, parent: 'x' },
      { scope: 'enterprise', parent: null },
      { scope: 'domain', parent: null },
      { scope: 'domain', parent: 'p', $extra: { env: 1, prod: 2 } },
      { scope: null, parent: null, $extra: { notes: 1, team: 'x' } },
    ],
  },
  { fn: 'b_flat', role: 'before', inputs: [{ a_req: '1', a_lim: '2', other: 3 }, { a_req: '1' }, 'text', [1, 2]] },
];

const PY = `
import json, sys, types, warnings
src = sys.stdin.readline()
cases = json.loads(sys.stdin.readline())
mod = types.ModuleType("m")
exec(json.loads(src), mod.__dict__)
class Model:
    def __init__(self, d):
        extra = d.pop("$extra", None)
        self.__dict__.update(d)
        self.model_extra = extra
out = []
for c in cases:
    fn = getattr(mod, c["fn"])
    res = []
    for x in c["inputs"]:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                if c["role"] == "after":
                    fn(Model(dict(x)))
                    r = {"ok": True}
                else:
                    ret = fn(None, x)
                    r = {"ok": True, "returned": ret if c["role"] == "before" else None}
            except ValueError as e:
                r = {"raise": str(e)}
        r["warnings"] = [str(m.message) for m in w]
        res.append(r)
    out.append(res)
print(json.dumps(out))
`;

class Obj extends PyModel {
  constructor(private readonly v: Record<string, unknown>) {
    super();
  }
  attr(name: string): PyValue {
    return (this.v[name] ?? null) as PyValue;
  }
  extra(): Record<string, PyValue> {
    return (this.v.$extra ?? {}) as Record<string, PyValue>;
  }
}

function compiled(name: string, role: ValidatorRole) {
  const fs = new MemoryFileSystem({ '/ws/m.py': MODULE });
  const facts = new FactsCache(fs);
  const resolver = new SymbolResolver(fs, facts, ['/ws'], new Set());
  const mod = resolver.module('/ws/m.py')!;
  const b = mod.bindings.get(name);
  assert.ok(b && b.kind === 'function');
  return compileValidator(b.node, mod, resolver, role, new Set(['scope', 'parent']));
}

/** Floats in field values are Python floats (as validated values are). */
const asPy = (x: unknown): PyValue => (typeof x === 'number' && !Number.isInteger(x) ? new PyFloat(x) : Array.isArray(x) ? x.map(asPy) : x) as PyValue;

test('interpreted validators behave as python3 runs them: same result, same message, same warnings', () => {
  const r = spawnSync('python3', ['-c', PY], { input: `${JSON.stringify(MODULE)}\n${JSON.stringify(CASES)}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const truth = JSON.parse(r.stdout) as Array<Array<{ ok?: boolean; raise?: string; returned?: unknown; warnings: string[] }>>;
  let total = 0;
  CASES.forEach((c, ci) => {
    const comp = compiled(c.fn, c.role);
    assert.ok(comp.ok, `${c.fn} compiles`);
    if (!comp.ok) return;
    c.inputs.forEach((input, i) => {
      total++;
      const args =
        c.role === 'after' ? { self: new Obj(input as Record<string, unknown>) } : c.role === 'field' ? { value: asPy(input) } : { data: input as PyValue };
      const got = runIr(comp.fn, args);
      const want = truth[ci][i];
      const where = `${c.fn}(${JSON.stringify(input)})`;
      assert.notEqual(got.kind, 'unknown', `${where}: ${got.kind === 'unknown' ? got.reason : ''}`);
      assert.notEqual(got.kind, 'stopped', `${where}: ${got.kind === 'stopped' ? got.reason : ''}`);
      if (want.raise !== undefined) assert.deepEqual(got.kind === 'raise' ? got.message : got.kind, want.raise, where);
      else assert.equal(got.kind, 'ok', where);
      if (got.kind === 'ok' || got.kind === 'raise')
        assert.deepEqual(
          got.warnings.map((w) => w.message),
          want.warnings,
          where,
        );
      if (c.role === 'before' && got.kind === 'ok') assert.deepEqual(got.returned, want.returned, where);
    });
  });
  assert.ok(total >= 40);
});

test('what cannot be interpreted becomes a stop with the reason and line; code before it still runs', () => {
  const src = [
    'import re',
    'def g(cls, v, info):',
    '    if v is None:',
    '        return v',
    '    other = info.data.get("type")',
    '    return v',
    'def h(self):',
    '    if self.scope == "custom":',
    '        if not self.parent:',
    '            raise ValueError("needs a parent")',
    '        for p in self.parent:',
    '            try:',
    '                re.compile(p)',
    '            except re.error:',
    '                raise ValueError("bad")',
    '    return self',
    'def k(self):',
    '    print(self.scope)',
    '',
  ].join('\n');
  const fs = new MemoryFileSystem({ '/ws/v.py': src });
  const resolver = new SymbolResolver(fs, new FactsCache(fs), ['/ws'], new Set());
  const mod = resolver.module('/ws/v.py')!;
  const fn = (name: string) => {
    const b = mod.bindings.get(name);
    assert.ok(b && b.kind === 'function');
    return b.node;
  };
  const g = compileValidator(fn('g'), mod, resolver, 'field');
  assert.ok(g.ok);
  assert.deepEqual(g.ok && runIr(g.fn, { value: null }), { kind: 'ok', returned: null, warnings: [] });
  assert.deepEqual(g.ok && runIr(g.fn, { value: 'x' }), { kind: 'stopped', line: 4, reason: "uses 'info' (ValidationInfo)", warnings: [] });
  const h = compileValidator(fn('h'), mod, resolver, 'after', new Set(['scope', 'parent']));
  assert.ok(h.ok);
  if (!h.ok) return;
  const view = (v: Record<string, unknown>) => new Obj(v);
  assert.deepEqual(runIr(h.fn, { self: view({ scope: 'custom', parent: null }) }), {
    kind: 'raise',
    message: 'needs a parent',
    fields: ['scope', 'parent'],
    reads: ['scope', 'parent'],
    line: 9,
    warnings: [],
  });
  assert.deepEqual(runIr(h.fn, { self: view({ scope: 'custom', parent: ['^a'] }) }), {
    kind: 'stopped',
    line: 11,
    reason: 'try statement not interpreted',
    warnings: [],
  });
  assert.equal(runIr(h.fn, { self: view({ scope: 'other', parent: null }) }).kind, 'ok');
  const k = compileValidator(fn('k'), mod, resolver, 'after', new Set(['scope']));
  assert.deepEqual(k.ok && k.fn.body, [{ k: 'stop', line: 17, reason: '`print(self.scope)` is not interpreted' }]);
  // Reading something that is not a field of the model is not interpreted either.
  const bad = compileValidator(fn('h'), mod, resolver, 'after', new Set(['scope']));
  const first = bad.ok ? bad.fn.body[0] : undefined;
  assert.deepEqual(first?.k === 'if' && first.body[0], { k: 'stop', line: 8, reason: 'self.parent is not a field' });
});
