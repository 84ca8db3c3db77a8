// The plugin graph as data (no `vscode` import): nodes for the plugins of `floe/listPlugins`, grouped
// by type (per folder when there are several), edges for their dependencies, cycles and missing
// dependencies from `floe/dependencyOrder`, and which nodes a search and a type filter keep. The
// extension builds it; the webview (client/webview/graph.ts) lays it out with elkjs and draws it.
import type { DependencyOrderResult, ListPluginsResult, PluginSummary } from '../../shared/protocol';
import { l10n } from './l10n';
import { pluginStateLabel } from './treeModel';
import { errorCount, healthWord, warningCount } from './words';

/** How a node is marked: its static state first, then its last health result. */
export type NodeMark = 'ok' | 'healthy' | 'warning' | 'degraded' | 'unhealthy' | 'import' | 'error' | 'incompatible' | 'missing';

export interface GraphNode {
  /** The plugin id; `missing|<folder uri>|<name>` for a dependency no plugin provides. */
  id: string;
  kind: 'plugin' | 'missing';
  name: string;
  version?: string;
  /** The group id this node is drawn in. */
  groupId: string;
  mark: NodeMark;
  /** The words for the mark (`could not import`, `incompatible`, `missing`, …). */
  markLabel: string;
  inCycle: boolean;
  installed: boolean;
  /** Plain text for the hover. */
  title: string;
}

export interface GraphEdge {
  id: string;
  /** The dependent plugin. */
  from: string;
  /** The plugin (or missing node) it depends on. */
  to: string;
  kind: 'dependency' | 'cycle' | 'missing';
}

export interface GraphGroup {
  id: string;
  /** `Compute`, or `Compute — folder` in a multi-root workspace; `Missing dependencies`. */
  label: string;
  /** The entry-point group (`floe.computes`); empty for missing dependencies. */
  group: string;
  nodeIds: string[];
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Each cycle by plugin names, `a -> b -> a`. */
  cycles: string[][];
  summary: { plugins: number; dependencies: number; cycles: number; missing: number };
}

function markOf(p: PluginSummary): NodeMark {
  if (p.compatibility === 'incompatible') return 'incompatible';
  if (p.state === 'error') return 'error';
  if (p.health?.failure === 'import') return 'import';
  if (p.health?.state === 'unhealthy') return 'unhealthy';
  if (p.health?.state === 'degraded') return 'degraded';
  if (p.state === 'warning') return 'warning';
  return p.health ? 'healthy' : 'ok';
}

function title(p: PluginSummary, typeLabel: string, mark: string): string {
  const lines = [
    l10n.t('{0} — {1} plugin ({2})', `${p.name}${p.version ? ` ${p.version}` : ''}`, typeLabel, mark),
    `${p.group}: ${p.entryPoint} = "${p.target}"`,
  ];
  if (p.dependencies.length) lines.push(l10n.t('Depends on: {0}', p.dependencies.join(', ')));
  if (p.errors || p.warnings) lines.push(`${errorCount(p.errors)}, ${warningCount(p.warnings)}`);
  if (p.health) lines.push(l10n.t('Last health check: {0}', p.health.message || healthWord(p.health)));
  if (p.source === 'installed') lines.push(l10n.t('Installed distribution {0}', p.distribution));
  return lines.join('\n');
}

/** The graph of every folder's plugins. `order` may be missing (the request failed): then only the plugin list's own dependencies count. */
export function buildGraphModel(list: ListPluginsResult | undefined, order?: DependencyOrderResult): GraphModel {
  const folders = list?.folders ?? [];
  const multi = folders.length > 1;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const groups: GraphGroup[] = [];
  const cycles: string[][] = [];
  let missingCount = 0;
  for (const folder of folders) {
    const o = order?.folders.find((f) => f.uri === folder.uri);
    const suffix = multi ? ` — ${folder.name}` : '';
    const byName = new Map<string, GraphNode[]>();
    const plugins: Array<{ p: PluginSummary; node: GraphNode }> = [];
    for (const t of folder.types) {
      if (!t.plugins.length) continue;
      const g: GraphGroup = { id: `group|${folder.uri}|${t.group}`, label: `${t.label}${suffix}`, group: t.group, nodeIds: [] };
      groups.push(g);
      for (const p of t.plugins) {
        const mark = markOf(p);
        const markLabel = pluginStateLabel(p);
        const node: GraphNode = {
          id: p.id,
          kind: 'plugin',
          name: p.name,
          version: p.version,
          groupId: g.id,
          mark,
          markLabel,
          inCycle: false,
          installed: p.source === 'installed',
          title: title(p, t.label, markLabel),
        };
        nodes.push(node);
        g.nodeIds.push(node.id);
        byName.set(p.name, [...(byName.get(p.name) ?? []), node]);
        plugins.push({ p, node });
      }
    }
    // The engine's verdicts when there are some: which dependencies are missing, which form cycles.
    const missing = new Set((o?.missing ?? []).map((m) => `${m.plugin}\u0000${m.dependency}`));
    const cyclePairs = new Set<string>();
    for (const c of o?.cycles ?? []) {
      cycles.push(c);
      for (let i = 0; i + 1 < c.length; i++) cyclePairs.add(`${c[i]}\u0000${c[i + 1]}`);
      for (const name of c) for (const n of byName.get(name) ?? []) n.inCycle = true;
    }
    let missingGroup: GraphGroup | undefined;
    const missingNodes = new Map<string, GraphNode>();
    for (const { p, node } of plugins) {
      for (const dep of new Set(p.dependencies)) {
        const targets = byName.get(dep) ?? [];
        const pair = `${p.name}\u0000${dep}`;
        if (!targets.length || missing.has(pair)) {
          let m = missingNodes.get(dep);
          if (!m) {
            if (!missingGroup) {
              missingGroup = { id: `group|${folder.uri}|missing`, label: `${l10n.t('Missing dependencies')}${suffix}`, group: '', nodeIds: [] };
              groups.push(missingGroup);
            }
            m = {
              id: `missing|${folder.uri}|${dep}`,
              kind: 'missing',
              name: dep,
              groupId: missingGroup.id,
              mark: 'missing',
              markLabel: l10n.t('missing'),
              inCycle: false,
              installed: false,
              title: l10n.t('{0} — no plugin in this workspace is named {0}', dep),
            };
            missingNodes.set(dep, m);
            missingGroup.nodeIds.push(m.id);
            nodes.push(m);
            missingCount++;
          }
          edges.push({ id: `${node.id}->${m.id}`, from: node.id, to: m.id, kind: 'missing' });
          continue;
        }
        for (const t of targets) {
          edges.push({ id: `${node.id}->${t.id}`, from: node.id, to: t.id, kind: cyclePairs.has(pair) ? 'cycle' : 'dependency' });
        }
      }
    }
  }
  return {
    nodes,
    edges,
    groups,
    cycles,
    summary: { plugins: nodes.filter((n) => n.kind === 'plugin').length, dependencies: edges.length, cycles: cycles.length, missing: missingCount },
  };
}

/** What the search and the type filter keep. */
export interface GraphFilter {
  /** Case-insensitive part of a plugin name; empty keeps every plugin. */
  text: string;
  /** Entry-point groups (`floe.computes`) hidden by the type filter. */
  hiddenGroups: string[];
}

/**
 * The nodes to draw: plugins of shown types whose name contains the search text, plus (when
 * searching) their direct dependencies and dependents as context; a missing dependency is drawn
 * when a plugin that needs it is. `matches` are the plugins the search found.
 */
export function visibleNodes(model: GraphModel, filter: GraphFilter): { visible: Set<string>; matches: Set<string> } {
  const hidden = new Set(filter.hiddenGroups);
  const groupOf = new Map(model.groups.map((g) => [g.id, g.group]));
  const shown = (n: GraphNode) => n.kind === 'missing' || !hidden.has(groupOf.get(n.groupId) ?? '');
  const text = filter.text.trim().toLowerCase();
  const matches = new Set(model.nodes.filter((n) => n.kind === 'plugin' && shown(n) && (!text || n.name.toLowerCase().includes(text))).map((n) => n.id));
  const visible = new Set(matches);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  for (const e of model.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    if (matches.has(e.from) && (to.kind === 'missing' || (text && shown(to)))) visible.add(e.to);
    if (text && matches.has(e.to) && shown(from)) visible.add(e.from);
  }
  return { visible, matches };
}
