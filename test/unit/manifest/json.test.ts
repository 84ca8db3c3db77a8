import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeManifest, looksLikeManifest } from '../../../server/src/engine/manifest';
import { FIX, makeCtx, rangeOf } from './helpers';

const FILE = path.join(FIX, 'platform.json');

test('JSON manifest (comments, trailing commas): same checks, ranges on the JSON nodes', () => {
  const text = fs.readFileSync(FILE, 'utf8');
  assert.equal(looksLikeManifest(FILE, text), true);
  const r = analyzeManifest(FILE, text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-invalid', 'governance: unknown key "anything"', rangeOf(text, '"anything"')],
      [
        'config-invalid',
        'config: unknown key "treads" (did you mean "threads"?); PluginRegistry.configure rejects this config at run time',
        rangeOf(text, '"treads"'),
      ],
      ['config-invalid', 'threads: must be ≤ 64 (got 100); PluginRegistry.configure rejects this config at run time', rangeOf(text, '100')],
    ],
  );
  assert.equal(r.info.name, 'json-platform');
  assert.deepEqual(
    r.info.selections.map((s) => [s.category, s.type, s.schemaSource]),
    [
      ['compute', 'duckdb', 'schema-file'],
      ['catalog', 'polaris', 'schema-file'],
    ],
  );
  assert.deepEqual(r.info.selections[0].typeRange, rangeOf(text, '"duckdb"'));
});

test('JSON syntax errors are reported at their offset; duplicate keys are a warning (floe reads JSON with PyYAML: the last wins); fixes keep JSON quoting', () => {
  const text =
    '{"apiVersion": "floe.dev/v1", "kind": "Manifest", "kind": "Manifest",\n "metadata": {"name": "a", "version": "1.0.0", "owner": "o"},\n "plugins": {"compute": {"type": "duckbd"}} ';
  const r = analyzeManifest(FILE, text, makeCtx());
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-syntax', 'JSON: close brace expected', { start: { line: 2, character: 44 }, end: { line: 2, character: 44 } }],
      ['manifest-syntax', 'duplicate key "kind": floe reads only its last value (PyYAML keeps the last one)', rangeOf(text, '"kind"', 1)],
      ['unknown-plugin', 'no compute plugin is registered as "duckbd" (did you mean "duckdb"?)', rangeOf(text, '"duckbd"')],
    ],
  );
  assert.equal(r.diagnostics[2].fixes?.[0].newText, '"duckdb"');
});

test('JSON manifest: hover on a config key and definition from the type value', async () => {
  const { manifestHover, manifestDefinition } = await import('../../../server/src/engine/manifest');
  const { DUCKDB } = await import('./helpers');
  const text = fs.readFileSync(FILE, 'utf8');
  const h = manifestHover(FILE, text, text.indexOf('"threads"') + 2, makeCtx());
  assert.deepEqual(h?.range, rangeOf(text, '"threads"'));
  assert.match(h && 'markdown' in h ? h.markdown : '', /^\*\*threads\*\*: `int` — optional/);
  assert.deepEqual(manifestDefinition(FILE, text, text.indexOf('"duckdb"') + 1, makeCtx()), { file: DUCKDB.cls!.file, range: DUCKDB.cls!.nameRange });
});
