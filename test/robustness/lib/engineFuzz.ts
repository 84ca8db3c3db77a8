// The engine fuzz loop (runs inside a bounded worker, see bounded.ts). Seeded: input #i is the
// same on every run, so a worker restarted after a hang can replay up to where it stopped.
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import type { AnalysisResult } from '../../../server/src/engine/model';
import { fixtureFiles, intactProblem, preview, resultProblems, VICTIMS } from './fixture';
import { mutate, Rng } from './mutate';
import type { Progress } from './bounded';

export const FUZZ_ROOT = '/fuzz/ws';

export interface EngineFuzzJob {
  seed: number;
  /** First input to analyse (earlier ones are replayed without analysis). */
  start: number;
  /** Inputs to skip (they hung a previous worker). */
  skip: number[];
  max: number;
  perInputMs: number;
}

export interface FuzzFailure {
  input: string;
  file: string;
  kinds: string[];
  text: string;
  error: string;
}
export interface EngineFuzzStats {
  tried: number;
  cold: number;
  failures: FuzzFailure[];
  slow: string[];
  byFile: Record<string, number>;
  next: number;
  healedEqualsFresh: boolean;
  healedDiff: string;
  /** The slowest analysis and its input. */
  maxMs: number;
  maxInput: string;
}

/** Progress message sent before each analysis (so a hang names its input). */
export interface FuzzStep {
  kind: 'step';
  i: number;
  file: string;
  kinds: string[];
  text: string;
}
export type FuzzProgress = FuzzStep | { kind: 'fail'; failure: FuzzFailure } | { kind: 'slow'; slow: string };

export function runEngineFuzz(job: EngineFuzzJob, progress: Progress): EngineFuzzStats {
  const ROOT = FUZZ_ROOT;
  const base = fixtureFiles(ROOT);
  const victims = Object.values(VICTIMS).map((rel) => `${ROOT}/${rel}`);
  const foreign = Object.values(base)
    .flatMap((t) => t.split('\n'))
    .filter((l) => l.trim());
  const rng = new Rng(job.seed);
  const mem = new MemoryFileSystem(base);
  const stats: EngineFuzzStats = {
    tried: 0,
    cold: 0,
    failures: [],
    slow: [],
    byFile: {},
    next: job.start,
    healedEqualsFresh: true,
    healedDiff: '',
    maxMs: 0,
    maxInput: '',
  };
  let live: FloeWorkspace | undefined;

  for (let i = 0; i < job.max; i++) {
    const file = rng.pick(victims);
    const original = base[file];
    const { text, kinds } = mutate(original, rng, { hugeLine: 60_000, maxNest: 2500, foreign });
    const restore = rng.chance(0.5);
    const rel = file.slice(ROOT.length + 1);
    const replay = i < job.start || job.skip.includes(i);
    stats.next = i + 1;
    if (replay) {
      mem.write(file, job.skip.includes(i) ? original : text);
      if (restore) mem.write(file, original);
      continue;
    }
    if (!live) {
      live = new FloeWorkspace(ROOT, {}, mem);
      live.analyze();
    }
    stats.tried++;
    stats.byFile[rel] = (stats.byFile[rel] ?? 0) + 1;
    const fail = (error: unknown) => {
      const f: FuzzFailure = {
        input: `seed ${job.seed} #${i}`,
        file: rel,
        kinds,
        text: preview(text),
        error: error instanceof Error ? `${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n')}` : String(error),
      };
      stats.failures.push(f);
      progress({ kind: 'fail', failure: f });
    };
    progress({ kind: 'step', i, file: rel, kinds, text: preview(text, 200) } satisfies FuzzStep);

    mem.write(file, text);
    const t0 = Date.now();
    let r: AnalysisResult | undefined;
    try {
      live.invalidate([file]);
      r = live.analyze();
    } catch (e) {
      fail(e);
    }
    const took = Date.now() - t0;
    if (took > stats.maxMs) {
      stats.maxMs = took;
      stats.maxInput = `#${i} ${rel} ${kinds.join('+')}`;
    }
    if (took > job.perInputMs) {
      const slow = `seed ${job.seed} #${i} ${rel} ${kinds.join('+')}: ${took} ms`;
      stats.slow.push(slow);
      progress({ kind: 'slow', slow });
    }
    if (r) {
      const problems = resultProblems(r, (f) => mem.readFile(f));
      const intact = intactProblem(r, ROOT);
      if (intact) problems.push(intact);
      if (problems.length) fail(`result: ${problems.slice(0, 5).join('; ')}`);
    }
    // Every tenth input also from scratch (the cold path).
    if (i % 10 === 0) {
      stats.cold++;
      try {
        const cold = new FloeWorkspace(ROOT, {}, mem).analyze();
        const problems = resultProblems(cold, (f) => mem.readFile(f));
        if (problems.length) fail(`cold result: ${problems.slice(0, 5).join('; ')}`);
      } catch (e) {
        fail(e);
      }
    }
    if (restore) {
      mem.write(file, original);
      live.invalidate([file]);
    }
  }

  // Restored to the fixture, the long-lived workspace gives what a fresh one gives.
  if (live) {
    for (const f of victims) mem.write(f, base[f]);
    live.invalidate(victims);
    try {
      const key = (r: AnalysisResult) =>
        r.diagnostics.map((d) => `${d.file.slice(ROOT.length + 1)}:${d.range.start.line}:${d.range.start.character}:${d.code}`).sort();
      const healed = key(live.analyze());
      const fresh = key(new FloeWorkspace(ROOT, {}, new MemoryFileSystem(base)).analyze());
      stats.healedEqualsFresh = JSON.stringify(healed) === JSON.stringify(fresh);
      if (!stats.healedEqualsFresh) {
        stats.healedDiff = `only incremental: ${JSON.stringify(healed.filter((k) => !fresh.includes(k)))}; only fresh: ${JSON.stringify(fresh.filter((k) => !healed.includes(k)))}`;
      }
    } catch (e) {
      stats.healedEqualsFresh = false;
      stats.healedDiff = `threw: ${(e as Error).message}`;
    }
  }
  return stats;
}
