// Extension-host API tests of Floe Plugin Tools against the e2e workspace (test/e2e/workspace,
// copied per run): activation, the Plugins tree, commands, diagnostics, settings, trust gating.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const { EXT_ID, until, pluginNodes, serverPids } = require('./helpers');

let api;
const folder = () => vscode.workspace.workspaceFolders[0].uri;
const file = (rel) => vscode.Uri.joinPath(folder(), ...rel.split('/'));
const roots = () => api.tree.getChildren();
const plugins = () => pluginNodes(roots());
const pluginNamed = (name) => plugins().find((p) => p.label === name);
const codes = (uri) => vscode.languages.getDiagnostics(uri).map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
const cfg = () => vscode.workspace.getConfiguration('floePlugins');

describe('Floe Plugin Tools in a real VS Code', function () {
  before(async function () {
    this.timeout(120000);
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not loaded`);
    api = await ext.activate();
    await api.ready;
    console.log(`ext host: node ${process.version}, vscode ${vscode.version}, appHost ${vscode.env.appHost}`);
  });

  it('activates on the workspace and starts the language server', async () => {
    assert.ok(api.client, 'no language client');
    assert.strictEqual(api.client.isRunning(), true);
    assert.strictEqual(vscode.extensions.getExtension(EXT_ID).isActive, true);
    const cmds = await vscode.commands.getCommands(true);
    for (const c of [
      'floe.runHealthChecks',
      'floe.runHealthCheck',
      'floe.runLifecycle',
      'floe.showDependencyOrder',
      'floe.refresh',
      'floe.showOutput',
      'floe.restartServer',
      'floe.newPlugin',
      'floe.openDeclaration',
      'floe.copyEntryPoint',
      'floe.showEffectiveConfig',
      'floe.openPlugin',
      'floe.verifyPlatform',
      'floe.createContractTests',
      'floe.showPluginGraph',
    ]) {
      assert.ok(cmds.includes(c), `command ${c} is not registered`);
    }
  });

  it('tree: plugin types with their plugins (empty types hidden)', async () => {
    await until('three plugins in the tree', () => plugins().length >= 3);
    const types = roots().map((n) => n.label);
    assert.deepStrictEqual([...types].sort(), ['Catalog', 'Compute', 'Lineage Backend']);
    const compute = roots().find((n) => n.label === 'Compute');
    assert.deepStrictEqual(
      compute.children.map((c) => [c.label, c.description]),
      [['duckdb', '0.1.0']],
    );
    assert.strictEqual(pluginNamed('polaris').description, '0.2.0');
    assert.strictEqual(pluginNamed('marquez').description, '0.3.0');
  });

  it('tree: states and icons (ok, incompatible API version)', async () => {
    const duck = pluginNamed('duckdb');
    const marquez = pluginNamed('marquez');
    assert.strictEqual(duck.plugin.compatibility, 'compatible');
    assert.strictEqual(marquez.plugin.compatibility, 'incompatible');
    assert.strictEqual(marquez.plugin.state, 'error');
    assert.deepStrictEqual(marquez.icon, { id: 'circle-slash', color: 'list.errorForeground' });
    assert.notStrictEqual(duck.icon.color, 'list.errorForeground');
    const item = api.tree.getTreeItem(marquez);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.strictEqual(item.iconPath.color.id, 'list.errorForeground');
    assert.match(item.tooltip.value, /\*\*marquez\*\* 0\.3\.0/);
    assert.match(item.tooltip.value, /incompatible/);
  });

  it('tree: plugin details (entry point, class, API, dependencies, config schema, health)', async () => {
    const duck = pluginNamed('duckdb');
    const d = Object.fromEntries(duck.children.map((c) => [c.label, c]));
    assert.deepStrictEqual(Object.keys(d), ['Entry point', 'Class', 'API version', 'Dependencies', 'Config schema', 'Health']);
    assert.strictEqual(d['Entry point'].description, 'duckdb = "floe_compute_duckdb.plugin:DuckDBPlugin"');
    assert.strictEqual(d['Class'].description, 'DuckDBPlugin');
    assert.match(d['API version'].description, /^1\.0 \(compatible with 1\.0\)$/);
    assert.strictEqual(d['Config schema'].description, 'DuckDBConfig');
    const polaris = pluginNamed('polaris');
    const deps = polaris.children.find((c) => c.label === 'Dependencies');
    assert.deepStrictEqual(
      deps.children.map((c) => [c.label, c.description]),
      [['duckdb', '0.1.0']],
    );
    assert.strictEqual(deps.children[0].command.command, 'floe.openLocation');
    // clicking a plugin opens its class at its line
    assert.deepStrictEqual(duck.command.arguments, [duck.plugin.id]);
  });

  it('floe.openPlugin opens the class at its line; floe.openDeclaration the pyproject entry', async () => {
    const duck = pluginNamed('duckdb');
    await vscode.commands.executeCommand('floe.openPlugin', duck.plugin.id);
    let ed = vscode.window.activeTextEditor;
    assert.ok(ed.document.uri.path.endsWith('/floe_compute_duckdb/plugin.py'), ed.document.uri.path);
    assert.match(ed.document.lineAt(ed.selection.start.line).text, /class DuckDBPlugin/);
    await vscode.commands.executeCommand('floe.openDeclaration', duck);
    ed = vscode.window.activeTextEditor;
    assert.ok(ed.document.uri.path.endsWith('/floe-compute-duckdb/pyproject.toml'), ed.document.uri.path);
    assert.match(ed.document.lineAt(ed.selection.start.line).text, /^duckdb = /);
  });

  it('floe.copyEntryPoint puts the entry point on the clipboard', async () => {
    const text = await vscode.commands.executeCommand('floe.copyEntryPoint', pluginNamed('polaris'));
    assert.strictEqual(text, 'polaris = "floe_catalog_polaris.plugin:PolarisPlugin"');
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
  });

  it('diagnostics: config error in the manifest, API incompatibility on the plugin', async () => {
    const manifest = file('platform/manifest.yaml');
    await vscode.workspace.openTextDocument(manifest);
    const diags = await until('config-invalid on manifest.yaml', () => {
      const d = vscode.languages.getDiagnostics(manifest).filter((x) => (x.code?.value ?? x.code) === 'config-invalid');
      return d.length ? d : null;
    });
    assert.strictEqual(diags[0].source, 'floe');
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
    // `      threads: 128` is line 11 (0-based); the range is the value
    assert.deepStrictEqual([diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.character], [11, 15, 18]);
    assert.match(diags[0].message, /^threads: must be ≤ 64 \(got 128\)/);
    const all = vscode.languages.getDiagnostics().filter(([u]) => u.path.includes('floe-lineage-marquez'));
    assert.ok(
      all.some(([, ds]) => ds.some((d) => (d.code?.value ?? d.code) === 'api-incompatible')),
      `no api-incompatible for marquez: ${JSON.stringify(all.map(([u, ds]) => [u.path, ds.map((d) => d.code)]))}`,
    );
  });

  it('language status: on a plugin source, its pyproject.toml and the platform manifest (not on other files), with what Floe knows', async () => {
    const ls = api.test.languageStatus;
    const show = async (rel) => {
      const doc = await vscode.workspace.openTextDocument(file(rel));
      await vscode.window.showTextDocument(doc);
      return doc;
    };
    const shownOn = (doc) => vscode.languages.match(ls.item.selector, doc) > 0;
    const said = (doc, pred) =>
      until(`the language status of ${doc.uri.path}`, () => (ls.last && ls.last.uri === doc.uri.toString() && pred(ls.last.view) ? ls.last.view : null));
    const duck = pluginNamed('duckdb').plugin;
    const py = await show('plugins/floe-compute-duckdb/src/floe_compute_duckdb/config.py');
    assert.ok(shownOn(py), 'not shown on the plugin source');
    const v = await said(py, (x) => /config schema/.test(x.detail));
    assert.strictEqual(v.text, 'floe-core 1.0.0 (workspace) · API 1.0');
    assert.match(v.detail, /^duckdb · config schema (read statically from DuckDBConfig|exported from the plugin's Python) · health not checked$/);
    assert.strictEqual(ls.item.severity, vscode.LanguageStatusSeverity.Information);
    assert.deepStrictEqual(ls.item.command, { title: 'Run Health Check', command: 'floe.runHealthCheck', arguments: [duck.id] });
    const toml = await show('plugins/floe-compute-duckdb/pyproject.toml');
    assert.ok(shownOn(toml), 'not shown on pyproject.toml');
    await said(toml, (x) => x.detail.startsWith('duckdb · '));
    const manifest = await show('platform/manifest.yaml');
    assert.ok(shownOn(manifest), 'not shown on the manifest');
    const m = await said(manifest, (x) => x.detail.startsWith('2 plugins · '));
    assert.match(m.detail, /^2 plugins · config schemas: 1 (read statically|exported from Python), 1 without · health not checked$/);
    // the manifest's config error is a problem of the file
    await until('the error severity', () => ls.item.severity === vscode.LanguageStatusSeverity.Error);
    assert.deepStrictEqual(ls.item.command, { title: 'Run Health Checks', command: 'floe.runHealthChecks' });
    assert.ok(!shownOn(await vscode.workspace.openTextDocument(file('README.md'))), 'shown on README.md');
    assert.ok(
      !shownOn(await vscode.workspace.openTextDocument(file('packages/floe-core/src/floe_core/plugin_types.py'))),
      'shown on floe-core, which is no plugin',
    );
  });

  it("walkthrough: the manifest's config error fixed by an edit is a fixed diagnostic and a valid manifest", async function () {
    this.timeout(60000);
    const w = api.test.walkthrough;
    assert.ok(!w.done.has('diagnosticFixed') && !w.done.has('pluginCreated'), [...w.done].join());
    const manifest = file('platform/manifest.yaml');
    const doc = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(doc);
    await until('the config error', () => codes(manifest).includes('config-invalid'));
    assert.ok(!w.done.has('manifestValidated'), 'a manifest with an error is not valid');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('threads: 128'));
    const col = doc.lineAt(line).text.indexOf('128');
    const fix = new vscode.WorkspaceEdit();
    fix.replace(manifest, new vscode.Range(line, col, line, col + 3), '8');
    await vscode.workspace.applyEdit(fix);
    try {
      await until('the fix counted', () => w.done.has('diagnosticFixed') && w.done.has('manifestValidated'), 30000);
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.replace(manifest, new vscode.Range(line, col, line, col + 1), '128');
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
    await until('the config error back', () => codes(manifest).includes('config-invalid'));
  });

  it('floe.refresh returns the plugin model', async () => {
    const data = await vscode.commands.executeCommand('floe.refresh');
    assert.strictEqual(data.folders.length, 1);
    assert.strictEqual(data.folders[0].platformApiVersion, '1.0');
    const names = data.folders[0].types.flatMap((t) => t.plugins.map((p) => p.name)).sort();
    assert.deepStrictEqual(names, ['duckdb', 'marquez', 'polaris']);
  });

  it('floe.showDependencyOrder opens the load order (duckdb before polaris)', async () => {
    const r = await vscode.commands.executeCommand('floe.showDependencyOrder');
    const order = r.folders[0].order.map((p) => p.name);
    assert.ok(order.indexOf('duckdb') >= 0 && order.indexOf('duckdb') < order.indexOf('polaris'), JSON.stringify(order));
    assert.deepStrictEqual(r.folders[0].cycles, []);
    const ed = vscode.window.activeTextEditor;
    assert.strictEqual(ed.document.uri.scheme, 'floe');
    assert.strictEqual(ed.document.languageId, 'plaintext');
    const text = ed.document.getText();
    assert.match(text, /^Floe plugin load order\n/);
    assert.doesNotMatch(text, /^#|\*\*/m, 'a document to read, not markup');
    assert.match(text, /^ {2}\d\. polaris +floe\.catalogs +after duckdb$/m);
    assert.ok(text.indexOf('duckdb') < text.indexOf('polaris'));
  });

  it('the Plugins view left its indexing state once the first pass filled it', () => {
    const ix = api.test.controller.indexing;
    assert.ok(ix.starts >= 1, 'the indexing state never began');
    assert.strictEqual(ix.active, false);
    assert.ok(plugins().length >= 3);
  });

  it('floe.showPluginGraph: the webview draws what the workspace has; an edit redraws it; a click opens the class', async function () {
    this.timeout(120000);
    const graph = api.test.graph;
    const drawn = (what, pred) => until(what, () => (graph.lastRender && pred(graph.lastRender) ? graph.lastRender : null), 60000);
    await vscode.commands.executeCommand('floe.showPluginGraph');
    const r = await drawn('the graph', (x) => x.nodes > 0);
    const m = graph.lastModel;
    // Counted in the webview's DOM: one node per plugin of the tree, polaris -> duckdb, no cycle, nothing missing.
    assert.deepStrictEqual([r.nodes, r.edges, r.cycleEdges, r.missing, r.groups], [3, 1, 0, 0, 3]);
    assert.deepStrictEqual(
      m.nodes.map((n) => n.name).sort(),
      plugins()
        .map((p) => p.label)
        .sort(),
    );
    assert.deepStrictEqual(
      m.edges.map((e) => [e.from, e.to]),
      [[pluginNamed('polaris').plugin.id, pluginNamed('duckdb').plugin.id]],
    );
    const marked = m.nodes.filter((n) => ['error', 'incompatible', 'import', 'unhealthy', 'degraded', 'warning'].includes(n.mark));
    assert.ok(
      marked.some((n) => n.name === 'marquez' && n.mark === 'incompatible'),
      JSON.stringify(marked),
    );
    assert.strictEqual(r.marked, marked.length);

    // Live: a dependency on a plugin nobody provides (floe/didChangeRegistry) is drawn as a dashed node.
    const plugin = file('plugins/floe-catalog-polaris/src/floe_catalog_polaris/plugin.py');
    const doc = await vscode.workspace.openTextDocument(plugin);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('dependencies = ["duckdb"]'));
    const at = new vscode.Range(line, 0, line, doc.lineAt(line).text.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(plugin, at, '    dependencies = ["duckdb", "lakehouse"]');
    await vscode.workspace.applyEdit(edit);
    try {
      const again = await drawn('the missing dependency drawn', (x) => x.missing === 1);
      assert.deepStrictEqual([again.nodes, again.edges], [4, 2]);
      assert.ok(graph.lastModel.nodes.some((n) => n.kind === 'missing' && n.name === 'lakehouse'));
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.replace(plugin, new vscode.Range(line, 0, line, doc.lineAt(line).text.length), '    dependencies = ["duckdb"]');
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
    await drawn('the graph as before', (x) => x.missing === 0 && x.edges === 1);

    // A click on a node (the webview's message) opens the plugin's class.
    await graph.handle({ type: 'open', id: pluginNamed('duckdb').plugin.id });
    const ed = vscode.window.activeTextEditor;
    assert.ok(ed.document.uri.path.endsWith('/floe_compute_duckdb/plugin.py'), ed.document.uri.path);
    assert.match(ed.document.lineAt(ed.selection.start.line).text, /class DuckDBPlugin/);
  });

  it('a .venv created while the window is open becomes the interpreter (status item, no restart)', async function () {
    this.timeout(120000);
    const ctl = api.test.controller;
    const venv = path.join(folder().fsPath, '.venv');
    const chosen = cfg().inspect('python.interpreter').globalValue;
    // An empty user value: no interpreter chosen (in code-server it lands in the remote user settings, over the local one).
    await cfg().update('python.interpreter', '', vscode.ConfigurationTarget.Global);
    try {
      await until('python3 once no interpreter is chosen', () => ctl.status.python === 'python3');
      execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', venv]);
      await until('the .venv in the status item', () => ctl.status.python === path.join(venv, 'bin', 'python'), 30000);
      assert.match(ctl.status.item.tooltip.value, /\.venv\/bin\/python/);
    } finally {
      await cfg().update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
      if (cfg().inspect('python.interpreter').globalValue !== chosen) await cfg().update('python.interpreter', chosen, vscode.ConfigurationTarget.Global);
      fs.rmSync(venv, { recursive: true, force: true });
    }
    await until('the chosen interpreter again', () => ctl.status.python === chosen, 30000);
  });

  it('floe.showEffectiveConfig shows the manifest config with defaults', async () => {
    const r = await vscode.commands.executeCommand('floe.showEffectiveConfig', pluginNamed('duckdb').plugin.id);
    assert.strictEqual(r.found, true, JSON.stringify(r));
    assert.strictEqual(r.config.path, '/data/acme.duckdb');
    assert.strictEqual(r.config.threads, 128);
    assert.match(vscode.window.activeTextEditor.document.getText(), /"threads": 128/);
  });

  it('floe.runHealthChecks runs the plugins in the trusted workspace, configured from the manifest as floe does', async function () {
    this.timeout(90000);
    const r = await vscode.commands.executeCommand('floe.runHealthChecks');
    assert.ok(!r.refused, `refused: ${r.refused}`);
    const states = Object.fromEntries(r.results.map((x) => [x.name, x.state]));
    assert.deepStrictEqual(states, { duckdb: 'unhealthy', polaris: 'unhealthy', marquez: 'degraded' });
    const polaris = r.results.find((x) => x.name === 'polaris');
    assert.match(polaris.message, /unreachable/);
    // The manifest's duckdb config breaks its model (threads: 128 > 64): floe would refuse to configure it.
    const duckdb = r.results.find((x) => x.name === 'duckdb');
    assert.strictEqual(duckdb.message, 'the manifest config is invalid for DuckDBConfig (1 error); no hook was run');
    assert.deepStrictEqual(duckdb.hooks, []);
    await until(
      'health results in the tree',
      () => pluginNamed('duckdb')?.plugin.health?.state === 'unhealthy' && pluginNamed('marquez')?.plugin.health?.state === 'degraded',
    );
    assert.deepStrictEqual(pluginNamed('duckdb').icon, { id: 'heart', color: 'testing.iconFailed' });
    assert.deepStrictEqual(pluginNamed('polaris').icon, { id: 'heart', color: 'testing.iconFailed' });
    const health = pluginNamed('duckdb').children.find((c) => c.label === 'Health');
    assert.match(health.description, /^unhealthy — the manifest config is invalid for DuckDBConfig/);
  });

  it('floe.runHealthCheck and floe.runLifecycle accept a plugin id', async function () {
    this.timeout(90000);
    const one = await vscode.commands.executeCommand('floe.runHealthCheck', pluginNamed('marquez').plugin.id);
    assert.deepStrictEqual(
      one.results.map((x) => [x.name, x.state]),
      [['marquez', 'degraded']],
    );
    const life = await vscode.commands.executeCommand('floe.runLifecycle', pluginNamed('marquez'));
    assert.deepStrictEqual(
      life.results[0].hooks.map((h) => [h.hook, h.ok]),
      [
        ['startup', true],
        ['health_check', true],
        ['shutdown', true],
      ],
    );
  });

  it('floe.verifyPlatform runs floe-core in the interpreter: verified marks in the tree, not discovered in Problems; an edit clears a mark', async function () {
    this.timeout(120000);
    // Install duckdb and polaris into the run's virtualenv as an editable install does (dist-info with
    // entry_points.txt and a .pth to the source); marquez stays uninstalled.
    const python = cfg().get('python.interpreter');
    const site = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    for (const [dist, version, group, ep, target] of [
      ['floe-compute-duckdb', '0.1.0', 'floe.computes', 'duckdb', 'floe_compute_duckdb.plugin:DuckDBPlugin'],
      ['floe-catalog-polaris', '0.2.0', 'floe.catalogs', 'polaris', 'floe_catalog_polaris.plugin:PolarisPlugin'],
    ]) {
      const info = path.join(site, `${dist.replace(/-/g, '_')}-${version}.dist-info`);
      fs.mkdirSync(info, { recursive: true });
      fs.writeFileSync(path.join(info, 'METADATA'), `Metadata-Version: 2.1\nName: ${dist}\nVersion: ${version}\n`);
      fs.writeFileSync(path.join(info, 'entry_points.txt'), `[${group}]\n${ep} = ${target}\n`);
      fs.writeFileSync(path.join(site, `__editable__.${dist}.pth`), `${file(`plugins/${dist}/src`).fsPath}\n`);
    }
    api.test.setTrustOverride(false);
    try {
      const refused = await vscode.commands.executeCommand('floe.verifyPlatform');
      assert.match(refused.refused, /Restricted Mode/);
    } finally {
      api.test.setTrustOverride(undefined);
    }
    const r = await until(
      'a verification (once the server has the trusted settings again)',
      async () => {
        const x = await vscode.commands.executeCommand('floe.verifyPlatform');
        return x.refused ? null : x;
      },
      60000,
    );
    const f = r.folders[0];
    assert.strictEqual(f.python, python);
    assert.deepStrictEqual(f.plugins.map((p) => [p.name, p.verdict]).sort(), [
      ['duckdb', 'verified'],
      ['marquez', 'not-discovered'],
      ['polaris', 'verified'],
    ]);
    await until('Platform marks in the tree', () => pluginNamed('duckdb')?.children.some((c) => c.label === 'Platform'));
    const mark = pluginNamed('duckdb').children.find((c) => c.label === 'Platform');
    assert.match(mark.description, /^verified with floe-core \(just now\)$/);
    assert.deepStrictEqual(mark.icon, { id: 'verified', color: 'testing.iconPassed' });
    const marquezToml = file('plugins/floe-lineage-marquez/pyproject.toml');
    const notFound = await until('not discovered in Problems', () =>
      vscode.languages.getDiagnostics(marquezToml).find((d) => (d.code?.value ?? d.code) === 'platform-disagrees'),
    );
    assert.strictEqual(
      notFound.message,
      `Not discovered by the platform: the distribution floe-lineage-marquez is not installed in ${python} (floe-core at ${file('packages/floe-core/src/floe_core').fsPath}).`,
    );
    assert.strictEqual(notFound.severity, vscode.DiagnosticSeverity.Warning);
    const lenses = await vscode.commands.executeCommand(
      'vscode.executeCodeLensProvider',
      file('plugins/floe-compute-duckdb/src/floe_compute_duckdb/plugin.py'),
    );
    assert.ok(
      lenses.some((l) => /^✓ Verified with floe-core at \d\d:\d\d$/.test(l.command?.title ?? '')),
      JSON.stringify(lenses.map((l) => l.command?.title)),
    );
    // An edit of duckdb's class makes its verification stale: the mark goes.
    const cls = file('plugins/floe-compute-duckdb/src/floe_compute_duckdb/plugin.py');
    const doc = await vscode.workspace.openTextDocument(cls);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cls, new vscode.Position(0, 0), '# edited\n');
    await vscode.workspace.applyEdit(edit);
    await until('the duckdb mark gone', () => pluginNamed('duckdb') && !pluginNamed('duckdb').children.some((c) => c.label === 'Platform'));
    assert.ok(
      pluginNamed('polaris').children.some((c) => c.label === 'Platform'),
      'polaris is still verified',
    );
    const undo = new vscode.WorkspaceEdit();
    undo.delete(cls, new vscode.Range(0, 0, 1, 0));
    await vscode.workspace.applyEdit(undo);
    await doc.save();
  });

  it('floe.createContractTests writes a pytest file in the plugin package as one edit, never over an existing file', async function () {
    this.timeout(60000);
    const before = api.test.contractTestEdits.length;
    const duck = pluginNamed('duckdb').plugin.id;
    const r = await vscode.commands.executeCommand('floe.createContractTests', duck);
    const expected = file('plugins/floe-compute-duckdb/tests/test_duckdb_contract.py');
    assert.deepStrictEqual(r, { uri: expected.toString(), variant: 'self-contained' });
    assert.strictEqual(api.test.contractTestEdits.length, before + 1);
    const applied = api.test.contractTestEdits[before];
    assert.deepStrictEqual(applied.creates, [expected.toString()]);
    const disk = Buffer.from(await vscode.workspace.fs.readFile(expected)).toString('utf8');
    assert.strictEqual(disk, applied.texts[0].text);
    assert.ok(disk.includes('\n# floe-contract: floe.computes:duckdb\n'));
    assert.ok(disk.includes('\nclass TestDuckdbContract:\n'));
    const ed = vscode.window.activeTextEditor;
    assert.strictEqual(ed.document.uri.toString(), expected.toString());
    assert.strictEqual(ed.document.getText(ed.selection), 'TestDuckdbContract');
    // Again: a new name, the first file untouched.
    const again = await vscode.commands.executeCommand('floe.createContractTests', duck);
    assert.strictEqual(again.uri, file('plugins/floe-compute-duckdb/tests/test_duckdb_contract_2.py').toString());
    assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(expected)).toString('utf8'), disk);
    // The code action on the class line is one edit creating the next new file; applying it writes it.
    const cls = file('plugins/floe-compute-duckdb/src/floe_compute_duckdb/plugin.py');
    const doc = await vscode.workspace.openTextDocument(cls);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('class DuckDBPlugin'));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', cls, new vscode.Range(line, 0, line, 0));
    const create = actions.find((a) => a.title === 'Create contract tests for duckdb');
    assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
    assert.strictEqual(create.command, undefined);
    const third = file('plugins/floe-compute-duckdb/tests/test_duckdb_contract_3.py');
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    const created = vscode.workspace.textDocuments.find((d) => d.uri.toString() === third.toString());
    assert.ok(created, 'the action created test_duckdb_contract_3.py');
    assert.match(created.getText(), /\n# floe-contract: floe\.computes:duckdb\n/);
    await created.save();
  });

  it('settings: floePlugins.platformApiVersion 2.0 flips compatibility in tree and diagnostics', async function () {
    this.timeout(90000);
    await cfg().update('platformApiVersion', '2.0', vscode.ConfigurationTarget.Workspace);
    try {
      await until(
        'marquez compatible with 2.0',
        () => pluginNamed('marquez')?.plugin.compatibility === 'compatible' && pluginNamed('duckdb')?.plugin.compatibility === 'incompatible',
      );
      const data = api.tree.data.folders[0];
      assert.strictEqual(data.platformApiVersion, '2.0');
      assert.strictEqual(data.apiVersionOrigin, 'option');
      await until('api-incompatible on duckdb', () =>
        vscode.languages
          .getDiagnostics()
          .some(([u, ds]) => u.path.includes('floe-compute-duckdb') && ds.some((d) => (d.code?.value ?? d.code) === 'api-incompatible')),
      );
    } finally {
      await cfg().update('platformApiVersion', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(
      'back to 1.0',
      () => pluginNamed('marquez')?.plugin.compatibility === 'incompatible' && pluginNamed('duckdb')?.plugin.compatibility === 'compatible',
    );
  });

  it('settings: floePlugins.tree.showEmptyTypes shows all 11 types', async () => {
    await cfg().update('tree.showEmptyTypes', true, vscode.ConfigurationTarget.Workspace);
    try {
      await until('11 type nodes', () => roots().length >= 11);
      assert.ok(roots().some((n) => n.label === 'Identity' && n.children.length === 0));
    } finally {
      await cfg().update('tree.showEmptyTypes', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('3 type nodes again', () => roots().length === 3);
  });

  it('trust gating: with the workspace reported untrusted (test hook), running commands refuse', async function () {
    // Honest note: an extension-test window is always trusted by VS Code, so this uses the
    // extension's test hook to make the client report "untrusted" (to its commands and in the
    // settings it sends the server); the palette's `isWorkspaceTrusted` gating is not exercised here.
    this.timeout(60000);
    api.test.setTrustOverride(false);
    try {
      const r = await vscode.commands.executeCommand('floe.runHealthChecks');
      assert.deepStrictEqual(r.results, []);
      assert.match(r.refused, /Restricted Mode/);
      const life = await vscode.commands.executeCommand('floe.runLifecycle', pluginNamed('duckdb').plugin.id);
      assert.match(life.refused, /Restricted Mode/);
      // the server itself also refuses once it has re-pulled settings with workspaceTrusted: false
      const direct = await until('server refusal', async () => {
        const x = await api.client.sendRequest('floe/runHealthChecks', { pluginIds: [pluginNamed('duckdb').plugin.id] });
        return x.refused ? x : null;
      });
      assert.deepStrictEqual(direct.results, []);
      // static features keep working
      assert.ok(plugins().length >= 3);
    } finally {
      api.test.setTrustOverride(undefined);
    }
  });

  it('floe.newPlugin follows the monorepo: plugins/floe-<type>-<name>, registered in the root pyproject.toml, in one workspace edit; the class opens with 0 problems', async function () {
    this.timeout(120000);
    const before = api.test.newPluginEdits.length;
    const rootToml = file('pyproject.toml');
    const rootBefore = Buffer.from(await vscode.workspace.fs.readFile(rootToml)).toString('utf8');
    const r = await vscode.commands.executeCommand('floe.newPlugin', { folderUri: folder().toString(), group: 'floe.storage', name: 'my-store' });
    assert.ok(r, 'no result');
    const pkg = file('plugins/floe-storage-my-store').toString();
    assert.strictEqual(r.packageUri, pkg);
    assert.deepStrictEqual(
      r.files.map((f) => f.slice(pkg.length)),
      [
        '/pyproject.toml',
        '/src/floe_storage_my_store/__init__.py',
        '/src/floe_storage_my_store/plugin.py',
        '/src/floe_storage_my_store/config.py',
        '/tests/test_plugin.py',
      ],
    );
    // Honest note: VS Code's undo of a file-creating WorkspaceEdit asks "undo across all files?" in a
    // modal dialog that the extension API cannot answer, so instead of running `undo` this asserts
    // what makes one undo possible: ONE WorkspaceEdit (recorded by a test hook) created every file
    // and registered the package in the root pyproject.toml.
    assert.strictEqual(api.test.newPluginEdits.length, before + 1, 'New Plugin applied more than one edit');
    const edit = api.test.newPluginEdits[before];
    assert.deepStrictEqual(edit.creates, r.files);
    assert.deepStrictEqual(edit.changes, [rootToml.toString()]);
    assert.strictEqual(edit.size, r.files.length + 1);
    for (const f of r.files) {
      const disk = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(f))).toString('utf8');
      assert.strictEqual(disk, edit.texts.find((t) => t.uri === f)?.text ?? '', f);
    }
    // Registered as the workspace registers its other packages (and saved).
    assert.deepStrictEqual(r.registered, ['[tool.uv.workspace] members', '[tool.uv.sources]', '[project] dependencies']);
    const rootAfter = Buffer.from(await vscode.workspace.fs.readFile(rootToml)).toString('utf8');
    assert.strictEqual(
      rootAfter,
      rootBefore
        .replace('    "floe-lineage-marquez",\n]', '    "floe-lineage-marquez",\n    "floe-storage-my-store",\n]')
        .replace('    "plugins/floe-lineage-marquez",\n]', '    "plugins/floe-lineage-marquez",\n    "plugins/floe-storage-my-store",\n]')
        .replace(
          'floe-lineage-marquez = { workspace = true }\n',
          'floe-lineage-marquez = { workspace = true }\nfloe-storage-my-store = { workspace = true }\n',
        ),
    );
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isDirty), 'every file the edit touched is saved');
    // The class implements StoragePlugin's abstract members with floe-core's signatures.
    const ed = vscode.window.activeTextEditor;
    assert.strictEqual(ed.document.uri.toString(), r.mainUri);
    assert.strictEqual(ed.document.isDirty, false);
    const main = ed.document.getText();
    assert.match(main, /^class MyStoreStoragePlugin\(StoragePlugin\):$/m);
    assert.match(main, /^ {4}def get_warehouse_uri\(self, namespace: str\) -> str:$/m);
    assert.match(main, /^ {4}def get_pyiceberg_fileio\(self\) -> FileIO:$/m);
    assert.match(main, /^from floe_core\.plugins\.storage import FileIO, StoragePlugin$/m);
    await until('my-store in the tree', () => plugins().some((p) => p.plugin.group === 'floe.storage'), 60000);
    const mine = pluginNamed('my-store');
    assert.strictEqual(mine.plugin.state, 'ok');
    assert.strictEqual(mine.plugin.errors + mine.plugin.warnings, 0);
    for (const f of r.files) assert.deepStrictEqual(codes(vscode.Uri.parse(f)), [], `problems in ${f}`);
  });

  it('a quick fix applied: the class loses a method, "Implement missing members of StoragePlugin" puts it back, the problem goes', async function () {
    this.timeout(120000);
    const main = file('plugins/floe-storage-my-store/src/floe_storage_my_store/plugin.py');
    const doc = await vscode.workspace.openTextDocument(main);
    const text = doc.getText();
    const start = text.indexOf('    def get_warehouse_uri(');
    const end = text.indexOf('\n\n', start) + 2;
    assert.ok(start > 0 && end > start);
    const cut = new vscode.WorkspaceEdit();
    cut.delete(main, new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
    assert.ok(await vscode.workspace.applyEdit(cut));
    await doc.save();
    const diag = await until(
      'missing-abstract-member on the class',
      () => vscode.languages.getDiagnostics(main).find((d) => (d.code?.value ?? d.code) === 'missing-abstract-member'),
      60000,
    );
    assert.strictEqual(
      diag.message,
      "'MyStoreStoragePlugin' does not implement abstract method 'get_warehouse_uri' of StoragePlugin: the platform cannot instantiate it. Define 'get_warehouse_uri(self, namespace: str) -> str'.",
    );
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', main, diag.range);
    const fix = actions.find((a) => a.title === 'Implement missing members of StoragePlugin');
    assert.ok(fix, `actions: ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await doc.save();
    await until('the problem is gone', () => codes(main).length === 0, 60000);
    assert.match(doc.getText(), /^ {4}def get_warehouse_uri\(self, namespace: str\) -> str:\n {8}"""[^\n]+"""\n {8}raise NotImplementedError$/m);
  });

  it('walkthrough: a plugin created (New Plugin above), a health run, the Plugins view seen with plugins', async () => {
    const w = api.test.walkthrough;
    assert.ok(w.done.has('pluginCreated'), [...w.done].join());
    assert.ok(w.done.has('healthRun'), [...w.done].join());
    await vscode.commands.executeCommand('floe.plugins.focus');
    await until('the Plugins view seen with plugins', () => w.done.has('pluginSeen'));
  });

  it('the floe-plugins check task runs the command line and its $floe-plugins problem matcher fills the Problems panel', async function () {
    this.timeout(120000);
    const tasks = await vscode.tasks.fetchTasks({ type: 'floe-plugins' });
    const check = tasks.find((t) => t.name === 'check' && t.scope && t.scope.uri && t.scope.uri.toString() === folder().toString());
    assert.ok(check, `tasks: ${tasks.map((t) => t.name)}`);
    assert.deepStrictEqual(check.problemMatchers, ['$floe-plugins']);
    const ended = new Promise((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'check') {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(check);
    assert.strictEqual(await ended, 1, 'the workspace has errors: the check exits 1');
    const fromTask = () => vscode.languages.getDiagnostics().flatMap(([u, ds]) => ds.filter((d) => d.source === 'floe-plugins').map((d) => ({ u, d })));
    const manifest = file('platform/manifest.yaml');
    await until(
      'problems from the task',
      () => fromTask().some(({ u, d }) => u.toString() === manifest.toString() && (d.code?.value ?? d.code) === 'config-invalid'),
      60000,
    );
    // The task's problem sits where the language server puts the same problem.
    const server = vscode.languages.getDiagnostics(manifest).find((d) => d.source === 'floe' && (d.code?.value ?? d.code) === 'config-invalid');
    const task = fromTask().find(({ u, d }) => u.toString() === manifest.toString() && (d.code?.value ?? d.code) === 'config-invalid').d;
    assert.deepStrictEqual(
      [task.range.start.line, task.range.start.character, task.message, task.severity],
      [server.range.start.line, server.range.start.character, server.message, server.severity],
    );
  });

  it('a server killed with SIGKILL in the middle of a pass is restarted; the tree and the diagnostics come back', async function () {
    this.timeout(120000);
    const [server] = serverPids();
    assert.ok(server > 0, 'the language server process was not found');
    const restarts = api.test.controller.crashRestarts;
    const loads = api.tree.loads;
    // An edit starts a pass; the kill lands while it runs (or just before it publishes).
    const manifest = file('platform/manifest.yaml');
    const doc = await vscode.workspace.openTextDocument(manifest);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(manifest, new vscode.Position(0, 0), '# edited\n');
    await vscode.workspace.applyEdit(edit);
    process.kill(server, 'SIGKILL');
    await until('a new language server', () => serverPids().some((p) => p !== server) && api.client.isRunning(), 60000);
    assert.strictEqual(api.test.controller.crashRestarts, restarts + 1);
    await until('the tree reloaded from the new server', () => api.tree.loads > loads && plugins().length >= 3, 60000);
    await until('the manifest diagnostics from the new server', () => codes(manifest).includes('config-invalid'), 60000);
    const undo = new vscode.WorkspaceEdit();
    undo.delete(manifest, new vscode.Range(0, 0, 1, 0));
    await vscode.workspace.applyEdit(undo);
    await doc.save();
  });

  it('floe.restartServer restarts and the tree reloads', async function () {
    this.timeout(90000);
    const loads = api.tree.loads;
    const ix = api.test.controller.indexing;
    const states = [];
    const sub = ix.onDidChange((on) => states.push(on));
    await vscode.commands.executeCommand('floe.restartServer');
    await until('the indexing state over', () => !ix.active);
    sub.dispose();
    // The view showed its progress while the new server indexed, and stopped after.
    assert.strictEqual(states[0], true, JSON.stringify(states));
    assert.strictEqual(states.at(-1), false, JSON.stringify(states));
    assert.strictEqual(api.client.isRunning(), true);
    assert.ok(api.tree.loads > loads);
    assert.ok(plugins().length >= 3);
  });
});
