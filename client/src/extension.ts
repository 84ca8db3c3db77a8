// Entry point of the Floe Plugin Tools extension (bundled to dist/extension.js).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands, runHealth } from './commands';
import { registerContractTestsCommand } from './contractTests';
import type { AppliedEdit } from './newPlugin';
import { FloeController } from './controller';
import { registerPluginGraph, type PluginGraph } from './graphView';
import { useTranslator } from './l10n';
import { FloeLanguageStatus } from './languageStatus';
import type { PluginTree } from './treeProvider';
import { registerTasks } from './tasks';
import { setTrustOverride, watchTrust } from './trust';
import { registerVerifyCommand, verifyPlatform } from './verify';
import { SCHEME, VirtualDocs } from './virtualDocs';
import { WalkthroughProgress } from './walkthrough';

export interface FloeApi {
  /** Resolves once the server is up and the Plugins view has loaded (or no floe content was found). */
  ready: Promise<void>;
  readonly client: LanguageClient | undefined;
  tree: PluginTree;
  /** Hooks for the extension-host tests: present only when the extension runs in test mode
   * (`ExtensionMode.Test`: loaded as extensionDevelopmentPath with an extensionTestsPath). */
  test?: {
    setTrustOverride(value: boolean | undefined): void;
    /** Health run with a caller's CancellationToken (cancels like the notification's Cancel button). */
    runHealth: typeof runHealth;
    controller: FloeController;
    /** The WorkspaceEdits Floe: New Plugin… applied, in order. */
    newPluginEdits: readonly AppliedEdit[];
    /** Verification with a caller's CancellationToken (cancels like the notification's Cancel button). */
    verifyPlatform: typeof verifyPlatform;
    /** The WorkspaceEdits Floe: Create Contract Tests applied, in order. */
    contractTestEdits: readonly AppliedEdit[];
    /** The plugin graph panel (its last model and what its webview drew). */
    graph: PluginGraph;
    /** The walkthrough steps done in this window. */
    walkthrough: WalkthroughProgress;
    /** The language status item on floe's files. */
    languageStatus: FloeLanguageStatus;
    /** ms activate() itself took (the content check and the server start run after it returns). */
    activateMs: number;
  };
}

let controller: FloeController | undefined;

export function activate(context: vscode.ExtensionContext): FloeApi {
  const t0 = performance.now();
  // The pure modules' text goes through VS Code's translator from here on.
  useTranslator((message, args) => vscode.l10n.t(message, ...args));
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const newPluginEdits: AppliedEdit[] = [];
  const contractTestEdits: AppliedEdit[] = [];
  const ctl = new FloeController(context);
  controller = ctl;
  const docs = new VirtualDocs();
  const view = vscode.window.createTreeView('floe.plugins', { treeDataProvider: ctl.tree, showCollapseAll: true });
  const graph = registerPluginGraph(ctl, context.extensionUri);
  const walkthrough = new WalkthroughProgress(ctl, view);
  const languageStatus = new FloeLanguageStatus(ctl);
  context.subscriptions.push(
    { dispose: () => void ctl.dispose() },
    docs,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    view,
    watchTrust(),
    ...registerCommands(ctl, docs, testMode ? (e) => newPluginEdits.push(e) : undefined),
    registerVerifyCommand(ctl),
    registerContractTestsCommand(ctl, testMode ? (e) => contractTestEdits.push(e) : undefined),
    registerTasks(context),
    ...graph.disposables,
    walkthrough,
    languageStatus,
  );
  const ready = ctl.activate().catch((e) => {
    ctl.output.error(`activation failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  });
  const api: FloeApi = {
    ready,
    get client() {
      return ctl.client;
    },
    tree: ctl.tree,
  };
  const activateMs = Math.round((performance.now() - t0) * 10) / 10;
  ctl.output.info(`activated in ${activateMs} ms`);
  if (testMode)
    api.test = {
      setTrustOverride,
      runHealth,
      controller: ctl,
      newPluginEdits,
      verifyPlatform,
      contractTestEdits,
      graph: graph.graph,
      walkthrough,
      languageStatus,
      activateMs,
    };
  return api;
}

export async function deactivate(): Promise<void> {
  await controller?.dispose();
  controller = undefined;
}
