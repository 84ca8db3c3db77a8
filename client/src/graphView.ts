// Floe: Show Plugin Graph — a webview panel drawing the workspace's plugins and dependencies
// (graphModel.ts from `floe/listPlugins` and `floe/dependencyOrder`), redrawn when the plugin model
// changes (the tree reloads on `floe/didChangeRegistry` and on health results). A click opens the
// plugin's class; Export SVG… saves what the webview drew.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { DependencyOrderRequest, type DependencyOrderResult } from '../../shared/protocol';
import type { FloeController } from './controller';
import { graphHtml } from './graphHtml';
import { buildGraphModel, type GraphModel } from './graphModel';
import type { FromGraphView, GraphRender, ToGraphView } from './graphProtocol';

export const GRAPH_VIEW_TYPE = 'floe.pluginGraph';

export class PluginGraph implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly renderEmitter = new vscode.EventEmitter<GraphRender>();
  /** Fires with what the webview drew, counted in its DOM (for the tests). */
  readonly onDidRender = this.renderEmitter.event;
  /** The model last sent, and what the webview last drew. */
  lastModel: GraphModel | undefined;
  lastRender: GraphRender | undefined;
  /** Where the last export was saved. */
  lastExport: vscode.Uri | undefined;

  constructor(
    private readonly ctl: FloeController,
    private readonly extensionUri: vscode.Uri,
  ) {
    // The tree reloads on floe/didChangeRegistry and redraws on health results: so does the graph.
    this.disposables.push(
      this.renderEmitter,
      ctl.tree.onDidChangeTreeData(() => this.scheduleUpdate()),
    );
  }

  private get media(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'media');
  }

  get visible(): boolean {
    return !!this.panel;
  }

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, vscode.l10n.t('Floe Plugin Graph'), vscode.ViewColumn.Active, {
      enableScripts: true,
      // Only the webview's own script and stylesheet can be loaded.
      localResourceRoots: [this.media],
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'floe.svg');
    const w = panel.webview;
    w.html = graphHtml({
      cspSource: w.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.media, 'graph.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.media, 'graph.css')).toString(),
      lang: vscode.env.language,
    });
    const subs = [
      w.onDidReceiveMessage((m: FromGraphView) => {
        void this.handle(m);
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of subs) s.dispose();
      }),
    ];
  }

  /** A message from the webview (public for the tests, which play the webview's part). */
  async handle(m: FromGraphView): Promise<void> {
    switch (m?.type) {
      case 'ready':
        await this.update();
        break;
      case 'open':
        await vscode.commands.executeCommand('floe.openPlugin', m.id);
        break;
      case 'export':
        await this.save(m.svg);
        break;
      case 'rendered': {
        const { type: _t, ...r } = m;
        this.lastRender = r;
        this.renderEmitter.fire(r);
        break;
      }
      case 'error':
        this.ctl.output.error(`plugin graph: ${m.message}`);
        break;
    }
  }

  private scheduleUpdate(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, 150);
  }

  /** Build the model from the server's answers and send it to the webview. */
  async update(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    if (!this.ctl.tree.data) await this.ctl.tree.refresh();
    let order: DependencyOrderResult | undefined;
    const client = this.ctl.client?.isRunning() ? this.ctl.client : undefined;
    try {
      order = client ? await client.sendRequest(DependencyOrderRequest.type, {}) : undefined;
    } catch (e) {
      this.ctl.output.warn(`plugin graph: floe/dependencyOrder failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const model = buildGraphModel(this.ctl.tree.data, order);
    this.lastModel = model;
    if (this.panel === panel) await panel.webview.postMessage({ type: 'model', model } satisfies ToGraphView);
  }

  private async save(svg: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the plugin graph'),
      saveLabel: vscode.l10n.t('Export'),
      filters: { [vscode.l10n.t('SVG image')]: ['svg'] },
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'floe-plugin-graph.svg') : undefined,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    this.lastExport = target;
    this.ctl.output.info(`plugin graph exported to ${target.fsPath}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Floe: plugin graph saved to {0}', vscode.workspace.asRelativePath(target)));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The graph and its command (palette and the Plugins view's title). */
export function registerPluginGraph(ctl: FloeController, extensionUri: vscode.Uri): { graph: PluginGraph; disposables: vscode.Disposable[] } {
  const graph = new PluginGraph(ctl, extensionUri);
  const reg = vscode.commands.registerCommand;
  return { graph, disposables: [graph, reg('floe.showPluginGraph', () => graph.show())] };
}
