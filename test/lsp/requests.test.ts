// Protocol tests: floe/runHealthChecks (refusals, a real run, streaming, cancellation),
// floe/effectiveConfig and floe/scaffoldPlugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, uri } from './harness';
import { scaled } from '../lib/machine';

const OK = 'floe.computes:okp@floe-okp/pyproject.toml';
const SLOW = 'floe.computes:slowp@floe-okp/pyproject.toml';

test('floe/runHealthChecks refuses untrusted workspaces and invalid interpreters', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const r1 = await c.request('floe/runHealthChecks', { pluginIds: [OK] });
    assert.deepEqual(r1.results, []);
    assert.match(r1.refused, /not trusted/);
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: path.join(root, 'no-such-python') });
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await c.waitNotification('floe/status', (p) => p.trusted === true);
    const r2 = await c.request('floe/runHealthChecks', { pluginIds: [OK] });
    assert.deepEqual(r2.results, []);
    assert.match(r2.refused, /no valid Python interpreter/);
    const r3 = await c.request('floe/runHealthChecks', { pluginIds: ['nope'] });
    assert.equal(r3.refused, 'no such plugin');
  } finally {
    await c.stop();
  }
});

test('floe/runHealthChecks runs in the user Python, streams results and keeps the last one', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3' });
    await c.initialize([root]);
    await c.ready();
    const mark = c.notifications.length;
    c.trackProgress('hc-1');
    const res = await c.request('floe/runHealthChecks', { pluginIds: [OK], workDoneToken: 'hc-1' });
    assert.equal(res.refused, undefined);
    assert.equal(res.results.length, 1);
    assert.equal(res.results[0].state, 'healthy', JSON.stringify(res.results[0]));
    assert.equal(res.results[0].message, 'all good');
    const streamed = await c.waitNotification('floe/healthResult', (p) => p.pluginId === OK, mark);
    assert.equal(streamed.state, 'healthy');
    // Progress on the client's token: begin, a report per result, end.
    const kinds = c.notifications.filter((n) => n.method === '$/progress' && n.params.token === 'hc-1').map((n) => n.params.value.kind);
    assert.deepEqual(kinds, ['begin', 'report', 'end']);
    const list = await c.request('floe/listPlugins', {});
    const okp = list.folders[0].types.find((t: any) => t.group === 'floe.computes').plugins.find((p: any) => p.id === OK);
    assert.equal(okp.health.state, 'healthy');
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uri(path.join(root, 'floe-okp/src/floe_okp/plugin.py')) } });
    assert.match(lenses[1].command.title, /^Run health check \(last: healthy, \d+ ms\)$/);
    const hover = await c.request('textDocument/hover', {
      textDocument: { uri: uri(path.join(root, 'floe-okp/src/floe_okp/plugin.py')) },
      position: { line: 8, character: 8 },
    });
    assert.match(hover.contents.value, /Last health check: \*\*healthy\*\* — all good/);
  } finally {
    await c.stop();
  }
});

test('floe/runHealthChecks is cancellable', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3', healthCheckTimeout: 120 });
    await c.initialize([root]);
    await c.ready();
    const mark = c.notifications.length;
    const cts = new CancellationTokenSource();
    const started = performance.now();
    const pending = c.conn.sendRequest('floe/runHealthChecks', { pluginIds: [SLOW] }, cts.token) as Promise<any>;
    await c.waitNotification('$/progress', (p) => p.value.kind === 'begin' && p.value.title === 'Floe health checks', mark);
    cts.cancel();
    const res = await pending.then(
      (r) => r,
      (e) => ({ error: e }),
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed < scaled(20000), `cancelled run ended after ${elapsed} ms`);
    if (!('error' in res)) {
      assert.equal(res.results.length, 1);
      assert.equal(res.results[0].state, 'unhealthy');
    }
  } finally {
    await c.stop();
  }
});

test('trusted folders get config schemas exported from Python; manifests validate against them', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3' });
    await c.initialize([root], {}, { debounceMs: 20 });
    const ready = await c.ready();
    assert.equal(ready.trusted, true);
    const mark = c.notifications.findIndex((n) => n.method === 'floe/status' && n.params.state === 'ready');
    await c.waitNotification('floe/didChangeRegistry', () => true, mark + 1, 20000);
    const cfg = await c.request('floe/effectiveConfig', { pluginId: OK });
    assert.equal(cfg.schemaSource, 'python');
    assert.deepEqual(cfg.config, { threads: 3, label: 'ok' });
    assert.equal(cfg.schema.title, 'OkConfig');
    // A config the Pydantic model rejects is reported in the manifest.
    const manifest = path.join(root, 'platform/manifest.yaml');
    const text = fs.readFileSync(manifest, 'utf8');
    c.open(manifest, text);
    c.change(manifest, text.replace('threads: 3', 'threads: 300'));
    const d = await c.waitDiagnostics(manifest, (x) => x.some((y) => y.code === 'config-invalid'));
    assert.deepEqual(d.find((y) => y.code === 'config-invalid')!.range, { start: { line: 10, character: 15 }, end: { line: 10, character: 18 } });
  } finally {
    await c.stop();
  }
});

test('trusting a folder later exports its config schemas at once (no edit needed)', async () => {
  const root = copyFixture('health');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: false, pythonInterpreter: 'python3' });
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    assert.equal((await c.request('floe/effectiveConfig', { pluginId: OK })).schemaSource !== 'python', true);
    const mark = c.notifications.length;
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3' });
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.waitNotification('floe/didChangeRegistry', () => true, mark, 20000);
    const cfg = await c.request('floe/effectiveConfig', { pluginId: OK });
    assert.equal(cfg.schemaSource, 'python');
    assert.equal(cfg.schema.title, 'OkConfig');
  } finally {
    await c.stop();
  }
});

test('floe/effectiveConfig by plugin id and by manifest + category', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const id = 'floe.computes:duck@packages/floe-duck/pyproject.toml';
    const a = await c.request('floe/effectiveConfig', { pluginId: id });
    assert.equal(a.found, true);
    assert.equal(a.plugin, 'duck');
    assert.equal(a.manifestUri, uri(path.join(root, 'platform/manifest.yaml')));
    assert.equal(a.config.threads, 8);
    assert.equal(a.schemaSource, 'static');
    assert.equal(a.schemaUri, uri(path.join(root, 'packages/floe-duck/src/floe_duck/config.py')));
    const b = await c.request('floe/effectiveConfig', { manifestUri: uri(path.join(root, 'platform/manifest.yaml')), category: 'compute' });
    assert.equal(b.found, true);
    assert.equal(b.config.threads, 8);
    const none = await c.request('floe/effectiveConfig', { pluginId: 'floe.catalogs:ice@packages/floe-ice/pyproject.toml' });
    assert.equal(none.found, false);
    assert.match(none.message, /no manifest selects plugin 'ice'/);
    assert.equal(none.schemaSource, 'none');
    assert.equal(none.schemaUri, undefined);
    const bad = await c.request('floe/effectiveConfig', { manifestUri: uri(path.join(root, 'platform/manifest.yaml')), category: 'dbt' });
    assert.equal(bad.found, false);
  } finally {
    await c.stop();
  }
});

test('floe/effectiveConfig says where the config schema comes from when no manifest selects the plugin', async () => {
  const root = copyFixture('basic');
  const manifest = path.join(root, 'platform/manifest.yaml');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(' compute:\n    type: duck\n    config:\n      threads: 8\n ', ''));
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const r = await c.request('floe/effectiveConfig', { pluginId: 'floe.computes:duck@packages/floe-duck/pyproject.toml' });
    assert.equal(r.found, false);
    assert.match(r.message, /no manifest selects plugin 'duck'/);
    assert.equal(r.schemaSource, 'static');
    assert.equal(r.schemaUri, uri(path.join(root, 'packages/floe-duck/src/floe_duck/config.py')));
    assert.equal(r.schema.type, 'object');
  } finally {
    await c.stop();
  }
});

test("floe/listPlugins lists the folder's platform manifests with what they select", async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const list = await c.request('floe/listPlugins', {});
    assert.deepEqual(list.folders[0].manifests, [
      {
        uri: uri(path.join(root, 'platform/manifest.yaml')),
        selections: [
          { category: 'compute', type: 'duck', pluginId: 'floe.computes:duck@packages/floe-duck/pyproject.toml', schemaSource: 'static' },
          { category: 'storage', type: 's3', schemaSource: 'none' },
        ],
      },
    ]);
    // A change of what a manifest selects is announced like a change of the plugins.
    const changed = c.waitNotification('floe/didChangeRegistry', () => true, c.notifications.length);
    const text = fs.readFileSync(path.join(root, 'platform/manifest.yaml'), 'utf8').replace('type: s3', 'type: ice');
    c.open(path.join(root, 'platform/manifest.yaml'), text, 'yaml');
    await changed;
    const after = await c.request('floe/listPlugins', {});
    assert.deepEqual(after.folders[0].manifests[0].selections[1], { category: 'storage', type: 'ice', schemaSource: 'none' });
  } finally {
    await c.stop();
  }
});

test('floe/pluginTypes lists the plugin types of the folder a plugin would be created in', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { extraGroups: ['floe.widgets'] });
    await c.initialize([root]);
    await c.ready();
    const r = await c.request('floe/pluginTypes', { folderUri: uri(path.join(root, 'packages')) });
    const groups = r.types.map((t: any) => t.group);
    assert.equal(groups.length, 16, groups.join(', '));
    assert.deepEqual(r.types[0], { group: 'floe.computes', category: 'compute', label: 'Compute', abc: 'ComputePlugin' });
    assert.deepEqual(r.types.at(-1), { group: 'floe.widgets', category: 'widget', label: 'Widget', abc: 'PluginMetadata' });
    // New packages go where the folder's plugins are, named as they are (packages/floe-duck, packages/floe-ice).
    assert.equal(r.parentUri, uri(path.join(root, 'packages')));
    assert.equal(r.parentReason, 'siblings');
    assert.equal(r.packageNames['floe.computes'], 'floe-{name}');
    const first = await c.request('floe/pluginTypes', {});
    assert.deepEqual(first, r, 'no folder given: the first folder');
  } finally {
    await c.stop();
  }
});

test('floe/scaffoldPlugin returns the files of a new plugin package and its registration in the root pyproject.toml', async () => {
  const root = copyFixture('../monorepo');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const types = await c.request('floe/pluginTypes', { folderUri: uri(root) });
    assert.equal(types.parentUri, uri(path.join(root, 'plugins')));
    assert.equal(types.packageNames['floe.computes'], 'floe-compute-{name}');
    assert.equal(types.packageNames['floe.alert_channels'], 'floe-alert-{name}');
    const r = await c.request('floe/scaffoldPlugin', { folderUri: uri(root), group: 'floe.catalogs', name: 'my-cat' });
    assert.equal(r.error, undefined);
    const pkg = '/plugins/floe-catalog-my-cat';
    assert.deepEqual(
      r.files.map((f: any) => f.uri.slice(uri(root).length)),
      [
        `${pkg}/pyproject.toml`,
        `${pkg}/src/floe_catalog_my_cat/__init__.py`,
        `${pkg}/src/floe_catalog_my_cat/plugin.py`,
        `${pkg}/src/floe_catalog_my_cat/config.py`,
        `${pkg}/tests/test_plugin.py`,
      ],
    );
    assert.equal(r.packageUri, uri(path.join(root, pkg)));
    assert.equal(r.mainUri, uri(path.join(root, pkg, 'src/floe_catalog_my_cat/plugin.py')));
    const main = r.files[2].content.split('\n');
    assert.equal(main[r.mainRange.start.line].slice(r.mainRange.start.character, r.mainRange.end.character), 'MyCatCatalogPlugin');
    assert.match(r.files[0].content, /\[project\.entry-points\."floe\.catalogs"\]\nmy-cat = "floe_catalog_my_cat:MyCatCatalogPlugin"/);
    assert.deepEqual(r.registered, ['[tool.uv.workspace] members', '[tool.uv.sources]', '[project] dependencies', '[tool.pytest.ini_options] pythonpath']);
    assert.ok(r.edits.every((e: any) => e.uri === uri(path.join(root, 'pyproject.toml'))));
    assert.deepEqual(r.edits[1], {
      uri: uri(path.join(root, 'pyproject.toml')),
      range: { start: { line: 25, character: 81 }, end: { line: 25, character: 81 } },
      newText: '\nfloe-catalog-my-cat = { path = "plugins/floe-catalog-my-cat", editable = true }',
    });
    // Another folder inside the workspace folder; never outside it.
    const there = await c.request('floe/scaffoldPlugin', {
      folderUri: uri(root),
      group: 'floe.catalogs',
      name: 'my-cat',
      parentUri: uri(path.join(root, 'contrib')),
    });
    assert.equal(there.packageUri, uri(path.join(root, 'contrib/floe-catalog-my-cat')));
    const outside = await c.request('floe/scaffoldPlugin', { folderUri: uri(root), group: 'floe.catalogs', name: 'my-cat', parentUri: uri(os.tmpdir()) });
    assert.match(outside.error, /is not inside the workspace folder/);
    const bad = await c.request('floe/scaffoldPlugin', { folderUri: uri(root), group: 'floe.catalogs', name: 'My Cat' });
    assert.match(bad.error, /not a valid plugin name/);
    const grp = await c.request('floe/scaffoldPlugin', { folderUri: uri(root), group: 'floe.nope', name: 'x' });
    assert.match(grp.error, /unknown plugin type group 'floe\.nope'/);
  } finally {
    await c.stop();
  }
});
