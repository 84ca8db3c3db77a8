// Health checks and lifecycles run for real in the author's Python: one runner process per
// plugin (server/python/floe_runner.py), `parallel` at a time, each killed when a phase runs
// over its budget (health_check: healthTimeoutMs; import, constructor, configure, startup,
// shutdown: hookTimeoutMs). The interpreter's own start-up, until the runner reports ready, is in
// no plugin budget: it has a separate, generous limit (startupTimeoutMs). Results stream through
// onResult and come back in target order.
//
// Before the hooks the plugin is created and configured as floe-core does (see floe_runner.py):
// cls(), or cls(config=...) when the constructor requires a config; then configure() with the
// config validated by get_config_schema()'s model (field errors end the run). `details` says how
// (created, configured, configSource, configNote, configErrors; these win over a plugin's own
// details of the same name).
// Lifecycle policy: startup -> health_check -> shutdown; a failed startup skips health_check but
// shutdown is still attempted; a hook that times out ends the process, so the hooks after it do
// not run. health_check gets timeout=<its budget in seconds> when it has that parameter.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HookOutcome, TracebackFrame } from '../../../../shared/types';
import type { HealthResult, HealthRunOptions, HealthTarget } from './types';
import { importFailureFields } from './environment';
import { runPool } from './pool';
import { runnerPath } from './runnerPath';
import { runRunnerProcess, type HookName, type Phase, type ProcessOutcome } from './runnerProcess';

export { validateInterpreter, validateInterpreterAsync, resolveInterpreter } from './interpreter';
export { setRunnerPath, runnerPath } from './runnerPath';

export const DEFAULT_HEALTH_TIMEOUT_MS = 5000;
export const DEFAULT_HOOK_TIMEOUT_MS = 30000;
const LIFECYCLE: HookName[] = ['startup', 'health_check', 'shutdown'];
const STATES = new Set(['healthy', 'degraded', 'unhealthy']);

export function defaultParallel(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

export async function runHealthChecks(targets: HealthTarget[], opts: HealthRunOptions): Promise<HealthResult[]> {
  const runner = runnerPath();
  const healthMs = opts.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const hookMs = opts.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
  const hooks: HookName[] = opts.lifecycle ? LIFECYCLE : ['health_check'];
  const runnerMissing = !fs.existsSync(runner);

  const emit = (r: HealthResult): HealthResult => {
    try {
      opts.onResult?.(r);
    } catch {
      /* a listener's problem is not the run's */
    }
    return r;
  };
  const work = async (t: HealthTarget): Promise<HealthResult> => {
    if (runnerMissing) return emit(failed(t, opts.python, `the Floe runner script is missing (${runner})`, 0));
    const outcome = await runRunnerProcess(
      {
        mode: 'health',
        target: t.target,
        importRoots: t.importRoots,
        config: t.config,
        emptyConfig: t.emptyConfig,
        category: t.category,
        healthTimeout: healthMs / 1000,
        hooks,
      },
      {
        python: opts.python,
        runner,
        cwd: opts.cwd,
        signal: opts.signal,
        budget: (phase) => (phase === 'health_check' ? healthMs : hookMs),
        startupMs: opts.startupTimeoutMs,
      },
    );
    return emit(toResult(t, outcome, opts.python));
  };
  const skipped = (t: HealthTarget) => emit(failed(t, opts.python, 'cancelled (not started)', 0, { cancelled: true }));
  return runPool(targets, opts.parallel ?? defaultParallel(), work, skipped, opts.signal);
}

function base(t: HealthTarget, python: string): Omit<HealthResult, 'state' | 'message' | 'details' | 'durationMs' | 'hooks'> {
  return { pluginId: t.pluginId, group: t.group, entryPoint: t.entryPoint, name: t.name, finishedAt: new Date().toISOString(), python };
}

function failed(t: HealthTarget, python: string, message: string, durationMs: number, details: Record<string, unknown> = {}): HealthResult {
  return { ...base(t, python), state: 'unhealthy', message, details, durationMs, hooks: [] };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function where(phase: Phase, target: string): string {
  switch (phase) {
    case 'start':
      return 'starting Python';
    case 'import':
      return `importing ${target}`;
    case 'instantiate':
      return 'creating the plugin';
    case 'configure':
      return 'configuring the plugin';
    case 'after':
    case 'done':
      return 'finishing';
    default:
      return `${phase}()`;
  }
}

const SIGNAL_NAMES: Record<string, string> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGILL: 'illegal instruction',
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
};

/** The crashing thread's frames of a faulthandler dump on stderr (`File "x.py", line 3 in f`),
 * most recent last; those in the plugin's own folders when there are any. */
export function faultFrames(stderr: string, runner: string, ownRoots: string[] = []): TracebackFrame[] {
  const start = stderr.search(/^Current thread .*\(most recent call first\):$/m);
  if (start < 0) return [];
  const block = stderr.slice(start).split(/\n\s*\n|\n(?=Thread )/)[0];
  const frames: TracebackFrame[] = [];
  const re = /^\s*File "(.+)", line (\d+) in (.+)$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(block))) {
    if (m[1] !== runner) frames.push({ file: m[1], line: Number(m[2]), function: m[3].trim() });
  }
  frames.reverse();
  const roots = ownRoots.map((r) => (r.endsWith(path.sep) ? r : r + path.sep));
  const own = frames.filter((f) => roots.some((r) => f.file.startsWith(r)));
  return (own.length ? own : frames).slice(-8);
}

function hookOutcomes(o: ProcessOutcome): HookOutcome[] {
  const hooks: HookOutcome[] = [];
  for (const e of o.events) {
    if (e.event !== 'hook_end') continue;
    const h: HookOutcome = { hook: e.hook as HookOutcome['hook'], ok: e.ok === true, durationMs: Number(e.durationMs) || 0 };
    if (typeof e.error === 'string') h.error = e.error;
    hooks.push(h);
  }
  return hooks;
}

/** How the plugin was created and configured (the runner's `created` / `configured` events), for
 * `details`: kept whatever happened after (a hook that timed out, a crash). */
function setupDetails(o: ProcessOutcome, t: HealthTarget): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const e of o.events) {
    if (e.event === 'created' && typeof e.how === 'string') d.created = e.how;
    if (e.event !== 'configured') continue;
    d.configured = e.configured === true;
    if (typeof e.source === 'string') d.configSource = e.source;
    if (d.configSource === 'manifest' && t.manifest) d.manifest = t.manifest;
    if (typeof e.note === 'string') d.configNote = e.note;
    if (Array.isArray(e.errors)) d.configErrors = e.errors;
  }
  return d;
}

function asError(v: unknown): HealthResult['error'] | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const e = v as Record<string, unknown>;
  const traceback = Array.isArray(e.traceback)
    ? e.traceback.filter((f): f is TracebackFrame => !!f && typeof f === 'object' && typeof (f as TracebackFrame).file === 'string')
    : [];
  return { type: String(e.type ?? 'Error'), message: String(e.message ?? ''), traceback };
}

export function toResult(t: HealthTarget, o: ProcessOutcome, python: string): HealthResult {
  const hooks = hookOutcomes(o);
  let state: HealthResult['state'] = 'unhealthy';
  let message: string;
  let details: Record<string, unknown> = {};
  let error: HealthResult['error'];
  let failure: ReturnType<typeof importFailureFields> = {};
  const inHook = o.phase === 'startup' || o.phase === 'health_check' || o.phase === 'shutdown';
  const place = where(o.phase, t.target);

  if (o.final) {
    const f = o.final;
    state = STATES.has(String(f.state)) ? (f.state as HealthResult['state']) : 'unhealthy';
    message = typeof f.message === 'string' ? f.message : '';
    if (f.details && typeof f.details === 'object' && !Array.isArray(f.details)) details = { ...(f.details as Record<string, unknown>) };
    error = asError(f.error);
    failure = importFailureFields(f, t.target);
  } else if (o.spawnError) {
    // It was validated when the run began: an interpreter missing now was deleted or replaced since.
    message = /\bENOENT\b/.test(o.spawnError)
      ? `the interpreter ${python} no longer exists (its environment was deleted or is being recreated); run the check again once it is back`
      : `could not start ${python}: ${o.spawnError}`;
  } else if (o.cancelled) {
    message = 'cancelled';
    details.cancelled = true;
    if (inHook) hooks.push({ hook: o.phase as HookName, ok: false, durationMs: o.cancelled.elapsedMs, error: 'cancelled' });
  } else if (o.timedOut) {
    const budget = seconds(o.timedOut.budgetMs);
    message = `${place} timed out after ${budget}; the process was killed`;
    details.timedOut = true;
    if (inHook) {
      hooks.push({ hook: o.phase as HookName, ok: false, durationMs: o.timedOut.elapsedMs, error: `timed out after ${budget}`, timedOut: true });
    }
  } else {
    const sig = o.exitSignal;
    const how = sig ? `crashed (${sig}${SIGNAL_NAMES[sig] ? `: ${SIGNAL_NAMES[sig]}` : ''})` : `ended the process (exit code ${o.exitCode})`;
    message = `${place} ${how} before reporting a result`;
    const frames = faultFrames(o.stderr, runnerPath(), t.importRoots);
    error = { type: sig ?? 'ProcessExit', message: how, traceback: frames };
    if (inHook) hooks.push({ hook: o.phase as HookName, ok: false, durationMs: performance.now() - o.phaseStartedAt, error: how });
  }
  Object.assign(details, setupDetails(o, t));
  if (o.stdout) details.stdout = o.stdout;
  if (o.stderr) details.stderr = o.stderr;
  const r: HealthResult = { ...base(t, python), state, message, details, durationMs: Math.round(o.durationMs), hooks };
  if (o.readyMs !== undefined) r.startupMs = Math.round(o.readyMs);
  if (error) r.error = error;
  return { ...r, ...failure };
}
