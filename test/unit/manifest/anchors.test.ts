import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { FIX, makeCtx, offsetOf, rangeOf } from './helpers';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';

const FILE = path.join(FIX, 'anchors.yaml');
const HEAD = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: me@acme.dev}\n';

test('merge keys and aliases: the validated value is the resolved one', () => {
  const text =
    HEAD +
    [
      'x-defaults: &duck {path: /data/a.duckdb, threads: 2}',
      'x-cat: &cat {uri: "http://polaris:8181", warehouse: demo}',
      'plugins:',
      '  compute:',
      '    type: duckdb',
      '    config:',
      '      <<: *duck',
      '      threads: 16',
      '  catalog: {type: polaris, config: *cat}',
      '',
    ].join('\n');
  const r = analyzeManifest(FILE, text, makeCtx());
  // Top-level keys floe does not know (anchor holders) are ignored by floe, with a warning.
  const warning = 'unknown top-level key(s) x-defaults, x-cat: floe warns and ignores them when it loads the manifest';
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]),
    [
      ['warning', 'manifest-warning', warning, rangeOf(text, 'x-defaults')],
      ['warning', 'manifest-warning', warning, rangeOf(text, 'x-cat')],
    ],
  );
  assert.deepEqual(r.info.selections[0].effectiveConfig, { path: '/data/a.duckdb', threads: 16, mode: 'read_write', memory_limit: null, extensions: [] });
  assert.deepEqual(r.info.selections[1].effectiveConfig, { uri: 'http://polaris:8181', warehouse: 'demo', scope: 'PRINCIPAL_ROLE:ALL', credential: null });
});

test('errors in aliased content point at the alias usage, with the anchored value as related information', () => {
  const text =
    HEAD +
    [
      'x-defaults: &duck {path: /data/a.duckdb, threads: 100, bogus: 1}',
      'x-cat: &cat {uri: "http://polaris:8181"}',
      'plugins:',
      '  compute:',
      '    type: duckdb',
      '    config:',
      '      <<: *duck',
      '      mode: read_only',
      '  catalog: {type: polaris, config: *cat}',
      '',
    ].join('\n');
  const r = analyzeManifest(FILE, text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.message, d.range, d.related?.[0]?.range]),
    [
      ['unknown top-level key(s) x-defaults, x-cat: floe warns and ignores them when it loads the manifest', rangeOf(text, 'x-defaults'), undefined],
      ['unknown top-level key(s) x-defaults, x-cat: floe warns and ignores them when it loads the manifest', rangeOf(text, 'x-cat'), undefined],
      ['config: unknown key "bogus"; PluginRegistry.configure rejects this config at run time', rangeOf(text, '*duck'), rangeOf(text, 'bogus')],
      ['threads: must be ≤ 64 (got 100); PluginRegistry.configure rejects this config at run time', rangeOf(text, '*duck'), rangeOf(text, '100')],
      ['config: missing required key "warehouse"; PluginRegistry.configure rejects this config at run time', rangeOf(text, 'config', 1), undefined],
    ],
  );
});

test('a selection entry that is itself an alias', () => {
  const text = HEAD + 'x: &c {type: duckdb, config: {threads: 0}}\nplugins:\n  compute: *c\n';
  const r = analyzeManifest(FILE, text, makeCtx());
  const zero = offsetOf(text, 'threads: 0', 9);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.message, d.range, d.related?.[0].range]),
    [
      ['unknown top-level key(s) x: floe warns and ignores them when it loads the manifest', rangeOf(text, 'x'), undefined],
      [
        'threads: must be ≥ 1 (got 0); PluginRegistry.configure rejects this config at run time',
        rangeOf(text, '*c'),
        new LineIndex(text).range(zero, zero + 1),
      ],
    ],
  );
  assert.equal(r.info.selections[0].pluginId !== undefined, true);
});

test('an alias bomb is bounded and reported clearly', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const [p, c] of [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'g'],
    ['g', 'h'],
    ['h', 'i'],
  ]) {
    lines.push(
      `${c}: &${c} [${Array(10)
        .fill('*' + p)
        .join(', ')}]`,
    );
  }
  const text = HEAD + lines.join('\n') + '\nplugins:\n  compute: {type: duckdb}\n';
  const t0 = Date.now();
  const r = analyzeManifest(FILE, text, makeCtx());
  assert.ok(Date.now() - t0 < 2000, 'bounded');
  const d = r.diagnostics.find((x) => x.code === 'manifest-invalid');
  assert.ok(d);
  assert.equal(d.message, 'too many alias expansions (more than 100): the manifest looks like an alias bomb and was not validated');
  assert.deepEqual(d.range, rangeOf(text, '*a'));
  assert.equal(r.info.selections[0].pluginId !== undefined, true, 'plugin checks still ran');
});

test('an unknown alias is a syntax error, not a crash', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckdb, config: *nope}\n';
  const r = analyzeManifest(FILE, text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [['manifest-syntax', 'unknown alias "*nope" (no anchor "&nope" before it)', rangeOf(text, '*nope')]],
  );
});

test('merge of several sources: earlier sources win, own keys win over all; errors point at the source used', () => {
  const text =
    HEAD +
    [
      'x-a: &a {threads: 2, mode: read_only}',
      'x-b: &b {threads: 99, mode: bogus, path: /p}',
      'plugins:',
      '  compute:',
      '    type: duckdb',
      '    config:',
      '      <<: [*a, *b]',
      '      path: /own',
      '  catalog:',
      '    type: polaris',
      '    config:',
      '      <<: [*a, *b]',
      '      uri: "http://x"',
      '      warehouse: w',
      '',
    ].join('\n');
  const r = analyzeManifest(FILE, text, makeCtx());
  const compute = r.info.selections[0];
  assert.deepEqual(compute.effectiveConfig, { threads: 2, mode: 'read_only', path: '/own', memory_limit: null, extensions: [] });
  // polaris has no threads/mode: its schema allows extra keys, so no errors either.
  const warn = (t: string, k: string) => [
    'unknown top-level key(s) x-a, x-b: floe warns and ignores them when it loads the manifest',
    rangeOf(t, k),
    undefined,
  ];
  assert.deepEqual(
    r.diagnostics.map((d) => [d.message, d.range, d.related?.[0].range]),
    [warn(text, 'x-a'), warn(text, 'x-b')],
  );
  const bad = text.replace('x-a: &a {threads: 2, mode: read_only}', 'x-a: &a {threads: 2}');
  const r2 = analyzeManifest(FILE, bad, makeCtx());
  assert.deepEqual(
    r2.diagnostics.map((d) => [d.message, d.range, d.related?.[0].range]),
    [
      warn(bad, 'x-a'),
      warn(bad, 'x-b'),
      [
        'mode: must be one of "read_write", "read_only" (got "bogus"); PluginRegistry.configure rejects this config at run time',
        rangeOf(bad, '*b'),
        rangeOf(bad, 'bogus'),
      ],
    ],
  );
});
