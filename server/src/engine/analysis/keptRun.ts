// A command-line run with a cache folder: the report the same run made before, when the trace of
// that whole run (the walk, floe-core, every package, every manifest, the report itself) still
// holds; else the analysis, with the package checks that still hold taken from the cache, its
// report made under a trace, and both kept for the next run (engine/analysis/checkCache.ts).
import type { AnalysisResult } from '../model';
import type { EngineWorkspace } from '../workspace';
import { isTainted, type Trace } from '../fsTrace';
import { CheckCache, type RunOutput } from './checkCache';
import { FloeWorkspace } from './floeWorkspace';
import { analyzeWithWorker, type ParallelStats } from './parallel';

export interface KeptRun<R extends RunOutput> {
  out: R;
  /** True when the report was the kept one (nothing was analysed). */
  taken: boolean;
  stats?: ParallelStats;
}

/**
 * `what` names the report (command and output options); `report` makes it from an analysis, and
 * must depend on nothing but the analysis and `what` (it runs under the trace).
 */
export async function keptRun<R extends RunOutput>(
  ws: EngineWorkspace,
  cacheDir: string,
  what: string,
  report: (r: AnalysisResult) => R,
  opts: { script?: string; force?: boolean } = {},
): Promise<KeptRun<R>> {
  const uncached = async (): Promise<KeptRun<R>> => {
    const { result, stats } = await analyzeWithWorker(ws, opts.script, { force: opts.force });
    return { out: report(result), taken: false, stats };
  };
  if (!(ws instanceof FloeWorkspace)) return uncached();
  const cache = CheckCache.load(cacheDir, ws.root, ws.engineOptions);
  if (!cache) return uncached();
  const tracer = ws.fs.tracer;
  tracer.recordReads = true;
  const kept = cache.runOutput(what, ws.fs);
  if (kept) return { out: kept as R, taken: true };
  tracer.begin();
  let out: R;
  let stats: ParallelStats;
  let trace: Trace;
  try {
    const analysed = await analyzeWithWorker(ws, opts.script, { force: opts.force, cache });
    stats = analysed.stats;
    out = report(analysed.result);
  } finally {
    trace = tracer.end();
    tracer.recordReads = false;
  }
  if (!isTainted(trace)) cache.putRun(trace, what, { lines: out.lines, code: out.code });
  cache.save();
  return { out, taken: false, stats };
}
