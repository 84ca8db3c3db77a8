// The npm package as users get it: `npm pack`, the tarball installed into an empty folder, then
// `npx floe-plugins check` and the installed `floe-language-server --stdio` (initialize, then the
// diagnostics of a fixture workspace) run from there. The package has no runtime dependencies, so
// the install needs no registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixture, LspClient } from '../lsp/harness';
import { scaled } from '../lib/machine';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

test('npm pack → install into an empty folder → floe-plugins check and floe-language-server work from there', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-pack-'));
  const env = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  let c: LspClient | undefined;
  try {
    const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', env, timeout: scaled(300_000) });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = info.files.map((f) => f.path).sort();
    for (const f of [
      'bin/floe-language-server.js',
      'bin/floe-plugins.js',
      'dist/cli.js',
      'dist/server.js',
      'server/python/floe_runner.py',
      'server/python/floe_verify.py',
      'server/python/floe_pytest_report.py',
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'package.json',
      'package.nls.json',
      'l10n/bundle.l10n.json',
    ]) {
      assert.ok(shipped.includes(f), `${f} is not in the package: ${shipped.join(', ')}`);
    }
    assert.ok(
      !shipped.some((f) => /^(test|client|server\/src|node_modules)\//.test(f) || f.endsWith('.map')),
      `sources or tests shipped: ${shipped.join(', ')}`,
    );

    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    const install = spawnSync('npm', ['install', '--no-save', path.join(work, info.filename)], { cwd: app, encoding: 'utf8', env, timeout: scaled(300_000) });
    assert.equal(install.status, 0, install.stderr);

    const root = copyFixture('basic');
    const check = spawnSync('npx', ['--no-install', 'floe-plugins', 'check', root], { cwd: app, encoding: 'utf8', env, timeout: scaled(120_000) });
    assert.equal(check.status, 1, check.stderr); // the fixture has errors
    assert.match(check.stdout, /^packages\/floe-typo\/pyproject\.toml:5:23 error unknown-group /m);

    c = new LspClient(['--stdio'], { command: path.join(app, 'node_modules', '.bin', 'floe-language-server') });
    const init = await c.initialize([root]);
    assert.equal(init.serverInfo?.name, 'floe-language-server');
    await c.waitDiagnostics(path.join(root, 'packages/floe-typo/pyproject.toml'), (d) => d.some((x) => x.code === 'unknown-group'), 30_000);
    await c.waitDiagnostics(path.join(root, 'platform/manifest.yaml'), (d) => d.some((x) => x.code === 'unknown-plugin'), 30_000);
  } finally {
    await c?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('the .vsix holds the licence, the changelog, the localisation files and the bundles, and no sources or tests', () => {
  const vsce = path.join(REPO, 'node_modules', '.bin', 'vsce');
  const ls = spawnSync(vsce, ['ls'], { cwd: REPO, encoding: 'utf8', timeout: scaled(120_000) });
  assert.equal(ls.status, 0, ls.stderr);
  const listed = ls.stdout.split('\n').filter(Boolean);
  for (const f of [
    'LICENSE',
    'CHANGELOG.md',
    'README.md',
    'package.json',
    'package.nls.json',
    'l10n/bundle.l10n.json',
    'dist/extension.js',
    'dist/server.js',
  ]) {
    assert.ok(listed.includes(f), `${f} is not in the .vsix: ${listed.join(', ')}`);
  }
  assert.ok(!listed.some((f) => /^(test|client\/src|server\/src|node_modules)\//.test(f)), `sources or tests in the .vsix: ${listed.join(', ')}`);
});
