// Turns ajv's raw errors into short messages that name the field and the rule, e.g.
// `threads: must be ≤ 64 (got 128)`. Union umbrellas (anyOf/oneOf) are replaced by the most
// specific branch's errors; when no branch fits the value's type they become one message
// (`must be an integer or null`).
import type { ErrorObject } from 'ajv';
import { closest, editDistance } from '../pluginTypes';

export type Segment = string | number;

/** One validation problem, located by a path into the validated value. */
export interface ConfigError {
  /** Field path like `threads`, `nested.x`, `items[2]` (for missing/unknown keys: that key's path). */
  path: string;
  message: string;
  /** The JSON Schema keyword that failed (`type`, `maximum`, `required`, `additionalProperties` ...). */
  keyword: string;
  /** Path segments of the node the error is placed on (see `at`). */
  segments: Segment[];
  /** Place on: the value at `segments`, the key of the last segment, or the key of the parent at `segments`. */
  at: 'value' | 'key' | 'parent';
}

export function pathString(segs: readonly Segment[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

function pointerSegments(pointer: string, data: unknown): Segment[] {
  if (!pointer) return [];
  const out: Segment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(s)) { out.push(Number(s)); cur = cur[Number(s)]; }
    else { out.push(s); cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined; }
  }
  return out;
}

function valueAt(data: unknown, segs: readonly Segment[]): unknown {
  let cur = data;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** How a value is shown in a message: strings quoted (shortened), lists/mappings by kind. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  return String(v);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer', number: 'a number', string: 'a string', boolean: 'a boolean',
  object: 'a mapping', array: 'a list', null: 'null',
};
function typeWord(t: unknown): string {
  const list = Array.isArray(t) ? t : String(t).split(',');
  return joinOr(list.map((x) => TYPE_WORDS[String(x)] ?? String(x)));
}
function joinOr(words: string[]): string {
  const u = [...new Set(words)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}
const show = (x: unknown) => JSON.stringify(x);

interface Item { err: ErrorObject; segs: Segment[]; out: ConfigError[] }

function messageFor(e: ErrorObject, segs: Segment[], data: unknown, rootLabel: string): ConfigError[] {
  const label = segs.length ? pathString(segs) : rootLabel;
  const got = describeValue(valueAt(data, segs));
  const p = e.params as Record<string, unknown>;
  const one = (message: string, at: ConfigError['at'] = 'value', s: Segment[] = segs, path = pathString(segs)): ConfigError[] =>
    [{ path, message, keyword: e.keyword, segments: s, at }];
  switch (e.keyword) {
    case 'type': return one(`${label}: must be ${typeWord(p.type)} (got ${got})`);
    case 'enum': return one(`${label}: must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')} (got ${got})`);
    case 'const': return one(`${label}: must be ${show(p.allowedValue)} (got ${got})`);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const cmp = String(p.comparison).replace('>=', '≥').replace('<=', '≤');
      return one(`${label}: must be ${cmp} ${p.limit} (got ${got})`);
    }
    case 'multipleOf': return one(`${label}: must be a multiple of ${p.multipleOf} (got ${got})`);
    case 'minLength': return one(`${label}: must be at least ${p.limit} characters long (got ${got})`);
    case 'maxLength': return one(`${label}: must be at most ${p.limit} characters long (got ${got})`);
    case 'pattern': return one(`${label}: must match the pattern ${p.pattern} (got ${got})`);
    case 'format':
      if (p.format === 'semver') return one(`${label}: must be a semantic version X.Y.Z (got ${got})`);
      return one(`${label}: must be a valid ${p.format} (got ${got})`);
    case 'minItems': return one(`${label}: must have at least ${p.limit} items`);
    case 'maxItems': case 'additionalItems': return one(`${label}: must have at most ${p.limit} items`);
    case 'uniqueItems': return one(`${label}: must not contain duplicates (items ${p.j} and ${p.i} are equal)`);
    case 'minProperties': return one(`${label}: must have at least ${p.limit} keys`);
    case 'maxProperties': return one(`${label}: must have at most ${p.limit} keys`);
    case 'required': {
      const key = String(p.missingProperty);
      return one(`${label}: missing required key ${show(key)}`, 'parent', segs, pathString([...segs, key]));
    }
    case 'dependentRequired': case 'dependencies': {
      const key = String(p.missingProperty);
      return one(`${label}: missing key ${show(key)} (required when ${show(String(p.property))} is set)`, 'parent', segs, pathString([...segs, key]));
    }
    case 'additionalProperties': case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const parent = e.parentSchema as Record<string, unknown> | undefined;
      const known = parent && typeof parent.properties === 'object' && parent.properties ? Object.keys(parent.properties) : [];
      const near = closest(key, known, 1).filter((n) => {
        const d = editDistance(key, n);
        return d < key.length && d <= Math.max(1, Math.ceil(key.length / 3));
      });
      const hint = near.length ? ` (did you mean ${show(near[0])}?)` : '';
      const keySegs = [...segs, key];
      return one(`${label}: unknown key ${show(key)}${hint}`, 'key', keySegs, pathString(keySegs));
    }
    case 'propertyNames': return []; // the failing name's own error follows
    case 'if': return [];
    case 'not': return one(`${label}: this value is not allowed (got ${got})`);
    case 'oneOf':
      if (Array.isArray(p.passingSchemas)) return one(`${label}: matches more than one allowed shape (${got})`);
      return one(`${label}: does not match any allowed shape (got ${got})`);
    case 'anyOf': return one(`${label}: does not match any allowed shape (got ${got})`);
    case 'false schema': return one(`${label}: is not allowed`);
    default: return one(`${label}: ${e.message ?? e.keyword}`);
  }
}

function isUnder(segs: Segment[], prefix: Segment[]): boolean {
  if (segs.length < prefix.length) return false;
  return prefix.every((s, i) => String(segs[i]) === String(s));
}

/** Pick a union's best branch, or merge "wrong type" branches into one message. */
function resolveUnion(union: ErrorObject, segs: Segment[], items: Item[], data: unknown, rootLabel: string): ConfigError[] {
  const prefix = union.schemaPath + '/';
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    let key = 'ref';
    if (it.err.schemaPath.startsWith(prefix)) key = it.err.schemaPath.slice(prefix.length).split('/')[0];
    const g = groups.get(key) ?? [];
    g.push(it);
    groups.set(key, g);
  }
  const atRoot = (it: Item) => it.segs.length === segs.length;
  const mismatch = (it: Item) => atRoot(it) && ['type', 'const', 'enum'].includes(it.err.keyword);
  // Branches whose shape fits the value: their errors are the specific ones.
  const fitting = [...groups.values()].filter((g) => !g.some(mismatch));
  if (fitting.length) {
    fitting.sort((a, b) => a.flatMap((x) => x.out).length - b.flatMap((x) => x.out).length);
    return fitting[0].flatMap((x) => x.out);
  }
  // No branch fits: one message listing what would.
  const types: string[] = [];
  const values: unknown[] = [];
  for (const it of items) {
    if (!atRoot(it)) continue;
    const p = it.err.params as Record<string, unknown>;
    if (it.err.keyword === 'type') types.push(...String(p.type).split(','));
    else if (it.err.keyword === 'const') values.push(p.allowedValue);
    else if (it.err.keyword === 'enum') values.push(...(p.allowedValues as unknown[]));
  }
  const label = segs.length ? pathString(segs) : rootLabel;
  const got = describeValue(valueAt(data, segs));
  const parts: string[] = [];
  if (values.length) parts.push(`one of ${values.map(show).join(', ')}`);
  if (types.length) parts.push(typeWord(types));
  if (!parts.length) return messageFor(union, segs, data, rootLabel);
  return [{ path: pathString(segs), message: `${label}: must be ${parts.join(' or ')} (got ${got})`, keyword: union.keyword, segments: segs, at: 'value' }];
}

/** ajv errors (from a validator with `allErrors`, `verbose`) to our messages, deduplicated. */
export function toConfigErrors(errors: readonly ErrorObject[], data: unknown, rootLabel = 'config'): ConfigError[] {
  let items: Item[] = [];
  for (const err of errors) {
    const segs = pointerSegments(err.instancePath, data);
    if ((err.keyword === 'anyOf' || err.keyword === 'oneOf') && !(err.params as { passingSchemas?: unknown }).passingSchemas) {
      const mine = items.filter((it) => isUnder(it.segs, segs));
      items = items.filter((it) => !isUnder(it.segs, segs));
      const out = mine.length ? resolveUnion(err, segs, mine, data, rootLabel) : messageFor(err, segs, data, rootLabel);
      items.push({ err, segs, out });
      continue;
    }
    items.push({ err, segs, out: messageFor(err, segs, data, rootLabel) });
  }
  const seen = new Set<string>();
  const result: ConfigError[] = [];
  for (const it of items) {
    for (const e of it.out) {
      const k = `${e.at}|${e.segments.join('\u0000')}|${e.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      result.push(e);
    }
  }
  return result;
}
