import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEntryPointsTxt } from '../../../server/src/engine/discovery/entryPointsTxt';
import { r } from './helpers';

const base = { distribution: 'floe-x', distributionVersion: '1.0', source: 'installed' as const, importRoots: ['/sp'] };

test('groups, names, values (extras kept) with exact ranges; non-floe groups ignored', () => {
  const text = '[console_scripts]\nx = a:b\n\n[floe.computes]\n  spark =  pkg.mod:Spark [fast]  \n# note\n; note\nduck=pkg:Duck\n';
  const res = parseEntryPointsTxt('/sp/x.dist-info/entry_points.txt', text, base);
  assert.deepEqual(res.diagnostics, []);
  assert.deepEqual(
    res.entryPoints.map((e) => `${e.group} ${e.name}=${e.value} g${r(e.groupRange)} n${r(e.nameRange)} v${r(e.valueRange)}`),
    ['floe.computes spark=pkg.mod:Spark [fast] g3:1-3:14 n4:2-4:7 v4:11-4:31', 'floe.computes duck=pkg:Duck g3:1-3:14 n7:0-7:4 v7:5-7:13'],
  );
  assert.deepEqual(res.entryPoints[1], {
    group: 'floe.computes',
    name: 'duck',
    value: 'pkg:Duck',
    file: '/sp/x.dist-info/entry_points.txt',
    nameRange: { start: { line: 7, character: 0 }, end: { line: 7, character: 4 } },
    valueRange: { start: { line: 7, character: 5 }, end: { line: 7, character: 13 } },
    groupRange: { start: { line: 3, character: 1 }, end: { line: 3, character: 14 } },
    distribution: 'floe-x',
    distributionVersion: '1.0',
    source: 'installed',
    importRoots: ['/sp'],
  });
});

test('malformed lines: entry-points-syntax warning at the line, parsing goes on', () => {
  const text = [
    'x = m:C', //                 0 outside a section
    '[floe.computes]', //         1
    'this line is broken', //     2
    '= m:NoName', //              3
    'cat =', //                   4
    '[floe.catalogs', //          5 malformed header
    'hidden = m:H', //            6 skipped quietly (its section is broken)
    '[ ]', //                     7
    '[floe.sinks]', //            8
    'good = m:Good', //           9
  ].join('\r\n');
  const res = parseEntryPointsTxt('/f', text, base);
  assert.deepEqual(
    res.diagnostics.map((d) => `${d.code} ${d.severity} ${r(d.range)} ${d.message}`),
    [
      "entry-points-syntax warning 0:0-0:7 Entry point 'x' is outside any [group] section.",
      "entry-points-syntax warning 2:0-2:19 Malformed line 'this line is broken': expected 'name = module:attr'.",
      "entry-points-syntax warning 3:0-3:10 Entry point without a name: expected 'name = module:attr'.",
      "entry-points-syntax warning 4:0-4:5 Entry point 'cat' has no value: expected 'name = module:attr'.",
      "entry-points-syntax warning 5:0-5:14 Malformed section header '[floe.catalogs': expected '[group]'.",
      "entry-points-syntax warning 7:0-7:3 Empty section header '[]': expected '[group]'.",
    ],
  );
  assert.deepEqual(
    res.entryPoints.map((e) => `${e.group}:${e.name}`),
    ['floe.sinks:good'],
  );
  assert.equal(r(res.entryPoints[0].nameRange), '9:0-9:4');
});

test('empty and binary-ish input never throws', () => {
  assert.deepEqual(parseEntryPointsTxt('/f', '', base), { entryPoints: [], diagnostics: [] });
  const res = parseEntryPointsTxt('/f', '\u0000\u0001[floe.x]\n\ufffd=\u0000', base);
  assert.equal(res.entryPoints.length, 0);
  assert.deepEqual(
    res.diagnostics.map((d) => r(d.range)),
    ['0:0-0:10', '1:0-1:3'],
  );
});
