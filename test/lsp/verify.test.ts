// floe/verifyPlatform and floe/contractTests over stdio against the real server: refused in an
// untrusted folder, a run publishes its diagnostics and marks (listPlugins, CodeLens, hover), an edit
// of a plugin's file drops its mark and diagnostics (opening it does not), cancellation kills the
// run, contract tests are planned (and offered as a code action on the class).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { makeWorkspace, rangeOf, type VerifyWorkspace } from '../verify/helpers';
import { LspClient, uri } from './harness';

const GOOD = 'plugins/floe-compute-good/src/floe_compute_good/plugin.py';
const DYN = 'plugins/floe-catalog-dyn/src/floe_catalog_dyn/plugin.py';
const GOOD_ID = 'floe.computes:good@plugins/floe-compute-good/pyproject.toml';

async function start(w: VerifyWorkspace, settings: Record<string, unknown>): Promise<LspClient> {
  const c = new LspClient();
  c.settings.set(uri(w.root), settings);
  await c.initialize([w.root]);
  await c.ready();
  return c;
}

function plugin(list: any, id: string): any {
  return list.folders[0].types.flatMap((t: any) => t.plugins).find((p: any) => p.id === id);
}

const platformCodes = (ds: Array<{ code?: unknown }> | undefined) => (ds ?? []).filter((d) => d.code === 'platform-disagrees' || d.code === 'not-loadable');

let shared: VerifyWorkspace | undefined;
const workspace = () => (shared ??= makeWorkspace({ plugins: ['floe-compute-good', 'floe-catalog-dyn'] }));

test('refused in a folder that is not trusted: nothing runs', async () => {
  const w = workspace();
  const c = await start(w, { pythonInterpreter: w.venv.python });
  try {
    const r = await c.request('floe/verifyPlatform', {});
    assert.deepEqual(r, {
      folders: [],
      refused: `${path.basename(w.root)}: the workspace is not trusted, so floe-core and the plugins are not run (trust the workspace to verify against the platform)`,
    });
    assert.deepEqual(await c.request('floe/verifyPlatform', { pluginIds: ['nope'] }), { folders: [], refused: 'no such plugin' });
  } finally {
    await c.stop();
  }
});

test('a run: verdicts, diagnostics at the static locations, marks in listPlugins, the CodeLens and the hover card; an edit drops them', async () => {
  const w = workspace();
  const c = await start(w, { workspaceTrusted: true, pythonInterpreter: w.venv.python });
  try {
    const r = await c.request('floe/verifyPlatform', {});
    assert.equal(r.refused, undefined);
    const f = r.folders[0];
    assert.equal(f.python, w.venv.python);
    assert.deepEqual(f.floeCore, { path: path.join(w.root, 'packages/floe-core/src/floe_core'), version: '0.3.0', apiVersion: '1.0' });
    assert.deepEqual(
      f.plugins.map((p: any) => [p.entryPoint, p.verdict, p.detail]),
      [
        ['dyn', 'disagrees', 'version, description'],
        ['good', 'verified', undefined],
      ],
    );
    assert.ok(f.startupMs > 0);
    const progress = c.notifications.filter((n) => n.method === '$/progress').map((n) => n.params.value);
    assert.ok(
      progress.some((v) => v.kind === 'begin' && v.title === 'Floe: verifying against the platform'),
      JSON.stringify(progress),
    );
    assert.ok(
      progress.some((v) => v.kind === 'report' && /^\d\/2 · floe\.catalogs:dyn$/.test(v.message)),
      JSON.stringify(progress),
    );

    const core = `floe-core 0.3.0 at ${path.join(w.root, 'packages/floe-core/src/floe_core')}`;
    const dyn = path.join(w.root, DYN);
    const diags = await c.waitDiagnostics(dyn, (d) => platformCodes(d).length === 2);
    assert.deepEqual(
      platformCodes(diags).map((d: any) => [d.range, d.severity, d.code, d.message]),
      [
        [
          rangeOf(dyn, 'installed_version("floe-catalog-dyn")'),
          3,
          'platform-disagrees',
          `Platform disagrees on version: static unknown (computed by a call (\`installed_version("floe-catalog-dyn")\`)), runtime "0.4.1" (${core}).`,
        ],
        [
          rangeOf(dyn, '"Catalog as written"'),
          2,
          'platform-disagrees',
          `Platform disagrees on description: static "Catalog as written", runtime "Catalog patched at import" (${core}).`,
        ],
      ],
    );

    const listed = await c.request('floe/listPlugins', {});
    const mark = plugin(listed, GOOD_ID).verify;
    assert.equal(mark.verdict, 'verified');
    assert.deepEqual(mark.floeCore, { path: path.join(w.root, 'packages/floe-core/src/floe_core'), version: '0.3.0' });
    assert.equal(mark.python, w.venv.python);
    const good = path.join(w.root, GOOD);
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uri(good) } });
    assert.match(lenses[2].command.title, /^✓ Verified with floe-core 0\.3\.0 at \d\d:\d\d$/);
    assert.deepEqual([lenses[2].command.command, lenses[2].command.arguments], ['floe.verifyPlatform', [GOOD_ID]]);
    const at = rangeOf(good, 'GoodPlugin').start;
    const hover = await c.request('textDocument/hover', { textDocument: { uri: uri(good) }, position: at });
    assert.ok(
      hover.contents.value.includes(
        `\n- Platform: ✓ **verified** (floe-core 0.3.0 at \`${path.join(w.root, 'packages/floe-core/src/floe_core')}\`, ${mark.finishedAt})`,
      ),
      hover.contents.value,
    );

    // Opening a file changes nothing; editing it makes the verification stale.
    c.open(good, fs.readFileSync(good, 'utf8'), 'python');
    c.open(dyn, fs.readFileSync(dyn, 'utf8'), 'python');
    const afterOpen = await c.request('floe/listPlugins', {});
    assert.equal(plugin(afterOpen, GOOD_ID).verify?.verdict, 'verified');
    const from = c.notifications.length;
    c.change(good, fs.readFileSync(good, 'utf8').replace('"Good compute"', '"Good compute, edited"'));
    await c.waitNotification('floe/didChangeRegistry', () => true, from);
    assert.equal(plugin(await c.request('floe/listPlugins', {}), GOOD_ID).verify, undefined);
    const lensesAfter = await c.request('textDocument/codeLens', { textDocument: { uri: uri(good) } });
    assert.equal(lensesAfter[2].command.title, 'Verify against the platform');
    c.change(dyn, fs.readFileSync(dyn, 'utf8').replace('return "Catalog as written"', 'return "Catalog, edited"'));
    await c.waitDiagnostics(dyn, (d) => platformCodes(d).length === 0);
  } finally {
    await c.stop();
  }
});

test('cancelling a run kills the interpreter and keeps the marks as they were', async () => {
  const w = makeWorkspace({ plugins: ['floe-compute-good', 'floe-compute-hang'] });
  const c = await start(w, { workspaceTrusted: true, pythonInterpreter: w.venv.python });
  try {
    const cts = new CancellationTokenSource();
    const from = c.notifications.length;
    const pending = c.conn.sendRequest('floe/verifyPlatform', {}, cts.token) as Promise<any>;
    // Cancel once the first plugin is through (the hanging import is running then).
    await c.waitNotification('$/progress', (p) => p.value.kind === 'report' && /floe\.computes:good/.test(p.value.message ?? ''), from, 30_000);
    cts.cancel();
    // The server answers a cancelled run with what it has, marked cancelled.
    const r = await pending;
    assert.equal(r.folders[0].cancelled, true);
    assert.deepEqual(
      r.folders[0].plugins.map((p: any) => [p.entryPoint, p.verdict]),
      [['good', 'verified']],
      'what finished before',
    );
    const live = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('floe_verify.py') && l.includes(w.venv.python) && !l.trim().startsWith('Z'));
    assert.deepEqual(live, [], 'the interpreter was killed when the run was cancelled');
    const listed = await c.request('floe/listPlugins', {});
    assert.equal(plugin(listed, GOOD_ID).verify, undefined, 'a cancelled run stores nothing');
  } finally {
    await c.stop();
  }
});

test("floe/contractTests plans a new file in the package's tests/; the class line offers it as a code action (an edit)", async () => {
  const w = workspace();
  const c = await start(w, {});
  try {
    const r = await c.request('floe/contractTests', { pluginId: GOOD_ID });
    assert.equal(r.uri, uri(path.join(w.root, 'plugins/floe-compute-good/tests/test_good_contract.py')));
    assert.equal(r.variant, 'self-contained');
    assert.deepEqual(r.baseClasses, []);
    assert.ok(r.content.includes('\n# floe-contract: floe.computes:good\n'));
    const lines = r.content.split('\n');
    assert.equal(lines[r.mainRange.start.line].slice(r.mainRange.start.character, r.mainRange.end.character), 'TestGoodContract');
    assert.deepEqual(await c.request('floe/contractTests', { pluginId: 'nope' }), { error: 'no plugin nope' });
    const good = path.join(w.root, GOOD);
    const line = rangeOf(good, 'class GoodPlugin').start.line;
    const actions = await c.request('textDocument/codeAction', {
      textDocument: { uri: uri(good) },
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      context: { diagnostics: [] },
    });
    // One edit that creates the file (never over an existing one) with the planned text; nothing is written.
    assert.deepEqual(actions, [
      {
        title: 'Create contract tests for good',
        kind: 'refactor',
        edit: {
          documentChanges: [
            { kind: 'create', uri: r.uri, options: { overwrite: false, ignoreIfExists: false } },
            {
              textDocument: { uri: r.uri, version: null },
              edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: r.content }],
            },
          ],
        },
      },
    ]);
    assert.equal(fs.existsSync(path.join(w.root, 'plugins/floe-compute-good/tests')), false);
    const inBody = await c.request('textDocument/codeAction', {
      textDocument: { uri: uri(good) },
      range: { start: { line: line + 3, character: 0 }, end: { line: line + 3, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(inBody, [], 'offered on the class line only');
    const quickfixOnly = await c.request('textDocument/codeAction', {
      textDocument: { uri: uri(good) },
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quickfixOnly, []);
  } finally {
    await c.stop();
  }
});

test('floe/contractTests asked for while the first index is still running waits for it, then plans the file', async () => {
  const w = workspace();
  const c = new LspClient();
  try {
    await c.initialize([w.root], {}, { testIndexDelayMs: 2000 }); // the first index waits 2 s
    const r = await c.request('floe/contractTests', { pluginId: GOOD_ID });
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.uri, uri(path.join(w.root, 'plugins/floe-compute-good/tests/test_good_contract.py')));
  } finally {
    await c.stop();
  }
});
