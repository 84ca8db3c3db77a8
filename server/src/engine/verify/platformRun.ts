// Runs floe-core's discovery and registry in the author's interpreter (server/python/floe_verify.py)
// through the health runner's process machinery: one process in its own process group, JSON lines
// on fd 3, `ready` after floe-core is imported (start-up, in no plugin budget), then each plugin's
// import and creation under the lifecycle timeout. A plugin that hangs or crashes the process is
// reported as not loadable and a new process carries on with the plugins not reported yet.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { faultFrames } from '../health/runner';
import { runnerPath } from '../health/runnerPath';
import { runRunnerProcess, type ProcessOutcome, type RunnerEvent } from '../health/runnerProcess';
import type { PlatformRun, RuntimeDependencies, RuntimePlugin } from './types';

/** A plugin to compare: its entry point as the workspace declares it. */
export interface VerifyTarget {
  group: string;
  name: string;
  distribution?: string;
}

export interface PlatformRunOptions {
  python: string;
  cwd?: string;
  /** ms for each plugin's import, its creation, and the dependency resolution (the lifecycle timeout). */
  phaseTimeoutMs: number;
  /** Limit for the interpreter to start and import floe-core, ms (default 60000). */
  startupTimeoutMs?: number;
  signal?: AbortSignal;
  /** Load every plugin floe-core discovers and resolve their dependencies (a full verification). */
  full: boolean;
  /** Each plugin as it is reported. */
  onPlugin?: (p: RuntimePlugin) => void;
}

/** The verify script, next to the runner script. */
export function verifyScriptPath(): string {
  return path.join(path.dirname(runnerPath()), 'floe_verify.py');
}

const DISCOVERY = '#discovery';
const DEPENDENCIES = '#dependencies';

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The one message for floe-core that cannot be imported: the interpreter, the missing module, the way out. */
export function fatalMessage(f: Record<string, unknown>, python: string): string {
  const where = typeof f.python === 'string' && f.python ? f.python : python;
  const hint = 'select another interpreter (Python: Select Interpreter, floePlugins.python.interpreter, or --python)';
  if (f.kind !== 'floe-core-unavailable') return String(f.message ?? 'the verification could not run');
  const module = typeof f.module === 'string' ? f.module : undefined;
  if (module === 'floe_core') return `floe-core is not installed in ${where} (No module named 'floe_core'); ${hint} that has floe-core installed`;
  if (module) {
    return `floe-core cannot be imported in ${where}: the module '${module}' it needs is missing (${String(f.message)}); ${hint} where floe-core and its dependencies are installed`;
  }
  return `floe-core cannot be imported in ${where}: ${String(f.type ?? 'Error')}: ${String(f.message ?? '')}; ${hint}`;
}

function asPlugin(e: RunnerEvent): RuntimePlugin | undefined {
  if (typeof e.group !== 'string' || typeof e.name !== 'string') return undefined;
  const p: RuntimePlugin = { group: e.group, name: e.name, key: `${e.group}:${e.name}`, discovered: e.discovered === true };
  if (typeof e.reason === 'string') p.reason = e.reason;
  if (typeof e.entryPoint === 'string') p.entryPoint = e.entryPoint;
  if (typeof e.loaded === 'boolean') p.loaded = e.loaded;
  if (typeof e.compatible === 'boolean') p.compatible = e.compatible;
  if (isRecord(e.incompatible)) p.incompatible = e.incompatible as RuntimePlugin['incompatible'];
  if (isRecord(e.error)) {
    const err = e.error;
    p.error = { type: String(err.type ?? 'Error'), message: String(err.message ?? ''), traceback: Array.isArray(err.traceback) ? err.traceback : [] };
  }
  if (typeof e.unsupported === 'string') p.unsupported = e.unsupported;
  if (isRecord(e.fields)) p.fields = e.fields as RuntimePlugin['fields'];
  if (typeof e.className === 'string') p.className = e.className;
  if (isRecord(e.configSchema)) p.configSchema = e.configSchema as RuntimePlugin['configSchema'];
  return p;
}

/** What ended a process that gave no result, in the words of the health runner. */
function interruption(o: ProcessOutcome, doing: string): string {
  if (o.timedOut) return `${doing} timed out after ${seconds(o.timedOut.budgetMs)}; the process was killed`;
  const how = o.exitSignal ? `crashed (${o.exitSignal})` : `ended the process (exit code ${o.exitCode})`;
  return `${doing} ${how}`;
}

export async function runPlatform(targets: VerifyTarget[], opts: PlatformRunOptions): Promise<PlatformRun> {
  const started = performance.now();
  const run: PlatformRun = { python: opts.python, plugins: new Map(), discovered: {}, missing: [], durationMs: 0, processes: 0 };
  const script = verifyScriptPath();
  const finish = () => {
    run.durationMs = Math.round(performance.now() - started);
    return run;
  };
  if (!fs.existsSync(script)) {
    run.fatal = `the Floe verify script is missing (${script})`;
    return finish();
  }
  const addMissing = (v: unknown) => {
    if (Array.isArray(v)) for (const m of v) if (typeof m === 'string' && !run.missing.includes(m)) run.missing.push(m);
  };
  // Reported plugins (a later process loads them again, for the dependency resolution, but its
  // reports of them are not taken) and those that took a process down (never touched again).
  const done = new Set<string>();
  const killed = new Set<string>();
  // One process, plus one more for each plugin that hangs or crashes it.
  for (let attempt = 0; attempt <= targets.length + 64; attempt++) {
    let current: string | undefined;
    let doing = 'starting Python and importing floe-core';
    const onEvent = (e: RunnerEvent) => {
      switch (e.event) {
        case 'floe_core':
          if (typeof e.path === 'string') {
            run.floeCore = { path: e.path, python: typeof e.python === 'string' ? e.python : opts.python };
            if (typeof e.version === 'string') run.floeCore.version = e.version;
            if (typeof e.apiVersion === 'string') run.floeCore.apiVersion = e.apiVersion;
          }
          addMissing(e.missing);
          break;
        case 'discovered':
          for (const src of [e.groups, e.separate]) {
            if (!isRecord(src)) continue;
            for (const [g, names] of Object.entries(src)) if (Array.isArray(names)) run.discovered[g] = names.filter((n): n is string => typeof n === 'string');
          }
          addMissing(e.missing);
          break;
        case 'phase':
          if (typeof e.key === 'string') {
            current = e.key;
            doing = e.phase === 'import' ? `importing ${e.key}` : `creating ${e.key}`;
          } else if (e.phase === 'configure') {
            current = DEPENDENCIES;
            doing = 'resolving the dependencies';
          } else {
            current = DISCOVERY;
            doing = 'discovering the plugins';
          }
          break;
        case 'plugin': {
          const p = asPlugin(e);
          current = undefined;
          if (!p || done.has(p.key)) break;
          run.plugins.set(p.key, p);
          done.add(p.key);
          try {
            opts.onPlugin?.(p);
          } catch {
            /* a listener's problem is not the run's */
          }
          break;
        }
        case 'dependencies':
          run.dependencies = {
            order: Array.isArray(e.order) ? e.order.map(String) : null,
            error: isRecord(e.error) ? (e.error as RuntimeDependencies['error']) : null,
            ...(e.unsupported === true ? { unsupported: true } : {}),
          };
          break;
        case 'result':
          if (isRecord(e.fatal)) run.fatal = fatalMessage(e.fatal, opts.python);
          addMissing(e.missing);
          break;
      }
    };
    const o = await runRunnerProcess(
      { mode: 'verify', plugins: targets, loadAll: opts.full, skip: [...killed], resolve: opts.full },
      {
        python: opts.python,
        runner: script,
        cwd: opts.cwd,
        signal: opts.signal,
        budget: () => opts.phaseTimeoutMs,
        startupMs: opts.startupTimeoutMs,
        onEvent,
      },
    );
    run.processes++;
    if (run.startupMs === undefined && o.readyMs !== undefined) run.startupMs = Math.round(o.readyMs);
    if (o.final) break;
    if (o.cancelled) {
      run.cancelled = true;
      break;
    }
    if (o.spawnError) {
      run.fatal = `could not start ${opts.python}: ${o.spawnError}`;
      break;
    }
    const why = interruption(o, doing);
    if (current && current !== DISCOVERY && current !== DEPENDENCIES) {
      // The plugin in progress took the process down: it cannot be loaded; carry on without it.
      killed.add(current);
      if (done.has(current)) continue;
      const [group, ...rest] = current.split(':');
      const frames = faultFrames(o.stderr, script);
      const p: RuntimePlugin = {
        group,
        name: rest.join(':'),
        key: current,
        discovered: true,
        loaded: false,
        error: { type: '', message: why, traceback: frames },
      };
      run.plugins.set(current, p);
      done.add(current);
      try {
        opts.onPlugin?.(p);
      } catch {
        /* a listener's problem is not the run's */
      }
      continue;
    }
    if (current === DEPENDENCIES) {
      run.dependencies = { order: null, error: { type: '', message: why } };
      break;
    }
    run.fatal =
      o.phase === 'start' && !o.timedOut && o.exitCode !== null
        ? `${opts.python} ended before floe-core was imported (exit code ${o.exitCode})${o.stderr ? `: ${o.stderr.trim().split('\n').slice(-1)[0]}` : ''}`
        : why;
    break;
  }
  return finish();
}
