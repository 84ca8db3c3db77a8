// Registry engine benchmark: cold discovery + analysis of generated workspaces with 10, 100 and
// 1,000 plugin packages; re-analysis after one file changes; peak memory.
// Targets: 1,000 packages < 1 s cold, one changed file < 20 ms, < 200 MB.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { generateWorkspace } from './generate';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function measure(packages: number): void {
  const root = path.join(os.tmpdir(), `floe-bench-engine-${packages}`);
  const gen = generateWorkspace(root, { packages, seed: 42 });
  // Collect the generator's garbage first, so the engine is measured, not the generator.
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t0 = performance.now();
  const ws = new FloeWorkspace(root);
  const r = ws.analyze();
  const cold = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const file = gen.pluginFiles[(i * 7919) % gen.pluginFiles.length];
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/"""Generated plugin (\d+)\.[^"]*"""/, `"""Generated plugin $1. edit ${i}"""`));
    const t = performance.now();
    ws.invalidate([file]);
    ws.analyze();
    times.push(performance.now() - t);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  console.log(
    `engine ${packages} packages: cold ${cold.toFixed(0)} ms (${r.plugins.length} plugins, ${errors} errors); ` +
      `one changed file re-analysed: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms; peak RSS ${(peak / 1048576).toFixed(0)} MB`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}

const arg = process.argv[2];
if (arg) measure(Number(arg));
else {
  // Each size in a fresh process, so "cold" means cold.
  for (const n of [10, 100, 1000]) {
    const r = spawnSync(process.execPath, [__filename, String(n)], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
