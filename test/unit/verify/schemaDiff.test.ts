// Config JSON Schemas compared as contracts: annotations and key order do not count; values do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas, normalizeSchema } from '../../../server/src/engine/verify/schemaDiff';
import { blamed, describeResolution, orderViolations, resolveLikeFloe, sameResolution } from '../../../server/src/engine/verify/dependencies';

test('annotations (title, description, examples, $comment) and key order are not differences; a property named title is', () => {
  const a = { type: 'object', title: 'A', properties: { title: { type: 'string', title: 'Title', description: 'x' } }, required: ['title'] };
  const b = { required: ['title'], properties: { title: { examples: ['t'], type: 'string' } }, type: 'object', $comment: 'c' };
  assert.deepEqual(diffSchemas(a, b), []);
  assert.deepEqual(normalizeSchema(a), { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] });
  assert.deepEqual(
    diffSchemas({ properties: { x: {} } }, { properties: { title: {} } }).map((d) => d.path),
    ['properties.title', 'properties.x'],
  );
});

test('required is a set; a $ref inside a one-element allOf is the $ref itself; defaults and enums are values', () => {
  assert.deepEqual(diffSchemas({ required: ['a', 'b'] }, { required: ['b', 'a'] }), []);
  assert.deepEqual(diffSchemas({ allOf: [{ $ref: '#/$defs/M' }], default: 'a' }, { $ref: '#/$defs/M', default: 'a' }), []);
  assert.deepEqual(diffSchemas({ properties: { n: { default: 4 } } }, { properties: { n: { default: 5 } } }), [
    { path: 'properties.n.default', static: 4, runtime: 5 },
  ]);
  assert.deepEqual(diffSchemas({ enum: ['a', 'b'] }, { enum: ['b', 'a'] }), [{ path: 'enum', static: ['a', 'b'], runtime: ['b', 'a'] }]);
});

test('differences by path, absent keys as undefined, at most the limit', () => {
  const st = { type: 'object', properties: { threads: { type: 'integer', default: 4 } }, additionalProperties: false };
  const rt = { type: 'object', properties: { threads: { type: 'integer', default: 4, maximum: 64 } } };
  assert.deepEqual(diffSchemas(st, rt), [
    { path: 'additionalProperties', static: false, runtime: undefined },
    { path: 'properties.threads.maximum', static: undefined, runtime: 64 },
  ]);
  assert.deepEqual(diffSchemas({ anyOf: [{ type: 'integer' }, { type: 'null' }] }, { anyOf: [{ type: 'number' }, { type: 'null' }] }), [
    { path: 'anyOf[0].type', static: 'integer', runtime: 'number' },
  ]);
  assert.equal(diffSchemas({ a: 1, b: 1, c: 1 }, {}, 2).length, 2);
});

test('dependency resolution as floe does it: missing first (load order), then cycles by members, else an order', () => {
  assert.deepEqual(
    resolveLikeFloe([
      { name: 'a', dependencies: ['x'] },
      { name: 'b', dependencies: ['a', 'b'] },
    ]),
    { kind: 'missing', plugin: 'a', missing: ['x'] },
  );
  const cycle = resolveLikeFloe([
    { name: 'c', dependencies: [] },
    { name: 'a', dependencies: ['b'] },
    { name: 'b', dependencies: ['a'] },
  ]);
  assert.deepEqual(cycle, { kind: 'cycle', cycle: ['a', 'b', 'a'] });
  assert.equal(describeResolution(cycle), '"Circular dependency: a -> b -> a"');
  assert.ok(sameResolution(cycle, { kind: 'cycle', cycle: ['b', 'a', 'b'] }));
  assert.deepEqual(blamed(cycle), ['a', 'b']);
  assert.deepEqual(resolveLikeFloe([{ name: 's', dependencies: ['s'] }]), { kind: 'cycle', cycle: ['s', 's'] });
  const ok = resolveLikeFloe([
    { name: 'ok', dependencies: ['good'] },
    { name: 'good', dependencies: [] },
  ]);
  assert.deepEqual(ok, { kind: 'ok', order: ['good', 'ok'] });
  assert.equal(describeResolution(ok), 'resolves');
  assert.deepEqual(orderViolations([{ name: 'ok', dependencies: ['good'] }], ['ok', 'good']), [{ name: 'ok', dependency: 'good' }]);
  assert.equal(sameResolution({ kind: 'missing', plugin: 'a', missing: ['x', 'y'] }, { kind: 'missing', plugin: 'a', missing: ['y', 'x'] }), true);
  assert.equal(sameResolution(ok, { kind: 'error', message: 'timed out' }), false);
});
