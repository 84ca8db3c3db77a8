import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema, validateConfig } from '../../../server/src/engine/manifest/configValidation';

const SCHEMA = {
  title: 'Cfg',
  type: 'object',
  additionalProperties: false,
  required: ['uri'],
  properties: {
    uri: { type: 'string', format: 'uri' },
    threads: { anyOf: [{ type: 'integer', maximum: 64 }, { type: 'null' }], default: 4 },
    mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
    nested: { anyOf: [{ $ref: '#/$defs/N' }, { type: 'null' }], default: null },
    items: { type: 'array', items: { $ref: '#/$defs/N' } },
    kind: { anyOf: [{ const: 'x' }, { const: 'y' }] },
    home: { type: 'string', format: 'path' },
  },
  $defs: { N: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'string', default: 'yy' } }, required: ['x'], additionalProperties: false } },
};

test('validateConfig: ok with defaults applied (nested too), input not mutated', () => {
  const input = { uri: 'http://a', nested: { x: 1 }, items: [{ x: 2 }], home: 'relative/p' };
  const r = validateConfig(SCHEMA, input);
  assert.deepEqual(r, {
    ok: true,
    value: { uri: 'http://a', nested: { x: 1, y: 'yy' }, items: [{ x: 2, y: 'yy' }], home: 'relative/p', threads: 4, mode: 'a' },
  });
  assert.deepEqual(input, { uri: 'http://a', nested: { x: 1 }, items: [{ x: 2 }], home: 'relative/p' });
  assert.deepEqual(validateConfig(SCHEMA, undefined), {
    ok: false,
    errors: [{ path: 'uri', message: 'config: missing required key "uri"', keyword: 'required' }],
  });
});

test('validateConfig: field paths and messages for every rule, unions resolved to the specific branch, deduplicated', () => {
  const r = validateConfig(SCHEMA, { uri: 'not a uri', threads: 65, mode: 'c', trheads: 1, nested: { x: 'one' }, items: [{ x: 1 }, { z: 1 }], kind: 'z' });
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.errors, [
    { path: 'trheads', message: 'config: unknown key "trheads" (did you mean "threads"?)', keyword: 'additionalProperties' },
    { path: 'uri', message: 'uri: must be a valid uri (got "not a uri")', keyword: 'format' },
    { path: 'threads', message: 'threads: must be ≤ 64 (got 65)', keyword: 'maximum' },
    { path: 'mode', message: 'mode: must be one of "a", "b" (got "c")', keyword: 'enum' },
    { path: 'nested.x', message: 'nested.x: expected an integer (got "one")', keyword: 'type' },
    { path: 'items[1].x', message: 'items[1]: missing required key "x"', keyword: 'required' },
    { path: 'items[1].z', message: 'items[1]: unknown key "z"', keyword: 'additionalProperties' },
    { path: 'kind', message: 'kind: must be one of "x", "y" (got "z")', keyword: 'anyOf' },
  ]);
});

test('validateConfig: type errors name the value; Optional union lists both types', () => {
  const r = validateConfig(SCHEMA, { uri: 5, threads: 'eight', nested: [] });
  assert.deepEqual(!r.ok && r.errors.map((e) => e.message), [
    'uri: expected a string (got 5)',
    'threads: expected an integer or null (got "eight")',
    'nested: expected a mapping or null (got a list)',
  ]);
});

test('compiled validators are cached by schema text; draft-07 tuple items and 2020-12 $schema both compile', () => {
  const a = compileSchema(JSON.parse(JSON.stringify(SCHEMA)));
  const b = compileSchema(JSON.parse(JSON.stringify(SCHEMA)));
  assert.ok(a.validate);
  assert.equal(a, b);
  const tuple = compileSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }] });
  assert.ok(tuple.validate);
  const t2020 = compileSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:x', type: 'array', prefixItems: [{ type: 'string' }] });
  assert.ok(t2020.validate);
  assert.equal(t2020.validate!([1]), false);
  const again = compileSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:x', type: 'array', prefixItems: [{ type: 'integer' }] });
  assert.ok(again.validate, 'the same $id twice does not clash');
  const broken = validateConfig({ type: 'object', properties: { a: { $ref: '#/nope' } } }, {});
  assert.equal(broken.ok, false);
  assert.match(!broken.ok ? broken.errors[0].message : '', /^the schema cannot be used/);
});
