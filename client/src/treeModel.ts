// Pure tree model of the Plugins view: `floe/listPlugins` DTOs -> nodes. No `vscode` import, so
// it is unit-tested under node; treeProvider.ts turns these nodes into vscode.TreeItems.
import type { FolderPlugins, HealthResultDto, ListPluginsResult, LocationDto, PluginSummary, PluginTypeGroup } from '../../shared/protocol';
import { l10n } from './l10n';
import { markIcon, markText } from './verifyMark';
import { compatibilityWord, errorCount, healthWord, pluginCount, warningCount } from './words';

export type NodeKind = 'folder' | 'type' | 'plugin' | 'detail' | 'dependency';

export interface NodeIcon {
  id: string;
  color?: string;
}
export interface NodeCommand {
  command: string;
  title: string;
  arguments: unknown[];
}

export interface TreeNode {
  /** Stable id (keeps expansion state across refreshes). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: NodeIcon;
  /** Becomes TreeItem.contextValue (menus `viewItem == ...`). */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: NodeCommand;
  children: TreeNode[];
  /** The plugin this node belongs to (plugin, detail and dependency nodes). */
  plugin?: PluginSummary;
  folderUri?: string;
}

export interface TreeOptions {
  showEmptyTypes: boolean;
  /** Current time, for "5 min ago" descriptions (tests pass a fixed value). */
  now?: number;
}

/** The icon of a plugin: static state first (error / incompatible / warning), then the last health. */
export function pluginIcon(p: PluginSummary): NodeIcon {
  if (p.compatibility === 'incompatible') return { id: 'circle-slash', color: 'list.errorForeground' };
  if (p.state === 'error') return { id: 'error', color: 'list.errorForeground' };
  // The plugin never ran (importing it raised): not the plugin's verdict, so not a red heart.
  if (p.health?.failure === 'import') return { id: 'debug-disconnect', color: 'list.warningForeground' };
  const h = p.health?.state;
  if (h === 'unhealthy') return { id: 'heart', color: 'testing.iconFailed' };
  if (h === 'degraded') return { id: 'heart', color: 'list.warningForeground' };
  if (p.state === 'warning') return { id: 'warning', color: 'list.warningForeground' };
  if (h === 'healthy') return { id: 'heart', color: 'testing.iconPassed' };
  return { id: 'pass', color: 'testing.iconPassed' };
}

/** One word for the plugin's state, as screen readers and tests read it. */
export function pluginStateLabel(p: PluginSummary): string {
  if (p.compatibility === 'incompatible') return compatibilityWord('incompatible');
  if (p.state === 'error') return l10n.t('error');
  if (p.health && p.health.state !== 'healthy') return healthWord(p.health);
  if (p.state === 'warning') return l10n.t('warning');
  return p.health ? healthWord(p.health) : l10n.t('ok');
}

function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-!|<>]/g, (c) => `\\${c}`);
}

export function ago(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return l10n.t('just now');
  if (s < 3600) return l10n.t('{0} min ago', Math.floor(s / 60));
  if (s < 86400) return l10n.t('{0} h ago', Math.floor(s / 3600));
  return l10n.t('{0} d ago', Math.floor(s / 86400));
}

/** The plugin card (Markdown), used as the plugin node's tooltip. */
export function pluginCard(p: PluginSummary, t: { label: string; loadedBy?: 'registry' | 'separate' }, platformApiVersion: string): string {
  const lines: string[] = [];
  const version = p.version ? ` ${md(p.version)}` : '';
  lines.push(l10n.t('{0} — {1} plugin', `**${md(p.name)}**${version}`, md(t.label)));
  if (p.description) lines.push('', md(p.description));
  lines.push('');
  lines.push(`- ${l10n.t('Entry point: {0}', `\`${p.group}\` → \`${p.entryPoint} = "${p.target}"\``)}`);
  const mark = p.compatibility === 'compatible' ? '✓' : p.compatibility === 'incompatible' ? '✗' : '?';
  const api = p.floeApiVersion ? md(p.floeApiVersion) : l10n.t('unknown');
  if (t.loadedBy === 'separate') {
    lines.push(`- ${l10n.t('Loaded outside the plugin registry: by entry-point name, created with no arguments, no config')}`);
    lines.push(`- ${l10n.t('API version: {0} (not checked by floe for this group)', api)}`);
  } else {
    lines.push(`- ${l10n.t('API version: {0} (platform {1}: {2})', api, md(platformApiVersion), `${mark} ${compatibilityWord(p.compatibility)}`)}`);
  }
  lines.push(`- ${l10n.t('Dependencies: {0}', p.dependencies.length ? p.dependencies.map((d) => `\`${d}\``).join(', ') : l10n.t('none'))}`);
  if (p.configSchema) lines.push(`- ${l10n.t('Config: {0}', `\`${p.configSchema.className}\``)}`);
  lines.push(`- ${l10n.t('Distribution: {0} ({1})', md(p.distribution), p.source === 'workspace' ? l10n.t('workspace') : l10n.t('installed'))}`);
  if (p.errors || p.warnings) lines.push(`- ${l10n.t('Problems: {0}, {1}', errorCount(p.errors), warningCount(p.warnings))}`);
  if (p.health) lines.push(`- ${l10n.t('Last health check: {0}', `**${healthWord(p.health)}**${p.health.message ? ` — ${md(p.health.message)}` : ''}`)}`);
  if (p.verify) lines.push(`- ${l10n.t('Platform: {0} ({1})', md(markText(p.verify)), p.verify.finishedAt)}`);
  return lines.join('\n');
}

function openCmd(loc: LocationDto | undefined, title: string): NodeCommand | undefined {
  return loc ? { command: 'floe.openLocation', title, arguments: [loc] } : undefined;
}

function leaf(id: string, label: string, extra: Partial<TreeNode>): TreeNode {
  return { id, kind: 'detail', label, contextValue: 'floe.detail', collapsible: 'none', children: [], ...extra };
}

/** Details below a plugin: entry point, class, API version, dependencies, config, health. */
export function pluginDetails(p: PluginSummary, folder: FolderPlugins, byName: Map<string, PluginSummary>, now: number): TreeNode[] {
  const base = `${folder.uri}|${p.id}`;
  const out: TreeNode[] = [];
  out.push(
    leaf(`${base}|entry`, l10n.t('Entry point'), {
      description: `${p.entryPoint} = "${p.target}"`,
      icon: { id: 'symbol-key' },
      plugin: p,
      folderUri: folder.uri,
      tooltip: l10n.t('{0} in {1}', `\`${p.group}\``, `\`${p.declaration.uri.split('/').slice(-2).join('/')}\``),
      command: openCmd(p.declaration, l10n.t('Open declaration')),
      contextValue: 'floe.detail.entryPoint',
    }),
  );
  const cls = p.target.includes(':') ? p.target.slice(p.target.indexOf(':') + 1) : p.target;
  out.push(
    leaf(`${base}|class`, l10n.t('Class'), {
      description: cls,
      icon: { id: 'symbol-class' },
      plugin: p,
      folderUri: folder.uri,
      command: openCmd(p.classLocation, l10n.t('Open class')),
    }),
  );
  const separate = folder.types.find((t) => t.group === p.group)?.loadedBy === 'separate';
  out.push(
    leaf(`${base}|api`, l10n.t('API version'), {
      description: separate
        ? l10n.t('{0} (not checked by floe for this group)', p.floeApiVersion ?? '?')
        : l10n.t('{0} ({1} with {2})', p.floeApiVersion ?? '?', compatibilityWord(p.compatibility), folder.platformApiVersion),
      icon:
        p.compatibility === 'compatible'
          ? { id: 'check', color: 'testing.iconPassed' }
          : p.compatibility === 'incompatible'
            ? { id: 'circle-slash', color: 'list.errorForeground' }
            : { id: 'question' },
      plugin: p,
      folderUri: folder.uri,
    }),
  );
  const deps: TreeNode[] = p.dependencies.map((d) => {
    const target = byName.get(d);
    return {
      id: `${base}|dep|${d}`,
      kind: 'dependency' as const,
      label: d,
      contextValue: 'floe.dependency',
      collapsible: 'none' as const,
      children: [],
      plugin: p,
      folderUri: folder.uri,
      description: target ? target.version : l10n.t('missing'),
      icon: target ? { id: 'references' } : { id: 'warning', color: 'list.warningForeground' },
      command: target ? openCmd(target.classLocation ?? target.declaration, l10n.t('Open dependency')) : undefined,
    };
  });
  out.push(
    leaf(`${base}|deps`, l10n.t('Dependencies'), {
      description: deps.length ? String(deps.length) : l10n.t('none'),
      icon: { id: 'references' },
      plugin: p,
      folderUri: folder.uri,
      collapsible: deps.length ? 'collapsed' : 'none',
      children: deps,
    }),
  );
  out.push(
    leaf(`${base}|config`, l10n.t('Config schema'), {
      description: p.configSchema ? p.configSchema.className : l10n.t('none'),
      icon: { id: 'settings' },
      plugin: p,
      folderUri: folder.uri,
      command: openCmd(p.configSchema?.location, l10n.t('Open config model')),
    }),
  );
  const h = p.health;
  out.push(
    leaf(`${base}|health`, l10n.t('Health'), {
      description: h ? `${healthWord(h)} — ${h.message || l10n.t('no message')}${h.finishedAt ? ` (${ago(h.finishedAt, now)})` : ''}` : l10n.t('not run'),
      icon: h ? pluginIcon({ ...p, state: 'ok', compatibility: 'compatible' }) : { id: 'circle-outline' },
      tooltip: h
        ? `**${healthWord(h)}** ${md(h.message)}\n\n${h.durationMs} ms${h.finishedAt ? `, ${h.finishedAt}` : ''}${h.python ? `, ${md(h.python)}` : ''}`
        : undefined,
      plugin: p,
      folderUri: folder.uri,
      contextValue: 'floe.detail.health',
    }),
  );
  if (p.verify) {
    const v = p.verify;
    out.push(
      leaf(`${base}|platform`, l10n.t('Platform'), {
        description: `${markText(v)} (${ago(v.finishedAt, now)})`,
        icon: markIcon(v),
        plugin: p,
        folderUri: folder.uri,
        tooltip: `**${v.verdict}**${v.detail ? ` — ${md(v.detail)}` : ''}\n\n${v.floeCore ? l10n.t('{0} at {1}', `floe-core${v.floeCore.version ? ` ${md(v.floeCore.version)}` : ''}`, md(v.floeCore.path)) : ''}, ${md(v.python)}, ${v.finishedAt}`,
        command: { command: 'floe.verifyPlatform', title: l10n.t('Verify against the platform again'), arguments: [p.id] },
        contextValue: 'floe.detail.platform',
      }),
    );
  }
  return out;
}

function pluginNode(p: PluginSummary, t: PluginTypeGroup, folder: FolderPlugins, byName: Map<string, PluginSummary>, now: number): TreeNode {
  return {
    id: `${folder.uri}|${p.id}`,
    kind: 'plugin',
    label: p.name,
    description: p.version ?? '',
    tooltip: pluginCard(p, t, folder.platformApiVersion),
    icon: pluginIcon(p),
    contextValue: p.configSchema ? 'floe.plugin.config' : 'floe.plugin',
    collapsible: 'collapsed',
    command: { command: 'floe.openPlugin', title: l10n.t('Open plugin class'), arguments: [p.id] },
    children: pluginDetails(p, folder, byName, now),
    plugin: p,
    folderUri: folder.uri,
  };
}

function typeNodes(folder: FolderPlugins, opts: TreeOptions): TreeNode[] {
  const now = opts.now ?? Date.now();
  const byName = new Map<string, PluginSummary>();
  for (const t of folder.types) for (const p of t.plugins) if (!byName.has(p.name)) byName.set(p.name, p);
  return folder.types
    .filter((t) => opts.showEmptyTypes || t.plugins.length > 0)
    .map((t) => {
      const plugins = [...t.plugins].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const errors = plugins.filter((p) => p.state === 'error' || p.compatibility === 'incompatible').length;
      return {
        id: `${folder.uri}|type|${t.group}`,
        kind: 'type' as const,
        label: t.label,
        description: `${t.group} · ${plugins.length}`,
        tooltip:
          t.loadedBy === 'separate'
            ? l10n.t(
                '{0} plugins — entry-point group {1}, ABC {2}; floe-core loads them outside its plugin registry (by entry-point name, no API-version check, no config)',
                `**${md(t.label)}**`,
                `\`${t.group}\``,
                `\`${t.abc}\``,
              )
            : l10n.t(
                '{0} plugins — entry-point group {1}, ABC {2}, manifest key {3}',
                `**${md(t.label)}**`,
                `\`${t.group}\``,
                `\`${t.abc}\``,
                `\`${t.category}\``,
              ),
        icon: errors ? { id: 'symbol-namespace', color: 'list.errorForeground' } : { id: 'symbol-namespace' },
        contextValue: 'floe.type',
        collapsible: plugins.length ? ('expanded' as const) : ('none' as const),
        children: plugins.map((p) => pluginNode(p, t, folder, byName, now)),
        folderUri: folder.uri,
      };
    });
}

/** The root nodes: plugin types, or one node per workspace folder when there are several. */
export function buildTree(result: ListPluginsResult | undefined, opts: TreeOptions): TreeNode[] {
  const folders = result?.folders ?? [];
  if (folders.length === 1) return typeNodes(folders[0], opts);
  return folders.map((f) => {
    const children = typeNodes(f, opts);
    const count = f.types.reduce((n, t) => n + t.plugins.length, 0);
    return {
      id: `${f.uri}|folder`,
      kind: 'folder' as const,
      label: f.name,
      description: pluginCount(count),
      tooltip: l10n.t('{0} — platform API {1} ({2})', md(f.name), md(f.platformApiVersion), f.apiVersionOrigin),
      icon: { id: 'root-folder' },
      contextValue: 'floe.folder',
      collapsible: 'expanded' as const,
      children,
      folderUri: f.uri,
    };
  });
}

/** Every plugin of the result, flattened (for quick picks and id lookups). */
export function allPlugins(result: ListPluginsResult | undefined): Array<{ plugin: PluginSummary; folder: FolderPlugins; type: PluginTypeGroup }> {
  const out: Array<{ plugin: PluginSummary; folder: FolderPlugins; type: PluginTypeGroup }> = [];
  for (const folder of result?.folders ?? []) for (const type of folder.types) for (const plugin of type.plugins) out.push({ plugin, folder, type });
  return out;
}

/** Depth-first walk of nodes. */
export function* walkNodes(nodes: TreeNode[]): Generator<TreeNode> {
  for (const n of nodes) {
    yield n;
    yield* walkNodes(n.children);
  }
}

/** Replace a plugin's last health result in place (from `floe/healthResult`); true when found. */
export function applyHealthResult(result: ListPluginsResult | undefined, h: HealthResultDto): boolean {
  let found = false;
  for (const { plugin } of allPlugins(result))
    if (plugin.id === h.pluginId) {
      plugin.health = h;
      found = true;
    }
  return found;
}
