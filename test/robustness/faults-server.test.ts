// Faults around the running language server: killed with SIGKILL mid-index then started again
// (same diagnostics as an uninterrupted analysis), a workspace folder removed (notification and
// folder deleted on disk) while another keeps working, health checks with a missing interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uri } from '../lsp/harness';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { copyFixture, INTACT_EXPECTED, INTACT_PLUGIN, tempDir } from './lib/fixture';
import { plugin, write } from './lib/hostile';

const lspKey = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`;

/** What the engine says, per file URI, as the server would publish it (files with problems only). */
function engineView(root: string): Map<string, string[]> {
  const r = new FloeWorkspace(root).analyze();
  const out = new Map<string, string[]>();
  for (const d of r.diagnostics) {
    const u = uri(d.file);
    out.set(u, [...(out.get(u) ?? []), `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`]);
  }
  for (const v of out.values()) v.sort();
  return out;
}

function serverView(c: LspClient): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [u, ds] of c.diagnostics) if (ds.length) out.set(u, ds.map(lspKey).sort());
  return out;
}

const sorted = (m: Map<string, string[]>) => [...m].sort(([a], [b]) => a.localeCompare(b));

test('server killed with SIGKILL mid-index: a new server recovers the full state (same diagnostics as the engine)', async () => {
  const root = copyFixture('kill');
  for (let i = 0; i < 120; i++) plugin(root, `bulk${i}`, { group: i % 7 === 0 ? 'floe.computs' : 'floe.computes' });
  const expected = engineView(root);
  assert.ok(expected.size >= 15, `the workspace has problems in ${expected.size} files`);
  const first = new LspClient();
  let second: LspClient | undefined;
  try {
    await first.initialize([root], {}, { debounceMs: 20 });
    await first.waitNotification('floe/status', (p) => p.state === 'indexing');
    first.proc.kill('SIGKILL');
    await first.waitFor('the first server to die', () => first.exited, 5000);
    const readyBeforeKill = first.notifications.some((n) => n.method === 'floe/status' && n.params.state === 'ready');
    assert.equal(readyBeforeKill, false, 'killed before the index was ready');

    second = new LspClient();
    await second.initialize([root], {}, { debounceMs: 20 });
    await second.ready(0, 30_000);
    await second.waitFor('all diagnostics', () => serverView(second!).size === expected.size, 20_000);
    assert.deepEqual(sorted(serverView(second)), sorted(expected));
    const listed = (await second.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    // 125 plugins, of which the 18 in the misspelt group `floe.computs` are not listed under a type.
    assert.equal(listed.folders[0].types.flatMap((t) => t.plugins).length, 107);
  } finally {
    await first.stop();
    await second?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a workspace folder removed (notification + deleted on disk): its diagnostics are cleared, the other folder keeps working', async () => {
  const a = copyFixture('folder-a');
  const b = tempDir('folder-b');
  plugin(b, 'solo', { group: 'floe.computs' });
  const bPyproject = path.join(b, 'packages/floe-solo/pyproject.toml');
  const c = new LspClient();
  try {
    await c.initialize([a, b], {}, { debounceMs: 20 });
    await c.ready();
    const intact = path.join(a, INTACT_PLUGIN);
    await c.waitDiagnostics(intact, (d) => d.some((x) => x.code === INTACT_EXPECTED.code));
    await c.waitDiagnostics(bPyproject, (d) => d.some((x) => x.code === 'unknown-group'));

    const mark = c.notifications.length;
    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(a), name: path.basename(a) }] } });
    fs.rmSync(a, { recursive: true, force: true });
    c.watched([
      [intact, 3],
      [path.join(a, 'packages/floe-victim/pyproject.toml'), 3],
    ]);
    const aFiles = () => [...c.diagnostics].filter(([u]) => u.startsWith(uri(a) + '/'));
    assert.ok(aFiles().length >= 3);
    await c.waitFor('every diagnostic of the removed folder cleared', () => aFiles().every(([, ds]) => ds.length === 0));
    await c.waitNotification('floe/didChangeRegistry', (p) => p.folderUris.includes(uri(a)), mark);

    const listed = (await c.request('floe/listPlugins', {})) as { folders: Array<{ uri: string }> };
    assert.deepEqual(
      listed.folders.map((f) => f.uri),
      [uri(b)],
    );
    // Requests about the removed folder's files are answered, with nothing.
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: uri(intact) }, position: { line: 6, character: 12 } }), null);
    assert.deepEqual(await c.request('textDocument/definition', { textDocument: { uri: uri(intact) }, position: { line: 6, character: 12 } }), []);
    const order = (await c.request('floe/dependencyOrder', { folderUri: uri(a) })) as { folders: unknown[] };
    assert.deepEqual(order.folders, []);

    // The other folder still reacts to changes.
    write(bPyproject, fs.readFileSync(bPyproject, 'utf8').replace('floe.computs', 'floe.computes'));
    c.watched([[bPyproject, 2]]);
    await c.waitDiagnostics(bPyproject, (d) => d.length === 0);
    const st = await c.waitNotification('floe/status', (p) => p.state === 'ready' && p.folders === 1 && p.errors === 0, mark);
    assert.equal(st.plugins, 1);
    assert.equal(c.exited, false);
  } finally {
    await c.stop();
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});

test('a folder deleted on disk without any notification: requests are still answered and re-adding works', async () => {
  const a = copyFixture('vanish');
  const backup = tempDir('vanish-backup');
  const c = new LspClient();
  try {
    await c.initialize([a], {}, { debounceMs: 20 });
    await c.ready();
    const intact = path.join(a, INTACT_PLUGIN);
    await c.waitDiagnostics(intact, (d) => d.length > 0);
    fs.cpSync(a, backup, { recursive: true });
    fs.rmSync(a, { recursive: true, force: true });
    // Only the watcher reports it (as VS Code does for a deleted folder: one event for the folder).
    c.watched([[a, 3]]);
    const hover = await c.request('textDocument/hover', { textDocument: { uri: uri(intact) }, position: { line: 6, character: 12 } });
    assert.equal(hover, null);
    await c.waitDiagnostics(intact, (d) => d.length === 0, 5000);
    const listed = (await c.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    assert.equal(listed.folders.length, 1);
    // The folder comes back (git checkout): the server picks it up again from watcher events.
    fs.cpSync(backup, a, { recursive: true });
    c.watched([
      [path.join(a, 'packages/floe-intact/pyproject.toml'), 1],
      [path.join(a, 'packages/floe-victim/pyproject.toml'), 1],
      [intact, 1],
    ]);
    await c.waitDiagnostics(intact, (d) => d.some((x) => x.code === INTACT_EXPECTED.code && JSON.stringify(x.range) === JSON.stringify(INTACT_EXPECTED.range)));
    assert.equal(c.exited, false);
  } finally {
    await c.stop();
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(backup, { recursive: true, force: true });
  }
});

test('a package folder deleted with one watcher event for the folder: its plugins and diagnostics go', async () => {
  // VS Code's recursive watcher reports `rm -rf pkg` as one delete event for `pkg`, not one per file.
  const a = copyFixture('rmdir');
  const c = new LspClient();
  try {
    await c.initialize([a], {}, { debounceMs: 20 });
    await c.ready();
    const victimPy = path.join(a, 'packages/floe-victim/src/floe_victim/plugin.py');
    await c.waitDiagnostics(victimPy, (d) => d.some((x) => x.code === 'not-a-plugin-class'));
    fs.rmSync(path.join(a, 'packages/floe-victim'), { recursive: true, force: true });
    c.watched([[path.join(a, 'packages/floe-victim'), 3]]);
    await c.waitDiagnostics(victimPy, (d) => d.length === 0, 5000);
    const listed = (await c.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: Array<{ entryPoint: string }> }> }> };
    assert.deepEqual(listed.folders[0].types.flatMap((t) => t.plugins.map((p) => p.entryPoint)).sort(), ['inst', 'intact']);
  } finally {
    await c.stop();
    fs.rmSync(a, { recursive: true, force: true });
  }
});

test('floe/runHealthChecks with a missing interpreter is refused with a clear message; the server keeps working', async () => {
  const a = copyFixture('nopython');
  const c = new LspClient();
  c.settings.set(uri(a), { workspaceTrusted: true, pythonInterpreter: '/nonexistent/python3' });
  try {
    await c.initialize([a], {}, { debounceMs: 20 });
    await c.ready();
    const r = (await c.request('floe/runHealthChecks', {})) as { results: unknown[]; refused?: string };
    assert.deepEqual(r.results, []);
    assert.match(r.refused ?? '', /no valid Python interpreter/);
    assert.match(r.refused ?? '', /\/nonexistent\/python3/);
    const listed = (await c.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    assert.equal(listed.folders[0].types.flatMap((t) => t.plugins).length, 5);
  } finally {
    await c.stop();
    fs.rmSync(a, { recursive: true, force: true });
  }
});
