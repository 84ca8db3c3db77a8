// The repository's .pre-commit-hooks.yaml with real pre-commit (Debian's package, installed by
// test/e2e/install.sh): in a fixture plugin repository, a commit with a broken entry-point group is
// blocked with the checker's message, and the fixed plugin commits. The hook is installed the way
// pre-commit installs it for users (npm install, npm pack, npm install -g), from a snapshot of this
// working tree; npm prefers its local cache (filled by npm ci) to the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scaled } from '../lib/machine';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: scaled(600_000), env: { ...process.env, ...env } });
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', ['-c', 'user.name=Floe Test', '-c', 'user.email=test@floe.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** This working tree (tracked and new files, not ignored ones) as a one-commit repository. */
function snapshot(dir: string): string {
  const files = run('git', ['ls-files', '-co', '--exclude-standard', '-z'], REPO).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot');
  return git(dir, 'rev-parse', 'HEAD');
}

const PYPROJECT = (group: string) =>
  `[project]\nname = "floe-hooked"\nversion = "0.1.0"\n\n[project.entry-points."${group}"]\nhooked = "floe_hooked.plugin:HookedPlugin"\n`;
const PLUGIN = `from floe_core.plugins import ComputePlugin\n\n\nclass HookedPlugin(ComputePlugin):\n    name = "hooked"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n`;

test('pre-commit: the floe-plugins hook blocks a commit with a broken plugin and lets the fixed one through', () => {
  assert.equal(run('pre-commit', ['--version'], REPO).status, 0, 'pre-commit is not installed: run bash test/e2e/install.sh');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-precommit-'));
  try {
    const hooks = path.join(work, 'hooks-repo');
    fs.mkdirSync(hooks);
    const rev = snapshot(hooks);

    const repo = path.join(work, 'plugin-repo');
    fs.mkdirSync(path.join(repo, 'src', 'floe_hooked'), { recursive: true });
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: floe-plugins\n`);
    fs.writeFileSync(path.join(repo, 'src', 'floe_hooked', '__init__.py'), '');
    fs.writeFileSync(path.join(repo, 'src', 'floe_hooked', 'plugin.py'), PLUGIN);
    fs.writeFileSync(path.join(repo, 'pyproject.toml'), PYPROJECT('floe.computs'));
    const env = { PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
    const install = run('pre-commit', ['install'], repo, env);
    assert.equal(install.status, 0, install.stderr + install.stdout);

    git(repo, 'add', '-A');
    const blocked = run('git', ['-c', 'user.name=Floe Test', '-c', 'user.email=test@floe.invalid', 'commit', '-m', 'broken plugin'], repo, env);
    const said = blocked.stdout + blocked.stderr;
    assert.notEqual(blocked.status, 0, `the commit went through:\n${said}`);
    assert.match(said, /floe-plugins check\.+Failed/);
    assert.match(said, /pyproject\.toml:5:23 error unknown-group Unknown entry-point group 'floe\.computs'/);
    assert.equal(run('git', ['rev-parse', '--verify', 'HEAD'], repo).status, 128, 'no commit was made');

    fs.writeFileSync(path.join(repo, 'pyproject.toml'), PYPROJECT('floe.computes'));
    git(repo, 'add', '-A');
    const passed = run('git', ['-c', 'user.name=Floe Test', '-c', 'user.email=test@floe.invalid', 'commit', '-m', 'fixed plugin'], repo, env);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout + passed.stderr, /floe-plugins check\.+Passed/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
