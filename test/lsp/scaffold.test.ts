// The plugin package generator (server/src/engine/scaffold/): names validated; the package laid out
// and registered like the workspace's other plugin packages; the class implementing every abstract
// member of the type's ABC with floe-core's exact signatures; clean for the engine, importable and
// instantiable in real Python, its own tests passing (against a floe-core-shaped fixture).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/fs';
import { BUILTIN_PLUGIN_TYPES } from '../../server/src/engine/pluginTypes';
import { validatePluginName } from '../../shared/pluginName';
import { scaffoldPlugin, type ScaffoldOptions, type ScaffoldResult } from '../../server/src/engine/scaffold';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import type { TextEditData } from '../../server/src/engine/model';
import { pythonBudget } from '../lib/machine';
import { applyTextEdits } from '../lib/textEdits';
import { FIXTURES } from './harness';

const MONOREPO = path.join(FIXTURES, '..', 'monorepo');
const types = [...BUILTIN_PLUGIN_TYPES];

function tempCopy(from: string, prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** Apply text edits (several per file) to the files on disk. */
function applyEdits(edits: readonly TextEditData[]): void {
  const byFile = new Map<string, TextEditData[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, es] of byFile) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), es));
}

/** Scaffold in a workspace as the language server does: its platform, floe-core signatures and plugins. */
function scaffoldIn(root: string, o: Partial<ScaffoldOptions> & Pick<ScaffoldOptions, 'group' | 'name'>): ScaffoldResult {
  const ws = new FloeWorkspace(root);
  const r = ws.analyze();
  const core = r.platform.floeCore ? ws.python.readFloeCore(r.platform.floeCore.path) : undefined;
  const out = scaffoldPlugin({
    root,
    types: r.platform.types,
    apiVersion: r.platform.apiVersion,
    floeCoreVersion: r.platform.floeCore?.version,
    abstractSignatures: core?.abstractSignatures,
    plugins: r.plugins,
    fs: new NodeFileSystem(),
    ...o,
  });
  assert.ok(!('error' in out), JSON.stringify(out));
  return out;
}

function write(r: ScaffoldResult): void {
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.content);
  }
  applyEdits(r.edits);
}

const mainOf = (r: ScaffoldResult) => r.files.find((f) => f.path === r.mainFile)!.content;

test('plugin names are validated', () => {
  assert.equal(validatePluginName('my-duck'), undefined);
  assert.equal(validatePluginName('duck_db2'), undefined);
  for (const bad of ['', 'My', '1abc', 'a--b', 'a b', 'a-', 'x'.repeat(51)]) assert.ok(validatePluginName(bad), bad);
  const r = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'Bad Name', types, apiVersion: '1.0' });
  assert.equal((r as { error: string }).error, "'Bad Name' is not a valid plugin name. Start the name with a lowercase letter.");
  const long = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'x'.repeat(51), types, apiVersion: '1.0' });
  assert.match((long as { error: string }).error, /Keep the name to 50 characters or fewer\.$/, 'the wizard and the scaffold have one limit');
  const spaced = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: ' my-duck ', types, apiVersion: '1.0' });
  assert.equal((spaced as ScaffoldResult).distribution, 'floe-compute-my-duck');
  const g = scaffoldPlugin({ root: '/tmp/x', group: 'floe.compute', name: 'ok', types, apiVersion: '1.0' });
  assert.match((g as { error: string }).error, /unknown plugin type group 'floe\.compute'/);
  const v = scaffoldPlugin({ root: '/tmp/x', group: 'floe.computes', name: 'ok', types, apiVersion: 'one' });
  assert.match((v as { error: string }).error, /invalid platform API version/);
  const outside = scaffoldPlugin({ root: '/tmp/x', parent: '/tmp/y', group: 'floe.computes', name: 'ok', types, apiVersion: '1.0' });
  assert.equal((outside as { error: string }).error, '/tmp/y is not inside the workspace folder /tmp/x');
});

test('in a floe monorepo: plugins/floe-<type>-<name>, registered in the root pyproject.toml as the others are', () => {
  const root = tempCopy(MONOREPO, 'floe-scaffold-mono-');
  try {
    const r = scaffoldIn(root, { group: 'floe.computes', name: 'spark' });
    assert.equal(r.packageDir, path.join(root, 'plugins', 'floe-compute-spark'));
    assert.deepEqual(
      r.files.map((f) => path.relative(root, f.path)),
      [
        'plugins/floe-compute-spark/pyproject.toml',
        'plugins/floe-compute-spark/src/floe_compute_spark/__init__.py',
        'plugins/floe-compute-spark/src/floe_compute_spark/plugin.py',
        'plugins/floe-compute-spark/src/floe_compute_spark/config.py',
        'plugins/floe-compute-spark/tests/test_plugin.py',
      ],
    );
    assert.equal(r.className, 'SparkComputePlugin');
    const pyproject = r.files[0].content;
    assert.match(pyproject, /^name = "floe-compute-spark"$/m);
    // The workspace's plugins disagree (one each): floe's own choice, the package.
    assert.match(pyproject, /^\[project\.entry-points\."floe\.computes"\]\nspark = "floe_compute_spark:SparkComputePlugin"$/m);
    assert.match(pyproject, /^ {4}"floe-core>=0\.1\.0",$/m);
    assert.deepEqual(r.registered, ['[tool.uv.workspace] members', '[tool.uv.sources]', '[project] dependencies', '[tool.pytest.ini_options] pythonpath']);
    const before = fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8');
    write(r);
    const after = fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8');
    assert.equal(
      after,
      before
        .replace('    "floe-catalog-polaris",\n]', '    "floe-catalog-polaris",\n    "floe-compute-spark",\n]')
        .replace('    "plugins/floe-catalog-polaris",\n]', '    "plugins/floe-catalog-polaris",\n    "plugins/floe-compute-spark",\n]')
        .replace(
          'floe-catalog-polaris = { path = "plugins/floe-catalog-polaris", editable = true }\n',
          'floe-catalog-polaris = { path = "plugins/floe-catalog-polaris", editable = true }\nfloe-compute-spark = { path = "plugins/floe-compute-spark", editable = true }\n',
        )
        .replace('    "plugins/floe-catalog-polaris/src",\n]', '    "plugins/floe-catalog-polaris/src",\n    "plugins/floe-compute-spark/src",\n]'),
    );
    // The next one is registered again, and a second scaffold of the same plugin is refused.
    const again = scaffoldPlugin({ root, group: 'floe.computes', name: 'spark', types, apiVersion: '1.0', fs: new NodeFileSystem() });
    assert.match((again as { error: string }).error, /floe-compute-spark already exists$/);
    const result = new FloeWorkspace(root).analyze();
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.plugins.map((p) => p.id).sort(), [
      'floe.catalogs:polaris@plugins/floe-catalog-polaris/pyproject.toml',
      'floe.computes:duckdb@plugins/floe-compute-duckdb/pyproject.toml',
      'floe.computes:spark@plugins/floe-compute-spark/pyproject.toml',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the class implements every abstract member with its exact signature, imports and docstring', () => {
  const root = tempCopy(MONOREPO, 'floe-scaffold-sig-');
  try {
    const main = mainOf(scaffoldIn(root, { group: 'floe.computes', name: 'spark' }));
    const head = main.slice(0, main.indexOf('\n\n\nclass '));
    assert.equal(
      head,
      [
        '"""The spark compute plugin."""',
        '',
        'from __future__ import annotations',
        '',
        'from typing import Any',
        '',
        'from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec',
        'from floe_core.plugin_metadata import HealthState, HealthStatus',
        'from floe_core.plugins.compute import ComputePlugin',
        'from pydantic import BaseModel',
        '',
        'from floe_compute_spark.config import SparkComputeConfig',
      ].join('\n'),
    );
    for (const block of [
      '    @property\n    def name(self) -> str:\n        """The name the plugin is known by."""\n        return "spark"',
      '    @property\n    def floe_api_version(self) -> str:\n        """The plugin API version the plugin targets, X.Y."""\n        return "1.0"',
      '    def get_config_schema(self) -> type[BaseModel] | None:',
      '    def health_check(self, timeout: float | None = None) -> HealthStatus:',
      '    @property\n    def is_self_hosted(self) -> bool:\n        """True when the platform runs this engine itself, False when it connects to one run\n        elsewhere.\n        """\n        return False',
      // floe-core's docstring (its first paragraph), not the built-in table's words.
      '    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:\n        """Return the profiles.yml target dbt uses to reach this engine."""\n        raise NotImplementedError',
      '    def validate_connection(self, config: ComputeConfig) -> ConnectionResult:',
      '    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:',
    ])
      assert.ok(main.includes(block), `missing:\n${block}\nin:\n${main}`);
    assert.doesNotMatch(main, /\*args/);

    const orch = mainOf(scaffoldIn(root, { group: 'floe.orchestrators', name: 'flow' }));
    assert.ok(
      orch.includes(
        [
          '    def emit_lineage_event(',
          '        self,',
          '        event_type: RunState,',
          '        job_name: str,',
          '        job_namespace: str | None = None,',
          '        run_id: UUID | None = None,',
          '        inputs: list[LineageDataset] | None = None,',
          '        outputs: list[LineageDataset] | None = None,',
          '        run_facets: dict[str, Any] | None = None,',
          '        job_facets: dict[str, Any] | None = None,',
          '        producer: str | None = None,',
          '    ) -> UUID:',
        ].join('\n'),
      ),
      orch,
    );
    assert.match(
      orch,
      /^ {4}def generate_entry_point_code\(\n {8}self,\n {8}product_name: str,\n {8}output_dir: str,\n {8}\*,\n {8}lineage_enabled: bool = False,\n/m,
    );
    assert.match(orch, /^from uuid import UUID$/m);
    assert.match(orch, /^from floe_core\.lineage import LineageDataset, RunState$/m);
    assert.match(orch, /^from floe_core\.plugins\.orchestrator import OrchestratorPlugin, ResourceSpec, TransformConfig, ValidationResult$/m);

    const rbac = mainOf(scaffoldIn(root, { group: 'floe.rbac', name: 'k8s' }));
    assert.match(rbac, /^from floe_core\.plugins\.rbac import RBACPlugin$/m);
    // floe-core imports these for type checkers only: so does the plugin.
    assert.match(rbac, /^from typing import TYPE_CHECKING, Any$/m);
    assert.match(rbac, /^if TYPE_CHECKING:\n {4}from floe_core\.schemas\.rbac import NamespaceConfig, RoleBindingConfig, RoleConfig, ServiceAccountConfig$/m);
    assert.match(rbac, /^ {4}def generate_role\(self, config: RoleConfig\) -> dict\[str, Any\]:$/m);
    const alert = mainOf(scaffoldIn(root, { group: 'floe.alert_channels', name: 'pager' }));
    assert.match(alert, /^ {4}async def send_alert\(self, event: ContractViolationEvent\) -> bool:$/m);
    assert.match(alert, /^class PagerAlertChannelPlugin\(AlertChannelPlugin\):$/m);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('without floe-core source the built-in table gives the same signatures', () => {
  const root = tempCopy(MONOREPO, 'floe-scaffold-builtin-');
  try {
    const withCore = mainOf(scaffoldIn(root, { group: 'floe.catalogs', name: 'ice' }));
    const builtin = mainOf(scaffoldIn(root, { group: 'floe.catalogs', name: 'ice', abstractSignatures: undefined }));
    const defs = (s: string) => s.split('\n').filter((l) => /^ {4}(async )?def |^ {8}\w+: |^ {4}\) ->/.test(l));
    assert.deepEqual(defs(builtin), defs(withCore));
    assert.ok(defs(builtin).includes('    def create_table('));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('every plugin type: 0 diagnostics, imports cleanly and instantiates in Python, its tests pass', () => {
  const root = tempCopy(MONOREPO, 'floe-scaffold-all-');
  try {
    const made: ScaffoldResult[] = [];
    for (const t of types) {
      const r = scaffoldIn(root, { group: t.group, name: `x-${t.category.replace(/_/g, '-')}` });
      write(r);
      made.push(r);
    }
    const result = new FloeWorkspace(root).analyze();
    assert.equal(result.plugins.length, types.length + 2);
    assert.deepEqual(
      result.diagnostics.map((d) => `${path.relative(root, d.file)} ${d.code} ${d.message}`),
      [],
    );
    const roots = [path.join(root, 'packages', 'floe-core', 'src'), ...made.map((r) => path.join(r.packageDir, 'src'))];
    const script = [
      'import importlib',
      `for module, cls in ${JSON.stringify(made.map((r) => [r.module, r.className]))}:`,
      '    plugin = getattr(importlib.import_module(module), cls)()',
      '    assert plugin.get_config_schema() is not None',
      '    print(module, plugin.name, plugin.version, plugin.floe_api_version)',
    ].join('\n');
    const env = { ...process.env, PYTHONPATH: roots.join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' };
    const py = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', timeout: pythonBudget(60000) });
    assert.equal(py.status, 0, py.stdout + py.stderr);
    assert.equal(py.stdout.trim().split('\n').length, types.length);
    assert.match(py.stdout, /^floe_rbac_x_rbac x-rbac 0\.1\.0 1\.0$/m);
    const tests = spawnSync(
      'python3',
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--import-mode=importlib', ...made.map((r) => path.relative(root, r.files[4].path))],
      {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: pythonBudget(120000),
      },
    );
    assert.equal(tests.status, 0, tests.stdout + tests.stderr);
    assert.match(tests.stdout, new RegExp(`${types.length * 3} passed`));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a workspace with no plugins yet gets floe's layout; one that names them floe-<name> keeps that", () => {
  const empty = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-scaffold-empty-')));
  const basic = tempCopy(path.join(FIXTURES, 'basic'), 'floe-scaffold-basic-');
  try {
    const r = scaffoldIn(empty, { group: 'floe.catalogs', name: 'my-cat' });
    assert.equal(path.relative(empty, r.packageDir), 'plugins/floe-catalog-my-cat');
    assert.deepEqual(r.edits, [], 'no root pyproject.toml: nothing to register');
    write(r);
    const result = new FloeWorkspace(empty).analyze();
    assert.equal(result.plugins[0].id, 'floe.catalogs:my-cat@plugins/floe-catalog-my-cat/pyproject.toml');
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
    );
    // packages/floe-duck, packages/floe-ice: the same folder and naming, the entry point at the plugin module.
    const b = scaffoldIn(basic, { group: 'floe.storage', name: 'store' });
    assert.equal(path.relative(basic, b.packageDir), 'packages/floe-store');
    assert.match(b.files[0].content, /^store = "floe_store\.plugin:StoreStoragePlugin"$/m);
    // A folder chosen in the wizard.
    const c = scaffoldIn(basic, { group: 'floe.storage', name: 'store', parent: path.join(basic, 'extra') });
    assert.equal(path.relative(basic, c.packageDir), 'extra/floe-store');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(basic, { recursive: true, force: true });
  }
});
