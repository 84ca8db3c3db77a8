// The Plugins view: fetches `floe/listPlugins` and renders the pure tree model as TreeItems.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ListPluginsRequest, type ListPluginsResult, type PluginSummary } from '../../shared/protocol';
import { SETTINGS_SECTION } from '../../shared/settings';
import type { HealthResultDto } from '../../shared/types';
import { allPlugins, applyHealthResult, buildTree, pluginStateLabel, walkNodes, type TreeNode } from './treeModel';

export class PluginTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  data: ListPluginsResult | undefined;
  roots: TreeNode[] = [];
  private parents = new Map<TreeNode, TreeNode | undefined>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  private readonly loaded = new vscode.EventEmitter<ListPluginsResult | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires after each refresh with the new data (tests wait on it). */
  readonly onDidLoad = this.loaded.event;
  /** Number of completed refreshes. */
  loads = 0;
  private seq = 0;

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Fetch the plugin model again (latest call wins). */
  async refresh(): Promise<TreeNode[]> {
    const client = this.getClient();
    const mine = ++this.seq;
    let data: ListPluginsResult | undefined;
    if (client?.isRunning()) {
      try {
        data = await client.sendRequest(ListPluginsRequest.type, {});
      } catch (e) {
        this.log.error(`floe/listPlugins failed: ${e instanceof Error ? e.message : String(e)}`);
        data = this.data;
      }
    }
    if (mine !== this.seq) return this.roots;
    this.data = data;
    this.rebuild();
    this.loads++;
    this.loaded.fire(data);
    return this.roots;
  }

  /** Forget the plugin model (the server is gone): the view shows its welcome content. */
  clear(): void {
    this.seq++;
    this.data = undefined;
    this.rebuild();
  }

  rebuild(): void {
    const showEmptyTypes = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('tree.showEmptyTypes', false);
    this.roots = buildTree(this.data, { showEmptyTypes });
    this.parents = new Map();
    const link = (nodes: TreeNode[], parent: TreeNode | undefined) => {
      for (const n of nodes) {
        this.parents.set(n, parent);
        link(n.children, n);
      }
    };
    link(this.roots, undefined);
    const count = allPlugins(this.data).length;
    void vscode.commands.executeCommand('setContext', 'floe.hasPlugins', count > 0);
    void vscode.commands.executeCommand('setContext', 'floe.multiRoot', (this.data?.folders.length ?? 0) > 1);
    this.changed.fire();
  }

  /** A streamed health result: update the plugin in place and redraw. */
  applyHealth(h: HealthResultDto): void {
    if (applyHealthResult(this.data, h)) this.rebuild();
  }

  findPlugin(id: string): PluginSummary | undefined {
    const all = allPlugins(this.data);
    return all.find((x) => x.plugin.id === id)?.plugin ?? all.find((x) => `${x.plugin.group}:${x.plugin.entryPoint}` === id || x.plugin.name === id)?.plugin;
  }

  /** The plugin node for a plugin id (for reveal and tests). */
  pluginNode(id: string): TreeNode | undefined {
    for (const n of walkNodes(this.roots)) if (n.kind === 'plugin' && n.plugin?.id === id) return n;
    return undefined;
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const state =
      n.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : n.collapsible === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    if (n.tooltip) item.tooltip = new vscode.MarkdownString(n.tooltip);
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    item.contextValue = n.contextValue;
    if (n.command) item.command = n.command;
    if (n.kind === 'plugin' && n.plugin) {
      item.accessibilityInformation = { label: `${n.label} ${n.description ?? ''} ${pluginStateLabel(n.plugin)}`.replace(/\s+/g, ' ') };
    }
    return item;
  }

  getChildren(n?: TreeNode): TreeNode[] {
    return n ? n.children : this.roots;
  }

  getParent(n: TreeNode): TreeNode | undefined {
    return this.parents.get(n);
  }

  dispose(): void {
    this.changed.dispose();
    this.loaded.dispose();
  }
}
