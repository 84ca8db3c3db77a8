// Analysis passes. Folders with changes wait in `pending`. A pass starts as soon as the server is
// idle: when the connection's queue holds no more messages (every change that has arrived is
// applied first, so a burst read at once is one pass). The analysis runs in steps of a few
// milliseconds; between them queued messages are let in, and a folder that changed meanwhile
// stops its run at once (the steps done so far stay in the engine's caches) and is analysed
// again. A result is published only if its folder did not change before it could be sent.
// Per folder, publishing costs in proportion to the files and plugins whose diagnostics changed.
// With the initialization option `debounceMs` > 0, a burst of changes also waits for that much
// quiet (the first change after a quiet spell still runs at once).
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { formatDuration as dur } from '../../../shared/duration';
import { prefetchWithWorker, type AnalysisResult } from '../engine';
import type { ServerCore } from './core';
import { groupByFile } from './diagnostics';
import type { FolderIndex } from './folders';
import type { StatusReporter } from './status';

/** How long the analysis runs before it lets queued messages in (ms). */
export const SLICE_MS = 4;

export interface PassHooks {
  /** After a pass: the folders whose results were published. */
  afterPass(published: FolderIndex[]): void;
}

/** What the scheduler waits on: the message queue running empty, and (with a debounce) a timer. */
export interface PassClock {
  /** Resolves once the connection has no queued messages left. */
  quiet(): Promise<void>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const NODE_TIMERS: Pick<PassClock, 'setTimeout' | 'clearTimeout'> = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

type Outcome = { result: AnalysisResult | undefined; busyMs: number; waitedMs: number } | 'stale';

export class PassScheduler {
  private readonly pending = new Set<FolderIndex>();
  private timer: unknown;
  /** A start waits for the message queue to run empty. */
  private starting = false;
  private running = false;
  private rerun = false;
  private lastChange = 0;
  /** When the oldest change not yet taken up by a pass arrived (for the trace). */
  private changedAt: number | undefined;
  private passPromise: Promise<void> | undefined;
  /** Runs stopped because their folder changed (tests, trace). */
  stopped = 0;

  constructor(
    private readonly core: ServerCore,
    private readonly status: StatusReporter,
    private readonly hooks: PassHooks,
    private readonly clock: PassClock,
  ) {}

  /** These folders changed: analyse them in the next pass. */
  add(folder: FolderIndex): void {
    this.pending.add(folder);
  }

  forget(folder: FolderIndex): void {
    this.pending.delete(folder);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Changes were added: run a pass as soon as the server is idle (or after the debounce, when one is set). */
  schedule(): void {
    if (this.core.shuttingDown) return;
    this.changedAt ??= performance.now();
    const debounce = this.core.opts.debounceMs;
    if (debounce > 0) {
      const now = Date.now();
      const quiet = now - this.lastChange >= debounce;
      this.lastChange = now;
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = undefined;
          this.startWhenIdle();
        },
        quiet && !this.running ? 0 : debounce,
      );
      return;
    }
    // A running pass notices the change at its next step and takes the folder up again.
    if (!this.running) this.startWhenIdle();
  }

  private startWhenIdle(): void {
    if (this.starting) return;
    this.starting = true;
    void this.clock.quiet().then(() => {
      this.starting = false;
      if (this.pending.size && !this.core.shuttingDown) void this.run();
    });
  }

  /** Index folders at once (added folders, changed settings), with status and progress. */
  index(folders: FolderIndex[], title: string): Promise<void> {
    return this.status.indexing(title, folders.length, async (progress) => {
      const delay = this.core.opts.indexDelayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      for (const f of folders) this.pending.add(f);
      return this.run(progress);
    });
  }

  /** Run a pass over the pending folders; while one runs, the running pass takes them up. */
  run(progress?: WorkDoneProgressServerReporter): Promise<void> {
    if (this.passPromise) {
      this.rerun = true;
      return this.passPromise;
    }
    this.passPromise = this.pass(progress).finally(() => {
      this.passPromise = undefined;
      if (this.pending.size && !this.core.shuttingDown && (this.rerun || this.core.opts.debounceMs === 0) && this.timer === undefined) {
        this.rerun = false;
        this.startWhenIdle();
      }
    });
    return this.passPromise;
  }

  private async pass(progress?: WorkDoneProgressServerReporter): Promise<void> {
    this.running = true;
    const published: FolderIndex[] = [];
    const changed: string[] = [];
    try {
      do {
        this.rerun = false;
        const batch = [...this.pending];
        this.pending.clear();
        const since = this.changedAt;
        this.changedAt = undefined;
        for (let i = 0; i < batch.length; i++) {
          const folder = batch[i];
          if (folder.disposed || this.core.shuttingDown) continue;
          progress?.report(Math.round((i / batch.length) * 100), `${folder.name} (${i + 1}/${batch.length})`);
          const gen = folder.generation;
          const seq = this.core.publisher.nextSeq();
          const t0 = performance.now();
          let outcome: Outcome;
          try {
            if (!folder.result) await this.prefetch(folder, gen);
            outcome = await this.analyze(folder, gen);
          } catch (e) {
            this.core.log(`analysis of ${folder.root}`, e);
            continue;
          }
          const t1 = performance.now();
          if (outcome === 'stale' || folder.generation !== gen) {
            // A newer change: analysed again in this pass, from the engine's caches.
            if (!folder.disposed) {
              this.pending.add(folder);
              this.rerun = true;
            }
            if (outcome === 'stale') {
              this.stopped++;
              this.core.trace(`stopped ${folder.name}: a newer change after ${(t1 - t0).toFixed(1)} ms`);
            }
            continue;
          }
          const r = outcome.result;
          if (folder.disposed || !r) continue;
          const t2 = performance.now();
          let sent: number, modelChanged: boolean;
          try {
            ({ sent, modelChanged } = this.publish(folder, r, seq));
          } catch (e) {
            this.core.log(`publishing ${folder.root}`, e);
            continue;
          }
          if (!published.includes(folder)) published.push(folder);
          if (modelChanged && !changed.includes(folder.uri)) changed.push(folder.uri);
          if (this.core.opts.trace) {
            const t3 = performance.now();
            const waited = since !== undefined ? `, ${dur(t3 - since)} after the change (${dur(t0 - since)} queued)` : '';
            this.core.trace(
              `pass ${folder.name}: analyze ${dur(outcome.busyMs)}, yield ${dur(outcome.waitedMs + t2 - t1)}, publish ${dur(t3 - t2)} (${sent} files sent${modelChanged ? ', model changed' : ''})${waited}`,
            );
          }
        }
      } while (this.pending.size && !this.core.shuttingDown && (this.rerun || this.core.opts.debounceMs === 0) && this.timer === undefined);
    } finally {
      this.running = false;
    }
    try {
      this.core.registryChanged(changed);
      this.status.send();
      this.hooks.afterPass(published);
    } catch (e) {
      this.core.log('after the pass', e);
    }
  }

  /**
   * One folder's analysis in slices of SLICE_MS; between slices (and before the result is
   * published) queued messages are let in. 'stale': the folder changed, and the run was stopped.
   */
  private async analyze(folder: FolderIndex, gen: number): Promise<Outcome> {
    const steps = folder.analysisSteps();
    let busyMs = 0;
    let waitedMs = 0;
    try {
      let start = performance.now();
      for (;;) {
        const r = steps.next();
        const now = performance.now();
        if (r.done) {
          busyMs += now - start;
          await this.clock.quiet();
          waitedMs += performance.now() - now;
          return folder.generation === gen ? { result: r.value, busyMs, waitedMs } : 'stale';
        }
        if (now - start < SLICE_MS) continue;
        busyMs += now - start;
        await this.clock.quiet();
        start = performance.now();
        waitedMs += start - now;
        if (folder.generation !== gen || folder.disposed || this.core.shuttingDown) return 'stale';
      }
    } finally {
      steps.return(undefined);
    }
  }

  /**
   * A folder's first analysis: packages whose kept checks still hold taken from the cache (with
   * a `cacheDir`), the others checked on this thread and a worker thread (when it is large), this
   * thread letting messages in between its chunks.
   */
  private async prefetch(folder: FolderIndex, gen: number): Promise<void> {
    const { cacheDir, jobs } = this.core.opts;
    const script = jobs === 1 ? undefined : this.core.opts.workerScript;
    if (!folder.ws || (!script && !cacheDir)) return;
    const stats = await prefetchWithWorker(folder.ws, script, {
      force: jobs === 2,
      cacheDir,
      docs: this.core.overlay.documents().filter(([f]) => folder.contains(f)),
      between: () => this.clock.quiet(),
      stale: () => folder.generation !== gen || folder.disposed || this.core.shuttingDown,
    });
    if (stats.worker || stats.cache)
      this.core.trace(
        `first analysis of ${folder.name}: ${stats.packages} packages, ${stats.cached} taken from the cache, ${stats.here} checked here, ${stats.worker} in a worker thread`,
      );
  }

  /** Publish the files whose diagnostics changed; note whether the plugin model changed. */
  private publish(folder: FolderIndex, r: AnalysisResult, seq: number): { sent: number; modelChanged: boolean } {
    const { byFile, changed } = groupByFile(r.diagnostics, folder.published);
    folder.published = byFile;
    const sent = this.core.publisher.setFolder(folder.uri, byFile, changed, seq, (file) => folder.contains(file));
    const modelChanged = folder.registry.update(r);
    return { sent, modelChanged };
  }
}
