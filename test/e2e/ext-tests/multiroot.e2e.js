// Extension-host API tests in a MULTI-ROOT workspace (a .code-workspace written per run by
// run-ext-tests.mjs): folder `floe-e2e` (copy of test/e2e/workspace) and folder `floe-extra`
// (copy of test/e2e/workspace-extra, whose .vscode/settings.json sets platformApiVersion 2.0 and
// whose `sleepy` plugin's health check hangs). Covers: the tree grouped by folder, diagnostics in
// both folders, per-folder settings, cancelling a hung health run, New Plugin in the second folder.
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');

const { EXT_ID, until, pluginNodes, processesMatching, processesMatchingIn, serverPids, gone } = require('./helpers');
const { scaled } = require('../../lib/machine');

let api;
const folderNamed = (name) => vscode.workspace.workspaceFolders.find((f) => f.name === name);
const A = () => folderNamed('floe-e2e');
const B = () => folderNamed('floe-extra');
const roots = () => api.tree.getChildren();
const rootOf = (f) => roots().find((n) => n.kind === 'folder' && n.folderUri === f.uri.toString());
const pluginsUnder = (node) => pluginNodes(node ? node.children : []);
const pluginIn = (f, name) => pluginsUnder(rootOf(f)).find((p) => p.label === name);
const folderData = (f) => api.tree.data.folders.find((x) => x.uri === f.uri.toString());
const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const diagsUnder = (f, code) =>
  vscode.languages
    .getDiagnostics()
    .filter(([u]) => u.path.startsWith(f.uri.path + '/'))
    .flatMap(([u, ds]) => ds.filter((d) => codeOf(d) === code).map((d) => ({ uri: u, d })));
const cfg = (f) => vscode.workspace.getConfiguration('floePlugins', f.uri);

describe('Floe Plugin Tools in a multi-root workspace', function () {
  before(async function () {
    this.timeout(120000);
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not loaded`);
    api = await ext.activate();
    await api.ready;
    assert.ok(A() && B(), `folders: ${vscode.workspace.workspaceFolders.map((f) => f.name)}`);
    assert.ok(vscode.workspace.workspaceFile.path.endsWith('.code-workspace'));
  });

  it('tree: the roots are the two folders, each with its own plugin types', async () => {
    await until('both folders loaded', () => pluginsUnder(rootOf(A())).length >= 3 && pluginsUnder(rootOf(B())).length >= 1);
    assert.deepStrictEqual(
      roots().map((n) => [n.kind, n.label]),
      [
        ['folder', 'floe-e2e'],
        ['folder', 'floe-extra'],
      ],
    );
    const a = rootOf(A());
    const b = rootOf(B());
    assert.strictEqual(a.description, '3 plugins');
    assert.strictEqual(b.description, '1 plugin');
    assert.deepStrictEqual(
      a.children.map((n) => n.kind),
      ['type', 'type', 'type'],
    );
    assert.deepStrictEqual(a.children.map((n) => n.label).sort(), ['Catalog', 'Compute', 'Lineage Backend']);
    assert.deepStrictEqual(
      b.children.map((n) => [n.kind, n.label]),
      [['type', 'Compute']],
    );
    assert.deepStrictEqual(
      b.children[0].children.map((p) => [p.label, p.description]),
      [['sleepy', '0.4.0']],
    );
    assert.deepStrictEqual(
      pluginsUnder(a)
        .map((p) => p.label)
        .sort(),
      ['duckdb', 'marquez', 'polaris'],
    );
    // every node under a folder belongs to that folder
    assert.ok(pluginsUnder(b).every((p) => p.folderUri === B().uri.toString()));
    assert.ok(pluginsUnder(a).every((p) => p.folderUri === A().uri.toString()));
    const data = await vscode.commands.executeCommand('floe.refresh');
    assert.deepStrictEqual(
      data.folders.map((f) => f.name),
      ['floe-e2e', 'floe-extra'],
    );
  });

  it('diagnostics arrive for files of both folders', async () => {
    const manifest = vscode.Uri.joinPath(A().uri, 'platform', 'manifest.yaml');
    await vscode.workspace.openTextDocument(manifest);
    const cfgErr = await until('config-invalid in floe-e2e', () => {
      const d = vscode.languages.getDiagnostics(manifest).filter((x) => codeOf(x) === 'config-invalid');
      return d.length ? d : null;
    });
    assert.match(cfgErr[0].message, /^threads: must be ≤ 64 \(got 128\)/);
    const inA = await until('api-incompatible in floe-e2e', () => {
      const d = diagsUnder(A(), 'api-incompatible');
      return d.length ? d : null;
    });
    assert.ok(
      inA.every(({ uri }) => uri.path.includes('/floe-lineage-marquez/')),
      JSON.stringify(inA.map(({ uri }) => uri.path)),
    );
    const inB = await until('api-incompatible in floe-extra', () => {
      const d = diagsUnder(B(), 'api-incompatible');
      return d.length ? d : null;
    });
    assert.ok(
      inB.every(({ uri }) => uri.path.includes('/floe-compute-sleepy/')),
      JSON.stringify(inB.map(({ uri }) => uri.path)),
    );
    assert.strictEqual(inB[0].d.source, 'floe');
    assert.strictEqual(inB[0].d.severity, vscode.DiagnosticSeverity.Error);
  });

  it('settings: each folder has its own platformApiVersion', async function () {
    this.timeout(120000);
    // initial: floe-e2e from its floe-core (1.0), floe-extra from its .vscode/settings.json (2.0)
    assert.deepStrictEqual([folderData(A()).platformApiVersion, folderData(A()).apiVersionOrigin], ['1.0', 'floe-core']);
    assert.deepStrictEqual([folderData(B()).platformApiVersion, folderData(B()).apiVersionOrigin], ['2.0', 'option']);
    assert.strictEqual(pluginIn(B(), 'sleepy').plugin.compatibility, 'incompatible');
    assert.strictEqual(pluginIn(A(), 'duckdb').plugin.compatibility, 'compatible');
    assert.strictEqual(cfg(B()).get('platformApiVersion'), '2.0');
    assert.strictEqual(cfg(A()).get('platformApiVersion'), '');

    // a folder-level setting in floe-e2e changes floe-e2e only
    await cfg(A()).update('platformApiVersion', '2.0', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await until(
        'floe-e2e on 2.0',
        () => pluginIn(A(), 'marquez')?.plugin.compatibility === 'compatible' && pluginIn(A(), 'duckdb')?.plugin.compatibility === 'incompatible',
      );
      assert.deepStrictEqual([folderData(A()).platformApiVersion, folderData(A()).apiVersionOrigin], ['2.0', 'option']);
      assert.deepStrictEqual([folderData(B()).platformApiVersion, folderData(B()).apiVersionOrigin], ['2.0', 'option']);
      // and floe-extra's own setting changes floe-extra only
      await cfg(B()).update('platformApiVersion', '1.0', vscode.ConfigurationTarget.WorkspaceFolder);
      await until('floe-extra on 1.0', () => pluginIn(B(), 'sleepy')?.plugin.compatibility === 'compatible');
      await until('api-incompatible gone from floe-extra', () => diagsUnder(B(), 'api-incompatible').length === 0);
      assert.strictEqual(folderData(A()).platformApiVersion, '2.0');
      assert.strictEqual(pluginIn(A(), 'duckdb').plugin.compatibility, 'incompatible');
    } finally {
      await cfg(A()).update('platformApiVersion', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await cfg(B()).update('platformApiVersion', '2.0', vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await until(
      'back to 1.0 / 2.0',
      () =>
        pluginIn(A(), 'duckdb')?.plugin.compatibility === 'compatible' &&
        pluginIn(A(), 'marquez')?.plugin.compatibility === 'incompatible' &&
        pluginIn(B(), 'sleepy')?.plugin.compatibility === 'incompatible',
    );
    assert.deepStrictEqual([folderData(A()).platformApiVersion, folderData(A()).apiVersionOrigin], ['1.0', 'floe-core']);
  });

  it('cancelling a hung health check ends the run at once and leaves no python behind', async function () {
    this.timeout(90000);
    const pidFile = vscode.Uri.joinPath(B().uri, '.sleepy.pid').fsPath;
    fs.rmSync(pidFile, { force: true });
    const sleepy = pluginIn(B(), 'sleepy').plugin;
    const cts = new vscode.CancellationTokenSource();
    // The same path as the progress notification's Cancel button: the token cancels the request.
    const run = api.test.runHealth(api.test.controller, { pluginIds: [sleepy.id], token: cts.token });
    const pid = Number(await until('the health check to start sleeping', () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim(), 30000));
    assert.ok(pid > 0);
    assert.doesNotThrow(() => process.kill(pid, 0), 'the hung python is not running');
    assert.strictEqual(processesMatching(String(pid)).length > 0, true);
    const t0 = Date.now();
    cts.cancel();
    const r = await run;
    const ms = Date.now() - t0;
    assert.ok(ms < scaled(2500), `the cancelled run took ${ms} ms to end (health timeout of this folder: 60 s)`);
    assert.strictEqual(r.refused, undefined, JSON.stringify(r));
    assert.deepStrictEqual(
      r.results.map((x) => [x.name, x.state, x.message]),
      [['sleepy', 'unhealthy', 'cancelled']],
    );
    assert.strictEqual(r.results[0].details.cancelled, true);
    assert.deepStrictEqual(
      r.results[0].hooks.map((h) => [h.hook, h.ok, h.error]),
      [['health_check', false, 'cancelled']],
    );
    // the runner's process group was killed: the python is gone (not even left as a zombie)
    await until('the hung python to be gone', () => gone(pid), 3000);
    // No health-check runner is left (the server may be exporting config schemas meanwhile:
    // those are other, short-lived runner processes in "schema" mode).
    assert.deepStrictEqual(
      processesMatchingIn('floe_runner', [A().uri.fsPath, B().uri.fsPath]).filter((l) => !l.includes('"mode":"schema"')),
      [],
    );
    cts.dispose();
  });

  it('a server killed with SIGKILL during a health run: the run says it was interrupted, the server and the tree come back, no python is left', async function () {
    this.timeout(120000);
    const pidFile = vscode.Uri.joinPath(B().uri, '.sleepy.pid').fsPath;
    fs.rmSync(pidFile, { force: true });
    const [server] = serverPids();
    assert.ok(server > 0, 'the language server process was not found');
    const restarts = api.test.controller.crashRestarts;
    const loads = api.tree.loads;
    const run = api.test.runHealth(api.test.controller, { pluginIds: [pluginIn(B(), 'sleepy').plugin.id] });
    const pid = Number(await until('the health check to start sleeping', () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim(), 30000));
    process.kill(server, 'SIGKILL');
    const r = await run;
    assert.deepStrictEqual(r.results, []);
    assert.match(r.refused, /^interrupted: the language server stopped during the run/);
    await until('a new language server', () => serverPids().some((p) => p !== server) && api.client.isRunning(), 60000);
    assert.strictEqual(api.test.controller.crashRestarts, restarts + 1);
    await until('the tree reloaded from the new server', () => api.tree.loads > loads && pluginIn(A(), 'duckdb') && pluginIn(B(), 'sleepy'), 60000);
    await until('diagnostics in both folders again', () => diagsUnder(A(), 'api-incompatible').length > 0, 60000);
    // The orphaned runner notices that its parent died and ends (it runs no plugin code for nobody).
    await until('the sleeping python to end', () => gone(pid), 10000);
  });

  it('after a cancelled run, the health checks of floe-e2e run normally', async function () {
    this.timeout(90000);
    const ids = pluginsUnder(rootOf(A())).map((p) => p.plugin.id);
    const r = await api.test.runHealth(api.test.controller, { pluginIds: ids });
    assert.deepStrictEqual(Object.fromEntries(r.results.map((x) => [x.name, x.state])), { duckdb: 'unhealthy', polaris: 'unhealthy', marquez: 'degraded' });
    await until('health in the floe-e2e subtree', () => pluginIn(A(), 'marquez')?.plugin.health?.state === 'degraded');
  });

  it('floe.newPlugin in the second folder: one WorkspaceEdit, files on disk, shown under that folder only', async function () {
    this.timeout(90000);
    const before = api.test.newPluginEdits.length;
    const r = await vscode.commands.executeCommand('floe.newPlugin', { folderUri: B().uri.toString(), group: 'floe.storage', name: 'extra-store' });
    assert.ok(r, 'no result');
    assert.ok(
      r.files.every((f) => f.startsWith(B().uri.toString() + '/')),
      JSON.stringify(r.files),
    );
    assert.strictEqual(api.test.newPluginEdits.length, before + 1, 'New Plugin applied more than one edit');
    const edit = api.test.newPluginEdits[before];
    assert.deepStrictEqual(edit.creates, r.files);
    assert.strictEqual(edit.size, r.files.length);
    for (const f of r.files) {
      const disk = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(f))).toString('utf8');
      assert.strictEqual(disk, edit.texts.find((t) => t.uri === f)?.text ?? '', f);
    }
    await until('extra-store under floe-extra', () => pluginsUnder(rootOf(B())).some((p) => p.plugin.group === 'floe.storage'), 60000);
    assert.ok(!pluginsUnder(rootOf(A())).some((p) => p.plugin.group === 'floe.storage'));
    assert.strictEqual(rootOf(B()).description, '2 plugins');
  });
});
