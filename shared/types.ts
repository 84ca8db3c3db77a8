// Plain data shared by the engine, the server and the client. No imports: the engine uses it too.

export type HealthState = 'healthy' | 'degraded' | 'unhealthy';
export interface HookOutcome {
  hook: 'startup' | 'health_check' | 'shutdown';
  ok: boolean;
  durationMs: number;
  /** Set when the hook raised, timed out or the process died. */
  error?: string;
  timedOut?: boolean;
}

export interface TracebackFrame {
  file: string;
  line: number;
  function: string;
}

export interface HealthResultDto {
  pluginId: string;
  group: string;
  entryPoint: string;
  name: string;
  state: HealthState;
  message: string;
  details: Record<string, unknown>;
  durationMs: number;
  /** ms the interpreter took to start (part of durationMs, in no plugin budget), when it started. */
  startupMs?: number;
  hooks: HookOutcome[];
  error?: { type: string; message: string; traceback: TracebackFrame[] };
  /** ISO time the result arrived. */
  finishedAt: string;
  /** The interpreter that ran it. */
  python?: string;
  /** Set when the plugin never ran: `import` — importing it raised (state is `unhealthy`, but the
   * plugin did not say so: it "could not be imported"). */
  failure?: 'import';
  /** With `failure: 'import'`: a module the interpreter does not have (`structlog`, as Python named
   * it), when it is not the plugin's own package — an environment problem, not the plugin's. */
  missingModule?: string;
  /** The module whose import statement needed `missingModule` (`floe_core.plugins.dependencies`). */
  importedBy?: string;
}

/** Plugins that could not be imported because the interpreter lacks modules, said once per interpreter. */
export interface EnvironmentProblemDto {
  /** The interpreter that lacks them. */
  python: string;
  /** `23 plugins could not be imported: structlog is missing in /usr/bin/python3`. */
  message: string;
  /** Every plugin concerned (ids). */
  pluginIds: string[];
  /** Per missing top-level module, most plugins first. */
  modules: Array<{ module: string; plugins: string[]; importedBy: string[] }>;
}
