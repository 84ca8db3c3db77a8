// get_config_schema() -> model_json_schema(), exported by running the plugin's Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportConfigSchemas } from '../../server/src/engine/health/schemaExport';
import { killMargin, pythonBudget } from '../lib/machine';
import { fx, PYTHON } from './helpers';

// Each export imports pydantic: the per-phase budget fits this machine's Python start-up.
const TIMEOUT_MS = Math.ceil(pythonBudget(1000) / 100) * 100;

test('schemas are exported for plugins that have one; the others say why not', async () => {
  const problems = new Map<string, string>();
  const missing = new Map<string, unknown>();
  const t0 = performance.now();
  const schemas = await exportConfigSchemas(
    [
      fx('configured', 'configured:ConfiguredPlugin'),
      fx('configured-with-config', 'configured:ConfiguredPlugin', { config: { host: 'h' } }),
      fx('healthy', 'healthy:HealthyPlugin'),
      fx('missing-import', 'missing_import:MissingImportPlugin'),
      fx('slow-import', 'slow_import:SlowImportPlugin'),
    ],
    {
      python: PYTHON,
      timeoutMs: TIMEOUT_MS,
      parallel: 5,
      onProblem: (id, why, m) => {
        problems.set(id, why);
        if (m) missing.set(id, m);
      },
    },
  );
  const wall = performance.now() - t0;
  assert.deepEqual([...schemas.keys()].sort(), ['floe.computes:configured', 'floe.computes:configured-with-config']);
  const s = schemas.get('floe.computes:configured')!;
  assert.equal(s.title, 'FxConfig');
  assert.deepEqual(s.required, ['host']);
  assert.equal(s.additionalProperties, false);
  assert.deepEqual(s.properties, {
    host: { title: 'Host', type: 'string' },
    port: { title: 'Port', type: 'integer', default: 5432 },
  });
  assert.deepEqual(Object.fromEntries(problems), {
    'floe.computes:healthy': 'get_config_schema() returned None',
    'floe.computes:missing-import': "ModuleNotFoundError: No module named 'floe_nonexistent_sdk'",
    'floe.computes:slow-import': `timed out after ${TIMEOUT_MS} ms`,
  });
  // Only the import that failed for want of a module names it, with the module whose import needed it.
  assert.deepEqual(Object.fromEntries(missing), {
    'floe.computes:missing-import': { missingModule: 'floe_nonexistent_sdk', importedBy: 'floe_fx.missing_import' },
  });
  // The hung import holds the run for one budget after its interpreter started, no longer (five
  // interpreters starting at once fit in one more budget: it is three Python start-ups).
  assert.ok(wall < 2 * TIMEOUT_MS + killMargin(), `export took ${wall} ms with a budget of ${TIMEOUT_MS} ms`);
});
