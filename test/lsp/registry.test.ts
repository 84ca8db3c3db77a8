// The plugin model the client is told about: floe/didChangeRegistry (and a CodeLens refresh) only
// when it changed; floe/listPlugins summaries rebuilt only for plugins that changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem, OverlayFileSystem } from '../../server/src/engine/fs';
import { groupByFile } from '../../server/src/lsp/diagnostics';
import { FolderIndex } from '../../server/src/lsp/folders';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { copyFixture, LspClient, uri } from './harness';

test('RegistryModel: unchanged passes are no change; a metadata edit is; untouched summaries are reused', () => {
  const root = copyFixture('basic');
  const overlay = new OverlayFileSystem(new NodeFileSystem());
  const folder = new FolderIndex(uri(root), root, 'basic', { ...DEFAULT_SETTINGS }, overlay);
  const pass = () => {
    const r = folder.analyze()!;
    const g = groupByFile(r.diagnostics, folder.published);
    folder.published = g.byFile;
    return { r, changed: folder.registry.update(r) };
  };
  const first = pass();
  assert.equal(first.changed, true);
  const [duck, ice] = ['duck', 'ice'].map((n) => first.r.plugins.find((p) => p.entryPoint === n)!);
  const duckSummary = folder.registry.summary(duck, undefined);
  const iceSummary = folder.registry.summary(ice, undefined);
  assert.equal(iceSummary.errors, 1);

  assert.equal(pass().changed, false, 'nothing changed');
  const duckFile = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
  const text = fs.readFileSync(duckFile, 'utf8');
  overlay.set(duckFile, text + '\n# a comment\n', 2);
  folder.invalidate([duckFile]);
  const commented = pass();
  assert.equal(commented.changed, false, 'a comment does not change the model');
  assert.equal(folder.registry.summary(ice, undefined), iceSummary, 'ice untouched: same summary object');
  const duck2 = commented.r.plugins.find((p) => p.entryPoint === 'duck')!;
  assert.deepEqual(folder.registry.summary(duck2, undefined), duckSummary);

  overlay.set(duckFile, text.replace('version = "0.1.0"', 'version = "0.2.0"'), 3);
  folder.invalidate([duckFile]);
  const bumped = pass();
  assert.equal(bumped.changed, true);
  assert.equal(
    folder.registry.summary(
      bumped.r.plugins.find((p) => p.entryPoint === 'duck')!,
      undefined,
    ).version,
    '0.2.0',
  );
  const health = { pluginId: ice.id, name: 'ice', state: 'healthy' } as never;
  assert.equal(folder.registry.summary(ice, health).health, health);
  folder.registry.markChanged();
  assert.equal(pass().changed, true, 'markChanged announces the next pass');
});

test('didChangeRegistry and codeLens/refresh only when the plugin model changed', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 0, trace: true });
    await c.ready();
    const passes = () => c.logs().filter((l) => /^pass /.test(l)).length;
    const duck = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
    const text = fs.readFileSync(duck, 'utf8');
    c.open(duck, text, 'python');
    await c.waitFor('the pass of didOpen', () => passes() === 2);
    const mark = c.notifications.length;
    const marked = c.requests.length;
    c.change(duck, text + '\n# a comment\n');
    await c.waitFor('the pass of the comment', () => passes() === 3);
    c.change(duck, text.replace('version = "0.1.0"', 'version = "0.2.0"') + '\n# a comment\n');
    await c.waitFor('the pass of the version', () => passes() === 4);
    // Messages arrive in order: anything the comment's pass sent came before this.
    await c.waitNotification('floe/didChangeRegistry', () => true, mark);
    const registry = c.notifications.slice(mark).filter((n) => n.method === 'floe/didChangeRegistry');
    assert.deepEqual(
      registry.map((n) => n.params),
      [{ folderUris: [uri(root)] }],
      'one announcement: the version change',
    );
    const refreshes = () => c.requests.slice(marked).filter((r) => r.method === 'workspace/codeLens/refresh').length;
    await c.waitFor('codeLens/refresh', () => refreshes() > 0);
    assert.equal(refreshes(), 1);
    const list = await c.request('floe/listPlugins', {});
    assert.equal(list.folders[0].types.find((t: any) => t.group === 'floe.computes').plugins.find((p: any) => p.name === 'duck').version, '0.2.0');
  } finally {
    await c.stop();
  }
});
