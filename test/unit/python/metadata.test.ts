// Plugin metadata as the platform would see it: values, origins and exact ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { ALL_ABCS, FIXTURES, memWorkspace, rangeOf, target } from './helpers';

const HEAD = 'from floe_core.plugins import ComputePlugin\n\n';

test('property returning a literal: value, origin and the string range (quotes included)', () => {
  const src =
    HEAD +
    `class P(ComputePlugin):
    @property
    def name(self) -> str:
        """The name."""
        return "duckdb"

    @property
    def version(self) -> str:
        return '1.2.0'

    @property
    def floe_api_version(self) -> str:
        return "1.0"
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.name, { kind: 'known', value: 'duckdb', file: '/ws/pkg/p.py', range: rangeOf(src, '"duckdb"'), origin: 'property' });
  assert.deepEqual(a.version, { kind: 'known', value: '1.2.0', file: '/ws/pkg/p.py', range: rangeOf(src, "'1.2.0'"), origin: 'property' });
  assert.deepEqual(a.floeApiVersion, {
    kind: 'known',
    value: '1.0',
    file: '/ws/pkg/p.py',
    range: { start: { line: 14, character: 15 }, end: { line: 14, character: 20 } },
    origin: 'property',
  });
  assert.deepEqual(a.missingAbstract, []);
});

test('class attributes: plain, annotated, ClassVar', () => {
  const src =
    HEAD +
    `from typing import ClassVar


class P(ComputePlugin):
    name = "duckdb"
    version: str = "0.1.0"
    floe_api_version: ClassVar[str] = "1.0"
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.name, { kind: 'known', value: 'duckdb', file: '/ws/pkg/p.py', range: rangeOf(src, '"duckdb"'), origin: 'attribute' });
  assert.deepEqual(a.version, { kind: 'known', value: '0.1.0', file: '/ws/pkg/p.py', range: rangeOf(src, '"0.1.0"'), origin: 'attribute' });
  assert.deepEqual(a.floeApiVersion, { kind: 'known', value: '1.0', file: '/ws/pkg/p.py', range: rangeOf(src, '"1.0"'), origin: 'attribute' });
});

test('module constant, self._NAME class attribute, implicit concatenation', () => {
  const src =
    HEAD +
    `PLUGIN_NAME = "duck" "db"
API = ("1."
       "0")


class P(ComputePlugin):
    _VERSION = "2.0.0"

    @property
    def name(self) -> str:
        return PLUGIN_NAME

    @property
    def version(self) -> str:
        return self._VERSION

    @property
    def floe_api_version(self) -> str:
        return API

    @property
    def description(self) -> str:
        return ("Fast "
                "local analytics")
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.name, { kind: 'known', value: 'duckdb', file: '/ws/pkg/p.py', range: rangeOf(src, '"duck" "db"'), origin: 'constant' });
  assert.deepEqual(a.version, { kind: 'known', value: '2.0.0', file: '/ws/pkg/p.py', range: rangeOf(src, '"2.0.0"'), origin: 'constant' });
  assert.deepEqual(a.floeApiVersion, { kind: 'known', value: '1.0', file: '/ws/pkg/p.py', range: rangeOf(src, '"1."\n       "0"'), origin: 'constant' });
  assert.deepEqual(a.description, {
    kind: 'known',
    value: 'Fast local analytics',
    file: '/ws/pkg/p.py',
    range: rangeOf(src, '"Fast "\n                "local analytics"'),
    origin: 'property',
  });
});

test('constant imported from another module: `from ._version import __version__` and `from .version import VERSION`', () => {
  const ver = '# generated\n__version__ = "3.4.5"\n';
  const api = 'VERSION = "1.0"\n';
  const src =
    HEAD +
    `from ._version import __version__
from .version import VERSION as API


class P(ComputePlugin):
    name = "x"
    version = __version__

    @property
    def floe_api_version(self) -> str:
        return API
`;
  const { py } = memWorkspace({ 'pkg/__init__.py': '', 'pkg/_version.py': ver, 'pkg/version.py': api, 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.version, { kind: 'known', value: '3.4.5', file: '/ws/pkg/_version.py', range: rangeOf(ver, '"3.4.5"'), origin: 'constant' });
  assert.deepEqual(a.floeApiVersion, { kind: 'known', value: '1.0', file: '/ws/pkg/version.py', range: rangeOf(api, '"1.0"'), origin: 'constant' });
  assert.ok(a.files.includes('/ws/pkg/_version.py') && a.files.includes('/ws/pkg/version.py'));
});

test('property-local import of the version constant', () => {
  const ver = '__version__ = "0.9.0"\n';
  const src =
    HEAD +
    `class P(ComputePlugin):
    name = "x"
    floe_api_version = "1.0"

    @property
    def version(self) -> str:
        from pkg._version import __version__
        return __version__
`;
  const { py } = memWorkspace({ 'pkg/__init__.py': '', 'pkg/_version.py': ver, 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.version, { kind: 'known', value: '0.9.0', file: '/ws/pkg/_version.py', range: rangeOf(ver, '"0.9.0"'), origin: 'constant' });
});

test('values from a base class in the workspace (origin base), defaults, bases chain', () => {
  const base =
    HEAD +
    `API = "1.0"


class BaseDuck(ComputePlugin):
    floe_api_version = API

    @property
    def dependencies(self) -> list[str]:
        return ["catalog-polaris", 'secrets-env']
`;
  const src = `from .base import BaseDuck


class P(BaseDuck):
    name = "duck"
    version = "1.0.0"
`;
  const { py } = memWorkspace({ 'pkg/__init__.py': '', 'pkg/base.py': base, 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.floeApiVersion, { kind: 'known', value: '1.0', file: '/ws/pkg/base.py', range: rangeOf(base, '"1.0"'), origin: 'base' });
  assert.deepEqual(a.dependencies, {
    kind: 'known',
    value: ['catalog-polaris', 'secrets-env'],
    file: '/ws/pkg/base.py',
    range: rangeOf(base, `["catalog-polaris", 'secrets-env']`),
    origin: 'base',
  });
  assert.deepEqual(a.description, { kind: 'known', value: '', file: '/ws/pkg/p.py', range: rangeOf(src, 'P'), origin: 'default' });
  assert.deepEqual(a.bases, ['BaseDuck', 'ComputePlugin', 'PluginMetadata']);
  assert.equal(a.derivesFromAbc, true);
  assert.deepEqual(a.missingAbstract, []);
});

test('dependencies as tuple and as a module constant', () => {
  const src =
    HEAD +
    `DEPS = ("a", "b")


class P(ComputePlugin):
    name = "p"
    version = "1.0.0"
    floe_api_version = "1.0"
    dependencies = DEPS


class Q(P):
    dependencies = ("c",)
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.dependencies, { kind: 'known', value: ['a', 'b'], file: '/ws/pkg/p.py', range: rangeOf(src, '("a", "b")'), origin: 'constant' });
  const q = target(py, 'pkg.p:Q');
  assert.deepEqual(q.dependencies, { kind: 'known', value: ['c'], file: '/ws/pkg/p.py', range: rangeOf(src, '("c",)'), origin: 'attribute' });
  assert.deepEqual(q.name, { kind: 'known', value: 'p', file: '/ws/pkg/p.py', range: rangeOf(src, '"p"'), origin: 'base' });
});

test('dynamic values: f-string with fields, call, conditional, unknown attribute, method', () => {
  const src =
    HEAD +
    `import importlib.metadata
import os


class P(ComputePlugin):
    _n = "duck"

    @property
    def name(self) -> str:
        return f"{self._n}-plugin"

    @property
    def version(self) -> str:
        return importlib.metadata.version("floe-duck")

    @property
    def floe_api_version(self) -> str:
        if os.environ.get("X"):
            return "1.1"
        return "1.0"

    description = os.sep

    def dependencies(self):
        return []
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.name, {
    kind: 'dynamic',
    file: '/ws/pkg/p.py',
    range: rangeOf(src, 'f"{self._n}-plugin"'),
    reason: 'f-string with replacement fields (computed at run time)',
  });
  assert.deepEqual(a.version, {
    kind: 'dynamic',
    file: '/ws/pkg/p.py',
    range: rangeOf(src, 'importlib.metadata.version("floe-duck")'),
    reason: 'computed by a call (`importlib.metadata.version("floe-duck")`)',
  });
  assert.deepEqual(a.floeApiVersion, {
    kind: 'dynamic',
    file: '/ws/pkg/p.py',
    range: rangeOf(src, 'floe_api_version'),
    reason: 'the property computes its value with several return statements',
  });
  assert.equal(a.description.kind, 'dynamic');
  assert.deepEqual(a.description.kind === 'dynamic' && a.description.range, rangeOf(src, 'os.sep'));
  assert.match(a.description.kind === 'dynamic' ? a.description.reason : '', /`os.sep` comes from 'os.sep', which is not in the workspace/);
  assert.deepEqual(a.dependencies, {
    kind: 'dynamic',
    file: '/ws/pkg/p.py',
    range: rangeOf(src, 'dependencies'),
    reason: "'dependencies' is a method, not a property",
  });
  // Dynamic values are defined: nothing is missing.
  assert.deepEqual(a.missingAbstract, []);
});

test('missing abstract metadata: never defined -> missing and listed', () => {
  const src =
    HEAD +
    `class P(ComputePlugin):
    name = "p"
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:P');
  assert.deepEqual(a.version, { kind: 'missing' });
  assert.deepEqual(a.floeApiVersion, { kind: 'missing' });
  assert.deepEqual(a.missingAbstract, ['version', 'floe_api_version']);
  assert.deepEqual(a.dependencies.kind === 'known' && a.dependencies.value, []);
  assert.equal(a.dependencies.kind === 'known' && a.dependencies.origin, 'default');
});

test('ABC check: attribute form, other ABC, not derived, unresolvable base', () => {
  const src = `import floe_core.plugins
from floe_core.plugins import CatalogPlugin
from third_party import Mixin


class A(floe_core.plugins.ComputePlugin):
    pass


class B(CatalogPlugin):
    pass


class C:
    pass


class D(Mixin):
    pass


class E(Mixin, floe_core.plugins.ComputePlugin):
    pass
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  const a = target(py, 'pkg.p:A');
  assert.equal(a.derivesFromAbc, true);
  assert.deepEqual(a.bases, ['ComputePlugin', 'PluginMetadata']);
  assert.deepEqual(a.missingAbstract, ['name', 'version', 'floe_api_version']);
  const b = target(py, 'pkg.p:B');
  assert.equal(b.derivesFromAbc, false);
  assert.equal(b.otherAbc, 'CatalogPlugin');
  const c = target(py, 'pkg.p:C');
  assert.equal(c.derivesFromAbc, false);
  assert.deepEqual(c.bases, []);
  const d = target(py, 'pkg.p:D');
  assert.equal(d.derivesFromAbc, undefined);
  assert.deepEqual(d.bases, ['Mixin']);
  assert.deepEqual(d.missingAbstract, [], 'not reported when a base is unknown');
  assert.equal(d.name.kind, 'dynamic');
  assert.match(d.name.kind === 'dynamic' ? d.name.reason : '', /may be defined by base class 'Mixin', which could not be resolved/);
  assert.deepEqual(d.name.kind === 'dynamic' && d.name.range, rangeOf(src, 'Mixin', 1));
  const e = target(py, 'pkg.p:E');
  assert.equal(e.derivesFromAbc, true);
  assert.deepEqual(e.missingAbstract, []);
});

test('floe-core abstract members: fed with setFloeCore, and read from floe_core source in the roots', () => {
  const src =
    HEAD +
    `class P(ComputePlugin):
    name = "p"
    version = "1.0.0"
    floe_api_version = "1.0"

    def generate_dbt_profile(self, config):
        return {}
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  assert.deepEqual(target(py, 'pkg.p:P').missingAbstract, []);
  py.setFloeCore({
    abstractMembers: { PluginMetadata: ['name', 'version', 'floe_api_version'], ComputePlugin: ['generate_dbt_profile', 'validate_connection'] },
  });
  assert.deepEqual(target(py, 'pkg.p:P').missingAbstract, ['validate_connection']);

  // Real floe_core source under the import roots: the chain is resolved, abstract members read from it.
  const disk = new PythonAnalyzer(new NodeFileSystem());
  const roots = [path.join(FIXTURES, 'src_layout/src'), path.join(FIXTURES, 'floe_core_src')];
  const a = disk.analyzeTarget({ importRoots: roots, module: 'floe_duck.plugin', attr: 'DuckDBPlugin', requiredAbc: 'ComputePlugin', allAbcs: ALL_ABCS });
  assert.deepEqual(a.bases, ['BaseDuck', 'ComputePlugin', 'PluginMetadata']);
  assert.equal(a.derivesFromAbc, true);
  assert.deepEqual(a.missingAbstract, ['validate_connection']);
  const pluginFile = path.join(roots[0], 'floe_duck/plugin.py');
  assert.deepEqual(a.name.kind === 'known' && [a.name.value, a.name.origin, a.name.file, a.name.range.start.line], ['duckdb', 'constant', pluginFile, 8]);
  assert.deepEqual(a.version.kind === 'known' && [a.version.value, a.version.file], ['0.3.1', path.join(roots[0], 'floe_duck/_version.py')]);
  assert.deepEqual(a.floeApiVersion.kind === 'known' && [a.floeApiVersion.value, a.floeApiVersion.origin], ['1.0', 'base']);
  assert.deepEqual(a.description.kind === 'known' && a.description.value, 'In-process analytics');
  assert.deepEqual(a.dependencies.kind === 'known' && a.dependencies.value, ['catalog-polaris', 'secrets-env']);
  // A plugin that does not override description gets PluginMetadata's default from source.
  const flat = disk.analyzeTarget({
    importRoots: [path.join(FIXTURES, 'flat'), roots[1]],
    module: 'floe_flat',
    attr: 'FlatComputePlugin',
    requiredAbc: 'ComputePlugin',
    allAbcs: ALL_ABCS,
  });
  assert.deepEqual(flat.description.kind === 'known' && [flat.description.value, flat.description.origin], ['', 'default']);
  assert.deepEqual(flat.missingAbstract, []);
});
