#!/usr/bin/env node
// UI tests of Floe Plugin Tools in a real VS Code workbench (code-server 4.96.4 and 4.100.3)
// driven by headless Debian chromium through playwright-core: the Plugins view, a manifest's
// config error in the Problems panel and its hover, and `Floe: Run Health Checks` from the
// palette with results in the tree and the notification, then Cancel on the progress notification of a
// run whose check hangs (a plugin from workspace-extra/ added to the run's copy), and a language server killed
// five times in a row (restarted four times, then a message with Show Output); a Restricted Mode window; and
// the environment session (ui-environment.mjs: the indexing state, the plugin graph, plugins that could not be
// imported). Screenshots: test/e2e/shots/<version>/.
// Prints one line per check and ends with `N passed, N failed`.
//
//   node test/e2e/run-ui-tests.mjs              both versions (installed by test/e2e/install.sh)
//   CODE_SERVER=/path/to/code-server node ...   one code-server
//   FLOE_E2E_EXTENSION=/dir, FLOE_E2E_NO_BUILD=1 as for run-ext-tests.mjs
//   FLOE_E2E_VSIX=dist/floe-plugin-tools.vsix  install the packaged extension instead (npm run package first)
//   FLOE_E2E_SESSIONS=main,untrusted,environment  only these sessions (default: all three)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import machine from '../lib/machine.js';
import {
  codeServers,
  ensureBuilt,
  extensionPayload,
  HERE,
  installVsix,
  launchBrowser,
  makeLogger,
  prepareRun,
  REPO,
  startCodeServer,
  workbenchUrl,
} from './lib/harness.mjs';
import { ms, tally, uiSession } from './lib/ui.mjs';
import { runEnvironment } from './ui-environment.mjs';

const log = makeLogger();

async function runVersion({ version, bin }) {
  const { run, workspace, python } = prepareRun('ui', version);
  const shots = path.join(HERE, 'shots', version);
  let cs, browser, page;
  const { check, shot, step, quickPick, runCommand, poll, readTree } = uiSession({ version, shots, log, page: () => page });

  try {
    if (process.env.FLOE_E2E_VSIX) installVsix({ bin, run, vsix: path.resolve(process.env.FLOE_E2E_VSIX), log });
    cs = await startCodeServer({ bin, run, log, settings: { 'floePlugins.python.interpreter': python } });
    browser = await launchBrowser(run);
    page = browser.context.pages()[0] || (await browser.context.newPage());

    await step('workbench opens the floe workspace', async () => {
      await page.goto(workbenchUrl(cs.port, workspace, extensionPayload()), { waitUntil: 'domcontentloaded', timeout: ms(30000) });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: ms(60000) });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'plugins' }).waitFor({ state: 'visible', timeout: ms(60000) });
      check('workbench opens the floe workspace', true);
      await shot('1-workbench');
    });

    await step('Plugins view shows types, plugins and states', async () => {
      const act = page.locator('.activitybar .action-item a.action-label[aria-label^="Floe"]');
      await act.waitFor({ state: 'visible', timeout: ms(30000) });
      await act.click();
      await page.waitForFunction(
        () => {
          const names = [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row .label-name')].map((e) => e.textContent);
          return ['duckdb', 'polaris', 'marquez'].every((n) => names.includes(n));
        },
        null,
        { timeout: ms(60000) },
      );
      const title = (await page.locator('.part.sidebar .composite.title').innerText()).trim();
      const rows = await readTree();
      const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
      const ok =
        /FLOE/i.test(title) &&
        ['Compute', 'Catalog', 'Lineage Backend'].every((t) => byLabel[t]) &&
        byLabel.duckdb.description === '0.1.0' &&
        byLabel.polaris.description === '0.2.0' &&
        /marquez 0\.3\.0 incompatible/.test(byLabel.marquez.aria) &&
        /duckdb 0\.1\.0 ok/.test(byLabel.duckdb.aria);
      check('Plugins view shows types, plugins and states', ok, { title, rows });
      await shot('2-plugins-view');
    });

    await step('status bar shows the plugin count', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'Floe:' }).first();
      await item.waitFor({ state: 'visible', timeout: ms(30000) });
      await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Floe: 3 plugins/.test(e.textContent ?? '')), null, {
        timeout: ms(30000),
      });
      const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
      check('status bar shows the plugin count', /Floe: 3 plugins/.test(text), text);
    });

    await step('manifest config error in the Problems panel and hover', async () => {
      await quickPick('Control+P', 'manifest.yaml', 'manifest.yaml', 15000);
      await page.locator('.tabs-container .tab.active', { hasText: 'manifest.yaml' }).waitFor({ state: 'visible', timeout: ms(15000) });
      await runCommand('View: Focus Problems');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((e) => (e.textContent ?? '').includes('threads: must be')),
        null,
        { timeout: ms(30000) },
      );
      const markers = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const marker = markers.find((m) => m.includes('threads: must be'));
      check(
        'Problems panel lists the config error',
        !!marker && /^Error: threads: must be ≤ 64 \(got 128\)/.test(marker) && /at line 12 and character 16/.test(marker),
        markers,
      );
      const line = page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: 'threads: 128' });
      const value = line.locator('span span', { hasText: /^128$/ }).first();
      const box = await value.boundingBox();
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      const hover = page.locator('.monaco-hover-content', { hasText: 'threads: must be' }).first();
      const hoverOk = await hover.waitFor({ state: 'visible', timeout: ms(15000) }).then(
        () => true,
        () => false,
      );
      check('squiggle hover shows the config error', hoverOk, hoverOk ? await hover.innerText() : 'no hover');
      await shot('3-manifest-problem');
      await page.keyboard.press('Escape');
    });

    await step('Floe: Run Health Checks from the palette', async () => {
      await runCommand('Floe: Run Health Checks');
      const toast = page.locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: 'Floe: 1 degraded' }).first();
      await toast.waitFor({ state: 'visible', timeout: ms(60000) });
      const text = (await toast.innerText()).trim();
      check('notification summarises the health results', text === 'Floe: 1 degraded, 2 unhealthy', text);
      // Results stream in: wait until the tree shows every plugin's result, not just the first.
      await page
        .waitForFunction(
          () => {
            const labels = [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? '');
            return labels.some((l) => /^polaris 0\.2\.0 unhealthy/.test(l)) && labels.some((l) => /^duckdb 0\.1\.0 unhealthy/.test(l));
          },
          null,
          { timeout: ms(30000) },
        )
        .catch(() => {});
      const rows = await readTree();
      const aria = Object.fromEntries(rows.map((r) => [r.label, r.aria]));
      check(
        'tree shows the health results',
        /duckdb 0\.1\.0 unhealthy/.test(aria.duckdb) && /polaris 0\.2\.0 unhealthy/.test(aria.polaris) && /marquez 0\.3\.0 incompatible/.test(aria.marquez),
        rows,
      );
      await page
        .locator('.notifications-toasts .notification-toast.notification-fade-in-done')
        .first()
        .waitFor({ state: 'visible', timeout: ms(5000) })
        .catch(() => {});
      await shot('4-health-checks');
    });
    await step('Cancel on the progress notification ends a hung health check', async () => {
      // A plugin whose health check writes its pid and sleeps 120 s (from workspace-extra/), added now
      // so the checks above keep their 3 plugins; the health timeout here is the default 5 s.
      fs.cpSync(path.join(HERE, 'workspace-extra', 'plugins', 'floe-compute-sleepy'), path.join(workspace, 'plugins', 'floe-compute-sleepy'), {
        recursive: true,
      });
      const pidFile = path.join(workspace, '.sleepy.pid');
      // Files written behind VS Code's back reach its file watcher late on some versions (4.100.3
      // missed 30 s once): restarting the server makes it read the folder again, deterministically.
      await runCommand('Floe: Restart Server');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row .label-name')].some((e) => e.textContent === 'sleepy'),
        null,
        { timeout: ms(30000) },
      );
      await runCommand('Floe: Run Health Checks');
      const pid = await poll('the sleepy health check to start', () => fs.existsSync(pidFile) && Number(fs.readFileSync(pidFile, 'utf8').trim()), 30000);
      const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'Floe: running health checks' }).first();
      const cancel = progress.locator('.notification-list-item-buttons-container .monaco-button', { hasText: 'Cancel' });
      await cancel.waitFor({ state: 'visible', timeout: ms(10000) });
      const t0 = Date.now();
      await cancel.click();
      const toast = page
        .locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: 'Floe: health checks cancelled' })
        .first();
      await toast.waitFor({ state: 'visible', timeout: ms(10000) });
      const took = Date.now() - t0;
      const gone = await poll(
        'the hung python to end',
        () => {
          try {
            process.kill(pid, 0);
            return false;
          } catch (e) {
            return e.code === 'ESRCH';
          }
        },
        3000,
      ).catch(() => false);
      const text = (await toast.innerText()).trim();
      check(
        'Cancel on the progress notification ends a hung health check',
        took < machine.scaled(2500) && gone && /^Floe: health checks cancelled/.test(text),
        { ms: took, gone, text },
      );
      await page
        .locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: 'Floe: health checks cancelled' })
        .first()
        .waitFor({ state: 'visible', timeout: ms(5000) })
        .catch(() => {});
      await shot('6-health-cancelled');
    });
    await step('a language server that keeps crashing: restarted four times, then a message with Show Output', async () => {
      // The language servers of this code-server: its process group, running dist/server.js.
      const servers = () =>
        execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
          .split('\n')
          .map((l) => l.trim().split(/\s+/))
          .filter((f) => Number(f[1]) === cs.server.pid && !f[2].startsWith('Z') && f.slice(3).some((a) => a.endsWith('dist/server.js')))
          .map((f) => Number(f[0]));
      const statusReady = () =>
        page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Floe: \d+ plugins/.test(e.textContent ?? '')), null, {
          timeout: ms(60000),
        });
      const killed = [];
      for (let i = 1; i <= 5; i++) {
        // Each server is killed once it has indexed (the status bar reads "starting…" until then).
        await statusReady();
        const pid = await poll(`language server #${i}`, () => servers().find((p) => !killed.includes(p)), 60000);
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
        if (i < 5)
          await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Floe: starting/.test(e.textContent ?? '')), null, {
            timeout: ms(30000),
          });
      }
      // The message is a toast, or (when toasts are crowded) only in the notification centre.
      const text = 'the language server crashed 5 times in 3 minutes';
      let toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
      if (
        !(await toast.waitFor({ state: 'visible', timeout: ms(15000) }).then(
          () => true,
          () => false,
        ))
      ) {
        log(`[${version}] the crash message is not a toast; looking in the notification centre`);
        await runCommand('Notifications: Show Notifications');
        toast = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
        await toast.waitFor({ state: 'visible', timeout: ms(15000) });
      }
      const buttons = await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts();
      const left = servers();
      const welcome = await page
        .locator('.part.sidebar .welcome-view-content', { hasText: 'stopped after crashing repeatedly' })
        .first()
        .waitFor({ state: 'visible', timeout: ms(15000) })
        .then(
          () => true,
          () => false,
        );
      check(
        'after five crashes the server stays stopped, a message offers Show Output, the view says so',
        buttons.includes('Show Output') && buttons.includes('Restart Server') && left.length === 0 && welcome,
        { buttons, left, welcome },
      );
      await shot('7-server-crashed');
      await toast.locator('.monaco-button', { hasText: 'Show Output' }).click();
      const output = page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'not restarted' }).first();
      const shown = await output.waitFor({ state: 'visible', timeout: ms(15000) }).then(
        () => true,
        () => false,
      );
      check('Show Output opens the log with the crashes', shown, 'the output with the crash message did not show');
      await runCommand('Floe: Restart Server');
      await poll('a language server after Restart Server', () => servers().length > 0, 60000);
      await statusReady();
      await page.waitForFunction(
        () => [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row .label-name')].some((e) => e.textContent === 'duckdb'),
        null,
        { timeout: ms(60000) },
      );
      check('Restart Server brings the server and the Plugins view back', true);
    });
    log(`[${version}] blocked non-local requests: ${browser.blocked.length}`);
    check('no request left 127.0.0.1', browser.blocked.length === 0, browser.blocked.slice(0, 5));
  } catch (e) {
    check('harness', false, e instanceof Error ? e.message : String(e));
  } finally {
    if (browser) await browser.context.close().catch(() => {});
    if (cs) await cs.stop();
    fs.rmSync(path.join(run, 'chromium-profile'), { recursive: true, force: true });
    log(`[${version}] artifacts: ${path.relative(REPO, run)}, screenshots: ${path.relative(REPO, shots)}`);
  }
}

// A real Restricted Mode window: workspace trust on, no startup prompt, so the folder opens untrusted.
async function runUntrusted({ version, bin }) {
  const { run, workspace, python } = prepareRun('ui-untrusted', version);
  const shots = path.join(HERE, 'shots', version);
  let cs, browser;
  const { check } = uiSession({ version, shots, log, page: () => undefined });
  try {
    if (process.env.FLOE_E2E_VSIX) installVsix({ bin, run, vsix: path.resolve(process.env.FLOE_E2E_VSIX), log });
    cs = await startCodeServer({
      bin,
      run,
      log,
      trust: true,
      settings: {
        'floePlugins.python.interpreter': python,
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
        'security.workspace.trust.emptyWindow': false,
      },
    });
    browser = await launchBrowser(run);
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    await page.goto(workbenchUrl(cs.port, workspace, extensionPayload()), { waitUntil: 'domcontentloaded', timeout: ms(30000) });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: ms(60000) });
    const act = page.locator('.activitybar .action-item a.action-label[aria-label^="Floe"]');
    await act.waitFor({ state: 'visible', timeout: ms(60000) });
    await act.click();
    await page.waitForFunction(
      () => [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row .label-name')].some((e) => e.textContent === 'duckdb'),
      null,
      { timeout: ms(60000) },
    );
    const restricted = await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count();
    check('Restricted Mode: static Plugins view still works', restricted > 0, `restricted-mode status items: ${restricted}`);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: ms(10000) });
    await input.fill('>Floe:');
    await page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Floe: Refresh Plugins' })
      .first()
      .waitFor({ state: 'visible', timeout: ms(10000) });
    const entries = await page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const running = entries.filter((e) => /Run Health Check|Run Lifecycle/.test(e));
    check(
      'Restricted Mode: running commands are hidden from the palette',
      running.length === 0 && entries.some((e) => /Show Dependency Order/.test(e)),
      entries,
    );
    await page.screenshot({ path: path.join(shots, '5-restricted-mode.png') });
    await page.keyboard.press('Escape');
  } catch (e) {
    check('Restricted Mode session', false, e instanceof Error ? e.message.split('\n')[0] : String(e));
  } finally {
    if (browser) await browser.context.close().catch(() => {});
    if (cs) await cs.stop();
    fs.rmSync(path.join(run, 'chromium-profile'), { recursive: true, force: true });
  }
}

try {
  ensureBuilt(log);
  const only = process.env.FLOE_E2E_SESSIONS?.split(',').map((x) => x.trim());
  const want = (name) => !only || only.includes(name);
  for (const cs of codeServers()) {
    if (want('main')) await runVersion(cs);
    if (want('untrusted')) await runUntrusted(cs);
    if (want('environment')) await runEnvironment(cs, log);
  }
} catch (e) {
  console.log(`  ✗ harness: ${e instanceof Error ? e.message : String(e)}`);
  tally.failed++;
}
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed ? 1 : 0);
