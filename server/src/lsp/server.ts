// The Floe language server's wiring: the connection's handlers, each guarded (an exception becomes
// a log line and an empty answer), over the parts that do the work — ServerCore (shared state),
// ChangeRouter (changes -> invalidations), PassScheduler (debounced, superseding analysis passes
// and publishing), StatusReporter (floe/status, progress), WorkspaceFolders (folders, settings),
// SchemaExports and runHealthChecks (running plugin code in trusted folders).
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ContractTestsRequest,
  DependencyOrderRequest,
  EffectiveConfigRequest,
  ListPluginsRequest,
  PluginTypesRequest,
  RunHealthChecksRequest,
  ScaffoldPluginRequest,
  VerifyPlatformRequest,
  type ContractTestsParams,
  type ContractTestsResult,
  type EffectiveConfigParams,
  type EffectiveConfigResult,
  type RunHealthChecksParams,
  type RunHealthChecksResult,
  type ScaffoldPluginParams,
  type ScaffoldPluginResult,
  type VerifyPlatformParams,
  type VerifyPlatformResult,
} from '../../../shared/protocol';
import { ChangeRouter } from './changes';
import { OpenDocuments } from './documents';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { completion, TRIGGER_CHARACTERS } from './handlers/completion';
import { makeContext, type DocContext } from './handlers/context';
import { ServerCore } from './core';
import { definition } from './handlers/definition';
import { folderFor, type FolderIndex } from './folders';
import { runHealthChecks } from './handlers/healthRequests';
import { SchemaExports } from './schemaExports';
import { hover } from './handlers/hover';
import { dependencyOrder, folderPlugins } from './model';
import { NODE_TIMERS, PassScheduler } from './passes';
import { effectiveConfigFor, pluginTypesFor, scaffoldFor } from './handlers/requests';
import { SETTINGS_SECTION } from './settings';
import { WATCHED_GLOBS } from '../../../shared/watch';
import { StatusReporter } from './status';
import { uriToPath } from './uri';
import { contractTestActions, contractTestsRequest } from './handlers/contractTests';
import { verifyPlatformRequest, withVerifyMarks } from './handlers/verify';
import { WorkspaceFolders } from './workspaceFolders';
import type { MessageTraffic } from './traffic';

export type { ServerOptions } from './core';

const ZERO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The text of one line of an open document (without its line break). */
function lineText(doc: TextDocument, line: number): string | undefined {
  if (line < 0 || line >= doc.lineCount) return undefined;
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

export class FloeServer {
  private readonly core: ServerCore;
  private readonly docs = new OpenDocuments();
  private readonly documents = this.docs.documents;
  private readonly status: StatusReporter;
  private readonly passes: PassScheduler;
  private readonly exports: SchemaExports;
  private readonly changes: ChangeRouter;
  private readonly workspace: WorkspaceFolders;
  private initialFolders: WorkspaceFolder[] = [];
  /** The client sends file events itself (synchronize.fileEvents): no dynamic watcher registration. */
  private clientWatchesFiles = false;
  /** Settles once the workspace folders the client started with are added and indexed (or failed to be):
   * requests that run plugin code on the folders' plugins wait for it, so one sent right after a
   * (re)start runs on the plugins instead of finding none. */
  private markIndexed: () => void = () => undefined;
  private readonly firstIndex = new Promise<void>((resolve) => (this.markIndexed = resolve));

  constructor(
    private readonly connection: Connection,
    traffic: Pick<MessageTraffic, 'quiet'>,
    opts: { workerScript?: string } = {},
  ) {
    const core = (this.core = new ServerCore(connection));
    core.opts.workerScript = opts.workerScript;
    this.status = new StatusReporter(core);
    this.passes = new PassScheduler(
      core,
      this.status,
      { afterPass: (published) => this.exports.refresh(published) },
      { ...NODE_TIMERS, quiet: () => traffic.quiet() },
    );
    this.exports = new SchemaExports(core, this.passes);
    this.changes = new ChangeRouter(core, this.passes, this.docs);
    this.workspace = new WorkspaceFolders(core, this.passes, this.status, this.exports);
    this.wire();
  }

  private wire(): void {
    const c = this.connection;
    const safe = this.core.safe.bind(this.core);
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(this.core.safeNotification('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.core.shuttingDown = true;
      this.passes.stop();
    });

    this.documents.onDidOpen(safe('didOpen', undefined, (e) => this.changes.documentChanged(e.document)));
    this.documents.onDidChangeContent(safe('didChange', undefined, (e) => this.changes.documentChanged(e.document)));
    this.documents.onDidClose(safe('didClose', undefined, (e) => this.changes.documentClosed(e.document)));
    this.documents.listen(c);

    c.onDidChangeWatchedFiles(this.core.safeNotification('didChangeWatchedFiles', (p) => this.changes.watchedFilesChanged(p)));
    c.onDidChangeConfiguration(this.core.safeNotification('didChangeConfiguration', (p) => this.workspace.configurationChanged(p?.settings)));

    c.onHover(safe('hover', null, (p) => this.withDoc(p, null, (ctx) => hover(ctx, p.position))));
    c.onDefinition(safe('definition', [], (p) => this.withDoc(p, [], (ctx) => definition(ctx, p.position))));
    c.onCompletion(safe('completion', [], (p) => this.withDoc(p, [], (ctx) => completion(ctx, p.position))));
    c.onCodeAction(
      safe('codeAction', [], (p) => {
        const file = uriToPath(p?.textDocument?.uri);
        const folder = file ? folderFor(this.core.folders.values(), file) : undefined;
        const doc = this.documents.get(p?.textDocument?.uri);
        return [
          ...codeActions(p, (file && folder?.published.get(file)) || [], doc ? (line) => lineText(doc, line) : undefined),
          ...contractTestActions(folder, file, p),
        ];
      }),
    );
    c.onCodeLens(safe('codeLens', [], (p) => this.withDoc({ textDocument: p.textDocument, position: { line: 0, character: 0 } }, [], codeLenses)));

    c.onRequest(
      ListPluginsRequest.type,
      safe('listPlugins', { folders: [] }, (p) => ({
        folders: this.core.selectFolders(p).flatMap((f) => (f.result ? [this.plugins(f)] : [])),
      })),
    );
    c.onRequest(
      DependencyOrderRequest.type,
      safe('dependencyOrder', { folders: [] }, (p) => ({
        folders: this.core.selectFolders(p).flatMap((f) => (f.result ? [dependencyOrder(f.uri, f.result)] : [])),
      })),
    );
    c.onRequest(
      EffectiveConfigRequest.type,
      safe<[EffectiveConfigParams], EffectiveConfigResult>('effectiveConfig', { found: false, message: 'internal error' }, (p) =>
        effectiveConfigFor([...this.core.folders.values()], this.core.overlay, p ?? {}),
      ),
    );
    c.onRequest(
      PluginTypesRequest.type,
      safe('pluginTypes', { types: [] }, (p) => pluginTypesFor([...this.core.folders.values()], this.core.overlay, p ?? {})),
    );
    c.onRequest(
      ScaffoldPluginRequest.type,
      safe<[ScaffoldPluginParams], ScaffoldPluginResult>('scaffoldPlugin', { files: [], mainUri: '', mainRange: ZERO_RANGE, error: 'internal error' }, (p) =>
        scaffoldFor([...this.core.folders.values()], this.core.overlay, p),
      ),
    );
    c.onRequest(
      RunHealthChecksRequest.type,
      safe<[RunHealthChecksParams, CancellationToken], RunHealthChecksResult>(
        'runHealthChecks',
        { results: [], refused: 'internal error' },
        async (p, token) => {
          await this.firstIndex;
          return runHealthChecks(this.core, p ?? {}, token);
        },
      ),
    );
    c.onRequest(
      VerifyPlatformRequest.type,
      safe<[VerifyPlatformParams, CancellationToken], VerifyPlatformResult>('verifyPlatform', { folders: [], refused: 'internal error' }, async (p, token) => {
        await this.firstIndex;
        return verifyPlatformRequest(this.core, p ?? {}, token);
      }),
    );
    c.onRequest(
      ContractTestsRequest.type,
      safe<[ContractTestsParams], ContractTestsResult>('contractTests', { error: 'internal error' }, async (p) => {
        // Asked before the first index has ended (a command run as the window opens): wait for it.
        await this.firstIndex;
        return contractTestsRequest(this.core, p);
      }),
    );
  }

  /** floe/listPlugins of one folder: summaries reused from the registry model while they are current. */
  private plugins(f: FolderIndex) {
    const r = f.result!;
    const current = f.registry.result === r;
    return withVerifyMarks(
      f,
      folderPlugins(f.uri, f.name, r, (id) => f.health.get(id), current ? (p, h) => f.registry.summary(p, h) : undefined),
    );
  }

  private withDoc<R>(p: TextDocumentPositionParams, empty: R, fn: (ctx: DocContext) => R): R {
    const file = uriToPath(p?.textDocument?.uri);
    if (!file || !p.position || typeof p.position.line !== 'number') return empty;
    const folder = folderFor(this.core.folders.values(), file);
    if (!folder) return empty;
    const ctx = makeContext(file, folder, this.core.overlay.readFile(file));
    return ctx ? fn(ctx) : empty;
  }

  private initialize(p: InitializeParams): InitializeResult {
    this.core.caps = p?.capabilities ?? {};
    const init = (p?.initializationOptions ?? {}) as {
      debounceMs?: unknown;
      settings?: unknown;
      trace?: unknown;
      clientWatchesFiles?: unknown;
      testIndexDelayMs?: unknown;
      jobs?: unknown;
      cacheDir?: unknown;
    };
    this.clientWatchesFiles = init.clientWatchesFiles === true;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) this.core.opts.debounceMs = init.debounceMs;
    this.core.opts.trace = init.trace === true;
    if (typeof init.testIndexDelayMs === 'number' && init.testIndexDelayMs > 0) this.core.opts.indexDelayMs = Math.min(init.testIndexDelayMs, 60000);
    if (init.jobs === 1 || init.jobs === 2) this.core.opts.jobs = init.jobs;
    if (typeof init.cacheDir === 'string' && path.isAbsolute(init.cacheDir)) this.core.opts.cacheDir = init.cacheDir;
    this.workspace.initSettings = init.settings;
    if (Array.isArray(p?.workspaceFolders) && p.workspaceFolders.length) this.initialFolders = p.workspaceFolders;
    else if (p?.rootUri) this.initialFolders = [{ uri: p.rootUri, name: path.basename(uriToPath(p.rootUri) ?? p.rootUri) }];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'floe-language-server', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    const caps = this.core.caps;
    c.onNotification(
      DidChangeWorkspaceFoldersNotification.type,
      this.core.safeNotification('didChangeWorkspaceFolders', (p) => this.workspace.changed(p?.event?.added ?? [], p?.event?.removed ?? [])),
    );
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !this.clientWatchesFiles) {
      await c.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
        })
        .catch((e) => this.core.log('register watchers', e));
    }
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await c.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e) => this.core.log('register configuration', e));
    }
    try {
      await this.workspace.add(this.initialFolders);
    } finally {
      this.markIndexed();
    }
  }
}
