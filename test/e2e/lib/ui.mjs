// Helpers of the UI sessions (run-ui-tests.mjs, ui-environment.mjs): one line per check, a
// screenshot per step that fails, the command palette, polling, and reading the Plugins view.
// Every time budget is scaled to the machine (ms()): they bound waits for a state, never race it.
import fs from 'node:fs';
import path from 'node:path';
import machine from '../../lib/machine.js';

/** Counts of the whole run (every session adds to it). */
export const tally = { passed: 0, failed: 0 };

/** A Playwright time budget of `n` ms on the reference machine, scaled to this one. */
export const ms = (n) => machine.scaled(n);

/** The helpers of one session on `version`; `page()` is the session's current page. */
export function uiSession({ version, shots, log, page }) {
  fs.mkdirSync(shots, { recursive: true });
  const report = (name, ok, detail) => {
    if (ok) tally.passed++;
    else tally.failed++;
    console.log(`  ${ok ? '✓' : '✗'} [${version}] ${name}${ok ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
    if (!ok) log(`[${version}] ${name} detail:`, JSON.stringify(detail));
  };
  /** The step running now: a check under the step's own name waits for the step's end (see step). */
  let current;
  const check = (name, ok, detail) => {
    if (current && name === current.name) current.result = { ok, detail };
    else report(name, ok, detail);
  };
  const shot = async (name) => {
    await page().screenshot({ path: path.join(shots, `${name}.png`), timeout: ms(15000) });
  };
  const quickInput = () => page().locator('.quick-input-widget');
  /** Close a quick input a failed step left open (a save dialog keeps itself open when the focus leaves). */
  const closeQuickInput = async () => {
    for (let i = 0; i < 3 && (await quickInput().isVisible()); i++) {
      await page().keyboard.press('Escape');
      await quickInput()
        .waitFor({ state: 'hidden', timeout: ms(2000) })
        .catch(() => {});
    }
  };
  /**
   * One step, reported once under its name: its check of that name when it ends normally, else a
   * failure with what was thrown (also when the step's own check passed before something after it
   * failed). A failed step leaves a screenshot, and no quick input open, so the next starts clean.
   */
  const step = async (name, fn) => {
    current = { name };
    let thrown;
    try {
      await fn();
    } catch (e) {
      thrown = e;
    }
    const { result } = current;
    current = undefined;
    if (thrown) {
      const message = thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown);
      report(name, false, result && !result.ok ? { thrown: message, check: result.detail } : message);
    } else if (result) {
      report(name, result.ok, result.detail);
    }
    if (!thrown && result?.ok !== false) return;
    try {
      await shot(`error-${name.replace(/\W+/g, '-')}`);
    } catch {
      /* no page */
    }
    try {
      await closeQuickInput();
    } catch {
      /* no page */
    }
  };
  /** Open a quick input with `key`, type `text`, wait for a row holding `row` and accept it. */
  const quickPick = async (key, text, row, budget = 10000) => {
    const p = page();
    await p.keyboard.press(key);
    const input = p.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: ms(10000) });
    await input.fill(text);
    await p
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: row })
      .first()
      .waitFor({ state: 'visible', timeout: ms(budget) });
    await input.press('Enter');
  };
  const runCommand = async (text) => {
    // F1 with a quick input open (a save dialog, say) types into that one instead of opening the palette.
    if (await quickInput().isVisible()) {
      const open = await quickInput()
        .locator('.quick-input-title, .quick-input-box input')
        .evaluateAll((els) => els.map((e) => e.value ?? e.textContent));
      throw new Error(`cannot run "${text}": a quick input is open (${JSON.stringify(open)})`);
    }
    await quickPick('F1', '>' + text, text);
    await quickInput().waitFor({ state: 'hidden', timeout: ms(10000) });
  };
  /** Poll a condition from the runner's side (files, processes) until it holds or `n` ms (scaled to the machine) pass. */
  const poll = async (what, fn, n) => {
    const end = Date.now() + ms(n);
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const treeRows = () => page().locator('.part.sidebar .pane-body .monaco-list-row');
  const readTree = async () =>
    treeRows().evaluateAll((els) =>
      els.map((e) => ({
        label: e.querySelector('.label-name')?.textContent ?? '',
        description: e.querySelector('.label-description')?.textContent ?? '',
        aria: e.getAttribute('aria-label') ?? '',
        icon:
          [...((e.querySelector('.custom-view-tree-node-item-icon') ?? e.querySelector('.codicon'))?.classList ?? [])].find((c) => c.startsWith('codicon-')) ??
          '',
      })),
    );
  return { check, shot, step, quickPick, runCommand, poll, treeRows, readTree };
}
