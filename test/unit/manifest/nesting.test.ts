// Hostile YAML/JSON shapes: collection mapping keys are reported, never
// stringified; nesting deeper than MAX_NESTING is reported where it starts, never composed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { lexerDeepOffset, MAX_NESTING } from '../../../server/src/engine/manifest/depth';
import { parseManifest, VALUE_KEYS } from '../../../server/src/engine/manifest/parse';
import { buildValue } from '../../../server/src/engine/manifest/value';
import { pyYamlTags } from '../../../server/src/engine/manifest/pyyamlTags';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { FIX, makeCtx, offsetOf, rangeOf } from './helpers';
import { scaled } from '../../lib/machine';

const HEAD = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: me@acme.dev}\n';
const KEY_MSG = 'mapping keys must be plain scalars (a mapping or list cannot be a key)';
const DEEP_MSG = `the manifest nests deeper than ${MAX_NESTING} levels here; it was not read`;
let n = 0;
const fresh = (ext = 'yaml') => path.join(FIX, `nesting-${n++}.${ext}`);

/** Run `fn` and return what it printed through process warnings or console.warn/error. */
function printed(fn: () => void): string[] {
  const out: string[] = [];
  const saved = { emit: process.emitWarning, warn: console.warn, error: console.error };
  process.emitWarning = ((w: string | Error) => {
    out.push(String(w));
  }) as typeof process.emitWarning;
  console.warn = (...a: unknown[]) => {
    out.push(a.join(' '));
  };
  console.error = (...a: unknown[]) => {
    out.push(a.join(' '));
  };
  try {
    fn();
  } finally {
    process.emitWarning = saved.emit;
    console.warn = saved.warn;
    console.error = saved.error;
  }
  return out;
}

const cases = (r: ReturnType<typeof analyzeManifest>) => r.diagnostics.map((d) => [d.code, d.message, d.range]);
/** Without the warning about the helper keys (`x:`, `y:`) floe does not know (tested in analyze tests). */
const shapeCases = (r: ReturnType<typeof analyzeManifest>) => cases(r).filter(([c]) => c !== 'manifest-warning');

test('a collection used as a mapping key is manifest-invalid at the key, and nothing is printed', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckdb, {a: 1}: 2, [x, y]: 3}\n';
  let r!: ReturnType<typeof analyzeManifest>;
  assert.deepEqual(
    printed(() => {
      r = analyzeManifest(fresh(), text, makeCtx());
    }),
    [],
  );
  assert.deepEqual(cases(r), [
    ['manifest-invalid', KEY_MSG, rangeOf(text, '{a: 1}')],
    ['manifest-invalid', KEY_MSG, rangeOf(text, '[x, y]')],
  ]);
  assert.equal(r.info.selections[0].pluginId !== undefined, true, 'the rest of the entry is still checked');
});

test('40 nested flow mappings as keys: bounded, one syntax error on the opening brace, one invalid key', () => {
  const text = `apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: ${'{'.repeat(40)}\n`;
  const t0 = performance.now();
  let r!: ReturnType<typeof analyzeManifest>;
  assert.deepEqual(
    printed(() => {
      r = analyzeManifest(fresh(), text, makeCtx());
    }),
    [],
  );
  assert.ok(performance.now() - t0 < scaled(1000), `took ${performance.now() - t0} ms`);
  const brace = offsetOf(text, '{');
  const li = new LineIndex(text);
  assert.deepEqual(
    cases(r).filter(([c]) => c === 'manifest-syntax'),
    [['manifest-syntax', 'Flow map in block collection must be sufficiently indented and end with a }', li.range(brace, brace + 1)]],
  );
  const bad = r.diagnostics.filter((d) => d.message === KEY_MSG);
  assert.equal(bad.length, 1, 'only the outermost collection key is looked at');
  assert.deepEqual(bad[0].range.start, li.position(brace + 1));
  assert.ok(r.diagnostics.some((d) => d.message === 'metadata.name: expected a string (got a mapping)'));
});

test('doubling the nesting of collection keys does not double the time', () => {
  const time = (depth: number) => {
    const text = HEAD + `x: ${'{'.repeat(depth)}a: 1${'}: 1'.repeat(depth)}\nplugins: {}\n`;
    const t0 = performance.now();
    const r = analyzeManifest(fresh(), text, makeCtx());
    assert.deepEqual(shapeCases(r), [
      ['manifest-invalid', KEY_MSG, new LineIndex(text).range(offsetOf(text, '{', 0, 2), offsetOf(text, '}: 1', 1, depth - 2))],
    ]);
    return performance.now() - t0;
  };
  time(20);
  assert.ok(time(120) < 500, 'a 120-deep key is read in well under a second');
});

test('a deep block sequence used as an implicit key is bounded and reported', () => {
  const text = HEAD + `plugins:\n  compute:\n    type: duckdb\n${' -'.repeat(3200)} x\n  other: 1\n`;
  const t0 = performance.now();
  let r!: ReturnType<typeof analyzeManifest>;
  assert.deepEqual(
    printed(() => {
      r = analyzeManifest(fresh(), text, makeCtx());
    }),
    [],
  );
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range.start.line]),
    [['manifest-syntax', DEEP_MSG, 6]],
  );
});

test('valid flow nesting one level over the limit is reported at the first bracket past it', () => {
  const ok = HEAD + `x: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\nplugins: {}\n`;
  assert.deepEqual(shapeCases(analyzeManifest(fresh(), ok, makeCtx())), [], 'root map + 255 lists = 256 levels is fine');
  const text = HEAD + `x: ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\nplugins: {}\n`;
  const at = offsetOf(text, '[', 0, MAX_NESTING - 1);
  assert.deepEqual(cases(analyzeManifest(fresh(), text, makeCtx())), [['manifest-syntax', DEEP_MSG, new LineIndex(text).range(at, at + 1)]]);
});

test('3,000 and 30,000 levels (valid or unclosed) give the nesting diagnostic, never a stack overflow', () => {
  for (const inner of [`${'['.repeat(3000)}${']'.repeat(3000)}`, '['.repeat(3200), `${'{a: '.repeat(30000)}1${'}'.repeat(30000)}`]) {
    const text = HEAD + `plugins:\n  compute:\n    type: duckdb\n    config:\n      tags: ${inner}\n`;
    const r = analyzeManifest(fresh(), text, makeCtx());
    const at = new LineIndex(text).position(offsetOf(text, 'tags: ', 6));
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.message, d.range.start.line]),
      [['manifest-syntax', DEEP_MSG, at.line]],
    );
    assert.ok(r.diagnostics[0].range.start.character > at.character);
  }
});

test('deep block nesting (mapping in mapping) is bounded the same way', () => {
  const lines = ['x:'];
  for (let i = 1; i <= 400; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  const text = HEAD + lines.join('\n') + ' 1\nplugins: {}\n';
  const r = analyzeManifest(fresh(), text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message]),
    [['manifest-syntax', DEEP_MSG]],
  );
  // root map (1) + x's map (2) ... the map holding k256 is level 257.
  assert.deepEqual(r.diagnostics[0].range.start, new LineIndex(text).position(offsetOf(text, 'k256:')));
});

test('the lexer fallback (parser overflow) finds the first indicator past the limit', () => {
  const text = `a: ${'- '.repeat(400)}x\n`;
  assert.equal(lexerDeepOffset(text), 3 + 2 * (MAX_NESTING - 1));
  assert.equal(lexerDeepOffset('a: [[1]]\n'), 4, 'shallow: the widest point');
});

test('JSON manifests: nesting past the limit is reported, not a stack overflow', () => {
  const text = `{"apiVersion": "floe.dev/v1", "x": ${'['.repeat(20000)}${']'.repeat(20000)}}`;
  const r = analyzeManifest(fresh('json'), text, makeCtx());
  const at = offsetOf(text, '[', 0, MAX_NESTING - 1);
  assert.deepEqual(cases(r), [['manifest-syntax', DEEP_MSG, new LineIndex(text).range(at, at + 1)]]);
});

test('an alias as a mapping key is reported like a collection key', () => {
  const text = HEAD + 'x: &k name\ny: {*k : 1}\nplugins: {}\n';
  const r = analyzeManifest(fresh(), text, makeCtx());
  assert.deepEqual(shapeCases(r), [['manifest-invalid', KEY_MSG, rangeOf(text, '*k')]]);
});

test('a self-referencing alias in a config gives a diagnostic, not a crash', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckdb, config: &c {path: /p, extensions: [*c]}}\n';
  const r = analyzeManifest(fresh(), text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message]),
    [['config-invalid', 'extensions[0]: expected a string (got a mapping); PluginRegistry.configure rejects this config at run time']],
  );
});

test('the resolved value matches yaml toJS() (aliases, merges, null and duplicate keys, __proto__)', () => {
  const docs = [
    'a: &a {x: 1, y: [1, 2]}\nb: *a\nc: {<<: *a, y: 3}\n',
    'base: &b {p: 1, q: 2}\nother: &o {q: 9, r: 3}\nm:\n  z: 0\n  <<: [*b, *o]\n  q: 5\n',
    '~: null key\nnull: again\n"": empty\n',
    'd: 1\nd: 2\ne: {k: 1, k: 2}\n',
    '__proto__: {polluted: true}\nsafe: 1\n',
    'list: [a, {b: c}, [d]]\nnum: 0x1F\nf: 1.5e3\nt: true\nn: ~\nstr: "1"\n',
  ];
  for (const text of docs) {
    const want = parseDocument(text, { merge: true, uniqueKeys: false, customTags: pyYamlTags }).toJS();
    const parsed = parseManifest(fresh(), text);
    assert.deepEqual(buildValue(parsed.root), want, text);
    assert.equal(JSON.stringify(buildValue(parsed.root)), JSON.stringify(want), `key order: ${text}`);
  }
  // Only the checked top-level keys are built for the analysis.
  const parsed = parseManifest(fresh(), 'kind: Manifest\ngovernance: {a: 1}\nmetadata: {name: x}\n');
  assert.deepEqual(parsed.value, { kind: 'Manifest', metadata: { name: 'x' } });
  assert.ok(VALUE_KEYS.has('plugins'));
});

test('a megabyte of nested brackets is reported where the nesting passes the bound, without building the document', () => {
  // 230 lines of 4,400 '[' (the fuzzer's huge-line + repeat-lines), after a manifest head.
  const text = `${HEAD}x: ${`${'['.repeat(4400)}\n`.repeat(230)}`;
  const t0 = performance.now();
  const r = analyzeManifest(fresh(), text, makeCtx());
  const ms = performance.now() - t0;
  const at = offsetOf(text, '[') + MAX_NESTING;
  assert.deepEqual(shapeCases(r), [['manifest-syntax', DEEP_MSG, new LineIndex(text).range(at, at + 1)]]);
  assert.ok(ms < scaled(1000), `took ${ms} ms`);
  // Brackets inside quotes and comments are not nesting.
  const quoted = `${HEAD}plugins: {}\nx: "${'['.repeat(600)}"\ny: '${'{'.repeat(600)}'\n# ${'['.repeat(600)}\n`;
  assert.ok(!analyzeManifest(fresh(), quoted, makeCtx()).diagnostics.some((d) => d.message === DEEP_MSG));
});
