// Hangs, C-level spins that ignore signals, os._exit, segfaults and noisy plugins: each is
// killed or reported on its own, within its budget, while the others' results still arrive.
// Budgets are derived from this machine: a warm-up run of the fast plugins, all at once, measures
// how long seven interpreters take to start here; the hang budget is three times that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runHealthChecks, runnerPath } from '../../server/src/engine/health/runner';
import { runRunnerProcess } from '../../server/src/engine/health/runnerProcess';
import type { HealthResult } from '../../server/src/engine/health/types';
import { killMargin } from '../lib/machine';
import { byEntry, FX, fx, PYTHON, SRC, seconds } from './helpers';

const fast = [
  fx('healthy', 'healthy:HealthyPlugin'),
  fx('os-exit', 'exiting:OsExitPlugin'),
  fx('segfault', 'segfault:SegfaultPlugin'),
  fx('noisy', 'noisy:NoisyPlugin'),
  fx('degraded', 'states:DegradedPlugin'),
];
const targets = [fx('hanging', 'hanging:HangingPlugin'), fx('spinning', 'spinning:SpinningPlugin'), ...fast];

let TIMEOUT_MS = 1000;
let wallMs = 0;
let results: HealthResult[] = [];
const arrivedAt = new Map<string, number>();
let r: Map<string, HealthResult>;

/** ms after the run started at which a result's hook began (its process started with the run). */
const hookStartedAt = (x: HealthResult) => x.durationMs - (x.hooks[0]?.durationMs ?? 0);

test.before(async () => {
  const w0 = performance.now();
  await runHealthChecks([...fast, fast[0], fast[4]], { python: PYTHON, parallel: targets.length });
  TIMEOUT_MS = Math.max(1000, Math.ceil((3 * (performance.now() - w0)) / 100) * 100);
  const t0 = performance.now();
  results = await runHealthChecks(targets, {
    python: PYTHON,
    healthTimeoutMs: TIMEOUT_MS,
    parallel: targets.length, // all at once: the fast ones must not wait for the hung ones
    onResult: (x) => arrivedAt.set(x.entryPoint, performance.now() - t0),
  });
  wallMs = performance.now() - t0;
  r = byEntry(results);
});

test('a hanging health_check is killed within the budget plus the kill margin and marked timed out', () => {
  const x = r.get('hanging')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, `health_check() timed out after ${seconds(TIMEOUT_MS)}; the process was killed`);
  assert.equal(x.details.timedOut, true);
  assert.equal(x.hooks.length, 1);
  assert.equal(x.hooks[0].hook, 'health_check');
  assert.equal(x.hooks[0].timedOut, true);
  assert.equal(x.hooks[0].ok, false);
  assert.ok(x.hooks[0].durationMs >= TIMEOUT_MS - 5, `hook ran ${x.hooks[0].durationMs} ms`);
  assert.ok(x.hooks[0].durationMs < TIMEOUT_MS + killMargin(), `hook ran ${x.hooks[0].durationMs} ms`);
});

test('from the hook start, a hung process is gone and its result in within the budget plus the kill margin', async () => {
  for (const target of ['floe_fx.hanging:HangingPlugin', 'floe_fx.spinning:SpinningPlugin']) {
    let hookStart = 0;
    const o = await runRunnerProcess(
      { mode: 'health', target, importRoots: [SRC], hooks: ['health_check'] },
      {
        python: PYTHON,
        runner: runnerPath(),
        budget: (phase) => (phase === 'health_check' ? TIMEOUT_MS : 30000),
        onEvent: (e) => {
          if (e.event === 'hook_start') hookStart = performance.now();
        },
      },
    );
    const killedAfter = performance.now() - hookStart;
    assert.ok(hookStart > 0, 'the hook started');
    assert.equal(o.timedOut?.phase, 'health_check');
    assert.equal(o.exitSignal, 'SIGKILL');
    assert.ok(killedAfter >= TIMEOUT_MS && killedAfter < TIMEOUT_MS + killMargin(), `${target}: result ${killedAfter} ms after the hook started`);
  }
});

test('a plugin spinning in C code with SIGTERM/SIGINT ignored is killed within the budget plus the kill margin', () => {
  const x = r.get('spinning')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, `health_check() timed out after ${seconds(TIMEOUT_MS)}; the process was killed`);
  assert.equal(x.hooks[0].timedOut, true);
  assert.ok(x.hooks[0].durationMs < TIMEOUT_MS + killMargin(), `hook ran ${x.hooks[0].durationMs} ms`);
});

test('the others finish on time, before the hung ones are killed', () => {
  const firstKill = Math.min(arrivedAt.get('hanging')!, arrivedAt.get('spinning')!);
  for (const name of ['healthy', 'degraded', 'noisy', 'os-exit', 'segfault']) {
    assert.ok(arrivedAt.get(name)! < firstKill, `${name} arrived at ${arrivedAt.get(name)} ms, the first kill at ${firstKill} ms`);
  }
  assert.equal(r.get('healthy')!.state, 'healthy');
  assert.equal(r.get('degraded')!.state, 'degraded');
  // All at once, two of them hung: the whole run ends one budget after the later hung hook began
  // (plus the kill margin), not after two budgets.
  const lastHungStart = Math.max(hookStartedAt(r.get('hanging')!), hookStartedAt(r.get('spinning')!));
  assert.ok(wallMs < lastHungStart + TIMEOUT_MS + killMargin(), `run took ${wallMs} ms; the later hung hook began at ${lastHungStart} ms`);
});

test('os._exit in a hook is reported with the exit code and the output so far', () => {
  const x = r.get('os-exit')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'health_check() ended the process (exit code 7) before reporting a result');
  assert.equal(x.details.stdout, 'about to leave\n');
  assert.deepEqual(
    x.hooks.map((h) => [h.hook, h.ok, h.error]),
    [['health_check', false, 'ended the process (exit code 7)']],
  );
});

test('a segfault is reported as a crash with the faulting frame from faulthandler', () => {
  const x = r.get('segfault')!;
  assert.equal(x.state, 'unhealthy');
  assert.equal(x.message, 'health_check() crashed (SIGSEGV: segmentation fault) before reporting a result');
  assert.equal(x.error?.type, 'SIGSEGV');
  // Only the crashing thread's frames, and of those the ones in the plugin's own files.
  assert.deepEqual(x.error?.traceback, [{ file: path.join(FX, 'segfault.py'), line: 8, function: 'health_check' }]);
  assert.match(String(x.details.stderr), /Segmentation fault/);
});

test('stdout noise (even fake protocol lines), chdir and a stray thread do not disturb the result', () => {
  const x = r.get('noisy')!;
  assert.equal(x.state, 'healthy');
  assert.equal(x.message, 'noisy but fine');
  const out = String(x.details.stdout);
  assert.ok(out.startsWith('{"event": "result", "state": "unhealthy", "message": "fake"}\n'));
  assert.match(out, /… \[\d+ characters left out\] …/);
  assert.ok(out.endsWith('last stdout line\n'));
  assert.ok(out.length < 5000, `stdout kept ${out.length} characters`);
  assert.equal(x.details.stderr, 'warning on stderr\n');
});

test('a non-daemon thread left behind does not keep the runner alive: it exits by itself, code 0', async () => {
  const o = await runRunnerProcess(
    { mode: 'health', target: 'floe_fx.noisy:NoisyPlugin', importRoots: [SRC], hooks: ['health_check'] },
    { python: PYTHON, runner: runnerPath(), budget: () => 30000 },
  );
  assert.equal(o.final?.state, 'healthy');
  assert.equal(o.exitCode, 0);
  assert.equal(o.exitSignal, null);
  assert.equal(o.timedOut, undefined);
});
