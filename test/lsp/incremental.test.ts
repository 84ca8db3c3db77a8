// Unit tests of the per-pass work being proportional to what changed: grouping that keeps
// unchanged per-file lists, the publisher sending only changed files (never files outside the
// folder), the registry model noticing only real model changes, and the change filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../server/src/engine/model';
import { NodeFileSystem, OverlayFileSystem } from '../../server/src/engine/fs';
import { DiagnosticPublisher, groupByFile, type DiagnosticsByFile } from '../../server/src/lsp/diagnostics';
import { filesToInvalidate, isExcluded } from '../../server/src/lsp/changeFilter';
import { FolderIndex } from '../../server/src/lsp/folders';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { copyFixture, uri } from './harness';

const R = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const diag = (file: string, line: number, message = `problem ${line}`): Diagnostic => ({
  file,
  range: R(line),
  severity: 'error',
  code: 'unknown-group',
  message,
});

function recorder() {
  const sent: Array<[string, string[]]> = [];
  const pub = new DiagnosticPublisher((u, ds) => {
    sent.push([u, ds.map((d) => d.message)]);
  });
  return { sent, pub };
}

test('groupByFile keeps the previous array of a file whose diagnostics are the same objects', () => {
  const a1 = diag('/w/a.py', 1),
    b1 = diag('/w/b.py', 2),
    c1 = diag('/w/c.py', 3);
  const first = groupByFile([a1, b1, c1]);
  assert.deepEqual(first.changed, ['/w/a.py', '/w/b.py', '/w/c.py'], 'no previous pass: every file is new');
  const b2 = diag('/w/b.py', 2);
  const second = groupByFile([a1, b2], first.byFile);
  assert.equal(second.byFile.get('/w/a.py'), first.byFile.get('/w/a.py'), 'same objects: same array');
  assert.notEqual(second.byFile.get('/w/b.py'), first.byFile.get('/w/b.py'));
  assert.deepEqual(second.changed.sort(), ['/w/b.py', '/w/c.py']);
});

test('the publisher sends only files whose lists changed, [] when problems go away, nothing outside the folder', () => {
  const { sent, pub } = recorder();
  const inside = (f: string) => f.startsWith('/w/');
  const a1 = diag('/w/a.py', 1),
    b1 = diag('/w/b.py', 2),
    out1 = diag('/site/x/entry_points.txt', 0);
  let g = groupByFile([a1, b1, out1]);
  assert.equal(pub.setFolder('k', g.byFile, g.changed, Infinity, inside), 2);
  assert.deepEqual(sent.map((s) => s[0]).sort(), [uri('/w/a.py'), uri('/w/b.py')]);
  sent.length = 0;

  // b's problem is re-created with the same content, c gets one, a and the outside file are unchanged.
  let prev: DiagnosticsByFile = g.byFile;
  g = groupByFile([a1, diag('/w/b.py', 2), diag('/w/c.py', 4), out1], prev);
  assert.deepEqual(g.changed.sort(), ['/w/b.py', '/w/c.py']);
  pub.setFolder('k', g.byFile, g.changed, Infinity, inside);
  assert.deepEqual(sent, [[uri('/w/c.py'), ['problem 4']]], 'b compared equal to what was sent, so it is not re-sent');
  sent.length = 0;

  prev = g.byFile;
  g = groupByFile([diag('/w/b.py', 2), out1], prev);
  pub.setFolder('k', g.byFile, g.changed, Infinity, inside);
  assert.deepEqual(sent.sort(), [
    [uri('/w/a.py'), []],
    [uri('/w/c.py'), []],
  ]);
  assert.deepEqual(pub.files(), ['/w/b.py']);
  assert.deepEqual(pub.current('/site/x/entry_points.txt'), []);
});

test('nested folders reporting the same file publish each problem once; a syntax override gives way to the pass', () => {
  const { sent, pub } = recorder();
  const d = diag('/w/inner/a.py', 1);
  const outer = groupByFile([d]);
  pub.setFolder('outer', outer.byFile, outer.changed, Infinity);
  const inner = groupByFile([diag('/w/inner/a.py', 1), diag('/w/inner/a.py', 2)]);
  pub.setFolder('inner', inner.byFile, inner.changed, Infinity);
  assert.deepEqual(sent.at(-1), [uri('/w/inner/a.py'), ['problem 1', 'problem 2']]);

  const syntax: Diagnostic = { ...diag('/w/inner/a.py', 7, 'bad syntax'), code: 'python-syntax' };
  pub.setSyntax('/w/inner/a.py', [syntax]);
  assert.deepEqual(sent.at(-1), [uri('/w/inner/a.py'), ['problem 1', 'problem 2', 'bad syntax']]);
  const seq = pub.nextSeq();
  const again = groupByFile([diag('/w/inner/a.py', 1)], inner.byFile);
  pub.setFolder('inner', again.byFile, again.changed, seq);
  assert.deepEqual(sent.at(-1), [uri('/w/inner/a.py'), ['problem 1']]);
});

test('the change filter: relevant files pass, excluded, skipped and non-relevant ones do not, deleted folders stand for their files', () => {
  const root = copyFixture('basic');
  const folder = new FolderIndex(
    uri(root),
    root,
    'basic',
    { ...DEFAULT_SETTINGS, exclude: ['vendor', 'docs/**/*.yaml'] },
    new OverlayFileSystem(new NodeFileSystem()),
  );
  folder.analyze();
  const at = (rel: string) => path.join(root, rel);
  assert.equal(isExcluded(folder, at('vendor/x/pyproject.toml')), true);
  assert.equal(isExcluded(folder, at('a/node_modules/x/plugin.py')), true);
  assert.equal(isExcluded(folder, at('docs/sub/m.yaml')), true);
  assert.equal(isExcluded(folder, at('docs/sub/m.json')), false);
  assert.equal(isExcluded(folder, at('packages/floe-duck/pyproject.toml')), false);

  const files = [
    at('packages/floe-new/pyproject.toml'),
    at('vendor/x/pyproject.toml'),
    at('node_modules/y/plugin.py'),
    at('README.md'),
    '/elsewhere/pyproject.toml',
    at('packages/floe-duck/src/floe_duck/plugin.py'),
  ];
  assert.deepEqual(filesToInvalidate(folder, files), [at('packages/floe-new/pyproject.toml'), at('packages/floe-duck/src/floe_duck/plugin.py')]);

  const ice = at('packages/floe-ice');
  const gone = filesToInvalidate(folder, [ice], new Set([ice]));
  assert.equal(gone[0], ice);
  assert.deepEqual(gone.slice(1).sort(), [at('packages/floe-ice/pyproject.toml'), at('packages/floe-ice/src/floe_ice/plugin.py')]);
  // A folder that is not deleted, or holds nothing the analysis used, is nothing.
  assert.deepEqual(filesToInvalidate(folder, [ice]), []);
  assert.deepEqual(filesToInvalidate(folder, [at('vendor')], new Set([at('vendor')])), []);
  assert.ok(fs.existsSync(ice));
});
