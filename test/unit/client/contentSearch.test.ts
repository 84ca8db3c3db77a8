// The activation content check's globs and orders: shallow candidates to three folders deep, deep
// ones at any depth, the pyproject.toml files above an open file, floe-named folders read first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { ancestorDeclarations, DEEP_CANDIDATES, EXCLUDE, readingOrder, SHALLOW_CANDIDATES } from '../../../client/src/contentSearch';

describe('activation content check', () => {
  it('the shallow look lists declarations and manifests three folders deep, the deep one at any depth, neither in excluded folders', () => {
    const shallow = picomatch(SHALLOW_CANDIDATES, { dot: true });
    const deep = picomatch(DEEP_CANDIDATES, { dot: true });
    const excluded = picomatch(EXCLUDE, { dot: true });
    for (const p of ['pyproject.toml', 'plugins/floe-x/pyproject.toml', 'a/b/c/manifest.yml', 'platform/manifest.yaml']) assert.ok(shallow(p), p);
    for (const p of ['a/b/c/d/pyproject.toml', 'a/b/c/README.md']) assert.ok(!shallow(p), p);
    for (const p of ['services/data/platform/plugins/floe-compute-deep/pyproject.toml', 'deploy/envs/prod/platform/manifest.yaml', 'pyproject.toml'])
      assert.ok(deep(p), p);
    assert.ok(!deep('a/b/c/d/setup.py'));
    for (const p of ['web/node_modules/x/pyproject.toml', '.venv/lib/p/pyproject.toml', 'a/dist/x/manifest.yaml']) assert.ok(excluded(p), p);
    assert.ok(!excluded('services/data/plugins/floe-compute-deep/pyproject.toml'));
  });
  it('the pyproject.toml of each folder above an open file, nearest first, up to the workspace folder', () => {
    assert.deepEqual(ancestorDeclarations('/ws', '/ws/services/data/floe_deep/plugin.py'), [
      '/ws/services/data/floe_deep/pyproject.toml',
      '/ws/services/data/pyproject.toml',
      '/ws/services/pyproject.toml',
      '/ws/pyproject.toml',
    ]);
    assert.deepEqual(ancestorDeclarations('/ws/', '/ws/setup.py'), ['/ws/pyproject.toml']);
    assert.deepEqual(ancestorDeclarations('/ws', '/other/x.py'), []);
    assert.deepEqual(ancestorDeclarations('/ws', '/wsx/x.py'), []);
  });
  it('reads floe-named folders first, then the shallower files, in listing order otherwise', () => {
    assert.deepEqual(
      readingOrder([
        '/ws/vendor/a/b/c/pyproject.toml',
        '/ws/tools/pyproject.toml',
        '/ws/x/y/floe-compute-deep/pyproject.toml',
        '/ws/apps/web/pyproject.toml',
        '/ws/lib/floe_core/pyproject.toml',
        '/ws/docs/pyproject.toml',
        '/ws/floeish/pyproject.toml',
      ]),
      [
        '/ws/lib/floe_core/pyproject.toml',
        '/ws/x/y/floe-compute-deep/pyproject.toml',
        '/ws/tools/pyproject.toml',
        '/ws/docs/pyproject.toml',
        '/ws/floeish/pyproject.toml',
        '/ws/apps/web/pyproject.toml',
        '/ws/vendor/a/b/c/pyproject.toml',
      ],
    );
  });
});
