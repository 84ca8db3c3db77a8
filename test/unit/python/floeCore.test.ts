// Reading floe-core's PluginType enum, API version and ABC abstract members from source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { FIXTURES, memWorkspace, r } from './helpers';

const CORE = path.join(FIXTURES, 'floe_core_src/floe_core');

test('readFloeCore: plugin types, API version with range, abstract members per ABC', () => {
  const py = new PythonAnalyzer(new NodeFileSystem());
  const info = py.readFloeCore(CORE);
  assert.ok(info);
  assert.equal(info.typesFile, path.join(CORE, 'plugin_types.py'));
  assert.deepEqual(info.types?.map((t) => [t.enumName, t.group, t.category, t.abc, t.origin]), [
    ['COMPUTE', 'floe.computes', 'compute', 'ComputePlugin', 'floe-core'],
    ['ORCHESTRATOR', 'floe.orchestrators', 'orchestrator', 'OrchestratorPlugin', 'floe-core'],
    ['CATALOG', 'floe.catalogs', 'catalog', 'CatalogPlugin', 'floe-core'],
    ['LINEAGE_BACKEND', 'floe.lineage_backends', 'lineage_backend', 'LineageBackendPlugin', 'floe-core'],
    ['DBT', 'floe.dbt', 'dbt', 'DBTPlugin', 'floe-core'],
    ['QUALITY', 'floe.quality', 'quality', 'QualityPlugin', 'floe-core'],
  ]);
  assert.equal(info.apiVersion, '1.2');
  assert.equal(info.apiVersionFile, path.join(CORE, 'version_compat.py'));
  assert.deepEqual(info.apiVersionRange, r(2, 31, 2, 36));
  assert.deepEqual(info.abstractMembers, {
    PluginMetadata: ['name', 'version', 'floe_api_version'],
    CatalogPlugin: ['connect'],
    ComputePlugin: ['generate_dbt_profile', 'validate_connection'],
  });
  assert.deepEqual(info.abcLocations?.ComputePlugin, { file: path.join(CORE, 'plugins/compute.py'), range: r(5, 6, 5, 19) });
  assert.ok(info.files?.includes(path.join(CORE, 'plugins/catalog.py')));
});

test('readFloeCore: missing folder or a folder with nothing floe-like gives undefined', () => {
  const { py } = memWorkspace({ 'other/x.py': 'X = 1\n' });
  assert.equal(py.readFloeCore('/ws/nope'), undefined);
  assert.equal(py.readFloeCore('/ws/other'), undefined);
});

test('readFloeCore: PluginType must be an Enum; members that are not strings are skipped', () => {
  const { py } = memWorkspace({
    'floe_core/a.py': 'class PluginType:\n    COMPUTE = "floe.computes"\n',
    'floe_core/types/b.py': 'import enum\n\nclass PluginType(enum.Enum):\n    COMPUTE = "floe.computes"\n    WEIRD = 3\n    lower = "x"\n',
  });
  const info = py.readFloeCore('/ws/floe_core');
  assert.deepEqual(info?.types?.map((t) => t.group), ['floe.computes']);
  assert.equal(info?.typesFile, '/ws/floe_core/types/b.py');
  assert.equal(info?.apiVersion, undefined);
});
