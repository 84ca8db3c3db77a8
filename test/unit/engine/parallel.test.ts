// A workspace checked on two threads must give exactly what one thread gives: the package checks
// one workspace makes (checkPackages) pass through structured cloning, as between threads, into
// another (seedPackages), and its analysis equals a fresh one's; the command line with a worker
// thread prints what it prints with --jobs 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FloeWorkspace } from '../../../server/src/engine/analysis/floeWorkspace';
import { generateWorkspace } from '../../bench/generate';

const repo = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');

/** A generated workspace with problems of every kind the package checks make. */
function workspace(packages: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-parallel-')));
  generateWorkspace(root, { packages, seed: 5 });
  const edit = (rel: string, from: string, to: string) => {
    const f = path.join(root, 'packages', rel);
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(from, to));
  };
  edit('floe-p3/src/floe_p3/plugin.py', 'floe_api_version = "1.0"', 'floe_api_version = "2.0"');
  edit('floe-p7/src/floe_p7/plugin.py', 'dependencies = []', 'dependencies = ["nope"]');
  edit('floe-p9/src/floe_p9/plugin.py', 'VERSION = "0.1.9"', 'VERSION = "0.1.9"\ndef broken(:');
  edit('floe-p20/pyproject.toml', 'P20Plugin"', 'P20Plugn"');
  edit('floe-p21/pyproject.toml', '[project]', '[project]\nx = [');
  edit('floe-p30/src/floe_p30/config.py', 'threads: int', 'threads: "int"');
  return root;
}

test('package checks made by one workspace and taken by another give the analysis a fresh workspace gives', () => {
  const root = workspace(40);
  try {
    const fresh = new FloeWorkspace(root).analyze();
    const main = new FloeWorkspace(root);
    const { pyprojects, floeCore } = main.prepare();
    const other = new FloeWorkspace(root);
    // Every other package checked by the other workspace, the rest here.
    const theirs = pyprojects.filter((_, i) => i % 2 === 1);
    const share = structuredClone(other.checkPackages(theirs, floeCore));
    assert.equal(share.pyprojects.length, theirs.length);
    main.checkPackages(
      pyprojects.filter((_, i) => i % 2 === 0),
      floeCore,
    );
    main.seedPackages(share);
    const r = main.analyze();
    assert.deepEqual(r.diagnostics, fresh.diagnostics);
    assert.deepEqual(
      r.plugins.map((p) => [p.id, p.state, p.compatibility, p.configSchema?.className, p.configSchema?.file, p.configSchema?.line]),
      fresh.plugins.map((p) => [p.id, p.state, p.compatibility, p.configSchema?.className, p.configSchema?.file, p.configSchema?.line]),
    );
    assert.deepEqual(r.order, fresh.order);
    assert.ok(r.diagnostics.some((d) => d.code === 'python-syntax') && r.diagnostics.some((d) => d.code === 'missing-dependency'), 'the problems are there');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the command line checks a large workspace with a worker thread and prints what one thread prints', () => {
  const root = workspace(240);
  try {
    const bin = path.join(repo, 'bin', 'floe-plugins.js');
    // No kept cache: every package is checked, by one thread or two.
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args, '--no-cache'], { encoding: 'utf8', env: { ...process.env, FLOE_CLI_TRACE: '1' } });
    for (const format of ['text', 'json']) {
      const one = run('check', root, '--format', format, '--jobs', '1');
      const two = run('check', root, '--format', format, '--jobs', '2');
      assert.equal(two.status, 1);
      assert.equal(two.stdout, one.stdout, format);
      assert.equal(one.stderr, '');
      const m = /floe-plugins: 240 packages, 0 taken from the cache, (\d+) checked in the main thread, (\d+) in a worker thread/.exec(two.stderr);
      assert.ok(m, two.stderr);
      // The worker takes what it can once it has started; the main thread checks the rest.
      assert.ok(Number(m[1]) + Number(m[2]) <= 240);
    }
    const list = [run('list', root, '--format', 'json', '--jobs', '1'), run('list', root, '--format', 'json', '--jobs', '2')];
    assert.equal(list[1].stdout, list[0].stdout);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
