// The plugin package generator (server/src/engine/scaffold.ts): names validated, the package is
// clean for the engine, and its own tests pass in real Python (with a floe-core stand-in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/fs';
import { BUILTIN_PLUGIN_TYPES } from '../../server/src/engine/pluginTypes';
import { validatePluginName } from '../../shared/pluginName';
import { scaffoldPlugin, type ScaffoldResult } from '../../server/src/engine/scaffold';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { FIXTURES } from './harness';

const FLOE_WS = path.join(FIXTURES, '..', 'platform', 'ws');
const FLOE_CORE_SRC = path.join(FLOE_WS, 'packages', 'floe-core', 'src');

const types = [...BUILTIN_PLUGIN_TYPES];

test('plugin names are validated', () => {
  assert.equal(validatePluginName('my-duck'), undefined);
  assert.equal(validatePluginName('duck_db2'), undefined);
  for (const bad of ['', 'My', '1abc', 'a--b', 'a b', 'a-', 'x'.repeat(51)]) assert.ok(validatePluginName(bad), bad);
  const r = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'Bad Name', types, apiVersion: '1.0' });
  assert.equal((r as { error: string }).error, "'Bad Name' is not a valid plugin name. Start the name with a lowercase letter.");
  const long = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'x'.repeat(51), types, apiVersion: '1.0' });
  assert.match((long as { error: string }).error, /Keep the name to 50 characters or fewer\.$/, 'the wizard and the scaffold have one limit');
  const spaced = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: ' my-duck ', types, apiVersion: '1.0' });
  assert.equal((spaced as ScaffoldResult).distribution, 'floe-my-duck');
  const g = scaffoldPlugin({ root: '/tmp/x', group: 'floe.compute', name: 'ok', types, apiVersion: '1.0' });
  assert.match((g as { error: string }).error, /unknown plugin type group 'floe\.compute'/);
  const v = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'ok', types, apiVersion: 'one' });
  assert.match((v as { error: string }).error, /invalid platform API version/);
});

test('the class never shadows the ABC; abstract members from floe-core get stubs', () => {
  const r = scaffoldPlugin({ root: '/w', group: 'floe.computes', name: 'compute', types, apiVersion: '1.2', abstractMembers: ['name', 'run_sql', 'bad name'] }) as ScaffoldResult;
  assert.equal(r.className, 'ComputeComputePlugin');
  const main = r.files.find((f) => f.path === r.mainFile)!.content;
  assert.match(main, /^class ComputeComputePlugin\(ComputePlugin\):$/m);
  assert.match(main, /def run_sql\(self, \*args: Any, \*\*kwargs: Any\) -> Any:/);
  assert.doesNotMatch(main, /bad name/);
  assert.match(main, /return "1\.2"/);
  assert.equal(main.split('\n')[r.mainRange.start.line].slice(r.mainRange.start.character, r.mainRange.end.character), 'ComputeComputePlugin');
});

test('a scaffolded package is clean for the engine and its tests pass in Python', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-scaffold-'));
  try {
    const r = scaffoldPlugin({ root, group: 'floe.catalogs', name: 'my-cat', types, apiVersion: '1.0', abstractMembers: ['connect'], fs: new NodeFileSystem() }) as ScaffoldResult;
    assert.equal(r.distribution, 'floe-my-cat');
    assert.equal(r.module, 'floe_my_cat');
    for (const f of r.files) { fs.mkdirSync(path.dirname(f.path), { recursive: true }); fs.writeFileSync(f.path, f.content); }
    // The folder exists now: a second scaffold is refused.
    const again = scaffoldPlugin({ root, group: 'floe.catalogs', name: 'my-cat', types, apiVersion: '1.0', fs: new NodeFileSystem() });
    assert.match((again as { error: string }).error, /already exists/);

    const result = new FloeWorkspace(root).analyze();
    assert.equal(result.plugins.length, 1);
    const p = result.plugins[0];
    assert.equal(p.id, 'floe.catalogs:my-cat@floe-my-cat/pyproject.toml');
    assert.deepEqual(p.name, { ...p.name, kind: 'known', value: 'my-cat' });
    assert.equal(p.cls?.name, 'MyCatPlugin');
    assert.equal(p.configSchema?.className, 'MyCatConfig');
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'), []);

    // Run the generated tests with pytest against a floe-core laid out as floe's (ABCs in their modules).
    const stub = FLOE_CORE_SRC;
    const py = spawnSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_plugin.py'], {
      cwd: path.join(root, 'floe-my-cat'),
      env: { ...process.env, PYTHONPATH: [path.join(root, 'floe-my-cat', 'src'), stub].join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.equal(py.status, 0, py.stdout + py.stderr);
    assert.match(py.stdout, /3 passed/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('each ABC is imported from where floe-core defines it; none is unresolved against floe-core', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-scaffold-imports-'));
  try {
    fs.cpSync(path.join(FLOE_WS, 'packages'), path.join(root, 'packages'), { recursive: true });
    const lines: string[] = [];
    for (const t of types) {
      const r = scaffoldPlugin({ root: path.join(root, 'plugins'), group: t.group, name: `x-${t.category.replace(/_/g, '-')}`, types, apiVersion: '1.0' }) as ScaffoldResult;
      const main = r.files.find((f) => f.path === r.mainFile)!.content;
      lines.push(main.split('\n').find((l) => l.includes(`import ${t.abc}`))!);
      for (const f of r.files) { fs.mkdirSync(path.dirname(f.path), { recursive: true }); fs.writeFileSync(f.path, f.content); }
    }
    assert.deepEqual(lines, [
      'from floe_core.plugins.compute import ComputePlugin',
      'from floe_core.plugins.orchestrator import OrchestratorPlugin',
      'from floe_core.plugins.catalog import CatalogPlugin',
      'from floe_core.plugins.storage import StoragePlugin',
      'from floe_core.plugins.telemetry import TelemetryBackendPlugin',
      'from floe_core.plugins.lineage import LineageBackendPlugin',
      'from floe_core.plugins.dbt import DBTPlugin',
      'from floe_core.plugins.semantic import SemanticLayerPlugin',
      'from floe_core.plugins.ingestion import IngestionPlugin',
      'from floe_core.plugins.secrets import SecretsPlugin',
      'from floe_core.plugins.identity import IdentityPlugin',
      'from floe_core.plugins.quality import QualityPlugin',
      'from floe_core.plugins.rbac import RBACPlugin',
      'from floe_core.plugins.alert_channel import AlertChannelPlugin',
      'from floe_core.plugins.network_security import NetworkSecurityPlugin',
    ]);
    const result = new FloeWorkspace(root).analyze();
    assert.equal(result.platform.floeCore?.version, '0.1.0');
    assert.equal(result.plugins.length, types.length);
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'unresolved-import' || d.code === 'not-a-plugin-class'), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
