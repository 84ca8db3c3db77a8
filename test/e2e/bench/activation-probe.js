// Runs INSIDE the extension host of test/e2e/bench-activation.mjs (as its extensionTestsPath):
// waits for the extension to be activated by its activation events alone (it never asks for it),
// then for `ready`, and prints one `FLOE_BENCH {json}` line with what activation cost.
const vscode = require('vscode');

const EXT_ID = 'floe.floe-plugin-tools';
const WAIT_ACTIVE_MS = Number(process.env.FLOE_BENCH_WAIT_ACTIVE_MS || 20000);

exports.run = async function run() {
  const t0 = performance.now();
  const ext = vscode.extensions.getExtension(EXT_ID);
  while (ext && !ext.isActive && performance.now() - t0 < WAIT_ACTIVE_MS) await new Promise((r) => setTimeout(r, 20));
  const out = { active: !!ext?.isActive, activeAfterMs: Math.round(performance.now() - t0) };
  if (out.active) {
    const api = ext.exports;
    await Promise.race([api.ready, new Promise((r) => setTimeout(r, 120000))]);
    const c = api.test.controller.contentCheck;
    Object.assign(out, {
      readyAfterMs: Math.round(performance.now() - t0),
      activateMs: api.test.activateMs,
      contentCheck: c && { how: c.how, filesRead: c.filesRead, ms: c.ms, found: c.found && vscode.workspace.asRelativePath(c.found) },
      serverStarted: !!api.client,
      plugins: api.tree.data ? api.tree.data.folders.reduce((n, f) => n + f.types.reduce((m, t) => m + t.plugins.length, 0), 0) : 0,
    });
  }
  console.log(`FLOE_BENCH ${JSON.stringify(out)}`);
};
