// Protocol tests: hover, definition, completion, code actions, CodeLens, listPlugins, dependencyOrder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, LspClient, pos, uri } from './harness';

let c: LspClient;
let root: string;
const f = (rel: string) => path.join(root, rel);
const doc = (rel: string) => ({ textDocument: { uri: uri(f(rel)) } });

before(async () => {
  root = copyFixture('basic');
  c = new LspClient();
  await c.initialize([root]);
  await c.ready();
});
after(() => c.stop());

test('hover on an entry point shows the plugin card', async () => {
  const h = await c.request('textDocument/hover', { ...doc('packages/floe-duck/pyproject.toml'), position: pos(5, 12) });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*Compute\*\* plugin `duck` `0\.1\.0`/);
  assert.match(h.contents.value, /API version: `1\.0` — ✓ compatible with platform `1\.0`/);
  assert.match(h.contents.value, /Dependencies: `ice`/);
  assert.match(h.contents.value, /Config schema: .*DuckConfig/);
  assert.deepEqual(h.range, { start: { line: 5, character: 8 }, end: { line: 5, character: 35 } });
  // Outside any entry point: nothing.
  assert.equal(await c.request('textDocument/hover', { ...doc('packages/floe-duck/pyproject.toml'), position: pos(1, 2) }), null);
});

test('one plugin card wherever the plugin is named: entry point, class, manifest type', async () => {
  const ep = await c.request('textDocument/hover', { ...doc('packages/floe-duck/pyproject.toml'), position: pos(5, 2) });
  const cls = await c.request('textDocument/hover', { ...doc('packages/floe-duck/src/floe_duck/plugin.py'), position: pos(5, 8) });
  const sel = await c.request('textDocument/hover', { ...doc('platform/manifest.yaml'), position: pos(8, 12) });
  assert.match(ep.contents.value, /^\*\*Compute\*\* plugin `duck` `0\.1\.0`\n/);
  assert.equal(cls.contents.value, ep.contents.value);
  assert.equal(sel.contents.value, ep.contents.value);
  assert.deepEqual(sel.range, { start: { line: 8, character: 10 }, end: { line: 8, character: 14 } });
});

test('hover on a plugin class name and on a dependency name', async () => {
  const h = await c.request('textDocument/hover', { ...doc('packages/floe-duck/src/floe_duck/plugin.py'), position: pos(5, 8) });
  assert.match(h.contents.value, /plugin `duck`/);
  assert.deepEqual(h.range, { start: { line: 5, character: 6 }, end: { line: 5, character: 16 } });
  const d = await c.request('textDocument/hover', { ...doc('packages/floe-duck/src/floe_duck/plugin.py'), position: pos(11, 22) });
  assert.match(d.contents.value, /\*\*Catalog\*\* plugin `ice`/);
  assert.match(d.contents.value, /✗ incompatible with platform `1\.0`/);
  assert.match(d.contents.value, /State: error \(1 error, 0 warnings\)/);
});

test('definition: entry-point value -> class; dependency name -> that plugin class; manifest type -> plugin', async () => {
  const a = await c.request('textDocument/definition', { ...doc('packages/floe-duck/pyproject.toml'), position: pos(5, 20) });
  assert.deepEqual(a, [
    { uri: uri(f('packages/floe-duck/src/floe_duck/plugin.py')), range: { start: { line: 5, character: 6 }, end: { line: 5, character: 16 } } },
  ]);
  const b = await c.request('textDocument/definition', { ...doc('packages/floe-duck/src/floe_duck/plugin.py'), position: pos(11, 22) });
  assert.deepEqual(b, [
    { uri: uri(f('packages/floe-ice/src/floe_ice/plugin.py')), range: { start: { line: 3, character: 6 }, end: { line: 3, character: 15 } } },
  ]);
  const m = await c.request('textDocument/definition', { ...doc('platform/manifest.yaml'), position: pos(8, 12) });
  assert.equal(m.length, 1);
  assert.equal(m[0].uri, uri(f('packages/floe-duck/src/floe_duck/plugin.py')));
  assert.equal(m[0].range.start.line, 5);
  // Not on a dependency: nothing.
  assert.deepEqual(await c.request('textDocument/definition', { ...doc('packages/floe-duck/src/floe_duck/plugin.py'), position: pos(9, 8) }), []);
});

test('completion of group names in pyproject entry-point headers and keys', async () => {
  const file = f('packages/floe-duck/pyproject.toml');
  const text = fs.readFileSync(file, 'utf8') + '\n[project.entry-points."floe.ca\n';
  c.open(file, text);
  const line = text.split('\n').length - 2;
  const items = await c.request('textDocument/completion', { textDocument: { uri: uri(file) }, position: pos(line, 30) });
  const cat = items.find((i: any) => i.label === 'floe.catalogs');
  assert.ok(cat, 'floe.catalogs offered');
  // The 14 PluginType groups and floe.network_security, each once.
  assert.equal(items.length, 15);
  assert.equal(new Set(items.map((i: any) => i.label)).size, 15);
  const net = items.find((i: any) => i.label === 'floe.network_security');
  assert.equal(net.detail, 'Network Security plugins (NetworkSecurityPlugin)');
  assert.match(net.documentation, /^Entry-point group floe-core loads outside its plugin registry/);
  assert.deepEqual(cat.textEdit, { range: { start: { line, character: 23 }, end: { line, character: 30 } }, newText: 'floe.catalogs' });

  const text2 = '[project]\nname = "x"\n\n[project.entry-points]\nflo\n';
  c.change(file, text2);
  const items2 = await c.request('textDocument/completion', { textDocument: { uri: uri(file) }, position: pos(4, 3) });
  const comp = items2.find((i: any) => i.label === 'floe.computes');
  assert.deepEqual(comp.textEdit, { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } }, newText: '"floe.computes"' });
  // Outside entry-point tables: nothing.
  assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: uri(file) }, position: pos(1, 3) }), []);
  c.close(file);
});

test('completion of plugin names in a Python dependencies list', async () => {
  const file = f('packages/floe-duck/src/floe_duck/plugin.py');
  const text = fs.readFileSync(file, 'utf8').replace('dependencies = ["ice"]', 'dependencies = ["ice", ""]');
  c.open(file, text, 'python');
  const items = await c.request('textDocument/completion', { textDocument: { uri: uri(file) }, position: pos(11, 28) });
  assert.deepEqual(
    items.map((i: any) => i.label),
    ['ice'],
  );
  assert.deepEqual(items[0].textEdit, { range: { start: { line: 11, character: 28 }, end: { line: 11, character: 28 } }, newText: 'ice' });
  // Elsewhere in the class: nothing.
  assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: uri(file) }, position: pos(8, 10) }), []);
  c.close(file);
});

test('completion in a manifest comes from the manifest module', async () => {
  const items = await c.request('textDocument/completion', { ...doc('platform/manifest.yaml'), position: pos(8, 12) });
  assert.ok(
    items.some((i: any) => i.label === 'duck'),
    JSON.stringify(items.map((i: any) => i.label)),
  );
});

test('code actions apply the engine fixes as workspace edits', async () => {
  const file = f('packages/floe-typo/pyproject.toml');
  const diags = await c.waitDiagnostics(file, (d) => d.length === 1);
  const actions = await c.request('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diags[0].range,
    context: { diagnostics: diags },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, "Change group to 'floe.computes'");
  assert.equal(actions[0].kind, 'quickfix');
  assert.deepEqual(actions[0].edit, { changes: { [uri(file)]: [{ range: diags[0].range, newText: '"floe.computes"' }] } });
  // Without client diagnostics the server still finds the fix for the range.
  const again = await c.request('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: { start: pos(4, 25), end: pos(4, 25) },
    context: { diagnostics: [] },
  });
  assert.equal(again.length, 1);
  // API version fix.
  const ice = f('packages/floe-ice/src/floe_ice/plugin.py');
  const d2 = await c.waitDiagnostics(ice, (d) => d.length === 1);
  const a2 = await c.request('textDocument/codeAction', { textDocument: { uri: uri(ice) }, range: d2[0].range, context: { diagnostics: d2 } });
  assert.equal(a2[0].edit.changes[uri(ice)][0].newText, '"1.0"');
});

test('an open document also gets "Ignore on this line"; the comment silences the problem', async () => {
  const file = f('packages/floe-typo/pyproject.toml');
  const diags = await c.waitDiagnostics(file, (d) => d.length === 1);
  const text = fs.readFileSync(file, 'utf8');
  c.open(file, text);
  const actions = await c.request('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diags[0].range,
    context: { diagnostics: diags },
  });
  assert.deepEqual(
    actions.map((a: any) => a.title),
    ["Change group to 'floe.computes'", "Ignore 'unknown-group' on this line"],
  );
  const line = diags[0].range.start.line;
  const lineText = text.split('\n')[line];
  assert.deepEqual(actions[1].edit, {
    changes: { [uri(file)]: [{ range: { start: pos(line, lineText.length), end: pos(line, lineText.length) }, newText: ' # floe: ignore[unknown-group]' }] },
  });
  // Apply it as the editor would: the problem goes away.
  const lines = text.split('\n');
  lines[line] += ' # floe: ignore[unknown-group]';
  c.change(file, lines.join('\n'));
  await c.waitDiagnostics(file, (d) => d.length === 0);
  c.change(file, text);
  c.close(file);
  await c.waitDiagnostics(file, (d) => d.length === 1);
});

test('CodeLens above each plugin class', async () => {
  const lenses = await c.request('textDocument/codeLens', doc('packages/floe-duck/src/floe_duck/plugin.py'));
  assert.equal(lenses.length, 3);
  assert.equal(lenses[0].command.title, 'compute · duck 0.1.0 · API 1.0 ✓');
  assert.equal(lenses[0].range.start.line, 5);
  assert.equal(lenses[1].command.title, 'Run health check');
  assert.equal(lenses[1].command.command, 'floe.runHealthCheck');
  assert.deepEqual(lenses[1].command.arguments, ['floe.computes:duck@packages/floe-duck/pyproject.toml']);
  assert.deepEqual(lenses[2].command, {
    title: 'Verify against the platform',
    command: 'floe.verifyPlatform',
    arguments: ['floe.computes:duck@packages/floe-duck/pyproject.toml'],
  });
  const ice = await c.request('textDocument/codeLens', doc('packages/floe-ice/src/floe_ice/plugin.py'));
  assert.equal(ice[0].command.title, 'catalog · ice 0.3.0 · API 2.0 ✗');
  assert.deepEqual(await c.request('textDocument/codeLens', doc('packages/floe-duck/pyproject.toml')), []);
});

test('floe/listPlugins and floe/dependencyOrder', async () => {
  const res = await c.request('floe/listPlugins', {});
  assert.equal(res.folders.length, 1);
  const folder = res.folders[0];
  assert.equal(folder.uri, uri(root));
  assert.equal(folder.platformApiVersion, '1.0');
  assert.equal(folder.types.length, 15);
  const compute = folder.types.find((t: any) => t.group === 'floe.computes');
  assert.equal(compute.abc, 'ComputePlugin');
  assert.deepEqual(
    folder.types.filter((t: any) => ['floe.rbac', 'floe.network_security'].includes(t.group)).map((t: any) => [t.label, t.abc, t.abcModule, t.loadedBy]),
    [
      ['RBAC', 'RBACPlugin', 'floe_core.plugins.rbac', 'registry'],
      ['Network Security', 'NetworkSecurityPlugin', 'floe_core.plugins.network_security', 'separate'],
    ],
  );
  assert.equal(compute.plugins.length, 1);
  const duck = compute.plugins[0];
  assert.equal(duck.name, 'duck');
  assert.equal(duck.state, 'ok');
  assert.equal(duck.errors, 0);
  assert.deepEqual(duck.dependencies, ['ice']);
  assert.deepEqual(duck.declaration, {
    uri: uri(f('packages/floe-duck/pyproject.toml')),
    range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } },
  });
  assert.equal(duck.classLocation.uri, uri(f('packages/floe-duck/src/floe_duck/plugin.py')));
  const ice = folder.types.find((t: any) => t.group === 'floe.catalogs').plugins[0];
  assert.equal(ice.compatibility, 'incompatible');
  assert.equal(ice.state, 'error');
  assert.equal(ice.errors, 1);

  const order = await c.request('floe/dependencyOrder', {});
  assert.deepEqual(
    order.folders[0].order.map((o: any) => o.name),
    ['ice', 'duck'],
  );
  assert.deepEqual(order.folders[0].cycles, []);
  assert.deepEqual(order.folders[0].missing, []);
  // Filter by folder: an unknown folder gives nothing.
  assert.deepEqual(await c.request('floe/listPlugins', { folderUri: 'file:///nowhere' }), { folders: [] });
});
