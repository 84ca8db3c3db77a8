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
import { CheckCache, type CacheStats } from './checkCache';
import { FloeWorkspace, type TracedPackageChecks } from './floeWorkspace';
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
  /** Check each package under a trace (the other thread keeps them in its cache). */
  traced: boolean;
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
  /** Where checks are kept between runs (engine/analysis/checkCache.ts); none: nothing is kept. */
  cacheDir?: string;
  /** A cache the caller loaded (and writes): instead of cacheDir. */
  cache?: CheckCache;
}

/**
 * Fill the workspace's caches before its first analysis, which then runs from them: packages
 * whose checks a kept cache (`cacheDir`, engine/analysis/checkCache.ts) still proves right are
 * taken from it; the others are checked on this thread and, when there are enough of them and the
 * machine has an idle core, a worker thread running `script` (a bundle that calls
 * runCheckWorker() when it loads). Checks made with a cache are traced and kept for the next run.
 */
export async function prefetchWithWorker(ws: EngineWorkspace, script: string | undefined, opts: PrefetchOptions = {}): Promise<ParallelStats> {
  const stats: ParallelStats = { packages: 0, here: 0, worker: 0, cached: 0 };
  if (!(ws instanceof FloeWorkspace)) return stats;
  const useWorker = !!script && availableParallelism() >= 2 && (opts.force || spareCore());
  if (!opts.cacheDir && !opts.cache && !useWorker) return stats;
  const tracer = ws.fs.tracer;
  const recording = tracer.recordReads;
  // Digests of what the platform's reading reads (floe-core), which traces made later refer to.
  if (opts.cacheDir || opts.cache) tracer.recordReads = true;
  try {
    const cache = opts.cache ?? (opts.cacheDir ? CheckCache.load(opts.cacheDir, ws.root, ws.engineOptions) : undefined);
    const { pyprojects, floeCore } = ws.prepare();
    stats.packages = pyprojects.length;
    cache?.usePlatform(floeCore);
    let todo = pyprojects;
    if (cache) {
      todo = [];
      for (const f of pyprojects) {
        const hit = cache.take(f, ws.fs);
        if (hit) {
          ws.seedPackages(hit.data, hit.trace);
          // A trace around this one (a whole run's) depends on what the taken checks did.
          tracer.add(hit.trace);
        } else todo.push(f);
      }
      stats.cached = cache.stats.hits;
    }
    const keep = (r: TracedPackageChecks) => {
      if (cache && r.trace) cache.put(r.file, r.trace, r.data);
    };
    const chunks = chunksOf(todo);
    if (useWorker && todo.length >= (opts.minPackages ?? PARALLEL_MIN_PACKAGES)) await withWorker(ws, script!, chunks, floeCore, !!cache, keep, stats, opts);
    else if (cache) {
      let i = 0;
      await checkHere(ws, () => chunks[i++], floeCore, true, keep, stats, opts);
    }
    if (cache) stats.cache = cache.stats;
    // A cache given by the caller is the caller's to write.
    if (cache && !opts.cache && !opts.stale?.()) cache.save();
  } finally {
    tracer.recordReads = recording;
  }
  return stats;
}

function chunksOf(files: string[]): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK));
  return chunks;
}

/**
 * Check the chunks `next` gives on this thread until it gives none (under a trace each, kept with
 * `keep`, when `traced`), letting messages in between chunks; stops early once the folder is stale.
 */
async function checkHere(
  ws: FloeWorkspace,
  next: () => string[] | undefined,
  floeCore: FloeCoreFound | undefined,
  traced: boolean,
  keep: (r: TracedPackageChecks) => void,
  stats: ParallelStats,
  opts: PrefetchOptions,
): Promise<void> {
  for (let chunk = next(); chunk; chunk = next()) {
    if (traced) for (const r of ws.checkPackagesTraced(chunk, floeCore)) keep(r);
    else ws.checkPackages(chunk, floeCore, false);
    stats.here += chunk.length;
    if (opts.between) await opts.between();
    if (opts.stale?.()) break;
  }
}

/** Check the chunks on this thread and a worker thread taking them in turn (a shared counter). */
async function withWorker(
  ws: FloeWorkspace,
  script: string,
  chunks: string[][],
  floeCore: FloeCoreFound | undefined,
  traced: boolean,
  keep: (r: TracedPackageChecks) => void,
  stats: ParallelStats,
  opts: PrefetchOptions,
): Promise<void> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { root: ws.root, options: ws.engineOptions, floeCore, chunks, counter, docs: opts.docs ?? [], traced };
  let worker: Worker | undefined;
  let results: Promise<TracedPackageChecks[][]> = Promise.resolve([]);
  try {
    const w = (worker = new Worker(script, { workerData: { [KEY]: input } }));
    results = new Promise<TracedPackageChecks[][]>((resolve) => {
      w.once('message', (m: TracedPackageChecks[][]) => resolve(m));
      w.once('error', () => resolve([]));
      w.once('exit', () => resolve([]));
    });
  } catch {
    worker = undefined;
  }
  try {
    await checkHere(ws, () => chunks[Atomics.add(counter, 0, 1)], floeCore, traced, keep, stats, opts);
    // Whatever the worker has not taken yet is left for the analysis.
    Atomics.store(counter, 0, chunks.length);
    const shares = await results;
    if (!opts.stale?.()) {
      for (const share of shares) {
        for (const r of share) {
          // Kept before it is seeded: seeding links the data to this workspace's objects.
          keep(r);
          ws.seedPackages(r.data, r.trace);
          ws.fs.tracer.add(r.trace);
          stats.worker++;
        }
      }
    }
  } finally {
    if (worker) await worker.terminate();
  }
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
  script: string | undefined,
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
  // Traced only for a thread that keeps the checks (the cost is a digest per file read).
  ws.fs.tracer.recordReads = input.traced;
  const out: TracedPackageChecks[][] = [];
  for (let i = Atomics.add(input.counter, 0, 1); i < input.chunks.length; i = Atomics.add(input.counter, 0, 1)) {
    const chunk = input.chunks[i];
    out.push(input.traced ? ws.checkPackagesTraced(chunk, input.floeCore) : chunk.map((file) => ({ file, data: ws.checkPackages([file], input.floeCore) })));
  }
  parentPort.postMessage(out);
  return true;
}

/** How many packages were checked, and by which thread (the rest: in the analysis itself). */
export interface ParallelStats {
  packages: number;
  here: number;
  worker: number;
  /** Taken from the kept cache. */
  cached: number;
  /** The kept cache's counts, when one was used and written. */
  cache?: CacheStats;
}
