// Hostile inputs that once hung, overflowed the stack or crashed, each in its smallest form. Each
// runs the engine in a bounded worker, so a hang fails quickly with a clear message instead of stalling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaled } from '../lib/machine';
import { serveWorker } from './lib/bounded';
import { fixtureFiles, VICTIMS } from './lib/fixture';
import { analyzeBounded } from './lib/jobs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, REPO, uri } from '../lsp/harness';
import { parsePython, syntaxDiagnostics } from '../../server/src/engine/python/syntax';
import { renameInModule } from '../../server/src/engine/python/rename';
import { copyFixture } from './lib/fixture';
import { crashLogs } from './lib/serverFuzz';

const ROOT = '/repro/ws';
const MANIFEST = `${ROOT}/platform/manifest.yaml`;

function withManifest(text: string): Record<string, string> {
  return { ...fixtureFiles(ROOT), [MANIFEST]: text };
}

if (!serveWorker()) {
  test('a manifest with 40 nested flow mappings as a key is analysed in bounded time with a syntax diagnostic', async () => {
    const text = `apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: ${'{'.repeat(40)}\n`;
    const r = await analyzeBounded({ root: ROOT, files: withManifest(text) }, { timeoutMs: 5000 });
    const mine = r.diagnostics.filter((d) => d.file === MANIFEST);
    assert.ok(
      mine.some((d) => d.code === 'manifest-syntax' && d.line === 3),
      JSON.stringify(mine),
    );
    assert.deepEqual(r.problems, []);
  });

  test('a manifest with a deep block sequence as an implicit key is analysed in bounded time', async () => {
    // yaml's toJS() stringifies the sequence key at every level: 800 levels take 1 s, 1,600 about 2 s
    // (deeper, yaml's parser overflows the stack; see the nesting test below). The workspace normally analyses in ~50 ms.
    const text = `apiVersion: floe.dev/v1\nkind: Manifest\nplugins:\n  compute:\n    type: victim\n${' -'.repeat(1600)} x\n  other: 1\n`;
    const r = await analyzeBounded({ root: ROOT, files: withManifest(text) }, { timeoutMs: 8000 });
    assert.ok(
      r.diagnostics.some((d) => d.file === MANIFEST && d.code === 'manifest-syntax'),
      'the manifest gets a syntax diagnostic',
    );
    assert.ok(r.ms < scaled(1000), `analysis took ${r.ms} ms`);
  });

  test('valid YAML nested 3,000 levels deep gets a clear diagnostic, not "Maximum call stack size exceeded"', async () => {
    const text = `apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: p\n  version: 1.0.0\n  owner: a@b.c\nplugins:\n  compute:\n    type: victim\n    config:\n      tags: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    const r = await analyzeBounded({ root: ROOT, files: withManifest(text) }, { timeoutMs: 8000 });
    const mine = r.diagnostics.filter((d) => d.file === MANIFEST);
    assert.ok(mine.length > 0, 'the manifest gets a diagnostic');
    assert.deepEqual(
      mine.filter((d) => /call stack/i.test(d.message)).map((d) => d.message),
      [],
    );
    assert.deepEqual(r.problems, []);
  });

  test('deep inline tables in pyproject.toml give a clear toml-syntax diagnostic where the nesting is', async () => {
    const file = `${ROOT}/${VICTIMS.pyproject}`;
    const files = fixtureFiles(ROOT);
    const lines = files[file].split('\n').length;
    files[file] += `\n[tool.x]\ny = ${'{a = '.repeat(5000)}1${'}'.repeat(5000)}\n`;
    const r = await analyzeBounded({ root: ROOT, files }, { timeoutMs: 8000 });
    const mine = r.diagnostics.filter((d) => d.file === file && d.code === 'toml-syntax');
    assert.equal(mine.length, 1, JSON.stringify(mine));
    assert.doesNotMatch(mine[0].message, /call stack/i);
    assert.equal(mine[0].line, lines + 1, 'on the line of the nested value (after the blank line and [tool.x])');
  });

  test('a mutual inheritance cycle between plugin classes is reported', async () => {
    const file = `${ROOT}/${VICTIMS.plugin}`;
    const files = fixtureFiles(ROOT);
    files[file] = files[file].replace('class VictimPlugin(ComputePlugin):', 'class VictimPlugin(HelperPlugin):');
    const r = await analyzeBounded({ root: ROOT, files }, { timeoutMs: 8000 });
    const mine = r.diagnostics.filter((d) => d.file === file);
    assert.ok(
      mine.some((d) => d.code === 'not-a-plugin-class'),
      JSON.stringify(mine.map((d) => [d.code, d.message])),
    );
  });

  test('an unknown group with a 100,000-character name on 300 entry points is analysed in bounded time', async () => {
    // closest() runs a full edit distance of the long name against every group, for every entry point.
    const file = `${ROOT}/${VICTIMS.entryPoints}`;
    const files = fixtureFiles(ROOT);
    files[file] = `[floe.lineage_${'#'.repeat(100_000)}backends]\n${Array(300).fill('inst = floe_inst.plugin:InstPlugin').join('\n')}\n`;
    const r = await analyzeBounded({ root: ROOT, files }, { timeoutMs: 6000 });
    const mine = r.diagnostics.filter((d) => d.file === file && d.code === 'unknown-group');
    assert.deepEqual(
      mine.map((d) => d.line),
      [0],
      'one unknown-group on the [group] header (the same one for every entry point)',
    );
    assert.ok(r.ms < scaled(2000), `analysis took ${r.ms} ms`);
    assert.ok(mine[0].message.length < 1000, `the message quotes the whole name (${mine[0].message.length} chars)`);
  });

  test('a didOpen with a null text does not stop the folder analysis (other files still get their diagnostics)', async () => {
    const root = copyFixture('b8');
    const c = new LspClient();
    try {
      await c.initialize([root], {}, { debounceMs: 20 });
      await c.ready();
      const bad = path.join(root, VICTIMS.config);
      void c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(bad), languageId: 'python', version: 1, text: null } });
      // Another file changes on disk: its new problem must be published.
      const pyproject = path.join(root, 'packages/floe-intact/pyproject.toml');
      fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('floe.catalogs', 'floe.catalogz'));
      c.watched([[pyproject, 2]]);
      await c.waitDiagnostics(pyproject, (d) => d.some((x) => x.code === 'unknown-group'), 5000);
      assert.deepEqual(
        crashLogs(c).map((m) => m.split('\n')[0]),
        [],
      );
    } finally {
      await c.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('codeAction with odd context (only not an array, a diagnostic without range, a fix without uri) is answered without a throw', async () => {
    const root = copyFixture('b8ca');
    const c = new LspClient();
    try {
      await c.initialize([root], {}, { debounceMs: 20 });
      await c.ready();
      const file = path.join(root, VICTIMS.pyproject);
      const td = { uri: uri(file) };
      const range = { start: { line: 11, character: 0 }, end: { line: 11, character: 5 } };
      const answers = await Promise.all([
        c.request('textDocument/codeAction', { textDocument: td, range, context: { diagnostics: [], only: 'quickfix' } }),
        c.request('textDocument/codeAction', { textDocument: td, range, context: { diagnostics: [{ message: 'x', source: 'floe' }] } }),
        c.request('textDocument/codeAction', {
          textDocument: td,
          range,
          context: { diagnostics: [{ range, message: 'x', source: 'floe', data: { fixes: [{ title: 't', uri: '', range, newText: 'y' }] } }] },
        }),
      ]);
      assert.equal(answers.length, 3);
      assert.deepEqual(
        crashLogs(c).map((m) => m.split('\n')[0]),
        [],
      );
    } finally {
      await c.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a 1.6 MB plugin module of deep unclosed brackets is parsed (or skipped) in bounded time', async () => {
    // @lezer/python's error recovery costs ~4 ms per KB of such text: 1.6 MB takes ~10 s, blocking everything.
    const file = `${ROOT}/${VICTIMS.plugin}`;
    const files = fixtureFiles(ROOT);
    files[file] += `\n${Array(300)
      .fill(`    ${'{"a":'.repeat(1100)}`)
      .join('\n')}\n`;
    const r = await analyzeBounded({ root: ROOT, files }, { timeoutMs: 8000 });
    assert.ok(r.ms < scaled(3000), `analysis took ${r.ms} ms`);
    assert.ok(r.diagnostics.some((d) => d.file === file && (d.code === 'python-syntax' || d.code === 'file-skipped')));
  });

  test('floe/scaffoldPlugin refuses a folder that is not (inside) a workspace folder', async () => {
    const root = copyFixture('b10');
    const c = new LspClient();
    try {
      await c.initialize([root], {}, { debounceMs: 20 });
      await c.ready();
      const r = (await c.request('floe/scaffoldPlugin', { folderUri: uri('/etc'), group: 'floe.computes', name: 'ok' })) as {
        files: unknown[];
        error?: string;
      };
      assert.deepEqual(r.files, []);
      assert.match(r.error ?? '', /workspace/);
    } finally {
      await c.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a line the Python parser builds untyped nodes for: the tree before it is read, the file says where parsing stopped, nothing throws', () => {
    // One fuzzed line (a run of emoji and replacement characters, 71,078 UTF-16 units) on which
    // @lezer/python builds a tree with nodes of no type.
    const line = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'python', 'untyped-node', 'line.txt'), 'utf8');
    const text = `from floe_core.plugins import ComputePlugin\n\n\nclass VictimPlugin(ComputePlugin):\n    name = "victim"\n${line}\n    version = "1.0"\n`;
    const p = parsePython('/x/plugin.py', text);
    assert.equal(p.stopReason, 'parser');
    assert.equal(p.stoppedAt, text.indexOf(line)); // the start of the line the parser cannot read
    const c = p.tree.cursor();
    let nodes = 0;
    do nodes++;
    while (c.next());
    assert.ok(nodes > 10);
    const skipped = syntaxDiagnostics(p).filter((d) => d.code === 'file-skipped');
    assert.equal(skipped.length, 1);
    assert.match(skipped[0].message, /^Parsing stopped at line 6: the Python parser cannot read this file past this point/);
    assert.deepEqual(
      renameInModule('/x/plugin.py', text, 'VictimPlugin', 'Victim2Plugin').map((e) => e.range.start.line),
      [3],
    );
  });

  test('thousands of nested brackets in the bases of a class: the lines before them are read, nothing throws', () => {
    // A fuzzed plugin file (43,342 characters) on which @lezer/python builds nodes of no type.
    const text = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'python', 'untyped-node', 'nested.py'), 'utf8');
    const p = parsePython('/x/plugin.py', text);
    assert.equal(p.stopReason, 'parser');
    // Stopped at the start of a line after the class statement (whose bases are read as broken).
    assert.ok(p.stoppedAt! > text.indexOf('class VictimPlugin(') && text[p.stoppedAt! - 1] === '\n', String(p.stoppedAt));
    assert.equal(syntaxDiagnostics(p).filter((d) => d.code === 'file-skipped').length, 1);
    assert.deepEqual(
      renameInModule('/x/plugin.py', text, 'VictimPlugin', 'Victim2Plugin').map((e) => e.range.start.line),
      [text.slice(0, text.indexOf('class VictimPlugin(')).split('\n').length - 1],
    );
  });
}
