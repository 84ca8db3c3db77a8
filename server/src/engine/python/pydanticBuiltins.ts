// Pydantic constraint keywords (Field / con* / annotated_types) and the schemas of the names
// Pydantic knows (builtins, typing, pydantic types), for pydanticTypes.ts.
import type { ModuleFacts } from './moduleFacts';
import type { LiteralResult } from './pyLiteral';
import { nodeText, stringValue, type SyntaxNode } from './syntax';

export type Schema = Record<string, unknown>;

/** What constraint translation needs from the translator. */
export interface ConstraintHost {
  openNote(path: string, reason: string): void;
  literal(mod: ModuleFacts, n: SyntaxNode): LiteralResult;
}

export interface ConstraintConfig {
  strTransform?: boolean;
}

/** JS regex from a Python one, or undefined when it cannot be carried over. */
export function jsPattern(py: string): string | undefined {
  let s = py.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  s = s.replace(/\\A/g, '^').replace(/\\Z/g, '$');
  if (/\(\?[aiLmsux]+[):]/.test(s)) return undefined;
  try {
    new RegExp(s, 'u');
    return s;
  } catch {
    return undefined;
  }
}

/** A pattern argument: a string literal or a module constant holding one. */
function patternText(t: ConstraintHost, mod: ModuleFacts, n: SyntaxNode): string | undefined {
  const direct = stringValue(mod.parsed, n);
  if (direct !== undefined) return direct;
  const v = t.literal(mod, n);
  return v.ok && typeof v.value === 'string' ? v.value : undefined;
}

export function applyConstraints(
  t: ConstraintHost,
  mod: ModuleFacts,
  schema: Schema,
  kw: Map<string, SyntaxNode>,
  path: string,
  cfg: ConstraintConfig,
): Schema {
  const num = (k: string): number | undefined => {
    const n = kw.get(k);
    if (!n) return undefined;
    const v = t.literal(mod, n);
    if (v.ok && typeof v.value === 'number') return v.value;
    if (!(v.ok && v.value === null)) t.openNote(path, `${k}=${nodeText(mod.parsed, n).slice(0, 30)} not known statically`);
    return undefined;
  };
  const c = {
    ge: num('ge'),
    gt: num('gt'),
    le: num('le'),
    lt: num('lt'),
    multipleOf: num('multiple_of'),
    minLength: num('min_length'),
    maxLength: num('max_length'),
    pattern: kw.get('pattern') ? patternText(t, mod, kw.get('pattern')!) : undefined,
  };
  if (kw.get('pattern') && c.pattern === undefined) t.openNote(path, 'pattern not known statically');
  const apply = (s: Schema): void => {
    if (Array.isArray(s.anyOf)) {
      for (const b of s.anyOf as Schema[]) apply(b);
      return;
    }
    if (Array.isArray(s.allOf)) return;
    const type = s.type;
    if (type === 'integer' || type === 'number') {
      if (c.ge !== undefined) s.minimum = c.ge;
      if (c.gt !== undefined) s.exclusiveMinimum = c.gt;
      if (c.le !== undefined) s.maximum = c.le;
      if (c.lt !== undefined) s.exclusiveMaximum = c.lt;
      if (c.multipleOf !== undefined) s.multipleOf = c.multipleOf;
    } else if (type === 'string' && s.enum === undefined && s.const === undefined) {
      if (cfg.strTransform && (c.minLength !== undefined || c.maxLength !== undefined || c.pattern !== undefined)) {
        t.openNote(path, 'str_* transformations apply first: length/pattern not checked');
        return;
      }
      if (c.minLength !== undefined) s.minLength = c.minLength;
      if (c.maxLength !== undefined) s.maxLength = c.maxLength;
      if (c.pattern !== undefined) {
        const js = jsPattern(c.pattern);
        if (js !== undefined) s.pattern = js;
        else t.openNote(path, `pattern '${c.pattern}' cannot be checked with a JavaScript regex`);
      }
    } else if (type === 'array') {
      if (c.minLength !== undefined) s.minItems = c.minLength;
      if (c.maxLength !== undefined) s.maxItems = c.maxLength;
    } else if (type === 'object') {
      if (c.minLength !== undefined) s.minProperties = c.minLength;
      if (c.maxLength !== undefined) s.maxProperties = c.maxLength;
    }
  };
  apply(schema);
  return schema;
}

/** What Pydantic's HttpUrl / AnyHttpUrl take at the least: an http(s) scheme and something after it. */
export const HTTP_URL_PATTERN = '^\\s*[Hh][Tt][Tt][Pp][Ss]?://\\S';

/** Schemas of names Pydantic knows (builtins, typing, pydantic types). */
export function builtinSchema(name: string): { schema: Schema; strict?: boolean } | undefined {
  switch (name) {
    case 'str':
      return { schema: { type: 'string' } };
    case 'StrictStr':
      return { schema: { type: 'string' }, strict: true };
    case 'int':
      return { schema: { type: 'integer' } };
    case 'StrictInt':
      return { schema: { type: 'integer' }, strict: true };
    case 'PositiveInt':
      return { schema: { type: 'integer', exclusiveMinimum: 0 } };
    case 'NegativeInt':
      return { schema: { type: 'integer', exclusiveMaximum: 0 } };
    case 'NonNegativeInt':
      return { schema: { type: 'integer', minimum: 0 } };
    case 'NonPositiveInt':
      return { schema: { type: 'integer', maximum: 0 } };
    case 'float':
    case 'FiniteFloat':
      return { schema: { type: 'number' } };
    case 'StrictFloat':
      return { schema: { type: 'number' }, strict: true };
    case 'PositiveFloat':
      return { schema: { type: 'number', exclusiveMinimum: 0 } };
    case 'NegativeFloat':
      return { schema: { type: 'number', exclusiveMaximum: 0 } };
    case 'NonNegativeFloat':
      return { schema: { type: 'number', minimum: 0 } };
    case 'NonPositiveFloat':
      return { schema: { type: 'number', maximum: 0 } };
    case 'bool':
      return { schema: { type: 'boolean' } };
    case 'StrictBool':
      return { schema: { type: 'boolean' }, strict: true };
    case 'bytes':
    case 'StrictBytes':
      return { schema: { type: 'string' } };
    case 'None':
    case 'NoneType':
      return { schema: { type: 'null' } };
    case 'Any':
    case 'object':
      return { schema: {} };
    case 'dict':
    case 'Dict':
    case 'Mapping':
    case 'MutableMapping':
      return { schema: { type: 'object' } };
    case 'list':
    case 'List':
    case 'Sequence':
    case 'tuple':
    case 'Tuple':
      return { schema: { type: 'array' } };
    case 'set':
    case 'Set':
    case 'frozenset':
    case 'FrozenSet':
      return { schema: { type: 'array', uniqueItems: true } };
    case 'SecretStr':
    case 'SecretBytes':
      return { schema: { type: 'string', writeOnly: true } };
    case 'Path':
    case 'PurePath':
    case 'PosixPath':
    case 'WindowsPath':
    case 'FilePath':
    case 'DirectoryPath':
    case 'NewPath':
      return { schema: { type: 'string' } };
    case 'EmailStr':
    case 'NameEmail':
    case 'UUID':
    case 'UUID1':
    case 'UUID3':
    case 'UUID4':
    case 'UUID5':
    case 'IPv4Address':
    case 'IPv6Address':
    case 'IPvAnyAddress':
    case 'IPvAnyNetwork':
    case 'IPvAnyInterface':
      return { schema: { type: 'string' } };
    case 'datetime':
    case 'date':
    case 'time':
    case 'timedelta':
    case 'AwareDatetime':
    case 'NaiveDatetime':
    case 'PastDatetime':
    case 'FutureDatetime':
    case 'PastDate':
    case 'FutureDate':
    case 'Decimal':
      return { schema: { type: ['string', 'number'] } };
    case 'HttpUrl':
    case 'AnyHttpUrl':
      return { schema: { type: 'string', minLength: 1, pattern: HTTP_URL_PATTERN } };
    default:
      if (/(Url|Dsn)$/.test(name)) return { schema: { type: 'string', minLength: 1 } };
      return undefined;
  }
}
