#!/usr/bin/env node
// npm run bench: bundles every test/bench/*.bench.ts with esbuild and runs each in its own node
// process (so each starts cold), printing their result lines.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
process.chdir(root);
const only = process.argv.slice(2);
spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
// The soak (30 minutes by default) runs only when named or given a duration (FLOE_SOAK_MINUTES).
const wanted = (f) => (only.length ? only.some((o) => f.includes(o)) : f !== 'soak.bench.ts' || process.env.FLOE_SOAK_MINUTES !== undefined);
const benches = readdirSync('test/bench').filter((f) => f.endsWith('.bench.ts') && wanted(f));
const outdir = join(root, 'out', 'bench');
await esbuild.build({
  entryPoints: benches.map((b) => join('test/bench', b)),
  outdir,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});
let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(outdir, b.replace(/\.ts$/, '.js'))], {
    stdio: 'inherit',
    env: { ...process.env, FLOE_REPO_ROOT: root },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`${b} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
