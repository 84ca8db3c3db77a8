// The registry API against the contract's acceptance scenarios (User Stories 2, 3, 4 and 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginRegistry } from '../../../server/src/engine/registry/registry';
import {
  CircularDependencyError,
  DuplicatePluginError,
  InvalidVersionError,
  MissingDependencyError,
  PluginConfigurationError,
  PluginIncompatibleError,
  PluginNotFoundError,
} from '../../../server/src/engine/registry/errors';
import { isCompatible } from '../../../server/src/engine/registry/versionCompat';

const duck = { group: 'floe.computes', name: 'duckdb', version: '1.0.0', floeApiVersion: '1.0' };

test('US2: register then get by type and name; list and listAll', () => {
  const r = new PluginRegistry('1.0');
  r.register(duck);
  r.register({ ...duck, name: 'snowflake' });
  assert.equal(r.get('COMPUTE', 'duckdb').version, '1.0.0');
  assert.equal(r.get('floe.computes', 'duckdb').name, 'duckdb');
  assert.deepEqual(
    r.list('compute').map((p) => p.name),
    ['duckdb', 'snowflake'],
  );
  const all = r.listAll();
  // The 14 PluginType members; network security is loaded outside the registry.
  assert.deepEqual(Object.keys(all), [
    'COMPUTE',
    'ORCHESTRATOR',
    'CATALOG',
    'STORAGE',
    'TELEMETRY_BACKEND',
    'LINEAGE_BACKEND',
    'DBT',
    'SEMANTIC_LAYER',
    'INGESTION',
    'SECRETS',
    'IDENTITY',
    'QUALITY',
    'RBAC',
    'ALERT_CHANNEL',
  ]);
  assert.throws(
    () => r.list('floe.network_security'),
    (e: Error) => e instanceof PluginNotFoundError,
  );
  assert.deepEqual(all.COMPUTE, ['duckdb', 'snowflake']);
  assert.deepEqual(all.CATALOG, []);
});

test('US2: duplicate type+name is refused; unknown lookup raises PluginNotFoundError', () => {
  const r = new PluginRegistry('1.0');
  r.register(duck);
  assert.throws(
    () => r.register({ ...duck, version: '2.0.0' }),
    (e: Error) => e instanceof DuplicatePluginError && e.message === 'Duplicate plugin: COMPUTE:duckdb',
  );
  // Same name, other type: allowed.
  r.register({ ...duck, group: 'floe.catalogs' });
  assert.throws(
    () => r.get('COMPUTE', 'nope'),
    (e: Error) => e instanceof PluginNotFoundError && e.message === 'Plugin not found: COMPUTE:nope',
  );
});

test('US3: API compatibility: same major, plugin minor <= platform minor', () => {
  assert.equal(isCompatible('1.0', '1.0'), true);
  assert.equal(isCompatible('1.0', '1.3'), true);
  assert.equal(isCompatible('1.4', '1.3'), false);
  assert.equal(isCompatible('2.0', '1.9'), false);
  assert.equal(isCompatible('0.9', '1.0'), false);
  assert.equal(isCompatible('1.2.7', '1.2'), true);
  assert.equal(isCompatible('one', '1.0'), false);
  assert.equal(isCompatible('1.0.x', '1.0'), true);
  const r = new PluginRegistry('1.2');
  r.register({ ...duck, floeApiVersion: '1.1' });
  assert.throws(
    () => r.register({ ...duck, name: 'x', floeApiVersion: '2.0' }),
    (e: Error) => e instanceof PluginIncompatibleError && e.message === "Plugin 'x' requires API v2.0, but platform provides v1.2",
  );
  // What floe cannot parse is floe's ValueError, not an incompatibility.
  assert.throws(
    () => r.register({ ...duck, name: 'y', floeApiVersion: 'v1' }),
    (e: Error) => e instanceof InvalidVersionError && e.message === "Invalid version format: 'v1'. Expected X.Y or X.Y.Z format (e.g., '1.0' or '1.0.0').",
  );
  r.register({ ...duck, name: 'z', floeApiVersion: '1.2.x' });
});

test('US4: configure validates with field-level errors and applies defaults', () => {
  const r = new PluginRegistry('1.0');
  r.register({
    ...duck,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string' },
        threads: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
        memory_limit: { type: 'string', default: '4GB' },
      },
    },
  });
  assert.deepEqual(r.configure('COMPUTE', 'duckdb', { path: '/d.db' }), { path: '/d.db', threads: 4, memory_limit: '4GB' });
  assert.deepEqual(r.getConfig('COMPUTE', 'duckdb'), { path: '/d.db', threads: 4, memory_limit: '4GB' });
  assert.throws(
    () => r.configure('COMPUTE', 'duckdb', { path: '/d.db', threads: 128 }),
    (e: Error) => {
      assert.ok(e instanceof PluginConfigurationError);
      assert.equal(e.errors.length, 1);
      assert.equal(e.errors[0].field, 'threads');
      assert.match(e.errors[0].message, /64/);
      // floe prints the repr of its list of error dicts.
      assert.equal(e.message, `Configuration error for plugin 'duckdb': [{'field': 'threads', 'message': '${e.errors[0].message}', 'type': 'maximum'}]`);
      return true;
    },
  );
  // A plugin without a schema ignores its config (floe returns None).
  r.register({ ...duck, name: 'plain' });
  assert.equal(r.configure('COMPUTE', 'plain', { anything: 1 }), undefined);
  assert.equal(r.getConfig('COMPUTE', 'plain'), undefined);
});

test('US7: resolveDependencies orders, and reports cycles and missing dependencies', () => {
  const r = new PluginRegistry('1.0');
  r.register({ ...duck, name: 'a', dependencies: ['b'] });
  r.register({ ...duck, name: 'b' });
  r.register({ ...duck, group: 'floe.catalogs', name: 'c', dependencies: ['a'] });
  assert.deepEqual(
    r.resolveDependencies().map((p) => p.name),
    ['b', 'a', 'c'],
  );
  const cyc = [
    { ...duck, name: 'x', dependencies: ['y'] },
    { ...duck, name: 'y', dependencies: ['x'] },
  ];
  assert.throws(
    () => r.resolveDependencies(cyc),
    (e: Error) => e instanceof CircularDependencyError && e.message === 'Circular dependency: x -> y -> x',
  );
  assert.throws(
    () =>
      r.resolveDependencies([
        { ...duck, name: 'x', dependencies: ['nope', 'a', 'gone'] },
        { ...duck, name: 'a' },
      ]),
    (e: Error) => e instanceof MissingDependencyError && e.message === "Plugin 'x' has missing dependencies: nope, gone",
  );
});
