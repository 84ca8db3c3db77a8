// Package checks kept between runs must give exactly the analysis a run without them gives: after
// every kind of change (a module a plugin imports, a package that comes to shadow a module, a file
// deleted and put back, an abstract method added to floe-core, a broken file, an entry point
// renamed) a run with the cache equals a fresh one, the packages a change does not touch are taken
// from the cache, and a file whose time changed but not its text is still a hit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FloeWorkspace } from '../../../server/src/engine/analysis/floeWorkspace';
import { prefetchWithWorker } from '../../../server/src/engine/analysis/parallel';
import { CachedFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import { isTainted } from '../../../server/src/engine/fsTrace';
import type { AnalysisResult } from '../../../server/src/engine/model';
import { main } from '../../../server/src/cli/main';
import { PLATFORM_WS, REPO } from './floeFixture';

function workspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cache-ws-')));
  fs.cpSync(PLATFORM_WS, root, { recursive: true });
  const pkg = (name: string, files: Record<string, string>, entry: string) => {
    const dir = path.join(root, 'plugins', `floe-${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      `[project]\nname = "floe-${name}"\nversion = "0.1.0"\n\n[project.entry-points."floe.computes"]\n${name} = "${entry}"\n`,
    );
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'src', rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', rel), text);
    }
  };
  const methods =
    '    def generate_dbt_profile(self, *args):\n        return {}\n\n    def validate_connection(self, *args):\n        return True\n\n    def health_check(self, timeout=None):\n        return None\n';
  pkg(
    'based',
    {
      'floe_based/__init__.py': '',
      'floe_based/base.py': `from floe_core.plugins import ComputePlugin\n\n\nclass Base(ComputePlugin):\n    version = "1.0.0"\n    floe_api_version = "1.0"\n${methods}`,
      'floe_based/plugin.py': 'from floe_based.base import Base\n\n\nclass Plugin(Base):\n    name = "based"\n',
    },
    'floe_based.plugin:Plugin',
  );
  pkg(
    'configured',
    {
      'floe_configured/__init__.py': '',
      'floe_configured/config.py': 'from pydantic import BaseModel\n\n\nclass Config(BaseModel):\n    threads: int = 4\n',
      'floe_configured/plugin.py':
        'from floe_core.plugins import ComputePlugin\nfrom floe_configured.config import Config\n\n\nclass Plugin(ComputePlugin):\n' +
        `    name = "configured"\n    version = "0.2.0"\n    floe_api_version = "1.0"\n\n    def get_config_schema(self):\n        return Config\n\n${methods}`,
    },
    'floe_configured.plugin:Plugin',
  );
  pkg(
    'exported',
    {
      'floe_exported/__init__.py': 'from floe_exported.impl import Plugin\n\n__all__ = ["Plugin"]\n',
      'floe_exported/impl.py': `from floe_core.plugins import ComputePlugin\n\n\nclass Plugin(ComputePlugin):\n    name = "exported"\n    version = "0.3.0"\n    floe_api_version = "1.0"\n${methods}`,
    },
    'floe_exported:Plugin',
  );
  fs.mkdirSync(path.join(root, 'platform'));
  fs.writeFileSync(
    path.join(root, 'platform', 'manifest.yaml'),
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: cache, version: 1.0.0, owner: cache@floe.dev}\nplugins:\n  compute:\n    type: configured\n    config: {threads: 8}\n',
  );
  return root;
}

type Reuse = 'all' | 'some' | 'none';

/** Changes of every kind, in turn, each with how much of the last run's checks it leaves reusable. */
function changes(root: string): Array<[string, () => void, Reuse]> {
  const src = (pkg: string, rel: string) => path.join(root, 'plugins', `floe-${pkg}`, 'src', rel);
  const compute = path.join(root, 'packages', 'floe-core', 'src', 'floe_core', 'plugins', 'compute.py');
  const manifest = path.join(root, 'platform', 'manifest.yaml');
  const originals = new Map<string, string | undefined>();
  const write = (f: string, text: string) => {
    if (!originals.has(f)) originals.set(f, fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };
  const restore = (f: string) => {
    const t = originals.get(f);
    if (t === undefined) fs.rmSync(f, { force: true });
    else fs.writeFileSync(f, t);
  };
  const edit = (f: string, from: string, to: string) => {
    const t = fs.readFileSync(f, 'utf8');
    assert.ok(t.includes(from), `${f} holds ${from}`);
    write(f, t.replace(from, to));
  };
  return [
    ['nothing kept yet', () => {}, 'none'],
    ['no change', () => {}, 'all'],
    ['a file touched, its text the same', () => fs.utimesSync(src('based', 'floe_based/base.py'), new Date(), new Date(Date.now() + 5000)), 'all'],
    ['a base class in another module of the package', () => edit(src('based', 'floe_based/base.py'), 'version = "1.0.0"', 'version = "1.0.0-bad"'), 'some'],
    ['the same base class put back', () => restore(src('based', 'floe_based/base.py')), 'some'],
    [
      'a package created that shadows the plugin module',
      () => write(src('configured', 'floe_configured/plugin/__init__.py'), 'class Plugin:\n    name = "shadow"\n'),
      'some',
    ],
    ['the shadowing package removed', () => fs.rmSync(path.dirname(src('configured', 'floe_configured/plugin/__init__.py')), { recursive: true }), 'some'],
    [
      'the module a package re-exports from deleted',
      () => fs.renameSync(src('exported', 'floe_exported/impl.py'), src('exported', 'floe_exported/impl.moved')),
      'some',
    ],
    ['that module put back', () => fs.renameSync(src('exported', 'floe_exported/impl.moved'), src('exported', 'floe_exported/impl.py')), 'some'],
    [
      'a syntax error in a plugin module',
      () => edit(src('configured', 'floe_configured/plugin.py'), 'class Plugin(ComputePlugin):', 'class Plugin(ComputePlugin:'),
      'some',
    ],
    ['the syntax error fixed', () => restore(src('configured', 'floe_configured/plugin.py')), 'some'],
    [
      'a field of the config model the manifest selects',
      () => edit(src('configured', 'floe_configured/config.py'), 'threads: int = 4', 'threads: bool = True'),
      'all',
    ],
    ['the config model put back', () => restore(src('configured', 'floe_configured/config.py')), 'all'],
    ['a config value in the manifest', () => edit(manifest, 'threads: 8', 'threads: many'), 'all'],
    ['the manifest put back', () => restore(manifest), 'all'],
    ['an entry point renamed to a missing class', () => edit(path.join(root, 'plugins', 'floe-based', 'pyproject.toml'), ':Plugin"', ':Plugn"'), 'some'],
    ['the entry point put back', () => restore(path.join(root, 'plugins', 'floe-based', 'pyproject.toml')), 'some'],
    [
      'an abstract method added to a floe-core ABC',
      () =>
        edit(
          compute,
          '    @abstractmethod\n    def validate_connection',
          '    @abstractmethod\n    def new_duty(self) -> None: ...\n\n    @abstractmethod\n    def validate_connection',
        ),
      'none',
    ],
    ['the ABC put back', () => restore(compute), 'none'],
    ['no change again', () => {}, 'all'],
  ];
}

/** What a check reports, as plain data to compare. */
function summary(r: AnalysisResult): unknown {
  return {
    diagnostics: r.diagnostics,
    plugins: r.plugins.map((p) => [p.id, p.state, p.name, p.version, p.compatibility, p.bases, p.configSchema?.className, p.configSchema?.file]),
    order: r.order,
    manifests: r.manifests.map((m) => m.file),
  };
}

async function cachedRun(root: string, cacheDir: string): Promise<{ r: AnalysisResult; hits: number; misses: number; packages: number }> {
  const ws = new FloeWorkspace(root);
  const stats = await prefetchWithWorker(ws, undefined, { cacheDir });
  return { r: ws.analyze(), hits: stats.cache?.hits ?? -1, misses: stats.cache?.misses ?? -1, packages: stats.packages };
}

test('a run with kept package checks gives what a fresh run gives after every kind of change, and reuses what a change does not touch', async () => {
  const root = workspace();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cache-dir-'));
  try {
    let differentAnswers = 0;
    let before: unknown;
    for (const [what, change, reuse] of changes(root)) {
      change();
      const fresh = new FloeWorkspace(root).analyze();
      const cached = await cachedRun(root, cacheDir);
      assert.deepEqual(summary(cached.r), summary(fresh), what);
      assert.ok(cached.packages > 5, 'the workspace has packages');
      assert.equal(cached.hits + cached.misses, cached.packages, what);
      if (reuse === 'all') assert.equal(cached.hits, cached.packages, `${what}: every package taken from the cache`);
      if (reuse === 'none') assert.equal(cached.hits, 0, `${what}: nothing taken from the cache`);
      if (reuse === 'some') assert.ok(cached.hits > 0 && cached.misses > 0 && cached.misses <= 2, `${what}: ${cached.hits} hits, ${cached.misses} misses`);
      const now = JSON.stringify(summary(fresh));
      if (before !== undefined && now !== before) differentAnswers++;
      before = now;
    }
    // The changes changed what the check says (else comparing with a fresh run proves nothing).
    assert.ok(differentAnswers >= 10, `${differentAnswers} steps changed the answer`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test("the command line's kept report is what a run without the cache prints, after every kind of change; it is reused only when nothing it read changed", async () => {
  const root = workspace();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cache-report-'));
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', root, '--jobs', '1', ...args], { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const trace = process.env.FLOE_CLI_TRACE;
  process.env.FLOE_CLI_TRACE = '1';
  try {
    let reused = 0;
    for (const [what, change, reuse] of changes(root)) {
      change();
      for (const format of ['text', 'json']) {
        const plain = await cli('--format', format, '--no-cache');
        const kept = await cli('--format', format, '--cache-dir', cacheDir);
        assert.equal(kept.out, plain.out, `${what} (${format})`);
        assert.equal(kept.code, plain.code, `${what} (${format})`);
        const taken = /the report of the run before/.test(kept.err);
        // The first run of a format after a change cannot take a report; an unchanged folder's does.
        if (format === 'text') assert.equal(taken, reuse === 'all' && what !== 'nothing kept yet' && !/config|manifest/.test(what), `${what}: ${kept.err}`);
        if (taken) reused++;
      }
    }
    assert.ok(reused >= 4, `${reused} reports reused`);
  } finally {
    if (trace === undefined) delete process.env.FLOE_CLI_TRACE;
    else process.env.FLOE_CLI_TRACE = trace;
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('the command line takes the kept report or kept checks on later runs, prints what it prints without them, and survives a damaged cache file', () => {
  const root = workspace();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-cache-cli-'));
  try {
    const bin = path.join(REPO, 'bin', 'floe-plugins.js');
    const run = (format: string, ...args: string[]) =>
      spawnSync(process.execPath, [bin, 'check', root, '--format', format, ...args], { encoding: 'utf8', env: { ...process.env, FLOE_CLI_TRACE: '1' } });
    const plain = run('json', '--no-cache', '--jobs', '1');
    assert.equal(plain.stderr, '', 'no cache: nothing about one');
    const plainText = run('text', '--no-cache', '--jobs', '1');
    const first = run('json', '--cache-dir', cacheDir);
    const second = run('json', '--cache-dir', cacheDir);
    // Another report of the same folder: no report kept for it, but every package's checks are.
    const text = run('text', '--cache-dir', cacheDir);
    const files = fs.readdirSync(cacheDir);
    assert.equal(files.length, 1, 'one cache file for the folder');
    fs.writeFileSync(path.join(cacheDir, files[0]), 'not a cache');
    const damaged = run('json', '--cache-dir', cacheDir);
    for (const r of [first, second, damaged]) {
      assert.equal(r.status, plain.status);
      assert.equal(r.stdout, plain.stdout);
    }
    assert.equal(text.stdout, plainText.stdout);
    const taken = (s: string) => Number(/(\d+) taken from the cache/.exec(s)?.[1] ?? -1);
    const packages = Number(/floe-plugins: (\d+) packages/.exec(first.stderr)?.[1] ?? 0);
    assert.ok(packages > 5, first.stderr);
    assert.equal(taken(first.stderr), 0, first.stderr);
    assert.match(second.stderr, /the report of the run before/);
    assert.equal(taken(text.stderr), packages, text.stderr);
    assert.equal(taken(damaged.stderr), 0, damaged.stderr);
    assert.ok(
      fs.readdirSync(root).every((n) => !/cache/i.test(n)),
      'nothing is written into the workspace',
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('a trace records what was read and is tainted by a change in the middle of it, a text read twice differently, or a result made before it', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-trace-')));
  try {
    const a = path.join(dir, 'a.py');
    fs.writeFileSync(a, 'x = 1\n');
    const cfs = new CachedFileSystem(new NodeFileSystem());
    // A stamp asked before the text is read is resolved when the trace ends.
    cfs.tracer.begin();
    cfs.stamp(a);
    cfs.readFile(a);
    cfs.kind(path.join(dir, 'missing.py'));
    let t = cfs.tracer.end();
    assert.equal(isTainted(t), false);
    assert.equal(t.get('k' + path.join(dir, 'missing.py')), '-');
    assert.match(t.get('r' + a) ?? '', /^[A-Za-z0-9+/=]{28}$/);
    // A change forgotten while a trace runs.
    cfs.tracer.begin();
    cfs.readFile(a);
    cfs.forget([a]);
    assert.equal(isTainted(cfs.tracer.end()), true);
    // Two reads of one path giving different texts.
    cfs.tracer.begin();
    cfs.readFile(a);
    fs.writeFileSync(a, 'x = 2\n');
    cfs.readFile(a);
    assert.equal(isTainted(cfs.tracer.end()), true);
    // A stamp whose text was never read (its facts were made before any trace).
    const b = path.join(dir, 'b.py');
    fs.writeFileSync(b, 'y = 1\n');
    cfs.tracer.begin();
    cfs.stamp(b);
    assert.equal(isTainted(cfs.tracer.end()), true);
    // A nested trace's questions count for the one around it.
    cfs.tracer.begin();
    cfs.tracer.begin();
    cfs.stat(b);
    cfs.tracer.end();
    t = cfs.tracer.end();
    assert.ok(t.has('s' + b));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
