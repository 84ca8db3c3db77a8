// Plugins of an analysis -> what the runner needs (target, import roots, manifest config).
import { pluginName, type AnalysisResult, type PluginInfo } from '../model';
import type { HealthTarget } from './types';

/** The runner target of one plugin; `config` from the first manifest that selects it (validated, defaults applied). */
export function healthTarget(p: PluginInfo, config?: Record<string, unknown>, floeCoreSourceRoot?: string): HealthTarget {
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
  };
  if (config) t.config = config;
  return t;
}

/** Config per plugin id from the analysis' manifests (the first manifest selecting a plugin wins). */
export function manifestConfigs(r: AnalysisResult): Map<string, Record<string, unknown>> {
  const configs = new Map<string, Record<string, unknown>>();
  for (const m of r.manifests) {
    for (const s of m.selections) {
      if (s.pluginId && s.effectiveConfig && !configs.has(s.pluginId)) configs.set(s.pluginId, s.effectiveConfig);
    }
  }
  return configs;
}

/** Targets for every plugin of the analysis (or those whose id is in `ids`), in the analysis order. */
export function healthTargets(r: AnalysisResult, ids?: Iterable<string>): HealthTarget[] {
  const wanted = ids ? new Set(ids) : undefined;
  const configs = manifestConfigs(r);
  return r.plugins.filter((p) => !wanted || wanted.has(p.id))
    .map((p) => healthTarget(p, configs.get(p.id), r.platform.floeCoreSourceRoot));
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
