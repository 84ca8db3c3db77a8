// floe/runHealthChecks: refuses unless the folder is trusted and has a valid interpreter, runs the
// checks through the engine's runner (streamed, cancellable) and keeps the last result per plugin.
import type { RunHealthChecksParams, RunHealthChecksResult } from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';
import type { HealthTarget } from '../engine/health/types';
import { pluginName, type PluginInfo } from '../engine/model';
import { healthHelpers } from './engine';
import type { FolderIndex } from './folders';

export interface HealthRunHooks {
  signal: AbortSignal;
  onResult(folder: FolderIndex, r: HealthResultDto): void;
  onStart?(total: number): void;
}

export function healthTarget(p: PluginInfo, config?: Record<string, unknown>): HealthTarget {
  const t: HealthTarget = {
    pluginId: p.id,
    group: p.group,
    entryPoint: p.entryPoint,
    name: pluginName(p),
    target: p.target,
    importRoots: p.decl.source === 'workspace' ? [...p.decl.importRoots] : [],
  };
  if (config) t.config = config;
  return t;
}

/** The config of the first manifest selection that resolves to the plugin (for constructors needing one). */
function configFor(folder: FolderIndex, id: string): Record<string, unknown> | undefined {
  for (const m of folder.result?.manifests ?? []) {
    for (const s of m.selections) if (s.pluginId === id && s.effectiveConfig) return s.effectiveConfig;
  }
  return undefined;
}

export async function interpreterFor(folder: FolderIndex): Promise<{ python?: string; error?: string }> {
  if (!healthHelpers) return { error: 'the health-check runner is not available in this build' };
  const explicit = folder.settings.pythonInterpreter;
  const python = explicit ?? healthHelpers.resolveInterpreter?.(folder.root) ?? 'python3';
  const v = await healthHelpers.validateInterpreter(python);
  if (!v.ok) return { python, error: `no valid Python interpreter: ${v.error}` };
  return { python };
}

export async function runHealth(folders: FolderIndex[], params: RunHealthChecksParams, hooks: HealthRunHooks): Promise<RunHealthChecksResult> {
  const ids = Array.isArray(params.pluginIds) ? new Set(params.pluginIds.filter((x) => typeof x === 'string')) : undefined;
  const work: Array<{ folder: FolderIndex; targets: HealthTarget[]; python: string }> = [];
  const refusals: string[] = [];
  for (const folder of folders) {
    const plugins = (folder.result?.plugins ?? []).filter((p) => !ids || ids.has(p.id));
    if (!plugins.length) continue;
    if (folder.settings.workspaceTrusted !== true) {
      refusals.push(`${folder.name}: the workspace is not trusted, so plugin code is not run (trust the workspace to run health checks)`);
      continue;
    }
    const interp = await interpreterFor(folder);
    if (!interp.python || interp.error) {
      refusals.push(`${folder.name}: ${interp.error ?? 'no Python interpreter'}`);
      continue;
    }
    work.push({ folder, python: interp.python, targets: plugins.map((p) => healthTarget(p, configFor(folder, p.id))) });
  }
  if (!work.length) {
    return { results: [], refused: refusals.length ? refusals.join('; ') : ids ? 'no such plugin' : 'no plugins to check' };
  }
  hooks.onStart?.(work.reduce((n, w) => n + w.targets.length, 0));
  const results: HealthResultDto[] = [];
  for (const w of work) {
    if (hooks.signal.aborted) break;
    const s = w.folder.settings;
    const out = await healthHelpers!.runHealthChecks(w.targets, {
      python: w.python,
      healthTimeoutMs: s.healthCheckTimeout * 1000,
      hookTimeoutMs: s.lifecycleTimeout * 1000,
      lifecycle: params.lifecycle === true,
      cwd: w.folder.root,
      signal: hooks.signal,
      onResult: (r) => hooks.onResult(w.folder, { ...r, python: r.python ?? w.python }),
    });
    for (const r of out) {
      const withPython = { ...r, python: r.python ?? w.python };
      w.folder.health.set(r.pluginId, withPython);
      results.push(withPython);
    }
  }
  return { results, python: work[0].python };
}
