#!/usr/bin/env node
// The load check: the node suites run twice in a row while a CPU burner keeps one core busy, as on
// CI's shared 2-core machine. Both runs must pass. Ends with `N passed, N failed` over both runs.
//
//   node test/load.mjs [filters...]     (npm run test:load)
//   FLOE_LOAD_RUNS=3                    more runs
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.FLOE_LOAD_RUNS ?? 2);
const filters = process.argv.slice(2);

// One busy core: a child spinning until it is killed.
const burner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stop = () => {
  try {
    burner.kill('SIGKILL');
  } catch {
    /* gone */
  }
};
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stop();
    process.exit(130);
  });

let passed = 0;
let failed = 0;
const summaries = [];
for (let i = 1; i <= runs; i++) {
  console.log(`\n==== load run ${i}/${runs} (one core busy)`);
  const t0 = Date.now();
  const { code, last } = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['test/run-all.mjs', ...filters], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLOE_SKIP_VSCODE: '1' },
    });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d).slice(-500);
    });
    child.on('close', (c) => resolve({ code: c, last: tail }));
  });
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(last.trim());
  const p = m ? Number(m[1]) : 0;
  const f = m ? Number(m[2]) : 1;
  passed += p;
  failed += f || (code !== 0 ? 1 : 0);
  summaries.push(`run ${i}: ${p} passed, ${f} failed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
stop();
console.log('\n==== load check');
for (const s of summaries) console.log(s);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
