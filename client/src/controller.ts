// Owns the language client's life: the quick content check, start / restart, the server's
// notifications (status, registry changes, streamed health results) and the `ready` promise.
import * as vscode from 'vscode';
import { CloseAction, DidChangeConfigurationNotification, ErrorAction, State, type ErrorHandler, type LanguageClient } from 'vscode-languageclient/node';
import {
  DidChangeRegistryNotification,
  HealthResultNotification,
  StatusNotification,
  type RunHealthChecksResult,
  type StatusParams,
} from '../../shared/protocol';
import { SETTINGS_SECTION } from '../../shared/settings';
import type { HealthResultDto } from '../../shared/types';
import { CrashPolicy } from './crashPolicy';
import { healthLines } from './health';
import { IndexingState } from './indexing';
import { InterpreterResolver } from './interpreter';
import { createLanguageClient } from './languageClient';
import { FloeLog, showOutput } from './log';
import { findFloeContent, floeContentNear, type ContentCheck } from './floeContent';
import { mentionsFloe } from './pluginName';
import { FloeStatus } from './status';
import { PluginTree } from './treeProvider';
import { isTrusted, onDidChangeTrust } from './trust';

export class FloeController implements vscode.Disposable {
  client: LanguageClient | undefined;
  readonly output = new FloeLog(vscode.window.createOutputChannel('Floe Plugin Tools', { log: true }));
  readonly interpreter = new InterpreterResolver(this.output);
  readonly status = new FloeStatus();
  readonly tree: PluginTree;
  /** The Plugins view's indexing state (progress bar, welcome text). */
  readonly indexing = new IndexingState('floe.plugins');
  /** Ends the indexing state the server's `floe/status` started (re-indexing, a restarted server). */
  private serverIndexingEnd: (() => void) | undefined;
  private readonly healthRunEmitter = new vscode.EventEmitter<RunHealthChecksResult>();
  /** A health or lifecycle run finished with results (not refused, not cancelled). */
  readonly onDidRunHealth = this.healthRunEmitter.event;
  /** The interpreter last written to the output (written again only when it changes). */
  private loggedPython: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private startPromise: Promise<void> | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<StatusParams>();
  readonly onStatus = this.statusEmitter.event;
  private readonly crashes = new CrashPolicy();
  /** Times the server was restarted after it died (for the output and the tests). */
  crashRestarts = 0;
  /** The client is restarting a server that died: reload the view once the new one is ready. */
  private reloadAfterCrash = false;
  /** A server was (re)started and has not reported `ready` yet (logged once when it does). */
  private awaitingReady = true;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.tree = new PluginTree(() => this.client, this.output);
    this.disposables.push(this.output, this.interpreter, this.status, this.tree, this.statusEmitter, this.indexing, this.healthRunEmitter);
    this.status.trusted = isTrusted();
    this.disposables.push(
      onDidChangeTrust((trusted) => {
        this.status.trusted = trusted;
        this.status.render();
        this.output.info(`workspace trust changed: ${trusted ? 'trusted' : 'restricted'}`);
        this.pushSettings();
      }),
      this.interpreter.onDidChange(() => {
        this.output.info('Python environment changed');
        void this.updatePython();
        this.pushSettings();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.tree.showEmptyTypes`)) this.tree.rebuild();
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.python.interpreter`)) void this.updatePython();
      }),
    );
  }

  private readonly logged = new Set<string>();

  /** Write health results to the output once (they arrive streamed and again in the response), each
   * at the level of its state: healthy as info, degraded or not imported as a warning, unhealthy as an error. */
  logHealth(results: HealthResultDto[]): void {
    for (const r of results) {
      const key = `${r.pluginId}@${r.finishedAt}`;
      if (this.logged.has(key)) continue;
      this.logged.add(key);
      const level = r.state === 'healthy' ? 'info' : r.state === 'degraded' || r.failure === 'import' ? 'warn' : 'error';
      this.output.log(level, healthLines([r]).join('\n'));
    }
  }

  /** A run finished with results (runHealth calls this; the walkthrough listens). */
  healthRunFinished(result: RunHealthChecksResult): void {
    this.healthRunEmitter.fire(result);
  }

  /** Re-send settings (the server re-pulls `workspace/configuration`). */
  pushSettings(): void {
    if (this.client?.isRunning()) {
      void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
  }

  private async updatePython(): Promise<void> {
    const p = await this.interpreter.resolve(vscode.workspace.workspaceFolders?.[0]?.uri);
    this.status.python = p.path;
    this.status.render();
    const line = `Python interpreter for health checks: ${p.path} (${p.origin})`;
    if (line !== this.loggedPython) {
      this.loggedPython = line;
      this.output.info(line);
    }
  }

  /** The activation content check's answer (for the output and the tests). */
  contentCheck: ContentCheck | undefined;

  /** Does this workspace hold floe plugins or a manifest (floeContent.ts)? */
  async workspaceHasFloe(): Promise<boolean> {
    const c = await findFloeContent();
    this.contentCheck = c;
    const cost = `${c.filesRead} file${c.filesRead === 1 ? '' : 's'} read in ${c.ms} ms`;
    if (c.found) this.output.info(`floe content found in ${vscode.workspace.asRelativePath(c.found)} (${c.how} look; ${cost})`);
    else this.output.info(`no floe content found (${cost})`);
    return !!c.found;
  }

  /** Activation: start the server when the workspace has floe content, else wait for some. */
  async activate(): Promise<void> {
    void vscode.commands.executeCommand('setContext', 'floe.active', false);
    // Until the first pass has filled the tree, the view says it is indexing (the content check
    // below and the server's first pass take seconds on a large repository).
    const end = vscode.workspace.workspaceFolders?.length ? this.indexing.begin() : () => undefined;
    try {
      await this.updatePython();
      if (await this.workspaceHasFloe()) {
        await this.ensureStarted();
        return;
      }
    } finally {
      end();
    }
    this.output.info('No floe entry points or manifests found: the language server is not started yet.');
    this.status.render();
    const watcher = vscode.workspace.createFileSystemWatcher('**/{pyproject.toml,entry_points.txt,*.yaml,*.yml}');
    const check = async (uri: vscode.Uri) => {
      if (this.startPromise) return;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        if (mentionsFloe(uri.path, text)) await this.ensureStarted();
      } catch {
        /* gone */
      }
    };
    // A file opened later (a plugin's source deeper than the look went, a manifest by another name).
    const opened = async (doc: vscode.TextDocument) => {
      if (this.startPromise) return;
      const found = await floeContentNear(doc);
      if (found && !this.startPromise) {
        this.output.info(`floe content found in ${vscode.workspace.asRelativePath(found)} (an opened file)`);
        await this.ensureStarted();
      }
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(check),
      watcher.onDidChange(check),
      vscode.workspace.onDidOpenTextDocument((d) => void opened(d)),
    );
  }

  /** Start the client once (also used by commands that need the server, e.g. New Plugin). */
  ensureStarted(): Promise<void> {
    this.startPromise ??= this.start();
    return this.startPromise;
  }

  /** The language client's policy for a server process that dies (kill -9, out of memory, a bug). */
  private errorHandler(): ErrorHandler {
    return {
      // A message the connection could not read or write (EPIPE when the process just died): carry
      // on; whether the server comes back is decided when its connection closes, below.
      error: (e) => {
        this.output.warn(`connection to the Floe language server: ${e.message}`);
        return { action: ErrorAction.Continue, handled: true };
      },
      closed: () => {
        const v = this.crashes.crashed(Date.now());
        if (v.restart) {
          this.crashRestarts++;
          this.reloadAfterCrash = true;
          this.awaitingReady = true;
          this.output.warn(`The Floe language server stopped unexpectedly (${v.count} of ${this.crashes.maxCrashes} allowed in 3 minutes); restarting it.`);
          this.status.reset();
          return { action: CloseAction.Restart, handled: true };
        }
        const message = vscode.l10n.t(
          'Floe Plugin Tools: the language server crashed {0} times in 3 minutes and was not restarted. Its log is in the output.',
          v.count,
        );
        this.output.error(message);
        this.endServerIndexing();
        // The view shows what happened (and the way back) instead of the last server's plugins.
        void vscode.commands.executeCommand('setContext', 'floe.serverStopped', true);
        this.tree.clear();
        this.status.update({
          state: 'error',
          message: vscode.l10n.t('the language server keeps crashing'),
          folders: 0,
          plugins: 0,
          errors: 0,
          warnings: 0,
          trusted: isTrusted(),
        });
        const output = showOutput();
        const restart = vscode.l10n.t('Restart Server');
        void vscode.window.showErrorMessage(message, output, restart).then((b) => {
          if (b === output) this.output.show(true);
          if (b === restart) void vscode.commands.executeCommand('floe.restartServer');
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  /** Initialization options only tests use (never in an installed extension): a slowed first index. */
  private testInitializationOptions(): Record<string, unknown> {
    if (this.context.extensionMode === vscode.ExtensionMode.Production) return {};
    const delay = Number(process.env.FLOE_TEST_INDEX_DELAY_MS);
    return Number.isFinite(delay) && delay > 0 ? { testIndexDelayMs: delay } : {};
  }

  /** The server says it is indexing (or done): the view's indexing state follows. */
  private followServerIndexing(s: StatusParams): void {
    if (s.state === 'indexing') this.serverIndexingEnd ??= this.indexing.begin();
    else this.endServerIndexing();
  }

  private endServerIndexing(): void {
    const end = this.serverIndexingEnd;
    this.serverIndexingEnd = undefined;
    end?.();
  }

  private start(): Promise<void> {
    return this.indexing.during(this.startClient());
  }

  private async startClient(): Promise<void> {
    const client = createLanguageClient(this.context, this.output, this.interpreter, this.errorHandler(), this.testInitializationOptions());
    this.client = client;
    // After the client restarted a server that died, the new one indexes again: reload the view
    // once it is ready (its first passes re-publish the diagnostics).
    client.onDidChangeState((e) => {
      if (e.oldState === State.Starting && e.newState === State.Running && this.reloadAfterCrash) {
        this.reloadAfterCrash = false;
        void this.nextReadyStatus(30000).then(() => this.tree.refresh());
      }
    });
    client.onNotification(StatusNotification.type, (s) => {
      this.status.update(s);
      this.followServerIndexing(s);
      this.statusEmitter.fire(s);
      // "ready" once every workspace folder is indexed (an early status may cover none yet).
      if (this.awaitingReady && s.state === 'ready' && s.folders >= (vscode.workspace.workspaceFolders?.length ?? 0)) {
        this.awaitingReady = false;
        this.output.info(`Floe language server ready: ${s.plugins} plugin${s.plugins === 1 ? '' : 's'} in ${s.folders} folder${s.folders === 1 ? '' : 's'}`);
      }
    });
    client.onNotification(DidChangeRegistryNotification.type, () => {
      void this.tree.refresh();
    });
    client.onNotification(HealthResultNotification.type, (h) => {
      this.tree.applyHealth(h);
      this.logHealth([h]);
    });
    this.status.started = true;
    this.status.render();
    const firstReady = this.nextReadyStatus(30000);
    try {
      await client.start();
    } catch (e) {
      this.output.error(`Floe language server failed to start: ${e instanceof Error ? e.message : String(e)}`);
      this.status.update({
        state: 'error',
        message: vscode.l10n.t('the language server failed to start'),
        folders: 0,
        plugins: 0,
        errors: 0,
        warnings: 0,
        trusted: isTrusted(),
      });
      return;
    }
    void vscode.commands.executeCommand('setContext', 'floe.active', true);
    await firstReady;
    await this.tree.refresh();
  }

  /** Resolves on the next `floe/status` with state `ready` (bounded, in case the server never says). */
  nextReadyStatus(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        this.output.warn('no "ready" status from the server yet; continuing');
        resolve(false);
      }, timeoutMs);
      // "ready" counts once every workspace folder is indexed (an early status may cover none yet)
      const want = vscode.workspace.workspaceFolders?.length ?? 0;
      const sub = this.onStatus((s) => {
        if (s.state === 'error' || (s.state === 'ready' && s.folders >= want)) {
          clearTimeout(timer);
          sub.dispose();
          resolve(true);
        }
      });
    });
  }

  async restart(): Promise<void> {
    this.crashes.reset();
    this.awaitingReady = true;
    void vscode.commands.executeCommand('setContext', 'floe.serverStopped', false);
    if (!this.client) {
      await this.ensureStarted();
      return;
    }
    this.output.info('Restarting the Floe language server');
    if (!this.client.isRunning()) {
      // a client whose start failed cannot be stopped: replace it
      const old = this.client;
      this.client = undefined;
      await old.dispose().catch(() => undefined);
      this.startPromise = this.start();
      await this.startPromise;
      return;
    }
    const ready = this.nextReadyStatus(30000);
    await this.client.restart();
    void vscode.commands.executeCommand('setContext', 'floe.active', true);
    await ready;
    await this.tree.refresh();
  }

  /** The running client, starting it first when needed. */
  async running(): Promise<LanguageClient | undefined> {
    await this.ensureStarted();
    return this.client?.isRunning() ? this.client : undefined;
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    if (this.client) await this.client.stop().catch(() => undefined);
  }
}
