import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDependencies } from '../../../server/src/engine/registry/dependencyGraph';

test('orders dependencies first, ties broken by name (Kahn)', () => {
  const r = analyzeDependencies([
    { name: 'c', dependencies: ['a'] },
    { name: 'b', dependencies: [] },
    { name: 'a', dependencies: [] },
    { name: 'd', dependencies: ['c', 'b'] },
  ]);
  assert.deepEqual(r.order, ['a', 'b', 'c', 'd']);
  assert.deepEqual(r.cycles, []);
  assert.deepEqual(r.missing, []);
});

test('reports a three-member cycle as a closed path from its smallest member', () => {
  const r = analyzeDependencies([
    { name: 'b', dependencies: ['c'] },
    { name: 'c', dependencies: ['a'] },
    { name: 'a', dependencies: ['b'] },
    { name: 'z', dependencies: [] },
    { name: 'y', dependencies: ['a'] },
  ]);
  assert.deepEqual(r.cycles, [['a', 'b', 'c', 'a']]);
  // Members of the cycle and what depends on them cannot be ordered.
  assert.deepEqual(r.order, ['z']);
});

test('reports a self dependency and missing dependencies', () => {
  const r = analyzeDependencies([{ name: 'a', dependencies: ['a', 'ghost'] }]);
  assert.deepEqual(r.cycles, [['a', 'a']]);
  assert.deepEqual(r.missing, [{ name: 'a', dependency: 'ghost' }]);
});

test('a long chain does not overflow the stack', () => {
  const nodes = Array.from({ length: 20000 }, (_, i) => ({
    name: `n${String(i).padStart(5, '0')}`,
    dependencies: i ? [`n${String(i - 1).padStart(5, '0')}`] : [],
  }));
  const r = analyzeDependencies(nodes);
  assert.equal(r.order.length, 20000);
  assert.equal(r.order[0], 'n00000');
  assert.equal(r.order[19999], 'n19999');
});
