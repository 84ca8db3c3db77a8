// "Indexing" in the Plugins view: from activation until the server's first pass has filled the
// tree (and again while the server re-indexes), the view shows its progress bar and, while it is
// empty, a welcome text saying so instead of "No floe plugins found".
import * as vscode from 'vscode';

export const INDEXING_CONTEXT = 'floe.indexing';

export class IndexingState implements vscode.Disposable {
  private ends: Array<() => void> = [];
  private readonly emitter = new vscode.EventEmitter<boolean>();
  /** Fires true when indexing starts, false when it ends. */
  readonly onDidChange = this.emitter.event;
  /** Times indexing started (for the tests). */
  starts = 0;

  constructor(private readonly viewId: string) {}

  get active(): boolean {
    return this.ends.length > 0;
  }

  /** Indexing started (nested starts are counted); the returned function ends this one. */
  begin(): () => void {
    let ended = false;
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const end = () => {
      if (ended) return;
      ended = true;
      resolve();
      this.ends = this.ends.filter((e) => e !== end);
      if (!this.ends.length) this.set(false);
    };
    this.ends.push(end);
    if (this.ends.length === 1) {
      this.starts++;
      this.set(true);
    }
    void vscode.window.withProgress({ location: { viewId: this.viewId } }, () => done);
    return end;
  }

  /** Indexing while `work` runs. */
  async during<T>(work: Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work;
    } finally {
      end();
    }
  }

  /** End every indexing in progress (the server is gone). */
  reset(): void {
    for (const e of [...this.ends]) e();
  }

  private set(on: boolean): void {
    void vscode.commands.executeCommand('setContext', INDEXING_CONTEXT, on);
    this.emitter.fire(on);
  }

  dispose(): void {
    this.reset();
    this.emitter.dispose();
  }
}
