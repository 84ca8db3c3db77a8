// Pydantic 2 validates in "lax" mode by default: ints accept numeric strings and bools, floats
// accept numeric strings, bools accept 0/1 and words like "yes"/"off", sets drop duplicates.
// A plain JSON Schema (as model_json_schema() prints it) is stricter than that, so validating a
// YAML config with it gives false errors. `laxenSchema` widens such a schema to what Pydantic
// actually accepts, using only standard keywords (pattern applies to strings only,
// minimum/maximum to numbers only).

/** Strings Pydantic's int accepts: `8`, ` +8 `, `1_000`, `8.00`. */
export const LAX_INT_STRING = '^\\s*[+-]?\\d+(_\\d+)*(\\.0+)?\\s*$';
/** Strings Pydantic's float accepts: `1.5`, `.5`, `1.`, `1e3`, `1_000.5`, `inf`, `-Infinity`, `nan`. */
export const LAX_FLOAT_STRING =
  '^\\s*[+-]?(((\\d+(_\\d+)*)(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+(_\\d+)*)?|[iI][nN][fF]([iI][nN][iI][tT][yY])?|[nN][aA][nN])\\s*$';
/** Strings Pydantic's bool accepts (case-insensitive). */
export const LAX_BOOL_STRING = '^([tT][rR][uU][eE]|[fF][aA][lL][sS][eE]|[yY][eE][sS]|[nN][oO]|[oO][nN]|[oO][fF][fF]|[tTfFyYnN]|1|0)$';

type Schema = Record<string, unknown>;

/**
 * Set on each widened subschema: the type the model declares (`integer`, `number`, `boolean`), so
 * messages and hovers speak of that type rather than the widened union. An annotation keyword: it
 * never changes what validates.
 */
export const DECLARED_TYPE = 'x-declared-type';

/** The type a subschema's model declares: the widened one's original, else its own single type. */
export function declaredType(s: unknown): string | undefined {
  const o = s as Schema | undefined;
  const d = o?.[DECLARED_TYPE];
  if (typeof d === 'string') return d;
  return typeof o?.type === 'string' ? o.type : undefined;
}

/**
 * Widen a schema (in place, returns it) to Pydantic's lax-mode acceptance. `skip` holds
 * subschemas that are strict (StrictInt, Field(strict=True), ConfigDict(strict=True)).
 */
export function laxenSchema<T extends Schema>(schema: T, skip?: WeakSet<object>): T {
  walk(schema, skip);
  return schema;
}

function walk(s: unknown, skip?: WeakSet<object>): void {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return;
  const o = s as Schema;
  if (!skip?.has(o) && o.enum === undefined && o.const === undefined) {
    if (o.type === 'integer' || o.type === 'number' || o.type === 'boolean') o[DECLARED_TYPE] = o.type;
    if (o.type === 'integer') {
      o.type = ['integer', 'string', 'boolean'];
      o.pattern = LAX_INT_STRING;
    } else if (o.type === 'number') {
      o.type = ['number', 'string', 'boolean'];
      o.pattern = LAX_FLOAT_STRING;
    } else if (o.type === 'boolean') {
      o.type = ['boolean', 'integer', 'string'];
      o.minimum = 0;
      o.maximum = 1;
      o.pattern = LAX_BOOL_STRING;
    }
    if (o.type === 'array' && o.uniqueItems === true) delete o.uniqueItems;
  }
  for (const k of ['items', 'additionalProperties', 'not', 'contains', 'propertyNames']) walk(o[k], skip);
  for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (Array.isArray(o[k])) for (const x of o[k] as unknown[]) walk(x, skip);
  if (Array.isArray(o.items)) for (const x of o.items) walk(x, skip);
  for (const k of ['properties', '$defs', 'definitions', 'patternProperties']) {
    const m = o[k];
    if (m && typeof m === 'object') for (const x of Object.values(m as Schema)) walk(x, skip);
  }
}
