// Config validation with ajv: compiled validators cached by the schema's JSON text, defaults
// applied on a clone, errors as short field-path messages. The registry's
// `configure()` mirror uses `validateConfig`; the manifest analysis uses `validateDetailed`.
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as semver from 'semver';
import { toConfigErrors, type ConfigError } from './ajvErrors';
import { applyNestedDefaults } from './schemaNav';
import { DECLARED_TYPE } from '../python/pydanticLax';
import { SCHEMA_ANNOTATIONS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE } from './schemaKeywords';
import type { PluginSchema } from './types';

export type { ConfigError } from './ajvErrors';

export type ValidateConfigResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; errors: Array<{ path: string; message: string; keyword: string }> };

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
type Draft = '07' | '2019' | '2020';

// Formats Pydantic emits that ajv-formats does not know: accepted as-is (Pydantic checks them itself).
const LENIENT_FORMATS = [
  'path',
  'file-path',
  'directory-path',
  'new-path',
  'password',
  'binary',
  'multi-host-uri',
  'json-string',
  'secret',
  'any-url',
  'http-url',
  'name-email',
  'color',
  'payment-card-number',
];

const instances = new Map<string, AnyAjv>();
/**
 * `checkSchema`: validate each schema against its draft's meta-schema first (compiling the
 * meta-schema costs tens of milliseconds, once): for schemas a person wrote. Schemas the engine
 * translated, or Pydantic exported, are well-formed by construction and skip it.
 */
function ajvFor(draft: Draft, checkSchema: boolean): AnyAjv {
  const key = `${draft}:${checkSchema}`;
  let a = instances.get(key);
  if (!a) {
    const opts = {
      allErrors: true,
      strict: false,
      useDefaults: true,
      verbose: true,
      logger: false as const,
      validateFormats: true,
      validateSchema: checkSchema,
    };
    a = draft === '2020' ? new Ajv2020(opts) : draft === '2019' ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(a as Ajv);
    for (const f of LENIENT_FORMATS) a.addFormat(f, true);
    a.addFormat('semver', { type: 'string', validate: (s: string) => semver.valid(s) !== null });
    // What a widened subschema's model declares: an annotation, never a validation rule.
    a.addKeyword(DECLARED_TYPE);
    instances.set(key, a);
  }
  return a;
}

export interface CompiledSchema {
  validate?: ValidateFunction;
  error?: string;
}

const MAX_CACHE = 200;
const byText = new Map<string, CompiledSchema>();
const byObjectOwn = new WeakMap<object, CompiledSchema>();
const byObjectChecked = new WeakMap<object, CompiledSchema>();

function draftOf(schema: Record<string, unknown>): Draft[] {
  const s = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (s.includes('2020-12')) return ['2020'];
  if (s.includes('2019-09')) return ['2019'];
  if (s.includes('draft-07') || s.includes('draft-06') || s.includes('draft-04')) return ['07'];
  // Pydantic emits 2020-12 style without `$schema`; tuple `items: [...]` needs draft 07.
  return ['2020', '07'];
}

const ANNOTATIONS = new Set([...SCHEMA_ANNOTATIONS, DECLARED_TYPE]);

/**
 * The schema without annotations (title, description, examples): they never change what
 * validates, so models that differ only in them share one compiled validator.
 */
function withoutAnnotations(s: unknown): unknown {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
    if (ANNOTATIONS.has(k)) continue;
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([n, x]) => [n, withoutAnnotations(x)]));
    } else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(withoutAnnotations);
    else if (SCHEMA_ONE.has(k)) out[k] = Array.isArray(v) ? v.map(withoutAnnotations) : withoutAnnotations(v);
    else out[k] = v;
  }
  return out;
}

/**
 * Compile (or reuse) a validator for a JSON Schema. Never throws: a broken schema gives `error`.
 * `checkSchema`: a schema a person wrote (a plugin's schema file), checked against its meta-schema.
 */
export function compileSchema(schema: Record<string, unknown>, checkSchema = false): CompiledSchema {
  const byObject = checkSchema ? byObjectChecked : byObjectOwn;
  const hit = byObject.get(schema);
  if (hit) return hit;
  let text: string;
  try {
    text = JSON.stringify(withoutAnnotations(schema));
  } catch (e) {
    return { error: `schema is not JSON: ${(e as Error).message}` };
  }
  const key = checkSchema ? `checked:${text}` : text;
  let c = byText.get(key);
  if (!c) {
    const clone = JSON.parse(text) as Record<string, unknown>;
    // The same `$id` compiled twice would clash in ajv's registry; refs are local (`#/$defs/...`).
    delete clone.$id;
    delete clone.$schema;
    let error = '';
    for (const d of draftOf(schema)) {
      try {
        c = { validate: ajvFor(d, checkSchema).compile(clone) };
        break;
      } catch (e) {
        error ||= (e as Error).message;
      }
    }
    c ??= { error: `the schema cannot be used: ${error}` };
    if (byText.size >= MAX_CACHE) byText.delete(byText.keys().next().value as string);
    byText.set(key, c);
  }
  byObject.set(schema, c);
  return c;
}

export interface DetailedResult {
  /** The validated clone with defaults applied (also when invalid, for display). */
  value: unknown;
  errors: ConfigError[];
  /** Set when the schema itself could not be compiled (nothing was validated). */
  schemaError?: string;
}

/** Validate a clone of `data` (`clone=false`: in place, for schemas without defaults); messages use `rootLabel` for the top level (e.g. `config`). */
export function validateDetailed(schema: Record<string, unknown>, data: unknown, rootLabel = 'config', clone = true, checkSchema = false): DetailedResult {
  const value = data === undefined || !clone ? data : structuredClone(data);
  const c = compileSchema(schema, checkSchema);
  if (!c.validate) return { value, errors: [], schemaError: c.error };
  let ok: boolean;
  try {
    ok = c.validate(value) as boolean;
  } catch (e) {
    return { value, errors: [], schemaError: `validation failed: ${(e as Error).message}` };
  }
  const errors = ok ? [] : toConfigErrors(c.validate.errors ?? [], value, rootLabel);
  if (clone) {
    try {
      applyNestedDefaults(schema, schema, value);
    } catch {
      /* defaults are best effort */
    }
  }
  return { value, errors };
}

/** A plugin's config validated against its schema (a clone, defaults applied); a schema file someone wrote is checked against its meta-schema first. */
export function validatePluginConfig(schema: PluginSchema, config: unknown): DetailedResult {
  return validateDetailed(schema.schema, config, 'config', true, schema.source === 'schema-file');
}

/**
 * Mirror of the registry's `configure()` validation: `{ ok, value }` with defaults applied, or
 * the field-level errors (`path` like `threads` / `nested.x`).
 */
export function validateConfig(schema: Record<string, unknown>, config: unknown): ValidateConfigResult {
  // Any schema may be registered: checked against its meta-schema.
  const r = validateDetailed(schema, config ?? {}, 'config', true, true);
  if (r.schemaError) return { ok: false, errors: [{ path: '', message: r.schemaError, keyword: 'schema' }] };
  if (r.errors.length) return { ok: false, errors: r.errors.map(({ path, message, keyword }) => ({ path, message, keyword })) };
  return { ok: true, value: r.value as Record<string, unknown> };
}
