// Protocol tests: published diagnostics (codes, ranges, related info, fix data), progress, status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { WATCHED_GLOBS } from '../../shared/watch';
import { codes, copyFixture, LspClient, uri } from './harness';

test('initial index publishes the engine diagnostics with codes, ranges and fixes', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    const init = await c.initialize([root]);
    assert.equal(init.capabilities.hoverProvider, true);
    await c.ready();

    const typo = path.join(root, 'packages/floe-typo/pyproject.toml');
    const d1 = await c.waitDiagnostics(typo, (d) => d.length > 0);
    assert.deepEqual(codes(d1), ['unknown-group']);
    assert.deepEqual(d1[0].range, { start: { line: 4, character: 22 }, end: { line: 4, character: 36 } });
    assert.equal(d1[0].source, 'floe');
    assert.equal(d1[0].severity, 1);
    const fixes = (d1[0].data as any).fixes;
    assert.equal(fixes[0].newText, '"floe.computes"');
    assert.equal(fixes[0].uri, uri(typo));

    const ice = path.join(root, 'packages/floe-ice/src/floe_ice/plugin.py');
    const d2 = await c.waitDiagnostics(ice, (d) => d.length > 0);
    assert.deepEqual(codes(d2), ['api-incompatible']);
    assert.deepEqual(d2[0].range, { start: { line: 6, character: 23 }, end: { line: 6, character: 28 } });

    const manifest = path.join(root, 'platform/manifest.yaml');
    const d3 = await c.waitDiagnostics(manifest, (d) => d.length > 0);
    assert.deepEqual(codes(d3), ['unknown-plugin']);
    assert.deepEqual(d3[0].range, { start: { line: 12, character: 10 }, end: { line: 12, character: 12 } });

    // The plugin file without problems gets nothing published.
    assert.equal(c.diagnostics.has(uri(path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py'))), false);

    // Work-done progress was created and begun/ended; watchers were registered dynamically.
    assert.ok(c.requests.some((r) => r.method === 'window/workDoneProgress/create'));
    const kinds = c.notifications.filter((n) => n.method === '$/progress').map((n) => n.params.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    const reg = c.requests.find(
      (r) => r.method === 'client/registerCapability' && r.params.registrations.some((x: any) => x.method === 'workspace/didChangeWatchedFiles'),
    );
    assert.ok(reg, 'watchers registered');
    const globs = reg!.params.registrations
      .find((x: any) => x.method === 'workspace/didChangeWatchedFiles')
      .registerOptions.watchers.map((w: any) => w.globPattern);
    assert.deepEqual(globs, [...WATCHED_GLOBS], 'the server registers the shared watch globs');

    // Status: indexing then ready with counts.
    const statuses = c.notifications.filter((n) => n.method === 'floe/status').map((n) => n.params);
    assert.equal(statuses[0].state, 'indexing');
    const ready = statuses.find((s) => s.state === 'ready');
    assert.equal(ready.plugins, 2);
    assert.equal(ready.errors, 3);
    assert.equal(ready.trusted, false);
    assert.equal(ready.folders, 1);
  } finally {
    await c.stop();
  }
});

test('configuration is pulled per folder and a change re-indexes (platform API version)', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const ice = path.join(root, 'packages/floe-ice/src/floe_ice/plugin.py');
    await c.waitDiagnostics(ice, (d) => codes(d).includes('api-incompatible'));
    assert.ok(
      c.requests.some((r) => r.method === 'workspace/configuration' && r.params.items[0].section === 'floePlugins' && r.params.items[0].scopeUri === uri(root)),
    );
    c.settings.set(uri(root), { platformApiVersion: '2.0', workspaceTrusted: true, pythonInterpreter: '/usr/bin/python3' });
    const mark = c.notifications.length;
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    // With platform 2.0 the ice plugin (API 2.0) is compatible, the duck plugin (1.0) no longer is.
    await c.waitDiagnostics(ice, (d) => d.length === 0);
    const duck = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
    const dd = await c.waitDiagnostics(duck, (d) => codes(d).includes('api-incompatible'));
    assert.deepEqual(dd.find((x) => x.code === 'api-incompatible')!.range, { start: { line: 10, character: 23 }, end: { line: 10, character: 28 } });
    const st = await c.waitNotification('floe/status', (p) => p.state === 'ready' && p.trusted === true, mark);
    assert.equal(st.python, '/usr/bin/python3');
  } finally {
    await c.stop();
  }
});
