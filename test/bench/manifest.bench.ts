// Manifest validation benchmark: generated 2 KB, 100 KB and 1 MB manifests (two plugin selections
// with schema-file configs plus a large governance section), full analyzeManifest() per run.
// Prints `manifest 2KB: 0.4 ms` lines (median of several cold-parse runs).
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/fs';
import { analyzeManifest } from '../../server/src/engine/manifest';
import type { ManifestContext } from '../../server/src/engine/manifest/types';
import { BUILTIN_PLUGIN_TYPES } from '../../server/src/engine/pluginTypes';
import { DUCKDB, FIX, POLARIS, stubPython } from '../unit/manifest/helpers';
import { generateManifest } from '../unit/manifest/manifestGen';

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

const ctx: ManifestContext = {
  fs: new NodeFileSystem(), root: FIX, types: [...BUILTIN_PLUGIN_TYPES], plugins: [DUCKDB, POLARIS],
  pluginErrors: new Map(), python: stubPython(), pythonSchemas: new Map(),
};

for (const [label, bytes, runs] of [['2KB', 2 * 1024, 25], ['100KB', 100 * 1024, 9], ['1MB', 1024 * 1024, 5]] as const) {
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
  console.log(`manifest ${label}: ${median(times).toFixed(1)} ms`);
}
