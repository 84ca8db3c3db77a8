// The settings the server reads per workspace folder (section `floePlugins`). The client's
// configuration middleware fills in the computed values (interpreter, trust).

/** The configuration section (`floePlugins.*` in VS Code) and the language client's id. */
export const SETTINGS_SECTION = 'floePlugins';

export interface FloeSettings {
  /** Platform API version `X.Y`; empty = detect from the workspace's floe-core, else `1.0`. */
  platformApiVersion: string;
  /** Extra entry-point groups accepted as plugin types. */
  extraGroups: string[];
  /** Glob patterns (relative to the folder) excluded from discovery. */
  exclude: string[];
  /** Extra site-packages folders to read installed distributions from. */
  sitePackages: string[];
  /** Extra globs of platform manifests. */
  manifestGlobs: string[];
  /** Seconds per health check. */
  healthCheckTimeout: number;
  /** Seconds per lifecycle hook. */
  lifecycleTimeout: number;
  /** Computed by the client: the interpreter to run plugin code with. */
  pythonInterpreter?: string;
  /** Computed by the client: whether the workspace is trusted (plugin code may run). */
  workspaceTrusted?: boolean;
}

export const DEFAULT_SETTINGS: FloeSettings = {
  platformApiVersion: '',
  extraGroups: [],
  exclude: [],
  sitePackages: [],
  manifestGlobs: [],
  healthCheckTimeout: 5,
  lifecycleTimeout: 30,
};

/** The VS Code setting names other editors may use as well (`healthCheck.timeout`, nested or dotted). */
const ALIASES: Array<[keyof FloeSettings, string, string]> = [
  ['healthCheckTimeout', 'healthCheck', 'timeout'],
  ['lifecycleTimeout', 'lifecycle', 'timeout'],
  ['pythonInterpreter', 'python', 'interpreter'],
];

/** Settings as they arrive (partial, possibly wrong types) -> complete and typed. Besides the
 * FloeSettings names, the names of the VS Code settings are read (`healthCheck: { timeout }` or
 * `"healthCheck.timeout"`), so an editor's configuration can use either. */
export function normalizeSettings(raw: unknown): FloeSettings {
  const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const r: Record<string, unknown> = { ...given };
  for (const [key, outer, inner] of ALIASES) {
    if (r[key] !== undefined) continue;
    const nested = given[outer];
    const v = nested && typeof nested === 'object' ? (nested as Record<string, unknown>)[inner] : given[`${outer}.${inner}`];
    if (v !== undefined) r[key] = v;
  }
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    platformApiVersion: typeof r.platformApiVersion === 'string' ? r.platformApiVersion.trim() : '',
    extraGroups: strs(r.extraGroups),
    exclude: strs(r.exclude),
    sitePackages: strs(r.sitePackages),
    manifestGlobs: strs(r.manifestGlobs),
    healthCheckTimeout: num(r.healthCheckTimeout, DEFAULT_SETTINGS.healthCheckTimeout),
    lifecycleTimeout: num(r.lifecycleTimeout, DEFAULT_SETTINGS.lifecycleTimeout),
    pythonInterpreter: typeof r.pythonInterpreter === 'string' && r.pythonInterpreter ? r.pythonInterpreter : undefined,
    workspaceTrusted: typeof r.workspaceTrusted === 'boolean' ? r.workspaceTrusted : undefined,
  };
}
