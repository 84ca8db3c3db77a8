// startup -> health_check -> shutdown, run for real; hook failures and hook time budgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import type { HealthResult } from '../../server/src/engine/health/types';
import { byEntry, FX, fx, PYTHON } from './helpers';

let r: Map<string, HealthResult>;
let slowWallMs = 0;
let importWallMs = 0;

test.before(async () => {
  const results = await runHealthChecks(
    [
      fx('lifecycle', 'lifecycle:LifecyclePlugin'),
      fx('broken-startup', 'lifecycle:BrokenStartupPlugin'),
      fx('broken-shutdown', 'lifecycle:BrokenShutdownPlugin'),
      fx('default', 'default:DefaultPlugin'),
    ],
    { python: PYTHON, lifecycle: true },
  );
  const t0 = performance.now();
  const slow = await runHealthChecks([fx('slow-startup', 'lifecycle:SlowStartupPlugin')], {
    python: PYTHON, lifecycle: true, hookTimeoutMs: 1000, healthTimeoutMs: 5000,
  });
  slowWallMs = performance.now() - t0;
  const t1 = performance.now();
  const slowImport = await runHealthChecks([fx('slow-import', 'slow_import:SlowImportPlugin')], {
    python: PYTHON, hookTimeoutMs: 1000,
  });
  importWallMs = performance.now() - t1;
  r = byEntry([...results, ...slow, ...slowImport]);
});

test('hooks run in order startup -> health_check -> shutdown on one instance', () => {
  const x = r.get('lifecycle')!;
  assert.equal(x.state, 'healthy');
  assert.equal(x.message, 'calls: startup,health_check');
  assert.deepEqual(x.hooks.map((h) => [h.hook, h.ok]), [['startup', true], ['health_check', true], ['shutdown', true]]);
  assert.equal(x.details.stdout, 'startup called\nhealth_check called\nshutdown called after startup,health_check,shutdown\n');
  for (const h of x.hooks) assert.ok(h.durationMs >= 0 && h.durationMs < 1000);
});

test('a failing startup skips health_check, still attempts shutdown, and is unhealthy', () => {
  const x = r.get('broken-startup')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'startup() raised RuntimeError: no credentials for the scheduler');
  assert.deepEqual(x.hooks.map((h) => [h.hook, h.ok, h.error]), [
    ['startup', false, 'raised RuntimeError: no credentials for the scheduler'],
    ['shutdown', true, undefined],
  ]);
  assert.equal(x.details.stdout, 'shutdown called\n');
  assert.deepEqual(x.error?.traceback, [{ file: path.join(FX, 'lifecycle.py'), line: 26, function: 'startup' }]);
});

test('a failing shutdown makes a healthy plugin unhealthy, naming the hook', () => {
  const x = r.get('broken-shutdown')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'shutdown() raised OSError: could not flush the queue');
  assert.deepEqual(x.hooks.map((h) => [h.hook, h.ok]), [['startup', true], ['health_check', true], ['shutdown', false]]);
});

test('default hooks (not overridden) pass', () => {
  const x = r.get('default')!;
  assert.equal(x.state, 'healthy');
  assert.deepEqual(x.hooks.map((h) => [h.hook, h.ok]), [['startup', true], ['health_check', true], ['shutdown', true]]);
});

test('a startup over the hook budget is killed and marked timed out; later hooks do not run', () => {
  const x = r.get('slow-startup')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'startup() timed out after 1 s; the process was killed');
  assert.deepEqual(x.hooks.map((h) => [h.hook, h.ok, h.timedOut, h.error]), [['startup', false, true, 'timed out after 1 s']]);
  assert.ok(slowWallMs < 1000 + 1000, `slow startup run took ${slowWallMs} ms`);
});

test('an import that hangs is killed after the hook budget (import and constructor use it)', () => {
  const x = r.get('slow-import')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'importing floe_fx.slow_import:SlowImportPlugin timed out after 1 s; the process was killed');
  assert.equal(x.details.timedOut, true);
  assert.deepEqual(x.hooks, []);
  assert.ok(importWallMs < 1000 + 1000, `slow import run took ${importWallMs} ms`);
});
