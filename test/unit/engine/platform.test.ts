// The platform as the engine sees it: plugin types paired with floe-core's ABCs by name, labels
// from floe-core's names, the separately loaded network-security group, which floe-core is used
// (workspace source before installed copies) and the built-in table when none can be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import { BUILTIN_PLUGIN_TYPES, labelFromAbc, pairingKey } from '../../../server/src/engine/pluginTypes';
import type { PluginTypeInfo } from '../../../server/src/engine/model';
import { FIXTURE_CORE, PLATFORM_WS, pluginBody, pluginPackage, treeOf } from './floeFixture';

const CORE_FILES = treeOf(path.dirname(path.dirname(FIXTURE_CORE)), '/ws/packages/floe-core');
const row = (t: PluginTypeInfo) => [t.enumName, t.group, t.abc, t.abcModule, t.abcExported, t.label, t.loadedBy, t.aliases ?? []];

const EXPECTED = [
  ['COMPUTE', 'floe.computes', 'ComputePlugin', 'floe_core.plugins.compute', true, 'Compute', 'registry', []],
  ['ORCHESTRATOR', 'floe.orchestrators', 'OrchestratorPlugin', 'floe_core.plugins.orchestrator', true, 'Orchestrator', 'registry', []],
  ['CATALOG', 'floe.catalogs', 'CatalogPlugin', 'floe_core.plugins.catalog', true, 'Catalog', 'registry', []],
  ['STORAGE', 'floe.storage', 'StoragePlugin', 'floe_core.plugins.storage', true, 'Storage', 'registry', []],
  ['TELEMETRY_BACKEND', 'floe.telemetry_backends', 'TelemetryBackendPlugin', 'floe_core.plugins.telemetry', true, 'Telemetry Backend', 'registry', []],
  ['LINEAGE_BACKEND', 'floe.lineage_backends', 'LineageBackendPlugin', 'floe_core.plugins.lineage', true, 'Lineage Backend', 'registry', ['LINEAGE']],
  ['DBT', 'floe.dbt', 'DBTPlugin', 'floe_core.plugins.dbt', true, 'DBT', 'registry', []],
  ['SEMANTIC_LAYER', 'floe.semantic_layers', 'SemanticLayerPlugin', 'floe_core.plugins.semantic', true, 'Semantic Layer', 'registry', []],
  ['INGESTION', 'floe.ingestion', 'IngestionPlugin', 'floe_core.plugins.ingestion', true, 'Ingestion', 'registry', []],
  ['SECRETS', 'floe.secrets', 'SecretsPlugin', 'floe_core.plugins.secrets', true, 'Secrets', 'registry', []],
  ['IDENTITY', 'floe.identity', 'IdentityPlugin', 'floe_core.plugins.identity', true, 'Identity', 'registry', []],
  ['QUALITY', 'floe.quality', 'QualityPlugin', 'floe_core.plugins.quality', true, 'Quality', 'registry', []],
  ['RBAC', 'floe.rbac', 'RBACPlugin', 'floe_core.plugins.rbac', false, 'RBAC', 'registry', []],
  ['ALERT_CHANNEL', 'floe.alert_channels', 'AlertChannelPlugin', 'floe_core.plugins.alert_channel', false, 'Alert Channel', 'registry', []],
  ['NETWORK_SECURITY', 'floe.network_security', 'NetworkSecurityPlugin', 'floe_core.plugins.network_security', true, 'Network Security', 'separate', []],
];

test('types read from floe-core source: each member paired with its ABC by name, never derived from the enum', () => {
  const r = new FloeWorkspace(PLATFORM_WS).analyze();
  assert.deepEqual(r.platform.types.map(row), EXPECTED);
  assert.ok(r.platform.types.every((t) => t.origin === 'floe-core'));
  const groups = r.platform.types.map((t) => t.group);
  assert.equal(new Set(groups).size, groups.length, 'no group twice');
  assert.deepEqual(r.platform.floeCore, { path: FIXTURE_CORE, version: '0.1.0', source: 'workspace' });
  assert.equal(r.platform.floeCoreSourceRoot, path.dirname(FIXTURE_CORE));
});

test('the built-in table is the same as what floe-core 0.1.0 holds', () => {
  assert.deepEqual(BUILTIN_PLUGIN_TYPES.map(row), EXPECTED);
  assert.ok(BUILTIN_PLUGIN_TYPES.every((t) => t.origin === 'builtin'));
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem({ '/ws/x/pyproject.toml': '[project]\nname = "x"\n' })).analyze();
  assert.deepEqual(r.platform.types.map(row), EXPECTED);
  assert.equal(r.platform.floeCore, undefined);
  assert.deepEqual(r.diagnostics, []);
});

test('labels and pairing keys from floe-core names', () => {
  assert.deepEqual(['RBACPlugin', 'DBTPlugin', 'LineageBackendPlugin', 'AlertChannelPlugin', 'NetworkSecurityPlugin', 'HTTPServerPlugin'].map(labelFromAbc), [
    'RBAC',
    'DBT',
    'Lineage Backend',
    'Alert Channel',
    'Network Security',
    'HTTP Server',
  ]);
  assert.deepEqual(
    [
      ['RBAC', 'RBACPlugin'],
      ['LINEAGE_BACKEND', 'LineageBackendPlugin'],
      ['DBT', 'DBTPlugin'],
      ['ALERT_CHANNEL', 'AlertChannelPlugin'],
    ].map(([e, c]) => pairingKey(e) === pairingKey(c)),
    [true, true, true, true],
  );
});

test('floe-core only in the virtualenv: read from site-packages, version from its dist-info', () => {
  const sp = '/ws/.venv/lib/python3.11/site-packages';
  const files: Record<string, string> = {
    '/ws/.venv/pyvenv.cfg': 'home = /usr/bin\n',
    ...treeOf(FIXTURE_CORE, `${sp}/floe_core`),
    [`${sp}/floe_core-0.2.0.dist-info/METADATA`]: 'Metadata-Version: 2.1\nName: floe-core\nVersion: 0.2.0\n',
    ...pluginPackage(
      '/ws',
      'k8s-rbac',
      'floe.rbac',
      pluginBody('from floe_core.plugins.rbac import RBACPlugin', 'RBACPlugin', 'k8s-rbac', '\n    def generate_role(self, *args):\n        return {}\n'),
    ),
  };
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(r.platform.floeCore, { path: `${sp}/floe_core`, version: '0.2.0', source: 'site-packages' });
  assert.equal(r.platform.floeCoreSourceRoot, undefined, 'an installed floe-core is already on the interpreter path');
  assert.equal(r.platform.types.find((t) => t.group === 'floe.rbac')!.abc, 'RBACPlugin');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.plugins[0].state, 'ok');
});

test('workspace source wins over an installed floe-core', () => {
  const sp = '/ws/.venv/lib/python3.11/site-packages';
  const installed = treeOf(FIXTURE_CORE, `${sp}/floe_core`);
  installed[`${sp}/floe_core/version_compat.py`] = 'FLOE_PLUGIN_API_VERSION = "1.4"\n';
  const files = { '/ws/.venv/pyvenv.cfg': '', ...installed, ...CORE_FILES };
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(r.platform.floeCore, { path: '/ws/packages/floe-core/src/floe_core', version: '0.1.0', source: 'workspace' });
  assert.equal(r.platform.apiVersion, '1.0');
});

test('a floe-core whose enum does not parse: one information diagnostic, the built-in table stands in', () => {
  const files = { ...CORE_FILES };
  const typesFile = '/ws/packages/floe-core/src/floe_core/plugin_types.py';
  files[typesFile] = files[typesFile].replace('    RBAC = "floe.rbac"', '    RBAC = ("floe.rbac"');
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(r.platform.types.map(row), EXPECTED);
  assert.ok(r.platform.types.every((t) => t.origin === 'builtin'));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.file, d.range, d.severity, d.code, d.message]),
    [
      [
        typesFile,
        { start: { line: 23, character: 4 }, end: { line: 23, character: 5 } },
        'information',
        'floe-core-unreadable',
        'floe-core at packages/floe-core/src/floe_core could not be read in full: plugin_types.py does not parse (line 24), so the plugin types cannot be read from it. ' +
          'The built-in table (floe-core 0.1.0) stands in for what could not be read.',
      ],
    ],
  );
  // Still the floe-core in use (its version and API version are read).
  assert.equal(r.platform.floeCore?.version, '0.1.0');
  assert.equal(r.platform.apiVersionOrigin, 'floe-core');
});

test('a floe-core without a plugins/ folder: types from its enum, ABC names from the built-in table', () => {
  const files = Object.fromEntries(Object.entries(CORE_FILES).filter(([f]) => !f.includes('/floe_core/plugins/')));
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(r.platform.types.map(row), EXPECTED);
  assert.ok(r.platform.types.every((t) => t.origin === 'floe-core'));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.file, d.range.start, d.code, d.message]),
    [
      [
        '/ws/packages/floe-core/src/floe_core/__init__.py',
        { line: 0, character: 0 },
        'floe-core-unreadable',
        'floe-core at packages/floe-core/src/floe_core could not be read in full: there is no plugins/ folder, so the plugin ABCs cannot be read. ' +
          'The built-in table (floe-core 0.1.0) stands in for what could not be read.',
      ],
    ],
  );
});

test('an enum without members, and a member no ABC pairs with', () => {
  const files = { ...CORE_FILES };
  const typesFile = '/ws/packages/floe-core/src/floe_core/plugin_types.py';
  files[typesFile] = 'from enum import Enum\n\n\nclass PluginType(Enum):\n    pass\n';
  const r = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(r.platform.types.map(row), EXPECTED);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.range, d.message]),
    [
      [
        { start: { line: 3, character: 6 }, end: { line: 3, character: 16 } },
        'floe-core at packages/floe-core/src/floe_core could not be read in full: PluginType has no members with an entry-point group. ' +
          'The built-in table (floe-core 0.1.0) stands in for what could not be read.',
      ],
    ],
  );

  files[typesFile] = 'from enum import Enum\n\n\nclass PluginType(Enum):\n    COMPUTE = "floe.computes"\n    WIDGET = "floe.widgets"\n';
  const r2 = new FloeWorkspace('/ws', {}, new MemoryFileSystem(files)).analyze();
  assert.deepEqual(
    r2.platform.types.map((t) => [t.enumName, t.abc, t.abcModule, t.label]),
    [
      ['COMPUTE', 'ComputePlugin', 'floe_core.plugins.compute', 'Compute'],
      ['WIDGET', 'PluginMetadata', 'floe_core.plugin_metadata', 'Widget'],
      ['NETWORK_SECURITY', 'NetworkSecurityPlugin', 'floe_core.plugins.network_security', 'Network Security'],
    ],
  );
  assert.deepEqual(
    r2.diagnostics.map((d) => [d.file, d.range, d.code, d.message]),
    [
      [
        typesFile,
        { start: { line: 5, character: 4 }, end: { line: 5, character: 10 } },
        'floe-core-unreadable',
        'floe-core at packages/floe-core/src/floe_core could not be read in full: no class under floe_core/plugins/ derives from PluginMetadata with a name matching WIDGET ' +
          '(its plugins are checked against PluginMetadata only). The built-in table (floe-core 0.1.0) stands in for what could not be read.',
      ],
    ],
  );
});

test('extra groups: an ABC whose name pairs with the group, else PluginMetadata; never a group twice', () => {
  const r = new FloeWorkspace('/ws', { extraGroups: ['floe.widgets', 'floe.rbac', 'floe.compute'] }, new MemoryFileSystem(CORE_FILES)).analyze();
  const extra = r.platform.types.filter((t) => t.origin === 'option');
  assert.deepEqual(
    extra.map((t) => [t.group, t.abc, t.abcModule, t.label, t.loadedBy]),
    [
      ['floe.widgets', 'PluginMetadata', 'floe_core.plugin_metadata', 'Widget', 'registry'],
      ['floe.compute', 'ComputePlugin', 'floe_core.plugins.compute', 'Compute', 'registry'],
    ],
  );
  assert.equal(r.platform.types.filter((t) => t.group === 'floe.rbac').length, 1);
});

test('agrees with real Python importing the fixture floe-core: members, aliases, exports', () => {
  const script = [
    'import json, sys',
    'import floe_core.plugins as P',
    'from floe_core.plugin_types import PluginType',
    'from floe_core.network import generator',
    'abcs = {}',
    'for mod in ["rbac", "alert_channel", "compute", "lineage", "network_security"]:',
    '    m = __import__("floe_core.plugins." + mod, fromlist=["x"])',
    '    for k, v in vars(m).items():',
    '        if isinstance(v, type) and v.__module__ == m.__name__:',
    '            abcs[k] = hasattr(P, k)',
    'print(json.dumps({"members": [[t.name, t.value] for t in PluginType], "aliases": sorted(k for k, v in PluginType.__members__.items() if v.name != k),',
    '  "group": generator.NETWORK_SECURITY_ENTRY_POINT_GROUP, "exported": abcs}))',
  ].join('\n');
  const out = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.dirname(FIXTURE_CORE) } });
  assert.equal(out.status, 0, out.stderr);
  const py = JSON.parse(out.stdout) as { members: string[][]; aliases: string[]; group: string; exported: Record<string, boolean> };
  const types = new FloeWorkspace(PLATFORM_WS).analyze().platform.types;
  assert.deepEqual(
    types.filter((t) => t.loadedBy === 'registry').map((t) => [t.enumName, t.group]),
    py.members,
  );
  assert.deepEqual(
    types.flatMap((t) => t.aliases ?? []),
    py.aliases,
  );
  assert.deepEqual(
    types.filter((t) => t.loadedBy === 'separate').map((t) => t.group),
    [py.group],
  );
  for (const t of types.filter((x) => x.abc in py.exported)) assert.equal(t.abcExported, py.exported[t.abc], t.abc);
  assert.equal(Object.keys(py.exported).length, 5);
});
