// Protocol DTOs (shared/protocol.ts) built from an AnalysisResult.
import type {
  DependencyOrderResult, FolderPlugins, LocationDto, PluginSummary, PluginTypeGroup,
} from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';
import {
  knownList, knownString, pluginName, type AnalysisResult, type Diagnostic, type PluginInfo, type Range,
} from '../engine/model';
import { pathToUri } from './uri';

export function location(file: string, range: Range): LocationDto {
  return { uri: pathToUri(file), range };
}

export type DiagnosticIndex = Map<string, Diagnostic[]>;

export function indexDiagnostics(diags: readonly Diagnostic[]): DiagnosticIndex {
  const m: DiagnosticIndex = new Map();
  for (const d of diags) {
    const l = m.get(d.file);
    if (l) l.push(d); else m.set(d.file, [d]);
  }
  return m;
}

const sameRange = (x: Range, y: Range) =>
  x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character;

/** The diagnostics that concern one plugin: on its entry point's lines, its group key, or inside its class. */
export function diagnosticsOfPlugin(p: PluginInfo, all: readonly Diagnostic[] | DiagnosticIndex): Diagnostic[] {
  const diags = Array.isArray(all) ? all : [
    ...((all as DiagnosticIndex).get(p.decl.file) ?? []),
    ...(p.cls && p.cls.file !== p.decl.file ? (all as DiagnosticIndex).get(p.cls.file) ?? [] : []),
  ];
  const from = Math.min(p.decl.nameRange.start.line, p.decl.valueRange.start.line);
  const to = Math.max(p.decl.nameRange.end.line, p.decl.valueRange.end.line);
  return diags.filter((d) => {
    if (d.pluginId !== undefined) return d.pluginId === p.id;
    if (d.file === p.decl.file) {
      if (d.range.start.line >= from && d.range.start.line <= to) return true;
      if (sameRange(d.range, p.decl.groupRange)) return true;
    }
    return !!p.cls && d.file === p.cls.file && d.range.start.line >= p.cls.range.start.line && d.range.start.line <= p.cls.range.end.line;
  });
}

export function pluginSummary(p: PluginInfo, diags: readonly Diagnostic[] | DiagnosticIndex, health?: HealthResultDto): PluginSummary {
  const mine = diagnosticsOfPlugin(p, diags);
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
    errors: mine.filter((d) => d.severity === 'error').length,
    warnings: mine.filter((d) => d.severity === 'warning').length,
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
  uri: string, name: string, r: AnalysisResult, health: (id: string) => HealthResultDto | undefined,
  summaryOf?: (p: PluginInfo, health: HealthResultDto | undefined) => PluginSummary,
): FolderPlugins {
  const groups = new Map<string, PluginTypeGroup>();
  for (const t of r.platform.types) {
    groups.set(t.group, { group: t.group, category: t.category, label: t.label, abc: t.abc, abcModule: t.abcModule, loadedBy: t.loadedBy, plugins: [] });
  }
  let index: DiagnosticIndex | undefined;
  const summary = summaryOf ?? ((p: PluginInfo, h: HealthResultDto | undefined) => pluginSummary(p, (index ??= indexDiagnostics(r.diagnostics)), h));
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
      return p ? [{ id, name: pluginName(p), group: p.group }] : [];
    }),
    cycles: r.cycles,
    missing,
  };
}

export interface Counts { plugins: number; errors: number; warnings: number }
const countCache = new WeakMap<AnalysisResult, Counts>();

/** Problem counts over a result (counted once per result). */
export function counts(r: AnalysisResult | undefined): Counts {
  if (!r) return { plugins: 0, errors: 0, warnings: 0 };
  let c = countCache.get(r);
  if (c) return c;
  let errors = 0, warnings = 0;
  for (const d of r.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  countCache.set(r, (c = { plugins: r.plugins.length, errors, warnings }));
  return c;
}
