// Shared pieces of the real-VS-Code runners: code-server isolated on 127.0.0.1, headless Debian
// chromium through playwright-core, a fresh copy of the test workspace, a virtualenv whose .pth
// puts the workspace's floe-core on sys.path, and process-group teardown. Adapted from the
// project's e2e recipe; nothing here reaches outside 127.0.0.1.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import machine from '../../lib/machine.js';

export const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO = path.resolve(HERE, '..', '..');
export const CS_ROOT = process.env.FLOE_CS_ROOT || '/tmp/floe-cs';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The extension folder loaded as extensionDevelopmentPath (default: the repo root with its dist/). */
export const EXTENSION = path.resolve(process.env.FLOE_E2E_EXTENSION || REPO);

/** The code-server binaries to run against: $CODE_SERVER, or every version install.sh put in /tmp/floe-cs. */
export function codeServers() {
  if (process.env.CODE_SERVER) return [{ version: path.basename(path.resolve(process.env.CODE_SERVER, '../../..')), bin: process.env.CODE_SERVER }];
  const wanted = (process.env.FLOE_CS_VERSIONS || '4.96.4,4.100.3')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.map((version) => ({ version, bin: path.join(CS_ROOT, version, 'node_modules', '.bin', 'code-server') }));
}

export function makeLogger() {
  const t0 = Date.now();
  return (...a) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`timeout waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Keep the newest `keep` run folders (artifacts of earlier runs), delete the rest. */
function pruneRuns(keep = 12) {
  const dir = path.join(HERE, 'run');
  if (!fs.existsSync(dir)) return;
  const runs = fs
    .readdirSync(dir)
    .map((n) => path.join(dir, n))
    .filter((p) => fs.statSync(p).isDirectory())
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  for (const old of runs.slice(keep)) fs.rmSync(old, { recursive: true, force: true });
}

/** A fresh per-run folder with a copy of a test workspace (test/e2e/<source>) and a virtualenv with its floe-core. */
export function prepareRun(kind, version, source = 'workspace') {
  pruneRuns();
  const run = path.join(HERE, 'run', `${kind}-${version}-${process.pid}-${Date.now()}`);
  const workspace = path.join(run, 'workspace');
  fs.mkdirSync(run, { recursive: true });
  fs.cpSync(path.join(HERE, source), workspace, { recursive: true });
  const venv = path.join(run, 'venv');
  const r = spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', venv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 -m venv failed: ${r.stderr}`);
  const site = spawnSync(path.join(venv, 'bin', 'python'), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
    encoding: 'utf8',
  }).stdout.trim();
  fs.writeFileSync(path.join(site, 'floe_core_dev.pth'), path.join(workspace, 'packages', 'floe-core', 'src') + '\n');
  return { run, workspace, python: path.join(venv, 'bin', 'python') };
}

/**
 * Multi-root: a copy of workspace-extra/ next to the run's workspace copy and a `.code-workspace` file
 * with both folders (the e2e workspace first). Returns the workspace file's path and the extra folder.
 */
export function prepareMultiRoot(run, workspace) {
  const extra = path.join(run, 'extra');
  fs.cpSync(path.join(HERE, 'workspace-extra'), extra, { recursive: true });
  const file = path.join(run, 'floe-multi.code-workspace');
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        folders: [
          { name: 'floe-e2e', path: path.relative(run, workspace) },
          { name: 'floe-extra', path: path.relative(run, extra) },
        ],
        settings: { 'floePlugins.tree.showEmptyTypes': false },
      },
      null,
      2,
    ),
  );
  return { workspaceFile: file, extra };
}

/** Install a .vsix into the run's fresh extensions dir (the way a user installs it). */
export function installVsix({ bin, run, vsix, log }) {
  const extDir = path.join(run, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  const r = spawnSync(
    bin,
    [
      '--config',
      path.join(run, 'config.yaml'),
      '--user-data-dir',
      path.join(run, 'code-user-data'),
      '--extensions-dir',
      extDir,
      '--disable-telemetry',
      '--install-extension',
      vsix,
      '--force',
    ],
    { encoding: 'utf8', timeout: 120000, env: { ...process.env, ...isolatedEnv(run), EXTENSIONS_GALLERY: '{}' } },
  );
  if (r.status !== 0) throw new Error(`--install-extension ${vsix} failed: ${r.stderr || r.stdout}`);
  log(`installed ${path.basename(vsix)}: ${r.stdout.trim().split('\n').pop()}`);
}

/** The workbench payload that loads the extension: none for an installed .vsix, else the dev path. */
export function extensionPayload() {
  return process.env.FLOE_E2E_VSIX ? [] : [['extensionDevelopmentPath', EXTENSION]];
}

/** `env`: more environment for code-server and its extension host (e.g. FLOE_TEST_INDEX_DELAY_MS). */
export async function startCodeServer({ bin, run, settings, log, trust = false, env: extraEnv = {} }) {
  if (!fs.existsSync(bin)) throw new Error(`${bin} not found: run bash test/e2e/install.sh first`);
  const ud = path.join(run, 'code-user-data');
  const extDir = path.join(run, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'git.enabled': false,
        'window.restoreWindows': 'none',
        'chat.commandCenter.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
        ...settings,
      },
      null,
      2,
    ),
  );
  const env = isolatedEnv(run);
  const port = await freePort();
  const server = spawn(
    bin,
    [
      '--config',
      path.join(run, 'config.yaml'),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(trust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir',
      ud,
      '--extensions-dir',
      extDir,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, ...extraEnv, EXTENSIONS_GALLERY: '{}' } },
  );
  const slog = fs.createWriteStream(path.join(run, 'code-server.log'));
  server.stdout.pipe(slog);
  server.stderr.pipe(slog);
  log(`code-server ${bin} pid ${server.pid} on 127.0.0.1:${port}`);
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* gone */
      } // this run's own process group only
      const t = setTimeout(() => {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(t);
    }
    slog.end();
  };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, machine.scaled(60000));
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, server, stop, userData: ud };
}

export function isolatedEnv(run) {
  return { XDG_CONFIG_HOME: path.join(run, 'xdg-config'), XDG_DATA_HOME: path.join(run, 'xdg-data'), XDG_CACHE_HOME: path.join(run, 'xdg-cache') };
}

/** Headless chromium with the 127.0.0.1 fence; `blocked` collects anything it stopped. */
export async function launchBrowser(run) {
  const context = await chromium.launchPersistentContext(path.join(run, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    timeout: machine.scaled(60000),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, ...isolatedEnv(run) },
  });
  // Actions with no budget of their own (clicks, reads) wait this long, scaled to the machine.
  context.setDefaultTimeout(machine.scaled(20000));
  const blocked = [];
  await context.route(
    (u) => u.hostname !== '127.0.0.1',
    (r) => {
      blocked.push(r.request().url());
      return r.abort('blockedbyclient');
    },
  );
  return { context, blocked };
}

/**
 * Workbench URL; the payload carries extensionDevelopmentPath (and extensionTestsPath). A target
 * ending in `.code-workspace` opens that (multi-root) workspace, anything else a folder.
 */
export function workbenchUrl(port, workspace, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const pl = payload.map(([k, v]) => [k, remote(v)]);
  const open = workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `http://127.0.0.1:${port}/?${open}=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(pl))}`;
}

/** Build dist/ unless told not to (the runner of all tests builds first). */
export function ensureBuilt(log) {
  if (!process.env.FLOE_E2E_NO_BUILD) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) log(`node esbuild.mjs failed (using the dist/ that exists):\n${(r.stderr || r.stdout).slice(0, 2000)}`);
  }
  if (process.env.FLOE_E2E_VSIX) return;
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(EXTENSION, f))) throw new Error(`${path.join(EXTENSION, f)} is missing: run node esbuild.mjs`);
  }
}
