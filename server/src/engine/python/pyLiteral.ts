// Python literal expressions as JSON values (for field defaults, Literal[...] members, enum
// values, Field(...) arguments). Anything that is not a plain literal is "not known".
import type { ModuleFacts } from './moduleFacts';
import type { SymbolResolver } from './symbols';
import { children, nodeText, stringValue, type SyntaxNode } from './syntax';

export type LiteralResult = { ok: true; value: unknown } | { ok: false; reason: string };

const NOT = (reason: string): LiteralResult => ({ ok: false, reason });

/** A Python number literal as a JS number (ints with `_`, hex/octal/binary, floats). */
export function pyNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB][01]+$/.test(t)) return parseInt(t.slice(2), 2);
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export interface LiteralScope {
  module: ModuleFacts;
  resolver?: SymbolResolver;
  /** Value of an enum member reference `Color.RED` (for defaults / Literal members). */
  enumMember?: (node: SyntaxNode) => LiteralResult | undefined;
}

export function pyLiteral(scope: LiteralScope, n: SyntaxNode, depth = 0): LiteralResult {
  const p = scope.module.parsed;
  if (depth > 20) return NOT('too deep');
  switch (n.name) {
    case 'String':
    case 'ContinuedString':
    case 'FormatString': {
      const v = stringValue(p, n);
      return v === undefined ? NOT('not a plain string literal') : { ok: true, value: v };
    }
    case 'Number': {
      const v = pyNumber(nodeText(p, n));
      return v === undefined ? NOT('not a JSON number') : { ok: true, value: v };
    }
    case 'Boolean':
      return { ok: true, value: nodeText(p, n) === 'True' };
    case 'None':
      return { ok: true, value: null };
    case 'UnaryExpression': {
      const [op, arg] = children(n);
      const v = arg ? pyLiteral(scope, arg, depth + 1) : NOT('empty');
      if (!v.ok || typeof v.value !== 'number') return NOT('not a number');
      const o = nodeText(p, op);
      return o === '-' ? { ok: true, value: -v.value } : o === '+' ? v : NOT('not a number');
    }
    case 'ParenthesizedExpression': {
      const inner = children(n).filter((c) => c.name !== '(' && c.name !== ')');
      return inner.length === 1 ? pyLiteral(scope, inner[0], depth + 1) : NOT('not a literal');
    }
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression': {
      const out: unknown[] = [];
      for (const c of children(n)) {
        if (['[', ']', '(', ')', '{', '}', ','].includes(c.name)) continue;
        const v = pyLiteral(scope, c, depth + 1);
        if (!v.ok) return v;
        out.push(v.value);
      }
      return { ok: true, value: out };
    }
    case 'DictionaryExpression': {
      const cs = children(n).filter((c) => !['{', '}', ','].includes(c.name));
      const out: Record<string, unknown> = {};
      for (let i = 0; i < cs.length; i += 3) {
        if (cs[i + 1]?.name !== ':' || !cs[i + 2]) return NOT('not a literal dict');
        const k = pyLiteral(scope, cs[i], depth + 1);
        const v = pyLiteral(scope, cs[i + 2], depth + 1);
        if (!k.ok || !v.ok) return NOT('not a literal dict');
        if (typeof k.value !== 'string') return NOT('dict key is not a string');
        out[k.value] = v.value;
      }
      return { ok: true, value: out };
    }
    case 'MemberExpression': {
      const e = scope.enumMember?.(n);
      return e ?? NOT(`\`${nodeText(p, n)}\` is not a literal`);
    }
    case 'CallExpression': {
      // Empty constructors: `list()`, `dict()`, `set()`, `tuple()`, `frozenset()`.
      const callee = n.firstChild ? nodeText(p, n.firstChild) : '';
      const args = n.lastChild ? children(n.lastChild).filter((c) => c.name !== '(' && c.name !== ')') : [];
      if (args.length === 0 && ['list', 'set', 'tuple', 'frozenset'].includes(callee)) return { ok: true, value: [] };
      if (args.length === 0 && callee === 'dict') return { ok: true, value: {} };
      return NOT(`\`${nodeText(p, n).slice(0, 40)}\` is not a literal`);
    }
    case 'VariableName': {
      if (!scope.resolver) return NOT('not a literal');
      const r = scope.resolver.resolveName(scope.module, nodeText(p, n));
      if (r.kind === 'value' && r.node !== n) return pyLiteral({ ...scope, module: r.module }, r.node, depth + 1);
      return NOT(`\`${nodeText(p, n)}\` is not a literal`);
    }
    default:
      return NOT(`\`${nodeText(p, n).slice(0, 40)}\` is not a literal`);
  }
}
