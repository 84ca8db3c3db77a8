// A large folder's first analysis is shared with a worker thread: what it publishes is what the
// folder's files say, open documents included (an edit made while the worker runs makes its results
// stale: they are dropped, never shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../bench/generate';
import { LspClient, uri } from './harness';

test("a large folder analysed with a worker thread shows the open documents' text, not the disk's", async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-lsp-first-')));
  const gen = generateWorkspace(root, { packages: 240, seed: 11 });
  const c = new LspClient();
  try {
    const onDisk = gen.pluginFiles[50];
    fs.writeFileSync(onDisk, fs.readFileSync(onDisk, 'utf8').replace('floe_api_version = "1.0"', 'floe_api_version = "2.0"'));
    const open = gen.pluginFiles[200];
    const text = fs.readFileSync(open, 'utf8');
    await c.initialize([root], {}, { trace: true, jobs: 2 });
    // Opened (with a problem the disk does not have) while the first analysis runs.
    c.open(open, text.replace('floe_api_version = "1.0"', 'floe_api_version = "3.0"'), 'python');
    await c.ready(0, 60000);
    const d = await c.waitDiagnostics(open, (x) => x.some((y) => y.code === 'api-incompatible'), 60000);
    assert.match(d[0].message, /requires API v3\.0/);
    const disk = await c.waitDiagnostics(onDisk, (x) => x.length > 0, 60000);
    assert.deepEqual(
      disk.map((x) => x.code),
      ['api-incompatible'],
    );
    // Nothing else has a problem.
    const others = [...c.diagnostics.entries()].filter(([u, x]) => x.length && u !== uri(open) && u !== uri(onDisk));
    assert.deepEqual(others, []);
    assert.ok(
      c.logs().some((l) => /first analysis of .*: 240 packages, 0 taken from the cache, \d+ checked here, \d+ in a worker thread/.test(l)) ||
        c.logs().some((l) => /^\[floe\] stopped /.test(l)),
      c.logs().join('\n'),
    );
  } finally {
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a folder opened again takes the package checks kept by the last session, and shows what the files say after a change made in between', async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-lsp-kept-')));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-lsp-kept-cache-'));
  const gen = generateWorkspace(root, { packages: 30, seed: 12 });
  const session = async (kept: boolean, expectTaken: (n: number) => boolean) => {
    const c = new LspClient();
    try {
      await c.initialize([root], {}, { trace: true, jobs: 1, ...(kept ? { cacheDir } : {}) });
      await c.ready(0, 60000);
      if (kept) {
        const line = c.logs().find((l) => /first analysis of .*: 30 packages, \d+ taken from the cache/.test(l)) ?? '';
        const taken = Number(/(\d+) taken from the cache/.exec(line)?.[1] ?? -1);
        assert.ok(expectTaken(taken), `${taken} taken: ${c.logs().join('\n')}`);
      }
      return new Map([...c.diagnostics].filter(([, d]) => d.length).map(([u, d]) => [u, d.map((x) => `${x.code}@${x.range.start.line}:${x.message}`).sort()]));
    } finally {
      await c.stop();
    }
  };
  try {
    const first = await session(true, (n) => n === 0);
    assert.deepEqual([...first], [], 'the generated folder has no problem');
    const again = await session(true, (n) => n === 30);
    assert.deepEqual([...again], []);
    // Changed between sessions: that package is checked afresh, the others are taken.
    const edited = gen.pluginFiles[7];
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('floe_api_version = "1.0"', 'floe_api_version = "2.0"'));
    const after = await session(true, (n) => n === 29);
    assert.match(after.get(uri(edited))?.[0] ?? '', /^api-incompatible@/);
    assert.deepEqual([...after].sort(), [...(await session(false, () => true))].sort(), 'what a session without kept checks shows');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
