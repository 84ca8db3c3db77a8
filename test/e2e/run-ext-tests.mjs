#!/usr/bin/env node
// Extension-host API tests in a real VS Code (code-server 4.96.4 and 4.100.3, headless chromium):
// mocha runs INSIDE the extension host (extensionTestsPath, the @vscode/test-electron contract),
// the extension is loaded from the repo root as extensionDevelopmentPath (dist/ must be built).
// Three sessions per version: the e2e workspace as one folder (ext-tests/floe.e2e.js), a
// multi-root workspace (a .code-workspace with a copy of it plus workspace-extra/:
// ext-tests/multiroot.e2e.js; ext-tests/index.js picks the file by what is open), and
// workspace-deep/, a monorepo whose only plugin is five folders deep (ext-tests/deep.e2e.js).
// Prints one line per test (`  ✓ [4.96.4] name` / `  ✗ ...`) and ends with `N passed, N failed`.
//
//   node test/e2e/run-ext-tests.mjs            both versions (those installed by test/e2e/install.sh)
//   CODE_SERVER=/path/to/code-server node ...  one code-server
//   FLOE_E2E_GREP='tree'                       only tests whose title matches
//   FLOE_E2E_EXTENSION=/dir                    load another extension folder (e.g. an unpacked vsix)
//   FLOE_E2E_NO_BUILD=1                        do not run node esbuild.mjs first
//   FLOE_E2E_SESSIONS=single,multi,deep        only these sessions (default: all three)
import fs from 'node:fs';
import path from 'node:path';
import {
  codeServers,
  ensureBuilt,
  EXTENSION,
  HERE,
  launchBrowser,
  makeLogger,
  prepareMultiRoot,
  prepareRun,
  REPO,
  startCodeServer,
  workbenchUrl,
} from './lib/harness.mjs';

const TIMEOUT_MS = Number(process.env.FLOE_E2E_TIMEOUT_MS || 240000);
const log = makeLogger();
let passed = 0;
let failed = 0;

async function runVersion({ version, bin }, session) {
  const multi = session === 'multi';
  const deep = session === 'deep';
  const { run, workspace, python } = prepareRun(multi ? 'ext-multi' : deep ? 'ext-deep' : 'ext', version, deep ? 'workspace-deep' : 'workspace');
  const target = multi ? prepareMultiRoot(run, workspace).workspaceFile : workspace;
  const tag = multi ? `${version} multi-root` : deep ? `${version} deep` : version;
  let cs, browser;
  const tests = [];
  try {
    cs = await startCodeServer({ bin, run, log, settings: { 'floePlugins.python.interpreter': python }, env: deep ? { FLOE_E2E_SUITE: 'deep' } : {} });
    browser = await launchBrowser(run);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${cs.port}` });
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    const hostLog = fs.createWriteStream(path.join(run, 'extension-host.log'));
    const done = new Promise((resolve) => {
      // The workbench forwards extension-host console output and the final exit code to these.
      page.exposeFunction('codeAutomationLog', (_type, args) => {
        const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        hostLog.write(text + '\n');
        for (const line of text.split('\n')) {
          const m = /^FLOE_TEST (PASS|FAIL) (.*)$/.exec(line);
          if (m) {
            const t = JSON.parse(m[2]);
            tests.push({ ok: m[1] === 'PASS', ...t });
            console.log(`  ${m[1] === 'PASS' ? '✓' : '✗'} [${tag}] ${t.title} (${t.ms} ms)`);
            if (m[1] === 'FAIL') console.log(`      ${String(t.error).split('\n').join('\n      ')}`);
          }
        }
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const url = workbenchUrl(cs.port, target, [
      ['extensionDevelopmentPath', EXTENSION],
      ['extensionTestsPath', path.join(HERE, 'ext-tests', 'index.js')],
    ]);
    log(`[${tag}] open workbench with extension tests`);
    await page.goto(url);
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
    hostLog.end();
    log(`[${tag}] extension tests exit code: ${code}; blocked non-local requests: ${browser.blocked.length}`);
    if (browser.blocked.length) {
      console.log(`  ✗ [${tag}] network fence: ${browser.blocked.length} non-local requests`);
      failed++;
    }
    if (code === 'timeout') {
      console.log(`  ✗ [${tag}] the extension tests did not finish within ${TIMEOUT_MS / 1000} s`);
      failed++;
    } else if (code !== 0 && !tests.some((t) => !t.ok)) {
      console.log(`  ✗ [${tag}] extension tests exited with ${code}`);
      failed++;
    } else if (!tests.length && !process.env.FLOE_E2E_GREP) {
      console.log(`  ✗ [${tag}] no test ran`);
      failed++;
    }
  } catch (e) {
    console.log(`  ✗ [${tag}] harness: ${e instanceof Error ? e.message : String(e)}`);
    failed++;
  } finally {
    if (browser) await browser.context.close().catch(() => {});
    if (cs) await cs.stop();
    fs.rmSync(path.join(run, 'chromium-profile'), { recursive: true, force: true });
  }
  passed += tests.filter((t) => t.ok).length;
  failed += tests.filter((t) => !t.ok).length;
  log(`[${tag}] artifacts: ${path.relative(REPO, run)}`);
}

try {
  ensureBuilt(log);
  const sessions = (process.env.FLOE_E2E_SESSIONS || 'single,multi,deep').split(',').map((x) => x.trim());
  for (const cs of codeServers()) {
    for (const s of ['single', 'multi', 'deep']) if (sessions.includes(s)) await runVersion(cs, s);
  }
} catch (e) {
  console.log(`  ✗ harness: ${e instanceof Error ? e.message : String(e)}`);
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
