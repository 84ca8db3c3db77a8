// Evaluates validator programs (python/pyIr.ts) with Python's semantics for the values they meet:
// truthiness, `==` across int/float/bool, `in`, sets, sorted(), str.join, f-strings with repr().
// Whatever Python would do differently or cannot be known here (a TypeError, the text of an Enum
// member, which depends on the Python version) ends the run as `unknown`: the check is skipped.
import type { IrExpr, IrFunction, IrStmt } from '../python/pyIr';

export class PyFloat {
  constructor(readonly v: number) {}
}
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
export class PySet {
  constructor(
    readonly items: PyValue[],
    readonly kind: 'set' | 'frozenset' | 'keys' = 'set',
  ) {}
}
export class PyEnum {
  constructor(
    readonly value: PyValue,
    readonly name: string,
  ) {}
}
export class PyRegex {
  constructor(readonly source: string) {}
}
/** A model instance: its fields (validated values, defaults applied) and its extra keys. */
export abstract class PyModel {
  abstract attr(name: string): PyValue;
  abstract extra(): Record<string, PyValue>;
}
export type PyValue = null | boolean | number | string | PyFloat | PyTuple | PySet | PyEnum | PyRegex | PyModel | PyValue[] | { [k: string]: PyValue };

export class Unknown extends Error {}

/** A message, the fields of the model the `if` tests leading to it read, and every field read so far. */
export interface Said {
  message: string;
  fields: string[];
  reads: string[];
}

export type RunResult =
  | { kind: 'ok'; returned?: PyValue; warnings: Said[] }
  | { kind: 'raise'; message: string; fields: string[]; reads: string[]; line: number; warnings: Said[] }
  /** The run reached code that could not be interpreted (line, why). */
  | { kind: 'stopped'; line: number; reason: string; warnings: Said[] }
  | { kind: 'unknown'; reason: string };

/** `model_extra` as a field name in `Said.fields`. */
export const EXTRA_FIELD = '$extra';

class Raised {
  constructor(
    readonly message: string,
    readonly fields: string[],
    readonly reads: string[],
    readonly line: number,
  ) {}
}
class Returned {
  constructor(readonly value: PyValue | undefined) {}
}
class Stopped {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {}
}

const MAX_STEPS = 200000;

interface Run {
  steps: number;
  warnings: Said[];
  selfName?: string;
  /** Fields of `self` read so far. */
  reads: string[];
  /** The reads of each enclosing `if` test that was taken. */
  tests: string[][];
}

/** Run a validator with its arguments: the model (`self`), the field value or the raw input. */
export function runIr(fn: IrFunction, args: { self?: PyValue; value?: PyValue; data?: PyValue }): RunResult {
  const env = new Map<string, PyValue>();
  if (fn.self) env.set(fn.self, args.self ?? null);
  if (fn.value) env.set(fn.value, fn.valueIsEnum && args.value !== null ? new PyEnum(args.value ?? null, '') : (args.value ?? null));
  if (fn.data) env.set(fn.data, args.data ?? null);
  const run: Run = { steps: 0, warnings: [], selfName: fn.self, reads: [], tests: [] };
  try {
    exec(fn.body, env, run);
    return { kind: 'ok', warnings: run.warnings };
  } catch (e) {
    if (e instanceof Returned) return { kind: 'ok', returned: e.value, warnings: run.warnings };
    if (e instanceof Raised) return { kind: 'raise', message: e.message, fields: e.fields, reads: e.reads, line: e.line, warnings: run.warnings };
    if (e instanceof Stopped) return { kind: 'stopped', line: e.line, reason: e.reason, warnings: run.warnings };
    if (e instanceof Unknown) return { kind: 'unknown', reason: e.message };
    if (e instanceof RangeError) return { kind: 'unknown', reason: 'too deep' };
    throw e;
  }
}

function exec(body: IrStmt[], env: Map<string, PyValue>, run: Run): void {
  for (const s of body) {
    if (++run.steps > MAX_STEPS) throw new Unknown('too many steps');
    switch (s.k) {
      case 'if': {
        const mark = run.reads.length;
        const taken = truthy(ev(s.test, env, run));
        run.tests.push(run.reads.slice(mark));
        try {
          exec(taken ? s.body : s.orelse, env, run);
        } finally {
          run.tests.pop();
        }
        break;
      }
      case 'assign':
        env.set(s.name, ev(s.value, env, run));
        break;
      case 'raise':
        throw new Raised(s.msg ? str(ev(s.msg, env, run)) : '', testFields(run), [...new Set(run.reads)], s.line);
      case 'warn':
        run.warnings.push({ message: str(ev(s.msg, env, run)), fields: testFields(run), reads: [...new Set(run.reads)] });
        break;
      case 'return':
        throw new Returned(s.value ? ev(s.value, env, run) : undefined);
      case 'stop':
        throw new Stopped(s.line, s.reason);
      case 'for':
        for (const item of iterate(ev(s.iter, env, run))) {
          env.set(s.target, item);
          exec(s.body, env, run);
        }
        break;
    }
  }
}

/** The fields the `if` tests leading here read. */
function testFields(run: Run): string[] {
  return [...new Set(run.tests.flat())];
}

export function isDict(v: unknown): v is Record<string, PyValue> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function num(v: PyValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v;
  if (v instanceof PyEnum) return num(v.value);
  return undefined;
}

function plain(v: PyValue): PyValue {
  return v instanceof PyEnum ? v.value : v;
}

export function truthy(v: PyValue): boolean {
  v = plain(v);
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PyFloat) return v.v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple || v instanceof PySet) return v.items.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

export function pyEq(a: PyValue, b: PyValue): boolean {
  a = plain(a);
  b = plain(b);
  if (a === null || b === null) return a === b;
  const na = num(a),
    nb = num(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (a instanceof PyTuple || b instanceof PyTuple)
    return a instanceof PyTuple && b instanceof PyTuple && a.items.length === b.items.length && a.items.every((x, i) => pyEq(x, b.items[i]));
  if (a instanceof PySet || b instanceof PySet)
    return a instanceof PySet && b instanceof PySet && a.items.length === b.items.length && a.items.every((x) => b.items.some((y) => pyEq(x, y)));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a),
      kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && pyEq(a[k], b[k]));
  }
  throw new Unknown('comparison of values not interpreted');
}

function cmpOrder(a: PyValue, b: PyValue): number {
  a = plain(a);
  b = plain(b);
  const na = num(a),
    nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const seq = (x: PyValue) => (Array.isArray(x) ? x : x instanceof PyTuple ? x.items : undefined);
  const sa = seq(a),
    sb = seq(b);
  if (sa && sb && Array.isArray(a) === Array.isArray(b)) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      const c = cmpOrder(sa[i], sb[i]);
      if (c) return c;
    }
    return sa.length - sb.length;
  }
  throw new Unknown('ordering of these values is a TypeError in Python');
}

function hashable(v: PyValue): PyValue {
  if (Array.isArray(v) || isDict(v) || (v instanceof PySet && v.kind !== 'frozenset')) throw new Unknown('unhashable value');
  return v;
}

function uniq(items: Iterable<PyValue>): PyValue[] {
  const out: PyValue[] = [];
  for (const x of items) if (!out.some((y) => pyEq(hashable(x), y))) out.push(x);
  return out;
}

export function iterate(v: PyValue): PyValue[] {
  v = plain(v);
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple || v instanceof PySet) return v.items;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  throw new Unknown('not iterable');
}

function contains(container: PyValue, x: PyValue): boolean {
  container = plain(container);
  if (typeof container === 'string') {
    const s = plain(x);
    if (typeof s !== 'string') throw new Unknown("'in <string>' needs a string");
    return container.includes(s);
  }
  if (isDict(container)) {
    const k = plain(hashable(x));
    return typeof k === 'string' && Object.prototype.hasOwnProperty.call(container, k);
  }
  if (container instanceof PySet) hashable(x);
  return iterate(container).some((y) => pyEq(x, y));
}

// --- text ------------------------------------------------------------------------------------

function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= digits.length - 1) out = digits + '0'.repeat(exp - digits.length + 1) + '.0';
    else if (exp >= 0) out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${out}` : out;
}

function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\x${c.toString(16)}`;
    else out += ch;
  }
  return out + q;
}

export function repr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (typeof v === 'string') return strRepr(v);
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (v instanceof PyTuple) return `(${v.items.map(repr).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  if (v instanceof PySet) {
    if (v.kind === 'keys') return `dict_keys([${v.items.map(repr).join(', ')}])`;
    if (!v.items.length) return v.kind === 'frozenset' ? 'frozenset()' : 'set()';
    const inner = `{${v.items.map(repr).join(', ')}}`;
    return v.kind === 'frozenset' ? `frozenset(${inner})` : inner;
  }
  if (isDict(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${strRepr(k)}: ${repr(x)}`)
      .join(', ')}}`;
  // Enum members print differently across Python versions; models and regexes are not printed here.
  throw new Unknown('the text of this value is not known statically');
}

export function str(v: PyValue): string {
  return typeof v === 'string' ? v : repr(v);
}

// --- expressions -----------------------------------------------------------------------------

function ev(e: IrExpr, env: Map<string, PyValue>, run: Run): PyValue {
  if (++run.steps > MAX_STEPS) throw new Unknown('too many steps');
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'float':
      return new PyFloat(e.v);
    case 'var': {
      if (!env.has(e.name)) throw new Unknown(`'${e.name}' is not set`);
      return env.get(e.name)!;
    }
    case 'attr': {
      const o = ev(e.obj, env, run);
      if (!(o instanceof PyModel)) throw new Unknown(`.${e.name} of a value that is not a model`);
      const onSelf = e.obj.k === 'var' && e.obj.name === run.selfName;
      if (onSelf) run.reads.push(e.name === 'model_extra' ? EXTRA_FIELD : e.name);
      if (e.name === 'model_extra') return o.extra();
      const v = o.attr(e.name);
      return e.enum && v !== null ? new PyEnum(v, '') : v;
    }
    case 'call':
      return callBuiltin(
        e.fn,
        e.args.map((a) => ev(a, env, run)),
        e.kw ? Object.fromEntries(Object.entries(e.kw).map(([k, x]) => [k, ev(x, env, run)])) : {},
      );
    case 'method':
      return callMethod(
        ev(e.obj, env, run),
        e.name,
        e.args.map((a) => ev(a, env, run)),
      );
    case 'regex': {
      const s = plain(ev(e.arg, env, run));
      if (typeof s !== 'string') throw new Unknown('regex on a value that is not a string');
      return regexMatch(e.pattern, e.op, s);
    }
    case 'bin':
      return binary(e.op, ev(e.a, env, run), ev(e.b, env, run));
    case 'cmp': {
      let left = ev(e.items[0], env, run);
      for (let i = 0; i < e.ops.length; i++) {
        const right = ev(e.items[i + 1], env, run);
        if (!compare(e.ops[i], left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'and': {
      let v: PyValue = true;
      for (const x of e.items) {
        v = ev(x, env, run);
        if (!truthy(v)) return v;
      }
      return v;
    }
    case 'or': {
      let v: PyValue = false;
      for (const x of e.items) {
        v = ev(x, env, run);
        if (truthy(v)) return v;
      }
      return v;
    }
    case 'not':
      return !truthy(ev(e.v, env, run));
    case 'neg': {
      const v = ev(e.v, env, run);
      if (v instanceof PyFloat) return new PyFloat(-v.v);
      const n = num(v);
      if (n === undefined) throw new Unknown('negation of a value that is not a number');
      return -n;
    }
    case 'fstr':
      return e.parts.map((p) => (typeof p === 'string' ? p : p.conv === 'r' ? repr(ev(p.e, env, run)) : str(ev(p.e, env, run)))).join('');
    case 'list':
      return e.items.map((x) => ev(x, env, run));
    case 'tuple':
      return new PyTuple(e.items.map((x) => ev(x, env, run)));
    case 'set':
      return new PySet(uniq(e.items.map((x) => ev(x, env, run))));
    case 'dict': {
      const out: Record<string, PyValue> = {};
      e.keys.forEach((k, i) => {
        const key = plain(ev(k, env, run));
        if (typeof key !== 'string') throw new Unknown('dict keys other than strings');
        out[key] = ev(e.values[i], env, run);
      });
      return out;
    }
    case 'index':
      return index(ev(e.obj, env, run), ev(e.index, env, run));
    case 'comp': {
      const out: PyValue[] = [];
      const had = env.has(e.target),
        prev = env.get(e.target);
      for (const item of iterate(ev(e.iter, env, run))) {
        env.set(e.target, item);
        if (e.conds.every((c) => truthy(ev(c, env, run)))) out.push(ev(e.elt, env, run));
      }
      if (had) env.set(e.target, prev!);
      else env.delete(e.target);
      return e.kind === 'set' ? new PySet(uniq(out)) : out;
    }
    case 'ifx':
      return truthy(ev(e.test, env, run)) ? ev(e.then, env, run) : ev(e.else, env, run);
    case 'inline': {
      const inner = new Map<string, PyValue>();
      e.params.forEach((p, i) => inner.set(p, ev(e.args[i], env, run)));
      try {
        exec(e.body, inner, run);
      } catch (x) {
        if (x instanceof Returned) return x.value ?? null;
        throw x;
      }
      return null;
    }
  }
}

function regexMatch(pattern: string, op: 'match' | 'search' | 'fullmatch', s: string): boolean | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, op === 'search' ? 'u' : 'uy');
  } catch {
    throw new Unknown('regex not usable');
  }
  if (op === 'search') return re.test(s) ? true : null;
  re.lastIndex = 0;
  const m = re.exec(s);
  if (!m) return null;
  if (op === 'fullmatch' && m[0].length !== s.length) {
    // A shorter first match does not rule out a full one: anchor the whole pattern.
    return new RegExp(`^(?:${pattern})$`, 'u').test(s) ? true : null;
  }
  return true;
}

function compare(op: string, a: PyValue, b: PyValue): boolean {
  switch (op) {
    case '==':
      return pyEq(a, b);
    case '!=':
      return !pyEq(a, b);
    case '<':
      return cmpOrder(a, b) < 0;
    case '<=':
      return cmpOrder(a, b) <= 0;
    case '>':
      return cmpOrder(a, b) > 0;
    case '>=':
      return cmpOrder(a, b) >= 0;
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    case 'is':
    case 'is not': {
      if (!(b === null || typeof b === 'boolean' || a === null || typeof a === 'boolean')) throw new Unknown('identity of values not interpreted');
      const same = a === b;
      return op === 'is' ? same : !same;
    }
  }
  throw new Unknown(`operator ${op}`);
}

function setItems(v: PyValue): PyValue[] | undefined {
  v = plain(v);
  return v instanceof PySet ? v.items : undefined;
}

function binary(op: string, a: PyValue, b: PyValue): PyValue {
  const sa = setItems(a),
    sb = setItems(b);
  if (sa && sb && ['&', '|', '-', '^'].includes(op)) {
    const inB = (x: PyValue) => sb.some((y) => pyEq(x, y));
    const inA = (x: PyValue) => sa.some((y) => pyEq(x, y));
    const items =
      op === '&'
        ? sa.filter(inB)
        : op === '-'
          ? sa.filter((x) => !inB(x))
          : op === '|'
            ? uniq([...sa, ...sb])
            : [...sa.filter((x) => !inB(x)), ...sb.filter((x) => !inA(x))];
    const kind = (a as PySet).kind === 'frozenset' ? 'frozenset' : 'set';
    return new PySet(items, kind);
  }
  a = plain(a);
  b = plain(b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  const na = num(a),
    nb = num(b);
  if (na === undefined || nb === undefined) throw new Unknown(`operator ${op} on these values`);
  const isFloat = a instanceof PyFloat || b instanceof PyFloat;
  const wrap = (x: number) => (isFloat ? new PyFloat(x) : x);
  switch (op) {
    case '+':
      return wrap(na + nb);
    case '-':
      return wrap(na - nb);
    case '*':
      return wrap(na * nb);
    case '/':
      if (nb === 0) throw new Unknown('division by zero');
      return new PyFloat(na / nb);
    case '//':
      if (nb === 0) throw new Unknown('division by zero');
      return wrap(Math.floor(na / nb));
    case '%':
      if (nb === 0) throw new Unknown('division by zero');
      return wrap(na - nb * Math.floor(na / nb));
    case '&':
    case '|':
    case '^':
      if (isFloat || !Number.isInteger(na) || !Number.isInteger(nb)) throw new Unknown('bitwise operator on floats');
      return op === '&' ? na & nb : op === '|' ? na | nb : na ^ nb;
  }
  throw new Unknown(`operator ${op}`);
}

function index(o: PyValue, i: PyValue): PyValue {
  o = plain(o);
  i = plain(i);
  if (isDict(o)) {
    if (typeof i !== 'string' || !Object.prototype.hasOwnProperty.call(o, i)) throw new Unknown('missing key (a KeyError in Python)');
    return o[i];
  }
  const seq = Array.isArray(o) ? o : o instanceof PyTuple ? o.items : typeof o === 'string' ? [...o] : undefined;
  if (!seq || typeof i !== 'number' || !Number.isInteger(i)) throw new Unknown('index not interpreted');
  const at = i < 0 ? seq.length + i : i;
  if (at < 0 || at >= seq.length) throw new Unknown('index out of range');
  return seq[at];
}

const PY_SPACE = '[\\s\\x1c-\\x1f\\x85]';

function pyTypeOf(v: PyValue, t: string): boolean {
  switch (t) {
    case 'dict':
      return isDict(v);
    case 'list':
      return Array.isArray(v);
    case 'str':
      return typeof v === 'string' || (v instanceof PyEnum && typeof v.value === 'string');
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
    case 'float':
      return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
    case 'tuple':
      return v instanceof PyTuple;
    case 'set':
      return v instanceof PySet && v.kind === 'set';
    case 'frozenset':
      return v instanceof PySet && v.kind === 'frozenset';
  }
  return false;
}

function callBuiltin(fn: string, args: PyValue[], kw: Record<string, PyValue>): PyValue {
  const a0 = args[0];
  switch (fn) {
    case 'set':
    case 'frozenset':
      return new PySet(args.length ? uniq(iterate(a0)) : [], fn);
    case 'sorted': {
      const out = [...iterate(a0)].sort(cmpOrder);
      return kw.reverse !== undefined && truthy(kw.reverse) ? out.reverse() : out;
    }
    case 'len': {
      const v = plain(a0);
      if (typeof v === 'string') return [...v].length;
      return iterate(v).length;
    }
    case 'list':
      return args.length ? [...iterate(a0)] : [];
    case 'tuple':
      return new PyTuple(args.length ? [...iterate(a0)] : []);
    case 'str':
      return args.length ? str(a0) : '';
    case 'repr':
      return repr(a0);
    case 'bool':
      return args.length ? truthy(a0) : false;
    case 'any':
      return iterate(a0).some(truthy);
    case 'all':
      return iterate(a0).every(truthy);
    case 'min':
    case 'max': {
      const items = args.length === 1 ? iterate(a0) : args;
      if (!items.length) throw new Unknown(`${fn}() of nothing`);
      return items.reduce((best, x) => ((fn === 'min' ? cmpOrder(x, best) < 0 : cmpOrder(x, best) > 0) ? x : best));
    }
    case 'sum': {
      let total: PyValue = 0;
      for (const x of iterate(a0)) total = binary('+', total, x);
      return total;
    }
    case 'abs': {
      if (a0 instanceof PyFloat) return new PyFloat(Math.abs(a0.v));
      const n = num(a0);
      if (n === undefined) throw new Unknown('abs() of a value that is not a number');
      return Math.abs(n);
    }
    case 'isinstance':
      return args.slice(1).some((t) => pyTypeOf(plain(a0), String(t)));
    case 'math.isclose': {
      const a = num(a0),
        b = num(args[1]);
      if (a === undefined || b === undefined) throw new Unknown('math.isclose() of values that are not numbers');
      const rel = kw.rel_tol !== undefined ? (num(kw.rel_tol) ?? 1e-9) : 1e-9;
      const abs = kw.abs_tol !== undefined ? (num(kw.abs_tol) ?? 0) : 0;
      if (a === b) return true;
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      const diff = Math.abs(b - a);
      return diff <= Math.abs(rel * b) || diff <= Math.abs(rel * a) || diff <= abs;
    }
    case '$regex':
      return new PyRegex(String(a0));
    case '$enum':
      return new PyEnum(a0, String(args[1]));
  }
  throw new Unknown(`${fn}() not interpreted`);
}

function callMethod(o: PyValue, name: string, args: PyValue[]): PyValue {
  const v = plain(o);
  if (typeof v === 'string') return stringMethod(v, name, args.map(plain));
  if (isDict(v)) {
    switch (name) {
      case 'keys':
        return new PySet(Object.keys(v), 'keys');
      case 'values':
        return Object.values(v);
      case 'items':
        return Object.entries(v).map(([k, x]) => new PyTuple([k, x]));
      case 'get': {
        const k = plain(args[0]);
        return typeof k === 'string' && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : (args[1] ?? null);
      }
    }
  }
  if (v instanceof PySet) {
    const other = () => uniq(iterate(args[0]));
    const has = (xs: PyValue[], x: PyValue) => xs.some((y) => pyEq(x, y));
    switch (name) {
      case 'issubset': {
        const o2 = other();
        return v.items.every((x) => has(o2, x));
      }
      case 'issuperset':
        return other().every((x) => has(v.items, x));
      case 'isdisjoint': {
        const o2 = other();
        return !v.items.some((x) => has(o2, x));
      }
      case 'union':
        return new PySet(uniq([...v.items, ...other()]));
      case 'intersection': {
        const o2 = other();
        return new PySet(v.items.filter((x) => has(o2, x)));
      }
      case 'difference': {
        const o2 = other();
        return new PySet(v.items.filter((x) => !has(o2, x)));
      }
    }
  }
  if (Array.isArray(v) && name === 'count') return v.filter((x) => pyEq(x, args[0])).length;
  throw new Unknown(`.${name}() on this value`);
}

function stripChars(s: string, chars: PyValue, left: boolean, right: boolean): string {
  const set =
    chars === null || chars === undefined
      ? undefined
      : typeof chars === 'string'
        ? [...chars]
        : (() => {
            throw new Unknown('strip() argument');
          })();
  const isStrip = (ch: string) => (set ? set.includes(ch) : new RegExp(`^${PY_SPACE}$`, 'u').test(ch));
  const cps = [...s];
  let a = 0,
    b = cps.length;
  if (left) while (a < b && isStrip(cps[a])) a++;
  if (right) while (b > a && isStrip(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

function stringMethod(s: string, name: string, args: PyValue[]): PyValue {
  const strArg = (i: number): string => {
    const x = args[i];
    if (typeof x !== 'string') throw new Unknown(`str.${name}() argument`);
    return x;
  };
  switch (name) {
    case 'lower':
      return s.toLowerCase();
    case 'upper':
      return s.toUpperCase();
    case 'strip':
      return stripChars(s, args[0] ?? null, true, true);
    case 'lstrip':
      return stripChars(s, args[0] ?? null, true, false);
    case 'rstrip':
      return stripChars(s, args[0] ?? null, false, true);
    case 'startswith':
    case 'endswith': {
      const a = args[0];
      const options = a instanceof PyTuple ? a.items.map(plain) : [a];
      if (options.some((o) => typeof o !== 'string')) throw new Unknown(`str.${name}() argument`);
      return options.some((o) => (name === 'startswith' ? s.startsWith(o as string) : s.endsWith(o as string)));
    }
    case 'split': {
      if (args.length === 0 || args[0] === null) return s.split(new RegExp(`${PY_SPACE}+`, 'u')).filter((x) => x !== '');
      if (args.length > 1) throw new Unknown('str.split() with maxsplit');
      const sep = strArg(0);
      if (!sep) throw new Unknown('empty separator');
      return s.split(sep);
    }
    case 'join': {
      const items = iterate(args[0]).map(plain);
      if (items.some((x) => typeof x !== 'string')) throw new Unknown('str.join() of values that are not strings');
      return items.join(s);
    }
    case 'replace': {
      if (args.length !== 2) throw new Unknown('str.replace() with a count');
      return s.split(strArg(0)).join(strArg(1));
    }
    case 'isdigit':
      return s.length > 0 && /^\p{Nd}+$/u.test(s);
    case 'isalpha':
      return s.length > 0 && /^\p{L}+$/u.test(s);
    case 'isalnum':
      return s.length > 0 && /^[\p{L}\p{Nd}]+$/u.test(s);
    case 'count':
      return strArg(0) ? s.split(strArg(0)).length - 1 : [...s].length + 1;
  }
  throw new Unknown(`str.${name}() not interpreted`);
}
