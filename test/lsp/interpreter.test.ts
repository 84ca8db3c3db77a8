// Without an explicit interpreter the server looks for the folder's .venv at every run: a .venv
// created, deleted or recreated while the server runs is used (or left) by the next run, with no
// restart and no hung request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, LspClient, uri } from './harness';

const OK = 'floe.computes:okp@floe-okp/pyproject.toml';

function makeVenv(root: string): string {
  const r = spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(root, '.venv')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return path.join(root, '.venv', 'bin', 'python');
}

test('a .venv created, deleted and recreated while the server runs is picked up by the next health run', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true });
    await c.initialize([root]);
    await c.ready();
    const run = async () => {
      const r = await c.request('floe/runHealthChecks', { pluginIds: [OK] });
      assert.equal(r.refused, undefined, r.refused);
      assert.equal(r.results[0].state, 'healthy', r.results[0].message);
      return r.python as string;
    };
    const system = await run();
    assert.ok(!system.startsWith(root), system);
    const venv = makeVenv(root);
    assert.equal(await run(), venv, 'a .venv created after start-up is used');
    fs.rmSync(path.join(root, '.venv'), { recursive: true, force: true });
    assert.equal(await run(), system, 'without the .venv, python3 again');
    makeVenv(root);
    assert.equal(await run(), venv, 'the recreated .venv');
  } finally {
    await c.stop();
  }
});
