// The static analysis against what the platform did, plugin by plugin and field by field: found or
// not, the entry point it loads, loadable or not (its own exception), name, version,
// floe_api_version, description, dependencies, the compatibility verdict, the config JSON Schema,
// and (in a full verification) dependency resolution. Each disagreement is a `platform-disagrees`
// diagnostic at the static location; a plugin the platform cannot load is `not-loadable`.
import * as path from 'node:path';
import {
  knownList,
  pluginName,
  type AnalysisResult,
  type Diagnostic,
  type PluginInfo,
  type Range,
  type RelatedInformation,
  type Severity,
  type StaticValue,
} from '../model';
import type { StaticSchema } from '../python/types';
import { blamed, describeResolution, orderViolations, resolveLikeFloe, runtimeResolution, sameResolution, type DepNode } from './dependencies';
import { diffSchemas, showSchemaValue } from './schemaDiff';
import {
  METADATA_FIELDS,
  type FieldDisagreement,
  type MetadataField,
  type PlatformRun,
  type PluginVerdict,
  type RuntimePlugin,
  type RuntimeSummary,
  type RuntimeValue,
  type VerifyReport,
} from './types';

export interface CompareOptions {
  /** Plugin ids compared; all when absent. */
  ids?: ReadonlySet<string>;
  /** A full verification: dependency resolution is compared too. */
  full: boolean;
  /** The static translation of a plugin's config model (as `model_json_schema()` would print it). */
  staticSchema: (p: PluginInfo) => StaticSchema | undefined;
}

const STATIC_FIELD: Record<MetadataField, 'name' | 'version' | 'floeApiVersion' | 'description' | 'dependencies'> = {
  name: 'name',
  version: 'version',
  floe_api_version: 'floeApiVersion',
  description: 'description',
  dependencies: 'dependencies',
};
const PY_TYPE: Record<MetadataField, string> = { name: 'str', version: 'str', floe_api_version: 'str', description: 'str', dependencies: 'list' };

/** `floe-core 0.1.0 at /path/floe_core`. */
export function coreText(run: { floeCore?: PlatformRun['floeCore'] }): string {
  const c = run.floeCore;
  if (!c) return 'floe-core';
  return `floe-core${c.version ? ` ${c.version}` : ''} at ${c.path}`;
}

function showStatic<T>(v: StaticValue<T>): string {
  if (v.kind === 'known') return JSON.stringify(v.value);
  if (v.kind === 'dynamic') return `unknown (${v.reason})`;
  return 'none';
}

function showRuntime(v: RuntimeValue | undefined, expected: string): string {
  if (!v) return 'not read';
  if (v.error !== undefined) return v.error;
  const text = JSON.stringify(v.value ?? null);
  return v.type && v.type !== expected && !(expected === 'list' && v.type === 'tuple') ? `${text} (${v.type})` : text;
}

function sameValue<T>(s: StaticValue<T>, r: RuntimeValue | undefined, expected: string): boolean {
  if (s.kind !== 'known' || !r || r.error !== undefined) return false;
  if (expected === 'str' && r.type !== 'str') return false;
  return JSON.stringify(s.value) === JSON.stringify(r.value);
}

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Where a plugin's problem about one value is shown: the value when it is the plugin's own code,
 * else the class name, else the entry point. */
function locate(p: PluginInfo, v?: StaticValue<unknown>): { file: string; range: Range } {
  if (v && v.kind !== 'missing') {
    const own = (p.cls && v.file === p.cls.file) || (p.decl.source === 'workspace' && p.decl.importRoots.some((r) => isUnder(v.file, r)));
    if (own && !(v.kind === 'known' && v.origin === 'default')) return { file: v.file, range: v.range };
  }
  if (p.cls) return { file: p.cls.file, range: p.cls.nameRange };
  return { file: p.decl.file, range: p.decl.nameRange };
}

function normalizeTarget(value: string): string {
  return value.replace(/\[[^\]]*\]/g, '').replace(/\s+/g, '');
}

function summary(rt: RuntimePlugin): RuntimeSummary {
  const f = rt.fields;
  const val = (x: RuntimeValue | undefined) => (x?.error !== undefined ? { error: x.error } : x?.value);
  const s: RuntimeSummary = {};
  if (rt.entryPoint !== undefined) s.entryPoint = rt.entryPoint;
  if (f) {
    s.name = val(f.name);
    s.version = val(f.version);
    s.floeApiVersion = val(f.floe_api_version);
    s.description = val(f.description);
    s.dependencies = val(f.dependencies);
  } else if (rt.incompatible) s.floeApiVersion = rt.incompatible.required;
  if (rt.loaded) s.compatible = true;
  else if (rt.incompatible) s.compatible = false;
  if (rt.configSchema) s.configModel = rt.configSchema.none ? null : (rt.configSchema.model ?? null);
  if (rt.className) s.className = rt.className;
  return s;
}

class Collector {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly run: PlatformRun) {}

  add(
    p: PluginInfo,
    at: { file: string; range: Range },
    code: 'platform-disagrees' | 'not-loadable',
    severity: Severity,
    message: string,
    related?: RelatedInformation[],
  ): void {
    const d: Diagnostic = { file: at.file, range: at.range, severity, code, message, pluginId: p.id };
    if (related?.length) d.related = related;
    this.diagnostics.push(d);
  }

  disagree(p: PluginInfo, v: PluginVerdict, at: { file: string; range: Range }, d: FieldDisagreement, severity: Severity = 'warning', where = ''): void {
    v.disagreements.push(d);
    this.add(
      p,
      at,
      'platform-disagrees',
      severity,
      `Platform disagrees on ${d.field}${where}: static ${d.static}, runtime ${d.runtime} (${coreText(this.run)}).`,
    );
  }
}

function compareConfigSchema(p: PluginInfo, rt: RuntimePlugin, v: PluginVerdict, c: Collector, opts: CompareOptions): void {
  const rs = rt.configSchema;
  if (!rs) return;
  const ref = p.configSchema;
  const at = ref?.file && ref.range ? { file: ref.file, range: ref.range } : ref ? { file: ref.returnFile, range: ref.returnRange } : locate(p);
  const staticName = ref ? ref.className : 'none';
  if (rs.none) {
    if (ref) c.disagree(p, v, at, { field: 'config schema', static: staticName, runtime: 'none (get_config_schema() returned None)' });
    return;
  }
  if (!rs.model) {
    c.disagree(p, v, at, { field: 'config schema', static: staticName, runtime: rs.error ?? 'unknown' });
    return;
  }
  if (!ref) {
    c.disagree(p, v, at, { field: 'config schema', static: 'none', runtime: rs.model });
    return;
  }
  if (rs.error || !rs.schema) {
    c.disagree(p, v, at, { field: 'config schema', static: staticName, runtime: rs.error ?? 'no schema' });
    return;
  }
  const st = opts.staticSchema(p);
  if (!st) {
    if (ref.className !== rs.model) c.disagree(p, v, at, { field: 'config schema', static: ref.className, runtime: rs.model });
    return;
  }
  const diffs = diffSchemas(st.display ?? st.schema, rs.schema);
  if (!diffs.length) return;
  const first = diffs[0];
  const more = diffs.length > 1 ? `, and ${diffs.length - 1} more difference${diffs.length === 2 ? '' : 's'}` : '';
  v.disagreements.push(
    ...diffs.map((d) => ({ field: `config schema${d.path ? ` at ${d.path}` : ''}`, static: showSchemaValue(d.static), runtime: showSchemaValue(d.runtime) })),
  );
  c.add(
    p,
    at,
    'platform-disagrees',
    'warning',
    `Platform disagrees on the config schema of ${rs.model}${first.path ? ` at ${first.path}` : ''}: static ${showSchemaValue(first.static)}, runtime ${showSchemaValue(first.runtime)}${more} (${coreText(c.run)}).`,
  );
}

function compareLoaded(p: PluginInfo, rt: RuntimePlugin, v: PluginVerdict, c: Collector, opts: CompareOptions, registry: boolean): void {
  for (const field of METADATA_FIELDS) {
    const s = p[STATIC_FIELD[field]] as StaticValue<unknown>;
    const r = rt.fields?.[field];
    if (sameValue(s, r, PY_TYPE[field])) continue;
    c.disagree(p, v, locate(p, s), { field, static: showStatic(s), runtime: showRuntime(r, PY_TYPE[field]) }, s.kind === 'dynamic' ? 'information' : 'warning');
  }
  if (registry && p.compatibility === 'incompatible') {
    c.disagree(p, v, locate(p, p.floeApiVersion), { field: 'compatibility', static: 'incompatible', runtime: 'compatible (the registry loaded it)' });
  }
  compareConfigSchema(p, rt, v, c, opts);
}

function compareIncompatible(p: PluginInfo, rt: RuntimePlugin, v: PluginVerdict, c: Collector): void {
  const inc = rt.incompatible!;
  const api = p.floeApiVersion;
  if (!(api.kind === 'known' && api.value === inc.required)) {
    c.disagree(
      p,
      v,
      locate(p, api),
      { field: 'floe_api_version', static: showStatic(api), runtime: JSON.stringify(inc.required ?? null) },
      api.kind === 'dynamic' ? 'information' : 'warning',
    );
  }
  if (p.compatibility === 'compatible') {
    c.disagree(p, v, locate(p, api), { field: 'compatibility', static: 'compatible', runtime: `incompatible (${JSON.stringify(inc.message)})` });
  }
}

function frames(rt: RuntimePlugin): RelatedInformation[] {
  return (rt.error?.traceback ?? [])
    .filter((f) => f.line > 0)
    .map((f) => ({
      file: f.file,
      range: { start: { line: f.line - 1, character: 0 }, end: { line: f.line - 1, character: 0 } },
      message: `in ${f.function}`,
    }));
}

function comparePlugin(p: PluginInfo, rt: RuntimePlugin | undefined, c: Collector, opts: CompareOptions, r: AnalysisResult): PluginVerdict | undefined {
  if (!rt) return undefined;
  const v: PluginVerdict = { pluginId: p.id, group: p.group, entryPoint: p.entryPoint, name: pluginName(p), verdict: 'verified', disagreements: [] };
  const core = coreText(c.run);
  if (!rt.discovered || rt.unsupported) {
    v.verdict = 'not-discovered';
    v.reason = rt.reason ?? rt.unsupported ?? 'not discovered';
    c.add(p, { file: p.decl.file, range: p.decl.nameRange }, 'platform-disagrees', 'warning', `Not discovered by the platform: ${v.reason} (${core}).`);
    return v;
  }
  v.runtime = summary(rt);
  if (rt.entryPoint !== undefined && normalizeTarget(rt.entryPoint) !== normalizeTarget(p.decl.value)) {
    c.disagree(
      p,
      v,
      { file: p.decl.file, range: p.decl.valueRange },
      { field: 'entry point', static: JSON.stringify(p.decl.value), runtime: JSON.stringify(rt.entryPoint) },
    );
  }
  const registry = r.platform.types.find((t) => t.group === p.group)?.loadedBy !== 'separate';
  if (rt.loaded) compareLoaded(p, rt, v, c, opts, registry);
  else if (rt.incompatible) compareIncompatible(p, rt, v, c);
  else {
    v.verdict = 'not-loadable';
    v.error = rt.error ?? { type: 'Error', message: 'not loaded', traceback: [] };
    const what = v.error.type ? `${v.error.type}: ${v.error.message}` : v.error.message;
    c.add(p, { file: p.decl.file, range: p.decl.valueRange }, 'not-loadable', 'error', `The platform cannot load this plugin: ${what} (${core}).`, frames(rt));
    return v;
  }
  if (v.disagreements.length) v.verdict = 'disagrees';
  return v;
}

/** Dependency resolution over the registry plugins the platform loaded, static names and dependencies. */
function compareDependencies(
  r: AnalysisResult,
  run: PlatformRun,
  byKey: Map<string, PluginInfo[]>,
  verdicts: Map<string, PluginVerdict>,
  c: Collector,
  notes: string[],
): void {
  const d = run.dependencies;
  if (!d || d.unsupported) return;
  const nodes: DepNode[] = [];
  const owners = new Map<string, PluginInfo>();
  for (const rt of run.plugins.values()) {
    if (!rt.loaded || rt.group === undefined) continue;
    const type = r.platform.types.find((t) => t.group === rt.group);
    if (type?.loadedBy === 'separate' || rt.group === 'floe.network_security') continue;
    const p = byKey.get(rt.key)?.[0];
    if (p) {
      const deps = knownList(p.dependencies);
      if (!deps || p.name.kind !== 'known') {
        notes.push(`dependency resolution not compared: the ${deps ? 'name' : 'dependencies'} of ${p.group}:${p.entryPoint} cannot be known statically`);
        return;
      }
      nodes.push({ name: p.name.value, dependencies: deps });
      owners.set(p.name.value, p);
    } else {
      // A plugin only the platform knows: its own values stand in.
      const name = rt.fields?.name?.value;
      const deps = rt.fields?.dependencies?.value;
      if (typeof name === 'string') nodes.push({ name, dependencies: Array.isArray(deps) ? deps.map(String) : [] });
    }
  }
  const mine = resolveLikeFloe(nodes);
  const theirs = runtimeResolution(d);
  const involved = new Set([...blamed(mine), ...blamed(theirs)]);
  const report = (name: string, field: string, s: string, rt: string) => {
    const p = owners.get(name);
    const v = p && verdicts.get(p.id);
    if (!p || !v) return;
    c.disagree(p, v, locate(p, p.dependencies), { field, static: s, runtime: rt });
    if (v.verdict === 'verified') v.verdict = 'disagrees';
  };
  if (!sameResolution(mine, theirs)) {
    for (const name of involved.size ? involved : owners.keys()) report(name, 'dependency resolution', describeResolution(mine), describeResolution(theirs));
    return;
  }
  if (theirs.kind === 'ok') {
    for (const x of orderViolations(nodes, theirs.order)) {
      report(x.name, 'dependency order', `${x.dependency} before ${x.name}`, `${x.name} before ${x.dependency} (${theirs.order.join(', ')})`);
    }
  }
}

export function comparePlatform(r: AnalysisResult, run: PlatformRun, opts: CompareOptions): VerifyReport {
  const c = new Collector(run);
  const report: VerifyReport = {
    python: run.python,
    plugins: [],
    diagnostics: c.diagnostics,
    runtimeOnly: [],
    notes: [],
    durationMs: run.durationMs,
    finishedAt: new Date().toISOString(),
  };
  if (run.floeCore) report.floeCore = run.floeCore;
  if (run.startupMs !== undefined) report.startupMs = run.startupMs;
  if (run.cancelled) report.cancelled = true;
  if (run.fatal) {
    report.fatal = run.fatal;
    return report;
  }
  const byKey = new Map<string, PluginInfo[]>();
  for (const p of r.plugins) {
    const k = `${p.group}:${p.entryPoint}`;
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const verdicts = new Map<string, PluginVerdict>();
  for (const p of r.plugins) {
    if (opts.ids && !opts.ids.has(p.id)) continue;
    const v = comparePlugin(p, run.plugins.get(`${p.group}:${p.entryPoint}`), c, opts, r);
    if (v) {
      report.plugins.push(v);
      verdicts.set(p.id, v);
    }
  }
  for (const rt of run.plugins.values()) {
    if (byKey.has(rt.key)) continue;
    const extra: VerifyReport['runtimeOnly'][number] = { group: rt.group, name: rt.name };
    if (rt.entryPoint) extra.entryPoint = rt.entryPoint;
    if (rt.loaded !== undefined) extra.loaded = rt.loaded;
    if (rt.error) extra.error = rt.error.type ? `${rt.error.type}: ${rt.error.message}` : rt.error.message;
    report.runtimeOnly.push(extra);
  }
  for (const m of run.missing) report.notes.push(noteFor(m, run));
  if (run.dependencies) report.dependencies = run.dependencies;
  if (opts.full && !run.cancelled) compareDependencies(r, run, byKey, verdicts, c, report.notes);
  return report;
}

function noteFor(missing: string, run: PlatformRun): string {
  const core = coreText(run);
  if (missing.endsWith('discover_network_security_plugins')) return `${core} has no ${missing}(): it loads no floe.network_security plugins`;
  if (missing.endsWith('get_registry')) return `${core} has no get_registry(): discovery ran as PluginRegistry().discover_all()`;
  if (missing.endsWith('resolve_dependencies'))
    return `${core} has neither PluginRegistry.resolve_dependencies() nor a DependencyResolver: dependency resolution was not compared`;
  if (missing.endsWith('list_all')) return `${core} has no PluginRegistry.list_all(): no plugin was discovered through it`;
  return `${core} has no ${missing}`;
}
