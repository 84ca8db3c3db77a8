// The engine over an in-memory workspace: results follow edits after invalidate(), cross-file
// results (cycles, duplicates) appear and clear, and floe-core's source sets the platform.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';

const R = '/ws';

function pkg(files: Record<string, string>, name: string, group: string, abc: string, deps: string[], api = '1.0') {
  const mod = `floe_${name}`;
  files[`${R}/${name}/pyproject.toml`] =
    `[project]\nname = "floe-${name}"\nversion = "0.1.0"\n\n[project.entry-points."${group}"]\n${name} = "${mod}.plugin:Plugin"\n`;
  files[`${R}/${name}/src/${mod}/__init__.py`] = '';
  files[`${R}/${name}/src/${mod}/plugin.py`] = pluginSource(name, abc, deps, api);
}

function pluginSource(name: string, abc: string, deps: string[], api = '1.0'): string {
  return `from floe_core.plugins import ${abc}\n\n\nclass Plugin(${abc}):\n    name = "${name}"\n    version = "0.1.0"\n    floe_api_version = "${api}"\n    dependencies = ${JSON.stringify(deps)}\n`;
}

function codes(ws: FloeWorkspace): string[] {
  return ws.analyze().diagnostics.map((d) => `${d.file.slice(R.length + 1)}:${d.range.start.line + 1} ${d.code}`);
}

test('a cycle across three files appears, and clears when one dependency is removed', () => {
  const files: Record<string, string> = {};
  pkg(files, 'a', 'floe.computes', 'ComputePlugin', ['b']);
  pkg(files, 'b', 'floe.catalogs', 'CatalogPlugin', ['c']);
  pkg(files, 'c', 'floe.storage', 'StoragePlugin', []);
  const fs = new MemoryFileSystem(files);
  const ws = new FloeWorkspace(R, {}, fs);
  assert.deepEqual(codes(ws), []);
  assert.deepEqual(
    ws.last!.order.map((id) => id.split(':')[1].split('@')[0]),
    ['c', 'b', 'a'],
  );

  const cFile = `${R}/c/src/floe_c/plugin.py`;
  fs.write(cFile, pluginSource('c', 'StoragePlugin', ['a']));
  ws.invalidate([cFile]);
  const r = ws.analyze();
  const cyc = r.diagnostics.filter((d) => d.code === 'dependency-cycle');
  assert.deepEqual(cyc.map((d) => d.file.slice(R.length + 1)).sort(), ['a/src/floe_a/plugin.py', 'b/src/floe_b/plugin.py', 'c/src/floe_c/plugin.py']);
  for (const d of cyc) assert.match(d.message, /^Circular dependency: a -> b -> c -> a\./);
  // The range is the dependency string in each file.
  const inC = cyc.find((d) => d.file === cFile)!;
  assert.deepEqual(inC.range, { start: { line: 7, character: 20 }, end: { line: 7, character: 23 } });
  assert.deepEqual(r.cycles, [['a', 'b', 'c', 'a']]);
  assert.deepEqual(r.order, []);

  fs.write(cFile, pluginSource('c', 'StoragePlugin', []));
  ws.invalidate([cFile]);
  assert.deepEqual(codes(ws), []);
});

test('a duplicate appears when a second distribution declares the same name, and clears when renamed', () => {
  const files: Record<string, string> = {};
  pkg(files, 'a', 'floe.computes', 'ComputePlugin', []);
  const fs = new MemoryFileSystem(files);
  const ws = new FloeWorkspace(R, {}, fs);
  assert.deepEqual(codes(ws), []);
  const f = `${R}/fork/pyproject.toml`;
  fs.write(f, `[project]\nname = "fork"\n[project.entry-points."floe.computes"]\na = "floe_fork:Plugin"\n`);
  fs.write(`${R}/fork/floe_fork/__init__.py`, pluginSource('a', 'ComputePlugin', []));
  ws.invalidate([f, `${R}/fork/floe_fork/__init__.py`]);
  assert.deepEqual(codes(ws), ['a/pyproject.toml:6 duplicate-plugin', 'fork/pyproject.toml:4 duplicate-plugin']);
  fs.write(`${R}/fork/floe_fork/__init__.py`, pluginSource('a2', 'ComputePlugin', []));
  fs.write(f, `[project]\nname = "fork"\n[project.entry-points."floe.computes"]\na2 = "floe_fork:Plugin"\n`);
  ws.invalidate([f, `${R}/fork/floe_fork/__init__.py`]);
  assert.deepEqual(codes(ws), []);
});

test('a module created after the first pass resolves on the next', () => {
  const files: Record<string, string> = {};
  files[`${R}/x/pyproject.toml`] = `[project]\nname = "x"\n[project.entry-points."floe.computes"]\nx = "floe_x.later:Plugin"\n`;
  const fs = new MemoryFileSystem(files);
  const ws = new FloeWorkspace(R, {}, fs);
  assert.deepEqual(codes(ws), ['x/pyproject.toml:4 unresolved-module']);
  const f = `${R}/x/floe_x/later.py`;
  fs.write(f, pluginSource('x', 'ComputePlugin', []));
  ws.invalidate([f]);
  assert.deepEqual(codes(ws), []);
});

test("floe-core's source sets the plugin types and the platform API version", () => {
  const files: Record<string, string> = {};
  files[`${R}/core/src/floe_core/__init__.py`] = '';
  files[`${R}/core/src/floe_core/plugin_types.py`] =
    'from enum import Enum\n\n\nclass PluginType(Enum):\n    COMPUTE = "floe.computes"\n    QUALITY = "floe.quality"\n';
  files[`${R}/core/src/floe_core/version_compat.py`] = 'FLOE_PLUGIN_API_VERSION: str = "1.2"\n';
  files[`${R}/core/src/floe_core/plugins/__init__.py`] =
    'from floe_core.plugin_metadata import PluginMetadata\n\n\nclass ComputePlugin(PluginMetadata):\n    pass\n\n\nclass QualityPlugin(PluginMetadata):\n    pass\n';
  pkg(files, 'q', 'floe.quality', 'QualityPlugin', [], '1.2');
  pkg(files, 'n', 'floe.computes', 'ComputePlugin', [], '1.3');
  const ws = new FloeWorkspace(R, {}, new MemoryFileSystem(files));
  const r = ws.analyze();
  assert.equal(r.platform.apiVersion, '1.2');
  assert.equal(r.platform.apiVersionOrigin, 'floe-core');
  assert.deepEqual(
    r.platform.types.map((t) => t.group),
    ['floe.computes', 'floe.quality'],
  );
  assert.equal(r.plugins.find((p) => p.entryPoint === 'q')!.compatibility, 'compatible');
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['api-incompatible'],
  );
  assert.match(r.diagnostics[0].message, /^Plugin 'n' requires API v1\.3, but platform provides v1\.2/);
  // An option wins over floe-core.
  ws.setOptions({ platformApiVersion: '1.3' });
  assert.deepEqual(
    ws.analyze().diagnostics.map((d) => d.code),
    [],
  );
});

test('an unknown group gets the nearest known group and a fix; extra groups are accepted', () => {
  const files: Record<string, string> = {};
  files[`${R}/w/pyproject.toml`] =
    `[project]\nname = "w"\n[project.entry-points."floe.catalog"]\nw = "floe_w:Plugin"\n[project.entry-points."floe.widgets"]\nv = "floe_w:Plugin"\n`;
  files[`${R}/w/floe_w/__init__.py`] = pluginSource('w', 'CatalogPlugin', []);
  const ws = new FloeWorkspace(R, {}, new MemoryFileSystem(files));
  const r = ws.analyze();
  const d = r.diagnostics.filter((x) => x.code === 'unknown-group');
  assert.equal(d.length, 2);
  assert.match(d[0].message, /Did you mean 'floe\.catalogs'\?/);
  assert.deepEqual(d[0].fixes![0].newText, '"floe.catalogs"');
  assert.deepEqual(d[0].range, d[0].fixes![0].range);
  ws.setOptions({ extraGroups: ['floe.widgets'] });
  const r2 = ws.analyze();
  assert.equal(r2.diagnostics.filter((x) => x.code === 'unknown-group').length, 1);
  assert.ok(r2.plugins.some((p) => p.group === 'floe.widgets' && p.category === 'widget'));
});

test('a package folder created as one event is discovered, and dropped when deleted as one event', () => {
  const files: Record<string, string> = {};
  pkg(files, 'a', 'floe.computes', 'ComputePlugin', []);
  const fs = new MemoryFileSystem(files);
  const ws = new FloeWorkspace(R, {}, fs);
  assert.equal(ws.analyze().plugins.length, 1);
  const more: Record<string, string> = {};
  pkg(more, 'b', 'floe.catalogs', 'CatalogPlugin', ['a']);
  for (const [f, t] of Object.entries(more)) fs.write(f, t);
  assert.equal(ws.isRelevant(`${R}/b`), true, 'a folder counts as relevant');
  ws.invalidate([`${R}/b`]);
  assert.deepEqual(
    ws
      .analyze()
      .plugins.map((p) => p.entryPoint)
      .sort(),
    ['a', 'b'],
  );
  for (const f of Object.keys(more)) fs.remove(f);
  ws.invalidate([`${R}/b`]);
  assert.deepEqual(
    ws.analyze().plugins.map((p) => p.entryPoint),
    ['a'],
  );
});

test('`# floe: ignore[...]` silences a problem on its line (or the line below a comment), and only that code', () => {
  const files: Record<string, string> = {};
  files[`${R}/s/pyproject.toml`] = '[project]\nname = "s"\n[project.entry-points."floe.computes"]\nsx = "floe_s:P"  # floe: ignore[name-mismatch]\n';
  files[`${R}/s/floe_s/__init__.py`] =
    'from floe_core.plugins import ComputePlugin\n\n\nclass P(ComputePlugin):\n    name = "s"\n' +
    '    # floe: ignore[invalid-version]\n    version = "1.0"\n    floe_api_version = "9.0"  # floe: ignore[name-mismatch]\n';
  const fs = new MemoryFileSystem(files);
  const ws = new FloeWorkspace(R, {}, fs);
  // name-mismatch and invalid-version are silenced; api-incompatible is not (the comment names another code).
  assert.deepEqual(codes(ws), ['s/floe_s/__init__.py:8 api-incompatible']);
  assert.equal(ws.last!.plugins[0].state, 'error');
  fs.write(`${R}/s/floe_s/__init__.py`, files[`${R}/s/floe_s/__init__.py`].replace('# floe: ignore[name-mismatch]', '# floe: ignore'));
  ws.invalidate([`${R}/s/floe_s/__init__.py`]);
  assert.deepEqual(codes(ws), []);
  // Silencing hides the report, not the fact: the registry still rejects an incompatible plugin.
  assert.equal(ws.last!.plugins[0].compatibility, 'incompatible');
  assert.equal(ws.last!.plugins[0].state, 'error');
  // A silenced warning-only plugin is ok.
  fs.write(`${R}/s/floe_s/__init__.py`, files[`${R}/s/floe_s/__init__.py`].replace('"9.0"', '"1.0"'));
  ws.invalidate([`${R}/s/floe_s/__init__.py`]);
  assert.deepEqual(codes(ws), []);
  assert.equal(ws.last!.plugins[0].state, 'ok', 'silenced problems do not count for the plugin state');
});
