// Entry-point target resolution: module lookup and attribute -> class, following re-exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { staticConfigSchema } from '../../../server/src/engine/python/pydanticSchema';
import { ALL_ABCS, FIXTURES, memWorkspace, r, target } from './helpers';

const PLUGIN = `from floe_core.plugins import ComputePlugin


class DuckPlugin(ComputePlugin):
    name = "duck"
`;

test('src layout on disk: package __init__ re-exports the class', () => {
  const py = new PythonAnalyzer(new NodeFileSystem());
  const root = path.join(FIXTURES, 'src_layout/src');
  const a = py.analyzeTarget({ importRoots: [root], module: 'floe_duck', attr: 'DuckDBPlugin', requiredAbc: 'ComputePlugin', allAbcs: ALL_ABCS });
  assert.equal(a.moduleFile, path.join(root, 'floe_duck/__init__.py'));
  assert.equal(a.moduleError, undefined);
  assert.equal(a.classError, undefined);
  assert.equal(a.cls?.name, 'DuckDBPlugin');
  assert.equal(a.cls?.file, path.join(root, 'floe_duck/plugin.py'));
  assert.deepEqual(a.cls?.nameRange, r(5, 6, 5, 18));
  assert.deepEqual(a.cls?.range.start, { line: 5, character: 0 });
  for (const f of ['floe_duck/__init__.py', 'floe_duck/plugin.py', 'floe_duck/_impl/base.py']) {
    assert.ok(a.files.includes(path.join(root, f)), `files has ${f}`);
  }
});

test('flat layout on disk: aliased relative re-export `from .plugin import X as Y`', () => {
  const py = new PythonAnalyzer(new NodeFileSystem());
  const root = path.join(FIXTURES, 'flat');
  const a = py.analyzeTarget({ importRoots: [root], module: 'floe_flat', attr: 'FlatComputePlugin', requiredAbc: 'ComputePlugin', allAbcs: ALL_ABCS });
  assert.equal(a.cls?.name, 'FlatPlugin');
  assert.equal(a.cls?.file, path.join(root, 'floe_flat/plugin.py'));
  assert.deepEqual(a.cls?.nameRange, r(3, 6, 3, 16));
  assert.equal(a.derivesFromAbc, true);
});

test('a module file is found when no package of its name is beside it; the class defined in the module itself', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/mod.py': PLUGIN,
    'pkg/mod/data.txt': 'a folder without __init__.py is no package',
  });
  const a = target(py, 'pkg.mod:DuckPlugin');
  assert.equal(a.moduleFile, '/ws/pkg/mod.py');
  assert.equal(a.cls?.name, 'DuckPlugin');
  assert.deepEqual(a.cls?.nameRange, r(3, 6, 3, 16));
});

test('namespace package folders (no __init__.py) for intermediate packages', () => {
  const { py } = memWorkspace({ 'ns/inner/plugin.py': PLUGIN });
  const a = target(py, 'ns.inner.plugin:DuckPlugin');
  assert.equal(a.moduleFile, '/ws/ns/inner/plugin.py');
  assert.equal(a.cls?.name, 'DuckPlugin');
});

test('second import root is searched', () => {
  const { py } = memWorkspace({ 'site/pkg/plugin.py': PLUGIN });
  const a = target(py, 'pkg.plugin:DuckPlugin', { importRoots: ['/ws/src', '/ws/site'] });
  assert.equal(a.moduleFile, '/ws/site/pkg/plugin.py');
  assert.equal(a.cls?.name, 'DuckPlugin');
});

test('missing module names the roots searched', () => {
  const { py } = memWorkspace({ 'pkg/__init__.py': '' });
  const a = target(py, 'pkg.nothere:X', { importRoots: ['/ws/src', '/ws'] });
  assert.equal(a.moduleFile, undefined);
  assert.equal(a.moduleError, "module 'pkg.nothere' not found in the import roots (/ws/src, /ws)");
  assert.equal(a.cls, undefined);
  assert.deepEqual(a.name, { kind: 'missing' });
  assert.deepEqual(a.missingAbstract, []);
});

test('absolute import re-export `from pkg.plugin import X`', () => {
  const { py } = memWorkspace({ 'pkg/__init__.py': 'from pkg.plugin import DuckPlugin\n', 'pkg/plugin.py': PLUGIN });
  const a = target(py, 'pkg:DuckPlugin');
  assert.equal(a.cls?.file, '/ws/pkg/plugin.py');
  assert.deepEqual(a.files.sort(), ['/ws/pkg/__init__.py', '/ws/pkg/plugin.py']);
});

test('two-level relative import `from ..impl.plugin import X`', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/api/__init__.py': 'from ..impl.plugin import DuckPlugin\n',
    'pkg/impl/__init__.py': '',
    'pkg/impl/plugin.py': PLUGIN,
  });
  const a = target(py, 'pkg.api:DuckPlugin');
  assert.equal(a.cls?.file, '/ws/pkg/impl/plugin.py');
});

test('`from . import mod` then `X = mod.Cls`', () => {
  const { py } = memWorkspace({ 'pkg/__init__.py': 'from . import plugin\nExported = plugin.DuckPlugin\n', 'pkg/plugin.py': PLUGIN });
  const a = target(py, 'pkg:Exported');
  assert.equal(a.cls?.name, 'DuckPlugin');
  assert.equal(a.cls?.file, '/ws/pkg/plugin.py');
});

test('`import pkg.mod as m` + `X = m.Cls`, and `X = OtherClass` alias', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/plugin.py': PLUGIN,
    'pkg/entry.py': 'import pkg.plugin as m\n\nX = m.DuckPlugin\nY = X\n',
  });
  assert.equal(target(py, 'pkg.entry:X').cls?.name, 'DuckPlugin');
  assert.equal(target(py, 'pkg.entry:Y').cls?.name, 'DuckPlugin');
});

test('`import pkg.plugin` binds pkg; `X = pkg.plugin.Cls` resolves through the package', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/plugin.py': PLUGIN,
    'other.py': 'import pkg.plugin\n\nX = pkg.plugin.DuckPlugin\n',
  });
  assert.equal(target(py, 'other:X').cls?.file, '/ws/pkg/plugin.py');
});

test('star import respects the target __all__', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': 'from .plugin import *\n',
    'pkg/plugin.py': PLUGIN + '\nclass Hidden(ComputePlugin):\n    pass\n\n__all__ = ["DuckPlugin"]\n',
  });
  assert.equal(target(py, 'pkg:DuckPlugin').cls?.name, 'DuckPlugin');
  const hidden = target(py, 'pkg:Hidden');
  assert.equal(hidden.cls, undefined);
  assert.match(hidden.classError ?? '', /'Hidden' is not defined/);
});

test('star import without __all__ exports public names only', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': 'from .plugin import *\n',
    'pkg/plugin.py': PLUGIN + '\nclass _Private:\n    pass\n',
  });
  assert.equal(target(py, 'pkg:DuckPlugin').cls?.name, 'DuckPlugin');
  assert.equal(target(py, 'pkg:_Private').cls, undefined);
});

test('PEP 562 lazy export: `if name == "X": from .p import X; return X`', () => {
  const init = `__all__ = ["DuckPlugin", "Other"]


def __getattr__(name: str):
    if name == "DuckPlugin":
        from .plugin import DuckPlugin

        return DuckPlugin
    raise AttributeError(name)
`;
  const { py } = memWorkspace({ 'pkg/__init__.py': init, 'pkg/plugin.py': PLUGIN });
  const a = target(py, 'pkg:DuckPlugin');
  assert.equal(a.cls?.name, 'DuckPlugin');
  assert.equal(a.cls?.file, '/ws/pkg/plugin.py');
  assert.ok(a.files.includes('/ws/pkg/plugin.py'));
});

test('PEP 562 lazy export: `name in (...)` + globals(), importlib.import_module(...).X, and a mapping dict', () => {
  const init = `import importlib

_LAZY = {"MapPlugin": ".mapped"}


def __getattr__(name):
    if name in ("DuckPlugin",):
        from .plugin import DuckPlugin
        return globals()[name]
    elif name == "ModPlugin":
        return importlib.import_module(".other", __name__).ModPlugin
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name], __name__)
        return getattr(module, name)
    raise AttributeError(name)
`;
  const { py } = memWorkspace({
    'pkg/__init__.py': init,
    'pkg/plugin.py': PLUGIN,
    'pkg/other.py': PLUGIN.replace('DuckPlugin', 'ModPlugin'),
    'pkg/mapped.py': PLUGIN.replace('DuckPlugin', 'MapPlugin'),
  });
  assert.equal(target(py, 'pkg:DuckPlugin').cls?.file, '/ws/pkg/plugin.py');
  assert.equal(target(py, 'pkg:ModPlugin').cls?.file, '/ws/pkg/other.py');
  assert.equal(target(py, 'pkg:MapPlugin').cls?.file, '/ws/pkg/mapped.py');
});

test('nested attribute `mod:Outer.Inner`', () => {
  const { py } = memWorkspace({
    'pkg/plugin.py': 'from floe_core.plugins import ComputePlugin\n\nclass Outer:\n    class Inner(ComputePlugin):\n        name = "inner"\n',
  });
  const a = target(py, 'pkg.plugin:Outer.Inner');
  assert.equal(a.cls?.name, 'Inner');
  assert.deepEqual(a.cls?.nameRange, r(3, 10, 3, 15));
  assert.equal(a.name.kind === 'known' && a.name.value, 'inner');
  assert.match(target(py, 'pkg.plugin:Outer.Nope').classError ?? '', /class 'Outer' has no member 'Nope'/);
});

test('not a class: function, constant, module', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': 'from . import sub\n',
    'pkg/sub.py': '',
    'pkg/plugin.py': 'def make_plugin():\n    return None\n\nPLUGIN = make_plugin()\n',
  });
  assert.equal(target(py, 'pkg.plugin:make_plugin').classError, "'make_plugin' in module 'pkg.plugin' is a function, not a class");
  assert.equal(target(py, 'pkg.plugin:PLUGIN').classError, "'PLUGIN' in module 'pkg.plugin' is a value (`make_plugin()`), not a class");
  assert.equal(target(py, 'pkg:sub').classError, "'sub' in module 'pkg' is a module, not a class");
});

test('missing class suggests close names', () => {
  const { py } = memWorkspace({ 'pkg/plugin.py': PLUGIN });
  const a = target(py, 'pkg.plugin:DuckPlugn');
  assert.equal(a.cls, undefined);
  assert.equal(a.classError, "'DuckPlugn' is not defined in module 'pkg.plugin' (did you mean 'DuckPlugin'?)");
});

test('class imported from outside the import roots', () => {
  const { py } = memWorkspace({ 'pkg/__init__.py': 'from elsewhere.impl import Plugin\n' });
  assert.equal(
    target(py, 'pkg:Plugin').classError,
    "'Plugin' in module 'pkg' is imported from 'elsewhere.impl.Plugin', which is not in the workspace or import roots",
  );
});

test('import cycle is reported, not looped', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/a.py': 'from .b import X\n',
    'pkg/b.py': 'from .a import X\n',
  });
  const a = target(py, 'pkg.a:X');
  assert.equal(a.cls, undefined);
  assert.match(a.classError ?? '', /import cycle while resolving 'X'/);
  assert.deepEqual(a.files.sort(), ['/ws/pkg/a.py', '/ws/pkg/b.py']);
});

test('try/except ImportError and TYPE_CHECKING imports', () => {
  const { py } = memWorkspace({
    'pkg/__init__.py':
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .nothere import Ghost\ntry:\n    from .plugin import DuckPlugin\nexcept ImportError:\n    DuckPlugin = None\n',
    'pkg/plugin.py': PLUGIN,
  });
  assert.equal(target(py, 'pkg:DuckPlugin').cls?.name, 'DuckPlugin');
  assert.match(target(py, 'pkg:Ghost').classError ?? '', /'Ghost' is not defined/);
});

test('syntax errors are reported with their range and cached by stamp', () => {
  const { py, fs } = memWorkspace({ 'pkg/bad.py': 'class X(:\n    pass\n' });
  const d = py.syntaxDiagnostics('/ws/pkg/bad.py');
  assert.ok(d.length >= 1);
  assert.equal(d[0].code, 'python-syntax');
  assert.equal(d[0].range.start.line, 0);
  assert.equal(py.syntaxDiagnostics('/ws/pkg/bad.py'), d, 'cached');
  fs.write('/ws/pkg/bad.py', 'class X:\n    pass\n');
  assert.deepEqual(py.syntaxDiagnostics('/ws/pkg/bad.py'), []);
});

test('broken source never throws: resolution still answers', () => {
  const { py } = memWorkspace({ 'pkg/plugin.py': 'from floe_core.plugins import ComputePlugin\nclass P(ComputePlugin:\n    name = "x"\ndef (\n' });
  const a = target(py, 'pkg.plugin:P');
  assert.ok(a.cls || a.classError);
});

test('facts follow file changes (stamp) and invalidate()', () => {
  const { py, fs } = memWorkspace({ 'pkg/plugin.py': PLUGIN });
  assert.equal(target(py, 'pkg.plugin:DuckPlugin').name.kind, 'known');
  fs.write('/ws/pkg/plugin.py', PLUGIN.replace('DuckPlugin', 'Renamed'));
  assert.equal(target(py, 'pkg.plugin:DuckPlugin').cls, undefined);
  py.invalidate(['/ws/pkg/plugin.py']);
  assert.equal(target(py, 'pkg.plugin:Renamed').cls?.name, 'Renamed');
});

test('truncated sources (every prefix step) never throw and give an answer', async () => {
  const fsMod = await import('node:fs');
  const root = path.join(FIXTURES, 'src_layout/src/floe_duck');
  const plugin = fsMod.readFileSync(path.join(root, 'plugin.py'), 'utf8');
  const base = fsMod.readFileSync(path.join(root, '_impl/base.py'), 'utf8');
  const config = fsMod.readFileSync(path.join(root, 'config.py'), 'utf8');
  for (let cut = 0; cut <= plugin.length; cut += 7) {
    const { py, fs } = memWorkspace({
      'floe_duck/__init__.py': '',
      'floe_duck/_version.py': '__version__ = "1"\n',
      'floe_duck/plugin.py': plugin.slice(0, cut),
      'floe_duck/_impl/base.py': base.slice(0, Math.min(base.length, cut)),
      'floe_duck/config.py': config.slice(0, Math.min(config.length, cut)),
    });
    const a = target(py, 'floe_duck.plugin:DuckDBPlugin');
    assert.ok(a.cls || a.classError, `cut ${cut}`);
    assert.ok(!a.classError?.startsWith('internal error'), `cut ${cut}: ${a.classError}`);
    // The raw translation (not the analyzer's defensive wrapper) must not throw either.
    staticConfigSchema(fs, py.facts, { className: 'DuckDBConfig', file: '/ws/floe_duck/config.py', returnFile: '/ws/x', returnRange: r(0, 0, 0, 0) }, ['/ws']);
  }
});

test('a package folder wins over a module file of the same name beside it, as importlib finds them', () => {
  const { py } = memWorkspace({
    'floe_shadow/__init__.py': '',
    'floe_shadow/plugin.py': PLUGIN,
    'floe_shadow/plugin/__init__.py': 'class DuckPlugin:\n    name = "package"\n',
  });
  const a = target(py, 'floe_shadow.plugin:DuckPlugin');
  assert.equal(a.moduleFile, '/ws/floe_shadow/plugin/__init__.py');
  assert.equal(a.derivesFromAbc, false);
});
