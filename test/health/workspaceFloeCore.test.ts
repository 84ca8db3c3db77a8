// A workspace that holds floe-core's own source (a floe monorepo): health checks import that
// floe-core, even though the interpreter has none installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repo = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');

test("health checks import the workspace's floe-core source", () => {
  const ws = path.join(repo, 'test', 'e2e', 'workspace');
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'floe-plugins.js'), 'health', ws, '--python', 'python3', '--format', 'json'], {
    encoding: 'utf8',
  });
  const j = JSON.parse(r.stdout);
  const states = Object.fromEntries(j.results.map((x: { name: string; state: string }) => [x.name, x.state]));
  assert.deepEqual(states, { polaris: 'unhealthy', marquez: 'degraded', duckdb: 'unhealthy' });
  // duckdb's manifest config (threads: 128) fails its own model, so no hook runs.
  const duckdb = j.results.find((x: { name: string }) => x.name === 'duckdb');
  assert.equal(duckdb.message, 'the manifest config is invalid for DuckDBConfig (1 error); no hook was run');
  assert.deepEqual(duckdb.details.configErrors, [{ field: 'threads', message: 'Input should be less than or equal to 64', type: 'less_than_equal' }]);
  assert.equal(r.status, 1, 'an unhealthy plugin makes the command fail');
  for (const x of j.results) assert.doesNotMatch(x.message, /No module named/);
});
