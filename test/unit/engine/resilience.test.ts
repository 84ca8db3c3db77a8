// SC-005 / User Story 1 scenario 2: with half of the plugins broken in every way a file can be
// broken, the other half is still discovered with full metadata, and each broken file gets its
// own diagnostic at its own place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';

const R = '/ws';

function good(files: Record<string, string>, i: number): void {
  files[`${R}/p${i}/pyproject.toml`] = `[project]\nname = "p${i}"\n[project.entry-points."floe.computes"]\np${i} = "floe_p${i}:Plugin"\n`;
  files[`${R}/p${i}/floe_p${i}/__init__.py`] =
    `from floe_core.plugins import ComputePlugin\n\n\nclass Plugin(ComputePlugin):\n    name = "p${i}"\n    version = "1.0.${i}"\n    floe_api_version = "1.0"\n`;
}

test('half the plugins broken: the rest are still found, each problem reported where it is', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) good(files, i);
  // Break five of them, each differently.
  files[`${R}/p0/pyproject.toml`] = '[project\nname = "p0"\n'; // TOML syntax
  files[`${R}/p1/floe_p1/__init__.py`] = 'class Plugin(ComputePlugin:\n    name = "p1"\n'; // Python syntax
  files[`${R}/p2/pyproject.toml`] = `[project]\nname = "p2"\n[project.entry-points."floe.computes"]\np2 = "floe_p2:"\n`; // bad value
  delete files[`${R}/p3/floe_p3/__init__.py`]; // module gone
  files[`${R}/p4/floe_p4/__init__.py`] = 'X = 1\n'; // class gone
  const r = new FloeWorkspace(R, {}, new MemoryFileSystem(files)).analyze();

  const ok = r.plugins
    .filter((p) => p.state === 'ok')
    .map((p) => p.entryPoint)
    .sort();
  assert.deepEqual(ok, ['p5', 'p6', 'p7', 'p8', 'p9']);
  for (const p of r.plugins.filter((x) => x.state === 'ok')) {
    assert.equal(p.version.kind === 'known' && p.version.value, `1.0.${p.entryPoint.slice(1)}`);
  }
  const where = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.slice(R.length + 1)} ${d.code}`);
  assert.ok(where.includes('p0/pyproject.toml toml-syntax'), where.join('\n'));
  assert.ok(where.includes('p1/floe_p1/__init__.py python-syntax'), where.join('\n'));
  assert.ok(where.includes('p2/pyproject.toml invalid-entry-point'), where.join('\n'));
  assert.ok(where.includes('p3/pyproject.toml unresolved-module'), where.join('\n'));
  assert.ok(where.includes('p4/pyproject.toml unresolved-class'), where.join('\n'));
  assert.ok(!where.some((w) => /^p[5-9]\//.test(w)), 'the intact packages have no errors');
});
