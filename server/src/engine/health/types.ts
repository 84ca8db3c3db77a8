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
  /** Manifest category of the plugin's group (`catalog`, ...). */
  category?: string;
  /** The plugin's config as written in the first manifest selecting it (by category and
   * entry-point name, as floe's registry looks it up). The runner validates it with the plugin's
   * own model, passes it to a constructor that requires one and to configure(). */
  config?: Record<string, unknown>;
  /** The manifest `config` comes from. */
  manifest?: string;
  /** No manifest config, and floe's runtime configures plugins of this category with `{}`: the
   * runner does the same. */
  emptyConfig?: boolean;
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
