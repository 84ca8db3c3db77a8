// Faults under the engine and the health runner: files deleted or renamed between the walk and the
// analysis, files that vanish while being read, a missing or broken Python interpreter, a runner
// that is killed. Each gives a clear message; the rest keeps working; nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem, NodeFileSystem, type FileSystem } from '../../server/src/engine/fs';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { runHealthChecks, validateInterpreterAsync } from '../../server/src/engine/health/runner';
import type { HealthTarget } from '../../server/src/engine/health/types';
import { copyFixture, FIXTURE, fixtureFiles, intactProblem, resultProblems, tempDir, VICTIMS } from './lib/fixture';

const codesOf = (ds: Array<{ code: string }>) => ds.map((d) => d.code).sort();

test('a plugin module deleted between walk and analysis: unresolved-module on the entry point, neighbours intact', () => {
  const root = copyFixture('delete');
  try {
    const ws = new FloeWorkspace(root);
    const before = ws.analyze();
    assert.equal(before.plugins.length, 5);
    const victim = path.join(root, VICTIMS.plugin);
    fs.rmSync(victim);
    ws.invalidate([victim]);
    const after = ws.analyze();
    assert.equal(intactProblem(after, root), undefined);
    assert.deepEqual(
      resultProblems(after, (f) => new NodeFileSystem().readFile(f)),
      [],
    );
    const pyproject = path.join(root, VICTIMS.pyproject);
    const unresolved = after.diagnostics.filter((d) => d.file === pyproject && d.code === 'unresolved-module');
    assert.deepEqual(
      unresolved.map((d) => d.range.start.line),
      [7, 8, 11],
      JSON.stringify(after.diagnostics.filter((d) => d.file === pyproject)),
    );
    assert.match(unresolved[0].message, /floe_victim\.plugin/);
    assert.equal(
      after.diagnostics.some((d) => d.file === victim),
      false,
      'nothing is reported on the deleted file',
    );

    // Put back: the same result as before.
    fs.writeFileSync(victim, fs.readFileSync(path.join(FIXTURE, VICTIMS.plugin)));
    ws.invalidate([victim]);
    assert.deepEqual(codesOf(ws.analyze().diagnostics), codesOf(before.diagnostics));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a package folder renamed and a pyproject deleted between analyses: its plugins go, the rest stays', () => {
  const root = copyFixture('rename');
  try {
    const ws = new FloeWorkspace(root);
    ws.analyze();
    const from = path.join(root, 'packages/floe-victim');
    const to = path.join(root, 'packages/floe-victim-renamed');
    fs.renameSync(from, to);
    ws.invalidate([path.join(from, 'pyproject.toml'), path.join(to, 'pyproject.toml'), path.join(root, VICTIMS.plugin)]);
    const renamed = ws.analyze();
    assert.deepEqual(renamed.plugins.map((p) => p.entryPoint).sort(), ['helper', 'inst', 'intact', 'victim', 'victim-orch']);
    assert.ok(
      renamed.plugins.every((p) => !p.decl.file.startsWith(from + path.sep)),
      'no plugin is declared in the old folder',
    );
    assert.equal(
      renamed.diagnostics.some((d) => d.file.startsWith(from + path.sep)),
      false,
    );

    fs.rmSync(path.join(to, 'pyproject.toml'));
    ws.invalidate([path.join(to, 'pyproject.toml')]);
    const gone = ws.analyze();
    assert.deepEqual(gone.plugins.map((p) => p.entryPoint).sort(), ['inst', 'intact']);
    assert.equal(intactProblem(gone, root), undefined);
    // The manifest now names a plugin that no longer exists.
    assert.ok(gone.diagnostics.some((d) => d.code === 'unknown-plugin' && d.file.endsWith('manifest.yaml') && /victim/.test(d.message)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a package folder deleted and invalidated as one path (the folder): its plugins and diagnostics go', () => {
  // Watchers report `rm -rf pkg` as one event for the folder; invalidate() gets the folder's path.
  const root = copyFixture('rmdir');
  try {
    const ws = new FloeWorkspace(root);
    ws.analyze();
    const dir = path.join(root, 'packages/floe-victim');
    fs.rmSync(dir, { recursive: true, force: true });
    ws.invalidate([dir]);
    const r = ws.analyze();
    assert.deepEqual(r.plugins.map((p) => p.entryPoint).sort(), ['inst', 'intact']);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.file.startsWith(dir + path.sep)).map((d) => `${path.relative(root, d.file)} ${d.code}`),
      [],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** A file system on which some files are listed and stat'ed but vanish when read (deleted mid-read). */
class VanishingFileSystem implements FileSystem {
  constructor(
    private readonly base: FileSystem,
    private readonly gone: Set<string>,
  ) {}
  readFile(p: string) {
    return this.gone.has(p) ? undefined : this.base.readFile(p);
  }
  stat(p: string) {
    return this.base.stat(p);
  }
  readDir(p: string) {
    return this.base.readDir(p);
  }
  realpath(p: string) {
    return this.base.realpath(p);
  }
  stamp(p: string) {
    return this.base.stamp(p);
  }
}

test('every file of the workspace vanishing while being read (listed, but unreadable) is survived', () => {
  const ROOT = '/vanish/ws';
  const files = fixtureFiles(ROOT);
  const failures: string[] = [];
  for (const f of Object.keys(files)) {
    const mem = new MemoryFileSystem(files);
    try {
      const r = new FloeWorkspace(ROOT, {}, new VanishingFileSystem(mem, new Set([f]))).analyze();
      const problems = resultProblems(r, (x) => mem.readFile(x));
      if (!f.includes('floe-intact')) {
        const p = intactProblem(r, ROOT);
        if (p) problems.push(p);
      }
      if (problems.length) failures.push(`${f}: ${problems.join('; ')}`);
    } catch (e) {
      failures.push(`${f}: threw ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`);
    }
  }
  // And all at once: nothing readable at all.
  const mem = new MemoryFileSystem(files);
  const none = new FloeWorkspace(ROOT, {}, new VanishingFileSystem(mem, new Set(Object.keys(files)))).analyze();
  assert.deepEqual(none.plugins, []);
  console.log(`vanishing files: ${Object.keys(files).length + 1} cases, ${failures.length} failures`);
  assert.deepEqual(failures, []);
});

// ---- the health runner with a missing or broken interpreter ----------------------------------

function target(root: string): HealthTarget {
  return {
    pluginId: 'floe.computes:victim@packages/floe-victim/pyproject.toml',
    group: 'floe.computes',
    entryPoint: 'victim',
    name: 'victim',
    target: 'floe_victim.plugin:VictimPlugin',
    importRoots: [path.join(root, 'packages/floe-victim/src')],
  };
}

function script(dir: string, name: string, body: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return f;
}

test('health checks with a missing, broken or killed interpreter give a clear unhealthy result, never a throw', async () => {
  const root = copyFixture('health');
  const bin = tempDir('pythons');
  try {
    const cases: Array<[string, string, RegExp]> = [
      ['missing', '/nonexistent/python3', /nonexistent|not found|ENOENT|could not start|cannot run/i],
      ['exits at once', script(bin, 'exit3', 'exit 3'), /exit|code 3|ended|stopped|without/i],
      ['prints garbage', script(bin, 'garbage', 'echo "{not json"; echo "\\0\\377"; exit 0'), /./],
      ['killed', script(bin, 'killed', 'kill -9 $$'), /kill|signal|SIGKILL|ended|stopped/i],
      ['not executable', (fs.writeFileSync(path.join(bin, 'plain'), 'x'), path.join(bin, 'plain')), /./],
      ['a folder', bin, /./],
    ];
    for (const [label, python, re] of cases) {
      const seen: string[] = [];
      const results = await runHealthChecks([target(root)], { python, healthTimeoutMs: 5000, hookTimeoutMs: 5000, onResult: (r) => seen.push(r.state) });
      assert.equal(results.length, 1, label);
      const r = results[0];
      assert.equal(r.state, 'unhealthy', `${label}: ${JSON.stringify(r)}`);
      assert.ok(r.message && r.message.length > 5, `${label}: message ${JSON.stringify(r.message)}`);
      assert.match(r.message, re, label);
      assert.deepEqual(seen, ['unhealthy'], `${label}: the result was streamed once`);
      console.log(`health with ${label} interpreter: ${r.message}`);
      const v = await validateInterpreterAsync(python);
      assert.equal(v.ok, false, `${label}: validateInterpreter says no`);
      if (!v.ok) assert.ok(v.error.length > 5, `${label}: ${v.error}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(bin, { recursive: true, force: true });
  }
});
