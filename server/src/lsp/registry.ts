// A folder's plugin model as the client sees it (floe/didChangeRegistry, floe/listPlugins), kept
// per plugin: a plugin whose PluginInfo object, state and problem counts are the ones of the
// previous pass (the engine reuses them for what it did not re-check) keeps its fingerprint and
// its PluginSummary, so a pass costs in proportion to the plugins it touched.
import type { PluginSummary } from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';
import { configSchemaKey, pluginName, problemsOf, type AnalysisResult, type PluginInfo, type PluginProblems } from '../engine';
import { pluginSummary } from './model';

interface Entry {
  plugin: PluginInfo;
  state: PluginInfo['state'];
  compatibility: PluginInfo['compatibility'];
  problems: PluginProblems;
  /** The plugin's part of the fingerprint. */
  part: string;
  summary?: PluginSummary;
}

const value = (x: { kind: string; value?: unknown }) => (x.kind === 'known' ? JSON.stringify(x.value) : x.kind);

function fingerprint(p: PluginInfo, problems: PluginProblems): string {
  return [
    p.id,
    p.state,
    p.compatibility,
    pluginName(p),
    value(p.version),
    value(p.floeApiVersion),
    value(p.description),
    value(p.dependencies),
    p.cls ? `${p.cls.file}:${p.cls.nameRange.start.line}:${p.cls.nameRange.start.character}` : '',
    `${p.decl.nameRange.start.line}:${p.decl.nameRange.start.character}:${p.decl.nameRange.end.character}`,
    configSchemaKey(p.configSchema),
    problems.errors,
    problems.warnings,
  ].join('|');
}

export class RegistryModel {
  /** The result the model was last updated from. */
  result: AnalysisResult | undefined;
  private entries = new Map<string, Entry>();
  private header = '';
  private ids: string[] = [];
  private forced = false;

  /** Announce the model after the next update even if it looks the same (e.g. effective configs changed). */
  markChanged(): void {
    this.forced = true;
  }

  /** Take a published pass's result; true when the model changed. */
  update(r: AnalysisResult): boolean {
    this.result = r;
    let changed = this.forced;
    this.forced = false;
    const header = [
      r.platform.apiVersion,
      r.platform.apiVersionOrigin,
      r.platform.floeCore?.path ?? '',
      r.platform.types.map((t) => `${t.group}=${t.abc}:${t.label}:${t.loadedBy}`).join(','),
      r.manifests.map((m) => `${m.file}:${m.selections.map((s) => `${s.category}=${s.type}>${s.pluginId ?? ''}:${s.schemaSource ?? ''}`).join(',')}`).join(';'),
    ].join('|');
    if (header !== this.header) {
      this.header = header;
      changed = true;
    }
    if (r.plugins.length !== this.ids.length) changed = true;
    const entries = new Map<string, Entry>();
    const ids: string[] = [];
    r.plugins.forEach((p, i) => {
      ids.push(p.id);
      if (this.ids[i] !== p.id) changed = true;
      const problems = problemsOf(r.problems, p.id);
      const prev = this.entries.get(p.id);
      if (
        prev &&
        prev.plugin === p &&
        prev.state === p.state &&
        prev.compatibility === p.compatibility &&
        prev.problems.errors === problems.errors &&
        prev.problems.warnings === problems.warnings
      ) {
        entries.set(p.id, prev);
        return;
      }
      const part = fingerprint(p, problems);
      if (part !== prev?.part) changed = true;
      entries.set(p.id, { plugin: p, state: p.state, compatibility: p.compatibility, problems, part });
    });
    this.entries = entries;
    this.ids = ids;
    return changed;
  }

  /** The plugin's summary for floe/listPlugins, built once per change of the plugin. */
  summary(p: PluginInfo, health: HealthResultDto | undefined): PluginSummary {
    const e = this.entries.get(p.id);
    const problems = this.result?.problems ?? new Map<string, PluginProblems>();
    let s: PluginSummary;
    if (e && e.plugin === p) s = e.summary ??= pluginSummary(p, problems);
    else s = pluginSummary(p, problems);
    return health ? { ...s, health } : s;
  }
}
