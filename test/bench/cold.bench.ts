// Cold start of the command line: `floe-plugins check` on 1,000 and 10,000 generated packages, as
// a whole process (spawn to exit), against the floor: a process that only walks the folder and
// parses every pyproject.toml with the same TOML parser. Interleaved runs, medians; peak RSS
// (VmHWM) sampled from /proc; the same check with --jobs 1 (one thread) for comparison; and a
// check that takes the package checks the run before it kept (--cache-dir), as a second run does.
// Targets: 1,000 packages <= 0.5 s and <= 1.6x the floor; 10,000 packages <= 5 s in < 500 MB.
//   FLOE_COLD_RUNS=N   runs per measurement (default 5; 10,000 packages: half)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../lsp/harness';
import { generateWorkspace } from './generate';
import { fmt, median } from './lspDriver';

const RUNS = Number(process.env.FLOE_COLD_RUNS ?? 5);
const BIN = path.join(REPO, 'bin', 'floe-plugins.js');

const FLOOR = `
const fs = require('fs'), path = require('path');
const { parseTOML } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'toml-eslint-parser'))});
let n = 0;
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name === 'pyproject.toml') { parseTOML(fs.readFileSync(p, 'utf8')); n++; }
  }
})(process.argv[2]);
process.stdout.write(String(n));
`;

/** Wall time of a process from spawn to exit, and its peak RSS (MB). */
function timed(args: string[]): Promise<{ ms: number; peakMb: number; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(sample, 10);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakMb: peak, code });
    });
  });
}

async function measure(packages: number, floorFile: string): Promise<void> {
  const root = path.join(os.tmpdir(), `floe-bench-cold-${packages}`);
  generateWorkspace(root, { packages, seed: 42 });
  const runs = packages > 5000 ? Math.max(2, Math.ceil(RUNS / 2)) : RUNS;
  type Kind = 'floor' | 'check' | 'one' | 'kept';
  const t: Record<Kind, number[]> = { floor: [], check: [], one: [], kept: [] };
  const peak: Record<Kind, number[]> = { floor: [], check: [], one: [], kept: [] };
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-cache-'));
  // The file system's caches warm, as for the floor; the checks kept for the runs that use them.
  await timed([BIN, 'check', root, '--cache-dir', cacheDir]);
  for (let i = 0; i < runs; i++) {
    for (const [k, args] of [
      ['floor', [floorFile, root]],
      ['check', [BIN, 'check', root, '--no-cache']],
      ['one', [BIN, 'check', root, '--jobs', '1', '--no-cache']],
      ['kept', [BIN, 'check', root, '--cache-dir', cacheDir]],
    ] as const) {
      const r = await timed([...args]);
      if (k !== 'floor' && r.code !== 0) throw new Error(`check exited with ${r.code}`);
      t[k].push(r.ms);
      peak[k].push(r.peakMb);
    }
  }
  const c = median(t.check),
    f = median(t.floor),
    o = median(t.one),
    k = median(t.kept);
  console.log(
    `cold ${packages} packages: floe-plugins check, nothing kept ${fmt(c)} (peak RSS ${median(peak.check).toFixed(0)} MB), one thread ${fmt(o)}; ` +
      `with the checks kept by the run before ${fmt(k)} (peak RSS ${median(peak.kept).toFixed(0)} MB); ` +
      `floor (walk + TOML) ${fmt(f)}; check / floor ${(c / f).toFixed(2)}x, kept / floor ${(k / f).toFixed(2)}x ` +
      `[target ${packages > 5000 ? '<= 5 s, < 500 MB' : '<= 0.5 s, <= 1.6x the floor'}]`,
  );
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const floorFile = path.join(os.tmpdir(), `floe-bench-floor-${process.pid}.js`);
  fs.writeFileSync(floorFile, FLOOR);
  try {
    for (const n of [1000, 10000]) await measure(n, floorFile);
  } finally {
    fs.rmSync(floorFile, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
