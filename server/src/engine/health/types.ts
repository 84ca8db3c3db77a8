// The contract of the health / lifecycle runner.
import type { HealthResultDto } from '../../../../shared/types';

export type HealthResult = HealthResultDto;

export interface HealthTarget {
  pluginId: string;
  group: string;
  entryPoint: string;
  /** Plugin name for reports (the known `name`, else the entry-point name). */
  name: string;
  /** `module.path:Attr` */
  target: string;
  /** Folders put first on sys.path (workspace package roots); empty for installed distributions. */
  importRoots: string[];
  /** Validated config from a manifest, passed to a constructor that needs one. */
  config?: Record<string, unknown>;
}

export interface HealthRunOptions {
  /** Interpreter path (validated before use). */
  python: string;
  /** Per health check, ms (default 5000). */
  healthTimeoutMs?: number;
  /** Per lifecycle hook, ms (default 30000). */
  hookTimeoutMs?: number;
  /** Limit for the interpreter to start and report ready, ms (default 60000; in no plugin budget). */
  startupTimeoutMs?: number;
  /** startup -> health_check -> shutdown instead of health_check only. */
  lifecycle?: boolean;
  /** Parallel workers (default: number of cores). */
  parallel?: number;
  /** Working directory for the runner (the workspace root). */
  cwd?: string;
  signal?: AbortSignal;
  /** Called as each result arrives. */
  onResult?: (r: HealthResult) => void;
}
