// Verify against the platform: run floe-core's own discovery and registry in the author's
// interpreter and compare what they do with the static analysis (see platformRun.ts, compare.ts).
import type { AnalysisResult, PluginInfo } from '../model';
import type { PythonAnalyzerApi, StaticSchema } from '../python/types';
import { comparePlatform } from './compare';
import { runPlatform, type PlatformRunOptions, type VerifyTarget } from './platformRun';
import type { VerifyReport } from './types';

export type { VerifyReport, PluginVerdict, VerifyVerdict, FloeCoreRan } from './types';
export { coreText } from './compare';

export interface VerifyOptions extends Omit<PlatformRunOptions, 'full'> {
  /** Plugin ids to verify; all (a full verification, dependency resolution included) when absent. */
  ids?: Iterable<string>;
  /** The static translation of a plugin's config model. */
  staticSchema: (p: PluginInfo) => StaticSchema | undefined;
}

/** The static config schemas of an analysis, through the engine's Python analyzer. */
export function staticSchemas(python: PythonAnalyzerApi): (p: PluginInfo) => StaticSchema | undefined {
  return (p) => (p.configSchema ? python.staticConfigSchema(p.configSchema, p.decl.importRoots) : undefined);
}

/** The entry points to compare, once each. */
export function verifyTargets(plugins: PluginInfo[]): VerifyTarget[] {
  const seen = new Set<string>();
  const out: VerifyTarget[] = [];
  for (const p of plugins) {
    const key = `${p.group}:${p.entryPoint}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ group: p.group, name: p.entryPoint, distribution: p.decl.distribution });
  }
  return out;
}

export async function verifyPlatform(r: AnalysisResult, opts: VerifyOptions): Promise<VerifyReport> {
  const ids = opts.ids ? new Set(opts.ids) : undefined;
  const chosen = r.plugins.filter((p) => !ids || ids.has(p.id));
  const full = !ids;
  const run = await runPlatform(verifyTargets(chosen), { ...opts, full });
  return comparePlatform(r, run, { ids, full, staticSchema: opts.staticSchema });
}
