// Limits and loops: hostile workspaces on disk are analysed in bounded time and heap (each in a
// child process with a deadline and --max-old-space-size) and what was cut is reported. Sizes
// here keep the suite fast; test/bench/hostile.bench.ts runs the full sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaled } from '../lib/machine';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serveWorker } from './lib/bounded';
import { tempDir } from './lib/fixture';
import { aliasBomb, bigPythonBody, deepTree, manyEntryPoints, manyFiles, plugin, symlinkMaze, write } from './lib/hostile';
import { analyzeBounded, type AnalysisSummary } from './lib/jobs';

const LIMITS = { timeoutMs: 20_000, maxOldMb: 384 };

function at(r: AnalysisSummary, file: string, code?: string) {
  return r.diagnostics.filter((d) => d.file === file && (!code || d.code === code));
}

if (!serveWorker()) {
  test('symlink loops and links out of the workspace are not followed, and loops are reported', async () => {
    const root = tempDir('links');
    const outside = tempDir('outside');
    try {
      plugin(root, 'inside');
      symlinkMaze(root, outside);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.deepEqual(
        r.plugins.map((p) => p.name),
        ['inside'],
        'the plugin outside the workspace (behind a link) is not discovered',
      );
      const loops = r.diagnostics.filter((d) => d.code === 'file-skipped' && /loop/.test(d.message));
      assert.deepEqual(loops.map((d) => path.relative(root, d.file)).sort(), ['a/b/to-root', 'a/b/up']);
      assert.match(loops[0].message, /points back to '.*' \(a loop\): not followed/);
      assert.deepEqual(r.problems, []);
      assert.ok(r.ms < scaled(5000), `took ${r.ms} ms`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('files over the size limit are skipped with one message each (pyproject, manifest), the rest is analysed', async () => {
    const root = tempDir('size');
    try {
      plugin(root, 'ok');
      const big = path.join(root, 'packages', 'floe-big', 'pyproject.toml');
      write(big, `[project]\nname = "floe-big"\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
      const manifest = path.join(root, 'platform', 'manifest.yaml');
      write(manifest, `apiVersion: floe.dev/v1\nkind: Manifest\n# ${'y'.repeat(6 * 1024 * 1024)}\n`);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.deepEqual(
        r.plugins.map((p) => p.name),
        ['ok'],
      );
      const bigSkips = at(r, big, 'file-skipped');
      assert.equal(bigSkips.length, 1, JSON.stringify(at(r, big)));
      assert.equal(bigSkips[0].message, 'packages/floe-big/pyproject.toml is 3 MiB, larger than the 2 MiB limit: not read.');
      assert.equal(at(r, big).length, 1, 'nothing else is said about the skipped file');
      const mSkips = at(r, manifest, 'file-skipped');
      assert.equal(mSkips.length, 1, JSON.stringify(at(r, manifest)));
      assert.match(mSkips[0].message, /6\.0 MiB is over the 5 MiB limit/);
      assert.deepEqual(r.problems, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a folder of 20,000 non-package files is walked quickly and changes nothing', async () => {
    const root = tempDir('many');
    try {
      plugin(root, 'lonely');
      manyFiles(root, 20_000);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.deepEqual(
        r.plugins.map((p) => p.name),
        ['lonely'],
      );
      assert.deepEqual(
        r.diagnostics.map((d) => d.code),
        [],
      );
      assert.ok(r.ms < scaled(5000), `took ${r.ms} ms`);
      assert.ok(r.heapMb < 200, `heap ${r.heapMb} MB`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a directory tree deeper than the depth limit is cut with one warning naming the first folder cut', async () => {
    const root = tempDir('deep');
    try {
      plugin(root, 'shallow');
      deepTree(root, 60);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.deepEqual(
        r.plugins.map((p) => p.name),
        ['shallow'],
      );
      const cut = r.diagnostics.filter((d) => d.code === 'file-skipped');
      assert.equal(cut.length, 1, JSON.stringify(cut));
      assert.equal(cut[0].file, root);
      assert.equal(cut[0].severity, 'warning');
      const first = ['deep', ...Array.from({ length: 20 }, (_, i) => `d${i}`)].join('/');
      assert.equal(
        cut[0].message,
        `Workspace discovery was cut short: 1 folder deeper than 20 levels was not searched (first: '${first}'). Exclude large folders with the floePlugins.exclude setting.`,
      );
      assert.ok(r.ms < scaled(5000), `took ${r.ms} ms`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a YAML alias bomb manifest is reported, not expanded', async () => {
    const root = tempDir('bomb');
    try {
      plugin(root, 'bomb');
      const manifest = path.join(root, 'platform', 'manifest.yaml');
      write(manifest, aliasBomb(9));
      const r = await analyzeBounded({ root }, { timeoutMs: 10_000, maxOldMb: 256 });
      const mine = at(r, manifest);
      assert.ok(
        mine.some((d) => d.code === 'manifest-invalid' && /alias bomb/.test(d.message)),
        JSON.stringify(mine),
      );
      assert.ok(r.ms < scaled(3000), `took ${r.ms} ms`);
      assert.deepEqual(r.problems, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a pyproject.toml with 2,000 entry points is analysed in bounded time, each entry point reported', async () => {
    const root = tempDir('eps');
    try {
      const file = manyEntryPoints(root, 2000);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.equal(r.plugins.length, 2001);
      // Every extra entry point registers the same class under another name: one name-mismatch each.
      assert.equal(at(r, file, 'name-mismatch').length, 2000);
      assert.ok(r.ms < scaled(10_000), `took ${r.ms} ms`);
      assert.deepEqual(r.problems, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a 5,000-line plugin module is analysed in bounded time with its metadata read', async () => {
    const root = tempDir('bigpy');
    try {
      const file = plugin(root, 'big', { body: bigPythonBody(5000) });
      const lines = fs.readFileSync(file, 'utf8').split('\n').length;
      assert.ok(lines > 5000);
      const r = await analyzeBounded({ root }, LIMITS);
      assert.deepEqual(
        r.plugins.map((p) => [p.name, p.state]),
        [['big', 'ok']],
      );
      assert.deepEqual(r.diagnostics, []);
      assert.ok(r.ms < scaled(5000), `took ${r.ms} ms`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
