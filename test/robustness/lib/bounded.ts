// Run synchronous engine work in a child process with a time and heap bound, so a hang or a
// runaway allocation in the engine becomes a test failure naming the input, not a stuck (or
// crashed) suite. (Worker threads are not enough: V8 can still abort the whole process when a
// worker runs out of heap in a large string allocation.)
//
// A test file registers its jobs, then only defines tests when it is not itself the worker:
//   registerJob('analyze', (data, progress) => ...);
//   if (!serveWorker()) { test(...) }
// runJob() forks the same bundle (__filename) as a child that runs the named job.
import { fork } from 'node:child_process';
import { scaled } from '../../lib/machine';

const ENV = 'FLOE_ROBUST_JOB';

export type Progress = (msg: unknown) => void;
type Handler = (data: any, progress: Progress) => unknown;
const jobs = new Map<string, Handler>();

export function registerJob(name: string, fn: Handler): void {
  jobs.set(name, fn);
}

/** In the worker: run the job it was started for and return true. In the main thread: false. */
export function serveWorker(): boolean {
  const name = process.env[ENV];
  if (!name || !process.send) return false;
  delete process.env[ENV];
  const post = (m: unknown) => process.send!(m);
  process.once('message', (data: unknown) => run(name, data, post));
  return true;
}

function run(name: string, data: unknown, post: (m: unknown) => void): void {
  try {
    const fn = jobs.get(name);
    if (!fn) throw new Error(`no job ${name}`);
    const value = fn(data, (m) => post({ type: 'progress', m }));
    Promise.resolve(value).then(
      (v) => post({ type: 'result', value: v }),
      (e) => post({ type: 'error', message: String(e?.message ?? e), stack: String(e?.stack ?? '') }),
    );
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', message: String(err?.message ?? err), stack: String(err?.stack ?? '') });
  }
}

export type JobOutcome<T> =
  | { status: 'ok'; value: T; ms: number; progress: unknown[] }
  | { status: 'error'; message: string; stack: string; ms: number; progress: unknown[] }
  | { status: 'timeout'; ms: number; last: unknown; progress: unknown[] }
  | { status: 'oom'; message: string; ms: number; last: unknown; progress: unknown[] };

export interface JobLimits {
  /** Whole job, ms (scaled to the machine). */
  timeoutMs: number;
  /** Longest silence between progress messages, ms, scaled to the machine (a hang inside one step). */
  idleMs?: number;
  /** Worker heap bound, MB. */
  maxOldMb?: number;
  /** Keep only the last N progress messages (default 1000). */
  keep?: number;
  onProgress?: (m: unknown) => void;
}

export function runJob<T = unknown>(name: string, data: unknown, limits: JobLimits): Promise<JobOutcome<T>> {
  const started = Date.now();
  const progress: unknown[] = [];
  const keep = limits.keep ?? 1000;
  return new Promise((resolve) => {
    const w = fork(__filename, [], {
      env: { ...process.env, [ENV]: name },
      execArgv: limits.maxOldMb ? [`--max-old-space-size=${limits.maxOldMb}`] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    w.stderr?.on('data', (d) => {
      stderr = (stderr + String(d)).slice(-4000);
    });
    w.send(data as any);
    let done = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (o: JobOutcome<T>) => {
      if (done) return;
      done = true;
      clearTimeout(total);
      if (idle) clearTimeout(idle);
      if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      resolve(o);
    };
    const last = () => progress[progress.length - 1];
    const armIdle = () => {
      if (!limits.idleMs) return;
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => finish({ status: 'timeout', ms: Date.now() - started, last: last(), progress }), scaled(limits.idleMs));
    };
    const total = setTimeout(() => finish({ status: 'timeout', ms: Date.now() - started, last: last(), progress }), scaled(limits.timeoutMs));
    armIdle();
    w.on('message', (m: any) => {
      if (m?.type === 'progress') {
        progress.push(m.m);
        if (progress.length > keep) progress.splice(0, progress.length - keep);
        try {
          limits.onProgress?.(m.m);
        } catch {
          /* observer's problem */
        }
        armIdle();
      } else if (m?.type === 'result') finish({ status: 'ok', value: m.value as T, ms: Date.now() - started, progress });
      else if (m?.type === 'error') finish({ status: 'error', message: m.message, stack: m.stack, ms: Date.now() - started, progress });
    });
    w.on('error', (e: any) => finish({ status: 'error', message: String(e?.message ?? e), stack: String(e?.stack ?? ''), ms: Date.now() - started, progress }));
    w.on('exit', (code, signal) => {
      if (done) return;
      if (/heap out of memory|Allocation failed/.test(stderr))
        finish({
          status: 'oom',
          message: stderr.split('\n').find((l) => /FATAL/.test(l)) ?? 'out of memory',
          ms: Date.now() - started,
          last: last(),
          progress,
        });
      else
        finish({
          status: 'error',
          message: `job process exited (${code ?? signal}) without a result`,
          stack: stderr.slice(-1500),
          ms: Date.now() - started,
          progress,
        });
    });
  });
}

/** A one-line description of a job outcome that is not ok, for assertion messages. */
export function describeOutcome(o: JobOutcome<unknown>): string {
  switch (o.status) {
    case 'ok':
      return `ok in ${o.ms} ms`;
    case 'error':
      return `threw after ${o.ms} ms: ${o.message}\n${o.stack.split('\n').slice(0, 8).join('\n')}`;
    case 'timeout':
      return `no answer after ${o.ms} ms (hang); last step: ${JSON.stringify(o.last)}`;
    case 'oom':
      return `ran out of the heap bound after ${o.ms} ms; last step: ${JSON.stringify(o.last)}`;
  }
}
