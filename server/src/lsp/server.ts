// The Floe language server: one FolderIndex per workspace folder over one overlay file system,
// kept current from document changes and watched-file events, with debounced, superseding
// analysis passes whose diagnostics are published per file.
import * as path from 'node:path';
import {
  CodeActionKind, CodeLensRefreshRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult,
  type TextDocumentPositionParams, type WorkDoneProgressReporter, type WorkDoneProgressServerReporter, type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DependencyOrderRequest, DidChangeRegistryNotification, EffectiveConfigRequest, HealthResultNotification,
  ListPluginsRequest, RunHealthChecksRequest, ScaffoldPluginRequest, StatusNotification,
  type EffectiveConfigParams, type EffectiveConfigResult, type ListPluginsParams, type RunHealthChecksParams, type RunHealthChecksResult,
  type ScaffoldPluginParams, type ScaffoldPluginResult, type StatusParams,
} from '../../../shared/protocol';
import { NodeFileSystem, OverlayFileSystem } from '../engine/fs';
import type { AnalysisResult } from '../engine/model';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion, TRIGGER_CHARACTERS } from './completion';
import { makeContext, type DocContext } from './context';
import { definition } from './definition';
import { DiagnosticPublisher, groupByFile, toLspDiagnostic } from './diagnostics';
import { folderFor, FolderIndex } from './folders';
import { runHealth } from './health';
import { refreshPythonSchemas } from './schemas';
import { hover } from './hover';
import { counts, dependencyOrder, folderPlugins, registrySignature } from './model';
import { effectiveConfigFor, scaffoldFor } from './requests';
import { DEFAULT_SETTINGS, normalizeSettings, SECTION, type FloeSettings } from './settings';
import { quickSyntax } from './syntaxCheck';
import { pathToUri, uriToPath } from './uri';

export const WATCH_GLOBS = ['**/pyproject.toml', '**/*.py', '**/entry_points.txt', '**/*.{yaml,yml,json}', '**/*.pth'];

export interface ServerOptions {
  /** Quiet time that ends a change burst before the full pass (ms). */
  debounceMs: number;
  /** Log each pass's timings (initialization option `trace`). */
  trace: boolean;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FloeServer {
  private readonly overlay = new OverlayFileSystem(new NodeFileSystem());
  private readonly documents = new TextDocuments(TextDocument);
  private readonly folders = new Map<string, FolderIndex>();
  private readonly docUris = new Map<string, string>();
  private readonly publisher: DiagnosticPublisher;
  private caps: ClientCapabilities = {};
  private initialFolders: WorkspaceFolder[] = [];
  private initSettings: unknown;
  private readonly pending = new Set<FolderIndex>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private rerun = false;
  private lastChange = 0;
  private indexing = 0;
  private lastStatus = '';
  private shuttingDown = false;
  /** The client sends file events itself (synchronize.fileEvents): no dynamic watcher registration. */
  private clientWatchesFiles = false;
  private readonly opts: ServerOptions = { debounceMs: 150, trace: false };

  constructor(private readonly connection: Connection) {
    this.publisher = new DiagnosticPublisher(
      (uri, diagnostics) => { void this.connection.sendDiagnostics({ uri, diagnostics }); },
      (file) => this.docUris.get(file) ?? pathToUri(file),
    );
    this.wire();
  }

  // ---- plumbing -------------------------------------------------------------------------

  private log(where: string, e: unknown): void {
    const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    try { this.connection.console.error(`[floe] ${where}: ${msg}`); } catch { /* connection gone */ }
  }

  /** A handler that never throws: an exception becomes a log line and `fallback`. */
  private safe<A extends unknown[], R>(where: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try { return await fn(...args); } catch (e) { this.log(where, e); return fallback; }
    };
  }

  private wire(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(this.safe('initialized', undefined, () => this.initialized()));
    c.onShutdown(() => { this.shuttingDown = true; if (this.timer) clearTimeout(this.timer); });

    this.documents.onDidOpen(this.safe('didOpen', undefined, (e) => this.documentChanged(e.document)));
    this.documents.onDidChangeContent(this.safe('didChange', undefined, (e) => this.documentChanged(e.document)));
    this.documents.onDidClose(this.safe('didClose', undefined, (e) => this.documentClosed(e.document)));
    this.documents.listen(c);

    c.onDidChangeWatchedFiles(this.safe('didChangeWatchedFiles', undefined, (p) => {
      const files = (p?.changes ?? []).map((ch) => uriToPath(ch?.uri)).filter((f): f is string => !!f);
      this.filesChanged(files);
    }));
    c.onDidChangeConfiguration(this.safe('didChangeConfiguration', undefined, (p) => this.configurationChanged(p?.settings)));

    c.onHover(this.safe('hover', null, (p) => this.withDoc(p, null, (ctx) => hover(ctx, p.position))));
    c.onDefinition(this.safe('definition', [], (p) => this.withDoc(p, [], (ctx) => definition(ctx, p.position))));
    c.onCompletion(this.safe('completion', [], (p) => this.withDoc(p, [], (ctx) => completion(ctx, p.position))));
    c.onCodeAction(this.safe('codeAction', [], (p) => {
      const file = uriToPath(p?.textDocument?.uri);
      const folder = file ? folderFor(this.folders.values(), file) : undefined;
      const diags = folder?.result?.diagnostics.filter((d) => d.file === file) ?? [];
      return codeActions(p, diags);
    }));
    c.onCodeLens(this.safe('codeLens', [], (p) => this.withDoc({ textDocument: p.textDocument, position: { line: 0, character: 0 } }, [], codeLenses)));

    c.onRequest(ListPluginsRequest.type, this.safe('listPlugins', { folders: [] }, (p) => ({
      folders: this.selectFolders(p).flatMap((f) => (f.result ? [folderPlugins(f.uri, f.name, f.result, (id) => f.health.get(id))] : [])),
    })));
    c.onRequest(DependencyOrderRequest.type, this.safe('dependencyOrder', { folders: [] }, (p) => ({
      folders: this.selectFolders(p).flatMap((f) => (f.result ? [dependencyOrder(f.uri, f.result)] : [])),
    })));
    c.onRequest(EffectiveConfigRequest.type, this.safe<[EffectiveConfigParams], EffectiveConfigResult>(
      'effectiveConfig', { found: false, message: 'internal error' }, (p) => effectiveConfigFor([...this.folders.values()], this.overlay, p ?? {})));
    c.onRequest(ScaffoldPluginRequest.type, this.safe<[ScaffoldPluginParams], ScaffoldPluginResult>('scaffoldPlugin', {
      files: [], mainUri: '', mainRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, error: 'internal error',
    }, (p) => scaffoldFor([...this.folders.values()], this.overlay, p)));
    c.onRequest(RunHealthChecksRequest.type, this.safe<[RunHealthChecksParams, CancellationToken], RunHealthChecksResult>(
      'runHealthChecks', { results: [], refused: 'internal error' }, (p, token) => this.runHealthChecks(p ?? {}, token)));
  }

  private withDoc<R>(p: TextDocumentPositionParams, empty: R, fn: (ctx: DocContext) => R): R {
    const file = uriToPath(p?.textDocument?.uri);
    if (!file || !p.position || typeof p.position.line !== 'number') return empty;
    const folder = folderFor(this.folders.values(), file);
    if (!folder) return empty;
    const ctx = makeContext(file, folder, this.overlay.readFile(file));
    return ctx ? fn(ctx) : empty;
  }

  private selectFolders(p: ListPluginsParams | undefined): FolderIndex[] {
    const all = [...this.folders.values()];
    if (!p?.folderUri) return all;
    const file = uriToPath(p.folderUri);
    return all.filter((f) => f.uri === p.folderUri || (file !== undefined && f.root === file));
  }

  // ---- lifecycle ------------------------------------------------------------------------

  private initialize(p: InitializeParams): InitializeResult {
    this.caps = p?.capabilities ?? {};
    const init = (p?.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: unknown; trace?: unknown; clientWatchesFiles?: unknown };
    this.clientWatchesFiles = init.clientWatchesFiles === true;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) this.opts.debounceMs = init.debounceMs;
    this.opts.trace = init.trace === true;
    this.initSettings = init.settings;
    if (Array.isArray(p?.workspaceFolders) && p.workspaceFolders.length) this.initialFolders = p.workspaceFolders;
    else if (p?.rootUri) this.initialFolders = [{ uri: p.rootUri, name: path.basename(uriToPath(p.rootUri) ?? p.rootUri) }];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'floe-language-server', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    c.onNotification(DidChangeWorkspaceFoldersNotification.type, this.safe('didChangeWorkspaceFolders', undefined, (p) =>
      this.foldersChanged(p?.event?.added ?? [], p?.event?.removed ?? [])));
    if (this.caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !this.clientWatchesFiles) {
      await c.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })),
      }).catch((e) => this.log('register watchers', e));
    }
    if (this.caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await c.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch((e) => this.log('register configuration', e));
    }
    await this.addFolders(this.initialFolders);
  }

  private async pullSettings(folderUri: string): Promise<FloeSettings> {
    if (this.caps.workspace?.configuration) {
      try {
        const raw = await this.connection.workspace.getConfiguration({ scopeUri: folderUri, section: SECTION });
        return normalizeSettings(raw);
      } catch (e) {
        this.log('workspace/configuration', e);
      }
    }
    const s = this.initSettings as Record<string, unknown> | undefined;
    return s ? normalizeSettings(s[SECTION] ?? s) : { ...DEFAULT_SETTINGS };
  }

  private async addFolders(list: WorkspaceFolder[]): Promise<void> {
    const added: FolderIndex[] = [];
    for (const wf of list) {
      const root = uriToPath(wf?.uri);
      if (!root || this.folders.has(wf.uri)) continue;
      const settings = await this.pullSettings(wf.uri);
      const folder = new FolderIndex(wf.uri, root, wf.name || path.basename(root), settings, this.overlay);
      if (folder.error) this.log(`folder ${root}`, folder.error);
      this.folders.set(wf.uri, folder);
      added.push(folder);
    }
    if (added.length) await this.index(added, 'Indexing Floe plugins');
  }

  private foldersChanged(added: WorkspaceFolder[], removed: WorkspaceFolder[]): Promise<void> {
    for (const wf of removed) {
      const f = this.folders.get(wf?.uri);
      if (!f) continue;
      f.disposed = true;
      this.folders.delete(wf.uri);
      this.pending.delete(f);
      this.publisher.clearFolder(f.uri);
    }
    if (removed.length) this.connection.sendNotification(DidChangeRegistryNotification.type, { folderUris: removed.map((r) => r.uri) });
    this.sendStatus();
    return this.addFolders(added);
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    if (!this.caps.workspace?.configuration && pushed !== undefined) this.initSettings = pushed;
    const reindex: FolderIndex[] = [];
    for (const f of this.folders.values()) {
      const s = await this.pullSettings(f.uri);
      if (f.updateSettings(s)) reindex.push(f);
    }
    if (reindex.length) await this.index(reindex, 'Re-indexing Floe plugins');
    else this.sendStatus(true);
  }

  // ---- changes --------------------------------------------------------------------------

  private documentChanged(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    if (!file) return;
    this.docUris.set(file, doc.uri);
    const text = doc.getText();
    this.overlay.set(file, text, doc.version);
    const touched = this.filesChanged([file]);
    if (touched.some((f) => this.relevant(f, file))) {
      const quick = quickSyntax(file, text);
      if (quick) this.publisher.setSyntax(file, quick.map(toLspDiagnostic));
    }
  }

  private relevant(folder: FolderIndex, file: string): boolean {
    try { return !!folder.ws?.isRelevant(file); } catch { return false; }
  }

  private documentClosed(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    if (!file) return;
    this.overlay.delete(file);
    this.filesChanged([file]);
    this.docUris.delete(file);
  }

  /** Invalidate the files in every folder containing them and schedule a pass. */
  private filesChanged(files: string[]): FolderIndex[] {
    const touched: FolderIndex[] = [];
    for (const f of this.folders.values()) {
      const mine = files.filter((x) => f.contains(x));
      if (!mine.length) continue;
      f.invalidate(mine);
      this.pending.add(f);
      touched.push(f);
    }
    if (touched.length) this.schedule();
    return touched;
  }

  /** Leading and trailing debounce: the first change after a quiet spell runs at once, a burst waits for quiet. */
  private schedule(): void {
    if (this.shuttingDown) return;
    const now = Date.now();
    const quiet = now - this.lastChange >= this.opts.debounceMs;
    this.lastChange = now;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runPass();
    }, quiet && !this.running ? 0 : this.opts.debounceMs);
  }

  // ---- analysis passes ------------------------------------------------------------------

  private async index(folders: FolderIndex[], title: string): Promise<void> {
    for (const f of folders) this.pending.add(f);
    this.indexing++;
    this.sendStatus(true);
    let progress: WorkDoneProgressServerReporter | undefined;
    try {
      progress = await this.connection.window.createWorkDoneProgress();
      progress.begin(title, 0, `${folders.length} folder${folders.length === 1 ? '' : 's'}`, false);
    } catch (e) {
      this.log('workDoneProgress', e);
    }
    try {
      await this.runPass(progress);
    } finally {
      progress?.done();
      this.indexing--;
      this.sendStatus(true);
    }
  }

  private passPromise: Promise<void> | undefined;

  /** Run a pass over the pending folders; while one runs, the running pass takes them up. */
  private runPass(progress?: WorkDoneProgressServerReporter): Promise<void> {
    if (this.passPromise) {
      this.rerun = true;
      return this.passPromise;
    }
    this.passPromise = this.pass(progress).finally(() => {
      this.passPromise = undefined;
      if (this.rerun && this.pending.size) {
        this.rerun = false;
        void this.runPass();
      }
    });
    return this.passPromise;
  }

  private async pass(progress?: WorkDoneProgressServerReporter): Promise<void> {
    this.running = true;
    const changed: string[] = [];
    try {
      do {
        this.rerun = false;
        const batch = [...this.pending];
        this.pending.clear();
        for (let i = 0; i < batch.length; i++) {
          const folder = batch[i];
          if (folder.disposed || this.shuttingDown) continue;
          progress?.report(Math.round((i / batch.length) * 100), `${folder.name} (${i + 1}/${batch.length})`);
          const gen = folder.generation;
          const seq = this.publisher.nextSeq();
          let r: AnalysisResult | undefined;
          const t0 = performance.now();
          try {
            r = folder.analyze();
          } catch (e) {
            this.log(`analysis of ${folder.root}`, e);
          }
          const t1 = performance.now();
          // Let queued messages in: a newer change supersedes this result.
          await nextTick();
          await nextTick();
          if (folder.disposed || !r) continue;
          if (folder.generation !== gen) { this.pending.add(folder); this.rerun = this.rerun || !this.timer; continue; }
          this.publisher.setFolder(folder.uri, groupByFile(r.diagnostics), seq, (file) => folder.contains(file));
          const t2 = performance.now();
          const sig = registrySignature(folder);
          if (sig !== folder.registrySignature) {
            folder.registrySignature = sig;
            changed.push(folder.uri);
          }
          if (this.opts.trace) {
            const t3 = performance.now();
            this.connection.console.log(`[floe] pass ${folder.name}: analyze ${(t1 - t0).toFixed(1)} ms, publish ${(t2 - t1).toFixed(1)} ms, model ${(t3 - t2).toFixed(1)} ms`);
          }
        }
      } while (this.rerun && this.pending.size && !this.shuttingDown);
    } finally {
      this.running = false;
    }
    for (const f of this.folders.values()) if (f.settings.workspaceTrusted === true) void this.exportSchemas(f);
    if (changed.length) {
      this.connection.sendNotification(DidChangeRegistryNotification.type, { folderUris: changed });
      if (this.caps.workspace?.codeLens?.refreshSupport) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
    this.sendStatus();
  }

  /** Trusted folders: export config schemas from Python in the background; re-validate manifests when they change. */
  private async exportSchemas(folder: FolderIndex): Promise<void> {
    if (folder.exporting || folder.disposed) return;
    folder.exporting = true;
    try {
      const changed = await refreshPythonSchemas(folder, this.overlay, (m) => this.connection.console.info(`[floe] ${m}`));
      if (changed && !folder.disposed && folder.result) {
        folder.invalidate(folder.result.manifests.map((m) => m.file));
        folder.registrySignature = ''; // effective configs changed: tell the client after the pass
        this.pending.add(folder);
        this.schedule();
      }
    } catch (e) {
      this.log(`config schema export for ${folder.root}`, e);
    } finally {
      folder.exporting = false;
    }
  }

  // ---- status ---------------------------------------------------------------------------

  private sendStatus(force = false): void {
    const folders = [...this.folders.values()];
    let plugins = 0, errors = 0, warnings = 0;
    for (const f of folders) {
      const n = counts(f.result);
      plugins += n.plugins; errors += n.errors; warnings += n.warnings;
    }
    const broken = folders.find((f) => f.error);
    const status: StatusParams = {
      state: broken ? 'error' : this.indexing > 0 ? 'indexing' : 'ready',
      folders: folders.length,
      plugins,
      errors,
      warnings,
      trusted: folders.length > 0 && folders.every((f) => f.settings.workspaceTrusted === true),
    };
    if (broken) status.message = broken.error;
    const python = folders.find((f) => f.settings.pythonInterpreter)?.settings.pythonInterpreter;
    if (python) status.python = python;
    const text = JSON.stringify(status);
    if (!force && text === this.lastStatus) return;
    this.lastStatus = text;
    this.connection.sendNotification(StatusNotification.type, status);
  }

  // ---- health ---------------------------------------------------------------------------

  private async runHealthChecks(p: RunHealthChecksParams, token: CancellationToken): Promise<RunHealthChecksResult> {
    const abort = new AbortController();
    token?.onCancellationRequested?.(() => abort.abort());
    const progress: WorkDoneProgressReporter | undefined = p.workDoneToken !== undefined
      ? this.connection.window.attachWorkDoneProgress(p.workDoneToken)
      : await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    let total = 0, done = 0;
    const touched = new Set<string>();
    const result = await runHealth(this.selectFolders(p), p, {
      signal: abort.signal,
      onStart: (n) => {
        total = n;
        progress?.begin('Floe health checks', 0, `0/${n}`, true);
      },
      onResult: (folder, r) => {
        folder.health.set(r.pluginId, r);
        touched.add(folder.uri);
        done++;
        progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} · ${r.name}: ${r.state}`);
        this.connection.sendNotification(HealthResultNotification.type, r);
      },
    });
    if (total) progress?.done();
    if (touched.size) {
      this.connection.sendNotification(DidChangeRegistryNotification.type, { folderUris: [...touched] });
      if (this.caps.workspace?.codeLens?.refreshSupport) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
    return result;
  }
}
