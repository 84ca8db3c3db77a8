// Health runner benchmark: 50 generated plugins whose health_check() sleeps 0.2 s, run with the
// default pool (one process per plugin, as many at a time as there are cores). Prints the wall
// time against the sequential sum, and the per-process overhead from a 0 s run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultParallel, runHealthChecks, validateInterpreter } from '../../server/src/engine/health/runner';
import type { HealthTarget } from '../../server/src/engine/health/types';

const COUNT = 50;
const python = process.env.FLOE_BENCH_PYTHON ?? 'python3';

function generate(root: string, sleep: number): HealthTarget[] {
  const pkg = path.join(root, 'bench_plugins');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, '__init__.py'), '');
  const targets: HealthTarget[] = [];
  for (let i = 0; i < COUNT; i++) {
    fs.writeFileSync(
      path.join(pkg, `p${i}.py`),
      [
        'import time',
        '',
        `class Plugin${i}:`,
        '    def health_check(self):',
        `        time.sleep(${sleep})`,
        `        return {"state": "healthy", "message": "plugin ${i} ok"}`,
        '',
      ].join('\n'),
    );
    targets.push({
      pluginId: `floe.computes:p${i}`,
      group: 'floe.computes',
      entryPoint: `p${i}`,
      name: `p${i}`,
      target: `bench_plugins.p${i}:Plugin${i}`,
      importRoots: [root],
    });
  }
  return targets;
}

async function measure(exe: string, sleep: number): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-health-'));
  try {
    const targets = generate(root, sleep);
    const t0 = performance.now();
    const results = await runHealthChecks(targets, { python: exe });
    const wall = (performance.now() - t0) / 1000;
    const healthy = results.filter((r) => r.state === 'healthy').length;
    if (healthy !== COUNT) throw new Error(`${COUNT - healthy} plugins not healthy: ${results.find((r) => r.state !== 'healthy')?.message}`);
    const seq = (COUNT * sleep).toFixed(1);
    console.log(`health ${COUNT}x${sleep}s: wall ${wall.toFixed(1)} s vs sequential ${seq} s (${defaultParallel()} at a time)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const check = validateInterpreter(python);
  if (!check.ok) throw new Error(check.error);
  console.log(`python: ${check.path} (${check.version})`);
  await measure(check.path, 0.2);
  await measure(check.path, 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
