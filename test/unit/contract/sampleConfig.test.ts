// A valid config from a config model's JSON Schema: required fields only, values meeting the
// constraints, nested models through $ref, optional unions picking a non-null branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleConfig } from '../../../server/src/engine/contract/sampleConfig';
import { pyRepr } from '../../../server/src/engine/contract/generate';

test('required fields get values of their type within their constraints; optional fields are left to the defaults', () => {
  const schema = {
    type: 'object',
    properties: {
      warehouse: { type: 'string' },
      uri: { type: 'string', pattern: '^https?://' },
      code: { type: 'string', minLength: 12 },
      threads: { type: 'integer', minimum: 2, maximum: 64 },
      ratio: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
      mode: { enum: ['a', 'b'] },
      flag: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
      port: { type: 'integer', default: 5432 },
      auth: { $ref: '#/$defs/Auth' },
      maybe: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 3 }] },
    },
    required: ['warehouse', 'uri', 'code', 'threads', 'ratio', 'mode', 'flag', 'tags', 'auth', 'maybe'],
    $defs: { Auth: { type: 'object', properties: { client_id: { type: 'string' }, scope: { type: 'string', default: 'all' } }, required: ['client_id'] } },
  };
  const c = sampleConfig(schema);
  assert.deepEqual(c, {
    warehouse: 'example',
    uri: 'https://example.invalid',
    code: 'examplexxxxx',
    threads: 2,
    ratio: 0.5,
    mode: 'a',
    flag: false,
    tags: ['example'],
    auth: { client_id: 'example' },
    maybe: 3,
  });
  assert.equal(
    pyRepr(c),
    '{"warehouse": "example", "uri": "https://example.invalid", "code": "examplexxxxx", "threads": 2, "ratio": 0.5, "mode": "a", "flag": False, "tags": ["example"], "auth": {"client_id": "example"}, "maybe": 3}',
  );
  assert.deepEqual(sampleConfig({ type: 'object', properties: { n: { type: 'integer' } } }), {});
  assert.equal(pyRepr({ a: null, b: [true] }), '{"a": None, "b": [True]}');
});
