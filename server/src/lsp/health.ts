// floe/runHealthChecks: refuses unless the folder is trusted and has a valid interpreter, runs the
// checks through the engine's runner (streamed, cancellable) and keeps the last result per plugin.
import type { RunHealthChecksParams, RunHealthChecksResult } from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';
import type { HealthTarget } from '../engine/health/types';
import { healthTargets } from '../engine/health/targets';
import { resolveInterpreter, runHealthChecks, validateInterpreterAsync } from '../engine/health/runner';
import type { FolderIndex } from './folders';

export interface HealthRunHooks {
  signal: AbortSignal;
  onResult(folder: FolderIndex, r: HealthResultDto): void;
  onStart?(total: number): void;
}

export async function interpreterFor(folder: FolderIndex): Promise<{ python?: string; error?: string }> {
  const explicit = folder.settings.pythonInterpreter;
  const python = explicit ?? resolveInterpreter(folder.root);
  const v = await validateInterpreterAsync(python);
  if (!v.ok) return { python, error: `no valid Python interpreter: ${v.error}` };
  // Run the real executable, not a shim in front of it (pyenv shims cost ~0.2 s per process).
  return { python: v.path ?? python };
}

export async function runHealth(folders: FolderIndex[], params: RunHealthChecksParams, hooks: HealthRunHooks): Promise<RunHealthChecksResult> {
  const ids = Array.isArray(params.pluginIds) ? new Set(params.pluginIds.filter((x) => typeof x === 'string')) : undefined;
  const work: Array<{ folder: FolderIndex; targets: HealthTarget[]; python: string }> = [];
  const refusals: string[] = [];
  for (const folder of folders) {
    // Manifests are read as the analysis read them (open documents over the disk).
    const targets = folder.result ? healthTargets(folder.result, ids, (f) => folder.ws?.fs.readFile(f)) : [];
    if (!targets.length) continue;
    if (folder.settings.workspaceTrusted !== true) {
      refusals.push(`${folder.name}: the workspace is not trusted, so plugin code is not run (trust the workspace to run health checks)`);
      continue;
    }
    const interp = await interpreterFor(folder);
    if (!interp.python || interp.error) {
      refusals.push(`${folder.name}: ${interp.error ?? 'no Python interpreter'}`);
      continue;
    }
    work.push({ folder, python: interp.python, targets });
  }
  if (!work.length) {
    return { results: [], refused: refusals.length ? refusals.join('; ') : ids ? 'no such plugin' : 'no plugins to check' };
  }
  hooks.onStart?.(work.reduce((n, w) => n + w.targets.length, 0));
  const results: HealthResultDto[] = [];
  for (const w of work) {
    if (hooks.signal.aborted) break;
    const s = w.folder.settings;
    const out = await runHealthChecks(w.targets, {
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
      // A cancelled check says nothing about the plugin: keep its previous result.
      if (!r.details?.cancelled) w.folder.health.set(r.pluginId, withPython);
      results.push(withPython);
    }
  }
  return { results, python: work[0].python };
}
