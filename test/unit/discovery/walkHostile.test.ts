// Hostile workspaces on the real disk: symlink loops, links out of the root, huge and deep trees.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkWorkspace } from '../../../server/src/engine/discovery/walk';
import { NodeFileSystem } from '../../../server/src/engine/fs';

const tmp = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'floe-walk-')));
after(() => nodeFs.rmSync(tmp, { recursive: true, force: true }));
const fs = new NodeFileSystem();

function write(root: string, rel: string, text = ''): void {
  const p = path.join(root, rel);
  nodeFs.mkdirSync(path.dirname(p), { recursive: true });
  nodeFs.writeFileSync(p, text);
}

test('symlink loops are noted once each and never followed; a real folder is visited once', () => {
  const ws = path.join(tmp, 'loops');
  write(ws, 'a/b/pyproject.toml');
  write(ws, 'c/pyproject.toml');
  nodeFs.symlinkSync(path.join(ws, 'a'), path.join(ws, 'a', 'b', 'up'));
  nodeFs.symlinkSync(ws, path.join(ws, 'self'));
  nodeFs.symlinkSync(path.join(ws, 'c'), path.join(ws, 'a', 'c-link'));
  nodeFs.symlinkSync(path.join(ws, 'c', 'pyproject.toml'), path.join(ws, 'a', 'pyproject.toml'));
  nodeFs.symlinkSync(path.join(ws, 'missing'), path.join(ws, 'broken'));
  // A link into a folder the walk skips by name is followed (its real path is never walked).
  write(ws, 'build/gen/pyproject.toml');
  nodeFs.symlinkSync(path.join(ws, 'build', 'gen'), path.join(ws, 'generated'));
  const res = walkWorkspace(fs, ws, {});
  assert.deepEqual(res.pyprojects, [path.join(ws, 'a/b/pyproject.toml'), path.join(ws, 'c/pyproject.toml'), path.join(ws, 'generated/pyproject.toml')]);
  assert.deepEqual(walkWorkspace(fs, ws, {}), res, 'deterministic');
  assert.deepEqual(
    res.diagnostics.map((d) => [d.code, d.severity, path.relative(ws, d.file), d.message]),
    [
      ['file-skipped', 'information', 'self', "Symbolic link 'self' points back to '.' (a loop): not followed."],
      ['file-skipped', 'information', 'a/b/up', "Symbolic link 'a/b/up' points back to 'a' (a loop): not followed."],
    ],
  );
  assert.equal(res.visitedDirs, 5); // root, a, c, a/b, generated
});

test('a symlink bomb (links to ancestors at every level) ends quickly', () => {
  const ws = path.join(tmp, 'bomb');
  let dir = ws;
  for (let i = 0; i < 8; i++) {
    dir = path.join(dir, `n${i}`);
    nodeFs.mkdirSync(dir, { recursive: true });
    for (let j = 0; j < 4; j++) nodeFs.symlinkSync(j % 2 ? ws : path.dirname(dir), path.join(dir, `up${j}`));
  }
  write(dir, 'pyproject.toml');
  const res = walkWorkspace(fs, ws, {});
  assert.deepEqual(res.pyprojects, [path.join(dir, 'pyproject.toml')]);
  assert.equal(res.visitedDirs, 9);
  assert.equal(res.diagnostics.length, 20); // loop notes are capped
  assert.ok(res.diagnostics.every((d) => d.code === 'file-skipped' && d.severity === 'information'));
});

test('links out of the root are not followed, except into a virtualenv', () => {
  const outside = path.join(tmp, 'outside');
  write(outside, 'proj/pyproject.toml');
  write(outside, 'venv1/pyvenv.cfg', 'home = /usr');
  write(outside, 'venv1/lib/python3.12/site-packages/floe_y-2.0.dist-info/METADATA', 'Name: floe-y\n');
  write(outside, 'venv1/lib/python3.12/site-packages/floe_core/__init__.py');
  write(outside, 'venv1/src/pyproject.toml');
  const ws = path.join(tmp, 'linked');
  write(ws, 'pyproject.toml');
  nodeFs.symlinkSync(path.join(outside, 'proj'), path.join(ws, 'proj'));
  nodeFs.symlinkSync(path.join(outside, 'proj', 'pyproject.toml'), path.join(ws, 'other.toml'));
  nodeFs.symlinkSync(path.join(outside, 'venv1'), path.join(ws, 'myenv'));
  const res = walkWorkspace(fs, ws, {});
  assert.deepEqual(res.pyprojects, [path.join(ws, 'pyproject.toml')]);
  const sp = path.join(ws, 'myenv', 'lib', 'python3.12', 'site-packages');
  assert.deepEqual(res.distInfos, [{ dir: path.join(sp, 'floe_y-2.0.dist-info'), sitePackages: sp }]);
  assert.deepEqual(res.floeCoreDirs, [path.join(sp, 'floe_core')]);
  assert.deepEqual(res.diagnostics, []);
});

test('20,000 files: all visited by default; a lower maxEntries cuts with ONE warning on the root', () => {
  const ws = path.join(tmp, 'huge');
  for (let d = 0; d < 20; d++) {
    const dir = path.join(ws, `d${String(d).padStart(2, '0')}`);
    nodeFs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 1000; f++) nodeFs.writeFileSync(path.join(dir, `f${f}.txt`), '');
  }
  write(ws, 'd19/pyproject.toml');
  const full = walkWorkspace(fs, ws, {});
  assert.equal(full.visitedFiles, 20_001);
  assert.equal(full.visitedDirs, 21);
  assert.deepEqual(full.pyprojects, [path.join(ws, 'd19/pyproject.toml')]);
  assert.deepEqual(full.diagnostics, []);

  const cut = walkWorkspace(fs, ws, { maxEntries: 5000 });
  assert.equal(cut.visitedFiles, 4980); // 20 folder entries of the root, then 4,980 files
  assert.deepEqual(cut.pyprojects, []);
  assert.deepEqual(
    cut.diagnostics.map((d) => [d.file, d.code, d.severity, d.range.start.line, d.message]),
    [
      [
        ws,
        'file-skipped',
        'warning',
        0,
        'Workspace discovery was cut short: stopped after 5000 files and folders; the rest of the workspace was not searched. Exclude large folders with the floePlugins.exclude setting.',
      ],
    ],
  );
});

test('deep nesting is bounded by maxDepth with one warning naming the first cut folder', () => {
  const ws = path.join(tmp, 'deep');
  const levels = Array.from({ length: 30 }, (_, i) => `l${i + 1}`);
  write(ws, [...levels.slice(0, 25), 'pyproject.toml'].join('/'));
  write(ws, 'l1/pyproject.toml');
  const res = walkWorkspace(fs, ws, {});
  assert.deepEqual(res.pyprojects, [path.join(ws, 'l1/pyproject.toml')]);
  assert.equal(res.visitedDirs, 21);
  assert.deepEqual(
    res.diagnostics.map((d) => [d.file, d.severity, d.message]),
    [
      [
        ws,
        'warning',
        `Workspace discovery was cut short: 1 folder deeper than 20 levels was not searched (first: '${levels.slice(0, 21).join('/')}'). Exclude large folders with the floePlugins.exclude setting.`,
      ],
    ],
  );
  const deeper = walkWorkspace(fs, ws, { maxDepth: 40 });
  assert.equal(deeper.pyprojects.length, 2);
  assert.deepEqual(deeper.diagnostics, []);
});

test('a pyproject.toml over the size limit is listed as skipped with an information', () => {
  const ws = path.join(tmp, 'big');
  write(ws, 'small/pyproject.toml', '[project]\n');
  write(ws, 'large/pyproject.toml', '#'.repeat(3 * 1024 * 1024));
  const res = walkWorkspace(fs, ws, {});
  assert.deepEqual(res.pyprojects, [path.join(ws, 'small/pyproject.toml')]);
  assert.deepEqual(res.skipped, [path.join(ws, 'large/pyproject.toml')]);
  assert.deepEqual(
    res.diagnostics.map((d) => [d.file, d.code, d.severity, d.message]),
    [[path.join(ws, 'large/pyproject.toml'), 'file-skipped', 'information', 'large/pyproject.toml is 3 MiB, larger than the 2 MiB limit: not read.']],
  );
});
