#!/usr/bin/env node
// What activation costs on a 1,000-package workspace, measured (not a test: it prints numbers).
//  1. VS Code's `workspaceContains` file search, the way the workbench runs it (one ripgrep over
//     the folder with all the extension's glob patterns, stopped at the first file), timed for the
//     activation events before (shallow globs) and now (plus `**/floe-*/pyproject.toml`).
//  2. The extension in a real VS Code (code-server, extensionDevelopmentPath) opened on each
//     workspace: whether it is activated, how long activate() takes, and the content check's look,
//     files read and ms (bench/activation-probe.js reports them from the extension host).
// Workspaces (test/bench/generated/activation-*, generated with test/bench/generate.ts):
//   floe-shallow  1,000 floe plugin packages at packages/floe-pN (the bench generator's layout)
//   floe-deep     the same five folders deeper (services/analytics/platform/repo/packages/floe-pN)
//   plain-rooted  a root pyproject.toml and 1,000 packages that are not floe (packages/lib-pN)
//   plain-deep    1,000 packages that are not floe, five folders deep, nothing near the root
//
//   node test/e2e/bench-activation.mjs            every workspace, search and VS Code
//   FLOE_BENCH_ONLY=floe-deep,plain-deep          only these workspaces
//   FLOE_BENCH_NO_VSCODE=1                        the searches only
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { codeServers, CS_ROOT, ensureBuilt, EXTENSION, HERE, launchBrowser, makeLogger, REPO, startCodeServer, workbenchUrl } from './lib/harness.mjs';

const log = makeLogger();
const PACKAGES = 1000;
const GENERATED = path.join(REPO, 'test', 'bench', 'generated');
const OLD = ['*/pyproject.toml', '*/*/pyproject.toml', '*/manifest.yaml', '*/*/manifest.yaml'];
const NEW = [...OLD, '**/floe-*/pyproject.toml'];
// The workbench's default excludes for a file search (files.exclude and search.exclude).
const EXCLUDES = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db', '**/node_modules', '**/bower_components', '**/*.code-search'];

async function generator() {
  const out = path.join(REPO, 'out', 'bench', 'generate.cjs');
  await esbuild.build({
    entryPoints: [path.join(REPO, 'test', 'bench', 'generate.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out).generateWorkspace;
}

function plainPackages(root, under) {
  for (let i = 0; i < PACKAGES; i++) {
    const dir = path.join(root, under, `lib-p${i}`);
    fs.mkdirSync(path.join(dir, 'src', `lib_p${i}`), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      `[project]\nname = "lib-p${i}"\nversion = "0.1.${i}"\n\n[project.scripts]\nlib-p${i} = "lib_p${i}.cli:main"\n`,
    );
    fs.writeFileSync(path.join(dir, 'src', `lib_p${i}`, '__init__.py'), `def main() -> None:\n    print(${i})\n`);
  }
}

async function workspaces() {
  const generate = await generator();
  const made = {
    'floe-shallow': (root) => generate(root, { packages: PACKAGES, seed: 7 }),
    'floe-deep': (root) => {
      fs.rmSync(root, { recursive: true, force: true });
      generate(path.join(root, 'services', 'analytics', 'platform', 'repo'), { packages: PACKAGES, seed: 7 });
    },
    'plain-rooted': (root) => {
      fs.rmSync(root, { recursive: true, force: true });
      plainPackages(root, 'packages');
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "mono"\nversion = "1.0.0"\n');
    },
    'plain-deep': (root) => {
      fs.rmSync(root, { recursive: true, force: true });
      plainPackages(root, path.join('services', 'analytics', 'platform', 'repo', 'packages'));
    },
  };
  const only = process.env.FLOE_BENCH_ONLY?.split(',').map((s) => s.trim());
  const out = [];
  for (const [name, make] of Object.entries(made)) {
    if (only && !only.includes(name)) continue;
    const root = path.join(GENERATED, `activation-${name}`);
    make(root);
    out.push({ name, root });
  }
  return out;
}

function rgPath() {
  for (const cs of codeServers()) {
    const rg = path.join(CS_ROOT, cs.version, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (fs.existsSync(rg)) return rg;
  }
  throw new Error('no ripgrep found in code-server: run bash test/e2e/install.sh');
}

/** One workspaceContains search as the workbench runs it; ms until ripgrep exits, and whether a file matched. */
function search(rg, root, patterns) {
  const anchor = (g) => (g.startsWith('**') || g.startsWith('/') ? g : `/${g}`);
  const args = [
    '--files',
    '--hidden',
    '--case-sensitive',
    '--no-require-git',
    ...patterns.flatMap((g) => ['-g', anchor(g)]),
    ...EXCLUDES.flatMap((g) => ['-g', `!${anchor(g)}`]),
    '--no-ignore-parent',
    '--follow',
    '--quiet',
    '--no-config',
  ];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(rg, args, { cwd: root, stdio: 'ignore' });
    p.on('exit', (code) => resolve({ ms: performance.now() - t0, found: code === 0 }));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function searches(list) {
  const rg = rgPath();
  const rows = [];
  for (const w of list) {
    for (const [label, patterns] of [
      ['before', OLD],
      ['now', NEW],
    ]) {
      const runs = [];
      for (let i = 0; i < 7; i++) runs.push(await search(rg, w.root, patterns));
      rows.push({ workspace: w.name, events: label, found: runs[0].found, medianMs: Math.round(median(runs.map((r) => r.ms)) * 10) / 10 });
    }
  }
  return rows;
}

async function inVsCode(w) {
  const [{ version, bin }] = codeServers();
  const run = path.join(HERE, 'run', `bench-activation-${w.name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(run, { recursive: true });
  let cs, browser, result;
  try {
    cs = await startCodeServer({ bin, run, log, settings: {} });
    browser = await launchBrowser(run);
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (_type, args) => {
        const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        const m = /FLOE_BENCH (\{.*\})/.exec(text);
        if (m) result = JSON.parse(m[1]);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.goto(
      workbenchUrl(cs.port, w.root, [
        ['extensionDevelopmentPath', EXTENSION],
        ['extensionTestsPath', path.join(HERE, 'bench', 'activation-probe.js')],
      ]),
    );
    // The probe reports through codeAutomationExit; a probe that never does is a result of its own.
    let deadline;
    const limit = new Promise((_, reject) => {
      deadline = setTimeout(() => reject(new Error('the activation probe did not finish within 240 s')), 240000);
    });
    await Promise.race([done, limit])
      .catch((e) => {
        result = { error: e.message };
      })
      .finally(() => clearTimeout(deadline));
  } finally {
    if (browser) await browser.context.close().catch(() => {});
    if (cs) await cs.stop();
    fs.rmSync(run, { recursive: true, force: true });
  }
  return { workspace: w.name, codeServer: version, ...(result ?? { error: 'no result' }) };
}

ensureBuilt(log);
const list = await workspaces();
log(`generated ${list.map((w) => w.name).join(', ')} (${PACKAGES} packages each)`);
console.log('\nworkspaceContains search (ripgrep as the workbench runs it; median of 7):');
for (const r of await searches(list))
  console.log(`  ${r.workspace.padEnd(13)} ${r.events.padEnd(7)} ${String(r.medianMs).padStart(7)} ms  ${r.found ? 'match: activates' : 'no match'}`);
if (!process.env.FLOE_BENCH_NO_VSCODE) {
  console.log('\nthe extension in code-server:');
  for (const w of list) console.log(`  ${JSON.stringify(await inVsCode(w))}`);
}
