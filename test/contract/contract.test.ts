// Generated contract tests, run with real pytest in a throwaway virtualenv: they pass on correct
// plugins and fail with a message that says what to fix on broken ones, in both variants (floe's
// test base classes, from a fixture `testing/base_classes` with the real public names, and the
// self-contained one); `floe-plugins test` prints one line per plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testCommand } from '../../server/src/cli/test';
import { planContractTests, type ContractPlan } from '../../server/src/engine/contract';
import { staticSchemas } from '../../server/src/engine/verify';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { makeWorkspace, REPO, type VerifyWorkspace } from '../verify/helpers';

const BASE_CLASSES = path.join(REPO, 'test', 'fixtures', 'contract', 'testing');

async function floeTest(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await testCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out, err };
}

/** Plan the contract tests of every workspace plugin and write them (as the editor command does). */
function writeContractTests(w: VerifyWorkspace, sitePackages: string[] = []): Map<string, ContractPlan> {
  const ws = new FloeWorkspace(w.root, { python: w.venv.python });
  const r = ws.analyze();
  const plans = new Map<string, ContractPlan>();
  for (const p of r.plugins) {
    const plan = planContractTests(r, p, ws.fs, { sitePackages, staticSchema: staticSchemas(ws.python) });
    assert.ok(!('error' in plan), JSON.stringify(plan));
    fs.mkdirSync(path.dirname(plan.file), { recursive: true });
    fs.writeFileSync(plan.file, plan.content);
    plans.set(`${p.group}:${p.entryPoint}`, plan);
  }
  return plans;
}

test('self-contained: correct plugins pass (a config built from the model, a constructor that needs it, the separately loaded group)', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good', 'floe-catalog-ok', 'floe-network-security-calico'] });
  const plans = writeContractTests(w);
  assert.deepEqual(
    [...plans.values()].map((p) => [path.relative(w.root, p.file), p.variant]),
    [
      ['plugins/floe-catalog-ok/tests/test_ok_contract.py', 'self-contained'],
      ['plugins/floe-compute-good/tests/test_good_contract.py', 'self-contained'],
      ['plugins/floe-network-security-calico/tests/test_calico_contract.py', 'self-contained'],
    ],
  );
  const good = plans.get('floe.computes:good')!.content;
  assert.ok(good.includes('\n# floe-contract: floe.computes:good\n'));
  assert.ok(
    good.includes(
      '\ntry:\n    from floe_compute_good.config import GoodConfig\n    from floe_compute_good.plugin import GoodPlugin\nexcept ImportError as exc:\n',
    ),
  );
  assert.ok(good.includes('\nCONFIG_MODEL = GoodConfig\n'));
  assert.ok(good.includes('\nCONFIG = {"warehouse": "example"}\n'), 'the required field, a placeholder of its type');
  assert.ok(good.includes('\nfrom floe_core.plugins.compute import ComputePlugin\n'));
  // floe creates network-security plugins with cls() only.
  assert.ok(plans.get('floe.network_security:calico')!.content.includes('    return plugin_class()\n'));
  const r = await floeTest([w.root, '--python', w.venv.python]);
  assert.equal(r.code, 0, r.out.join('\n') + r.err.join('\n'));
  assert.deepEqual(r.out.slice(1), [
    '✓ floe.catalogs:ok  10 passed  plugins/floe-catalog-ok/tests/test_ok_contract.py',
    '✓ floe.computes:good  10 passed  plugins/floe-compute-good/tests/test_good_contract.py',
    '✓ floe.network_security:calico  10 passed  plugins/floe-network-security-calico/tests/test_calico_contract.py',
    '3 plugins: 3 passed, 0 failed, 0 without contract tests',
  ]);
});

test('self-contained: a broken plugin fails, each test saying what to fix, and so does one that is not installed; exit 1', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-sloppy', 'floe-lineage-local'], installed: ['floe-compute-sloppy'] });
  writeContractTests(w);
  const r = await floeTest([w.root, '--python', w.venv.python]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.slice(1), [
    '✗ floe.computes:sloppy  6 passed, 4 failed  plugins/floe-compute-sloppy/tests/test_sloppy_contract.py',
    "    ✗ TestSloppyContract::test_name_is_the_entry_point_name  AssertionError: floe registers the plugin under its entry-point name 'sloppy' (manifests select it so), but activate_all() and dependency resolution use its name 'sloppy-compute': use one name for both",
    "    ✗ TestSloppyContract::test_version_is_semver  AssertionError: version must be a semver string X.Y.Z, got '1.0'",
    "    ✗ TestSloppyContract::test_health_check_returns_a_health_status_within_its_budget  AssertionError: health_check() must accept timeout= (floe's PluginMetadata.health_check(self, timeout=None))",
    "    ✗ TestSloppyContract::test_lifecycle_startup_health_check_shutdown  AssertionError: health_check() after startup() returned {'state': 'healthy'}, not a HealthStatus",
    '✗ floe.lineage_backends:local  1 error  plugins/floe-lineage-local/tests/test_local_contract.py',
    "    ✗ importing the test file  ImportError: cannot import the plugin (floe_lineage_local.plugin): No module named 'floe_lineage_local'; install it in this interpreter (pip install -e <its folder>)",
    '2 plugins: 0 passed, 2 failed, 0 without contract tests',
  ]);
});

test("base classes: subclasses of floe's test base classes that apply to the type, required attributes filled in; pass and fail", async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good', 'floe-catalog-ok'] });
  fs.cpSync(BASE_CLASSES, path.join(w.root, 'testing'), { recursive: true });
  const plans = writeContractTests(w);
  const ok = plans.get('floe.catalogs:ok')!;
  assert.equal(ok.variant, 'base-classes');
  assert.deepEqual(ok.baseClasses, ['BasePluginMetadataTests', 'BasePluginDiscoveryTests', 'BasePluginLifecycleTests', 'BaseCatalogPluginTests']);
  assert.deepEqual(plans.get('floe.computes:good')!.baseClasses, ['BasePluginMetadataTests', 'BasePluginDiscoveryTests', 'BasePluginLifecycleTests']);
  const text = ok.content;
  for (const line of [
    '_WORKSPACE = Path(__file__).resolve().parents[3]',
    'from testing.base_classes import BaseCatalogPluginTests, BasePluginDiscoveryTests, BasePluginLifecycleTests, BasePluginMetadataTests  # noqa: E402',
    'class TestOkPluginMetadata(BasePluginMetadataTests):',
    '    plugin_class = PLUGIN_CLASS',
    '    expected_name = "ok"',
    '    expected_entry_point_group = "floe.catalogs"',
    '    expected_floe_api_version = "1.0"',
    'class TestOkPluginDiscovery(BasePluginDiscoveryTests):',
    '    expected_module_prefix = "floe_catalog_ok"',
    '    expected_class_name = "OkCatalogPlugin"',
    '    expected_plugin_abc = CatalogPlugin',
    '    def create_plugin_instance(self, plugin_class):',
    'class TestOkCatalogPlugin(BaseCatalogPluginTests):',
    '    def catalog_plugin(self):',
  ])
    assert.ok(text.split('\n').includes(line), line);
  const r = await floeTest([w.root, '--python', w.venv.python]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.slice(1), [
    '✗ floe.catalogs:ok  11 passed, 1 failed  plugins/floe-catalog-ok/tests/test_ok_contract.py',
    '    ✗ TestOkPluginMetadata::test_config_schema_is_a_model  AssertionError: get_config_schema() must return a model class',
    '✓ floe.computes:good  10 passed  plugins/floe-compute-good/tests/test_good_contract.py',
    '2 plugins: 1 passed, 1 failed, 0 without contract tests',
  ]);
});

test('base classes from site-packages; one not exported by the package is imported from its module', () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good'] });
  fs.cpSync(BASE_CLASSES, path.join(w.venv.site, 'testing'), { recursive: true });
  // An RBAC plugin: BaseRBACPluginTests is not in the package's __init__, as in floe.
  const pkg = path.join(w.root, 'plugins', 'floe-rbac-x');
  fs.mkdirSync(path.join(pkg, 'src', 'floe_rbac_x'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'pyproject.toml'),
    '[project]\nname = "floe-rbac-x"\nversion = "0.1.0"\n\n[project.entry-points."floe.rbac"]\nx = "floe_rbac_x.plugin:XPlugin"\n',
  );
  fs.writeFileSync(
    path.join(pkg, 'src', 'floe_rbac_x', 'plugin.py'),
    'from floe_core.plugins.rbac import RBACPlugin\n\n\nclass XPlugin(RBACPlugin):\n    name = "x"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n\n    def generate_role(self, *args):\n        return {}\n',
  );
  const ws = new FloeWorkspace(w.root, { python: w.venv.python });
  const r = ws.analyze();
  const p = r.plugins.find((x) => x.entryPoint === 'x')!;
  const plan = planContractTests(r, p, ws.fs, { sitePackages: [w.venv.site], staticSchema: staticSchemas(ws.python) }) as ContractPlan;
  assert.equal(plan.variant, 'base-classes');
  const lines = plan.content.split('\n');
  assert.ok(lines.includes('from testing.base_classes import BasePluginDiscoveryTests, BasePluginLifecycleTests, BasePluginMetadataTests'), plan.content);
  assert.ok(lines.includes('from testing.base_classes.base_rbac_plugin_tests import BaseRBACPluginTests'));
  assert.ok(lines.includes('from floe_core.plugins.rbac import RBACPlugin'));
  assert.ok(!plan.content.includes('_WORKSPACE'), 'site-packages is importable as it is');
});

test('never overwrites: an existing file gets a new name; an installed plugin is refused with why', () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good'] });
  const tests = path.join(w.plugin('floe-compute-good'), 'tests');
  fs.mkdirSync(tests, { recursive: true });
  fs.writeFileSync(path.join(tests, 'test_good_contract.py'), '# mine\n');
  const ws = new FloeWorkspace(w.root, { python: w.venv.python });
  const r = ws.analyze();
  const plan = planContractTests(r, r.plugins[0], ws.fs, { sitePackages: [], staticSchema: staticSchemas(ws.python) }) as ContractPlan;
  assert.equal(plan.file, path.join(tests, 'test_good_contract_2.py'));
  assert.equal(fs.readFileSync(path.join(tests, 'test_good_contract.py'), 'utf8'), '# mine\n');
  const installed = { ...r.plugins[0], decl: { ...r.plugins[0].decl, source: 'installed' as const } };
  assert.deepEqual(planContractTests(r, installed, ws.fs, { sitePackages: [], staticSchema: staticSchemas(ws.python) }), {
    error: 'floe.computes:good is installed (floe-compute-good), not a package of this workspace: create its contract tests in its own repository',
  });
});

test('floe-plugins test: plugins without contract tests are listed; pytest missing is one message; usage errors exit 2', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good'] });
  const none = await floeTest([w.root, '--python', w.venv.python]);
  assert.equal(none.code, 0);
  assert.deepEqual(none.out.slice(1), [
    '- floe.computes:good  no contract tests (create them with Floe: Create Contract Tests)',
    '1 plugin: 0 passed, 0 failed, 1 without contract tests',
  ]);
  writeContractTests(w);
  // An interpreter without pytest: a virtualenv that does not see the system site-packages.
  const bare = path.join(path.dirname(w.venv.dir), 'bare');
  const { spawnSync } = await import('node:child_process');
  assert.equal(spawnSync('python3', ['-m', 'venv', '--without-pip', bare]).status, 0);
  const r = await floeTest([w.root, '--python', path.join(bare, 'bin', 'python')]);
  assert.equal(r.code, 2);
  assert.deepEqual(r.err.slice(0, 1), [`floe-plugins test: pytest is not installed in ${path.join(bare, 'bin', 'python')}`]);
  for (const [args, re] of [
    [[w.root, '--format', 'json'], /--format must be text/],
    [[w.root, '--python', w.venv.python, '--plugin', 'x:y'], /no plugin matches 'x:y'/],
  ] as Array<[string[], RegExp]>) {
    const u = await floeTest(args);
    assert.equal(u.code, 2);
    assert.match(u.err.join('\n'), re);
  }
});
