// The file-watcher globs (shared/watch.ts) cover every file the engine's relevance rule accepts, so
// no change that matters is missed by the server or the VS Code client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { RELEVANT_EXTENSIONS, RELEVANT_NAMES } from '../../../server/src/engine/discovery/relevance';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import { WATCHED_GLOBS } from '../../../shared/watch';

const watched = picomatch([...WATCHED_GLOBS], { dot: true });
const ROOT = path.join(os.tmpdir(), 'floe-watch-globs');
const ws = new FloeWorkspace(ROOT);

/** Names the engine accepts by its data, and others it must not. */
const CANDIDATES = [
  ...RELEVANT_NAMES,
  ...RELEVANT_EXTENSIONS.map((e) => `module.${e}`),
  'README.md',
  'setup.cfg',
  'requirements.txt',
  'RECORD',
  'WHEEL',
  'top_level.txt',
  'uv.lock',
  'notes.yaml~',
  'x.pyc',
];
const FOLDERS = ['', 'packages/floe-duck/', 'packages/floe-duck/src/floe_duck/', '.venv/lib/python3.11/site-packages/floe_duck-0.1.0.dist-info/'];

test('every file the engine finds relevant is watched, in any folder', () => {
  let relevant = 0;
  for (const dir of FOLDERS) {
    for (const name of CANDIDATES) {
      const rel = dir + name;
      if (!ws.isRelevant(path.join(ROOT, rel))) continue;
      relevant++;
      assert.ok(watched(rel), `${rel} is relevant to the engine but no watcher glob matches it`);
    }
  }
  assert.equal(relevant, FOLDERS.length * (RELEVANT_NAMES.length + RELEVANT_EXTENSIONS.length));
});

test('the relevance rule accepts exactly its names and extensions', () => {
  for (const name of CANDIDATES.slice(RELEVANT_NAMES.length + RELEVANT_EXTENSIONS.length)) {
    assert.equal(ws.isRelevant(path.join(ROOT, 'pkg', name)), false, name);
  }
  assert.equal(ws.isRelevant(path.join(path.dirname(ROOT), 'elsewhere', 'pyproject.toml')), false, 'outside the root');
});

test('every watcher glob matches something the engine reads (no needless events)', () => {
  for (const glob of WATCHED_GLOBS) {
    const one = picomatch(glob, { dot: true });
    assert.ok(
      FOLDERS.some((dir) => CANDIDATES.some((n) => one(dir + n) && ws.isRelevant(path.join(ROOT, dir + n)))),
      glob,
    );
  }
});
