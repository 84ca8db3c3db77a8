#!/usr/bin/env node
// The project's whole test run: build the bundles, compile every test file with esbuild,
// run them with node's test runner, then the real-VS-Code suites (extension-host API tests
// and UI tests in code-server), and close with one line `N passed, N failed`.
//
//   node test/run-all.mjs                 everything
//   node test/run-all.mjs test/unit/foo   only test files whose path contains one of the filters
//   FLOE_SKIP_VSCODE=1                    leave out the code-server suites (quick local loop)
import { spawnSync, spawn } from 'node:child_process';
import { readdirSync, statSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
process.chdir(root);
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function findTests(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules' || name === 'run' || name === 'generated') continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function step(title, cmd, args, { fatal = true } = {}) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0 && !fatal) {
    console.log(`(${title} failed; carrying on because only some tests were asked for)`);
    return;
  }
  if (r.status !== 0) {
    console.log(`\n${title} failed (exit ${r.status}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

step('build bundles', process.execPath, ['esbuild.mjs'], { fatal: !filters.length });
if (!filters.length) step('type check', process.execPath, ['node_modules/typescript/bin/tsc', '-b']);

const tests = findTests('test').filter((t) => !filters.length || filters.some((f) => t.includes(f)));
// A folder per run, so parallel runs do not delete each other's compiled tests.
const outDir = join(root, 'out', `tests-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: tests,
  outdir: outDir,
  outbase: root,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const compiled = tests.map((t) => join(outDir, t.replace(/\.ts$/, '.js')));

let passed = 0;
let failed = 0;
console.log(`\n== node --test (${compiled.length} files)`);
const nodeTest = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...compiled], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FLOE_REPO_ROOT: root },
  });
  // The runner's summary lines (ℹ pass N ...) come last, but long failure reports may follow
  // them: keep every line that looks like a summary line, wherever it is.
  let tail = '';
  let partial = '';
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (/^(?:ℹ|#) (?:pass|fail|cancelled) \d+/.test(l)) tail += l + '\n';
  });
  child.on('close', (code) => resolve({ code, tail: tail + partial }));
});
const count = (label) => {
  const m = new RegExp(`(?:ℹ|#) ${label} (\\d+)`).exec(nodeTest.tail);
  return m ? Number(m[1]) : 0;
};
passed += count('pass');
failed += count('fail') + count('cancelled');
if (nodeTest.code !== 0 && failed === 0) failed = 1;

// The real-VS-Code suites report `N passed, N failed` on their last line.
const vscodeSuites = ['test/e2e/run-ext-tests.mjs', 'test/e2e/run-ui-tests.mjs'].filter(
  (s) => existsSync(s) && !process.env.FLOE_SKIP_VSCODE && !filters.length,
);
for (const suite of vscodeSuites) {
  console.log(`\n== ${suite}`);
  const r = spawnSync(process.execPath, [suite], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout ?? '');
  const m = /(\d+) passed, (\d+) failed\s*$/.exec((r.stdout ?? '').trim());
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.status !== 0 && (!m || Number(m[2]) === 0)) failed += 1;
}

rmSync(outDir, { recursive: true, force: true });
console.log('\nall suites done');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
