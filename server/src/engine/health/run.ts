// A health run as the command line and the language server both make it: the plugins' targets
// (with the config their manifest gives them), then the interpreter (the one chosen, else the
// folder's virtualenv, else python3) validated, then the runner. Nothing in the folder is executed
// before the caller says plugin code may run there (`trusted`), not even its virtualenv's Python.
import type { AnalysisResult } from '../model';
import { resolveInterpreter, validateInterpreterAsync, type InterpreterCheck } from './interpreter';
import { runHealthChecks } from './runner';
import { healthTargets, type ReadText } from './targets';
import type { HealthResult, HealthTarget } from './types';

/** The interpreter that runs plugin code in `root`, validated; `path` is the real executable (not a shim). */
export function interpreterFor(root: string, chosen?: string): Promise<InterpreterCheck> {
  return validateInterpreterAsync(resolveInterpreter(root, chosen), root);
}

export interface HealthPlanOptions {
  /** The workspace folder: relative interpreter paths, the virtualenv and the runner's cwd. */
  root: string;
  /** The interpreter the user chose (path or command); else the folder's virtualenv, else python3. */
  python?: string;
  /** Only these plugins (ids); all when absent. */
  ids?: Iterable<string>;
  /** A manifest's text (the language server reads open documents over the disk). */
  read?: ReadText;
  /** Whether plugin code may run in this folder (default true). */
  trusted?: boolean;
}

export type HealthPlan =
  /** No plugin to check. */
  | { state: 'empty'; root: string; targets: [] }
  /** Plugin code may not run here: nothing was executed. */
  | { state: 'untrusted'; root: string; targets: HealthTarget[] }
  /** No usable interpreter (`error` says why). */
  | { state: 'no-interpreter'; root: string; targets: HealthTarget[]; error: string }
  | { state: 'ready'; root: string; targets: HealthTarget[]; python: string; version: string };

/** What a run needs, or why it cannot run. */
export async function planHealthRun(r: AnalysisResult, o: HealthPlanOptions): Promise<HealthPlan> {
  const root = o.root;
  const targets = healthTargets(r, o.ids, o.read);
  if (!targets.length) return { state: 'empty', root, targets: [] };
  if (o.trusted === false) return { state: 'untrusted', root, targets };
  const check = await interpreterFor(root, o.python);
  if (!check.ok) return { state: 'no-interpreter', root, targets, error: check.error };
  return { state: 'ready', root, targets, python: check.path, version: check.version };
}

export interface HealthRunHooks {
  /** startup -> health_check -> shutdown instead of health_check only. */
  lifecycle?: boolean;
  /** Per health check and per lifecycle hook, ms (the runner's defaults when absent). */
  healthTimeoutMs?: number;
  hookTimeoutMs?: number;
  signal?: AbortSignal;
  /** Each result as it arrives (a cancelled one has `details.cancelled`). */
  onResult?: (r: HealthResult) => void;
}

/** Run a ready plan; results in target order, each naming the interpreter that ran it. */
export async function runHealthPlan(plan: Extract<HealthPlan, { state: 'ready' }>, hooks: HealthRunHooks = {}): Promise<HealthResult[]> {
  const withPython = (r: HealthResult): HealthResult => ({ ...r, python: r.python ?? plan.python });
  const onResult = hooks.onResult;
  const results = await runHealthChecks(plan.targets, {
    python: plan.python,
    cwd: plan.root,
    lifecycle: hooks.lifecycle === true,
    ...(hooks.healthTimeoutMs !== undefined ? { healthTimeoutMs: hooks.healthTimeoutMs } : {}),
    ...(hooks.hookTimeoutMs !== undefined ? { hookTimeoutMs: hooks.hookTimeoutMs } : {}),
    signal: hooks.signal,
    onResult: onResult ? (r) => onResult(withPython(r)) : undefined,
  });
  return results.map(withPython);
}
