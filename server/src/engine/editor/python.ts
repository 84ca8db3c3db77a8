// Position lookups in Python source for the editor, over the @lezer/python tree: is the cursor
// in a plugin's `dependencies` list literal, and on which string?
import { parsePython, nodeText, stringValue, child, type SyntaxNode, type ParsedPython } from '../python/syntax';

export interface DependencyPosition {
  /** The list/tuple literal. */
  listFrom: number;
  listTo: number;
  /** The string under the cursor, when there is one. */
  str?: { from: number; to: number; contentFrom: number; contentTo: number; value: string };
}

const LISTS = new Set(['ArrayExpression', 'TupleExpression', 'ParenthesizedExpression']);

/** `dependencies = [...]`, `dependencies: list[str] = [...]` or `def dependencies(...): return [...]`. */
function isDependenciesList(p: ParsedPython, list: SyntaxNode): boolean {
  const parent = list.parent;
  if (!parent) return false;
  if (parent.name === 'AssignStatement') {
    const target = child(parent, 'VariableName');
    return !!target && nodeText(p, target) === 'dependencies' && target.from < list.from;
  }
  if (parent.name === 'ReturnStatement') {
    for (let n: SyntaxNode | null = parent.parent; n; n = n.parent) {
      if (n.name === 'FunctionDefinition') {
        const fname = child(n, 'VariableName');
        return !!fname && nodeText(p, fname) === 'dependencies';
      }
      if (n.name === 'ClassDefinition') return false;
    }
  }
  return false;
}

function stringParts(p: ParsedPython, n: SyntaxNode): DependencyPosition['str'] {
  const raw = nodeText(p, n);
  let i = 0;
  while (i < raw.length && /[rRuUbBfF]/.test(raw[i])) i++;
  const quote = raw.startsWith('"""', i) || raw.startsWith("'''", i) ? raw.slice(i, i + 3) : raw.slice(i, i + 1);
  const contentFrom = n.from + i + quote.length;
  const closed = raw.length >= i + 2 * quote.length && raw.endsWith(quote);
  const contentTo = closed ? n.to - quote.length : n.to;
  return { from: n.from, to: n.to, contentFrom, contentTo, value: stringValue(p, n) ?? p.text.slice(contentFrom, contentTo) };
}

export function dependencyAt(file: string, text: string, offset: number): DependencyPosition | undefined {
  const p = parsePython(file, text);
  for (const side of [-1, 1] as const) {
    let str: SyntaxNode | undefined;
    for (let n: SyntaxNode | null = p.tree.resolveInner(offset, side); n; n = n.parent) {
      if (n.name === 'String' && !str) str = n;
      if (LISTS.has(n.name)) {
        if (offset <= n.from || (offset >= n.to && text[n.to - 1] === ']')) break;
        if (!isDependenciesList(p, n)) break;
        const out: DependencyPosition = { listFrom: n.from, listTo: n.to };
        if (str && offset >= str.from && offset <= str.to) {
          const parts = stringParts(p, str);
          if (parts && offset >= parts.contentFrom && offset <= parts.contentTo) out.str = parts;
          else if (parts) return undefined; // on a quote: not inside the string
        }
        return out;
      }
      if (n.name === 'Body' || n.name === 'Script') break;
    }
  }
  return undefined;
}
