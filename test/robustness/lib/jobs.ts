// Bounded engine jobs shared by the robustness tests: analyse a workspace (in memory or on disk)
// inside a worker with time and heap bounds, and hand back a compact summary.
import { MemoryFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import type { AnalysisResult, EngineOptions } from '../../../server/src/engine/model';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import { describeOutcome, registerJob, runJob, type JobLimits } from './bounded';
import { resultProblems } from './fixture';

export interface DiagSummary {
  file: string;
  code: string;
  severity: string;
  message: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}
export interface AnalysisSummary {
  ms: number;
  plugins: Array<{ id: string; name: string; group: string; state: string }>;
  diagnostics: DiagSummary[];
  manifests: number;
  files: number;
  /** resultProblems() of the result (shape problems). */
  problems: string[];
  /** Heap used after the analysis, MB. */
  heapMb: number;
}

export interface AnalyzeJob {
  root: string;
  /** In-memory files (absolute paths); when absent the disk is read. */
  files?: Record<string, string>;
  options?: EngineOptions;
  /** Analyse again after invalidating these files (relative to nothing: absolute). */
  thenInvalidate?: string[];
}

export function summarize(r: AnalysisResult, ms: number, readFile: (f: string) => string | undefined): AnalysisSummary {
  return {
    ms,
    plugins: r.plugins.map((p) => ({ id: p.id, name: p.name.kind === 'known' ? p.name.value : p.entryPoint, group: p.group, state: p.state })),
    diagnostics: r.diagnostics.map((d) => ({
      file: d.file,
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.range.start.line,
      character: d.range.start.character,
      endLine: d.range.end.line,
      endCharacter: d.range.end.character,
    })),
    manifests: r.manifests.length,
    files: r.files.length,
    problems: resultProblems(r, readFile),
    heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
}

export function analyzeNow(job: AnalyzeJob): AnalysisSummary {
  const fs = job.files ? new MemoryFileSystem(job.files) : new NodeFileSystem();
  const t0 = Date.now();
  const ws = new FloeWorkspace(job.root, job.options ?? {}, fs);
  let r = ws.analyze();
  if (job.thenInvalidate) {
    ws.invalidate(job.thenInvalidate);
    r = ws.analyze();
  }
  return summarize(r, Date.now() - t0, (f) => fs.readFile(f));
}

registerJob('analyze', (job: AnalyzeJob) => analyzeNow(job));

/** Analyse in a bounded worker; throws with a clear message on a hang, crash or heap overrun. */
export async function analyzeBounded(job: AnalyzeJob, limits: Partial<JobLimits> = {}): Promise<AnalysisSummary> {
  const o = await runJob<AnalysisSummary>('analyze', job, { timeoutMs: 15_000, maxOldMb: 512, ...limits });
  if (o.status !== 'ok') throw new Error(`analysis of ${job.root} ${describeOutcome(o)}`);
  return o.value;
}
