// Analysis passes: folders with changes wait in `pending`; a leading and trailing debounce starts a
// pass; a pass analyses each pending folder, lets queued messages in, drops a result whose folder
// changed meanwhile (it is analysed again) and publishes the rest. Per folder, the publishing
// costs in proportion to the files and plugins whose diagnostics changed.
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { formatDuration as dur } from '../../../shared/duration';
import type { AnalysisResult } from '../engine';
import type { ServerCore } from './core';
import { groupByFile } from './diagnostics';
import type { FolderIndex } from './folders';
import type { StatusReporter } from './status';

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PassHooks {
  /** After a pass: the folders whose results were published. */
  afterPass(published: FolderIndex[]): void;
}

export class PassScheduler {
  private readonly pending = new Set<FolderIndex>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private rerun = false;
  private lastChange = 0;
  /** When the oldest change not yet taken up by a pass arrived (for the trace). */
  private changedAt: number | undefined;
  private passPromise: Promise<void> | undefined;

  constructor(private readonly core: ServerCore, private readonly status: StatusReporter, private readonly hooks: PassHooks) {}

  /** These folders changed: analyse them in the next pass. */
  add(folder: FolderIndex): void { this.pending.add(folder); }

  forget(folder: FolderIndex): void { this.pending.delete(folder); }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Leading and trailing debounce: the first change after a quiet spell runs at once, a burst waits for quiet. */
  schedule(): void {
    if (this.core.shuttingDown) return;
    const now = Date.now();
    this.changedAt ??= performance.now();
    const quiet = now - this.lastChange >= this.core.opts.debounceMs;
    this.lastChange = now;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, quiet && !this.running ? 0 : this.core.opts.debounceMs);
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
      if (this.rerun && this.pending.size) {
        this.rerun = false;
        void this.run();
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
          let r: AnalysisResult | undefined;
          const t0 = performance.now();
          try {
            r = folder.analyze();
          } catch (e) {
            this.core.log(`analysis of ${folder.root}`, e);
          }
          const t1 = performance.now();
          // Let queued messages in: a newer change supersedes this result.
          await nextTick();
          await nextTick();
          if (folder.disposed || !r) continue;
          if (folder.generation !== gen) { this.pending.add(folder); this.rerun = this.rerun || !this.timer; continue; }
          const t2 = performance.now();
          let outcome: { sent: number; modelChanged: boolean };
          try {
            outcome = this.publish(folder, r, seq);
          } catch (e) {
            this.core.log(`publishing ${folder.root}`, e);
            continue;
          }
          const { sent, modelChanged } = outcome;
          if (!published.includes(folder)) published.push(folder);
          if (modelChanged && !changed.includes(folder.uri)) changed.push(folder.uri);
          if (this.core.opts.trace) {
            const t3 = performance.now();
            const waited = since !== undefined ? `, ${dur(t3 - since)} after the change (${dur(t0 - since)} queued)` : '';
            this.core.trace(`pass ${folder.name}: analyze ${dur(t1 - t0)}, yield ${dur(t2 - t1)}, publish ${dur(t3 - t2)} (${sent} files sent${modelChanged ? ', model changed' : ''})${waited}`);
          }
        }
      } while (this.rerun && this.pending.size && !this.core.shuttingDown);
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

  /** Publish the files whose diagnostics changed; note whether the plugin model changed. */
  private publish(folder: FolderIndex, r: AnalysisResult, seq: number): { sent: number; modelChanged: boolean } {
    const { byFile, changed } = groupByFile(r.diagnostics, folder.published);
    folder.published = byFile;
    const sent = this.core.publisher.setFolder(folder.uri, byFile, changed, seq, (file) => folder.contains(file));
    const modelChanged = folder.registry.update(r);
    return { sent, modelChanged };
  }
}
