import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEntryPointValue, isPythonIdentifier, checkEntryPointValue } from '../../../server/src/engine/discovery/entryPointSyntax';
import type { EntryPointDecl } from '../../../server/src/engine/model';
import { r } from './helpers';

test('parses module:attr with dotted paths, extras and whitespace', () => {
  assert.deepEqual(parseEntryPointValue('floe_duckdb.plugin:DuckDBPlugin'), { module: 'floe_duckdb.plugin', attr: 'DuckDBPlugin', extras: [] });
  assert.deepEqual(parseEntryPointValue('  a.b : C.D  '), { module: 'a.b', attr: 'C.D', extras: [] });
  assert.deepEqual(parseEntryPointValue('m:C [fast, s3-io]'), { module: 'm', attr: 'C', extras: ['fast', 's3-io'] });
  assert.deepEqual(parseEntryPointValue('m:C[x]'), { module: 'm', attr: 'C', extras: ['x'] });
  assert.deepEqual(parseEntryPointValue('m:C []'), { module: 'm', attr: 'C', extras: [] });
  assert.deepEqual(parseEntryPointValue('pkg.modül:Klasse'), { module: 'pkg.modül', attr: 'Klasse', extras: [] });
});

test('reports what is wrong and where', () => {
  const cases: Array<[string, string, number, number]> = [
    ['', 'entry point value is empty (expected "module:Class")', 0, 0],
    ['floe_duckdb.plugin', "missing ':' between module and class", 0, 18],
    ['  mod  ', "missing ':' between module and class", 2, 3],
    [':C', "missing module before ':'", 0, 0],
    ['m:', "missing class after ':'", 2, 0],
    ['m:C:D', "more than one ':' in entry point value", 3, 1],
    ['3x.mod:C', "'3x' is not a valid Python identifier", 0, 2],
    ['pkg.3x:C', "'3x' is not a valid Python identifier", 4, 2],
    ['m:My-Class', "'My-Class' is not a valid Python identifier", 2, 8],
    ['pkg.class:C', "'class' is a Python keyword, not a valid identifier", 4, 5],
    ['a..b:C', "empty name in module path 'a..b'", 2, 0],
    ['m:C.', "empty name in class path 'C.'", 4, 0],
    ['my mod:C', "unexpected space in module path 'my mod'", 2, 1],
    ['m:C [x', "missing ']' after extras", 6, 0],
    ['m:C [x] y', "unexpected 'y' after extras", 8, 1],
    ['m:C [x,,y]', 'empty extra name', 7, 0],
    ['m:C [-x]', "'-x' is not a valid extra name", 5, 2],
  ];
  for (const [value, error, offset, length] of cases) {
    assert.deepEqual(parseEntryPointValue(value), { error, offset, length }, value);
  }
});

test('isPythonIdentifier', () => {
  assert.equal(isPythonIdentifier('_x1'), true);
  assert.equal(isPythonIdentifier('café'), true);
  assert.equal(isPythonIdentifier('1x'), false);
  assert.equal(isPythonIdentifier('None'), false);
  assert.equal(isPythonIdentifier('a-b'), false);
});

test('checkEntryPointValue places the error inside the value range', () => {
  const decl = (value: string, len = value.length): EntryPointDecl => ({
    group: 'floe.computes',
    name: 'x',
    value,
    file: '/p/pyproject.toml',
    nameRange: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
    valueRange: { start: { line: 3, character: 5 }, end: { line: 3, character: 5 + len } },
    groupRange: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } },
    distribution: 'p',
    source: 'workspace',
    importRoots: ['/p'],
  });
  assert.equal(checkEntryPointValue(decl('m:C')), undefined);
  const d = checkEntryPointValue(decl('pkg.3x:C'))!;
  assert.equal(d.code, 'invalid-entry-point');
  assert.equal(d.severity, 'error');
  assert.equal(r(d.range), '3:9-3:11');
  assert.equal(d.message, `Invalid entry point 'x' = "pkg.3x:C": '3x' is not a valid Python identifier.`);
  // Value written with escapes (range width differs): the whole value range.
  assert.equal(r(checkEntryPointValue(decl('pkg.3x:C', 12))!.range), '3:5-3:17');
});
