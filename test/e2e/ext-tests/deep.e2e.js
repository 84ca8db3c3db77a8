// Extension-host tests in a monorepo whose only floe plugin is five folders deep (a copy of
// test/e2e/workspace-deep, opened by run-ext-tests.mjs's `deep` session): the extension is
// activated by its activation events alone, its content check finds the plugin by the deep look,
// and the Plugins view and the language status show it.
const assert = require('assert');
const vscode = require('vscode');

const { EXT_ID, until, pluginNodes } = require('./helpers');

const PLUGIN_DIR = 'services/analytics/platform/plugins/floe-compute-deep';

describe('Floe Plugin Tools in a monorepo whose only plugin is five folders deep', function () {
  let api;

  it('is activated by an activation event (nothing asks for it, no file is open)', async function () {
    this.timeout(120000);
    assert.deepStrictEqual(
      vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.path),
      [],
    );
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not loaded`);
    await until('the extension active', () => ext.isActive, 60000);
    api = ext.exports;
    await api.ready;
    console.log(
      `deep workspace: activate() ${api.test.activateMs} ms; content check ${JSON.stringify({ ...api.test.controller.contentCheck, found: api.test.controller.contentCheck.found?.path })}`,
    );
  });

  it('the content check finds the plugin by its deep look and starts the server', () => {
    const check = api.test.controller.contentCheck;
    assert.strictEqual(check.how, 'deep');
    assert.ok(check.found.path.endsWith(`/${PLUGIN_DIR}/pyproject.toml`), check.found.path);
    assert.ok(api.client && api.client.isRunning(), 'the language server is not running');
  });

  it('the Plugins view shows the plugin', async () => {
    await until('the plugin in the tree', () => pluginNodes(api.tree.getChildren()).length > 0);
    const plugins = pluginNodes(api.tree.getChildren());
    assert.deepStrictEqual(
      plugins.map((p) => [p.label, p.description]),
      [['deep', '0.5.0']],
    );
    assert.ok(plugins[0].plugin.declaration.uri.endsWith(`/${PLUGIN_DIR}/pyproject.toml`), plugins[0].plugin.declaration.uri);
  });

  it('the language status on its source says the built-in table is in use, as a warning', async () => {
    const ls = api.test.languageStatus;
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...`${PLUGIN_DIR}/src/floe_compute_deep/plugin.py`.split('/')));
    await vscode.window.showTextDocument(doc);
    assert.ok(vscode.languages.match(ls.item.selector, doc) > 0, 'not shown on the plugin source');
    const v = await until('the language status of plugin.py', () =>
      ls.last && ls.last.uri === doc.uri.toString() && / · deep · /.test(ls.last.view.detail) ? ls.last.view : null,
    );
    assert.strictEqual(v.text, 'built-in plugin table · API 1.0');
    assert.match(v.detail, /^no floe-core found: plugin types and API version come from the built-in table · deep · /);
    assert.strictEqual(ls.item.severity, vscode.LanguageStatusSeverity.Warning);
  });
});
