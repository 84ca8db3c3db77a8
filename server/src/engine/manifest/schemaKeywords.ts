// JSON Schema keywords grouped by the shape of their value, for code that walks a schema's
// subschemas (annotation stripping before validation, comparing two schemas as contracts).

/** Keywords whose value is a map of names to schemas. */
export const SCHEMA_MAPS: ReadonlySet<string> = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is a list of schemas. */
export const SCHEMA_LISTS: ReadonlySet<string> = new Set(['anyOf', 'allOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is one schema (`items` may also be a list, in drafts before 2020-12). */
export const SCHEMA_ONE: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
]);
/** Annotation keywords: they describe a value and never change whether it is valid. */
export const SCHEMA_ANNOTATIONS: ReadonlySet<string> = new Set(['title', 'description', 'examples', '$comment']);
