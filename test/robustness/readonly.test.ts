// Nothing the user wrote is modified except by an explicit action: a full engine analysis, a CLI
// check and a whole language-server session (every document opened, every request, code actions,
// scaffolding, a trusted health-check run in real Python) leave every file byte-identical (and its
// mtime unchanged, and no new file such as __pycache__); code actions come back as WorkspaceEdits
// only, and the server never asks the client to apply an edit on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uri } from '../lsp/harness';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { copyFixture, hashTree, readTree, REPO } from './lib/fixture';

const LANG: Record<string, string> = { '.py': 'python', '.toml': 'toml', '.yaml': 'yaml' };

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of before) if (after.get(k) !== v) out.push(`${k}: ${after.has(k) ? 'changed' : 'deleted'}`);
  for (const k of after.keys()) if (!before.has(k)) out.push(`${k}: created`);
  return out;
}

test('engine analysis and the CLI leave every workspace file byte-identical', () => {
  const root = copyFixture('ro-engine');
  try {
    const before = hashTree(root);
    const ws = new FloeWorkspace(root);
    ws.analyze();
    ws.invalidate(Object.keys(readTree(root)).map((r) => path.join(root, r)));
    ws.analyze();
    ws.manifestContext();
    const cli = spawnSync(process.execPath, [path.join(REPO, 'bin/floe-plugins.js'), 'check', root, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    assert.deepEqual(changed(before, hashTree(root)), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a whole server session (documents, every request, code actions, scaffold, trusted health run) writes nothing', async () => {
  const root = copyFixture('ro-server');
  const before = hashTree(root);
  const c = new LspClient();
  c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3', healthCheckTimeout: 10 });
  try {
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    await c.waitDiagnostics(path.join(root, 'packages/floe-victim/pyproject.toml'), (d) => d.length > 0);
    const files = Object.keys(readTree(root)).map((r) => path.join(root, r));
    let actions = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      c.open(f, text, LANG[path.extname(f)] ?? 'plaintext');
      const td = { textDocument: { uri: uri(f) } };
      const lines = text.split('\n');
      const asks: Array<Promise<unknown>> = [];
      for (let line = 0; line < lines.length; line += 3) {
        const position = { line, character: Math.floor(lines[line].length / 2) };
        asks.push(c.request('textDocument/hover', { ...td, position }));
        asks.push(c.request('textDocument/definition', { ...td, position }));
        asks.push(c.request('textDocument/completion', { ...td, position }));
      }
      asks.push(c.request('textDocument/codeLens', td));
      await Promise.all(asks);
      for (const d of (c.diagnostics.get(uri(f)) ?? []) as Diagnostic[]) {
        const got = (await c.request('textDocument/codeAction', { ...td, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
        for (const a of got) {
          actions++;
          assert.equal((a as { command?: unknown }).command, undefined, `${a.title}: no command, only an edit`);
          assert.ok(a.edit?.changes || a.edit?.documentChanges, `${a.title}: carries a WorkspaceEdit`);
        }
      }
    }
    await c.request('floe/listPlugins', {});
    await c.request('floe/dependencyOrder', {});
    await c.request('floe/effectiveConfig', { manifestUri: uri(path.join(root, 'platform/manifest.yaml')), category: 'compute' });
    const scaffold = (await c.request('floe/scaffoldPlugin', { folderUri: uri(root), group: 'floe.computes', name: 'fresh' })) as {
      files: unknown[];
      error?: string;
    };
    assert.ok(scaffold.files.length > 0, `scaffold returned files to create: ${scaffold.error ?? ''}`);
    // A trusted health run imports the plugins in real Python: still no __pycache__ or other file.
    const health = (await c.request('floe/runHealthChecks', {})) as { results: Array<{ state: string }>; refused?: string };
    assert.equal(health.refused, undefined);
    assert.ok(health.results.length >= 3);
    for (const f of files) c.close(f);
    await c.stop();

    assert.ok(actions >= 1, 'at least one code action was offered');
    assert.deepEqual(
      c.requests.filter((r) => r.method === 'workspace/applyEdit'),
      [],
      'the server never applies an edit itself',
    );
    assert.deepEqual(changed(before, hashTree(root)), []);
    console.log(`read-only session: ${files.length} files, ${actions} code actions, ${health.results.length} health results, 0 files changed`);
  } finally {
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
