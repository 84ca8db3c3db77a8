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

export interface TracebackFrame { file: string; line: number; function: string }

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
}

