// Walking a JSON Schema by a config path (for hover and completion): local `$ref`s, Optional
// unions (`anyOf: [X, null]`) and `allOf` wrappers are looked through.
import type { Segment } from './ajvErrors';
import { DECLARED_TYPE, LAX_BOOL_STRING, LAX_FLOAT_STRING, LAX_INT_STRING, declaredType } from '../python/pydanticLax';

const LAX_PATTERNS = new Set([LAX_INT_STRING, LAX_FLOAT_STRING, LAX_BOOL_STRING]);

export type Schema = Record<string, unknown>;
const MAX_STEPS = 32;

function isObj(x: unknown): x is Schema {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function resolveRef(root: Schema, s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < MAX_STEPS && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#')) return cur;
    let target: unknown = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const k = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObj(target) ? target[k] : undefined;
    }
    if (!isObj(target)) return cur;
    const { $ref: _ignored, ...siblings } = cur;
    cur = { ...target, ...siblings };
  }
  return cur;
}

/** The schema with refs resolved and a single non-null union branch / single allOf unwrapped. */
export function simplify(root: Schema, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && i < MAX_STEPS; i++) {
    cur = resolveRef(root, cur);
    const union = (cur.anyOf ?? cur.oneOf) as unknown;
    if (Array.isArray(union)) {
      const branches = union.filter(isObj).filter((b) => b.type !== 'null');
      if (branches.length === 1) {
        const { anyOf: _a, oneOf: _o, ...outer } = cur;
        cur = { ...resolveRef(root, branches[0]), ...outer };
        continue;
      }
    }
    if (Array.isArray(cur.allOf) && cur.allOf.length === 1 && isObj(cur.allOf[0])) {
      const { allOf, ...outer } = cur;
      cur = { ...resolveRef(root, allOf[0] as Schema), ...outer };
      continue;
    }
    return cur;
  }
  return cur;
}

export function propertiesOf(root: Schema, s: Schema | undefined): { props: Record<string, Schema>; required: string[] } {
  const x = simplify(root, s);
  const props: Record<string, Schema> = {};
  const required: string[] = [];
  if (!x) return { props, required };
  if (isObj(x.properties)) for (const [k, v] of Object.entries(x.properties)) if (isObj(v)) props[k] = v;
  if (Array.isArray(x.required)) required.push(...x.required.map(String));
  return { props, required };
}

/** The sub-schema at a config path, or undefined when the schema does not describe it. */
export function schemaAt(root: Schema, segs: readonly Segment[]): Schema | undefined {
  let cur: Schema | undefined = root;
  for (const s of segs) {
    const x = simplify(root, cur);
    if (!x) return undefined;
    if (typeof s === 'number') {
      if (Array.isArray(x.prefixItems) && isObj(x.prefixItems[s])) cur = x.prefixItems[s] as Schema;
      else if (isObj(x.items)) cur = x.items;
      else return undefined;
      continue;
    }
    const { props } = propertiesOf(root, x);
    if (props[s]) cur = props[s];
    else if (isObj(x.additionalProperties)) cur = x.additionalProperties;
    else return undefined;
  }
  return cur;
}

const PYTHON_TYPES: Record<string, string> = { integer: 'int', number: 'float', boolean: 'bool', string: 'str', null: 'None', array: 'list', object: 'dict' };

/**
 * The type as the model declares it, in Python's words: `int`, `str | None`, `Literal["a", "b"]`,
 * `list[str]`, `dict[str, int]`, `Nested` (a model by its name). A lax-widened subschema is its
 * declared type (`int`, not `integer | string | boolean`).
 */
export function describeType(root: Schema, s: Schema | undefined, depth = 0): string {
  if (!s || depth > 4) return 'Any';
  const r = resolveRef(root, s);
  if (Array.isArray(r.enum)) return `Literal[${r.enum.map((v) => JSON.stringify(v)).join(', ')}]`;
  if ('const' in r) return `Literal[${JSON.stringify(r.const)}]`;
  const union = (r.anyOf ?? r.oneOf) as unknown;
  if (Array.isArray(union)) return [...new Set(union.filter(isObj).map((b) => describeType(root, b, depth + 1)))].join(' | ');
  if (Array.isArray(r.allOf) && r.allOf.length === 1 && isObj(r.allOf[0])) return describeType(root, r.allOf[0], depth + 1);
  const declared = r[DECLARED_TYPE];
  if (typeof declared === 'string') return PYTHON_TYPES[declared] ?? declared;
  const t = r.type;
  if (Array.isArray(t)) return t.map((x) => PYTHON_TYPES[String(x)] ?? String(x)).join(' | ');
  if (t === 'array') return `list[${describeType(root, isObj(r.items) ? r.items : undefined, depth + 1)}]`;
  if (t === 'object' && typeof r.title === 'string' && isObj(r.properties)) return r.title;
  if (t === 'object' && isObj(r.additionalProperties)) return `dict[str, ${describeType(root, r.additionalProperties, depth + 1)}]`;
  if (typeof t === 'string') return PYTHON_TYPES[t] ?? t;
  return 'Any';
}

/**
 * What a value must be besides its type, in plain terms: `1 ≤ x ≤ 64`, `x > 0`, `1 ≤ len ≤ 63`,
 * a pattern. What lax-mode widening adds (its patterns, a boolean's 0..1) is not the model's and is
 * left out.
 */
export function describeConstraints(root: Schema, s: Schema | undefined): string[] {
  const x = s ? simplify(root, s) : undefined;
  if (!x) return [];
  const out: string[] = [];
  const num = (v: unknown) => (typeof v === 'number' ? String(v) : undefined);
  if (declaredType(x) !== 'boolean') {
    const lo = num(x.minimum) ? `${num(x.minimum)} ≤ ` : num(x.exclusiveMinimum) ? `${num(x.exclusiveMinimum)} < ` : '';
    const hi = num(x.maximum) ? ` ≤ ${num(x.maximum)}` : num(x.exclusiveMaximum) ? ` < ${num(x.exclusiveMaximum)}` : '';
    if (lo && hi) out.push(`${lo}x${hi}`);
    else if (lo) out.push(`x ${lo.includes('<') ? '>' : '≥'} ${lo.split(' ')[0]}`);
    else if (hi) out.push(`x${hi}`);
    if (num(x.multipleOf)) out.push(`a multiple of ${num(x.multipleOf)}`);
  }
  const minL = num(x.minLength),
    maxL = num(x.maxLength);
  if (minL && maxL) out.push(`${minL} ≤ len ≤ ${maxL}`);
  else if (minL) out.push(`len ≥ ${minL}`);
  else if (maxL) out.push(`len ≤ ${maxL}`);
  const minI = num(x.minItems),
    maxI = num(x.maxItems);
  if (minI && maxI) out.push(`${minI} ≤ items ≤ ${maxI}`);
  else if (minI) out.push(`at least ${minI} item${minI === '1' ? '' : 's'}`);
  else if (maxI) out.push(`at most ${maxI} items`);
  if (typeof x.pattern === 'string' && !LAX_PATTERNS.has(x.pattern)) out.push(`matches \`${x.pattern}\``);
  if (typeof x.format === 'string') out.push(`format: ${x.format}`);
  return out;
}

/**
 * Fill in defaults ajv leaves out: those inside Optional unions (`anyOf: [{$ref: Model}, null]`),
 * as Pydantic applies them. Mutates `value`; only objects and lists are walked.
 */
export function applyNestedDefaults(root: Schema, s: Schema | undefined, value: unknown, depth = 0): void {
  if (depth > MAX_STEPS || value === null || typeof value !== 'object') return;
  const x = simplify(root, s);
  if (!x) return;
  if (Array.isArray(value)) {
    const items = isObj(x.items) ? x.items : undefined;
    if (items) for (const v of value) applyNestedDefaults(root, items, v, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const { props } = propertiesOf(root, x);
  for (const [k, ps] of Object.entries(props)) {
    if (!(k in obj)) {
      const d = 'default' in ps ? ps.default : simplify(root, ps)?.default;
      if (d !== undefined) obj[k] = structuredClone(d);
    } else applyNestedDefaults(root, ps, obj[k], depth + 1);
  }
}
