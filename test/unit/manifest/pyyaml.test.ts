// floe loads manifests with PyYAML's safe_load (YAML 1.1): plain scalars must read as it reads
// them (yes/no/on/off booleans, octal 010, 1_000, base-60 1:30, 1e3 a string ...), and a key given
// twice keeps its last value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { parseYamlWhole } from '../../../server/src/engine/manifest/parse';
import { buildValue } from '../../../server/src/engine/manifest/value';
import { FIX, makeCtx, rangeIn } from './helpers';

const SCALARS = [
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'n',
  'True',
  'FALSE',
  '010',
  '0o17',
  '0x1F',
  '-0b101',
  '1_000',
  '1:30',
  '1:30.5',
  '1e3',
  '1.0e+3',
  '1.5e3',
  '1.5',
  '.5',
  '1.',
  '+12',
  '-0',
  '08',
  '0.1_5',
  '~',
  'null',
  'Null',
  'NULL',
  '',
  '.inf',
  '-.Inf',
  'abc',
  '12abc',
  '2024-01-31',
  '<<x',
];

test('plain scalars read as PyYAML safe_load reads them', () => {
  const text = SCALARS.map((s, i) => `k${i}: ${s}`).join('\n') + '\n';
  const py = spawnSync(
    'python3',
    [
      '-c',
      [
        'import sys, json, yaml, math, datetime',
        'd = yaml.safe_load(sys.stdin.read())',
        'def enc(v):',
        '    if isinstance(v, float) and math.isinf(v): return "inf" if v > 0 else "-inf"',
        '    if isinstance(v, (datetime.date, datetime.datetime)): return {"date": v.isoformat()}',
        '    return v',
        'print(json.dumps([enc(d["k%d" % i]) for i in range(len(d))]))',
      ].join('\n'),
    ],
    { input: text, encoding: 'utf8' },
  );
  assert.equal(py.status, 0, py.stderr);
  const want = JSON.parse(py.stdout) as unknown[];
  const got = buildValue(parseYamlWhole(text).root) as Record<string, unknown>;
  SCALARS.forEach((s, i) => {
    let v = got[`k${i}`];
    if (v === Infinity) v = 'inf';
    if (v === -Infinity) v = '-inf';
    const w = want[i] as unknown;
    // PyYAML makes date objects of dates; they stay strings here.
    if (w && typeof w === 'object' && 'date' in (w as object)) assert.equal(v, (w as { date: string }).date, s);
    else assert.deepEqual(v, w, `${JSON.stringify(s)}`);
  });
});

test('yes/no are booleans and 1e3 a string, as floe reads them: errors and acceptance follow', () => {
  const text =
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: on}\nplugins: {}\nobservability: {tracing: {enabled: yes}}\ndefaults: {compute: 1e3}\n';
  const r = analyzeManifest(path.join(FIX, 'yaml11.yaml'), text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [['manifest-invalid', 'metadata.owner: expected a string (got true)', rangeIn(text, 'owner: on', 'on')]],
  );
});
