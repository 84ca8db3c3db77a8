// A whole server fuzz session: the real language server over stdio, fed seeded mutations of the
// fixture's declarations, Python files and manifest as open-document edits or as raw bytes on disk
// (invalid UTF-8, NUL bytes, enormous lines) with watched-file events. After each input's analysis
// pass, hover / definition / completion / codeAction / codeLens and the custom floe/* requests are
// fired at random positions. Counted in inputs, never in time: a seed gives the same inputs on any
// machine. The robustness suite runs a slice; `npm run bench` runs 2,000 inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uri } from '../../lsp/harness';
import { copyFixture, INTACT_EXPECTED, INTACT_PLUGIN, preview, VICTIMS } from './fixture';
import { mutate, Rng, toBytes } from './mutate';
import { crashLogs, fireRequests, writeBytes, type RequestTally } from './serverFuzz';

const LANG: Record<string, string> = { '.py': 'python', '.toml': 'toml', '.yaml': 'yaml', '.txt': 'plaintext' };
const MAX_RESTARTS = 2;
const key = (ds: Diagnostic[] | undefined) =>
  (ds ?? []).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`).sort();

export interface ServerFuzzReport {
  seed: number;
  tried: number;
  /** Inputs whose analysis pass ran (the server logs each pass with `trace`). */
  analysed: number;
  tally: RequestTally;
  stuck: string[];
  crashes: string[];
  rejections: string[];
  restarts: number;
  converged: boolean;
  convergence: string;
  plugins: number;
  exited: boolean;
  ms: number;
}

async function start(root: string): Promise<LspClient> {
  const c = new LspClient();
  await c.initialize([root], {}, { debounceMs: 20, trace: true });
  await c.ready(0, 30_000);
  return c;
}

function intactOk(c: LspClient, root: string): boolean {
  const ds = c.diagnostics.get(uri(path.join(root, INTACT_PLUGIN))) ?? [];
  return ds.some((d) => d.code === INTACT_EXPECTED.code && JSON.stringify(d.range) === JSON.stringify(INTACT_EXPECTED.range));
}

/** Whether a pass (its trace line) arrived since notification `mark`; scans only what is new. */
/** Whether the server logged a pass (its trace line) since notification `mark`. */
export function passSince(c: LspClient, mark: number): boolean {
  for (let i = mark; i < c.notifications.length; i++) {
    const n = c.notifications[i];
    if (n.method === 'window/logMessage' && /^pass /.test(String(n.params?.message))) return true;
  }
  return false;
}

export async function fuzzServer(opts: { seed: number; inputs: number; name?: string }): Promise<ServerFuzzReport> {
  const root = copyFixture(opts.name ?? 'fuzz-server');
  const originals = new Map(Object.values(VICTIMS).map((rel) => [path.join(root, rel), fs.readFileSync(path.join(root, rel))]));
  const victims = [...originals.keys()];
  const rng = new Rng(opts.seed);
  const r: ServerFuzzReport = {
    seed: opts.seed,
    tried: 0,
    analysed: 0,
    tally: { sent: 0, answered: 0, errors: [], unanswered: [] },
    stuck: [],
    crashes: [],
    rejections: [],
    restarts: 0,
    converged: true,
    convergence: '',
    plugins: 0,
    exited: false,
    ms: 0,
  };
  const onRejection = (e: unknown) => r.rejections.push(String((e as Error)?.stack ?? e));
  process.on('unhandledRejection', onRejection);
  const started = Date.now();

  let c = await start(root);
  try {
    await c.waitFor('intact diagnostics', () => intactOk(c, root), 15_000);
    const baseline = new Map(victims.map((f) => [f, key(c.diagnostics.get(uri(f)))]));
    const open = new Set<string>();

    for (let i = 0; i < opts.inputs; i++) {
      const file = rng.pick(victims);
      const rel = path.relative(root, file);
      const original = originals.get(file)!.toString('utf8');
      const { text, kinds } = mutate(original, rng, { hugeLine: 50_000, maxNest: 1500 });
      const label = `seed ${opts.seed} #${i} ${rel} ${kinds.join('+')}`;
      r.tried++;
      const mark = c.notifications.length;
      const how = rng.next();
      if (how < 0.55) {
        // The editor's view: an open document, changed (overlay only, nothing written).
        if (!open.has(file)) {
          c.open(file, text, LANG[path.extname(file)] ?? 'plaintext');
          open.add(file);
        } else c.change(file, text);
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

      // Let the analysis pass of this input run (an event: its trace line), then ask.
      if (
        await c
          .waitFor('a pass', () => passSince(c, mark), 5000)
          .then(
            () => true,
            () => false,
          )
      )
        r.analysed++;
      const before = r.tally.unanswered.length;
      await fireRequests(c, root, file, text, rng, r.tally, label);
      for (const m of crashLogs(c, mark)) if (!r.crashes.includes(m)) r.crashes.push(m);
      if (c.exited) r.crashes.push(`server exited after ${label}; stderr: ${c.stderr.join('').slice(-1500)}`);
      if (r.tally.unanswered.length > before || c.exited) {
        r.stuck.push(`${label}: ${r.tally.unanswered.length - before} requests unanswered; input ${preview(text, 200)}`);
        if (r.restarts++ >= MAX_RESTARTS) break;
        // Put the files back and start a new server, so the rest of the run still fuzzes.
        await c.stop();
        for (const [f, b] of originals) writeBytes(f, b);
        open.clear();
        c = await start(root);
      }
      // Sometimes put the file back, so mutations do not pile up in one file.
      if (rng.chance(0.4)) {
        writeBytes(file, originals.get(file)!);
        if (open.has(file)) c.change(file, original);
        else c.watched([[file, 2]]);
      }
    }

    // Restore everything: the server converges on the first index's diagnostics.
    for (const f of [...open]) {
      c.change(f, originals.get(f)!.toString('utf8'));
      c.close(f);
    }
    for (const [f, b] of originals) writeBytes(f, b);
    c.watched(victims.map((f) => [f, 2] as [string, 2]));
    try {
      await c.waitFor(
        'diagnostics back to the first index',
        () => intactOk(c, root) && victims.every((f) => JSON.stringify(key(c.diagnostics.get(uri(f)))) === JSON.stringify(baseline.get(f))),
        20_000,
      );
    } catch {
      r.converged = false;
      r.convergence = victims
        .map((f) => `${path.relative(root, f)} ${JSON.stringify(key(c.diagnostics.get(uri(f))))} vs ${JSON.stringify(baseline.get(f))}`)
        .join('; ');
    }
    const final = (await c.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    r.plugins = final.folders.flatMap((f) => f.types.flatMap((t) => t.plugins)).length;
    r.exited = c.exited;
  } finally {
    process.off('unhandledRejection', onRejection);
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
    r.ms = Date.now() - started;
  }
  return r;
}

export function serverFuzzLines(r: ServerFuzzReport): string[] {
  const lines = [
    `fuzz server: ${r.tried} inputs (${r.analysed} analysed), ${r.tally.sent} requests, ${r.tally.answered} answered, ${r.tally.errors.length} errors, ${r.tally.unanswered.length} unanswered, ${r.crashes.length} crashes, ${r.restarts} restarts, seed ${r.seed}, ${r.ms} ms`,
  ];
  for (const s of r.stuck) lines.push(`fuzz server STUCK: ${s}`);
  for (const s of r.crashes.slice(0, 5)) lines.push(`fuzz server CRASH: ${s.slice(0, 600)}`);
  for (const s of r.tally.errors.slice(0, 5)) lines.push(`fuzz server ERROR: ${s}`);
  return lines;
}

/** What went wrong, empty when nothing did. The fixture has five plugins. */
export function serverFuzzProblems(r: ServerFuzzReport, wanted: number): string[] {
  const out: string[] = [];
  if (r.tried < wanted) out.push(`only ${r.tried} of ${wanted} inputs were tried`);
  if (r.analysed < r.tried / 2) out.push(`only ${r.analysed} of ${r.tried} inputs led to an analysis pass`);
  out.push(...r.stuck.map((s) => `unanswered: ${s}`));
  out.push(...r.crashes.map((s) => `crash: ${s.slice(0, 800)}`));
  out.push(...r.tally.errors.slice(0, 5).map((s) => `error answer: ${s}`));
  out.push(...r.rejections.map((s) => `unhandled rejection: ${s}`));
  if (!r.converged) out.push(`after restoring the files the diagnostics did not return to the first index: ${r.convergence}`);
  if (r.plugins !== 5) out.push(`${r.plugins} plugins listed at the end, not 5`);
  if (r.exited) out.push('the server exited');
  return out;
}
