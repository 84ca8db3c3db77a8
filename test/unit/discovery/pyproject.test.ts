import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parsePyproject } from '../../../server/src/engine/discovery/pyproject';
import { MemoryFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import { WS, r } from './helpers';

const nodeFs = new NodeFileSystem();
function fixture(name: string) {
  const file = path.join(WS, name, 'pyproject.toml');
  return parsePyproject(nodeFs, file, nodeFs.readFile(file)!);
}
const eps = (info: ReturnType<typeof fixture>) =>
  info.entryPoints.map((e) => `${e.group} ${e.name}=${e.value} g${r(e.groupRange)} n${r(e.nameRange)} v${r(e.valueRange)}`);

test('PEP 621 tables: name normalised, version, src layout, exact ranges', () => {
  const info = fixture('pep621');
  assert.equal(info.distribution, 'floe-duckdb');
  assert.equal(info.projectName, 'Floe_DuckDB');
  assert.equal(r(info.projectNameRange), '1:8-1:19');
  assert.equal(info.version, '0.3.1');
  assert.deepEqual(info.importRoots, [path.join(WS, 'pep621', 'src'), path.join(WS, 'pep621')]);
  assert.deepEqual(eps(info), [
    'floe.computes duckdb=floe_duckdb.plugin:DuckDBPlugin g4:22-4:37 n5:0-5:6 v5:10-5:41',
    'floe.computes duck-2=floe_duckdb.plugin:DuckDB2 g4:22-4:37 n6:0-6:8 v6:12-6:38',
  ]);
  const ep = info.entryPoints[0];
  assert.equal(ep.file, path.join(WS, 'pep621', 'pyproject.toml'));
  assert.equal(ep.distribution, 'floe-duckdb');
  assert.equal(ep.distributionVersion, '0.3.1');
  assert.equal(ep.source, 'workspace');
  assert.deepEqual(ep.importRoots, info.importRoots);
  assert.deepEqual(info.diagnostics, []);
});

test('inline tables under [project.entry-points]; any floe* group; flat layout', () => {
  const info = fixture('inline');
  assert.equal(info.distribution, 'floe-inline-plugins');
  assert.equal(info.version, undefined);
  assert.deepEqual(info.importRoots, [path.join(WS, 'inline')]);
  assert.deepEqual(eps(info), [
    'floe.catalogs polaris=floe_inline.catalog:PolarisPlugin g4:0-4:15 n4:20-4:27 v4:31-4:64',
    'floe.catalogs glue=floe_inline.glue:GluePlugin g4:0-4:15 n4:67-4:71 v4:75-4:102',
    'floe_computes spark=floe_inline.spark:SparkPlugin g5:0-5:13 n5:18-5:23 v5:27-5:56',
  ]);
  assert.deepEqual(info.diagnostics, []);
});

test('top-level dotted keys', () => {
  const info = fixture('dotted');
  assert.equal(info.distribution, 'dotted-proj');
  assert.deepEqual(eps(info), ['floe.orchestrators dagster=dotted_pkg:DagsterPlugin g1:21-1:41 n1:42-1:49 v1:53-1:77']);
});

test('Poetry plugins, name/version and packages from', () => {
  const info = fixture('poetry');
  assert.equal(info.distribution, 'floe-poetry');
  assert.equal(info.version, '2.0.0');
  assert.deepEqual(info.importRoots, [path.join(WS, 'poetry', 'src'), path.join(WS, 'poetry')]);
  assert.deepEqual(eps(info), ['floe.sinks kafka=floe_poetry.sink:KafkaSink g5:21-5:33 n6:0-6:7 v6:11-6:37']);
});

test('setuptools package-dir and hatch packages give import roots', () => {
  const lib = fixture('setuptools-lib');
  assert.deepEqual(lib.importRoots, [path.join(WS, 'setuptools-lib', 'lib'), path.join(WS, 'setuptools-lib')]);
  assert.equal(lib.entryPoints[0].importRoots[0], path.join(WS, 'setuptools-lib', 'lib'));
  const hatch = fixture('hatch');
  assert.deepEqual(hatch.importRoots, [path.join(WS, 'hatch', 'src'), path.join(WS, 'hatch')]);
  const fs = new MemoryFileSystem({ '/w/p/x.py': '' });
  const text = '[tool.setuptools.packages.find]\nwhere = ["code"]\n[tool.setuptools.package-dir]\n"pkg.sub" = "other/sub"\n';
  assert.deepEqual(parsePyproject(fs, '/w/p/pyproject.toml', text).importRoots, ['/w/p/other', '/w/p/code', '/w/p']);
});

test('malformed TOML: one toml-syntax error at the point, no entry points', () => {
  const info = fixture('malformed');
  assert.deepEqual(info.entryPoints, []);
  assert.equal(info.distribution, 'malformed');
  assert.equal(info.diagnostics.length, 1);
  const d = info.diagnostics[0];
  assert.equal(d.code, 'toml-syntax');
  assert.equal(d.severity, 'error');
  assert.equal(d.file, path.join(WS, 'malformed', 'pyproject.toml'));
  assert.equal(r(d.range), '2:14-2:14');
  assert.match(d.message, /^TOML syntax error: Unterminated string/);
});

test('non-string values and tables where a string is expected: invalid-entry-point at the value, keep going', () => {
  const info = fixture('badvalues');
  assert.deepEqual(eps(info), ['floe.computes ok=m:C g3:22-3:37 n7:0-7:2 v7:6-7:9']);
  assert.deepEqual(
    info.diagnostics.map((d) => `${d.code} ${d.severity} ${r(d.range)} ${d.message}`),
    [
      `invalid-entry-point error 4:6-4:7 Entry point 'num' in group 'floe.computes' must be a string "module:Class", not an integer.`,
      `invalid-entry-point error 5:6-5:34 Entry point 'tbl' in group 'floe.computes' must be a string "module:Class", not a table.`,
      `invalid-entry-point error 6:6-6:13 Entry point 'arr' in group 'floe.computes' must be a string "module:Class", not an array.`,
      `invalid-entry-point error 8:0-8:4 Entry point 'deep' in group 'floe.computes' must be a string "module:Class", not a table.`,
    ],
  );
});

test('group that is not a table, headers that are too deep, arrays of tables', () => {
  const fs = new MemoryFileSystem();
  const text = [
    '[project]',
    'name = "x"',
    '[project.entry-points]',
    '"floe.sinks" = "m:C"',
    '[project.entry-points."floe.computes".a]',
    'b = "m:C"',
    '[[project.entry-points."floe.catalogs"]]',
    'c = "m:C"',
    '',
  ].join('\n');
  const info = parsePyproject(fs, '/w/x/pyproject.toml', text);
  assert.deepEqual(info.entryPoints, []);
  assert.deepEqual(
    info.diagnostics.map((d) => `${r(d.range)} ${d.message}`),
    [
      `3:15-3:20 Entry-point group 'floe.sinks' must be a table of name = "module:Class" entries, not a string.`,
      `4:1-4:39 Entry point 'a' in group 'floe.computes' must be a string "module:Class", not a table.`,
      `6:2-6:38 Entry-point group 'floe.catalogs' must be a table of name = "module:Class" entries, not an array of tables.`,
    ],
  );
  const top = parsePyproject(fs, '/w/y/pyproject.toml', '[project]\nentry-points = 5\n');
  assert.deepEqual(
    top.diagnostics.map((d) => `${r(d.range)} ${d.message}`),
    [`1:15-1:16 'project.entry-points' must be a table of entry-point groups, not an integer.`],
  );
});

test('no name: folder name; multi-line and literal strings; CRLF', () => {
  const fs = new MemoryFileSystem();
  const text = "[project.entry-points.'floe.lineage']\r\nol = '''m:OL'''\r\n";
  const info = parsePyproject(fs, '/w/My_Folder/pyproject.toml', text);
  assert.equal(info.distribution, 'my-folder');
  assert.equal(info.projectName, undefined);
  assert.deepEqual(
    info.entryPoints.map((e) => [e.value, r(e.valueRange), r(e.groupRange)]),
    [['m:OL', '1:8-1:12', '0:22-0:36']],
  );
});

test('hostile input never throws', () => {
  const fs = new MemoryFileSystem();
  for (const text of ['', '\u0000', '[', '=', 'a = [1, "x"', '[project]\nname = 5\n', 'a.b.c.d.e.f = { g = { h = 1 } }', '\ufeff[project]\nname="bom"\n']) {
    const info = parsePyproject(fs, '/w/z/pyproject.toml', text);
    assert.ok(Array.isArray(info.diagnostics));
    assert.ok(info.diagnostics.every((d) => d.code === 'toml-syntax' || d.code === 'invalid-entry-point'));
  }
  assert.equal(parsePyproject(fs, '/w/z/pyproject.toml', '[project]\nname = 5\n').distribution, 'z');
});

test('entry-points as one nested inline table inside [project]', () => {
  const fs = new MemoryFileSystem();
  const text = '[project]\nname = "n"\nentry-points = { "floe.sinks" = { k = "m:K" }, gui = { g = "m:G" } }\n';
  const info = parsePyproject(fs, '/w/n/pyproject.toml', text);
  assert.deepEqual(
    info.entryPoints.map((e) => `${e.group} ${e.name}=${e.value} g${r(e.groupRange)} n${r(e.nameRange)} v${r(e.valueRange)}`),
    ['floe.sinks k=m:K g2:17-2:29 n2:34-2:35 v2:39-2:42'],
  );
  assert.deepEqual(info.diagnostics, []);
});
