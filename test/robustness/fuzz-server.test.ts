// Fuzzing the running language server over stdio: mutated declarations, Python files and the
// manifest arrive as open-document edits or as raw bytes on disk (invalid UTF-8, NUL bytes,
// enormous lines) with watched-file events; after each, hover / definition / completion /
// codeAction / codeLens and the custom floe/* requests are fired at random positions. Every
// request must be answered, the server must not log a caught exception or die, the intact
// neighbour keeps its diagnostic, and once the files are restored the diagnostics equal the
// first index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uri } from '../lsp/harness';
import { copyFixture, INTACT_EXPECTED, INTACT_PLUGIN, preview, VICTIMS } from './lib/fixture';
import { mutate, Rng, toBytes } from './lib/mutate';
import { crashLogs, fireRequests, writeBytes, type RequestTally } from './lib/serverFuzz';

const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 20240607) + 1;
const MAX_INPUTS = Number(process.env.FLOE_FUZZ_SERVER_INPUTS ?? 250);
const BUDGET_MS = Number(process.env.FLOE_FUZZ_SERVER_MS ?? 20_000);
const MAX_RESTARTS = 2;

const LANG: Record<string, string> = { '.py': 'python', '.toml': 'toml', '.yaml': 'yaml', '.txt': 'plaintext' };
const key = (ds: Diagnostic[] | undefined) => (ds ?? []).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`).sort();

async function start(root: string): Promise<LspClient> {
  const c = new LspClient();
  await c.initialize([root], {}, { debounceMs: 20 });
  await c.ready(0, 30_000);
  return c;
}

function intactOk(c: LspClient, root: string): boolean {
  const ds = c.diagnostics.get(uri(path.join(root, INTACT_PLUGIN))) ?? [];
  return ds.some((d) => d.code === INTACT_EXPECTED.code && JSON.stringify(d.range) === JSON.stringify(INTACT_EXPECTED.range));
}

test('fuzz server: every request is answered while mutated files stream in over stdio and disk', async () => {
  const root = copyFixture('fuzz-server');
  const originals = new Map(Object.values(VICTIMS).map((rel) => [path.join(root, rel), fs.readFileSync(path.join(root, rel))]));
  const victims = [...originals.keys()];
  const rng = new Rng(SEED);
  const tally: RequestTally = { sent: 0, answered: 0, errors: [], unanswered: [] };
  const stuck: string[] = [];
  const crashes: string[] = [];
  const rejections: string[] = [];
  const onRejection = (e: unknown) => rejections.push(String((e as Error)?.stack ?? e));
  process.on('unhandledRejection', onRejection);
  const started = Date.now();
  let tried = 0;
  let restarts = 0;
  let analysed = 0;

  let c = await start(root);
  try {
    await c.waitFor('intact diagnostics', () => intactOk(c, root), 15_000);
    const baseline = new Map(victims.map((f) => [f, key(c.diagnostics.get(uri(f)))]));
    const open = new Set<string>();

    for (let i = 0; i < MAX_INPUTS && Date.now() - started < BUDGET_MS; i++) {
      const file = rng.pick(victims);
      const rel = path.relative(root, file);
      const original = originals.get(file)!.toString('utf8');
      const { text, kinds } = mutate(original, rng, { hugeLine: 50_000, maxNest: 1500 });
      const label = `seed ${SEED} #${i} ${rel} ${kinds.join('+')}`;
      tried++;
      const mark = c.notifications.length;
      const how = rng.next();
      if (how < 0.55) {
        // The editor's view: an open document, changed (overlay only, nothing written).
        if (!open.has(file)) { c.open(file, text, LANG[path.extname(file)] ?? 'plaintext'); open.add(file); }
        else c.change(file, text);
      } else if (how < 0.85) {
        writeBytes(file, toBytes(text, rng));
        c.watched([[file, 2]]);
      } else if (how < 0.93) {
        fs.rmSync(file, { force: true });
        c.watched([[file, 3]]);
      } else if (open.has(file)) {
        c.close(file);
        open.delete(file);
      } else {
        writeBytes(file, originals.get(file)!);
        c.watched([[file, 1]]);
      }

      // Let the analysis pass run on this input: wait for its diagnostics (or the end of a quiet spell
      // when the input changes nothing that is published).
      const published = await c.waitFor('a pass', () => c.notifications.slice(mark).some((n) => n.method === 'textDocument/publishDiagnostics'), 400)
        .then(() => true, () => false);
      if (published) analysed++;
      const before = tally.unanswered.length;
      await fireRequests(c, root, file, text, rng, tally, label);
      crashes.push(...crashLogs(c).filter((m) => !crashes.includes(m)));
      if (c.exited) crashes.push(`server exited after ${label}; stderr: ${c.stderr.join('').slice(-1500)}`);
      if (tally.unanswered.length > before || c.exited) {
        stuck.push(`${label}: ${tally.unanswered.length - before} requests unanswered in 10 s; input ${preview(text, 200)}`);
        if (restarts++ >= MAX_RESTARTS) break;
        // Put the files back and start a new server, so the rest of the run still fuzzes.
        await c.stop();
        for (const [f, b] of originals) writeBytes(f, b);
        open.clear();
        c = await start(root);
      }
      // Sometimes put the file back, so mutations do not pile up in one file.
      if (rng.chance(0.4)) {
        writeBytes(file, originals.get(file)!);
        if (open.has(file)) c.change(file, original); else c.watched([[file, 2]]);
      }
    }

    // Restore everything: the server converges on the first index's diagnostics.
    for (const f of [...open]) { c.change(f, originals.get(f)!.toString('utf8')); c.close(f); }
    for (const [f, b] of originals) writeBytes(f, b);
    c.watched(victims.map((f) => [f, 2] as [string, 2]));
    let converged = true;
    try {
      await c.waitFor('diagnostics back to the first index', () => intactOk(c, root)
        && victims.every((f) => JSON.stringify(key(c.diagnostics.get(uri(f)))) === JSON.stringify(baseline.get(f))), 20_000);
    } catch {
      converged = false;
    }
    const final = await c.request('floe/listPlugins', {}) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    const plugins = final.folders.flatMap((f) => f.types.flatMap((t) => t.plugins)).length;

    console.log(`fuzz server: ${tried} inputs (${analysed} with diagnostics published), ${tally.sent} requests, ${tally.answered} answered, ${tally.errors.length} errors, ${tally.unanswered.length} unanswered, ${crashes.length} crashes, ${restarts} restarts, seed ${SEED}, ${Date.now() - started} ms`);
    for (const s of stuck) console.log(`fuzz server STUCK: ${s}`);
    for (const s of crashes.slice(0, 5)) console.log(`fuzz server CRASH: ${s.slice(0, 600)}`);

    assert.ok(tried >= 50, `only ${tried} inputs were tried in the time budget`);
    assert.ok(analysed >= tried / 3, `only ${analysed} of ${tried} inputs led to a diagnostics pass`);
    assert.deepEqual(stuck, [], 'requests went unanswered (the server hung)');
    assert.deepEqual(crashes.map((s) => s.slice(0, 800)), [], 'the server caught exceptions in its handlers');
    assert.deepEqual(tally.errors.slice(0, 5), [], 'requests answered with errors');
    assert.deepEqual(rejections, []);
    assert.ok(converged, `after restoring the files the diagnostics did not return to the first index: ${victims.map((f) => `${path.relative(root, f)} ${JSON.stringify(key(c.diagnostics.get(uri(f))))} vs ${JSON.stringify(baseline.get(f))}`).join('; ')}`);
    assert.equal(plugins, 5, 'all five plugins are listed again');
    assert.equal(c.exited, false);
  } finally {
    process.off('unhandledRejection', onRejection);
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
