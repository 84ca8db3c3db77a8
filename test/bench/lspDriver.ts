// What the language-server benchmarks share: statistics, a process's CPU time and RSS from /proc,
// offsets to LSP positions, and a typing driver that sends incremental edits at a fixed cadence and
// measures, for each edit, the time until diagnostics that reflect it (or a later edit) arrive.
import * as fs from 'node:fs';
import type { LspClient } from '../lsp/harness';
import { uri } from '../lsp/harness';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};
export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU time of a process so far (ms), from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resolves true as soon as `test` holds (checked every `everyMs`), false once `budgetMs` has passed without it. */
export function until(test: () => boolean, budgetMs: number, everyMs = 20): Promise<boolean> {
  if (test()) return Promise.resolve(true);
  const deadline = performance.now() + budgetMs;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const ok = test();
      if (ok || performance.now() > deadline) {
        clearInterval(timer);
        resolve(ok);
      }
    }, everyMs);
  });
}

/**
 * Resolves true once the process has used no CPU for `windowMs` (it has finished what the last
 * request started: timers, validation, publishing), false after `budgetMs`.
 */
export function idle(pid: number, windowMs = 60, budgetMs = 5000): Promise<boolean> {
  let last = cpuMs(pid);
  let since = performance.now();
  return until(() => {
    const now = cpuMs(pid);
    if (now !== last) {
      last = now;
      since = performance.now();
      return false;
    }
    return performance.now() - since >= windowMs;
  }, budgetMs);
}

/** 0-based line and UTF-16 column of an offset. */
export function position(text: string, offset: number): { line: number; character: number } {
  let line = 0,
    last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

/** One edit of a typing run: `text` replaces [start, end) of the current text; `mark` shows in the diagnostics once it is analysed. */
export interface TypingEdit {
  start: number;
  end: number;
  text: string;
  mark: string;
}

export interface TypingResult {
  /** Per edit: didChange sent -> the first diagnostics reflecting it or a later edit (ms). */
  latencies: number[];
  /** The server's CPU time over the run, per edit (ms). */
  cpuPerEdit: number;
  /** How many edits got diagnostics of their own text (the others were only ever answered by a later edit's). */
  answered: number;
  /** The text after the last edit. */
  text: string;
}

/** floe's own manifests open with a block of comment lines (its demo manifest with 13). */
export const COMMENT_BLOCK =
  Array.from({ length: 13 }, (_, i) =>
    i === 0 ? '# Platform manifest (generated for the benchmark)' : `# note ${i}: what this platform is for, who owns it, how to change it`,
  ).join('\n') + '\n';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Send `edits` to the open document `file` (current text `text`) `gapMs` apart, as incremental
 * changes, and time each one until the server's diagnostics for the file reflect it or a later edit.
 */
export async function typeEdits(c: LspClient, file: string, text: string, edits: TypingEdit[], gapMs: number, budgetMs = 60000): Promise<TypingResult> {
  const u = uri(file);
  const sent: number[] = [];
  const from = c.notifications.length;
  const cpu0 = cpuMs(c.proc.pid!);
  let cur = text;
  const t0 = performance.now();
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    const wait = t0 + i * gapMs - performance.now();
    if (wait > 0) await sleep(wait);
    c.edit(file, { start: position(cur, e.start), end: position(cur, e.end) }, e.text);
    sent.push(performance.now());
    cur = cur.slice(0, e.start) + e.text + cur.slice(e.end);
  }
  const lastMark = edits[edits.length - 1].mark;
  await c.waitFor('diagnostics of the last edit', () => !!c.diagnostics.get(u)?.some((d) => d.message.includes(lastMark)), budgetMs);
  const cpu = cpuMs(c.proc.pid!) - cpu0;
  // Which edit each publication reflects: the latest whose mark it shows.
  const marks = new Map(edits.map((e, i) => [e.mark, i]));
  const arrivals: Array<{ at: number; upTo: number }> = [];
  for (const n of c.notifications.slice(from)) {
    if (n.method !== 'textDocument/publishDiagnostics' || n.params.uri !== u) continue;
    let upTo = -1;
    for (const d of n.params.diagnostics as Array<{ message: string }>) {
      for (const [m, i] of marks) if (i > upTo && d.message.includes(m)) upTo = i;
    }
    if (upTo >= 0) arrivals.push({ at: n.at!, upTo });
  }
  const latencies = sent.map((s, i) => {
    const a = arrivals.find((x) => x.upTo >= i && x.at >= s);
    return a ? a.at - s : NaN;
  });
  return { latencies, cpuPerEdit: cpu / edits.length, answered: new Set(arrivals.map((a) => a.upTo)).size, text: cur };
}
