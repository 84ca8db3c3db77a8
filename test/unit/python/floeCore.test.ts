// Reading floe-core statically: the PluginType enum (aliases folded), the separately loaded group
// constant, the API version, __version__, the plugin ABCs under plugins/ and what cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { REPO, memWorkspace, r, rangeOf } from './helpers';

const CORE = path.join(REPO, 'test/fixtures/platform/ws/packages/floe-core/src/floe_core');
const OLD_CORE = path.join(REPO, 'test/fixtures/python/floe_core_src/floe_core');
const text = (rel: string) => fs.readFileSync(path.join(CORE, rel), 'utf8');

test('readFloeCore: the 14 PluginType members, LINEAGE folded into LINEAGE_BACKEND as an alias', () => {
  const info = new PythonAnalyzer(new NodeFileSystem()).readFloeCore(CORE)!;
  assert.equal(info.typesFile, path.join(CORE, 'plugin_types.py'));
  assert.deepEqual(
    info.enumMembers!.map((m) => [m.enumName, m.group, m.aliases ?? []]),
    [
      ['COMPUTE', 'floe.computes', []],
      ['ORCHESTRATOR', 'floe.orchestrators', []],
      ['CATALOG', 'floe.catalogs', []],
      ['STORAGE', 'floe.storage', []],
      ['TELEMETRY_BACKEND', 'floe.telemetry_backends', []],
      ['LINEAGE_BACKEND', 'floe.lineage_backends', ['LINEAGE']],
      ['DBT', 'floe.dbt', []],
      ['SEMANTIC_LAYER', 'floe.semantic_layers', []],
      ['INGESTION', 'floe.ingestion', []],
      ['SECRETS', 'floe.secrets', []],
      ['IDENTITY', 'floe.identity', []],
      ['QUALITY', 'floe.quality', []],
      ['RBAC', 'floe.rbac', []],
      ['ALERT_CHANNEL', 'floe.alert_channels', []],
    ],
  );
  assert.deepEqual(info.enumMembers![0].range, rangeOf(text('plugin_types.py'), 'COMPUTE'));
  assert.deepEqual(info.problems, []);
});

test('readFloeCore: the network-security group constant, API version, __version__', () => {
  const info = new PythonAnalyzer(new NodeFileSystem()).readFloeCore(CORE)!;
  const gen = text('network/generator.py');
  assert.deepEqual(info.separateGroups, [
    {
      enumName: 'NETWORK_SECURITY',
      group: 'floe.network_security',
      file: path.join(CORE, 'network/generator.py'),
      range: rangeOf(gen, '"floe.network_security"'),
    },
  ]);
  assert.equal(info.apiVersion, '1.0');
  assert.deepEqual(info.apiVersionRange, rangeOf(text('version_compat.py'), '"1.0"'));
  assert.equal(info.versionAttr, '0.1.0');
});

test('readFloeCore: ABCs under plugins/ with their module and whether floe_core.plugins exports them', () => {
  const info = new PythonAnalyzer(new NodeFileSystem()).readFloeCore(CORE)!;
  const abcs = Object.entries(info.abcs!)
    .map(([n, a]) => [n, a.module, a.exported])
    .sort();
  assert.deepEqual(abcs, [
    ['AlertChannelPlugin', 'floe_core.plugins.alert_channel', false],
    ['CatalogPlugin', 'floe_core.plugins.catalog', true],
    ['ComputePlugin', 'floe_core.plugins.compute', true],
    ['DBTPlugin', 'floe_core.plugins.dbt', true],
    ['IdentityPlugin', 'floe_core.plugins.identity', true],
    ['IngestionPlugin', 'floe_core.plugins.ingestion', true],
    ['LineageBackendPlugin', 'floe_core.plugins.lineage', true],
    ['NetworkSecurityPlugin', 'floe_core.plugins.network_security', true],
    ['OrchestratorPlugin', 'floe_core.plugins.orchestrator', true],
    ['QualityPlugin', 'floe_core.plugins.quality', true],
    ['RBACPlugin', 'floe_core.plugins.rbac', false],
    ['SecretScannerPlugin', 'floe_core.plugins.secret_scanner', false],
    ['SecretsPlugin', 'floe_core.plugins.secrets', true],
    ['SemanticLayerPlugin', 'floe_core.plugins.semantic', true],
    ['StoragePlugin', 'floe_core.plugins.storage', true],
    ['TelemetryBackendPlugin', 'floe_core.plugins.telemetry', true],
  ]);
  assert.deepEqual(info.abcs!.RBACPlugin.range, rangeOf(text('plugins/rbac.py'), 'RBACPlugin', 1));
  assert.deepEqual(info.abstractMembers!.PluginMetadata, ['name', 'version', 'floe_api_version']);
  assert.deepEqual(info.abstractMembers!.AlertChannelPlugin, ['validate_config', 'send_alert']);
  assert.deepEqual(info.abstractMembers!.RBACPlugin, ['generate_role']);
});

test('readFloeCore: an older, smaller floe-core (6 types, no network module, no __version__) is still read', () => {
  const info = new PythonAnalyzer(new NodeFileSystem()).readFloeCore(OLD_CORE)!;
  assert.deepEqual(
    info.enumMembers!.map((m) => m.enumName),
    ['COMPUTE', 'ORCHESTRATOR', 'CATALOG', 'LINEAGE_BACKEND', 'DBT', 'QUALITY'],
  );
  assert.deepEqual(info.separateGroups, []);
  assert.equal(info.apiVersion, '1.2');
  assert.deepEqual(info.apiVersionRange, r(2, 31, 2, 36));
  assert.equal(info.versionAttr, undefined);
  assert.deepEqual(info.abstractMembers, {
    PluginMetadata: ['name', 'version', 'floe_api_version'],
    CatalogPlugin: ['connect'],
    ComputePlugin: ['generate_dbt_profile', 'validate_connection'],
  });
  assert.deepEqual(info.abcLocations?.ComputePlugin, { file: path.join(OLD_CORE, 'plugins/compute.py'), range: r(5, 6, 5, 19) });
  assert.ok(info.files?.includes(path.join(OLD_CORE, 'plugins/catalog.py')));
});

test('readFloeCore: missing folder or a folder with nothing floe-like gives undefined', () => {
  const { py } = memWorkspace({ 'other/x.py': 'X = 1\n', 'floe_core/__init__.py': '"""Not floe."""\n' });
  assert.equal(py.readFloeCore('/ws/nope'), undefined);
  assert.equal(py.readFloeCore('/ws/other'), undefined);
  assert.equal(py.readFloeCore('/ws/floe_core'), undefined);
});

test('readFloeCore: PluginType found outside plugin_types.py; must be an Enum; members that are not strings are skipped', () => {
  const { py } = memWorkspace({
    'floe_core/a.py': 'class PluginType:\n    COMPUTE = "floe.computes"\n',
    'floe_core/types/b.py': 'import enum\n\nclass PluginType(enum.Enum):\n    COMPUTE = "floe.computes"\n    WEIRD = 3\n    lower = "x"\n',
  });
  const notEnum = py.readFloeCore('/ws/floe_core')!;
  assert.equal(notEnum.enumMembers, undefined);
  assert.deepEqual(
    notEnum.problems.map((p) => [p.file, p.range, p.message]),
    [
      ['/ws/floe_core/a.py', r(0, 6, 0, 16), 'PluginType is not an Enum'],
      ['/ws/floe_core/__init__.py', r(0, 0, 0, 0), 'there is no plugins/ folder, so the plugin ABCs cannot be read'],
    ],
  );
  const { py: py2 } = memWorkspace({
    'floe_core/types/b.py': 'import enum\n\nclass PluginType(enum.Enum):\n    COMPUTE = "floe.computes"\n    WEIRD = 3\n    lower = "x"\n',
    'floe_core/plugins/__init__.py': '',
  });
  const info = py2.readFloeCore('/ws/floe_core')!;
  assert.deepEqual(
    info.enumMembers?.map((m) => m.group),
    ['floe.computes'],
  );
  assert.equal(info.typesFile, '/ws/floe_core/types/b.py');
  assert.equal(info.apiVersion, undefined);
  assert.deepEqual(info.problems, []);
});

test('readFloeCore: what does not parse or has no members is a problem, never a throw', () => {
  const { py } = memWorkspace({
    'floe_core/plugin_types.py': 'from enum import Enum\n\nclass PluginType(Enum):\n    COMPUTE = "floe.computes"\n    CATALOG = (\n',
    'floe_core/network/generator.py': 'NETWORK_SECURITY_ENTRY_POINT_GROUP = (\n',
    'floe_core/plugins/__init__.py': '',
    'floe_core/plugins/compute.py': 'from floe_core.plugin_metadata import PluginMetadata\n\nclass ComputePlugin(PluginMetadata)\n    pass\n',
  });
  const info = py.readFloeCore('/ws/floe_core')!;
  assert.equal(info.enumMembers, undefined);
  assert.equal(info.separateGroups, undefined, 'an unreadable network loader leaves the group unknown');
  assert.equal(info.abcs, undefined);
  assert.deepEqual(
    info.problems.map((p) => [p.file, p.range, p.message]),
    [
      ['/ws/floe_core/plugin_types.py', r(5, 0, 5, 0), 'plugin_types.py does not parse (line 6), so the plugin types cannot be read from it'],
      [
        '/ws/floe_core/network/generator.py',
        r(1, 0, 1, 0),
        'generator.py does not parse (line 2), so the network-security entry-point group cannot be read from it',
      ],
      ['/ws/floe_core/plugins/compute.py', r(2, 35, 3, 0), 'plugins/compute.py (line 3) does not parse, so the plugin ABCs defined there cannot be read'],
    ],
  );
  const { py: empty } = memWorkspace({
    'floe_core/plugin_types.py': 'from enum import Enum\n\n\nclass PluginType(Enum):\n    """No members yet."""\n',
  });
  assert.deepEqual(
    empty.readFloeCore('/ws/floe_core')!.problems.map((p) => [p.range, p.message]),
    [
      [r(3, 6, 3, 16), 'PluginType has no members with an entry-point group'],
      [r(0, 0, 0, 0), 'there is no plugins/ folder, so the plugin ABCs cannot be read'],
    ],
  );
});
