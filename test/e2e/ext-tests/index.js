// Runs INSIDE the extension host (extensionTestsPath). Same contract as @vscode/test-electron:
// export run(): Promise<void>; a rejection means exit code 1. Each test result is printed as one
// `FLOE_TEST PASS|FAIL {json}` line, which run-ext-tests.mjs reads from the forwarded log.
const path = require('path');
const Mocha = require('mocha');
const vscode = require('vscode');

function FloeReporter(runner) {
  Mocha.reporters.Base.call(this, runner);
  runner.on('pass', (t) => console.log(`FLOE_TEST PASS ${JSON.stringify({ title: t.fullTitle(), ms: t.duration ?? 0 })}`));
  runner.on('fail', (t, err) =>
    console.log(`FLOE_TEST FAIL ${JSON.stringify({ title: t.fullTitle(), ms: t.duration ?? 0, error: (err && (err.stack || err.message)) || String(err) })}`),
  );
}

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: FloeReporter, grep: process.env.FLOE_E2E_GREP || undefined });
  // A .code-workspace (multi-root) session runs its own suite; a folder session the main one, or
  // the one its runner names (FLOE_E2E_SUITE, e.g. `deep`).
  const multi = !!vscode.workspace.workspaceFile && vscode.workspace.workspaceFile.path.endsWith('.code-workspace');
  const suite = process.env.FLOE_E2E_SUITE || (multi ? 'multiroot' : 'floe');
  mocha.addFile(path.join(__dirname, `${suite}.e2e.js`));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed`)) : resolve()));
  });
};
