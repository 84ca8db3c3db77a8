// A large workspace checked on two threads: after the walk, the pyproject.toml files are cut into
// chunks that this thread and one worker thread take in turn (a shared counter, so the worker
// takes what it can while it starts up and this thread the rest); each checks its chunks'
// packages (TOML, entry points, the Python of their plugin classes) and the worker hands its
// results over as plain data, which this thread's workspace takes as if it had made them. The
// analysis then runs from those caches. The worker reads the files itself (open documents are
// given to it); if the folder changed meanwhile its results are dropped, and if it fails this
// thread checks what it left. Only when a core is idle (spareCore).
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { NodeFileSystem, OverlayFileSystem, type FileSystem } from '../fs';
import type { AnalysisResult, EngineOptions } from '../model';
import type { EngineWorkspace } from '../workspace';
import { FloeWorkspace, type PackageChecks } from './floeWorkspace';
import type { FloeCoreFound } from './platform';

/** Below this many packages one thread is faster (a worker costs its start-up). */
export const PARALLEL_MIN_PACKAGES = 200;
const CHUNK = 25;

interface WorkerInput {
  root: string;
  options: EngineOptions;
  floeCore: FloeCoreFound | undefined;
  chunks: string[][];
  counter: Int32Array;
  /** Open documents (path, text): read instead of the disk. */
  docs: Array<[string, string]>;
}
const KEY = 'floeCheckWorker';

export interface PrefetchOptions {
  /** Fewer packages: nothing is done (a worker costs its start-up). */
  minPackages?: number;
  /** Use a worker even when no core looks idle (see spareCore). */
  force?: boolean;
  /** Open documents under the folder, whose text counts instead of the disk's. */
  docs?: Array<[string, string]>;
  /** Called between this thread's chunks (a server lets its messages in). */
  between?: () => Promise<void>;
  /** True when the folder changed since the start: the worker's results are dropped, not taken. */
  stale?: () => boolean;
}

/**
 * Check the packages of `ws` on this thread and a worker thread running `script` (a bundle that
 * calls runCheckWorker() when it loads), into the workspace's caches, when it has enough packages
 * and the machine more than one core; the next analysis runs from those caches.
 */
export async function prefetchWithWorker(ws: EngineWorkspace, script: string, opts: PrefetchOptions = {}): Promise<ParallelStats> {
  const stats: ParallelStats = { packages: 0, here: 0, worker: 0 };
  if (!(ws instanceof FloeWorkspace) || availableParallelism() < 2 || !(opts.force || spareCore())) return stats;
  const { pyprojects, floeCore } = ws.prepare();
  stats.packages = pyprojects.length;
  if (pyprojects.length < (opts.minPackages ?? PARALLEL_MIN_PACKAGES)) return stats;
  const chunks: string[][] = [];
  for (let i = 0; i < pyprojects.length; i += CHUNK) chunks.push(pyprojects.slice(i, i + CHUNK));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { root: ws.root, options: ws.engineOptions, floeCore, chunks, counter, docs: opts.docs ?? [] };
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
  try {
    for (let i = Atomics.add(counter, 0, 1); i < chunks.length; i = Atomics.add(counter, 0, 1)) {
      stats.here += ws.checkPackages(chunks[i], floeCore, false).pyprojects.length;
      if (opts.between) await opts.between();
      if (opts.stale?.()) break;
    }
    // Whatever the worker has not taken yet is left for the analysis.
    Atomics.store(counter, 0, chunks.length);
    const shares = await results;
    if (!opts.stale?.()) {
      for (const share of shares) {
        ws.seedPackages(share);
        stats.worker += share.pyprojects.length;
      }
    }
  } finally {
    if (worker) await worker.terminate();
  }
  return stats;
}

/**
 * Is a core idle (the last minute's load average at least one below the cores)? A single thread
 * of node already keeps part of a second core busy (garbage collection, compilation): on a
 * 2-core machine whose other core is taken, measured, a worker made a check slower, not faster.
 */
export function spareCore(): boolean {
  return loadavg()[0] <= availableParallelism() - 1;
}

/** The analysis of `ws`, with prefetchWithWorker first (the command line). */
export async function analyzeWithWorker(
  ws: EngineWorkspace,
  script: string,
  opts: PrefetchOptions = {},
): Promise<{ result: AnalysisResult; stats: ParallelStats }> {
  const stats = await prefetchWithWorker(ws, script, opts);
  return { result: ws.analyze(), stats };
}

/** In a worker thread started by prefetchWithWorker: check chunks until none are left, post the results. True when it was one. */
export function runCheckWorker(): boolean {
  const input = (workerData as Record<string, WorkerInput> | null)?.[KEY];
  if (isMainThread || !input || !parentPort) return false;
  let fs: FileSystem | undefined;
  if (input.docs.length) {
    const overlay = new OverlayFileSystem(new NodeFileSystem());
    for (const [file, text] of input.docs) overlay.set(file, text, 0);
    fs = overlay;
  }
  const ws = new FloeWorkspace(input.root, input.options, fs);
  ws.fs.listFolders = true;
  const out: PackageChecks[] = [];
  for (let i = Atomics.add(input.counter, 0, 1); i < input.chunks.length; i = Atomics.add(input.counter, 0, 1)) {
    out.push(ws.checkPackages(input.chunks[i], input.floeCore));
  }
  parentPort.postMessage(out);
  return true;
}

/** How many packages were checked, and by which thread (the rest: in the analysis itself). */
export interface ParallelStats {
  packages: number;
  here: number;
  worker: number;
}
