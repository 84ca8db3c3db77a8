// Incremental re-parsing after edits (only the touched top-level entries are parsed again) must
// give exactly what a whole parse gives: tree with every span, syntax problems, value, invalid keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem, OverlayFileSystem } from '../../../server/src/engine/fs';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { parseManifest, parseStats, parseYamlWhole, type ParsedManifest } from '../../../server/src/engine/manifest/parse';
import { modelStats } from '../../../server/src/engine/manifest/modelValidate';
import { LazyLines } from '../../../server/src/engine/manifest/positions';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { FIX, makeCtx, rangeOf } from './helpers';
import { generateManifest } from './manifestGen';

let n = 0;
/** MANIFEST_FUZZ_SCALE=20 runs twenty times as many random edit sequences. */
const SCALE = Number(process.env.MANIFEST_FUZZ_SCALE ?? 1);
const fresh = () => path.join(FIX, `incr-${n++}.yaml`);

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function same(got: ParsedManifest, want: ParsedManifest, what: string): void {
  assert.deepStrictEqual(got.syntax, want.syntax, `syntax: ${what}`);
  assert.deepStrictEqual(got.invalid, want.invalid, `invalid: ${what}`);
  assert.deepStrictEqual(got.valueError, want.valueError, `valueError: ${what}`);
  assert.deepStrictEqual(got.value, want.value, `value: ${what}`);
  assert.deepStrictEqual(got.root, want.root, `tree: ${what}`);
}

const BASES = [
  fs.readFileSync(path.join(FIX, 'manifest.yaml'), 'utf8'),
  generateManifest(3000),
  [
    '# platform',
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'x-defaults: &duck {path: /data/a.duckdb, threads: 2}',
    'metadata:',
    '  name: acme   # trailing',
    '  version: 1.0.0',
    '  owner: me@acme.dev',
    '',
    'plugins:',
    '  compute:',
    '    type: duckdb',
    '    config:',
    '      <<: *duck',
    '      threads: 16',
    '  catalog: {type: polaris, config: {uri: "http://p:8181", warehouse: w}}',
    'notes: |',
    '  free text',
    '',
    '  more',
    'governance:',
    '- {name: a, tags: [x, y]}',
    '- name: b',
    '  owner: *duck',
    'kind: Manifest',
    '',
  ].join('\n'),
];

// Large nested entries (split into pieces at several levels): lists at and under their key's
// column, comments at other columns, block scalars, maps of maps, anchors used across pieces.
function nestedBase(): string {
  const out = [
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'metadata: {name: n, version: 1.0.0, owner: o@x.y}',
    'plugins:',
    '  compute: {type: duckdb, config: {threads: 2}}',
    'governance:',
    '  policies:',
  ];
  for (let i = 0; i < 40; i++) {
    out.push(`    - name: p${i}`, `      tags: [a, b${i % 3}]`);
    if (i % 7 === 0) out.push('# a comment at column 0', `      note: |`, `        line ${i}`, '');
    if (i % 11 === 0) out.push(`      ref: &r${i} {k: ${i}}`);
    if (i % 13 === 5) out.push('      again: *r0');
  }
  out.push('  zones:');
  for (let i = 0; i < 40; i++) out.push(`    zone${i}:`, `      cpu: ${i}`, `      labels: {team: t${i}}`);
  out.push('compact:');
  for (let i = 0; i < 60; i++) out.push(`- {id: ${i}, v: "${'x'.repeat(i % 9)}"}`);
  out.push('tail: *r11', '');
  return out.join('\n');
}
BASES.push(nestedBase());
// What comes around the first document: a comment block and `---` before it, more documents and
// `...` after it (floe reads one document: the second is reported).
const COMMENTS = '# Platform manifest\n# owned by the platform team\n#\n';
BASES.push(COMMENTS + '---\n' + BASES[2]);
BASES.push(COMMENTS + BASES[3] + '---\n# a second document\nkind: Other\nitems:\n- a\n- b\n---\nthird: 3\n');
BASES.push(BASES[1] + '...\n# after the end\n');

const SNIPPETS = [
  '\n',
  ' ',
  '  ',
  'x',
  'ab: 1\n',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '*duck',
  '#',
  "'",
  '"',
  '|\n',
  '---\n',
  '...\n',
  '<<: *duck\n',
  '\t',
  '?',
  'plugins:\n',
  'kind: Manifest\n',
  '{a: 1}: 2\n',
  '~: 1\n',
  'version: "0.1"\n',
];

test('random edits: the incremental parse equals a whole parse after every edit', () => {
  const before = { ...parseStats };
  let edits = 0;
  for (const [bi, base] of BASES.entries()) {
    for (let run = 0; run < 2 * SCALE; run++) {
      const rand = rng(1000 * bi + run + 1);
      const file = fresh();
      let text = base;
      parseManifest(file, text);
      for (let step = 0; step < 40; step++) {
        let at = Math.floor(rand() * (text.length + 1));
        if (rand() < 0.4) at = text.lastIndexOf('\n', at - 1) + 1 + Math.floor(rand() * 8); // around indentation
        at = Math.min(at, text.length);
        const r = rand();
        const ls = text.lastIndexOf('\n', at - 1) + 1;
        const le = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
        if (r < 0.25 && /\w/.test(text.charAt(at - 1)))
          text = text.slice(0, at) + 'q' + text.slice(at); // a value or key changes
        else if (r < 0.32)
          text = text.slice(0, le) + text.slice(ls, le) + text.slice(le); // a line is duplicated
        else if (r < 0.38)
          text = text.slice(0, ls) + text.slice(le); // a line is deleted
        else if (r < 0.6) text = text.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 6));
        else if (r < 0.88)
          text = base; // back to a valid document
        else {
          // Replace a word in place (the common edit: a value changes).
          const end = text.indexOf('\n', at);
          text = text.slice(0, at) + 'zz' + text.slice(end < 0 ? text.length : Math.min(end, at + 2));
        }
        const got = parseManifest(file, text);
        same(got, parseYamlWhole(text), `base ${bi} run ${run} step ${step}: ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 30))}`);
        edits++;
      }
    }
  }
  const incremental = parseStats.incremental - before.incremental;
  // Random edits often break the document (then every parse is whole until it is valid again).
  assert.ok(incremental > edits / 10, `the incremental path was taken ${incremental} times of ${edits}`);
});

test('typing in a plugin config of a large manifest re-parses only that entry', () => {
  const base = generateManifest(100 * 1024);
  const file = fresh();
  parseManifest(file, base);
  const before = { ...parseStats };
  let text = base;
  for (const [value, want] of [
    ['16', []],
    ['128', ['threads: must be ≤ 64 (got 128); PluginRegistry.configure rejects this config at run time']],
    ['12', []],
  ] as const) {
    text = base.replace('threads: 8', `threads: ${value}`);
    const r = analyzeManifest(file, text, makeCtx());
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      want,
    );
  }
  assert.equal(parseStats.incremental - before.incremental, 3);
  assert.equal(parseStats.full - before.full, 0);
  same(parseManifest(file, text), parseYamlWhole(text), 'after typing');
});

test('an edit inside one item of a long nested list re-parses that item only', () => {
  const base = generateManifest(100 * 1024);
  const file = fresh();
  parseManifest(file, base);
  const mid = base.indexOf('name: policy-', base.length >> 1) + 'name: '.length;
  const text = base.slice(0, mid) + 'X' + base.slice(mid);
  const before = { ...parseStats };
  const got = parseManifest(file, text);
  assert.equal(parseStats.incremental - before.incremental, 1);
  const line = text.slice(text.lastIndexOf('\n', mid) + 1, text.indexOf('\n', mid) + 1);
  assert.ok(parseStats.windowChars - before.windowChars <= 3 * line.length, `re-read ${parseStats.windowChars - before.windowChars} characters`);
  same(got, parseYamlWhole(text), 'nested edit');
});

test('nested edits that change the shape of a split list are re-read one level up, correctly', () => {
  const base = BASES[3];
  const edits: Array<(t: string) => string> = [
    (t) => t.replace('    - name: p20', '   - name: p20'), // an item leaves the list's column
    (t) => t.replace('    - name: p20', '    # gone\n    - name: p20'), // a comment line between items
    (t) => t.replace('  zones:\n', '  zones:\n  # note\n'),
    (t) => t.replace(/ {4}zone\d+:\n {6}cpu: \d+\n {6}labels: \{team: t\d+\}\n/g, ''), // every zone removed
    (t) => t.replace('- {id: 30', '-  {id: 30'),
    (t) => t.replace('- {id: 59, v: "xxxxx"}\n', '- {id: 59, v: "xxxxx"}\n# trailing\n'),
    (t) => t.replace('    zone7:', '    zone8:'), // a duplicate key in a split mapping
  ];
  for (const edit of edits) {
    const text = edit(base);
    assert.notEqual(text, base);
    const file = fresh();
    parseManifest(file, base);
    same(parseManifest(file, text), parseYamlWhole(text), text.slice(0, 60));
    same(parseManifest(file, base), parseYamlWhole(base), 'and back');
  }
  const dup = parseYamlWhole(edits[6](base)).syntax;
  assert.deepEqual(
    dup.map((d) => [d.severity, d.message]),
    [['warning', 'duplicate key "zone8": floe reads only its last value (PyYAML keeps the last one)']],
  );
});

test('edits that change the document shape fall back to a whole parse', () => {
  const base = BASES[2];
  for (const edit of [
    (t: string) => '%YAML 1.1\n---\n' + t, // directives change how everything is read
    (t: string) => t.replace('governance:', '  governance:'), // a key leaves column 0
    (t: string) => t.replace('notes: |', 'notes: "open'), // an unterminated string swallows what follows
    (t: string) => t + '---\nb: 2\n', // a second document
  ]) {
    const file = fresh();
    parseManifest(file, base);
    const before = { ...parseStats };
    const text = edit(base);
    const got = parseManifest(file, text);
    assert.deepEqual([parseStats.full - before.full, parseStats.incremental - before.incremental], [1, 0]);
    same(got, parseYamlWhole(text), text.slice(0, 40));
  }
});

test('duplicate top-level keys and aliases across entries are resolved over the whole document', () => {
  const base = BASES[2];
  const file = fresh();
  parseManifest(file, base);
  const text = base + 'metadata: {}\n';
  const got = parseManifest(file, text);
  same(got, parseYamlWhole(text), 'dup');
  assert.deepEqual(
    got.syntax.map((s) => [s.message, text.slice(s.span.start, s.span.end)]),
    [
      ['duplicate key "kind": floe reads only its last value (PyYAML keeps the last one)', 'kind'],
      ['duplicate key "metadata": floe reads only its last value (PyYAML keeps the last one)', 'metadata'],
    ],
  );
  const renamed = text.replace('&duck', '&other');
  const r = parseManifest(file, renamed);
  same(r, parseYamlWhole(renamed), 'anchor renamed');
  assert.equal(r.syntax.filter((s) => s.message.startsWith('unknown alias "*duck"')).length, 2);
});

test('LazyLines gives the positions LineIndex gives, in any query order and with any line breaks', () => {
  const rand = rng(7);
  for (let k = 0; k < 50; k++) {
    let text = '';
    const parts = ['a', 'bc', '\n', '\r\n', '\r', 'é', '😀', ' '];
    for (let i = 0; i < 200; i++) text += parts[Math.floor(rand() * parts.length)];
    const lazy = new LazyLines(text);
    const full = new LineIndex(text);
    for (let q = 0; q < 100; q++) {
      const o = Math.floor(rand() * (text.length + 3)) - 1;
      assert.deepEqual(lazy.position(o), full.position(o), `offset ${o} of ${JSON.stringify(text)}`);
    }
  }
});

test('after an edit in one item of a long list, only that item and the nodes above it are validated again', () => {
  const base = generateManifest(100 * 1024);
  const file = fresh();
  const cold = modelStats.checks;
  assert.deepEqual(analyzeManifest(file, base, makeCtx()).diagnostics, []);
  const coldChecks = modelStats.checks - cold;
  const mid = base.indexOf('message: "team-', base.length >> 1) + 'message: "'.length;
  const edited = base.slice(0, mid) + 'X' + base.slice(mid);
  const before = modelStats.checks;
  assert.deepEqual(analyzeManifest(file, edited, makeCtx()).diagnostics, []);
  const warm = modelStats.checks - before;
  assert.ok(coldChecks > 2000, `cold: ${coldChecks} nodes`);
  assert.ok(warm < 40, `after the edit: ${warm} nodes validated again`);
  // An error typed into the item is found and placed there.
  const bad = base.slice(0, mid - 'message: "'.length) + 'mesage: "' + base.slice(mid);
  const r = analyzeManifest(file, bad, makeCtx());
  const i = Number(/policy-(\d+)/.exec(bad.slice(bad.lastIndexOf('name: policy-', mid)))![1]);
  const item = new LineIndex(bad).range(bad.lastIndexOf('- {', mid) + 2, bad.indexOf('}}', mid) + 2);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.message, d.range]),
    [
      [`governance.policies[${i}]: missing required key "message"`, item],
      [`governance.policies[${i}]: unknown key "mesage" (did you mean "message"?)`, rangeOf(bad, 'mesage')],
    ],
  );
});

test('a manifest that opens with comment lines or `---`, or has more documents after it, is re-parsed as incrementally as one that does not', () => {
  const base = generateManifest(100 * 1024);
  const shapes = {
    plain: base,
    comments: COMMENTS + base,
    'comments and ---': COMMENTS + '---\n' + base,
    'a second document': base + '---\nkind: Other\n',
    '... and a comment': base + '...\n# end\n',
  };
  const stats: Record<string, number[]> = {};
  for (const [shape, text] of Object.entries(shapes)) {
    const file = fresh();
    parseManifest(file, text);
    // A value typed in a plugin config, then one in the middle of the long list, then that undone.
    const typed = text.replace('threads: 8', 'threads: 9');
    const mid = typed.indexOf('name: policy-', typed.length >> 1) + 'name: '.length;
    const s = [0, 0, 0];
    for (const edited of [typed, typed.slice(0, mid) + 'P' + typed.slice(mid), typed]) {
      const before = { ...parseStats };
      const got = parseManifest(file, edited);
      s[0] += parseStats.incremental - before.incremental;
      s[1] += parseStats.full - before.full;
      s[2] += parseStats.windowChars - before.windowChars;
      same(got, parseYamlWhole(edited), `${shape}: ${JSON.stringify(edited.slice(mid - 10, mid + 10))}`);
    }
    stats[shape] = s;
  }
  for (const [shape, s] of Object.entries(stats)) assert.deepEqual(s, stats.plain, `${shape}: [incremental, full, characters re-read]`);
  assert.deepEqual(stats.plain.slice(0, 2), [3, 0]);
  assert.ok(stats.plain[2] < 2000, `re-read ${stats.plain[2]} characters`);
});

test('an edit in a second document re-reads only what follows the first; the second document is reported where it starts', () => {
  const base = COMMENTS + generateManifest(20 * 1024) + '---\nkind: Other\nnote: x\n';
  const file = fresh();
  parseManifest(file, base);
  const before = { ...parseStats };
  const text = base.replace('note: x', 'note: xy');
  const got = parseManifest(file, text);
  assert.deepEqual([parseStats.incremental - before.incremental, parseStats.full - before.full], [1, 0]);
  assert.ok(parseStats.windowChars - before.windowChars < 100, `re-read ${parseStats.windowChars - before.windowChars} characters`);
  same(got, parseYamlWhole(text), 'second document');
  const second = text.indexOf('---\nkind: Other');
  assert.deepEqual(
    got.syntax.map((s) => [s.message, s.span.start]),
    [['Source contains multiple documents; please use YAML.parseAllDocuments()', second]],
  );
});

test('where an open document changed (the editor says) is used instead of comparing texts, and equals a whole parse', () => {
  const overlay = new OverlayFileSystem(new NodeFileSystem());
  const rand = rng(99);
  for (const [bi, base] of BASES.entries()) {
    const file = fresh();
    let text = base;
    let version = 1;
    overlay.set(file, text, version);
    parseManifest(file, text, overlay);
    for (let step = 0; step < 30; step++) {
      // Two edits between parses, as a burst of keystrokes gives them.
      for (let k = 0; k < 2; k++) {
        const at = Math.floor(rand() * (text.length + 1));
        const del = Math.min(text.length - at, Math.floor(rand() * 4));
        const ins = SNIPPETS[Math.floor(rand() * SNIPPETS.length)];
        text = text.slice(0, at) + ins + text.slice(at + del);
        overlay.set(file, text, ++version, { start: at, oldEnd: at + del, newEnd: at + ins.length });
      }
      same(parseManifest(file, text, overlay), parseYamlWhole(text), `base ${bi} step ${step}`);
    }
  }
});
