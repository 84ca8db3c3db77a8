// Plugins of an analysis -> what the runner needs (target, import roots, the manifest's config).
import { NodeFileSystem } from '../fs';
import { pluginName, type AnalysisResult, type PluginInfo } from '../model';
import { parseManifest } from '../manifest/parse';
import type { HealthTarget } from './types';

/** Categories floe's runtime (the Dagster resources) configures with `{}` when the manifest gives
 * no config; the others are configured only with a manifest config. */
export const RUNTIME_EMPTY_CONFIG: ReadonlySet<string> = new Set(['catalog', 'storage', 'semantic_layer', 'lineage_backend']);

/** What a manifest gives a plugin: its config as written (absent when the selection has none). */
export interface ManifestChoice {
  manifest: string;
  config?: Record<string, unknown>;
}

export type ReadText = (file: string) => string | undefined;

const disk = new NodeFileSystem();

/** The runner target of one plugin, with the manifest's config for it when one selects it. */
export function healthTarget(p: PluginInfo, choice?: ManifestChoice, floeCoreSourceRoot?: string): HealthTarget {
  const roots = p.decl.source === 'workspace' ? [...p.decl.importRoots] : [];
  // The workspace's own floe-core source goes after the plugin's roots, so plugins import the
  // floe-core they are developed against even when the interpreter has none installed.
  if (floeCoreSourceRoot && !roots.includes(floeCoreSourceRoot)) roots.push(floeCoreSourceRoot);
  const t: HealthTarget = {
    pluginId: p.id,
    group: p.group,
    entryPoint: p.entryPoint,
    name: pluginName(p),
    target: p.target,
    importRoots: roots,
    category: p.category,
  };
  if (choice?.config) {
    t.config = choice.config;
    t.manifest = choice.manifest;
  } else if (RUNTIME_EMPTY_CONFIG.has(p.category)) t.emptyConfig = true;
  return t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function selectionKey(category: string, entryPoint: string): string {
  return `${category}\u0000${entryPoint}`;
}

/** Per category and entry-point name, the first manifest that selects it. A manifest's `type:` is
 * the entry-point name (floe's registry looks plugins up by it, after stripping whitespace), not
 * the plugin's `name`. The config is read as written; the runner validates it. */
export function manifestChoices(r: AnalysisResult, read: ReadText = (f) => disk.readFile(f)): Map<string, ManifestChoice> {
  const out = new Map<string, ManifestChoice>();
  for (const m of r.manifests) {
    let plugins: unknown;
    const text = m.selections.length ? read(m.file) : undefined;
    if (text !== undefined) {
      const value = parseManifest(m.file, text).value;
      plugins = isRecord(value) ? value.plugins : undefined;
    }
    for (const s of m.selections) {
      const key = selectionKey(s.category, s.type.trim());
      if (out.has(key)) continue;
      const entry = isRecord(plugins) ? plugins[s.category] : undefined;
      const config = isRecord(entry) ? entry.config : undefined;
      out.set(key, isRecord(config) ? { manifest: m.file, config } : { manifest: m.file });
    }
  }
  return out;
}

/** Targets for every plugin of the analysis (or those whose id is in `ids`), in the analysis order.
 * `read` gives a manifest's text (the language server passes its open documents). */
export function healthTargets(r: AnalysisResult, ids?: Iterable<string>, read?: ReadText): HealthTarget[] {
  const wanted = ids ? new Set(ids) : undefined;
  const chosen = r.plugins.filter((p) => !wanted || wanted.has(p.id));
  const choices = chosen.length ? manifestChoices(r, read) : new Map<string, ManifestChoice>();
  return chosen.map((p) => healthTarget(p, choices.get(selectionKey(p.category, p.entryPoint)), r.platform.floeCoreSourceRoot));
}

/** Does `group:name` (as typed on the command line) select this plugin? Matches the group or the
 * category, and the entry-point name or the plugin name. */
export function matchesSelector(p: PluginInfo, selector: string): boolean {
  const i = selector.lastIndexOf(':');
  if (i <= 0) return p.entryPoint === selector || pluginName(p) === selector;
  const kind = selector.slice(0, i);
  const name = selector.slice(i + 1);
  return (kind === p.group || kind === p.category) && (name === p.entryPoint || name === pluginName(p));
}
