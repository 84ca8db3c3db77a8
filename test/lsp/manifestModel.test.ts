// floe-core's manifest model in the language server: when its static translation fails, a trusted
// folder exports it by running Python, and manifests are validated against the exported schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { copyFixture, LspClient, uri } from './harness';
import { pythonBudget } from '../lib/machine';
import { PYTHON } from '../health/helpers';

test('a manifest model only Python can read: the built-in model until trusted, then the schema exported from floe-core', async () => {
  const root = copyFixture('manifest-export');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const manifest = path.join(root, 'platform/manifest.yaml');
    const before = await c.waitDiagnostics(manifest, (d) => d.length > 0);
    assert.deepEqual(
      before.map((d) => [d.code, d.severity, d.message, d.range.start.line]),
      [
        [
          'manifest-not-checked',
          3,
          "floe-core's PlatformManifest (floe_core/schemas/manifest.py) could not be translated statically; the built-in manifest model is used instead",
          0,
        ],
        ['manifest-warning', 2, 'unknown top-level key(s) replicas: floe warns and ignores them when it loads the manifest', 4],
      ],
    );
    // The interpreter with pydantic (the one the health tests use).
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: PYTHON });
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const after = await c.waitDiagnostics(manifest, (d) => d.some((x) => x.code === 'manifest-invalid'), 10000 + pythonBudget(3000));
    assert.deepEqual(
      after.map((d) => [d.code, d.severity, d.message, d.range]),
      [
        [
          'manifest-not-checked',
          3,
          "floe-core's PlatformManifest (floe_core/schemas/manifest.py) could not be translated statically; the schema exported from floe-core's Python is used instead",
          { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
        ],
        ['manifest-invalid', 1, 'replicas: must be ≤ 3 (got 5)', { start: { line: 4, character: 10 }, end: { line: 4, character: 11 } }],
      ],
    );
  } finally {
    await c.stop();
  }
});
