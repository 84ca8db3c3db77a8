// Manifest validation benchmark: generated 2 KB, 100 KB and 1 MB manifests (two plugin selections
// with schema-file configs plus a large governance section).
// - cold: full analyzeManifest() of a file seen for the first time (median of several runs);
// - edit: analyzeManifest() after a one-character edit, as the language server does on every
//   change (median and p95, alternating an edit in a plugin config and one in the governance list).
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/fs';
import { analyzeManifest } from '../../server/src/engine/manifest';
import type { ManifestContext } from '../../server/src/engine/manifest/types';
import { parseStats } from '../../server/src/engine/manifest/parse';
import { BUILTIN_PLUGIN_TYPES } from '../../server/src/engine/pluginTypes';
import { DUCKDB, FIX, POLARIS, stubPython } from '../unit/manifest/helpers';
import { generateManifest } from '../unit/manifest/manifestGen';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

const ctx: ManifestContext = {
  fs: new NodeFileSystem(),
  root: FIX,
  types: [...BUILTIN_PLUGIN_TYPES],
  plugins: [DUCKDB, POLARIS],
  pluginErrors: new Map(),
  python: stubPython(),
  pythonSchemas: new Map(),
};

for (const [label, bytes, runs] of [
  ['2KB', 2 * 1024, 25],
  ['100KB', 100 * 1024, 9],
  ['1MB', 1024 * 1024, 5],
] as const) {
  const text = generateManifest(bytes);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    // A new file name per run: the parse cache (keyed by file and text) does not hide the work.
    const file = path.join(FIX, `bench-${label}-${i}.yaml`);
    const t0 = performance.now();
    const r = analyzeManifest(file, text, ctx);
    const dt = performance.now() - t0;
    if (r.diagnostics.length || r.info.selections.length !== 2) throw new Error(`unexpected result for ${label}: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
    if (i > 0) times.push(dt); // the first run warms up the JIT and the schema cache
  }
  console.log(`manifest ${label} cold: ${median(times).toFixed(1)} ms`);

  // Edits: threads 8 -> 9 (plugin config) and a policy name in the middle of the governance list.
  const file = path.join(FIX, `bench-${label}-edit.yaml`);
  analyzeManifest(file, text, ctx);
  const mid = text.indexOf('name: policy-', Math.floor(text.length / 2)) + 'name: '.length;
  const edits = [text.replace('threads: 8', 'threads: 9'), text.slice(0, mid) + 'P' + text.slice(mid + 1)];
  const n = label === '1MB' ? 10 : 30;
  for (const [kind, edited] of [
    ['plugins.compute.config', edits[0]],
    ['governance', edits[1]],
  ] as const) {
    const before = { ...parseStats };
    const et: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = i % 2 === 0 ? edited : text;
      const t0 = performance.now();
      const r = analyzeManifest(file, t, ctx);
      et.push(performance.now() - t0);
      if (r.diagnostics.length || r.info.selections.length !== 2) throw new Error(`unexpected edit result for ${label}`);
    }
    const inc = parseStats.incremental - before.incremental;
    console.log(`manifest ${label} edit in ${kind}: median ${median(et).toFixed(1)} ms, p95 ${p95(et).toFixed(1)} ms (${inc}/${n} incremental)`);
  }
}
