import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { walkWorkspace } from '../../../server/src/engine/discovery/walk';
import { MemoryFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import { WS } from './helpers';

const SP = path.join(WS, '.venv', 'lib', 'python3.11', 'site-packages');
const abs = (...rels: string[]) => rels.map((p) => path.join(WS, p));

test('fixture workspace: pyprojects, venv dist-infos, manifests, floe_core; skipped folders', () => {
  const res = walkWorkspace(new NodeFileSystem(), WS, {});
  assert.deepEqual(
    res.pyprojects,
    abs(
      'badvalues/pyproject.toml',
      'dotted/pyproject.toml',
      'hatch/pyproject.toml',
      'inline/pyproject.toml',
      'malformed/pyproject.toml',
      'pep621/pyproject.toml',
      'poetry/pyproject.toml',
      'setuptools-lib/pyproject.toml',
    ),
  );
  assert.deepEqual(res.distInfos, [{ dir: path.join(SP, 'floe_x-1.0.dist-info'), sitePackages: SP }]);
  assert.deepEqual(res.manifestCandidates, abs('config/floe.yml', 'config/settings.json', 'platform.yaml'));
  // Workspace source first, then the virtualenv's installed copy.
  assert.deepEqual(res.floeCoreDirs, [...abs('core/floe_core'), path.join(SP, 'floe_core')]);
  assert.deepEqual(res.installedFloeCoreDirs, [path.join(SP, 'floe_core')]);
  assert.deepEqual(res.diagnostics, []);
  assert.deepEqual(res.skipped, []);
  // The venv, .vscode, build and *.egg-info are not walked as source.
  assert.ok(res.visitedDirs >= 15 && res.visitedDirs < 25, `visitedDirs ${res.visitedDirs}`);
});

test('exclude globs (path globs and bare names) and manifest globs', () => {
  const res = walkWorkspace(new NodeFileSystem(), WS, {
    exclude: ['**/badvalues/**', 'poetry', './config/', '*.yaml'],
    manifestGlobs: ['docs/*.floe'],
  });
  assert.deepEqual(
    res.pyprojects,
    abs(
      'dotted/pyproject.toml',
      'hatch/pyproject.toml',
      'inline/pyproject.toml',
      'malformed/pyproject.toml',
      'pep621/pyproject.toml',
      'setuptools-lib/pyproject.toml',
    ),
  );
  assert.deepEqual(res.manifestCandidates, abs('docs/platform.floe'));
});

test('given site-packages folders (relative to the root) are read; a venv is read once', () => {
  const res = walkWorkspace(new NodeFileSystem(), WS, { sitePackages: ['.venv/lib/python3.11/site-packages', '/does/not/exist'] });
  assert.deepEqual(res.distInfos, [{ dir: path.join(SP, 'floe_x-1.0.dist-info'), sitePackages: SP }]);
});

test('memory file system: venv by pyvenv.cfg, Windows layout, env package is source, floe_core rules', () => {
  const fs = new MemoryFileSystem({
    '/w/pyproject.toml': '',
    '/w/tools/py/pyvenv.cfg': 'home = x',
    '/w/tools/py/Lib/site-packages/a-1.dist-info/METADATA': 'Name: a',
    '/w/tools/py/Lib/site-packages/pkg/pyproject.toml': '',
    '/w/.venv/lib/python3.12/site-packages/b-2.dist-info/RECORD': '',
    '/w/.venv/lib64/python3.12/site-packages/c-3.dist-info/RECORD': '',
    '/w/.venv/lib/python3.12/site-packages/floe_core/plugin_types.py': '',
    '/w/.venv/src/pyproject.toml': '',
    '/w/env/__init__.py': '',
    '/w/env/floe.yaml': '',
    '/w/venv/pyproject.toml': '',
    '/w/a/floe_core/plugin_types.py': '',
    '/w/b/floe_core/readme.md': '',
    '/w/node_modules/x/pyproject.toml': '',
    '/w/x.egg-info/pyproject.toml': '',
    '/w/dist/pyproject.toml': '',
    '/w/.git/config.json': '',
    '/w/package-lock.json': '',
    '/w/tsconfig.json': '',
    '/w/m.JSON': '',
  });
  const res = walkWorkspace(fs, '/w', {});
  assert.deepEqual(res.pyprojects, ['/w/pyproject.toml']);
  assert.deepEqual(res.distInfos, [
    { dir: '/w/.venv/lib/python3.12/site-packages/b-2.dist-info', sitePackages: '/w/.venv/lib/python3.12/site-packages' },
    { dir: '/w/.venv/lib64/python3.12/site-packages/c-3.dist-info', sitePackages: '/w/.venv/lib64/python3.12/site-packages' },
    { dir: '/w/tools/py/Lib/site-packages/a-1.dist-info', sitePackages: '/w/tools/py/Lib/site-packages' },
  ]);
  assert.deepEqual(res.floeCoreDirs, ['/w/a/floe_core', '/w/.venv/lib/python3.12/site-packages/floe_core']);
  // Given site-packages folders come before the virtualenvs met during the walk.
  fs.write('/opt/sp/floe_core/plugin_types.py', '');
  const withExtra = walkWorkspace(fs, '/w', { sitePackages: ['/opt/sp'] });
  assert.deepEqual(withExtra.floeCoreDirs, ['/w/a/floe_core', '/opt/sp/floe_core', '/w/.venv/lib/python3.12/site-packages/floe_core']);
  assert.deepEqual(withExtra.installedFloeCoreDirs, ['/opt/sp/floe_core', '/w/.venv/lib/python3.12/site-packages/floe_core']);
  assert.deepEqual(res.manifestCandidates, ['/w/env/floe.yaml', '/w/m.JSON']);
});

test('missing root or a file as root: empty result, no throw', () => {
  const fs = new MemoryFileSystem({ '/w/f.txt': 'x' });
  for (const root of ['/nope', '/w/f.txt']) {
    const res = walkWorkspace(fs, root, {});
    assert.deepEqual([res.pyprojects, res.manifestCandidates, res.distInfos, res.diagnostics, res.visitedDirs], [[], [], [], [], 0]);
  }
});

test('a malformed exclude glob does not break the walk', () => {
  const fs = new MemoryFileSystem({ '/w/a/pyproject.toml': '', '/w/b/pyproject.toml': '' });
  const res = walkWorkspace(fs, '/w', { exclude: ['[', 'b'] });
  assert.deepEqual(res.pyprojects, ['/w/a/pyproject.toml']);
});
