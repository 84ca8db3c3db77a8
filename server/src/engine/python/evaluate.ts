// Static evaluation of the few expression forms plugin metadata is written with: string
// literals (incl. implicit concatenation), lists/tuples of strings, module constants, imported
// constants and `self.X` class attributes. Anything else is reported as dynamic, never guessed.
import type { Range } from '../model';
import type { Binding, ModuleFacts } from './moduleFacts';
import type { SymbolResolver } from './symbols';
import { child, children, nodeRange, nodeText, stringValue, unparen, type SyntaxNode } from './syntax';

export type Evaluated<T> = { ok: true; value: T; file: string; range: Range; viaName: boolean } | { ok: false; reason: string; file: string; range: Range };

export interface EvalScope {
  resolver: SymbolResolver;
  module: ModuleFacts;
  /** Function-local bindings (imports and assignments inside the function). */
  local?: Map<string, Binding>;
  /** `self.X` / `cls.X` lookup through the class's MRO. */
  selfAttr?: (name: string) => { value: SyntaxNode; module: ModuleFacts } | undefined;
}

const MAX_DEPTH = 30;

function fail(scope: EvalScope, node: SyntaxNode, reason: string): Evaluated<never> {
  return { ok: false, reason, file: scope.module.file, range: nodeRange(scope.module.parsed, node) };
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '...' : one;
}

export function evalString(scope: EvalScope, node: SyntaxNode, depth = 0): Evaluated<string> {
  const p = scope.module.parsed;
  node = unparen(node);
  if (depth > MAX_DEPTH) return fail(scope, node, 'too many levels of indirection');
  switch (node.name) {
    case 'String':
    case 'ContinuedString':
    case 'FormatString': {
      const v = stringValue(p, node);
      if (v !== undefined) return { ok: true, value: v, file: p.file, range: nodeRange(p, node), viaName: false };
      if (node.name === 'FormatString' || node.getChild('FormatString')) {
        return fail(scope, node, 'f-string with replacement fields (computed at run time)');
      }
      return fail(scope, node, 'not a text string literal');
    }
    case 'VariableName':
    case 'MemberExpression':
      return viaName(scope, node, depth, (s, n, d) => evalString(s, n, d));
    default:
      return fail(scope, node, describe(scope, node));
  }
}

export function evalStringList(scope: EvalScope, node: SyntaxNode, depth = 0): Evaluated<string[]> {
  const p = scope.module.parsed;
  node = unparen(node);
  if (depth > MAX_DEPTH) return fail(scope, node, 'too many levels of indirection');
  switch (node.name) {
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'ParenthesizedExpression': {
      const items = children(node).filter((c) => !['[', ']', '(', ')', ','].includes(c.name));
      const out: string[] = [];
      for (const it of items) {
        const v = evalString(scope, it, depth + 1);
        if (!v.ok) return v;
        out.push(v.value);
      }
      return { ok: true, value: out, file: p.file, range: nodeRange(p, node), viaName: false };
    }
    case 'VariableName':
    case 'MemberExpression':
      return viaName(scope, node, depth, (s, n, d) => evalStringList(s, n, d));
    default:
      return fail(scope, node, describe(scope, node));
  }
}

function describe(scope: EvalScope, node: SyntaxNode): string {
  const p = scope.module.parsed;
  const text = short(nodeText(p, node));
  switch (node.name) {
    case 'CallExpression':
      return `computed by a call (\`${text}\`)`;
    case 'ConditionalExpression':
      return `conditional expression (\`${text}\`)`;
    case 'BinaryExpression':
      return `computed expression (\`${text}\`)`;
    case 'None':
      return 'None';
    case 'Number':
    case 'Boolean':
      return `not a string (\`${text}\`)`;
    default:
      return `not a literal (\`${text}\`)`;
  }
}

/** Follow a name (`CONST`, `mod.CONST`, `self.X`) to the literal it is bound to. */
function viaName<T>(scope: EvalScope, node: SyntaxNode, depth: number, again: (s: EvalScope, n: SyntaxNode, d: number) => Evaluated<T>): Evaluated<T> {
  const p = scope.module.parsed;
  const text = short(nodeText(p, node));
  // self.X / cls.X / type(self).X
  if (node.name === 'MemberExpression' && !child(node, '[')) {
    const obj = node.firstChild;
    const prop = child(node, 'PropertyName');
    const objText = obj ? nodeText(p, obj) : '';
    if (prop && (objText === 'self' || objText === 'cls' || objText === 'type(self)' || objText === 'self.__class__')) {
      const found = scope.selfAttr?.(nodeText(p, prop));
      if (!found) return fail(scope, node, `\`${text}\` is not a class attribute with a literal value`);
      const r = again({ ...scope, module: found.module, local: undefined }, found.value, depth + 1);
      return r.ok ? { ...r, viaName: true } : r;
    }
  }
  const r = scope.resolver.resolveExpr(scope.module, node, depth + 1, scope.local);
  switch (r.kind) {
    case 'value': {
      if (r.node === node) return fail(scope, node, `\`${text}\` is not known statically`);
      const res = again({ ...scope, module: r.module, local: undefined }, r.node, depth + 1);
      return res.ok ? { ...res, viaName: true } : res;
    }
    case 'external':
      return fail(scope, node, `\`${text}\` comes from '${r.qualified}', which is not in the workspace or import roots`);
    case 'unresolved':
      return fail(scope, node, `\`${text}\` could not be resolved: ${r.reason}`);
    case 'class':
      return fail(scope, node, `\`${text}\` is a class, not a literal`);
    case 'function':
      return fail(scope, node, `\`${text}\` is a function, not a literal`);
    case 'module':
      return fail(scope, node, `\`${text}\` is a module, not a literal`);
  }
}
