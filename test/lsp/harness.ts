// A JSON-RPC client for protocol tests: spawns the real bundled server (`node dist/server.js
// --stdio`), answers its requests (configuration, progress creation, registrations), records its
// notifications and waits on them with timeouts.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { WorkDoneProgress, type Diagnostic, type InitializeResult } from 'vscode-languageserver-protocol';
import { scaled } from '../lib/machine';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'lsp');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export const uri = (file: string) => pathToFileURL(file).href;

const copies: string[] = [];
process.on('exit', () => {
  for (const d of copies) fs.rmSync(d, { recursive: true, force: true });
});

/** Copy a fixture workspace (`test/fixtures/lsp/<name>`, or `../<name>` for another fixture folder) into a
 * fresh temp dir (tests edit their copy; removed when the process exits). */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `floe-lsp-${path.basename(name)}-`));
  copies.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return fs.realpathSync(dir);
}

export interface Notification {
  method: string;
  params: any;
  at?: number;
}

/** The catch-all handlers vscode-jsonrpc has (ProtocolConnection's typings leave them out). */
interface StarHandlers {
  onRequest(handler: (method: string, params: unknown) => unknown): void;
  onNotification(handler: (method: string, params: unknown) => void): void;
}

interface Waiter {
  test: () => boolean;
  resolve: () => void;
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: Notification[] = [];
  readonly requests: Notification[] = [];
  readonly stderr: string[] = [];
  /** Settings per folder URI (answered to workspace/configuration). */
  settings = new Map<string, Record<string, unknown>>();
  private waiters: Waiter[] = [];
  exited = false;

  /** Starts the bundled server (dist/server.js), or `opts.command` (an installed `floe-language-server`). */
  constructor(args: string[] = ['--stdio'], opts: { command?: string } = {}) {
    this.proc = opts.command
      ? spawn(opts.command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.proc.on('exit', () => {
      this.exited = true;
      this.poke();
    });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    const star = this.conn as unknown as StarHandlers;
    star.onRequest((method, params: any) => {
      this.requests.push({ method, params });
      this.poke();
      if (method === 'workspace/configuration') {
        return (params?.items ?? []).map((it: { scopeUri?: string }) => this.settings.get(it.scopeUri ?? '') ?? {});
      }
      if (method === 'window/workDoneProgress/create') this.trackProgress(params.token);
      return null;
    });
    star.onNotification((method, params: any) => {
      this.notifications.push({ method, params, at: performance.now() });
      if (method === 'textDocument/publishDiagnostics') this.diagnostics.set(params.uri, params.diagnostics);
      this.poke();
    });
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  /** `$/progress` goes to per-token handlers, not to the catch-all: record it as a notification. */
  trackProgress(token: string | number): void {
    this.conn.onProgress(WorkDoneProgress.type, token, (value) => {
      this.notifications.push({ method: '$/progress', params: { token, value } });
      this.poke();
    });
  }

  private poke(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      let ok = false;
      try {
        ok = w.test();
      } catch {
        ok = false;
      }
      if (ok) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Resolves when `test` holds (checked on every message), rejects after `ms` (scaled to the machine). */
  waitFor(what: string, test: () => boolean, budgetMs = 10000): Promise<void> {
    if (test()) return Promise.resolve();
    const ms = scaled(budgetMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`timed out after ${ms} ms waiting for ${what}; stderr: ${this.stderr.join('').slice(-2000)}; logs: ${this.logs().slice(-5).join(' | ')}`),
        );
      }, ms);
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits until the diagnostics published for the file satisfy `pred`; returns them. */
  async waitDiagnostics(file: string, pred: (d: Diagnostic[]) => boolean, ms = 10000): Promise<Diagnostic[]> {
    const u = uri(file);
    await this.waitFor(`diagnostics of ${file}`, () => this.diagnostics.has(u) && pred(this.diagnostics.get(u)!), ms);
    return this.diagnostics.get(u)!;
  }

  /** Waits for a notification (after index `from`) matching `pred`. */
  async waitNotification(method: string, pred: (p: any) => boolean = () => true, from = 0, ms = 10000): Promise<any> {
    let found: any;
    await this.waitFor(
      method,
      () => {
        found = this.notifications.slice(from).find((n) => n.method === method && pred(n.params));
        return !!found;
      },
      ms,
    );
    return found.params;
  }

  logs(): string[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => String(n.params?.message));
  }

  async initialize(folders: string[], capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<InitializeResult> {
    const caps = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        codeLens: { refreshSupport: true },
      },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
      ...capabilities,
    };
    const res = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uri(folders[0]) : null,
      capabilities: caps,
      workspaceFolders: folders.map((f) => ({ uri: uri(f), name: path.basename(f) })),
      initializationOptions,
    })) as InitializeResult;
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  /** Waits for the first `floe/status` with state `ready` after index `from`. */
  ready(from = 0, ms = 15000): Promise<any> {
    return this.waitNotification('floe/status', (p) => p.state === 'ready', from, ms);
  }

  private versions = new Map<string, number>();
  open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = 'plaintext'): void {
    this.versions.set(file, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version: 1, text } });
  }
  change(file: string, text: string): void {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version: v }, contentChanges: [{ text }] });
  }
  /** An incremental change (as VS Code sends them): `text` replaces `range`. */
  edit(file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version: v }, contentChanges: [{ range, text }] });
  }
  close(file: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }
  /** Watched-file events: 1 created, 2 changed, 3 deleted. */
  watched(changes: Array<[string, 1 | 2 | 3]>): void {
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([f, type]) => ({ uri: uri(f), type })) });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    // Wait for the server's own shutdown and exit, but no longer than a grace period each; then kill.
    const grace = <T>(p: Promise<T>) => Promise.race([p, new Promise<void>((r) => setTimeout(r, STOP_GRACE_MS))]);
    if (!this.exited) {
      try {
        await grace(this.conn.sendRequest('shutdown'));
        void this.conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
    }
    if (!this.exited) await grace(new Promise((r) => this.proc.once('exit', r)));
    if (!this.exited) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}

/** How long stop() waits for the server to shut down and exit by itself before killing it. */
const STOP_GRACE_MS = 2000;

export const pos = (line: number, character: number) => ({ line, character });
export const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();
