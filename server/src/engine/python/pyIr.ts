// A small, JSON-serializable program form (IR) for Pydantic validators that can be interpreted
// without running Python: straight-line code of `if`, assignments, `for` over values, `raise
// ValueError(...)`, `warnings.warn(...)` and `return`, over fields, literals, module constants,
// a few builtins and string/set methods. `compileValidator` turns a validator's source into it, or
// says why it cannot (anything else: try/except, calls to unknown functions, ValidationInfo ...).
// The manifest side evaluates it (manifest/pyEval.ts).
import type { ModuleFacts } from './moduleFacts';
import { callArgs, type CallArgs } from './callArgs';
import { pyLiteral } from './pyLiteral';
import { jsPattern } from './pydanticBuiltins';
import type { SymbolResolver } from './symbols';
import { child, children, nodeText, statements, stringValue, unparen, type SyntaxNode } from './syntax';

export type IrExpr =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'float'; v: number }
  | { k: 'var'; name: string }
  /** `enum`: the field holds an Enum member (compares as its value; its text depends on the Python version). */
  | { k: 'attr'; obj: IrExpr; name: string; enum?: boolean }
  | { k: 'call'; fn: string; args: IrExpr[]; kw?: Record<string, IrExpr> }
  | { k: 'method'; obj: IrExpr; name: string; args: IrExpr[] }
  | { k: 'regex'; op: 'match' | 'search' | 'fullmatch'; pattern: string; arg: IrExpr }
  | { k: 'bin'; op: string; a: IrExpr; b: IrExpr }
  | { k: 'cmp'; ops: string[]; items: IrExpr[] }
  | { k: 'and' | 'or'; items: IrExpr[] }
  | { k: 'not'; v: IrExpr }
  | { k: 'neg'; v: IrExpr }
  | { k: 'fstr'; parts: Array<string | { e: IrExpr; conv?: string }> }
  | { k: 'list' | 'tuple' | 'set'; items: IrExpr[] }
  | { k: 'dict'; keys: IrExpr[]; values: IrExpr[] }
  | { k: 'index'; obj: IrExpr; index: IrExpr }
  | { k: 'comp'; kind: 'list' | 'set' | 'gen'; elt: IrExpr; target: string; iter: IrExpr; conds: IrExpr[] }
  | { k: 'ifx'; test: IrExpr; then: IrExpr; else: IrExpr }
  | { k: 'inline'; name: string; params: string[]; body: IrStmt[]; args: IrExpr[] };

export type IrStmt =
  | { k: 'if'; test: IrExpr; body: IrStmt[]; orelse: IrStmt[] }
  | { k: 'assign'; name: string; value: IrExpr }
  | { k: 'raise'; msg?: IrExpr; line: number }
  | { k: 'warn'; msg: IrExpr; line: number }
  | {
      k: 'return';
      value?: IrExpr;
      /** Dotted output path -> input key path, for a returned dict built from the input (model before-validators). */ prov?: Record<string, string[]>;
    }
  | { k: 'for'; target: string; iter: IrExpr; body: IrStmt[] }
  /** Code from here on could not be interpreted: a run that gets here has an unknown outcome. */
  | { k: 'stop'; line: number; reason: string };

export interface IrFunction {
  /** Parameter names by role: the model (`self`), the field value, the raw input of a before-validator. */
  self?: string;
  value?: string;
  data?: string;
  /** The field value is an Enum member. */
  valueIsEnum?: boolean;
  body: IrStmt[];
}

export type IrCompiled = { ok: true; fn: IrFunction } | { ok: false; reason: string; line: number };

export type ValidatorRole = 'field' | 'after' | 'before';

const BUILTINS = new Set(['set', 'frozenset', 'sorted', 'len', 'list', 'tuple', 'str', 'repr', 'bool', 'any', 'all', 'min', 'max', 'sum', 'abs', 'isinstance']);
const TYPE_NAMES = new Set(['dict', 'list', 'str', 'int', 'float', 'bool', 'tuple', 'set', 'frozenset']);
const METHODS = new Set([
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'startswith',
  'endswith',
  'split',
  'join',
  'replace',
  'isdigit',
  'isalpha',
  'isalnum',
  'keys',
  'values',
  'items',
  'get',
  'issubset',
  'issuperset',
  'union',
  'intersection',
  'difference',
  'isdisjoint',
  'count',
]);
const CMP_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is', 'is not']);
const MAX_INLINE = 3;

class NotInterpretable extends Error {
  constructor(
    readonly node: SyntaxNode,
    reason: string,
  ) {
    super(reason);
  }
}

interface Scope {
  mod: ModuleFacts;
  resolver: SymbolResolver;
  /** Names bound in the function (parameters, assignments, loop and comprehension targets). */
  locals: Set<string>;
  selfName?: string;
  /** Field names `self.<name>` may read (plus `model_extra`). */
  fields?: ReadonlySet<string>;
  /** Fields whose values are Enum members. */
  enumFields?: ReadonlySet<string>;
  ignored: Set<string>;
  depth: number;
  /** Inlined helpers must be interpreted whole. */
  whole?: boolean;
}

/**
 * Compile a validator method (`FunctionDefinition`) of role `role`: `field` (cls, v[, info]),
 * `after` (self) or `before` (cls, data[, info]).
 */
export function compileValidator(
  fn: SyntaxNode,
  mod: ModuleFacts,
  resolver: SymbolResolver,
  role: ValidatorRole,
  fields?: ReadonlySet<string>,
  enumFields?: ReadonlySet<string>,
  valueIsEnum = false,
): IrCompiled {
  const p = mod.parsed;
  try {
    const params = paramNames(mod, fn);
    const out: IrFunction = { body: [] };
    const scope: Scope = { mod, resolver, locals: new Set(), fields, enumFields, ignored: new Set(), depth: 0 };
    if (valueIsEnum) out.valueIsEnum = true;
    const rest = role === 'after' ? params : params.slice(1); // cls
    if (role === 'after') {
      out.self = rest[0];
      scope.selfName = rest[0];
    } else if (role === 'field') out.value = rest[0];
    else out.data = rest[0];
    if (!rest[0]) throw new NotInterpretable(fn, 'unexpected parameters');
    scope.locals.add(rest[0]);
    // ValidationInfo (`info`) gives other fields' values in an order-dependent way: not interpreted.
    for (const extra of rest.slice(1)) scope.ignored.add(extra);
    const body = child(fn, 'Body');
    if (!body) throw new NotInterpretable(fn, 'no body');
    out.body = block(scope, body);
    return { ok: true, fn: out };
  } catch (e) {
    if (e instanceof NotInterpretable) return { ok: false, reason: e.message, line: p.lines.position(e.node.from).line };
    throw e;
  }
}

function paramNames(mod: ModuleFacts, fn: SyntaxNode): string[] {
  const list = child(fn, 'ParamList');
  if (!list) return [];
  const out: string[] = [];
  const cs = children(list);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.name === 'VariableName') out.push(nodeText(mod.parsed, c));
    else if (c.name === '*' || c.name === '**') throw new NotInterpretable(c, 'variable parameters');
  }
  return out;
}

/**
 * The statements of a block. The first one that cannot be interpreted becomes a `stop` and ends
 * the block; enclosing blocks go on (their later statements run only on paths that did not stop).
 */
function block(s: Scope, body: SyntaxNode): IrStmt[] {
  const out: IrStmt[] = [];
  let first = true;
  for (const st of statements(body)) {
    if (first && st.name === 'ExpressionStatement' && st.firstChild && isStringNode(st.firstChild)) {
      first = false;
      continue;
    } // docstring
    first = false;
    let c: IrStmt | undefined;
    try {
      c = stmt(s, st);
    } catch (e) {
      if (!(e instanceof NotInterpretable) || s.whole) throw e;
      out.push({ k: 'stop', line: s.mod.parsed.lines.position(e.node.from).line, reason: e.message });
      return out;
    }
    if (c) out.push(c);
  }
  return out;
}

function isStringNode(n: SyntaxNode): boolean {
  return n.name === 'String' || n.name === 'ContinuedString' || n.name === 'FormatString';
}

function stmt(s: Scope, n: SyntaxNode): IrStmt | undefined {
  const p = s.mod.parsed;
  const line = p.lines.position(n.from).line;
  switch (n.name) {
    case 'PassStatement':
      return undefined;
    case 'ExpressionStatement': {
      const e = n.firstChild;
      if (e && isStringNode(e)) return undefined;
      if (e && e.name === 'CallExpression' && calleeText(s, e) === 'warnings.warn') {
        const args = argList(s, e);
        if (!args.positional[0]) throw new NotInterpretable(n, 'warnings.warn without a message');
        return { k: 'warn', msg: expr(s, args.positional[0]), line };
      }
      throw new NotInterpretable(n, `\`${short(p.text.slice(n.from, n.to))}\` is not interpreted`);
    }
    case 'AssignStatement': {
      const cs = children(n);
      if (cs.length !== 3 || cs[0].name !== 'VariableName' || cs[1].name !== 'AssignOp') {
        // `x: T = v` has a TypeDef between name and `=`.
        const target = cs[0];
        const value = n.lastChild;
        if (target?.name === 'VariableName' && cs.some((c) => c.name === 'TypeDef') && value && value !== target) {
          const name = nodeText(p, target);
          const v = expr(s, value);
          s.locals.add(name);
          return { k: 'assign', name, value: v };
        }
        throw new NotInterpretable(n, 'only assignments to one name are interpreted');
      }
      const name = nodeText(p, cs[0]);
      const v = expr(s, cs[2]);
      s.locals.add(name);
      return { k: 'assign', name, value: v };
    }
    case 'UpdateStatement': {
      const [t, op, v] = children(n);
      const o = op ? nodeText(p, op) : '';
      if (t?.name !== 'VariableName' || !v || !['+=', '-='].includes(o)) throw new NotInterpretable(n, 'augmented assignment not interpreted');
      const name = nodeText(p, t);
      if (!s.locals.has(name)) throw new NotInterpretable(n, `'${name}' is not a local name`);
      return { k: 'assign', name, value: { k: 'bin', op: o[0], a: { k: 'var', name }, b: expr(s, v) } };
    }
    case 'IfStatement':
      return ifStmt(s, children(n), 0);
    case 'RaiseStatement': {
      const cs = children(n).filter((c) => c.name !== 'raise');
      const fromAt = cs.findIndex((c) => c.name === 'from');
      const exc = fromAt < 0 ? cs : cs.slice(0, fromAt);
      const call = exc[0];
      if (!call) throw new NotInterpretable(n, 'bare raise');
      const name = call.name === 'CallExpression' ? calleeText(s, call) : nodeText(p, call);
      // Pydantic turns ValueError (and AssertionError) raised by a validator into a validation error.
      if (name !== 'ValueError') throw new NotInterpretable(n, `raises ${name}, which is not a validation error`);
      if (call.name !== 'CallExpression') return { k: 'raise', line };
      const args = argList(s, call);
      if (args.positional.length > 1 || args.kw.size) throw new NotInterpretable(n, 'ValueError with several arguments');
      return { k: 'raise', msg: args.positional[0] ? expr(s, args.positional[0]) : undefined, line };
    }
    case 'ReturnStatement': {
      const v = children(n).filter((c) => c.name !== 'return')[0];
      if (!v) return { k: 'return' };
      const out: IrStmt = { k: 'return', value: expr(s, v) };
      const prov = provenance(s, v);
      if (prov && Object.keys(prov).length) out.prov = prov;
      return out;
    }
    case 'ForStatement': {
      const cs = children(n);
      const target = cs[1];
      const inAt = cs.findIndex((c) => c.name === 'in');
      const body = child(n, 'Body');
      if (target?.name !== 'VariableName' || inAt !== 2 || !cs[3] || !body || cs.some((c) => c.name === 'else'))
        throw new NotInterpretable(n, 'only simple for loops are interpreted');
      const name = nodeText(p, target);
      const iter = expr(s, cs[3]);
      s.locals.add(name);
      const inner = block(s, body);
      if (containsLoopControl(body)) throw new NotInterpretable(n, 'break/continue not interpreted');
      return { k: 'for', target: name, iter, body: inner };
    }
    default:
      throw new NotInterpretable(n, `${describeNode(n.name)} not interpreted`);
  }
}

function containsLoopControl(n: SyntaxNode): boolean {
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name === 'BreakStatement' || c.name === 'ContinueStatement') return true;
    if (c.name !== 'ForStatement' && c.name !== 'WhileStatement' && containsLoopControl(c)) return true;
  }
  return false;
}

function describeNode(name: string): string {
  return (
    name
      .replace(/Statement$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase() + ' statement'
  );
}

/** `if a: ... elif b: ... else: ...` from the IfStatement's children starting at `i` (an `if`/`elif`). */
function ifStmt(s: Scope, cs: SyntaxNode[], i: number): IrStmt {
  const test = expr(s, cs[i + 1]);
  const body = block(s, cs[i + 2]);
  let orelse: IrStmt[] = [];
  const next = cs[i + 3];
  if (next?.name === 'elif') orelse = [ifStmt(s, cs, i + 3)];
  else if (next?.name === 'else') orelse = block(s, cs[i + 4]);
  return { k: 'if', test, body, orelse };
}

function short(t: string): string {
  const one = t.replace(/\s+/g, ' ');
  return one.length > 40 ? one.slice(0, 37) + '...' : one;
}

function calleeText(s: Scope, call: SyntaxNode): string {
  return call.firstChild ? nodeText(s.mod.parsed, call.firstChild) : '';
}

function argList(s: Scope, call: SyntaxNode): CallArgs {
  const out = callArgs(s.mod, call);
  const star = out.positional.find((c) => c.name === '*' || c.name === '**');
  if (star) throw new NotInterpretable(star, 'argument unpacking');
  return out;
}

function expr(s: Scope, n: SyntaxNode): IrExpr {
  const p = s.mod.parsed;
  n = unparen(n);
  switch (n.name) {
    case 'None':
      return { k: 'lit', v: null };
    case 'Boolean':
      return { k: 'lit', v: nodeText(p, n) === 'True' };
    case 'Number': {
      const t = nodeText(p, n).replace(/_/g, '');
      const lit = pyLiteral({ module: s.mod }, n);
      if (!lit.ok || typeof lit.value !== 'number') throw new NotInterpretable(n, `number ${t} not interpreted`);
      return /^[0-9]*\.|[eE]/.test(t) && !/^0[xXoObB]/.test(t) ? { k: 'float', v: lit.value } : { k: 'lit', v: lit.value };
    }
    case 'String':
    case 'ContinuedString':
    case 'FormatString':
      return stringExpr(s, n);
    case 'VariableName':
      return name(s, n, nodeText(p, n));
    case 'MemberExpression':
      return member(s, n);
    case 'CallExpression':
      return call(s, n);
    case 'UnaryExpression': {
      const [op, arg] = children(n);
      const o = nodeText(p, op);
      if (!arg) throw new NotInterpretable(n, 'empty expression');
      if (o === 'not') return { k: 'not', v: expr(s, arg) };
      if (o === '-') return { k: 'neg', v: expr(s, arg) };
      if (o === '+') return expr(s, arg);
      throw new NotInterpretable(n, `operator ${o} not interpreted`);
    }
    case 'BinaryExpression':
      return binary(s, n);
    case 'ConditionalExpression': {
      const cs = children(n).filter((c) => c.name !== 'if' && c.name !== 'else');
      if (cs.length !== 3) throw new NotInterpretable(n, 'conditional expression');
      return { k: 'ifx', then: expr(s, cs[0]), test: expr(s, cs[1]), else: expr(s, cs[2]) };
    }
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'SetExpression': {
      const items = children(n).filter((c) => !['(', ')', '[', ']', '{', '}', ','].includes(c.name));
      if (items.some((c) => c.name === '*' || c.name === '**')) throw new NotInterpretable(n, 'unpacking');
      return { k: n.name === 'TupleExpression' ? 'tuple' : n.name === 'ArrayExpression' ? 'list' : 'set', items: items.map((c) => expr(s, c)) };
    }
    case 'DictionaryExpression': {
      const cs = children(n).filter((c) => !['{', '}', ','].includes(c.name));
      const keys: IrExpr[] = [],
        values: IrExpr[] = [];
      for (let i = 0; i < cs.length; i += 3) {
        if (cs[i + 1]?.name !== ':' || !cs[i + 2]) throw new NotInterpretable(n, 'dict unpacking');
        keys.push(expr(s, cs[i]));
        values.push(expr(s, cs[i + 2]));
      }
      return { k: 'dict', keys, values };
    }
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'ComprehensionExpression':
      return comprehension(s, n, n.name === 'ArrayComprehensionExpression' ? 'list' : n.name === 'SetComprehensionExpression' ? 'set' : 'gen');
    default:
      throw new NotInterpretable(n, `\`${short(nodeText(p, n))}\` not interpreted`);
  }
}

function stringExpr(s: Scope, n: SyntaxNode): IrExpr {
  const p = s.mod.parsed;
  if (n.name === 'ContinuedString') {
    const parts: Array<string | { e: IrExpr; conv?: string }> = [];
    for (const c of children(n)) {
      const e = stringExpr(s, c);
      if (e.k === 'lit') parts.push(String(e.v));
      else if (e.k === 'fstr') parts.push(...e.parts);
      else throw new NotInterpretable(c, 'string not interpreted');
    }
    return parts.every((x) => typeof x === 'string') ? { k: 'lit', v: parts.join('') } : { k: 'fstr', parts };
  }
  const plain = stringValue(p, n);
  if (plain !== undefined) return { k: 'lit', v: plain };
  if (n.name !== 'FormatString') throw new NotInterpretable(n, 'byte strings not interpreted');
  const raw = nodeText(p, n);
  const m = /^([rRfF]{1,2})('''|"""|'|")/.exec(raw);
  if (!m) throw new NotInterpretable(n, 'string not interpreted');
  const isRaw = /r/i.test(m[1]);
  const bodyStart = n.from + m[0].length;
  const bodyEnd = n.to - m[2].length;
  const parts: Array<string | { e: IrExpr; conv?: string }> = [];
  let at = bodyStart;
  const literal = (from: number, to: number) => {
    if (to <= from) return;
    const text = p.text.slice(from, to);
    const quoted = `${isRaw ? 'r' : ''}${m[2]}${text.replace(/\{\{/g, '{').replace(/\}\}/g, '}')}${m[2]}`;
    parts.push(unquote(quoted));
  };
  for (const rep of n.getChildren('FormatReplacement')) {
    literal(at, rep.from);
    const inner = children(rep).filter((c) => c.name !== '{' && c.name !== '}');
    const e = inner[0];
    if (!e) throw new NotInterpretable(rep, 'empty replacement field');
    const conv = inner.find((c) => c.name === 'FormatConversion');
    if (inner.some((c) => c.name === 'FormatSpec')) throw new NotInterpretable(rep, 'format specs not interpreted');
    if (inner.length > (conv ? 2 : 1)) throw new NotInterpretable(rep, 'replacement field not interpreted');
    parts.push({ e: expr(s, e), conv: conv ? nodeText(p, conv).slice(1) : undefined });
    at = rep.to;
  }
  literal(at, bodyEnd);
  return { k: 'fstr', parts };
}

/** The value of a quoted Python string (escapes applied unless raw). */
function unquote(quoted: string): string {
  const m = /^(r?)('''|"""|'|")([\s\S]*)\2$/.exec(quoted);
  if (!m) return quoted;
  if (m[1]) return m[3];
  return m[3].replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/g, (all, e: string) => {
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\n': '',
      '\r\n': '',
    };
    if (e in simple) return simple[e];
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return all;
  });
}

/** A name: a local, a parameter, or a module-level constant / enum member / helper function. */
function name(s: Scope, n: SyntaxNode, id: string): IrExpr {
  if (s.ignored.has(id)) throw new NotInterpretable(n, `uses '${id}' (ValidationInfo)`);
  if (s.locals.has(id)) return { k: 'var', name: id };
  if (id === 'True' || id === 'False') return { k: 'lit', v: id === 'True' };
  return constant(s, n, id);
}

/** A module-level name as a literal value (constants, frozensets, compiled regexes). */
function constant(s: Scope, n: SyntaxNode, id: string): IrExpr {
  const r = s.resolver.resolveName(s.mod, id);
  if (r.kind !== 'value') throw new NotInterpretable(n, `'${id}' is not a constant known statically`);
  return constValue(s.resolver, r.module, r.node, id, n, 0);
}

function constValue(resolver: SymbolResolver, mod: ModuleFacts, v: SyntaxNode, id: string, at: SyntaxNode, depth: number): IrExpr {
  if (depth > 8) throw new NotInterpretable(at, `'${id}' is not a constant known statically`);
  const p = mod.parsed;
  v = unparen(v);
  if (v.name === 'CallExpression') {
    const callee = v.firstChild ? nodeText(p, v.firstChild) : '';
    const args = children(child(v, 'ArgList') ?? v).filter((c) => !['(', ')', ','].includes(c.name));
    if ((callee === 'frozenset' || callee === 'set') && args.length <= 1) {
      if (!args.length) return { k: 'call', fn: callee, args: [] };
      return { k: 'call', fn: callee, args: [constValue(resolver, mod, args[0], id, at, depth + 1)] };
    }
    if (callee === 're.compile' && args.length === 1) {
      const pat = stringValue(p, args[0]);
      const js = pat !== undefined ? jsPattern(pat) : undefined;
      if (js === undefined) throw new NotInterpretable(at, `regex '${id}' cannot be checked with a JavaScript regex`);
      return { k: 'call', fn: '$regex', args: [{ k: 'lit', v: js }] };
    }
    throw new NotInterpretable(at, `'${id}' is not a constant known statically`);
  }
  if (v.name === 'VariableName') {
    const r = resolver.resolveName(mod, nodeText(p, v));
    if (r.kind === 'value' && r.node !== v) return constValue(resolver, r.module, r.node, id, at, depth + 1);
    throw new NotInterpretable(at, `'${id}' is not a constant known statically`);
  }
  if (v.name === 'SetExpression' || v.name === 'TupleExpression' || v.name === 'ArrayExpression') {
    const items = children(v).filter((c) => !['(', ')', '[', ']', '{', '}', ','].includes(c.name));
    const kind = v.name === 'TupleExpression' ? 'tuple' : v.name === 'ArrayExpression' ? 'list' : 'set';
    return { k: kind, items: items.map((c) => constValue(resolver, mod, c, id, at, depth + 1)) };
  }
  const lit = pyLiteral({ module: mod, resolver }, v);
  if (lit.ok && (lit.value === null || typeof lit.value !== 'object')) {
    const t = nodeText(p, v);
    if (typeof lit.value === 'number' && v.name === 'Number' && /^[0-9]*\.|[eE]/.test(t.replace(/_/g, ''))) return { k: 'float', v: lit.value };
    return { k: 'lit', v: lit.value as string | number | boolean | null };
  }
  if (lit.ok) return jsonToIr(lit.value);
  throw new NotInterpretable(at, `'${id}' is not a constant known statically`);
}

function jsonToIr(v: unknown): IrExpr {
  if (Array.isArray(v)) return { k: 'list', items: v.map(jsonToIr) };
  if (v && typeof v === 'object') {
    const e = Object.entries(v as Record<string, unknown>);
    return { k: 'dict', keys: e.map(([k]) => ({ k: 'lit', v: k })), values: e.map(([, x]) => jsonToIr(x)) };
  }
  return { k: 'lit', v: v as string | number | boolean | null };
}

function member(s: Scope, n: SyntaxNode): IrExpr {
  const p = s.mod.parsed;
  const obj = n.firstChild!;
  if (child(n, '[')) {
    const idx = children(n).filter((c) => c.name !== '[' && c.name !== ']');
    if (idx.length !== 2 || idx[1].name === 'SliceExpression' || child(n, ':')) throw new NotInterpretable(n, 'slices not interpreted');
    return { k: 'index', obj: expr(s, obj), index: expr(s, idx[1]) };
  }
  const prop = child(n, 'PropertyName');
  if (!prop) throw new NotInterpretable(n, 'attribute not interpreted');
  const attr = nodeText(p, prop);
  if (obj.name === 'VariableName' && s.selfName && nodeText(p, obj) === s.selfName) {
    if (attr !== 'model_extra' && s.fields && !s.fields.has(attr)) throw new NotInterpretable(n, `self.${attr} is not a field`);
    return { k: 'attr', obj: { k: 'var', name: s.selfName }, name: attr, ...(s.enumFields?.has(attr) ? { enum: true } : {}) };
  }
  if (obj.name === 'VariableName' && s.ignored.has(nodeText(p, obj))) throw new NotInterpretable(n, `uses '${nodeText(p, obj)}' (ValidationInfo)`);
  if (obj.name === 'VariableName' && s.locals.has(nodeText(p, obj))) {
    // An attribute of a local value: a field of a nested model (`env.name`).
    return { k: 'attr', obj: expr(s, obj), name: attr };
  }
  if (obj.name === 'VariableName') {
    // An enum member or a class constant: `AuthType.BASIC`.
    const r = s.resolver.resolveExpr(s.mod, n);
    if (r.kind === 'value') {
      const cls = s.resolver.resolveExpr(s.mod, obj);
      if (cls.kind === 'class' && cls.cls.members.get(attr)?.value) {
        const lit = pyLiteral({ module: cls.module, resolver: s.resolver }, cls.cls.members.get(attr)!.value!);
        if (lit.ok && (lit.value === null || typeof lit.value !== 'object')) {
          // Enum members compare equal to their value only for str/int mixins; formatting them differs.
          const mixin = cls.cls.bases.some((b) => ['str', 'int', 'StrEnum', 'IntEnum'].includes(nodeText(cls.module.parsed, b)));
          if (!mixin) throw new NotInterpretable(n, `${nodeText(p, n)} is an enum member without a str/int mixin`);
          return {
            k: 'call',
            fn: '$enum',
            args: [
              { k: 'lit', v: lit.value as string | number | boolean | null },
              { k: 'lit', v: `${cls.cls.name}.${attr}` },
            ],
          };
        }
      }
    }
    throw new NotInterpretable(n, `\`${short(nodeText(p, n))}\` not interpreted`);
  }
  throw new NotInterpretable(n, `attribute .${attr} not interpreted`);
}

function call(s: Scope, n: SyntaxNode): IrExpr {
  const p = s.mod.parsed;
  const callee = n.firstChild!;
  // `f(x for x in y)`: the generator is the ArgList's own content.
  const list = child(n, 'ArgList');
  if (list && child(list, 'for')) {
    const parts = children(list).filter((c) => c.name !== '(' && c.name !== ')');
    const gen = comprehension(s, list, 'gen', parts);
    const fn = callee.name === 'VariableName' ? nodeText(p, callee) : '';
    if (['sorted', 'set', 'frozenset', 'list', 'tuple', 'any', 'all', 'sum', 'min', 'max'].includes(fn) && !s.locals.has(fn))
      return { k: 'call', fn, args: [gen] };
    const method = callee.name === 'MemberExpression' && !child(callee, '[') ? child(callee, 'PropertyName') : null;
    if (method && METHODS.has(nodeText(p, method))) return { k: 'method', obj: expr(s, callee.firstChild!), name: nodeText(p, method), args: [gen] };
    throw new NotInterpretable(n, `call \`${short(nodeText(p, n))}\` not interpreted`);
  }
  const args = argList(s, n);
  const pos = () => args.positional.map((a) => expr(s, a));
  if (callee.name === 'VariableName') {
    const id = nodeText(p, callee);
    if (s.locals.has(id) || s.ignored.has(id)) throw new NotInterpretable(n, `call of '${id}' not interpreted`);
    if (BUILTINS.has(id)) {
      if (id === 'isinstance') {
        const t = args.positional[1];
        if (!t || args.positional.length !== 2) throw new NotInterpretable(n, 'isinstance');
        const types =
          t.name === 'TupleExpression'
            ? children(t)
                .filter((c) => c.name === 'VariableName')
                .map((c) => nodeText(p, c))
            : [nodeText(p, t)];
        if (!types.length || types.some((x) => !TYPE_NAMES.has(x) || s.resolver.resolveName(s.mod, x).kind !== 'unresolved'))
          throw new NotInterpretable(n, 'isinstance with a type not interpreted');
        return { k: 'call', fn: 'isinstance', args: [expr(s, args.positional[0]), ...types.map((x) => ({ k: 'lit' as const, v: x }))] };
      }
      const kw: Record<string, IrExpr> = {};
      for (const [k, v] of args.kw) {
        if (!(id === 'sorted' && k === 'reverse')) throw new NotInterpretable(n, `${id}(${k}=...) not interpreted`);
        kw[k] = expr(s, v);
      }
      return { k: 'call', fn: id, args: pos(), ...(Object.keys(kw).length ? { kw } : {}) };
    }
    // A helper function of the module: inlined when it is itself interpretable.
    const b = s.mod.bindings.get(id);
    const target = b?.kind === 'function' ? { node: b.node, mod: s.mod } : functionOf(s, id);
    if (target && s.depth < MAX_INLINE) {
      if (args.kw.size) throw new NotInterpretable(n, 'keyword arguments to a helper');
      const params = paramNames(target.mod, target.node);
      if (params.length !== args.positional.length) throw new NotInterpretable(n, `call of '${id}' with another number of arguments`);
      const inner: Scope = { mod: target.mod, resolver: s.resolver, locals: new Set(params), ignored: new Set(), depth: s.depth + 1, whole: true };
      const body = child(target.node, 'Body');
      if (!body) throw new NotInterpretable(n, `'${id}' has no body`);
      return { k: 'inline', name: id, params, body: block(inner, body), args: pos() };
    }
    throw new NotInterpretable(n, `call of '${id}' not interpreted`);
  }
  if (callee.name === 'MemberExpression' && !child(callee, '[')) {
    const obj = callee.firstChild!;
    const method = nodeText(p, child(callee, 'PropertyName') ?? callee);
    const objText = nodeText(p, obj);
    if (obj.name === 'VariableName' && !s.locals.has(objText)) {
      if (objText === 're' && ['match', 'search', 'fullmatch'].includes(method) && args.positional.length === 2 && !args.kw.size) {
        const pat = stringValue(p, args.positional[0]);
        const js = pat !== undefined ? jsPattern(pat) : undefined;
        if (js === undefined) throw new NotInterpretable(n, 'regex not known statically or not checkable in JavaScript');
        return { k: 'regex', op: method as 'match', pattern: js, arg: expr(s, args.positional[1]) };
      }
      if (objText === 'math' && method === 'isclose') {
        const kw: Record<string, IrExpr> = {};
        for (const [k, v] of args.kw) {
          if (k !== 'rel_tol' && k !== 'abs_tol') throw new NotInterpretable(n, `math.isclose(${k}=...)`);
          kw[k] = expr(s, v);
        }
        return { k: 'call', fn: 'math.isclose', args: pos(), kw };
      }
      // A module-level compiled regex: `PATTERN.search(v)`.
      const r = s.resolver.resolveName(s.mod, objText);
      if (r.kind === 'value' && ['match', 'search', 'fullmatch'].includes(method) && args.positional.length === 1 && !args.kw.size) {
        const c = constValue(s.resolver, r.module, r.node, objText, n, 0);
        if (c.k === 'call' && c.fn === '$regex')
          return { k: 'regex', op: method as 'match', pattern: String((c.args[0] as { v: string }).v), arg: expr(s, args.positional[0]) };
      }
    }
    if (!METHODS.has(method) || args.kw.size) throw new NotInterpretable(n, `method .${method}() not interpreted`);
    return { k: 'method', obj: expr(s, obj), name: method, args: pos() };
  }
  throw new NotInterpretable(n, `call \`${short(nodeText(p, n))}\` not interpreted`);
}

function functionOf(s: Scope, id: string): { node: SyntaxNode; mod: ModuleFacts } | undefined {
  const r = s.resolver.resolveName(s.mod, id);
  if (r.kind !== 'function') return undefined;
  const mod = s.resolver.module(r.file);
  const b = mod?.bindings.get(r.name);
  return mod && b?.kind === 'function' ? { node: b.node, mod } : undefined;
}

function binary(s: Scope, n: SyntaxNode): IrExpr {
  const p = s.mod.parsed;
  const cs = children(n);
  const left = cs[0];
  const right = cs[cs.length - 1];
  const opNodes = cs.slice(1, -1);
  const op = opNodes.map((c) => nodeText(p, c)).join(' ');
  if (op === 'and' || op === 'or') {
    const items: IrExpr[] = [];
    const flat = (x: SyntaxNode) => {
      const xc = children(x);
      if (x.name === 'BinaryExpression' && xc.length === 3 && nodeText(p, xc[1]) === op) {
        flat(xc[0]);
        flat(xc[2]);
      } else items.push(expr(s, x));
    };
    flat(left);
    flat(right);
    return { k: op, items };
  }
  if (CMP_OPS.has(op)) {
    // `a < b <= c` parses as ((a < b) <= c): an unparenthesized comparison on the left is a chain.
    const ops: string[] = [op];
    const items: IrExpr[] = [expr(s, right)];
    let cur = left;
    for (;;) {
      const lc = children(cur);
      const lop =
        cur.name === 'BinaryExpression'
          ? lc
              .slice(1, -1)
              .map((c) => nodeText(p, c))
              .join(' ')
          : '';
      if (cur.name === 'BinaryExpression' && CMP_OPS.has(lop)) {
        ops.unshift(lop);
        items.unshift(expr(s, lc[lc.length - 1]));
        cur = lc[0];
      } else break;
    }
    items.unshift(expr(s, cur));
    return { k: 'cmp', ops, items };
  }
  if (['+', '-', '*', '/', '//', '%', '&', '|', '^'].includes(op)) return { k: 'bin', op, a: expr(s, left), b: expr(s, right) };
  throw new NotInterpretable(n, `operator ${op} not interpreted`);
}

function comprehension(s: Scope, n: SyntaxNode, kind: 'list' | 'set' | 'gen', parts?: SyntaxNode[]): IrExpr {
  const p = s.mod.parsed;
  const cs = parts ?? children(n).filter((c) => !['[', ']', '{', '}', '(', ')'].includes(c.name));
  // elt for target in iter [if cond]...
  if (cs[1]?.name !== 'for' || cs[2]?.name !== 'VariableName' || cs[3]?.name !== 'in' || !cs[4]) throw new NotInterpretable(n, 'comprehension not interpreted');
  if (cs.slice(5).some((c) => c.name === 'for')) throw new NotInterpretable(n, 'nested comprehension not interpreted');
  const target = nodeText(p, cs[2]);
  const iter = expr(s, cs[4]);
  const had = s.locals.has(target);
  s.locals.add(target);
  const conds: IrExpr[] = [];
  for (let i = 5; i < cs.length; i += 2) {
    if (cs[i].name !== 'if' || !cs[i + 1]) throw new NotInterpretable(n, 'comprehension not interpreted');
    conds.push(expr(s, cs[i + 1]));
  }
  const elt = expr(s, cs[0]);
  if (!had) s.locals.delete(target);
  return { k: 'comp', kind, elt, target, iter, conds };
}

/** For `return {...}` built from `data[...]` reads: output path -> input key path. */
function provenance(s: Scope, v: SyntaxNode): Record<string, string[]> | undefined {
  const p = s.mod.parsed;
  const out: Record<string, string[]> = {};
  const source = (n: SyntaxNode): string[] | undefined => {
    n = unparen(n);
    if (n.name !== 'MemberExpression' || !child(n, '[')) return undefined;
    const parts = children(n).filter((c) => c.name !== '[' && c.name !== ']');
    const key = parts[1] ? stringValue(p, parts[1]) : undefined;
    if (key === undefined) return undefined;
    if (parts[0].name === 'VariableName' && s.locals.has(nodeText(p, parts[0]))) return [key];
    const inner = source(parts[0]);
    return inner ? [...inner, key] : undefined;
  };
  const walk = (n: SyntaxNode, at: string[]) => {
    n = unparen(n);
    if (n.name === 'DictionaryExpression') {
      const cs = children(n).filter((c) => !['{', '}', ','].includes(c.name));
      for (let i = 0; i + 2 < cs.length + 1; i += 3) {
        const k = cs[i] ? stringValue(p, cs[i]) : undefined;
        if (k !== undefined && cs[i + 2]) walk(cs[i + 2], [...at, k]);
      }
      return;
    }
    const src = source(n);
    if (src && at.length) out[at.join('.')] = src;
  };
  walk(v, []);
  return Object.keys(out).length ? out : undefined;
}
