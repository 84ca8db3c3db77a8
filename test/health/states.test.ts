// Health states, return values, errors and constructors, each read from a real Python run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import type { HealthResult } from '../../server/src/engine/health/types';
import { byEntry, FX, fx, PYTHON } from './helpers';

/** What `details` says of a plugin created with cls() and given no config. */
const PLAIN = { created: 'cls()', configured: false, configSource: 'none', configNote: 'no manifest config for this plugin; configure() was not called' };

const targets = [
  fx('healthy', 'healthy:HealthyPlugin'),
  fx('degraded', 'states:DegradedPlugin'),
  fx('unhealthy', 'states:UnhealthyPlugin'),
  fx('raising', 'raising:RaisingPlugin'),
  fx('default', 'default:DefaultPlugin'),
  fx('returns-dict', 'returns:DictPlugin'),
  fx('returns-none', 'returns:NonePlugin'),
  fx('missing-import', 'missing_import:MissingImportPlugin'),
  fx('configured', 'configured:ConfiguredPlugin'),
  fx('configured-with-config', 'configured:ConfiguredPlugin', { config: { host: 'warehouse.internal', port: 6543 } }),
  fx('sys-exit', 'exiting:SysExitPlugin'),
  fx('interrupt', 'exiting:InterruptPlugin'),
  fx('no-such-class', 'healthy:NoSuchPlugin'),
];

const streamed: HealthResult[] = [];
let results: HealthResult[] = [];
let r: Map<string, HealthResult>;

test.before(async () => {
  results = await runHealthChecks(targets, { python: PYTHON, onResult: (x) => streamed.push(x) });
  r = byEntry(results);
});

test('results come back in target order, one streamed per target', () => {
  assert.deepEqual(
    results.map((x) => x.entryPoint),
    targets.map((t) => t.entryPoint),
  );
  assert.equal(streamed.length, targets.length);
  assert.deepEqual(new Set(streamed.map((x) => x.entryPoint)), new Set(targets.map((t) => t.entryPoint)));
  for (const x of results) {
    assert.equal(x.pluginId, `floe.computes:${x.entryPoint}`);
    assert.equal(x.python, PYTHON);
    assert.ok(!Number.isNaN(Date.parse(x.finishedAt)));
    assert.ok(x.durationMs > 0);
  }
});

test('healthy / degraded / unhealthy HealthStatus are read with message and details', () => {
  const h = r.get('healthy')!;
  assert.equal(h.state, 'healthy');
  assert.equal(h.message, 'all good');
  assert.deepEqual(h.details, { connections: 3, ...PLAIN });
  assert.deepEqual(
    h.hooks.map((k) => [k.hook, k.ok]),
    [['health_check', true]],
  );
  const d = r.get('degraded')!;
  assert.equal(d.state, 'degraded');
  assert.equal(d.message, 'slow backend');
  assert.deepEqual(d.details, { latency_ms: 900, state: 'degraded', ...PLAIN }); // enum values in details become plain
  const u = r.get('unhealthy')!;
  assert.equal(u.state, 'unhealthy');
  assert.equal(u.message, 'cannot reach the warehouse');
  assert.equal(u.error, undefined);
  // It ran and said so: not an import failure.
  assert.equal(u.failure, undefined);
});

test('a raising health_check is unhealthy with type, message and frames in the plugin files', () => {
  const x = r.get('raising')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'health_check() raised ConnectionError: connection to warehouse:5432 refused');
  assert.equal(x.error?.type, 'ConnectionError');
  assert.equal(x.error?.message, 'connection to warehouse:5432 refused');
  assert.deepEqual(x.error?.traceback, [
    { file: path.join(FX, 'raising.py'), line: 10, function: 'health_check' },
    { file: path.join(FX, 'raising.py'), line: 5, function: '_connect' },
  ]);
  assert.deepEqual(
    x.hooks.map((k) => [k.hook, k.ok, k.error]),
    [['health_check', false, 'raised ConnectionError: connection to warehouse:5432 refused']],
  );
});

test('a plugin without its own health_check() reports the default healthy', () => {
  const x = r.get('default')!;
  assert.equal(x.state, 'healthy');
  assert.equal(x.message, 'default health_check() (not overridden): healthy');
  assert.equal(x.details.default, true);
});

test('a returned dict is read duck-typed; None is unhealthy with a clear message', () => {
  const dict = r.get('returns-dict')!;
  assert.equal(dict.state, 'degraded');
  assert.equal(dict.message, 'from a dict');
  assert.deepEqual(dict.details, { n: 1, returnedType: 'dict', ...PLAIN });
  const none = r.get('returns-none')!;
  assert.equal(none.state, 'unhealthy');
  assert.equal(none.message, 'health_check() returned None instead of a HealthStatus');
});

test('a missing import names the module and the interpreter', () => {
  const x = r.get('missing-import')!;
  assert.equal(x.state, 'unhealthy');
  assert.match(x.message, /^No module named 'floe_nonexistent_sdk' — is floe-nonexistent-sdk installed in \/\S+python3?[\d.]*\?$/);
  assert.equal(x.error?.type, 'ModuleNotFoundError');
  assert.deepEqual(x.error?.traceback, [{ file: path.join(FX, 'missing_import.py'), line: 1, function: '<module>' }]);
  assert.deepEqual(x.hooks, []);
  // The plugin never ran: an import failure, for want of a module that is not the plugin's own.
  assert.equal(x.failure, 'import');
  assert.equal(x.missingModule, 'floe_nonexistent_sdk');
  assert.equal(x.importedBy, 'floe_fx.missing_import');
});

test('a missing class is reported as an import problem', () => {
  const x = r.get('no-such-class')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.failure, 'import');
  assert.equal(x.missingModule, undefined);
  assert.match(x.message, /^importing floe_fx\.healthy:NoSuchPlugin raised AttributeError: .*NoSuchPlugin/);
});

test('a constructor needing a config: clear message without one, the validated model with one', () => {
  const without = r.get('configured')!;
  assert.equal(without.state, 'unhealthy');
  assert.equal(without.message, "ConfiguredPlugin() requires the parameter 'config'; add a config: for this plugin in the manifest");
  assert.deepEqual(without.hooks, []);
  assert.deepEqual(without.details, {});
  const withConfig = r.get('configured-with-config')!;
  assert.equal(withConfig.state, 'healthy');
  assert.equal(withConfig.message, 'connected to warehouse.internal:6543');
  // get_config_schema()'s Pydantic model, not the dict; then configure() got it too.
  assert.deepEqual(withConfig.details, { configType: 'FxConfig', created: 'cls(config=…)', configured: true, configSource: 'manifest' });
});

test('sys.exit() and KeyboardInterrupt in a hook are results, not crashes', () => {
  const exit = r.get('sys-exit')!;
  assert.equal(exit.state, 'unhealthy');
  assert.equal(exit.message, 'health_check() called sys.exit(3)');
  assert.equal(exit.error?.type, 'SystemExit');
  const intr = r.get('interrupt')!;
  assert.equal(intr.state, 'unhealthy');
  assert.equal(intr.message, 'health_check() raised KeyboardInterrupt');
  assert.equal(intr.error?.traceback[0].function, 'health_check');
});
