// A large workspace checked on two threads: after the walk, the pyproject.toml files are cut into
// chunks that this thread and one worker thread take in turn (a shared counter, so the worker
// takes what it can while it starts up and this thread the rest); each checks its chunks'
// packages (TOML, entry points, the Python of their plugin classes) and the worker hands its
// results over as plain data, which this thread's workspace takes as if it had made them. The
// analysis then runs from those caches. Only for folders read from disk (the command line): the
// worker reads files itself. If the worker fails, this thread checks what it left.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AnalysisResult, EngineOptions } from '../model';
import type { EngineWorkspace } from '../workspace';
import { FloeWorkspace, type PackageChecks } from './floeWorkspace';
import type { FloeCoreFound } from './platform';

/** Below this many packages one thread is faster (a worker costs its start-up). */
export const PARALLEL_MIN_PACKAGES = 200;
const CHUNK = 25;

interface WorkerInput { root: string; options: EngineOptions; floeCore: FloeCoreFound | undefined; chunks: string[][]; counter: Int32Array }
const KEY = 'floeCheckWorker';

/**
 * Analyse `ws` with the help of a worker thread running `script` (a bundle that calls
 * runCheckWorker() when it loads) when it has at least `minPackages` packages and the machine
 * more than one core; else, or for a workspace not read from disk, as analyze() does.
 */
export async function analyzeWithWorker(ws: EngineWorkspace, script: string, minPackages = PARALLEL_MIN_PACKAGES): Promise<{ result: AnalysisResult; stats: ParallelStats }> {
  const stats: ParallelStats = { packages: 0, here: 0, worker: 0 };
  if (!(ws instanceof FloeWorkspace) || availableParallelism() < 2) return { result: ws.analyze(), stats };
  const { pyprojects, floeCore } = ws.prepare();
  stats.packages = pyprojects.length;
  if (pyprojects.length < minPackages) return { result: ws.analyze(), stats };
  const chunks: string[][] = [];
  for (let i = 0; i < pyprojects.length; i += CHUNK) chunks.push(pyprojects.slice(i, i + CHUNK));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { root: ws.root, options: ws.engineOptions, floeCore, chunks, counter };
  let worker: Worker | undefined;
  let results: Promise<PackageChecks[]> = Promise.resolve([]);
  try {
    const w = (worker = new Worker(script, { workerData: { [KEY]: input } }));
    results = new Promise<PackageChecks[]>((resolve) => {
      w.once('message', (m: PackageChecks[]) => resolve(m));
      w.once('error', () => resolve([]));
      w.once('exit', () => resolve([]));
    });
  } catch {
    worker = undefined;
  }
  for (let i = Atomics.add(counter, 0, 1); i < chunks.length; i = Atomics.add(counter, 0, 1)) stats.here += ws.checkPackages(chunks[i], floeCore).pyprojects.length;
  for (const share of await results) {
    ws.seedPackages(share);
    stats.worker += share.pyprojects.length;
  }
  if (worker) await worker.terminate();
  return { result: ws.analyze(), stats };
}

/** How many packages were checked, and by which thread (the rest: in the analysis itself). */
export interface ParallelStats { packages: number; here: number; worker: number }

/** In a worker thread started by analyzeWithWorker: check chunks until none are left, post the results. True when it was one. */
export function runCheckWorker(): boolean {
  const input = (workerData as Record<string, WorkerInput> | null)?.[KEY];
  if (isMainThread || !input || !parentPort) return false;
  const ws = new FloeWorkspace(input.root, input.options);
  const out: PackageChecks[] = [];
  for (let i = Atomics.add(input.counter, 0, 1); i < input.chunks.length; i = Atomics.add(input.counter, 0, 1)) {
    out.push(ws.checkPackages(input.chunks[i], input.floeCore));
  }
  parentPort.postMessage(out);
  return true;
}
