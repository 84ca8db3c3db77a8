// A config that validates, built from a config model's JSON Schema: the required fields, each
// with a value of its type that meets its constraints (nested models recursively); the model's
// defaults fill in the rest when it validates. Values are placeholders the author replaces.

type Schema = Record<string, unknown>;
const MAX_DEPTH = 8;

function isObject(v: unknown): v is Schema {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function resolve(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let at: unknown = root;
  for (const part of ref.slice(2).split('/')) at = isObject(at) ? at[part] : undefined;
  return isObject(at) ? { ...at, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) } : s;
}

function types(s: Schema): string[] {
  const t = s.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function sampleString(s: Schema): string {
  const format = typeof s.format === 'string' ? s.format : '';
  const pattern = typeof s.pattern === 'string' ? s.pattern : '';
  let v = 'example';
  if (/uri|url/.test(format) || /https?/.test(pattern)) v = 'https://example.invalid';
  else if (format === 'email') v = 'floe@example.invalid';
  else if (format === 'date-time') v = '2024-01-01T00:00:00Z';
  else if (format === 'date') v = '2024-01-01';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  if (v.length < min) v = v.padEnd(min, 'x');
  if (v.length > max) v = v.slice(0, Math.max(max, 0));
  return v;
}

function sampleNumber(s: Schema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let v = 1;
  if (typeof s.minimum === 'number') v = Math.max(v, s.minimum);
  if (typeof s.exclusiveMinimum === 'number') v = Math.max(v, s.exclusiveMinimum + step);
  if (typeof s.maximum === 'number') v = Math.min(v, s.maximum);
  if (typeof s.exclusiveMaximum === 'number') v = Math.min(v, s.exclusiveMaximum - step);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) v = Math.ceil(v / s.multipleOf) * s.multipleOf;
  return integer ? Math.ceil(v) : v;
}

/** A value the schema accepts (best effort; `undefined` when none can be made up). */
export function sampleValue(schema: unknown, root: Schema, depth = 0): unknown {
  if (!isObject(schema) || depth > MAX_DEPTH) return undefined;
  const s = resolve(schema, root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if ('default' in s) return s.default;
  for (const key of ['anyOf', 'oneOf']) {
    const options = s[key];
    if (!Array.isArray(options)) continue;
    const nonNull = options.filter((o) => !(isObject(o) && o.type === 'null'));
    for (const o of [...nonNull, ...options]) {
      const v = sampleValue(o, root, depth + 1);
      if (v !== undefined) return v;
    }
  }
  if (Array.isArray(s.allOf)) return sampleValue(Object.assign({}, ...s.allOf.filter(isObject).map((x) => resolve(x, root))), root, depth + 1);
  const t = types(s);
  if (t.includes('object') || isObject(s.properties)) return sampleObject(s, root, depth);
  if (t.includes('string')) return sampleString(s);
  if (t.includes('integer')) return sampleNumber(s, true);
  if (t.includes('number')) return sampleNumber(s, false);
  if (t.includes('boolean')) return false;
  if (t.includes('array')) {
    const n = typeof s.minItems === 'number' ? s.minItems : 0;
    const item = sampleValue(s.items, root, depth + 1);
    return Array.from({ length: n }, () => item);
  }
  if (t.includes('null')) return null;
  return undefined;
}

function sampleObject(s: Schema, root: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = isObject(s.properties) ? s.properties : {};
  for (const name of Array.isArray(s.required) ? s.required.map(String) : []) {
    const v = sampleValue(props[name], root, depth + 1);
    out[name] = v === undefined ? 'example' : v;
  }
  return out;
}

/** The config of a model's schema: its required fields with made-up valid values. */
export function sampleConfig(schema: Record<string, unknown>): Record<string, unknown> {
  return sampleObject(schema, schema, 0);
}
