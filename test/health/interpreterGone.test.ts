// The interpreter deleted or replaced while a run is under way: the plugins already running finish,
// the next ones say clearly that the interpreter is gone (no hang, no throw), and a replaced
// interpreter is the one the next plugin runs in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import { validateInterpreter } from '../../server/src/engine/health/interpreter';
import type { HealthResult } from '../../server/src/engine/health/types';
import { scaled } from '../lib/machine';
import { fx } from './helpers';

const real = (() => {
  const v = validateInterpreter('python3');
  if (!v.ok) throw new Error(v.error);
  return v.path;
})();

/** A folder with `bin/python` (a link to the real interpreter) and a gate the fixture plugins wait on. */
function setUp(): { dir: string; python: string; gate: string; started: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-interp-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  const python = path.join(dir, 'bin', 'python');
  fs.symlinkSync(real, python);
  const gate = path.join(dir, 'gate');
  return { dir, python, gate, started: () => fs.readdirSync(dir).filter((f) => f.startsWith('started-')).length };
}

/** Resolves when `cond` holds, polled, within a budget scaled to the machine. */
async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + scaled(ms);
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runGated(python: string, gate: string, during: () => void, started: () => number): Promise<HealthResult[]> {
  process.env.FLOE_TEST_GATE = gate;
  try {
    const run = runHealthChecks([fx('first', 'gated:GatedPlugin'), fx('second', 'gated:GatedPlugin')], { python, parallel: 1 });
    await until('the first plugin to be running', () => started() === 1);
    during();
    fs.writeFileSync(gate, '');
    return await run;
  } finally {
    delete process.env.FLOE_TEST_GATE;
  }
}

test('an interpreter deleted during a run: the running plugin finishes, the next one says the interpreter is gone', async () => {
  const { dir, python, gate, started } = setUp();
  try {
    const [first, second] = await runGated(python, gate, () => fs.rmSync(python), started);
    assert.equal(first.state, 'healthy', first.message);
    assert.equal(second.state, 'unhealthy');
    assert.equal(
      second.message,
      `the interpreter ${python} no longer exists (its environment was deleted or is being recreated); run the check again once it is back`,
    );
    assert.deepEqual(second.hooks, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an interpreter replaced during a run: the next plugin runs in the new one', async () => {
  const { dir, python, gate, started } = setUp();
  try {
    const replace = () => {
      fs.rmSync(python);
      fs.writeFileSync(python, `#!/bin/sh\nFLOE_TEST_MARK=new exec ${real} "$@"\n`, { mode: 0o755 });
    };
    const [first, second] = await runGated(python, gate, replace, started);
    assert.deepEqual([first.state, first.message], ['healthy', 'mark -']);
    assert.deepEqual([second.state, second.message], ['healthy', 'mark new']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
