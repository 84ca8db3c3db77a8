// Quick-fix text for manifest mappings: a key added to a mapping written in the document (block or
// flow YAML, JSON) in its own layout, and a placeholder value of a key's type (its default when the
// schema has one). Mappings reached through an alias or a merge key are not edited: the text to
// change is elsewhere and shared.
import type { Segment } from './ajvErrors';
import { simplify, type Schema } from './schemaNav';
import { declaredType } from '../python/pydanticLax';
import { getEntry, type MapNode, type TNode } from './tree';

/** The node at `segs` under `base` when every step is the document's own text (no alias, no merge key). */
export function directNode(base: TNode | undefined, segs: readonly Segment[]): TNode | undefined {
  let cur = base;
  for (const s of segs) {
    if (!cur || cur.kind === 'alias') return undefined;
    if (typeof s === 'number') {
      cur = cur.kind === 'seq' ? cur.items[s] : undefined;
      continue;
    }
    const hit = getEntry(cur, String(s));
    if (!hit || hit.via) return undefined;
    cur = hit.entry.value;
  }
  return cur && cur.kind !== 'alias' ? cur : undefined;
}

/** Declared type first: a lax-widened `integer | string | boolean` is an integer. */
function typeOf(s: Schema): string | undefined {
  return declaredType(s) ?? (Array.isArray(s.type) ? String(s.type[0]) : undefined);
}

/** A value for a key of this schema, as JSON text (valid YAML too): its default, else a typed placeholder. */
export function placeholderValue(root: Schema, schema: Schema | undefined): string {
  const s = schema ? (simplify(root, schema) ?? schema) : undefined;
  if (!s) return '""';
  if ('default' in s) return JSON.stringify(s.default) ?? 'null';
  if (Array.isArray(s.enum) && s.enum.length) return JSON.stringify(s.enum[0]);
  if ('const' in s) return JSON.stringify(s.const);
  const union = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(union)) {
    const branch = union.find((b) => b && typeof b === 'object' && (b as Schema).type !== 'null') as Schema | undefined;
    if (branch) return placeholderValue(root, branch);
  }
  switch (typeOf(s)) {
    case 'integer':
      return '0';
    case 'number':
      return '0.0';
    case 'boolean':
      return 'false';
    case 'array':
      return '[]';
    case 'object':
      return '{}';
    case 'null':
      return 'null';
    default:
      return s.properties ? '{}' : '""';
  }
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The insertion that adds `key: value` to a mapping written in the document, in its layout. */
export function addKeyInsertion(text: string, json: boolean, node: MapNode, key: string, value: string): { offset: number; newText: string } | undefined {
  const k = json ? JSON.stringify(key) : /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
  const pair = `${k}: ${value}`;
  const open = text.charAt(node.span.start);
  const last = node.entries[node.entries.length - 1];
  if (open === '{') {
    if (!last) return { offset: node.span.start + 1, newText: pair };
    const end = last.value?.span.end ?? last.keySpan.end;
    const first = node.entries[0];
    const multiline = text.slice(node.span.start, first.keySpan.start).includes('\n');
    if (!multiline) return { offset: end, newText: `, ${pair}` };
    const indent = text.slice(lineStartOf(text, first.keySpan.start), first.keySpan.start);
    if (!/^[ \t]*$/.test(indent)) return { offset: end, newText: `, ${pair}` };
    return { offset: end, newText: `,\n${indent}${pair}` };
  }
  if (json || !last) return undefined;
  const first = node.entries[0];
  const indent = text.slice(lineStartOf(text, first.keySpan.start), first.keySpan.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  // After the last entry's line (a comment on it stays where it is).
  let end = last.value?.span.end ?? last.keySpan.end;
  while (end > last.keySpan.end && /\s/.test(text.charAt(end - 1))) end--;
  const eol = text.indexOf('\n', end);
  return { offset: eol < 0 ? text.length : eol, newText: `\n${indent}${pair}` };
}
