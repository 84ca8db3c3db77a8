// Pure parts of the language status item (no `vscode` import): which files it is shown on, which
// plugins a file is about, and what it says about them — the floe-core in use, the platform API
// version, where each plugin's config schema comes from, the last health check.
import type { ConfigSchemaSource, FloeCoreStatus, FolderPlugins, ListPluginsResult, ManifestSummary, PluginSummary, StatusParams } from '../../shared/protocol';
import { healthCounts } from './health';
import { l10n } from './l10n';
import { ago, allPlugins } from './treeModel';
import { healthWord, pluginCount } from './words';

/** The kinds of file the item is shown on. */
export type StatusFileKind = 'manifest' | 'pyproject' | 'python';

/** A document filter as plain data: files matching `pattern` under the folder `base` (a URI). */
export interface SourcePattern {
  base: string;
  pattern: string;
}

const parent = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));
const base = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** The folder of a workspace plugin's Python package (its class's folder), unless that folder is the
 * workspace folder, the distribution's root or its `src/` (which may hold other packages). */
function packageDirOf(p: PluginSummary, folderUri: string | undefined): string | undefined {
  if (p.source !== 'workspace' || !p.classLocation) return undefined;
  const dir = parent(p.classLocation.uri);
  const declDir = parent(p.declaration.uri);
  return dir === folderUri || dir === declDir || dir === `${declDir}/src` ? undefined : dir;
}

/** A file name as a glob that matches only it (`*`, `?`, `[`, `{` taken literally). */
export function literalGlob(name: string): string {
  return name.replace(/[*?[{]/g, (c) => `[${c}]`);
}

/**
 * The files the item is shown on besides every `pyproject.toml`: the platform manifests the
 * server recognised, and the Python sources of each workspace plugin — its class's package
 * (`**\/*.py` under the class file's folder), or the class file alone when that folder is the
 * package's root or its `src/` (which may hold other packages).
 */
export function statusFilePatterns(data: ListPluginsResult | undefined): SourcePattern[] {
  const out = new Map<string, SourcePattern>();
  const add = (p: SourcePattern) => out.set(`${p.base}|${p.pattern}`, p);
  for (const f of data?.folders ?? []) {
    for (const m of f.manifests ?? []) add({ base: parent(m.uri), pattern: literalGlob(base(m.uri)) });
  }
  for (const { plugin, folder } of allPlugins(data)) {
    if (plugin.source !== 'workspace' || !plugin.classLocation) continue;
    const dir = packageDirOf(plugin, folder.uri);
    const file = plugin.classLocation.uri;
    add(dir ? { base: dir, pattern: '**/*.py' } : { base: parent(file), pattern: literalGlob(base(file)) });
  }
  return [...out.values()];
}

/** What kind of file the item would be about, by name. */
export function statusFileKind(uri: string, data: ListPluginsResult | undefined): StatusFileKind | undefined {
  if (base(uri) === 'pyproject.toml') return 'pyproject';
  if ((data?.folders ?? []).some((f) => (f.manifests ?? []).some((m) => m.uri === uri))) return 'manifest';
  if (/\.pyi?$/.test(uri)) return 'python';
  return undefined;
}

export interface AtHand {
  /** The workspace folder's plugins. */
  folder?: FolderPlugins;
  plugins: PluginSummary[];
  /** For a manifest: its selections. */
  manifest?: ManifestSummary;
}

/**
 * The plugins a file of `folder` is about: a manifest's selected plugins, the plugins a
 * pyproject.toml declares, or for a Python file the plugin whose class or config model it holds,
 * else the plugins whose package it is in. `uri` is written as the server writes URIs.
 */
export function pluginsAtHand(uri: string, kind: StatusFileKind, folder: FolderPlugins | undefined): AtHand {
  const all = (folder?.types ?? []).flatMap((t) => t.plugins);
  if (kind === 'manifest') {
    const manifest = folder?.manifests?.find((m) => m.uri === uri);
    const ids = new Set((manifest?.selections ?? []).map((s) => s.pluginId).filter((id): id is string => !!id));
    return { folder, manifest, plugins: all.filter((p) => ids.has(p.id)) };
  }
  if (kind === 'pyproject') return { folder, plugins: all.filter((p) => p.declaration.uri === uri) };
  const own = all.filter((p) => p.classLocation?.uri === uri || p.configSchema?.location?.uri === uri);
  if (own.length) return { folder, plugins: own };
  return {
    folder,
    plugins: all.filter((p) => {
      const dir = packageDirOf(p, folder?.uri);
      return !!dir && uri.startsWith(`${dir}/`);
    }),
  };
}

export interface SchemaOrigin {
  source: ConfigSchemaSource;
  uri?: string;
}

export interface LanguageStatusInput {
  kind: StatusFileKind;
  atHand: AtHand;
  /** The workspace folder's file-system path, to tell a workspace floe-core from an installed one. */
  folderPath?: string;
  /** The floe-core of the file's folder (`floe/status`). */
  floeCore?: FloeCoreStatus;
  status?: StatusParams;
  /** Where each plugin's config schema comes from, when known (by plugin id). */
  schemas: ReadonlyMap<string, SchemaOrigin>;
  trusted: boolean;
  now: number;
  /** The floe problems reported on the file itself. */
  fileProblems?: { errors: number; warnings: number };
}

export type StatusSeverity = 'information' | 'warning' | 'error';

export interface LanguageStatusView {
  text: string;
  detail: string;
  severity: StatusSeverity;
  busy: boolean;
  command: { title: string; command: string; arguments?: unknown[] };
}

const slashes = (p: string) => p.replace(/\\/g, '/');

/** `floe-core 0.3.0 (workspace)`, `floe-core (interpreter)`, or the built-in table. */
export function floeCoreLabel(core: FloeCoreStatus | undefined, folderPath: string | undefined): string {
  if (!core?.path) return l10n.t('built-in plugin table');
  const name = core.version ? `floe-core ${core.version}` : 'floe-core';
  const inWorkspace = folderPath !== undefined && slashes(core.path).startsWith(`${slashes(folderPath).replace(/\/$/, '')}/`);
  return inWorkspace ? l10n.t('{0} (workspace)', name) : l10n.t('{0} (interpreter)', name);
}

function schemaText(p: PluginSummary, s: SchemaOrigin | undefined): string | undefined {
  if (!s) return undefined;
  switch (s.source) {
    case 'schema-file':
      return l10n.t('config schema from {0}', s.uri ? base(s.uri) : l10n.t('a schema file'));
    case 'python':
      return l10n.t("config schema exported from the plugin's Python");
    case 'static':
      return l10n.t('config schema read statically from {0}', p.configSchema?.className ?? (s.uri ? base(s.uri) : '?'));
    default:
      return l10n.t('no config schema');
  }
}

function healthText(p: PluginSummary, now: number): string {
  const h = p.health;
  if (!h) return l10n.t('health not checked');
  return h.finishedAt ? l10n.t('health: {0} ({1})', healthWord(h), ago(h.finishedAt, now)) : l10n.t('health: {0}', healthWord(h));
}

/** `2 static, 1 from a schema file` over several plugins' schema origins. */
function schemaCounts(plugins: PluginSummary[], schemas: ReadonlyMap<string, SchemaOrigin>): string | undefined {
  const known = plugins.map((p) => schemas.get(p.id)).filter((s): s is SchemaOrigin => !!s);
  if (!known.length) return undefined;
  const n = (k: ConfigSchemaSource) => known.filter((s) => s.source === k).length;
  const parts = [
    n('schema-file') ? l10n.t('{0} from schema files', n('schema-file')) : '',
    n('python') ? l10n.t('{0} exported from Python', n('python')) : '',
    n('static') ? l10n.t('{0} read statically', n('static')) : '',
    n('none') ? l10n.t('{0} without', n('none')) : '',
  ].filter(Boolean);
  return l10n.t('config schemas: {0}', parts.join(', '));
}

function healthOfAll(plugins: PluginSummary[]): string {
  const results = plugins.flatMap((p) => (p.health ? [p.health] : []));
  if (!results.length) return l10n.t('health not checked');
  const parts = [healthCounts(results)];
  if (results.length < plugins.length) parts.push(l10n.t('{0} not checked', plugins.length - results.length));
  return l10n.t('health: {0}', parts.join(', '));
}

function severityOf(input: LanguageStatusInput): StatusSeverity {
  const ps = input.atHand.plugins;
  if (input.status?.state === 'error' || input.fileProblems?.errors) return 'error';
  if (ps.some((p) => p.compatibility === 'incompatible' || p.state === 'error' || (p.health?.state === 'unhealthy' && p.health.failure !== 'import')))
    return 'error';
  if ((input.floeCore && !input.floeCore.path) || input.fileProblems?.warnings) return 'warning';
  if (ps.some((p) => p.state === 'warning' || p.health?.state === 'degraded' || p.health?.failure === 'import')) return 'warning';
  if (input.kind === 'manifest' && input.atHand.manifest?.selections.some((s) => !s.pluginId)) return 'warning';
  return 'information';
}

const SHOW_OUTPUT = () => ({ title: l10n.t('Show Output'), command: 'floe.showOutput' });

function commandOf(input: LanguageStatusInput): LanguageStatusView['command'] {
  const ps = input.atHand.plugins;
  if (input.status?.state === 'error' || !input.trusted) return SHOW_OUTPUT();
  if (ps.length === 1) return { title: l10n.t('Run Health Check'), command: 'floe.runHealthCheck', arguments: [ps[0].id] };
  if (input.kind === 'manifest' && ps.length) return { title: l10n.t('Run Health Checks'), command: 'floe.runHealthChecks' };
  return SHOW_OUTPUT();
}

/** What the item says about the file. */
export function languageStatusView(input: LanguageStatusInput): LanguageStatusView {
  const { status, atHand } = input;
  if (!status || status.state === 'indexing') {
    return {
      text: `$(sync~spin) ${l10n.t('Floe: indexing…')}`,
      detail: status?.message ?? l10n.t('the plugins of this workspace are being read'),
      severity: 'information',
      busy: true,
      command: SHOW_OUTPUT(),
    };
  }
  if (!atHand.folder) {
    return {
      text: 'Floe',
      detail:
        status.state === 'error' ? (status.message ?? l10n.t('the server reported an error')) : l10n.t('this file is outside the indexed workspace folders'),
      severity: status.state === 'error' ? 'error' : 'information',
      busy: false,
      command: SHOW_OUTPUT(),
    };
  }
  const text = `${floeCoreLabel(input.floeCore, input.folderPath)} · ${l10n.t('API {0}', atHand.folder.platformApiVersion)}`;
  const ps = atHand.plugins;
  let detail: string;
  if (status.state === 'error') detail = status.message ?? l10n.t('the server reported an error');
  else if (ps.length === 1) {
    const p = ps[0];
    detail = [p.name, schemaText(p, input.schemas.get(p.id)), healthText(p, input.now)].filter(Boolean).join(' · ');
  } else if (ps.length > 1) {
    detail = [pluginCount(ps.length), schemaCounts(ps, input.schemas), healthOfAll(ps)].filter(Boolean).join(' · ');
  } else if (input.kind === 'manifest') {
    const unknown = atHand.manifest?.selections.filter((s) => !s.pluginId).map((s) => s.type) ?? [];
    detail = unknown.length ? l10n.t('no plugin found for {0}', unknown.join(', ')) : l10n.t('selects no plugins');
  } else if (input.kind === 'pyproject') detail = l10n.t('declares no floe plugin');
  else detail = l10n.t('not part of a floe plugin');
  if (input.floeCore && !input.floeCore.path) detail = `${l10n.t('no floe-core found: plugin types and API version come from the built-in table')} · ${detail}`;
  return { text, detail, severity: severityOf(input), busy: false, command: commandOf(input) };
}

/** The manifests' schema origins of the plugins they select (a manifest knows them without asking). */
export function manifestSchemas(manifest: ManifestSummary | undefined): Map<string, SchemaOrigin> {
  const out = new Map<string, SchemaOrigin>();
  for (const s of manifest?.selections ?? []) if (s.pluginId && s.schemaSource) out.set(s.pluginId, { source: s.schemaSource });
  return out;
}
