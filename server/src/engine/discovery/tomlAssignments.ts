// Flattens a toml-eslint-parser AST into assignments: every table header, key/value and
// inline table, with its full key path and the key nodes that wrote each path segment.
// Positions stay with the nodes, so callers can point at keys and values exactly.
import type { AST } from 'toml-eslint-parser';

export interface KeySegment {
  name: string;
  node: AST.TOMLBare | AST.TOMLQuoted;
}

export type AssignmentKind = 'table' | 'array-table' | 'inline' | 'string' | 'other';

export interface Assignment {
  path: KeySegment[];
  kind: AssignmentKind;
  /** The value node; for table headers the table node. */
  node: AST.TOMLContentNode | AST.TOMLTable;
}

function segments(key: AST.TOMLKey): KeySegment[] {
  return key.keys.map((k) => ({ name: k.type === 'TOMLBare' ? k.name : k.value, node: k }));
}

function visitKeyValue(kv: AST.TOMLKeyValue, prefix: KeySegment[], out: Assignment[]): void {
  const path = [...prefix, ...segments(kv.key)];
  const v = kv.value;
  if (v.type === 'TOMLInlineTable') {
    out.push({ path, kind: 'inline', node: v });
    for (const inner of v.body) visitKeyValue(inner, path, out);
  } else {
    out.push({ path, kind: v.type === 'TOMLValue' && v.kind === 'string' ? 'string' : 'other', node: v });
  }
}

/** Every assignment of the document, in document order. Array-of-tables bodies are not descended. */
export function tomlAssignments(program: AST.TOMLProgram): Assignment[] {
  const out: Assignment[] = [];
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') {
      visitKeyValue(item, [], out);
      continue;
    }
    const path = segments(item.key);
    if (item.kind === 'array') {
      out.push({ path, kind: 'array-table', node: item });
      continue;
    }
    out.push({ path, kind: 'table', node: item });
    for (const kv of item.body) visitKeyValue(kv, path, out);
  }
  return out;
}

/** Whether the path's names start with `names`. */
export function pathStartsWith(path: KeySegment[], names: string[]): boolean {
  return path.length >= names.length && names.every((n, i) => path[i].name === n);
}

/** The value range of a string node without its quotes (`"`, `'`, `"""`, `'''`). */
export function stringContentRange(node: AST.TOMLStringValue): [number, number] {
  const q = node.multiline ? 3 : 1;
  const start = node.range[0] + q;
  return [start, Math.max(start, node.range[1] - q)];
}

/** What kind of TOML value a node is, for messages (`an integer`, `a table` ...). */
export function describeNode(a: Assignment): string {
  if (a.kind === 'table' || a.kind === 'inline') return 'a table';
  if (a.kind === 'array-table') return 'an array of tables';
  const n = a.node;
  if (n.type === 'TOMLArray') return 'an array';
  if (n.type === 'TOMLValue') {
    switch (n.kind) {
      case 'integer':
        return 'an integer';
      case 'float':
        return 'a float';
      case 'boolean':
        return 'a boolean';
      case 'string':
        return 'a string';
      default:
        return 'a date/time';
    }
  }
  return 'a value';
}
