// What the server's parts share: the connection, the overlay file system of open documents, the
// folder indexes, the diagnostic publisher, the client's capabilities and the server options; plus
// the guard that turns a handler's exception into a log line and an empty answer.
import { CodeLensRefreshRequest, type ClientCapabilities, type Connection, type NotificationType } from 'vscode-languageserver/node';
import { DidChangeRegistryNotification, type ListPluginsParams } from '../../../shared/protocol';
import { NodeFileSystem, OverlayFileSystem } from '../engine';
import { DiagnosticPublisher } from './diagnostics';
import type { FolderIndex } from './folders';
import { pathToUri, uriToPath } from './uri';

export interface ServerOptions {
  /** Quiet time a burst of changes waits for before its pass (ms); 0: a pass starts as soon as the server is idle. */
  debounceMs: number;
  /** Log each pass's timings (initialization option `trace`). */
  trace: boolean;
  /** Tests only (initialization option `testIndexDelayMs`): wait this long before each indexing run,
   * so a client's "indexing" state can be seen on a small workspace. */
  indexDelayMs: number;
  /** The server's bundle: a large folder's first analysis is shared with a worker thread running it. */
  workerScript?: string;
  /** Initialization option `jobs`: 'auto' (a worker thread when a core is idle), 1 (never), 2 (always). */
  jobs: 'auto' | 1 | 2;
  /** Initialization option `cacheDir`: where package checks are kept between sessions (engine/analysis/checkCache.ts); none: nothing is kept. */
  cacheDir?: string;
}

export class ServerCore {
  readonly overlay = new OverlayFileSystem(new NodeFileSystem());
  readonly folders = new Map<string, FolderIndex>();
  /** The URI the client used for each open document (published diagnostics use it). */
  readonly docUris = new Map<string, string>();
  readonly publisher: DiagnosticPublisher;
  caps: ClientCapabilities = {};
  readonly opts: ServerOptions = { debounceMs: 0, trace: false, indexDelayMs: 0, jobs: 'auto' };
  shuttingDown = false;
  private lensRefresh: 'idle' | 'sent' | 'again' = 'idle';

  constructor(readonly connection: Connection) {
    this.publisher = new DiagnosticPublisher(
      (uri, diagnostics) => {
        void this.connection.sendDiagnostics({ uri, diagnostics });
      },
      (file) => this.docUris.get(file) ?? pathToUri(file),
    );
  }

  /** An error (`window/logMessage` type Error): where it happened and the exception. */
  log(where: string, e: unknown): void {
    const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    try {
      this.connection.console.error(`${where}: ${msg}`);
    } catch {
      /* connection gone */
    }
  }

  /** A line for the output at information level (the client names the server; no prefix here). */
  info(message: string): void {
    try {
      this.connection.console.info(message);
    } catch {
      /* connection gone */
    }
  }

  /** The per-pass trace (initialization option `trace`), type Log: the client shows it at trace level. */
  trace(message: string): void {
    if (!this.opts.trace) return;
    try {
      this.connection.console.log(message);
    } catch {
      /* connection gone */
    }
  }

  /** A handler that never throws: an exception becomes a log line and `fallback`. */
  safe<A extends unknown[], R>(where: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        this.log(where, e);
        return fallback;
      }
    };
  }

  /** A notification handler that never throws and returns nothing (its work may go on after it returns). */
  safeNotification<A extends unknown[]>(where: string, fn: (...args: A) => unknown): (...args: A) => void {
    const run = this.safe(where, undefined, fn);
    return (...args: A) => {
      void run(...args);
    };
  }

  /** Send a notification; a connection that has gone away is logged, never an unhandled rejection. */
  notify<P>(type: NotificationType<P>, params: P): void {
    this.connection.sendNotification(type, params).catch((e: unknown) => this.log(`sending ${type.method}`, e));
  }

  /** All folders, or the one a request names by `folderUri`. */
  selectFolders(p: ListPluginsParams | undefined): FolderIndex[] {
    const all = [...this.folders.values()];
    if (!p?.folderUri) return all;
    const file = uriToPath(p.folderUri);
    return all.filter((f) => f.uri === p.folderUri || (file !== undefined && f.root === file));
  }

  /** Tell the client these folders' plugin models changed, and refresh its CodeLenses. */
  registryChanged(folderUris: string[]): void {
    if (!folderUris.length) return;
    this.notify(DidChangeRegistryNotification.type, { folderUris });
    this.refreshCodeLenses();
  }

  /** One `workspace/codeLens/refresh` at a time: changes while one is answered fold into one more. */
  private refreshCodeLenses(): void {
    if (!this.caps.workspace?.codeLens?.refreshSupport) return;
    if (this.lensRefresh !== 'idle') {
      this.lensRefresh = 'again';
      return;
    }
    this.lensRefresh = 'sent';
    void this.connection
      .sendRequest(CodeLensRefreshRequest.type)
      .catch(() => undefined)
      .finally(() => {
        const again = this.lensRefresh === 'again';
        this.lensRefresh = 'idle';
        if (again && !this.shuttingDown) this.refreshCodeLenses();
      });
  }
}
