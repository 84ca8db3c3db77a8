// Creating and configuring plugins as floe-core does, run for real: cls() or cls(config=...),
// get_config_schema() -> configure(schema(**config)), pydantic's field errors, the {} floe's
// runtime uses for some categories, and health_check(timeout=...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import type { HealthResult, HealthTarget } from '../../server/src/engine/health/types';
import { pythonBudget } from '../lib/machine';
import { byEntry, FX, fx, PYTHON, seconds } from './helpers';

// Budgets for plugins that return at once: generous, they only catch a broken runner.
const HEALTH_MS = Math.ceil(pythonBudget(5000) / 1000) * 1000;
const HOOK_MS = HEALTH_MS;
const SHORT_MS = Math.ceil(pythonBudget(1000) / 100) * 100;
const GOOD = { uri: 'https://polaris.internal/api/catalog', warehouse: 'main', auth: { client_id: 'floe' } };
const BAD = { uri: 'ftp://polaris.internal', auth: {}, retries: 11 };
const BAD_ERRORS = [
  { field: 'uri', message: "String should match pattern '^https?://'", type: 'string_pattern_mismatch' },
  { field: 'warehouse', message: 'Field required', type: 'missing' },
  { field: 'auth.client_id', message: 'Field required', type: 'missing' },
  { field: 'retries', message: 'Input should be less than or equal to 10', type: 'less_than_equal' },
];
const NOT_CALLED = 'no manifest config for this plugin; configure() was not called';
const IGNORED = 'get_config_schema() returned None: floe ignores the config and does not call configure()';

function inCategory(category: string, group: string, entryPoint: string, target: string, extra: Partial<HealthTarget> = {}): HealthTarget {
  return fx(entryPoint, target, { pluginId: `${group}:${entryPoint}`, group, category, ...extra });
}
const catalog = (ep: string, target: string, extra: Partial<HealthTarget> = {}) => inCategory('catalog', 'floe.catalogs', ep, target, extra);

let r: Map<string, HealthResult>;

test.before(async () => {
  const checks = await runHealthChecks(
    [
      catalog('contract', 'contract:ContractPlugin', { config: GOOD }),
      fx('contract-unconfigured', 'contract:ContractPlugin', { category: 'compute' }),
      catalog('required', 'contract:RequiredConfigPlugin', { config: GOOD }),
      fx('required-unconfigured', 'contract:RequiredConfigPlugin', { category: 'compute' }),
      inCategory('identity', 'floe.identity', 'annotated', 'contract:AnnotatedOnlyPlugin', { config: GOOD }),
      fx('no-schema', 'contract:NoSchemaPlugin', { config: { anything: 1 } }),
      catalog('required-invalid', 'contract:RequiredConfigPlugin', { config: BAD }),
      catalog('runtime-default-invalid', 'contract:ContractPlugin', { emptyConfig: true }),
      inCategory('storage', 'floe.storage', 'runtime-default-valid', 'contract:PoolPlugin', { emptyConfig: true }),
      fx('needs-url', 'contract:NeedsUrlPlugin', { config: GOOD }),
      fx('broken-configure', 'contract:BrokenConfigurePlugin', { config: {} }),
    ],
    { python: PYTHON, healthTimeoutMs: HEALTH_MS, hookTimeoutMs: HOOK_MS },
  );
  const lifecycles = await runHealthChecks(
    [
      catalog('contract', 'contract:ContractPlugin', { config: GOOD, entryPoint: 'contract-lifecycle' }),
      catalog('invalid', 'contract:ContractPlugin', { config: BAD }),
    ],
    { python: PYTHON, lifecycle: true, healthTimeoutMs: HEALTH_MS, hookTimeoutMs: HOOK_MS },
  );
  // A budget the fixture's import (pydantic) fits in on this machine; configure() hangs past it.
  const hangs = await runHealthChecks([fx('hanging-configure', 'contract:HangingConfigurePlugin', { config: {} })], {
    python: PYTHON,
    lifecycle: true,
    healthTimeoutMs: HEALTH_MS,
    hookTimeoutMs: SHORT_MS,
  });
  r = byEntry([...checks, ...lifecycles, ...hangs]);
});

test('a plugin written to the contract is created with cls(), configured with the validated model, then checked with timeout=', () => {
  const x = r.get('contract')!;
  assert.equal(x.state, 'healthy', x.message);
  assert.equal(x.message, 'warehouse main at https://polaris.internal/api/catalog');
  assert.deepEqual(x.details, {
    configType: 'WarehouseConfig',
    retries: 3,
    timeout: HEALTH_MS / 1000,
    created: 'cls()',
    configured: true,
    configSource: 'manifest',
    stdout: `configure WarehouseConfig\nhealth_check timeout=${(HEALTH_MS / 1000).toFixed(1)}\n`,
  });
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok]),
    [['health_check', true]],
  );
});

test('without a config the same plugin is not configured and says so', () => {
  const x = r.get('contract-unconfigured')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'not configured');
  assert.deepEqual(x.details, {
    created: 'cls()',
    configured: false,
    configSource: 'none',
    configNote: NOT_CALLED,
    stdout: `health_check timeout=${(HEALTH_MS / 1000).toFixed(1)}\n`,
  });
});

test('a constructor that requires config gets the validated model (not a placeholder), then configure() runs', () => {
  const x = r.get('required')!;
  assert.equal(x.state, 'healthy', x.message);
  assert.deepEqual(x.details, {
    configType: 'WarehouseConfig',
    retries: 3,
    timeout: HEALTH_MS / 1000,
    constructorGot: 'WarehouseConfig',
    created: 'cls(config=…)',
    configured: true,
    configSource: 'manifest',
  });
});

test('a constructor that requires config, without one: the parameter is named and the manifest asked for', () => {
  const x = r.get('required-unconfigured')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, "RequiredConfigPlugin() requires the parameter 'config'; add a config: for this plugin in the manifest");
  assert.deepEqual(x.details, {});
  assert.deepEqual(x.hooks, []);
  assert.equal(x.error, undefined);
});

test('without get_config_schema() the constructor still gets its annotated model, but configure() is not called', () => {
  const x = r.get('annotated')!;
  assert.equal(x.state, 'healthy', x.message);
  assert.deepEqual(x.details, {
    configType: 'WarehouseConfig',
    retries: 3,
    timeout: HEALTH_MS / 1000,
    created: 'cls(config=…)',
    configured: false,
    configSource: 'manifest',
    configNote: `${IGNORED} (the constructor received it)`,
  });
});

test('a plugin without a schema: the manifest config is ignored, as floe does', () => {
  const x = r.get('no-schema')!;
  assert.equal(x.state, 'healthy');
  assert.equal(x.message, 'configured: False');
  assert.deepEqual(x.details, { created: 'cls()', configured: false, configSource: 'manifest', configNote: IGNORED });
});

test('an invalid config gives pydantic field errors as floe lists them, and no hook runs', () => {
  const x = r.get('invalid')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'the manifest config is invalid for WarehouseConfig (4 errors); no hook was run');
  assert.deepEqual(x.details, { created: 'cls()', configured: false, configSource: 'manifest', configErrors: BAD_ERRORS });
  assert.deepEqual(x.hooks, []); // lifecycle mode: not even startup()
  assert.equal(x.error, undefined);
});

test('an invalid config for a constructor that requires one fails before the plugin exists', () => {
  const x = r.get('required-invalid')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'the manifest config is invalid for WarehouseConfig (4 errors); no hook was run');
  assert.deepEqual(x.details, { configured: false, configSource: 'manifest', configErrors: BAD_ERRORS });
  assert.deepEqual(x.hooks, []);
});

test("no manifest config for a catalog or storage plugin: configured with {} as floe's runtime does", () => {
  const invalid = r.get('runtime-default-invalid')!;
  assert.equal(invalid.state, 'unhealthy');
  assert.equal(
    invalid.message,
    'no manifest config: floe configures catalog plugins with {} at run time, which is invalid for WarehouseConfig (3 errors); add a config: for this plugin in the manifest',
  );
  assert.deepEqual(invalid.details, {
    created: 'cls()',
    configured: false,
    configSource: 'runtime-default',
    configErrors: [
      { field: 'uri', message: 'Field required', type: 'missing' },
      { field: 'warehouse', message: 'Field required', type: 'missing' },
      { field: 'auth', message: 'Field required', type: 'missing' },
    ],
  });
  assert.deepEqual(invalid.hooks, []);
  const valid = r.get('runtime-default-valid')!;
  assert.equal(valid.state, 'healthy', valid.message);
  assert.equal(valid.message, 'pool of 4'); // health_check() without a timeout parameter is called without one
  assert.deepEqual(valid.details, { created: 'cls()', configured: true, configSource: 'runtime-default' });
});

test('a constructor argument floe never passes, and a raising configure(), are reported with the call', () => {
  const url = r.get('needs-url')!;
  assert.equal(url.state, 'unhealthy');
  assert.equal(url.message, "creating the plugin with cls() raised TypeError: NeedsUrlPlugin.__init__() missing 1 required positional argument: 'url'");
  assert.equal(url.error?.type, 'TypeError');
  assert.deepEqual(url.hooks, []);
  const conf = r.get('broken-configure')!;
  assert.equal(conf.state, 'unhealthy');
  assert.equal(conf.message, 'configure() raised ValueError: pool size is not supported');
  assert.equal(conf.details.created, 'cls()');
  assert.equal(conf.details.configured, undefined);
  assert.deepEqual(
    conf.error?.traceback.map((f) => [path.relative(FX, f.file), f.function]),
    [['contract.py', 'configure']],
  );
  assert.deepEqual(conf.hooks, []);
});

test('lifecycle order: configure, then startup -> health_check -> shutdown on the configured instance', () => {
  const x = r.get('contract-lifecycle')!;
  assert.equal(x.state, 'healthy', x.message);
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok]),
    [
      ['startup', true],
      ['health_check', true],
      ['shutdown', true],
    ],
  );
  assert.equal(x.details.stdout, `configure WarehouseConfig\nstartup\nhealth_check timeout=${(HEALTH_MS / 1000).toFixed(1)}\nshutdown\n`);
  assert.equal(x.details.created, 'cls()');
  assert.equal(x.details.configured, true);
});

test('configure() has the hook budget: one that hangs is killed, and no hook runs', () => {
  const x = r.get('hanging-configure')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, `configuring the plugin timed out after ${seconds(SHORT_MS)}; the process was killed`);
  assert.deepEqual(x.details, { timedOut: true, created: 'cls()' });
  assert.deepEqual(x.hooks, []);
});
