#!/usr/bin/env node
// The same extension-host tests (ext-tests/) through @vscode/test-electron's runTests, for machines
// that can download VS Code (desktop Electron). NOT run by CI here: the project's machines cannot
// reach the VS Code CDN; run-ext-tests.mjs runs these tests in code-server instead.
//   node test/e2e/test-electron.mjs [--version 1.96.4]
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const i = process.argv.indexOf('--version');
const version = i > 0 ? process.argv[i + 1] : '1.96.4';

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-electron-'));
const workspace = path.join(run, 'workspace');
fs.cpSync(path.join(HERE, 'workspace'), workspace, { recursive: true });
// a virtualenv whose .pth makes the workspace's floe-core importable, as in the code-server runs
spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(run, 'venv')], { stdio: 'inherit' });
const python = path.join(run, 'venv', 'bin', 'python');
const site = spawnSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).stdout.trim();
fs.writeFileSync(path.join(site, 'floe_core_dev.pth'), path.join(workspace, 'packages', 'floe-core', 'src') + '\n');
const userData = path.join(run, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'floePlugins.python.interpreter': python,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
  }),
);

let code = 1;
try {
  spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
  await runTests({
    version,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(HERE, 'ext-tests', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userData, '--skip-welcome', '--skip-release-notes'],
  });
  code = 0;
} catch (e) {
  console.error(`test-electron: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  fs.rmSync(run, { recursive: true, force: true });
}
process.exit(code);
