// Config schemas exported by running the plugin's Python: the runner imports the class, calls
// get_config_schema() (on an instance; else on the class or an instance made without __init__)
// and returns model_json_schema(). One process per plugin, killed when a phase runs over timeoutMs.
import * as fs from 'node:fs';
import type { HealthTarget } from './types';
import { importFailureFields } from './environment';
import { runPool } from './pool';
import { runnerPath } from './runnerPath';
import { runRunnerProcess } from './runnerProcess';
import { defaultParallel } from './runner';

export interface SchemaExportOptions {
  python: string;
  /** Per plugin phase, ms (import, instantiate, get_config_schema()); the interpreter's start-up is not counted. */
  timeoutMs: number;
  /** Limit for the interpreter to start, ms (default 60000). */
  startupTimeoutMs?: number;
  parallel?: number;
  cwd?: string;
  signal?: AbortSignal;
  /** Why a plugin gave no schema (import error, timeout, no get_config_schema() ...); `missingModule`
   * when importing it failed for want of a module that is not the plugin's own. */
  onProblem?: (pluginId: string, message: string, missing?: { missingModule: string; importedBy?: string }) => void;
}

/** JSON Schemas by plugin id; plugins without one (or that failed) are left out. */
export async function exportConfigSchemas(targets: HealthTarget[], opts: SchemaExportOptions): Promise<Map<string, Record<string, unknown>>> {
  const schemas = new Map<string, Record<string, unknown>>();
  const runner = runnerPath();
  if (!fs.existsSync(runner)) {
    for (const t of targets) opts.onProblem?.(t.pluginId, `the Floe runner script is missing (${runner})`);
    return schemas;
  }
  await runPool(
    targets,
    opts.parallel ?? defaultParallel(),
    async (t) => {
      const o = await runRunnerProcess(
        { mode: 'schema', target: t.target, importRoots: t.importRoots },
        { python: opts.python, runner, cwd: opts.cwd, signal: opts.signal, budget: () => opts.timeoutMs, startupMs: opts.startupTimeoutMs },
      );
      const schema = o.final?.schema;
      if (schema && typeof schema === 'object' && !Array.isArray(schema)) schemas.set(t.pluginId, schema as Record<string, unknown>);
      else {
        const why =
          typeof o.final?.error === 'string'
            ? o.final.error
            : o.final
              ? 'get_config_schema() returned None'
              : o.timedOut
                ? `timed out after ${opts.timeoutMs} ms`
                : o.cancelled
                  ? 'cancelled'
                  : (o.spawnError ?? `the runner ended without an answer (exit ${o.exitSignal ?? o.exitCode})`);
        const f = o.final ? importFailureFields(o.final, t.target) : {};
        opts.onProblem?.(t.pluginId, why, f.missingModule ? { missingModule: f.missingModule, importedBy: f.importedBy } : undefined);
      }
    },
    () => undefined,
    opts.signal,
  );
  return schemas;
}
