// One runner process for one plugin: spawn python floe_runner.py in its own process group, read
// the JSON-lines protocol from fd 3 (stdout/stderr are the plugin's, captured apart), apply the
// time budget of each phase the runner reports, and SIGKILL the whole group when one runs over,
// when the caller aborts, or (to clean up what the plugin started) when the runner exits.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { OutputCapture } from './outputCapture';

export type HookName = 'startup' | 'health_check' | 'shutdown';

export interface RunnerRequest {
  mode: 'health' | 'schema';
  target: string;
  importRoots: string[];
  /** The manifest's config for the plugin, as written. */
  config?: Record<string, unknown>;
  /** Without a manifest config, configure with `{}` (as floe's runtime does for some categories). */
  emptyConfig?: boolean;
  /** The plugin's manifest category (for messages). */
  category?: string;
  /** Seconds, passed as `health_check(timeout=...)` when the method has that parameter. */
  healthTimeout?: number;
  hooks?: HookName[];
}

/** A request of another script speaking the same protocol (e.g. floe_verify.py). */
export interface ScriptRequest {
  mode: string;
  [key: string]: unknown;
}

/** A protocol line from the runner. */
export interface RunnerEvent {
  event: string;
  [key: string]: unknown;
}

/** What the process is doing: `start` (interpreter starting), `import`, `instantiate`, `configure`, a hook, `after` (between hooks), `done`. */
export type Phase = 'start' | 'import' | 'instantiate' | 'configure' | HookName | 'after' | 'done';

/** How long an interpreter may take to start and report `ready` (its own start-up and the
 * runner's imports; no plugin code runs before). Generous: it only catches interpreters that
 * never get there, and a busy machine may take seconds. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

export interface ProcessOptions {
  python: string;
  runner: string;
  cwd?: string;
  /** Time budget (ms) of each plugin phase (import, instantiate, configure, hooks). */
  budget: (phase: Exclude<Phase, 'start'>) => number;
  /** Limit (ms) of the `start` phase, until the runner reports `ready` (default 60 s). */
  startupMs?: number;
  signal?: AbortSignal;
  /** Called for each protocol event as it arrives. */
  onEvent?: (e: RunnerEvent) => void;
}

export interface ProcessOutcome {
  events: RunnerEvent[];
  /** The `result` or `schema` event, when the runner got that far. */
  final?: RunnerEvent;
  /** The phase that ran over its budget (the process was killed). */
  timedOut?: { phase: Phase; budgetMs: number; elapsedMs: number };
  cancelled?: { phase: Phase; elapsedMs: number };
  /** The phase the process was in when it ended. */
  phase: Phase;
  /** ms from spawn to the runner's `ready` event (interpreter start-up), when it got there. */
  readyMs?: number;
  /** When the current phase started (performance.now()). */
  phaseStartedAt: number;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  spawnError?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** After an exit or a kill, how long to wait for the pipes to close before finishing anyway. */
const CLOSE_GRACE_MS = 500;
/** After the final event, how long the runner may take to exit by itself. */
const EXIT_GRACE_MS = 1000;
const MAX_LINE = 16 * 1024 * 1024;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export function runRunnerProcess(req: RunnerRequest | ScriptRequest, opts: ProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  const stdout = new OutputCapture();
  const stderr = new OutputCapture();
  const events: RunnerEvent[] = [];
  const out: ProcessOutcome = {
    events,
    phase: 'start',
    phaseStartedAt: started,
    exitCode: null,
    exitSignal: null,
    stdout: '',
    stderr: '',
    durationMs: 0,
  };

  return new Promise<ProcessOutcome>((resolve) => {
    let finished = false;
    let exited = false;
    let timer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let child: ChildProcess;

    const finish = () => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const s of [child?.stdout, child?.stderr, child?.stdio?.[3]]) (s as Readable | null | undefined)?.destroy();
      out.stdout = stdout.text();
      out.stderr = stderr.text();
      out.durationMs = performance.now() - started;
      resolve(out);
    };
    // Never wait on pipes forever: a grandchild may hold them, or the kernel may be slow to reap.
    const finishSoon = (ms: number) => {
      if (graceTimer || finished) return;
      graceTimer = setTimeout(finish, ms);
    };
    const enter = (phase: Phase) => {
      out.phase = phase;
      out.phaseStartedAt = performance.now();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (phase === 'done') {
        // The runner exits by itself right after its final event; a stray thread cannot keep it.
        timer = setTimeout(() => {
          killGroup(child);
          finishSoon(CLOSE_GRACE_MS);
        }, EXIT_GRACE_MS);
        return;
      }
      const budget = phase === 'start' ? (opts.startupMs ?? DEFAULT_STARTUP_TIMEOUT_MS) : opts.budget(phase);
      timer = setTimeout(() => {
        out.timedOut = { phase, budgetMs: budget, elapsedMs: performance.now() - out.phaseStartedAt };
        killGroup(child);
        finishSoon(CLOSE_GRACE_MS);
      }, budget);
    };
    function onAbort() {
      if (finished || out.final) return;
      out.cancelled = { phase: out.phase, elapsedMs: performance.now() - out.phaseStartedAt };
      killGroup(child);
      finishSoon(CLOSE_GRACE_MS);
    }
    const onEvent = (e: RunnerEvent) => {
      if (out.timedOut || out.cancelled) return;
      events.push(e);
      if (e.event === 'ready') {
        // Start-up is over: plugin budgets start now, beginning with the import.
        out.readyMs = performance.now() - started;
        enter('import');
      } else if (e.event === 'phase' && (e.phase === 'import' || e.phase === 'instantiate' || e.phase === 'configure')) enter(e.phase);
      else if (e.event === 'hook_start' && typeof e.hook === 'string') enter(e.hook as HookName);
      else if (e.event === 'hook_end') enter('after');
      else if (e.event === 'result' || e.event === 'schema') {
        out.final = e;
        enter('done');
      }
      try {
        opts.onEvent?.(e);
      } catch {
        /* a listener's problem is not the run's */
      }
    };

    try {
      child = spawn(opts.python, ['-u', opts.runner, JSON.stringify(req)], {
        cwd: opts.cwd,
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', PYTHONFAULTHANDLER: '1' },
      });
    } catch (e) {
      out.spawnError = e instanceof Error ? e.message : String(e);
      child = undefined as unknown as ChildProcess;
      finish();
      return;
    }

    child.stdout!.setEncoding('utf8').on('data', (d: string) => stdout.add(d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.add(d));
    const proto = child.stdio[3] as Readable;
    let buf = '';
    proto.setEncoding('utf8');
    proto.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        try {
          const e = JSON.parse(line) as RunnerEvent;
          if (e && typeof e === 'object' && typeof e.event === 'string') onEvent(e);
        } catch {
          /* not a protocol line */
        }
      }
      if (buf.length > MAX_LINE) buf = '';
    });
    for (const s of [child.stdout!, child.stderr!, proto])
      s.on('error', () => {
        /* closed under us */
      });

    child.on('error', (e) => {
      out.spawnError = e.message;
      finish();
    });
    child.on('exit', (code, sig) => {
      exited = true;
      out.exitCode = code;
      out.exitSignal = sig;
      killGroup(child); // whatever the plugin started in the group goes too
      finishSoon(CLOSE_GRACE_MS);
    });
    child.on('close', () => {
      if (exited) finish();
    });

    if (opts.signal?.aborted) onAbort();
    else {
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      enter('start');
    }
  });
}
