// Turns ajv's raw errors into short messages that name the field and the rule, e.g.
// `threads: must be ≤ 64 (got 128)`; a value of the wrong type is said as the type the model
// declares (`threads: expected an integer (got "abc")`), never as the pattern a lax-mode schema
// uses for it. Union umbrellas (anyOf/oneOf) are replaced by the most specific branch's errors;
// when no branch fits the value's type they become one message (`expected an integer or null`).
import type { ErrorObject } from 'ajv';
import { closest, editDistance } from '../pluginTypes';
import { DECLARED_TYPE, LAX_BOOL_STRING, LAX_FLOAT_STRING, LAX_INT_STRING } from '../python/pydanticLax';
import { HTTP_URL_PATTERN } from '../python/pydanticBuiltins';

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
  /** The message without its leading `label: ` (the label is the path `labelSegs`, or the root label). */
  body: string;
  labelSegs: Segment[];
  /** Where Pydantic would locate the problem (a missing or unknown key: that key's path). */
  loc: Segment[];
  /** An unknown key's likely intended name (a known key close to it). */
  near?: string;
  /** A missing required key's schema (for a placeholder value), when the schema describes it. */
  keySchema?: Record<string, unknown>;
}

/** `label: body`, the label being the path or, at the top, `rootLabel`. */
export function withLabel(labelSegs: readonly Segment[], body: string, rootLabel: string): string {
  return `${labelSegs.length ? pathString(labelSegs) : rootLabel}: ${body}`;
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
    if (Array.isArray(cur) && /^\d+$/.test(s)) {
      out.push(Number(s));
      cur = cur[Number(s)];
    } else {
      out.push(s);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined;
    }
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
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
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

/** The type a lax-widened schema stands for (`integer` widened to accept "8" and true ...). */
function laxWord(schema: unknown): string | undefined {
  const declared = (schema as Record<string, unknown> | undefined)?.[DECLARED_TYPE];
  if (declared === 'integer' || declared === 'number' || declared === 'boolean') return TYPE_WORDS[declared];
  const pattern = (schema as { pattern?: unknown } | undefined)?.pattern;
  return pattern === LAX_INT_STRING ? 'an integer' : pattern === LAX_FLOAT_STRING ? 'a number' : pattern === LAX_BOOL_STRING ? 'a boolean' : undefined;
}

interface Item {
  err: ErrorObject;
  segs: Segment[];
  out: ConfigError[];
}

interface Ctx {
  data: unknown;
  rootLabel: string;
  prefix: Segment[];
}

function messageFor(e: ErrorObject, segs: Segment[], c: Ctx): ConfigError[] {
  const got = describeValue(valueAt(c.data, segs));
  const p = e.params as Record<string, unknown>;
  const one = (body: string, at: ConfigError['at'] = 'value', s: Segment[] = segs, loc: Segment[] = segs): ConfigError[] => {
    const labelSegs = [...c.prefix, ...segs];
    const full = [...c.prefix, ...s];
    return [
      {
        path: pathString([...c.prefix, ...loc]),
        message: withLabel(labelSegs, body, c.rootLabel),
        keyword: e.keyword,
        segments: full,
        at,
        body,
        labelSegs,
        loc: [...c.prefix, ...loc],
      },
    ];
  };
  switch (e.keyword) {
    case 'type':
      return one(`expected ${laxWord(e.parentSchema) ?? typeWord(p.type)} (got ${got})`);
    case 'enum':
      return one(`must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')} (got ${got})`);
    case 'const':
      return one(`must be ${show(p.allowedValue)} (got ${got})`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      if (laxWord(e.parentSchema) === 'a boolean') return one(`expected a boolean (got ${got})`);
      const cmp = String(p.comparison).replace('>=', '≥').replace('<=', '≤');
      return one(`must be ${cmp} ${p.limit} (got ${got})`);
    }
    case 'multipleOf':
      return one(`must be a multiple of ${p.multipleOf} (got ${got})`);
    case 'minLength':
      return one(`must be at least ${p.limit} characters long (got ${got})`);
    case 'maxLength':
      return one(`must be at most ${p.limit} characters long (got ${got})`);
    case 'pattern': {
      const lax = laxWord(e.parentSchema);
      if (p.pattern === HTTP_URL_PATTERN) return one(`must be an http or https URL (got ${got})`);
      if (lax) return one(`expected ${lax} (got ${got})`);
      return one(`must match the pattern ${p.pattern} (got ${got})`);
    }
    case 'format':
      if (p.format === 'semver') return one(`must be a semantic version X.Y.Z (got ${got})`);
      return one(`must be a valid ${p.format} (got ${got})`);
    case 'minItems':
      return one(`must have at least ${p.limit} items`);
    case 'maxItems':
    case 'additionalItems':
      return one(`must have at most ${p.limit} items`);
    case 'uniqueItems':
      return one(`must not contain duplicates (items ${p.j} and ${p.i} are equal)`);
    case 'minProperties':
      return one(`must have at least ${p.limit} keys`);
    case 'maxProperties':
      return one(`must have at most ${p.limit} keys`);
    case 'required': {
      const key = String(p.missingProperty);
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      const keySchema = props && typeof props[key] === 'object' ? (props[key] as Record<string, unknown>) : undefined;
      return one(`missing required key ${show(key)}`, 'parent', segs, [...segs, key]).map((x) => (keySchema ? { ...x, keySchema } : x));
    }
    case 'dependentRequired':
    case 'dependencies': {
      const key = String(p.missingProperty);
      return one(`missing key ${show(key)} (required when ${show(String(p.property))} is set)`, 'parent', segs, [...segs, key]);
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const parent = e.parentSchema as Record<string, unknown> | undefined;
      const known = parent && typeof parent.properties === 'object' && parent.properties ? Object.keys(parent.properties) : [];
      const near = closest(key, known, 1).filter((n) => {
        const d = editDistance(key, n);
        return d < key.length && d <= Math.max(1, Math.ceil(key.length / 3));
      });
      const hint = near.length ? ` (did you mean ${show(near[0])}?)` : '';
      const keySegs = [...segs, key];
      return one(`unknown key ${show(key)}${hint}`, 'key', keySegs, keySegs).map((x) => (near.length ? { ...x, near: near[0] } : x));
    }
    case 'propertyNames':
      return []; // the failing name's own error follows
    case 'if':
      return [];
    case 'not':
      return one(`this value is not allowed (got ${got})`);
    case 'oneOf':
      if (Array.isArray(p.passingSchemas)) return one(`matches more than one allowed shape (${got})`);
      return one(`does not match any allowed shape (got ${got})`);
    case 'anyOf':
      return one(`does not match any allowed shape (got ${got})`);
    case 'false schema':
      return one(`is not allowed`);
    default:
      return one(`${e.message ?? e.keyword}`);
  }
}

function isUnder(segs: Segment[], prefix: Segment[]): boolean {
  if (segs.length < prefix.length) return false;
  return prefix.every((s, i) => String(segs[i]) === String(s));
}

/** Pick a union's best branch, or merge "wrong type" branches into one message. */
function resolveUnion(union: ErrorObject, segs: Segment[], items: Item[], c: Ctx): ConfigError[] {
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
  void c;
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
    const lax = laxWord(it.err.parentSchema);
    if (lax && ['type', 'pattern', 'minimum', 'maximum'].includes(it.err.keyword))
      types.push(lax === 'an integer' ? 'integer' : lax === 'a number' ? 'number' : 'boolean');
    else if (it.err.keyword === 'type') types.push(...String(p.type).split(','));
    else if (it.err.keyword === 'const') values.push(p.allowedValue);
    else if (it.err.keyword === 'enum') values.push(...(p.allowedValues as unknown[]));
  }
  const got = describeValue(valueAt(c.data, segs));
  const parts: string[] = [];
  if (values.length) parts.push(`one of ${values.map(show).join(', ')}`);
  if (types.length) parts.push(typeWord(types));
  if (!parts.length) return messageFor(union, segs, c);
  const full = [...c.prefix, ...segs];
  const body = `${types.length ? 'expected' : 'must be'} ${parts.join(' or ')} (got ${got})`;
  return [
    {
      path: pathString(full),
      message: withLabel(full, body, c.rootLabel),
      keyword: union.keyword,
      segments: full,
      at: 'value',
      body,
      labelSegs: full,
      loc: full,
    },
  ];
}

/**
 * ajv errors (from a validator with `allErrors`, `verbose`) to our messages, deduplicated. The
 * validated `data` sits at `prefix` in the document (segments and labels include it).
 */
export function toConfigErrors(errors: readonly ErrorObject[], data: unknown, rootLabel = 'config', prefix: Segment[] = []): ConfigError[] {
  const c: Ctx = { data, rootLabel, prefix };
  let items: Item[] = [];
  for (const err of errors) {
    const segs = pointerSegments(err.instancePath, data);
    if ((err.keyword === 'anyOf' || err.keyword === 'oneOf') && !(err.params as { passingSchemas?: unknown }).passingSchemas) {
      const mine = items.filter((it) => isUnder(it.segs, segs));
      items = items.filter((it) => !isUnder(it.segs, segs));
      const out = mine.length ? resolveUnion(err, segs, mine, c) : messageFor(err, segs, c);
      items.push({ err, segs, out });
      continue;
    }
    items.push({ err, segs, out: messageFor(err, segs, c) });
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
