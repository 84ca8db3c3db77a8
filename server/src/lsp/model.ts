// Protocol DTOs (shared/protocol.ts) built from an AnalysisResult.
import type { DependencyOrderResult, FolderPlugins, LocationDto, ManifestSummary, PluginSummary, PluginTypeGroup } from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';
import { knownList, knownString, pluginName, problemsOf, type AnalysisResult, type PluginInfo, type Range } from '../engine';
import { pathToUri } from './uri';

export function location(file: string, range: Range): LocationDto {
  return { uri: pathToUri(file), range };
}

export function pluginSummary(p: PluginInfo, problems: AnalysisResult['problems'], health?: HealthResultDto): PluginSummary {
  const mine = problemsOf(problems, p.id);
  const s: PluginSummary = {
    id: p.id,
    group: p.group,
    category: p.category,
    entryPoint: p.entryPoint,
    target: p.target,
    name: pluginName(p),
    version: knownString(p.version),
    floeApiVersion: knownString(p.floeApiVersion),
    description: knownString(p.description),
    dependencies: knownList(p.dependencies) ?? [],
    distribution: p.decl.distribution,
    source: p.decl.source,
    compatibility: p.compatibility,
    state: p.state,
    errors: mine.errors,
    warnings: mine.warnings,
    declaration: location(p.decl.file, p.decl.nameRange),
  };
  if (p.cls) s.classLocation = location(p.cls.file, p.cls.nameRange);
  if (p.configSchema) {
    s.configSchema = { className: p.configSchema.className };
    if (p.configSchema.file && p.configSchema.range) s.configSchema.location = location(p.configSchema.file, p.configSchema.range);
  }
  if (health) s.health = health;
  return s;
}

export function folderPlugins(
  uri: string,
  name: string,
  r: AnalysisResult,
  health: (id: string) => HealthResultDto | undefined,
  summaryOf?: (p: PluginInfo, health: HealthResultDto | undefined) => PluginSummary,
): FolderPlugins {
  const groups = new Map<string, PluginTypeGroup>();
  for (const t of r.platform.types) {
    groups.set(t.group, { group: t.group, category: t.category, label: t.label, abc: t.abc, abcModule: t.abcModule, loadedBy: t.loadedBy, plugins: [] });
  }
  const summary = summaryOf ?? ((p: PluginInfo, h: HealthResultDto | undefined) => pluginSummary(p, r.problems, h));
  for (const p of r.plugins) {
    let g = groups.get(p.group);
    if (!g) groups.set(p.group, (g = { group: p.group, category: p.category, label: p.group, abc: '', plugins: [] }));
    g.plugins.push(summary(p, health(p.id)));
  }
  for (const g of groups.values()) g.plugins.sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
  return {
    uri,
    name,
    platformApiVersion: r.platform.apiVersion,
    apiVersionOrigin: r.platform.apiVersionOrigin,
    types: [...groups.values()],
    manifests: r.manifests.map(manifestSummary),
  };
}

/** A manifest as the client sees it: its file and what it selects. */
export function manifestSummary(m: AnalysisResult['manifests'][number]): ManifestSummary {
  return {
    uri: pathToUri(m.file),
    selections: m.selections.map((s) => ({
      category: s.category,
      type: s.type,
      ...(s.pluginId ? { pluginId: s.pluginId } : {}),
      ...(s.schemaSource ? { schemaSource: s.schemaSource } : {}),
    })),
  };
}

export function dependencyOrder(uri: string, r: AnalysisResult): DependencyOrderResult['folders'][number] {
  const byId = new Map(r.plugins.map((p) => [p.id, p]));
  const names = new Set(r.plugins.map(pluginName));
  const missing: Array<{ plugin: string; dependency: string }> = [];
  for (const p of r.plugins) {
    for (const dep of knownList(p.dependencies) ?? []) {
      if (!names.has(dep)) missing.push({ plugin: pluginName(p), dependency: dep });
    }
  }
  return {
    uri,
    order: r.order.flatMap((id) => {
      const p = byId.get(id);
      if (!p) return [];
      const deps = knownList(p.dependencies) ?? [];
      return [{ id, name: pluginName(p), group: p.group, ...(deps.length ? { dependencies: deps } : {}) }];
    }),
    cycles: r.cycles,
    missing,
  };
}

export interface Counts {
  plugins: number;
  errors: number;
  warnings: number;
}
const countCache = new WeakMap<AnalysisResult, Counts>();

/** Problem counts over a result (counted once per result). */
export function counts(r: AnalysisResult | undefined): Counts {
  if (!r) return { plugins: 0, errors: 0, warnings: 0 };
  let c = countCache.get(r);
  if (c) return c;
  let errors = 0,
    warnings = 0;
  for (const d of r.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  countCache.set(r, (c = { plugins: r.plugins.length, errors, warnings }));
  return c;
}
