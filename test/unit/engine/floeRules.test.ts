// floe's registry rules over plugins that use floe's real patterns: names and lookups by entry
// point, duplicates, API-version parsing, the separately loaded network-security group, ABC
// derivation, dependencies, and floe_core imports the floe-core in use does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import type { AnalysisResult, Diagnostic, Range } from '../../../server/src/engine/model';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { FIXTURE_CORE, PLATFORM_WS, REPO, pluginBody, pluginPackage, treeOf } from './floeFixture';

const CORE_FILES = treeOf(path.dirname(path.dirname(FIXTURE_CORE)), '/ws/packages/floe-core');
const WS_FILE = (rel: string) => path.join(PLATFORM_WS, rel);

/** Range of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): Range {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `'${needle}' #${nth}`);
  }
  return new LineIndex(text).range(i, i + needle.length);
}
const read = (f: string) => fs.readFileSync(f, 'utf8');
const full = (ds: Diagnostic[]) => ds.map((d) => [d.file, d.range, d.severity, d.code, d.message]);
const memory = (files: Record<string, string>, options = {}): AnalysisResult =>
  new FloeWorkspace('/ws', options, new MemoryFileSystem({ ...CORE_FILES, ...files })).analyze();

const RBAC_IMPL = '\n    def generate_role(self, *args):\n        return {}\n';
const SECRETS_IMPL = '\n    def get_secret(self, key):\n        return None\n';

test("the fixture workspace: every diagnostic of floe's rules, exact", () => {
  const r = new FloeWorkspace(PLATFORM_WS).analyze();
  const rbacToml = WS_FILE('plugins/floe-rbac-k8s/pyproject.toml');
  const typo = WS_FILE('plugins/floe-rbac-typo/src/floe_rbac_typo/plugin.py');
  const t = read(typo);
  assert.deepEqual(full(r.diagnostics.filter((d) => d.code !== 'dynamic-metadata')), [
    [
      rbacToml,
      at(read(rbacToml), 'k8s', 1),
      'warning',
      'name-mismatch',
      "Entry point 'k8s' differs from the plugin's name 'k8s-rbac'. floe registers and finds the plugin by its entry-point name (a manifest selects it as 'k8s'), " +
        "but PluginRegistry.activate_all() and dependency resolution go by 'k8s-rbac': activate_all() finds no registered plugin of that name and skips it (its startup() never runs), " +
        "and other plugins must list it as 'k8s-rbac' in their dependencies. Use one name for both.",
    ],
    [
      typo,
      at(t, 'RbacPlugin'),
      'error',
      'unresolved-import',
      "Cannot import name 'RbacPlugin' from 'floe_core.plugins': floe-core 0.1.0 neither defines nor re-exports it there; importing this module raises ImportError, " +
        'so the plugin cannot be loaded. Did you mean: from floe_core.plugins.rbac import RBACPlugin?',
    ],
    [
      typo,
      at(t, 'floe_core.schemas'),
      'warning',
      'unresolved-import',
      "No module named 'floe_core.schemas' in floe-core 0.1.0: only type checkers read this import, and they will not find it.",
    ],
    [
      typo,
      at(t, 'RBACPlugin'),
      'warning',
      'unresolved-import',
      "Cannot import name 'RBACPlugin' from 'floe_core.plugins': floe-core 0.1.0 neither defines nor re-exports it there; this import raises ImportError " +
        'if it runs (it is inside a try statement). Did you mean: from floe_core.plugins.rbac import RBACPlugin?',
    ],
    [
      typo,
      at(t, 'PluginNotFound'),
      'warning',
      'unresolved-import',
      "Cannot import name 'PluginNotFound' from 'floe_core.plugin_errors': floe-core 0.1.0 neither defines nor re-exports it there; this import raises ImportError " +
        'when the function runs. Did you mean: from floe_core.plugin_errors import PluginNotFoundError?',
    ],
  ]);
  const rows = r.plugins.map((p) => [p.group, p.entryPoint, p.name.kind === 'known' ? p.name.value : null, p.compatibility, p.state]);
  assert.deepEqual(rows, [
    ['floe.alert_channels', 'chat', 'chat', 'compatible', 'ok'],
    ['floe.computes', 'duck', 'duck', 'compatible', 'ok'],
    ['floe.lineage_backends', 'graph', 'graph', 'compatible', 'ok'],
    // floe never checks a network-security plugin's API version (it declares 2.0).
    ['floe.network_security', 'k8s', 'k8s-network-security', 'unknown', 'ok'],
    ['floe.rbac', 'k8s', 'k8s-rbac', 'compatible', 'warning'],
    ['floe.rbac', 'typo', 'typo', 'compatible', 'error'],
  ]);
  assert.ok(!r.order.some((id) => id.startsWith('floe.network_security')), 'network security takes no part in dependency resolution');
});

test('agrees with real Python: the plugins whose module cannot be imported are the ones with an unresolved-import error', () => {
  const r = new FloeWorkspace(PLATFORM_WS).analyze();
  const paths = [path.dirname(FIXTURE_CORE), ...r.plugins.flatMap((p) => p.decl.importRoots)];
  const targets = r.plugins.map((p) => p.target.split(':'));
  const script = `import importlib, json, sys\nout = {}\nfor mod, attr in ${JSON.stringify(targets)}:\n    try:\n        getattr(importlib.import_module(mod), attr)\n        out[mod] = "ok"\n    except ImportError as e:\n        out[mod] = "ImportError"\nprint(json.dumps(out))\n`;
  const py = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: paths.join(path.delimiter) } });
  assert.equal(py.status, 0, py.stderr);
  const outcome = JSON.parse(py.stdout) as Record<string, string>;
  const failing = new Set(r.diagnostics.filter((d) => d.code === 'unresolved-import' && d.severity === 'error').map((d) => d.pluginId));
  for (const p of r.plugins) assert.equal(outcome[p.target.split(':')[0]], failing.has(p.id) ? 'ImportError' : 'ok', p.id);
  assert.equal(failing.size, 1);
});

test('duplicate entry points: a warning on each, first found kept (registry), last kept (network security)', () => {
  const files = {
    ...pluginPackage(
      '/ws/plugins',
      'vault-a',
      'floe.secrets',
      pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', 'vault', SECRETS_IMPL),
      'vault',
    ),
    ...pluginPackage(
      '/ws/plugins',
      'vault-b',
      'floe.secrets',
      pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', 'vault-b', SECRETS_IMPL),
      'vault',
    ),
    ...pluginPackage(
      '/ws/plugins',
      'net-a',
      'floe.network_security',
      pluginBody(
        'from floe_core.plugins import NetworkSecurityPlugin',
        'NetworkSecurityPlugin',
        'net-a',
        '\n    def generate_network_policy(self, *a):\n        return {}\n',
      ),
      'k8s',
    ),
    ...pluginPackage(
      '/ws/plugins',
      'net-b',
      'floe.network_security',
      pluginBody(
        'from floe_core.plugins import NetworkSecurityPlugin',
        'NetworkSecurityPlugin',
        'net-b',
        '\n    def generate_network_policy(self, *a):\n        return {}\n',
      ),
      'k8s',
    ),
  };
  const r = memory(files);
  const dup = r.diagnostics.filter((d) => d.code === 'duplicate-plugin');
  const toml = (n: string) => `/ws/plugins/${n}/pyproject.toml`;
  const line6 = (n: number) => ({ start: { line: 5, character: 0 }, end: { line: 5, character: n } });
  const reg = (other: string) =>
    `Entry point 'vault' in floe.secrets is also declared by ${other}: floe's discovery keeps the first of them it finds and skips the others with a warning (discover_group.duplicate), so only one of them is loaded. Rename one entry point or remove one distribution.`;
  const net = (other: string) =>
    `Entry point 'k8s' in floe.network_security is also declared by ${other}: floe's floe.network_security loader keeps one plugin per entry-point name (a later one replaces an earlier one), so only one of them is used. Rename one entry point or remove one distribution.`;
  assert.deepEqual(full(dup), [
    [toml('net-a'), line6(3), 'warning', 'duplicate-plugin', net('floe-net-b')],
    [toml('net-b'), line6(3), 'warning', 'duplicate-plugin', net('floe-net-a')],
    [toml('vault-a'), line6(5), 'warning', 'duplicate-plugin', reg('floe-vault-b')],
    [toml('vault-b'), line6(5), 'warning', 'duplicate-plugin', reg('floe-vault-a')],
  ]);
  // Keyed by entry-point name: the same plugin name under two entry points is no duplicate,
  // and the network-security names differing from their entry points are not reported at all.
  const r2 = memory({
    ...pluginPackage(
      '/ws/plugins',
      'x1',
      'floe.secrets',
      pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', 'same', SECRETS_IMPL),
      'same',
    ),
    ...pluginPackage(
      '/ws/plugins',
      'x2',
      'floe.secrets',
      pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', 'same', SECRETS_IMPL),
      'other',
    ),
  });
  assert.deepEqual(
    r2.diagnostics.filter((d) => d.code === 'duplicate-plugin'),
    [],
  );
  assert.deepEqual(
    r.diagnostics.filter((d) => d.code === 'name-mismatch').map((d) => d.file),
    [toml('vault-b')],
  );
});

test('API versions are parsed as floe parses them; the loader names the plugin by its entry point', () => {
  const body = (name: string, v: string) => pluginBody('from floe_core.plugins.rbac import RBACPlugin', 'RBACPlugin', name, RBAC_IMPL, v);
  const api = (name: string, v: string, ep = name) => pluginPackage('/ws/plugins', name, 'floe.rbac', body(name, v), ep);
  const r = memory({
    ...api('loose', '1.0.x'),
    ...api('spaced', ' 1.0'),
    ...api('signed', '+1.0'),
    ...api('vee', 'v1.0'),
    ...api('short', '1'),
    ...api('newer', '1.1', 'newer-ep'),
  });
  const file = (n: string) => `/ws/plugins/${n}/src/floe_${n}/plugin.py`;
  const versionRange = (n: string, v: string) => at(body(n, v), `"${v}"`);
  const api2 = r.diagnostics.filter((d) => d.code === 'invalid-api-version' || d.code === 'api-incompatible');
  assert.deepEqual(full(api2), [
    [
      file('newer'),
      versionRange('newer', '1.1'),
      'error',
      'api-incompatible',
      "Plugin 'newer-ep' requires API v1.1, but platform provides v1.0: the plugin needs minor version 1, newer than the platform's 0. The registry rejects it; target API 1.0 or run a newer platform.",
    ],
    [
      file('short'),
      versionRange('short', '1'),
      'error',
      'invalid-api-version',
      "floe cannot parse floe_api_version '1': loading the plugin raises ValueError: Invalid version format: '1'. Expected X.Y or X.Y.Z format (e.g., '1.0' or '1.0.0').",
    ],
    [
      file('vee'),
      versionRange('vee', 'v1.0'),
      'error',
      'invalid-api-version',
      "floe cannot parse floe_api_version 'v1.0': loading the plugin raises ValueError: Invalid version format: 'v1.0'. Expected X.Y or X.Y.Z format (e.g., '1.0' or '1.0.0').",
    ],
  ]);
  const compat = Object.fromEntries(r.plugins.map((p) => [p.entryPoint, p.compatibility]));
  assert.deepEqual(compat, { loose: 'compatible', 'newer-ep': 'incompatible', short: 'unknown', signed: 'compatible', spaced: 'compatible', vee: 'unknown' });
});

test('network security: no API-version check, no name check, its own type and label', () => {
  const r = memory(
    pluginPackage(
      '/ws/plugins',
      'net',
      'floe.network_security',
      pluginBody(
        'from floe_core.plugins import NetworkSecurityPlugin',
        'NetworkSecurityPlugin',
        'k8s-network-security',
        '\n    def generate_network_policy(self, *a):\n        return {}\n',
        'v9',
      ),
      'k8s',
    ),
  );
  assert.deepEqual(r.diagnostics, []);
  const p = r.plugins[0];
  assert.deepEqual([p.group, p.category, p.compatibility, p.state], ['floe.network_security', 'network_security', 'unknown', 'ok']);
  const t = r.platform.types.find((x) => x.group === p.group)!;
  assert.deepEqual([t.label, t.abc, t.loadedBy], ['Network Security', 'NetworkSecurityPlugin', 'separate']);
});

test('not-a-plugin-class names the ABC, its real import, and what floe does', () => {
  const body =
    'from floe_core.plugins import CatalogPlugin\n\n\nclass Plugin(CatalogPlugin):\n    name = "wrong"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n\n    def connect(self, c):\n        return None\n';
  const plain = 'class Plugin:\n    name = "plain"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n';
  const r = memory({ ...pluginPackage('/ws/plugins', 'wrong', 'floe.rbac', body), ...pluginPackage('/ws/plugins', 'plain', 'floe.alert_channels', plain) });
  const nap = r.diagnostics.filter((d) => d.code === 'not-a-plugin-class');
  assert.deepEqual(full(nap), [
    [
      '/ws/plugins/plain/src/floe_plain/plugin.py',
      at(plain, 'Plugin'),
      'error',
      'not-a-plugin-class',
      "'Plugin' does not derive from AlertChannelPlugin (from floe_core.plugins.alert_channel import AlertChannelPlugin): floe's loader does not check this (no isinstance check), " +
        "but the platform calls AlertChannelPlugin's methods on every floe.alert_channels plugin, and those it lacks fail.",
    ],
    [
      '/ws/plugins/wrong/src/floe_wrong/plugin.py',
      at(body, 'Plugin', 1),
      'error',
      'not-a-plugin-class',
      "'Plugin' derives from CatalogPlugin, not from RBACPlugin (from floe_core.plugins.rbac import RBACPlugin): floe's loader does not check this (no isinstance check), " +
        "but the platform calls RBACPlugin's methods on every floe.rbac plugin, and those it lacks fail.",
    ],
  ]);
});

test("missing dependencies and cycles in floe's words; dependencies go by plugin name", () => {
  const dep = (name: string, deps: string[], ep = name) =>
    pluginPackage(
      '/ws/plugins',
      name,
      'floe.secrets',
      pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', name, `    dependencies = ${JSON.stringify(deps)}\n${SECRETS_IMPL}`),
      ep,
    );
  const deps = ['b', 'ghost', 'rbac-by-nam'];
  // b names rbac-by-name by its name, not its entry point 'rb': satisfied.
  const r = memory({ ...dep('a', deps), ...dep('b', ['rbac-by-name']), ...dep('rbac-by-name', [], 'rb') });
  const f = '/ws/plugins/a/src/floe_a/plugin.py';
  const text = pluginBody('from floe_core.plugins import SecretsPlugin', 'SecretsPlugin', 'a', `    dependencies = ${JSON.stringify(deps)}\n${SECRETS_IMPL}`);
  const msg = "Plugin 'a' has missing dependencies: ghost, rbac-by-nam.";
  assert.deepEqual(full(r.diagnostics.filter((d) => d.code === 'missing-dependency')), [
    [
      f,
      at(text, '"ghost"'),
      'error',
      'missing-dependency',
      `${msg} No discovered plugin is named 'ghost'; floe's dependency resolution (activate_all) raises this error.`,
    ],
    [
      f,
      at(text, '"rbac-by-nam"'),
      'error',
      'missing-dependency',
      `${msg} No discovered plugin is named 'rbac-by-nam' (did you mean 'rbac-by-name'?); floe's dependency resolution (activate_all) raises this error.`,
    ],
  ]);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.code === 'missing-dependency' && d.file.includes('/b/')),
    [],
  );
  const r2 = memory({ ...dep('a', ['b']), ...dep('b', ['a']) });
  assert.deepEqual(
    r2.diagnostics.filter((d) => d.code === 'dependency-cycle').map((d) => d.message.split('. ')[0]),
    ['Circular dependency: a -> b -> a', 'Circular dependency: a -> b -> a'],
  );
});

test('unresolved-import: modules, submodules, lazy exports, installed plugins, and no judgement without a full floe-core', () => {
  const src = [
    'from floe_core import plugins, HealthStatus',
    'from floe_core.network import get_network_security_plugin, whatever',
    'import floe_core.plugins.rbac',
    'import floe_core.nope.deeper as nd',
    'from floe_core.plugins.rbac import RBACPlugin',
    'try:',
    '    import yaml',
    'except ImportError:',
    '    from floe_core.vendored import yaml',
    '',
    '',
    'class Plugin(RBACPlugin):',
    '    name = "imp"',
    '    version = "0.1.0"',
    '    floe_api_version = "1.0"',
    '',
    '    def generate_role(self, *args):',
    '        return {}',
    '',
  ].join('\n');
  const files = pluginPackage('/ws/plugins', 'imp', 'floe.rbac', src);
  const r = memory(files);
  const file = '/ws/plugins/imp/src/floe_imp/plugin.py';
  assert.deepEqual(full(r.diagnostics), [
    [
      file,
      at(src, 'floe_core.nope'),
      'error',
      'unresolved-import',
      "No module named 'floe_core.nope' in floe-core 0.1.0: importing this module raises ModuleNotFoundError, so the plugin cannot be loaded.",
    ],
    [
      file,
      at(src, 'floe_core.vendored'),
      'warning',
      'unresolved-import',
      "No module named 'floe_core.vendored' in floe-core 0.1.0: this import raises ModuleNotFoundError if it runs (it is inside a try statement).",
    ],
  ]);
  assert.equal(r.plugins[0].state, 'error');

  // An installed plugin (its own site-packages) is warned about, as its other resolution problems are.
  const sp = '/ws/.venv/lib/python3.11/site-packages';
  const installed = {
    '/ws/.venv/pyvenv.cfg': '',
    [`${sp}/floe_imp-0.1.0.dist-info/METADATA`]: 'Name: floe-imp\nVersion: 0.1.0\n',
    [`${sp}/floe_imp-0.1.0.dist-info/entry_points.txt`]: '[floe.rbac]\nimp = floe_imp.plugin:Plugin\n',
    [`${sp}/floe_imp/__init__.py`]: '',
    [`${sp}/floe_imp/plugin.py`]: src,
  };
  const r2 = memory(installed);
  assert.deepEqual(
    r2.diagnostics.map((d) => [d.file, d.severity, d.code]),
    [
      [`${sp}/floe_imp/plugin.py`, 'warning', 'unresolved-import'],
      [`${sp}/floe_imp/plugin.py`, 'warning', 'unresolved-import'],
    ],
  );

  // No floe-core, or one not read in full: imports are not judged.
  const none = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.ok(!none.diagnostics.some((d) => d.code === 'unresolved-import'));
  const broken = { ...files, '/ws/packages/floe-core/src/floe_core/plugin_types.py': 'class PluginType(\n' };
  const odd = memory(broken);
  assert.deepEqual(
    odd.diagnostics.map((d) => d.code),
    ['floe-core-unreadable'],
  );
});

test('unresolved-import in a module the plugin imports at module level; not in one imported only inside a function', () => {
  const plugin = [
    'from floe_compose import helpers',
    'from floe_compose.plugin_base import Base',
    '',
    '',
    'class Plugin(Base):',
    '    name = "compose"',
    '    version = "0.1.0"',
    '    floe_api_version = "1.0"',
    '',
    '    def generate_role(self, *args):',
    '        from floe_compose import lazy',
    '        return lazy.make()',
    '',
  ].join('\n');
  const helpers = 'from floe_core.plugin_errors import PluginNotFound\n';
  const files = {
    ...pluginPackage('/ws/plugins', 'compose', 'floe.rbac', plugin),
    '/ws/plugins/compose/src/floe_compose/__init__.py': 'from floe_core import plugins as _plugins\n',
    '/ws/plugins/compose/src/floe_compose/helpers.py': helpers,
    '/ws/plugins/compose/src/floe_compose/plugin_base.py': 'from floe_core.plugins.rbac import RBACPlugin as Base\n',
    '/ws/plugins/compose/src/floe_compose/lazy.py': 'from floe_core.nothing import make\n',
  };
  const r = memory(files);
  assert.deepEqual(full(r.diagnostics), [
    [
      '/ws/plugins/compose/src/floe_compose/helpers.py',
      at(helpers, 'PluginNotFound'),
      'error',
      'unresolved-import',
      "Cannot import name 'PluginNotFound' from 'floe_core.plugin_errors': floe-core 0.1.0 neither defines nor re-exports it there; importing this module raises ImportError, " +
        'so the plugin cannot be loaded. Did you mean: from floe_core.plugin_errors import PluginNotFoundError?',
    ],
  ]);
  assert.equal(r.plugins[0].state, 'error');
});

test('unresolved-import follows edits of the plugin and of floe-core', () => {
  const src = (name: string) => pluginBody(`from floe_core.plugins import ${name}`, name, 'e', SECRETS_IMPL);
  const files = { ...CORE_FILES, ...pluginPackage('/ws/plugins', 'e', 'floe.secrets', src('SecretPlugin')) };
  const mem = new MemoryFileSystem(files);
  const ws = new FloeWorkspace('/ws', {}, mem);
  const codes = () =>
    ws
      .analyze()
      .diagnostics.filter((d) => d.code === 'unresolved-import')
      .map((d) => d.message.split(':')[0]);
  assert.deepEqual(codes(), ["Cannot import name 'SecretPlugin' from 'floe_core.plugins'"]);
  const file = '/ws/plugins/e/src/floe_e/plugin.py';
  mem.write(file, src('SecretsPlugin'));
  ws.invalidate([file]);
  assert.deepEqual(codes(), []);
  // floe-core stops exporting it: the import is judged again.
  const init = '/ws/packages/floe-core/src/floe_core/plugins/__init__.py';
  mem.write(init, files[init].replace('from floe_core.plugins.secrets import SecretsPlugin\n', ''));
  ws.invalidate([init]);
  assert.deepEqual(codes(), ["Cannot import name 'SecretsPlugin' from 'floe_core.plugins'"]);
});

test("the README's checks table documents the codes of these rules", () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## What it checks'), readme.indexOf('### Silencing a problem'));
  for (const code of [
    'unresolved-import',
    'floe-core-unreadable',
    'duplicate-plugin',
    'name-mismatch',
    'invalid-api-version',
    'api-incompatible',
    'not-a-plugin-class',
    'missing-dependency',
  ]) {
    assert.match(table, new RegExp(`^\\| (\`[a-z-]+\`[ /,]+)*\`${code}\``, 'm'), code);
  }
});
