// The verification process: budgets per plugin phase (start-up excluded), a plugin that hangs is
// killed and reported while a new process carries on, cancellation kills the process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runPlatform } from '../../server/src/engine/verify/platformRun';
import { killMargin, pythonBudget } from '../lib/machine';
import { makeWorkspace } from './helpers';

/** Live verify processes started with this interpreter (not zombies). */
function verifyProcesses(python: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(python) && l.includes('floe_verify.py') && !/\bZ/.test(l.trim().split(/\s+/)[1] ?? ''));
}

test('a plugin whose import hangs is killed at the phase budget and reported; a second process verifies the rest', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good', 'floe-compute-hang', 'floe-catalog-ok'] });
  const budget = pythonBudget(1000);
  const reported: string[] = [];
  const run = await runPlatform(
    [
      { group: 'floe.computes', name: 'good' },
      { group: 'floe.computes', name: 'hang' },
      { group: 'floe.catalogs', name: 'ok' },
    ],
    { python: w.venv.python, cwd: w.root, phaseTimeoutMs: budget, full: true, onPlugin: (p) => reported.push(p.key) },
  );
  assert.equal(run.fatal, undefined);
  assert.equal(run.processes, 2);
  assert.deepEqual(reported, ['floe.computes:good', 'floe.computes:hang', 'floe.catalogs:ok']);
  const hang = run.plugins.get('floe.computes:hang')!;
  assert.equal(hang.loaded, false);
  assert.equal(hang.error?.message, `importing floe.computes:hang timed out after ${Number((budget / 1000).toFixed(2))} s; the process was killed`);
  assert.equal(run.plugins.get('floe.catalogs:ok')!.loaded, true);
  // The second process loads the plugins reported before again: the resolution sees them all.
  assert.deepEqual(run.dependencies, { order: ['good', 'ok'], error: null });
  assert.ok(run.startupMs! > 0, 'start-up measured');
  assert.deepEqual(verifyProcesses(w.venv.python), []);
});

test('cancelling kills the running process at once and reports what finished', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good', 'floe-compute-hang'] });
  const ac = new AbortController();
  let abortedAt = 0;
  const run = await runPlatform(
    [
      { group: 'floe.computes', name: 'good' },
      { group: 'floe.computes', name: 'hang' },
    ],
    {
      python: w.venv.python,
      cwd: w.root,
      phaseTimeoutMs: 60_000,
      full: false,
      signal: ac.signal,
      onPlugin: (p) => {
        if (p.name === 'good') {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    },
  );
  const end = performance.now();
  assert.equal(run.cancelled, true);
  assert.equal(run.processes, 1);
  assert.deepEqual([...run.plugins.keys()], ['floe.computes:good']);
  assert.ok(end - abortedAt < killMargin(), `ended ${end - abortedAt} ms after the abort`);
  assert.deepEqual(verifyProcesses(w.venv.python), []);
});
