// startup -> health_check -> shutdown, run for real; hook failures and hook time budgets. The
// hook budget is derived from this machine's Python start-up (the fixture's imports must fit in
// it); the interpreter's own start-up is in no budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import type { HealthResult } from '../../server/src/engine/health/types';
import { killMargin, pythonBudget, scaled } from '../lib/machine';
import { byEntry, FX, fx, PYTHON, seconds } from './helpers';

let r: Map<string, HealthResult>;
const HOOK_MS = Math.ceil(pythonBudget(1000) / 100) * 100;

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
  const slow = await runHealthChecks([fx('slow-startup', 'lifecycle:SlowStartupPlugin')], {
    python: PYTHON,
    lifecycle: true,
    hookTimeoutMs: HOOK_MS,
    healthTimeoutMs: 5000,
  });
  const slowImport = await runHealthChecks([fx('slow-import', 'slow_import:SlowImportPlugin')], {
    python: PYTHON,
    hookTimeoutMs: HOOK_MS,
  });
  r = byEntry([...results, ...slow, ...slowImport]);
});

test('hooks run in order startup -> health_check -> shutdown on one instance', () => {
  const x = r.get('lifecycle')!;
  assert.equal(x.state, 'healthy');
  assert.equal(x.message, 'calls: startup,health_check');
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok]),
    [
      ['startup', true],
      ['health_check', true],
      ['shutdown', true],
    ],
  );
  assert.equal(x.details.stdout, 'startup called\nhealth_check called\nshutdown called after startup,health_check,shutdown\n');
  for (const h of x.hooks) assert.ok(h.durationMs >= 0 && h.durationMs < scaled(1000), `${h.hook}() took ${h.durationMs} ms`);
});

test('a failing startup skips health_check, still attempts shutdown, and is unhealthy', () => {
  const x = r.get('broken-startup')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'startup() raised RuntimeError: no credentials for the scheduler');
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok, h.error]),
    [
      ['startup', false, 'raised RuntimeError: no credentials for the scheduler'],
      ['shutdown', true, undefined],
    ],
  );
  assert.equal(x.details.stdout, 'shutdown called\n');
  assert.deepEqual(x.error?.traceback, [{ file: path.join(FX, 'lifecycle.py'), line: 26, function: 'startup' }]);
});

test('a failing shutdown makes a healthy plugin unhealthy, naming the hook', () => {
  const x = r.get('broken-shutdown')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'shutdown() raised OSError: could not flush the queue');
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok]),
    [
      ['startup', true],
      ['health_check', true],
      ['shutdown', false],
    ],
  );
});

test('default hooks (not overridden) pass', () => {
  const x = r.get('default')!;
  assert.equal(x.state, 'healthy');
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok]),
    [
      ['startup', true],
      ['health_check', true],
      ['shutdown', true],
    ],
  );
});

test('a startup over the hook budget is killed and marked timed out; later hooks do not run', () => {
  const x = r.get('slow-startup')!;
  const budget = seconds(HOOK_MS);
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, `startup() timed out after ${budget}; the process was killed`);
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok, h.timedOut, h.error]),
    [['startup', false, true, `timed out after ${budget}`]],
  );
  const ran = x.hooks[0].durationMs;
  assert.ok(ran >= HOOK_MS - 5 && ran < HOOK_MS + killMargin(), `startup() ran ${ran} ms with a budget of ${HOOK_MS} ms`);
});

test('an import that hangs is killed after the hook budget (import and constructor use it)', () => {
  const x = r.get('slow-import')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, `importing floe_fx.slow_import:SlowImportPlugin timed out after ${seconds(HOOK_MS)}; the process was killed`);
  assert.equal(x.details.timedOut, true);
  assert.deepEqual(x.hooks, []);
  // The budget starts when the runner is ready, not when the interpreter is launched.
  assert.ok(x.startupMs !== undefined && x.startupMs > 0, 'the runner reported ready');
  const importing = x.durationMs - x.startupMs!;
  assert.ok(importing >= HOOK_MS - 5 && importing < HOOK_MS + killMargin(), `the import ran ${importing} ms with a budget of ${HOOK_MS} ms`);
});

test('interpreter start-up is in no plugin budget; an interpreter that never gets ready hits the start-up limit', async () => {
  // A "python" that takes longer to start than the whole hook budget, then runs the real one.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-slow-python-'));
  const slowPython = path.join(dir, 'python');
  const delay = (HOOK_MS + 500) / 1000;
  fs.writeFileSync(slowPython, `#!/bin/sh\nsleep ${delay}\nexec python3 "$@"\n`, { mode: 0o755 });
  const hungPython = path.join(dir, 'hung');
  fs.writeFileSync(hungPython, '#!/bin/sh\nexec sleep 3600\n', { mode: 0o755 });
  try {
    const [ok] = await runHealthChecks([fx('healthy', 'healthy:HealthyPlugin')], { python: slowPython, hookTimeoutMs: HOOK_MS, healthTimeoutMs: HOOK_MS });
    assert.equal(ok.state, 'healthy', ok.message);
    assert.ok(ok.startupMs! >= HOOK_MS, `started in ${ok.startupMs} ms`);
    const [hung] = await runHealthChecks([fx('healthy', 'healthy:HealthyPlugin')], { python: hungPython, startupTimeoutMs: HOOK_MS });
    assert.equal(hung.state, 'unhealthy');
    assert.equal(hung.message, `starting Python timed out after ${seconds(HOOK_MS)}; the process was killed`);
    assert.equal(hung.startupMs, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
