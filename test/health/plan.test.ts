// One health run for the command line and the server: planHealthRun (targets, trust, interpreter)
// and runHealthPlan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planHealthRun, runHealthPlan } from '../../server/src/engine/health/run';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import type { HealthResult } from '../../server/src/engine/health/types';
import { WORKSPACE } from './helpers';

const analysis = new FloeWorkspace(WORKSPACE).analyze();
const idOf = (entryPoint: string) => analysis.plugins.find((p) => p.entryPoint === entryPoint)!.id;

test('no plugin to check: empty, and nothing is run', async () => {
  const plan = await planHealthRun(analysis, { root: WORKSPACE, ids: ['floe.computes:nope'], python: '/nonexistent/python' });
  assert.deepEqual(plan, { state: 'empty', root: WORKSPACE, targets: [] });
});

test('an untrusted folder is refused before any interpreter is looked at', async () => {
  const plan = await planHealthRun(analysis, { root: WORKSPACE, ids: [idOf('healthy')], python: '/nonexistent/python', trusted: false });
  assert.equal(plan.state, 'untrusted');
  assert.deepEqual(
    plan.targets.map((t) => t.entryPoint),
    ['healthy'],
  );
});

test('an interpreter that cannot run plugins is said with the reason', async () => {
  const plan = await planHealthRun(analysis, { root: WORKSPACE, ids: [idOf('healthy')], python: '/nonexistent/python' });
  assert.equal(plan.state, 'no-interpreter');
  assert.equal(plan.state === 'no-interpreter' && plan.error, '/nonexistent/python does not exist');
});

test('a ready plan runs its targets with the manifest config; every result names the interpreter', async () => {
  const plan = await planHealthRun(analysis, { root: WORKSPACE, ids: [idOf('healthy'), idOf('configured')], python: 'python3' });
  assert.equal(plan.state, 'ready');
  if (plan.state !== 'ready') return;
  assert.match(plan.version, /^3\.\d+\.\d+/);
  assert.deepEqual(
    plan.targets.map((t) => [t.entryPoint, t.config !== undefined]),
    [
      ['configured', true],
      ['healthy', false],
    ],
  );
  const streamed: HealthResult[] = [];
  const results = await runHealthPlan(plan, { onResult: (r) => streamed.push(r) });
  assert.deepEqual(
    results.map((r) => [r.entryPoint, r.state, r.python]),
    [
      ['configured', 'healthy', plan.python],
      ['healthy', 'healthy', plan.python],
    ],
  );
  assert.deepEqual(
    streamed.map((r) => r.python),
    [plan.python, plan.python],
  );
});
