// Protocol tests: diagnostics follow edits (open documents and files on disk), cross-file
// results refresh and clear in every file they concern, folders come and go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codes, copyFixture, LspClient, uri } from './harness';

test('didChange of an open plugin file re-analyses it; the fast path shows syntax errors during a burst', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 4000 });
    await c.ready();
    const ice = path.join(root, 'packages/floe-ice/src/floe_ice/plugin.py');
    await c.waitDiagnostics(ice, (d) => codes(d).join() === 'api-incompatible');
    const text = fs.readFileSync(ice, 'utf8');
    c.open(ice, text, 'python'); // first change after a quiet spell: analysed at once
    // Second change inside the burst: the full pass waits 4 s, the syntax error shows at once.
    c.change(ice, text.replace('"2.0"', '"1.0"') + '\ndef broken(:\n');
    const during = await c.waitDiagnostics(ice, (d) => codes(d).includes('python-syntax'), 2000);
    assert.ok(codes(during).includes('api-incompatible'), 'deeper checks still wait for the debounce');
    assert.deepEqual([...new Set(codes(during))], ['api-incompatible', 'python-syntax']);
    assert.equal(during.find((d) => d.code === 'python-syntax')!.range.start.line, 8);
    // After the debounce the full pass runs on the new text.
    await c.waitDiagnostics(ice, (d) => !codes(d).includes('api-incompatible'), 8000);
  } finally {
    await c.stop();
  }
});

test('editing a document fixes and re-breaks a plugin; [] is published when problems go away', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    const ice = path.join(root, 'packages/floe-ice/src/floe_ice/plugin.py');
    await c.waitDiagnostics(ice, (d) => d.length === 1);
    const text = fs.readFileSync(ice, 'utf8');
    c.open(ice, text, 'python');
    c.change(ice, text.replace('"2.0"', '"1.0"'));
    await c.waitDiagnostics(ice, (d) => d.length === 0);
    const mark = c.notifications.length;
    c.change(ice, text.replace('"2.0"', '"3.1"'));
    const d = await c.waitDiagnostics(ice, (x) => x.length === 1);
    assert.equal(d[0].code, 'api-incompatible');
    assert.match(d[0].message, /requires API v3\.1/);
    // The plugin model changed (compatibility): the client is told.
    await c.waitNotification('floe/didChangeRegistry', (p) => p.folderUris.includes(uri(root)), mark);
    // Closing the document falls back to the disk text.
    c.close(ice);
    await c.waitDiagnostics(ice, (x) => x.length === 1 && /v2\.0/.test(x[0].message));
  } finally {
    await c.stop();
  }
});

test('files changed on disk (watched-file events) update diagnostics, including deletions and new packages', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    const typo = path.join(root, 'packages/floe-typo/pyproject.toml');
    await c.waitDiagnostics(typo, (d) => d.length === 1);
    fs.writeFileSync(typo, fs.readFileSync(typo, 'utf8').replace('floe.computs', 'floe.computes'));
    c.watched([[typo, 2]]);
    await c.waitDiagnostics(typo, (d) => d.length === 0);
    let list = await c.request('floe/listPlugins', {});
    assert.deepEqual(
      list.folders[0].types.find((t: any) => t.group === 'floe.computes').plugins.map((p: any) => p.name),
      ['duck', 'typo'],
    );

    // Delete the ice package: duck's dependency is now missing.
    const icePy = path.join(root, 'packages/floe-ice/pyproject.toml');
    fs.rmSync(icePy);
    c.watched([[icePy, 3]]);
    const duck = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
    const dd = await c.waitDiagnostics(duck, (d) => codes(d).includes('missing-dependency'));
    assert.deepEqual(dd[0].range, { start: { line: 11, character: 20 }, end: { line: 11, character: 25 } });
    await c.waitDiagnostics(path.join(root, 'packages/floe-ice/src/floe_ice/plugin.py'), (d) => d.length === 0);

    // A new package appears with the missing plugin.
    const pkg = path.join(root, 'packages/floe-ice2');
    fs.mkdirSync(path.join(pkg, 'floe_ice2'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'floe_ice2', '__init__.py'), '');
    fs.writeFileSync(
      path.join(pkg, 'floe_ice2', 'plugin.py'),
      'from floe_core.plugins import CatalogPlugin\n\n\nclass Ice2(CatalogPlugin):\n    name = "ice"\n    version = "1.0.0"\n    floe_api_version = "1.0"\n',
    );
    fs.writeFileSync(
      path.join(pkg, 'pyproject.toml'),
      '[project]\nname = "floe-ice2"\nversion = "1.0.0"\n\n[project.entry-points."floe.catalogs"]\nice = "floe_ice2.plugin:Ice2"\n',
    );
    c.watched([
      [path.join(pkg, 'pyproject.toml'), 1],
      [path.join(pkg, 'floe_ice2', 'plugin.py'), 1],
      [path.join(pkg, 'floe_ice2', '__init__.py'), 1],
    ]);
    await c.waitDiagnostics(duck, (d) => d.length === 0);
    list = await c.request('floe/listPlugins', {});
    const ice = list.folders[0].types.find((t: any) => t.group === 'floe.catalogs').plugins;
    assert.equal(ice.length, 1);
    assert.equal(ice[0].distribution, 'floe-ice2');
  } finally {
    await c.stop();
  }
});

test('a dependency cycle over three packages shows in all three files and clears when one dependency goes', async () => {
  const root = copyFixture('cycle');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    const files = ['a', 'b', 'c'].map((n) => path.join(root, `floe-${n}/src/floe_${n}/plugin.py`));
    for (const file of files) {
      const d = await c.waitDiagnostics(file, (x) => codes(x).includes('dependency-cycle'));
      assert.equal(d.length, 1);
      assert.match(d[0].message, /a -> b -> c -> a/);
      assert.deepEqual(d[0].range, { start: { line: 7, character: 20 }, end: { line: 7, character: 23 } });
    }
    const order = await c.request('floe/dependencyOrder', {});
    assert.deepEqual(order.folders[0].cycles, [['a', 'b', 'c', 'a']]);

    // Remove c's dependency on a, on disk.
    const cFile = files[2];
    fs.writeFileSync(cFile, fs.readFileSync(cFile, 'utf8').replace('dependencies = ["a"]', 'dependencies = []'));
    c.watched([[cFile, 2]]);
    for (const file of files) await c.waitDiagnostics(file, (x) => x.length === 0);
    const order2 = await c.request('floe/dependencyOrder', {});
    assert.deepEqual(
      order2.folders[0].order.map((o: any) => o.name),
      ['c', 'b', 'a'],
    );

    // Re-add it in the editor (unsaved): the cycle is back in every file.
    c.open(cFile, fs.readFileSync(cFile, 'utf8'), 'python');
    c.change(cFile, fs.readFileSync(cFile, 'utf8').replace('dependencies = []', 'dependencies = ["a"]'));
    for (const file of files) await c.waitDiagnostics(file, (x) => codes(x).includes('dependency-cycle'));
  } finally {
    await c.stop();
  }
});

test('two workspace folders are indexed separately; removing one clears its diagnostics', async () => {
  const basic = copyFixture('basic');
  const second = copyFixture('second');
  const c = new LspClient();
  try {
    c.settings.set(uri(second), { platformApiVersion: '1.2' });
    await c.initialize([basic, second], {}, { debounceMs: 20 });
    await c.ready();
    const solo = path.join(second, 'floe-solo/src/floe_solo/plugin.py');
    // `duck` lives in the other folder: each folder is its own registry.
    const d = await c.waitDiagnostics(solo, (x) => codes(x).includes('missing-dependency'));
    assert.deepEqual(d[0].range, { start: { line: 7, character: 20 }, end: { line: 7, character: 26 } });
    await c.waitDiagnostics(path.join(basic, 'packages/floe-typo/pyproject.toml'), (x) => x.length === 1);
    const list = await c.request('floe/listPlugins', {});
    assert.deepEqual(
      list.folders.map((x: any) => [x.uri, x.platformApiVersion, x.apiVersionOrigin]),
      [
        [uri(basic), '1.0', 'default'],
        [uri(second), '1.2', 'option'],
      ],
    );
    const only = await c.request('floe/listPlugins', { folderUri: uri(second) });
    assert.equal(only.folders.length, 1);
    assert.equal(only.folders[0].types.find((t: any) => t.group === 'floe.secrets').plugins[0].name, 'solo');

    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(second), name: 'second' }] } });
    await c.waitDiagnostics(solo, (x) => x.length === 0);
    assert.equal((await c.request('floe/listPlugins', {})).folders.length, 1);
    const mark = c.notifications.length;
    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(second), name: 'second' }], removed: [] } });
    await c.waitDiagnostics(solo, (x) => x.length === 1);
    await c.ready(mark);
    assert.equal((await c.request('floe/listPlugins', {})).folders.length, 2);
  } finally {
    await c.stop();
  }
});
