import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaled } from '../../lib/machine';
import * as path from 'node:path';
import { analyzeManifest, looksLikeManifest } from '../../../server/src/engine/manifest';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { FIX, makeCtx } from './helpers';
import { generateManifest } from './manifestGen';

test('a 1 MB manifest is validated in bounded time, with exact positions at its end', () => {
  const base = generateManifest(1024 * 1024);
  // An error after 1 MB of content is placed exactly.
  const bad = base + 'metadata: {}\n';
  assert.ok(bad.length >= 1024 * 1024);
  const t0 = performance.now();
  assert.equal(looksLikeManifest('big.yaml', bad), true);
  const r = analyzeManifest(path.join(FIX, 'big.yaml'), bad, makeCtx());
  const elapsed = performance.now() - t0;
  assert.ok(elapsed < scaled(20000), `took ${elapsed} ms`);
  assert.deepEqual(
    r.info.selections.map((s) => s.pluginId !== undefined),
    [true, true],
  );
  const at = bad.lastIndexOf('metadata');
  const range = new LineIndex(bad).range(at, at + 'metadata'.length);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-syntax', 'duplicate key "metadata": floe reads only its last value (PyYAML keeps the last one)', range],
      ['manifest-invalid', 'metadata: missing required key "name"', range],
      ['manifest-invalid', 'metadata: missing required key "version"', range],
      ['manifest-invalid', 'metadata: missing required key "owner"', range],
    ],
  );
});
