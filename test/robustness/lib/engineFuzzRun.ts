// A whole engine fuzz session: the seeded loop of engineFuzz.ts in bounded workers (a worker that
// hangs or runs out of memory names its input, and the next worker goes on after it), counted in
// inputs, never in time, so a seed gives the same inputs on any machine. The robustness suite runs a
// slice; `npm run bench` runs 10,000 inputs.
import { describeOutcome, runJob } from './bounded';
import type { EngineFuzzStats, FuzzProgress, FuzzStep } from './engineFuzz';

export interface EngineFuzzOptions {
  seed: number;
  inputs: number;
  /** No single analysis of the small fuzz workspace may take longer (ms, scaled to the machine by the caller). */
  perInputMs: number;
  /** Silence after which the worker is taken to hang on its current input (ms). */
  hangMs: number;
  maxHangs?: number;
}

export interface EngineFuzzReport {
  seed: number;
  tried: number;
  cold: number;
  crashes: number;
  hangs: string[];
  errors: string[];
  failures: EngineFuzzStats['failures'];
  slow: string[];
  byFile: Record<string, number>;
  healed: { equal: boolean; diff: string };
  slowest: string;
  ms: number;
}

export async function fuzzEngine(opts: EngineFuzzOptions): Promise<EngineFuzzReport> {
  const started = Date.now();
  const report: EngineFuzzReport = {
    seed: opts.seed,
    tried: 0,
    cold: 0,
    crashes: 0,
    hangs: [],
    errors: [],
    failures: [],
    slow: [],
    byFile: {},
    healed: { equal: true, diff: '' },
    slowest: '',
    ms: 0,
  };
  let next = 0;
  let last: FuzzStep | undefined;
  while (next < opts.inputs && report.hangs.length < (opts.maxHangs ?? 3)) {
    const skip = report.hangs.map((h) => Number(/#(\d+)/.exec(h)?.[1]));
    const o = await runJob<EngineFuzzStats>(
      'engine-fuzz',
      { seed: opts.seed, start: next, skip, max: opts.inputs, perInputMs: opts.perInputMs },
      {
        // The whole job is bounded by its silence (a hang), not by a total: slow machines take longer.
        timeoutMs: Math.max(60_000, opts.inputs * 100),
        idleMs: opts.hangMs,
        maxOldMb: 1024,
        keep: 1,
        // Steps, failures and slow inputs arrive as they happen, so a segment that hangs loses none.
        onProgress: (m) => {
          const p = m as FuzzProgress;
          if (p.kind === 'step') {
            last = p;
            report.tried++;
            report.byFile[p.file] = (report.byFile[p.file] ?? 0) + 1;
            next = p.i + 1;
          } else if (p.kind === 'fail') report.failures.push(p.failure);
          else if (p.kind === 'slow') report.slow.push(p.slow);
        },
      },
    );
    if (o.status === 'ok') {
      report.cold += o.value.cold;
      next = o.value.next;
      report.healed = { equal: o.value.healedEqualsFresh, diff: o.value.healedDiff };
      report.slowest = `${o.value.maxMs} ms (${o.value.maxInput})`;
      break;
    }
    if ((o.status !== 'timeout' && o.status !== 'oom') || !last) {
      report.errors.push(describeOutcome(o));
      break;
    }
    report.hangs.push(
      `seed ${opts.seed} #${last.i} ${last.file} ${last.kinds.join('+')}: ${o.status === 'oom' ? 'out of memory' : `no answer in ${opts.hangMs} ms`}; input ${last.text}`,
    );
    next = last.i + 1;
  }
  report.crashes = report.failures.filter((f) => !f.error.startsWith('result:') && !f.error.startsWith('cold result:')).length;
  report.ms = Date.now() - started;
  return report;
}

/** The report as lines: a summary, then each hang and failure with its seed and input number (replay with FLOE_FUZZ_SEED). */
export function engineFuzzLines(r: EngineFuzzReport, perInputMs: number): string[] {
  const lines = [
    `fuzz engine: ${r.tried} inputs (${r.cold} also cold), ${r.crashes} crashes, ${r.hangs.length} hangs, ${r.failures.length - r.crashes} bad results, ${r.slow.length} slow (> ${perInputMs} ms), seed ${r.seed}, ${r.ms} ms`,
    `fuzz engine: inputs per file ${JSON.stringify(r.byFile)}; slowest analysis ${r.slowest}`,
  ];
  for (const h of r.hangs) lines.push(`fuzz engine HANG: ${h}`);
  for (const f of r.failures.slice(0, 10)) lines.push(`fuzz engine FAIL: ${f.input} ${f.file} ${f.kinds.join('+')}: ${f.error.split('\n')[0]}`);
  for (const s of r.slow.slice(0, 10)) lines.push(`fuzz engine SLOW: ${s}`);
  for (const e of r.errors) lines.push(`fuzz engine ERROR: ${e}`);
  if (!r.healed.equal) lines.push(`fuzz engine NOT HEALED: ${r.healed.diff}`);
  return lines;
}

/** What went wrong, empty when nothing did. */
export function engineFuzzProblems(r: EngineFuzzReport, wanted: number): string[] {
  const out: string[] = [];
  if (r.tried + r.hangs.length < wanted) out.push(`only ${r.tried} of ${wanted} inputs were tried`);
  out.push(...r.errors, ...r.hangs.map((h) => `hang: ${h}`));
  out.push(...r.failures.slice(0, 5).map((f) => `${f.input} ${f.file} ${f.kinds.join('+')}: ${f.error}\n  input: ${f.text}`));
  out.push(...r.slow.slice(0, 5).map((s) => `slow: ${s}`));
  if (!r.healed.equal) out.push(`after restoring the files the incremental result differs from a fresh one: ${r.healed.diff}`);
  return out;
}
