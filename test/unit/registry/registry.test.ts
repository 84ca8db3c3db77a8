// The registry API against the contract's acceptance scenarios (User Stories 2, 3, 4 and 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginRegistry } from '../../../server/src/engine/registry/registry';
import {
  CircularDependencyError, DuplicatePluginError, MissingDependencyError, PluginConfigurationError,
  PluginIncompatibleError, PluginNotFoundError,
} from '../../../server/src/engine/registry/errors';
import { isCompatible } from '../../../server/src/engine/registry/versionCompat';

const duck = { group: 'floe.computes', name: 'duckdb', version: '1.0.0', floeApiVersion: '1.0' };

test('US2: register then get by type and name; list and listAll', () => {
  const r = new PluginRegistry('1.0');
  r.register(duck);
  r.register({ ...duck, name: 'snowflake' });
  assert.equal(r.get('COMPUTE', 'duckdb').version, '1.0.0');
  assert.equal(r.get('floe.computes', 'duckdb').name, 'duckdb');
  assert.deepEqual(r.list('compute').map((p) => p.name), ['duckdb', 'snowflake']);
  const all = r.listAll();
  assert.equal(Object.keys(all).length, 11);
  assert.deepEqual(all.COMPUTE, ['duckdb', 'snowflake']);
  assert.deepEqual(all.CATALOG, []);
});

test('US2: duplicate type+name is refused; unknown lookup raises PluginNotFoundError', () => {
  const r = new PluginRegistry('1.0');
  r.register(duck);
  assert.throws(() => r.register({ ...duck, version: '2.0.0' }), (e: Error) => e instanceof DuplicatePluginError && e.message === 'Duplicate plugin: COMPUTE:duckdb');
  // Same name, other type: allowed.
  r.register({ ...duck, group: 'floe.catalogs' });
  assert.throws(() => r.get('COMPUTE', 'nope'), (e: Error) => e instanceof PluginNotFoundError && e.message === 'Plugin not found: COMPUTE:nope');
});

test('US3: API compatibility: same major, plugin minor <= platform minor', () => {
  assert.equal(isCompatible('1.0', '1.0'), true);
  assert.equal(isCompatible('1.0', '1.3'), true);
  assert.equal(isCompatible('1.4', '1.3'), false);
  assert.equal(isCompatible('2.0', '1.9'), false);
  assert.equal(isCompatible('0.9', '1.0'), false);
  assert.equal(isCompatible('1.2.7', '1.2'), true);
  assert.equal(isCompatible('one', '1.0'), false);
  const r = new PluginRegistry('1.2');
  r.register({ ...duck, floeApiVersion: '1.1' });
  assert.throws(() => r.register({ ...duck, name: 'x', floeApiVersion: '2.0' }),
    (e: Error) => e instanceof PluginIncompatibleError && e.message === "Plugin 'x' requires API v2.0, but platform provides v1.2");
});

test('US4: configure validates with field-level errors and applies defaults', () => {
  const r = new PluginRegistry('1.0');
  r.register({
    ...duck,
    configSchema: {
      type: 'object', additionalProperties: false, required: ['path'],
      properties: {
        path: { type: 'string' },
        threads: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
        memory_limit: { type: 'string', default: '4GB' },
      },
    },
  });
  assert.deepEqual(r.configure('COMPUTE', 'duckdb', { path: '/d.db' }), { path: '/d.db', threads: 4, memory_limit: '4GB' });
  assert.deepEqual(r.getConfig('COMPUTE', 'duckdb'), { path: '/d.db', threads: 4, memory_limit: '4GB' });
  assert.throws(() => r.configure('COMPUTE', 'duckdb', { path: '/d.db', threads: 128 }), (e: Error) => {
    assert.ok(e instanceof PluginConfigurationError);
    assert.equal(e.errors.length, 1);
    assert.equal(e.errors[0].field, 'threads');
    assert.match(e.errors[0].message, /64/);
    assert.match(e.message, /^Configuration error for plugin 'duckdb': threads: /);
    return true;
  });
});

test('US7: resolveDependencies orders, and reports cycles and missing dependencies', () => {
  const r = new PluginRegistry('1.0');
  r.register({ ...duck, name: 'a', dependencies: ['b'] });
  r.register({ ...duck, name: 'b' });
  r.register({ ...duck, group: 'floe.catalogs', name: 'c', dependencies: ['a'] });
  assert.deepEqual(r.resolveDependencies().map((p) => p.name), ['b', 'a', 'c']);
  const cyc = [{ ...duck, name: 'x', dependencies: ['y'] }, { ...duck, name: 'y', dependencies: ['x'] }];
  assert.throws(() => r.resolveDependencies(cyc), (e: Error) => e instanceof CircularDependencyError && e.message === 'Circular dependency: x -> y -> x');
  assert.throws(() => r.resolveDependencies([{ ...duck, name: 'x', dependencies: ['nope'] }]),
    (e: Error) => e instanceof MissingDependencyError && /nope/.test(e.message));
});
