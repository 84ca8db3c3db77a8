// Two JSON Schemas compared as validation contracts: equal modulo key order and annotations
// (title, description, examples, $comment), `required` as a set, and a `$ref` wrapped in a
// one-element `allOf` (older Pydantic) taken as the `$ref` itself.

import { SCHEMA_ANNOTATIONS as ANNOTATIONS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE } from '../manifest/schemaKeywords';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The schema with annotations removed and equivalent spellings made one (values and defaults untouched). */
export function normalizeSchema(schema: unknown): Json {
  if (Array.isArray(schema)) return schema.map(normalizeSchema);
  if (!isObject(schema)) return schema as Json;
  let s: Record<string, Json> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k)) continue;
    if (SCHEMA_MAPS.has(k) && isObject(v)) s[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, normalizeSchema(x)]));
    else if (SCHEMA_ONE.has(k) && (isObject(v) || typeof v === 'boolean')) s[k] = normalizeSchema(v);
    else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) s[k] = v.map(normalizeSchema);
    else if (k === 'required' && Array.isArray(v)) s[k] = [...v].map(String).sort();
    else s[k] = v;
  }
  const all = s.allOf;
  if (Array.isArray(all) && all.length === 1 && isObject(all[0]) && Object.keys(all[0]).every((k) => !(k in s) || k === 'allOf')) {
    const { allOf: _drop, ...rest } = s;
    s = { ...rest, ...all[0] };
  }
  return s;
}

export interface SchemaDifference {
  /** Dotted path from the root, e.g. `properties.threads.maximum`; '' for the root. */
  path: string;
  /** The value on each side; undefined when the key is absent there. */
  static: Json | undefined;
  runtime: Json | undefined;
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => sortKeys(x) as Json);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k]) as Json]),
  );
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: SchemaDifference[], limit: number): void {
  if (out.length >= limit || same(a, b)) return;
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], join(path, k), out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x) => isObject(x) || Array.isArray(x))) {
    a.forEach((x, i) => walk(x, b[i], join(path, i), out, limit));
    return;
  }
  out.push({ path, static: a, runtime: b });
}

/** The differences of two schemas after normalizeSchema (at most `limit`, in key order). */
export function diffSchemas(staticSchema: unknown, runtimeSchema: unknown, limit = 20): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  walk(normalizeSchema(staticSchema), normalizeSchema(runtimeSchema), '', out, limit);
  return out;
}

/** A schema value for a message: JSON, or `none` when absent. */
export function showSchemaValue(v: Json | undefined): string {
  return v === undefined ? 'none' : JSON.stringify(v);
}
