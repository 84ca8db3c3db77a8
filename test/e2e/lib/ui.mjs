// Helpers of the UI sessions (run-ui-tests.mjs, ui-environment.mjs): one line per check, a
// screenshot per step that fails, the command palette, polling, and reading the Plugins view.
import fs from 'node:fs';
import path from 'node:path';
import machine from '../../lib/machine.js';

/** Counts of the whole run (every session adds to it). */
export const tally = { passed: 0, failed: 0 };

/** The helpers of one session on `version`; `page()` is the session's current page. */
export function uiSession({ version, shots, log, page }) {
  fs.mkdirSync(shots, { recursive: true });
  const check = (name, ok, detail) => {
    if (ok) tally.passed++; else tally.failed++;
    console.log(`  ${ok ? '✓' : '✗'} [${version}] ${name}${ok ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
    if (!ok) log(`[${version}] ${name} detail:`, JSON.stringify(detail));
  };
  const shot = async (name) => { await page().screenshot({ path: path.join(shots, `${name}.png`), timeout: 15000 }); };
  const step = async (name, fn) => {
    try { await fn(); } catch (e) {
      check(name, false, e instanceof Error ? e.message.split('\n')[0] : String(e));
      try { await shot(`error-${name.replace(/\W+/g, '-')}`); } catch { /* no page */ }
    }
  };
  const runCommand = async (text) => {
    const p = page();
    await p.keyboard.press('F1');
    const input = p.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('>' + text);
    await p.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible', timeout: 10000 });
    await input.press('Enter');
    await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  };
  /** Poll a condition from the runner's side (files, processes) until it holds or `ms` (scaled to the machine) pass. */
  const poll = async (what, fn, ms) => {
    const end = Date.now() + machine.scaled(ms);
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const treeRows = () => page().locator('.part.sidebar .pane-body .monaco-list-row');
  const readTree = async () => treeRows().evaluateAll((els) => els.map((e) => ({
    label: e.querySelector('.label-name')?.textContent ?? '',
    description: e.querySelector('.label-description')?.textContent ?? '',
    aria: e.getAttribute('aria-label') ?? '',
    icon: [...((e.querySelector('.custom-view-tree-node-item-icon') ?? e.querySelector('.codicon'))?.classList ?? [])].find((c) => c.startsWith('codicon-')) ?? '',
  })));
  return { check, shot, step, runCommand, poll, treeRows, readTree };
}
