// The floe-plugins command line, run as users run it (the bundled bin), on the example workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
const bin = path.join(repo, 'bin', 'floe-plugins.js');
const example = path.join(repo, 'examples', 'workspace');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repo });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check prints compiler-style lines and exits 1 on errors', () => {
  const r = run('check', example);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.match(lines.at(-1)!, /^\d+ plugins, 1 manifest: \d+ errors, \d+ warnings \(platform API 1\.0; no floe-core found: built-in table\)$/);
  assert.ok(
    lines.includes(
      "packages/floe-broken/pyproject.toml:5:23 error unknown-group Unknown entry-point group 'floe.computs': the platform never looks here, so this plugin is not discovered. Did you mean 'floe.computes'?",
    ),
    r.out,
  );
  for (const l of lines.slice(0, -1)) assert.match(l, /^[^:]+:\d+:\d+ (error|warning|information|hint) [a-z-]+ .+/);
});

test('check --format json has the documented shape', () => {
  const r = run('check', example, '--format', 'json');
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out);
  const duck = j.plugins.find((p: { name: string }) => p.name === 'duckdb');
  assert.deepEqual(Object.keys(duck).slice(0, 14), [
    'group',
    'entryPoint',
    'target',
    'name',
    'version',
    'floeApiVersion',
    'description',
    'dependencies',
    'distribution',
    'source',
    'file',
    'line',
    'configSchema',
    'compatibility',
  ]);
  assert.equal(duck.group, 'floe.computes');
  assert.equal(duck.target, 'floe_duckdb.plugin:DuckDBComputePlugin');
  assert.equal(duck.version, '0.1.0');
  assert.equal(duck.floeApiVersion, '1.0');
  assert.equal(duck.description, 'DuckDB compute for local and CI runs');
  assert.deepEqual(duck.dependencies, []);
  assert.equal(duck.source, 'workspace');
  assert.equal(duck.file, 'packages/floe-duckdb/src/floe_duckdb/plugin.py');
  assert.equal(duck.configSchema.className, 'DuckDBConfig');
  assert.equal(duck.configSchema.file, 'packages/floe-duckdb/src/floe_duckdb/config.py');
  const snow = j.plugins.find((p: { source: string }) => p.source === 'installed');
  assert.equal(snow.distribution, 'floe-snowflake');
  const d = j.diagnostics.find((x: { code: string }) => x.code === 'api-incompatible');
  assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
  assert.equal(d.file, 'packages/floe-marquez/src/floe_marquez/backend.py');
  assert.match(d.message, /^Plugin 'marquez' requires API v2\.0, but platform provides v1\.0/);
});

test('check --format sarif is SARIF 2.1.0 with one result per diagnostic', () => {
  const json = JSON.parse(run('check', example, '--format', 'json').out);
  const s = JSON.parse(run('check', example, '--format', 'sarif').out);
  assert.equal(s.version, '2.1.0');
  assert.equal(s.runs[0].tool.driver.name, 'floe-plugins');
  assert.equal(s.runs[0].results.length, json.diagnostics.length);
  const r0 = s.runs[0].results[0];
  assert.equal(r0.ruleId, json.diagnostics[0].code);
  assert.equal(r0.locations[0].physicalLocation.region.startLine, json.diagnostics[0].line);
});

test('--platform-api-version 2.0 makes marquez compatible', () => {
  const j = JSON.parse(run('check', example, '--format', 'json', '--platform-api-version', '2.0').out);
  assert.equal(j.platform.apiVersion, '2.0');
  assert.ok(!j.diagnostics.some((d: { code: string; message: string }) => d.code === 'api-incompatible' && d.message.includes('marquez')));
  // ... and every 1.x plugin incompatible instead.
  assert.ok(j.diagnostics.some((d: { code: string; message: string }) => d.code === 'api-incompatible' && d.message.includes("'duckdb'")));
});

test('list and order', () => {
  const l = run('list', example);
  assert.equal(l.code, 0);
  assert.match(l.out, /^platform API 1\.0 \(default\); no floe-core found: built-in table\nCompute/);
  assert.match(l.out, /Compute \(floe\.computes\)\n {2}✓ duckdb 0\.1\.0 {2}API 1\.0 compatible/);
  // The entry point first, the plugin's own name when it differs.
  assert.match(l.out, /Orchestrator \(floe\.orchestrators\)\n {2}✗ dagster-orch \(name dagster\) 0\.2\.0 {2}API 1\.0 compatible/);
  const o = run('order', example);
  assert.equal(o.code, 1, 'a cycle makes order fail');
  assert.match(o.out, /cycle: dagster -> dbt-core -> dagster \(not ordered\)/);
  const oj = JSON.parse(run('order', example, '--format', 'json').out);
  assert.deepEqual(oj.cycles, [['dagster', 'dbt-core', 'dagster']]);
});

test('usage errors exit 2 with a message', () => {
  const r = run('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command 'frobnicate'/);
  const f = run('check', example, '--format', 'xml');
  assert.equal(f.code, 2);
  assert.match(f.err, /--format must be text, json, sarif or gitlab/);
  const d = run('check', path.join(example, 'nope'));
  assert.equal(d.code, 2);
  assert.match(d.err, /is not a folder/);
});

test('--fail-on sets which problems fail the check', () => {
  // A workspace whose only problem is a warning (name-mismatch).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cli-warn-'));
  fs.mkdirSync(path.join(dir, 'floe_w'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "w"\n[project.entry-points."floe.computes"]\nwx = "floe_w:P"\n');
  fs.writeFileSync(
    path.join(dir, 'floe_w', '__init__.py'),
    'from floe_core.plugins import ComputePlugin\n\n\nclass P(ComputePlugin):\n    name = "w"\n    version = "1.0.0"\n    floe_api_version = "1.0"\n',
  );
  try {
    assert.match(run('check', dir).out, /warning name-mismatch/);
    assert.equal(run('check', dir).code, 0, 'warnings alone pass by default');
    assert.equal(run('check', dir, '--fail-on', 'warning').code, 1);
    assert.equal(run('check', example, '--fail-on', 'never').code, 0);
    const r = run('check', dir, '--fail-on', 'bogus');
    assert.equal(r.code, 2);
    assert.match(r.err, /--fail-on must be error, warning or never/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the floe-core in use: summary line, JSON platform.floeCore, and --python for check and list', () => {
  const ws = path.join(repo, 'test', 'fixtures', 'platform', 'ws');
  const text = run('check', ws);
  assert.match(text.out.trim().split('\n').at(-1)!, /\(platform API 1\.0; floe-core 0\.1\.0 at packages\/floe-core\/src\/floe_core\)$/);
  const j = JSON.parse(run('check', ws, '--format', 'json').out);
  assert.deepEqual(j.platform, {
    apiVersion: '1.0',
    apiVersionOrigin: 'floe-core',
    floeCore: { path: path.join(ws, 'packages/floe-core/src/floe_core'), version: '0.1.0' },
  });
  assert.equal(JSON.parse(run('check', example, '--format', 'json').out).platform.floeCore, null);

  // floe-core only in an interpreter's site-packages, given with --python.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cli-python-'));
  try {
    const sp = path.join(tmp, 'venv', 'lib', 'python3.11', 'site-packages');
    fs.mkdirSync(path.join(tmp, 'venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
    fs.writeFileSync(path.join(tmp, 'venv', 'bin', 'python'), '');
    fs.cpSync(path.join(ws, 'packages/floe-core/src/floe_core'), path.join(sp, 'floe_core'), { recursive: true });
    fs.cpSync(path.join(ws, 'plugins/floe-rbac-k8s'), path.join(tmp, 'proj', 'floe-rbac-k8s'), { recursive: true });
    const proj = path.join(tmp, 'proj');
    const python = path.join(tmp, 'venv', 'bin', 'python');
    const plain = JSON.parse(run('check', proj, '--format', 'json').out);
    assert.equal(plain.platform.floeCore, null);
    const withPy = JSON.parse(run('check', proj, '--format', 'json', '--python', python).out);
    assert.deepEqual(withPy.platform.floeCore, { path: path.join(sp, 'floe_core'), version: '0.1.0' });
    const l = run('list', proj, '--python', python);
    assert.match(
      l.out,
      new RegExp(
        `^platform API 1\\.0 \\(floe-core\\); floe-core 0\\.1\\.0 at ${sp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/floe_core \\(installed\\)\nRBAC \\(floe\\.rbac\\)\n {2}! k8s \\(name k8s-rbac\\)`,
      ),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
