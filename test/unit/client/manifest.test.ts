// The extension manifest (package.json contributions) is consistent with the client code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { localizedManifest, REPO_ROOT as root } from './packageJson';

// As VS Code shows it: every `%key%` replaced by its English text from package.nls.json.
const pkg = localizedManifest();
const c = pkg.contributes;
const clientSrc = fs
  .readdirSync(path.join(root, 'client/src'))
  .map((f) => fs.readFileSync(path.join(root, 'client/src', f), 'utf8'))
  .join('\n');

describe('extension manifest', () => {
  it('declares every command the client registers, in category Floe, and nothing else', () => {
    const declared = c.commands.map((x: { command: string }) => x.command).sort();
    const registered = [...clientSrc.matchAll(/reg\('(floe\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(declared, registered);
    for (const x of c.commands) assert.equal(x.category, 'Floe', x.command);
  });
  it('menus only reference declared commands; item commands are hidden from the palette; running ones need trust', () => {
    const declared = new Set(c.commands.map((x: { command: string }) => x.command));
    for (const [menu, items] of Object.entries(c.menus) as Array<[string, Array<{ command: string; when?: string }>]>) {
      for (const i of items) assert.ok(declared.has(i.command), `${menu}: ${i.command}`);
    }
    const palette = Object.fromEntries(c.menus.commandPalette.map((i: { command: string; when: string }) => [i.command, i.when]));
    for (const hidden of ['floe.openDeclaration', 'floe.copyEntryPoint', 'floe.showEffectiveConfig', 'floe.openPlugin']) assert.equal(palette[hidden], 'false');
    for (const run of ['floe.runHealthChecks', 'floe.runHealthCheck', 'floe.runLifecycle', 'floe.verifyPlatform'])
      assert.match(palette[run], /isWorkspaceTrusted/);
  });
  it('view container, view and welcome content', () => {
    assert.deepEqual(c.viewsContainers.activitybar, [{ id: 'floe', title: 'Floe', icon: 'media/floe.svg' }]);
    assert.equal(c.views.floe[0].id, 'floe.plugins');
    assert.equal(c.views.floe[0].name, 'Plugins');
    // A server that stopped after repeated crashes gets its own welcome (restart, output); otherwise New Plugin is offered.
    const welcome = c.viewsWelcome as Array<{ when: string; contents: string }>;
    const stopped = welcome.filter((w) => w.when === 'floe.serverStopped');
    assert.equal(stopped.length, 1);
    assert.ok(stopped[0].contents.includes('command:floe.restartServer') && stopped[0].contents.includes('command:floe.showOutput'));
    // While the first pass runs, the view says it is indexing (not "no plugins", not New Plugin).
    const indexing = welcome.filter((w) => w.when === 'floe.indexing && !floe.serverStopped');
    assert.equal(indexing.length, 1);
    assert.match(indexing[0].contents, /^Indexing floe plugins/);
    assert.ok(!indexing[0].contents.includes('command:'), indexing[0].contents);
    for (const w of welcome.filter((x) => x !== stopped[0] && x !== indexing[0])) {
      assert.ok(w.contents.includes('command:floe.newPlugin'), w.when);
      assert.match(w.when, /&& !floe\.serverStopped && !floe\.indexing$/);
    }
    assert.ok(fs.existsSync(path.join(root, 'media/floe.svg')));
    assert.ok(fs.existsSync(path.join(root, pkg.icon)));
  });
  it('settings: every floePlugins key the client reads is contributed, with a description', () => {
    const props: Record<string, { scope?: string; markdownDescription?: string; description?: string }> = Object.assign(
      {},
      ...c.configuration.map((s: { properties: object }) => s.properties),
    );
    for (const key of [
      'platformApiVersion',
      'extraGroups',
      'exclude',
      'sitePackages',
      'manifestGlobs',
      'python.interpreter',
      'healthCheck.timeout',
      'lifecycle.timeout',
      'tree.showEmptyTypes',
      'trace.server',
    ]) {
      const p = props[`floePlugins.${key}`];
      assert.ok(p, key);
      assert.ok(p.markdownDescription || p.description, `${key} has no description`);
    }
    assert.equal(props['floePlugins.python.interpreter'].scope, 'machine-overridable');
    assert.equal(props['floePlugins.platformApiVersion'].scope, 'resource');
    assert.ok(c.configuration.every((s: { title: string }) => s.title));
  });
  it('workspace trust: limited, the interpreter is a restricted setting', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['floePlugins.python.interpreter']);
  });
  it("activation: shallow workspaceContains globs, a deep one only for floe-named folders, and the languages of floe's files", () => {
    const events = pkg.activationEvents as string[];
    const contains = events.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
    // VS Code looks for all of an extension's glob patterns in one file search (stopped after 7 s),
    // so a `**` pattern adds no walk of its own; it must name floe's folders, not every project's files.
    const deep = contains.filter((g) => g.includes('**'));
    assert.deepEqual(deep, ['**/floe-*/pyproject.toml']);
    for (const g of contains.filter((x) => !x.includes('**'))) assert.ok(g.split('/').length <= 3, g);
    for (const g of ['pyproject.toml', '*/*/pyproject.toml', 'manifest.yaml', '*/*/manifest.yaml']) assert.ok(contains.includes(g), g);
    for (const e of ['onLanguage:python', 'onLanguage:yaml', 'onLanguage:toml', 'onView:floe.plugins', 'onTaskType:floe-plugins'])
      assert.ok(events.includes(e), e);
    assert.match(pkg.engines.vscode, /^\^1\.96\./);
  });
});
