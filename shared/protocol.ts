// Every custom request and notification between the extension and the Floe language server,
// declared once. Method prefix: `floe/`. Both sides import from here; keep it free of `vscode`.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-protocol';

export type { Range };
export type { HealthState, HookOutcome, TracebackFrame, HealthResultDto, EnvironmentProblemDto } from './types';
import type { EnvironmentProblemDto, HealthResultDto } from './types';
import { ContractTestsRequest, VerifyPlatformRequest, type VerifyMarkDto } from './verify';

export * from './verify';

/** A place in a file, as the client opens it. */
export interface LocationDto {
  uri: string;
  range: Range;
}

export type Compatibility = 'compatible' | 'incompatible' | 'unknown';
export type PluginState = 'ok' | 'warning' | 'error';

export interface PluginSummary {
  id: string;
  group: string;
  category: string;
  entryPoint: string;
  target: string;
  name: string;
  version?: string;
  floeApiVersion?: string;
  description?: string;
  dependencies: string[];
  distribution: string;
  source: 'workspace' | 'installed';
  compatibility: Compatibility;
  state: PluginState;
  errors: number;
  warnings: number;
  /** The entry point in pyproject.toml / entry_points.txt. */
  declaration: LocationDto;
  /** The plugin class. */
  classLocation?: LocationDto;
  configSchema?: { className: string; location?: LocationDto };
  /** Last health or lifecycle result, if one was run. */
  health?: HealthResultDto;
  /** Last verification against the platform, until a relevant file of the plugin changes. */
  verify?: VerifyMarkDto;
}

export interface PluginTypeGroup {
  group: string;
  category: string;
  label: string;
  abc: string;
  /** The module that defines the ABC (`floe_core.plugins.rbac`); empty for an unknown group. */
  abcModule?: string;
  /** `separate`: floe-core loads this group outside its plugin registry (network security). */
  loadedBy?: 'registry' | 'separate';
  plugins: PluginSummary[];
}

/** Where a plugin's config JSON Schema comes from: a `*.schema.json` shipped with the plugin, the
 * schema exported by running its Python, the static translation of its Pydantic model, or none. */
export type ConfigSchemaSource = 'schema-file' | 'python' | 'static' | 'none';

/** A platform manifest of the folder and the plugin it selects per category. */
export interface ManifestSummary {
  uri: string;
  selections: Array<{
    category: string;
    /** The plugin name the manifest gives. */
    type: string;
    /** The plugin it resolves to, when found. */
    pluginId?: string;
    /** Where the schema its config was validated against came from. */
    schemaSource?: ConfigSchemaSource;
  }>;
}

export interface FolderPlugins {
  uri: string;
  name: string;
  platformApiVersion: string;
  apiVersionOrigin: 'option' | 'floe-core' | 'default';
  types: PluginTypeGroup[];
  /** The platform manifests the analysis recognised in the folder. */
  manifests?: ManifestSummary[];
}

export interface ListPluginsParams {
  folderUri?: string;
}
export interface ListPluginsResult {
  folders: FolderPlugins[];
}

/** The plugins by type with their state, per workspace folder. */
export const ListPluginsRequest = {
  method: 'floe/listPlugins',
  type: new RequestType<ListPluginsParams, ListPluginsResult, void>('floe/listPlugins'),
} as const;

export interface DependencyOrderResult {
  folders: Array<{
    uri: string;
    /** Load order; `dependencies`: the plugin names it waits for. */
    order: Array<{ id: string; name: string; group: string; dependencies?: string[] }>;
    /** Each cycle as a closed path of plugin names: `['glue', 'spark', 'glue']`. */
    cycles: string[][];
    missing: Array<{ plugin: string; dependency: string }>;
  }>;
}

/** The dependency (load) order the registry would use. */
export const DependencyOrderRequest = {
  method: 'floe/dependencyOrder',
  type: new RequestType<ListPluginsParams, DependencyOrderResult, void>('floe/dependencyOrder'),
} as const;

export interface RunHealthChecksParams {
  folderUri?: string;
  /** Plugin ids; all plugins of the folder(s) when absent. */
  pluginIds?: string[];
  /** startup -> health_check -> shutdown instead of health_check only. */
  lifecycle?: boolean;
  /** Progress token (work done progress) supplied by the client. */
  workDoneToken?: string | number;
}
export interface RunHealthChecksResult {
  results: HealthResultDto[];
  /** Set when nothing ran, with why (untrusted workspace, no interpreter, ...). */
  refused?: string;
  python?: string;
  /** Plugins that could not be imported because an interpreter lacks modules, once per interpreter
   * (the engine's grouping; the client shows one message for each instead of one per plugin). */
  environment?: EnvironmentProblemDto[];
}

/** Run health checks or lifecycles in the user's Python (trusted workspaces only). Cancellable. */
export const RunHealthChecksRequest = {
  method: 'floe/runHealthChecks',
  type: new RequestType<RunHealthChecksParams, RunHealthChecksResult, void>('floe/runHealthChecks'),
} as const;

export interface EffectiveConfigParams {
  /** Either a plugin id (config from the first manifest selecting it) ... */
  pluginId?: string;
  /** ... or a manifest and a category key under `plugins`. */
  manifestUri?: string;
  category?: string;
}
export interface EffectiveConfigResult {
  found: boolean;
  plugin?: string;
  manifestUri?: string;
  config?: Record<string, unknown>;
  /** Where the plugin's config schema comes from (also when no manifest selects the plugin). */
  schemaSource?: ConfigSchemaSource;
  /** The schema file, or the config model's Python file. */
  schemaUri?: string;
  schema?: Record<string, unknown>;
  message?: string;
}

/** A plugin's configuration with schema defaults applied. */
export const EffectiveConfigRequest = {
  method: 'floe/effectiveConfig',
  type: new RequestType<EffectiveConfigParams, EffectiveConfigResult, void>('floe/effectiveConfig'),
} as const;

export interface ScaffoldPluginParams {
  folderUri: string;
  group: string;
  /** Plugin name, e.g. `spark` (the entry-point name; the distribution follows the workspace: `floe-compute-spark`). */
  name: string;
  /** The folder the package folder is created in (default: where the workspace keeps its plugins). */
  parentUri?: string;
}
export interface TextEditDto {
  uri: string;
  range: Range;
  newText: string;
}
export interface ScaffoldPluginResult {
  files: Array<{ uri: string; content: string }>;
  /** Edits to existing files made with the files: the package registered in the root pyproject.toml. */
  edits?: TextEditDto[];
  /** Where it was registered, e.g. `[tool.uv.workspace] members`, `[tool.uv.sources]`. */
  registered?: string[];
  /** The package folder. */
  packageUri?: string;
  /** The file to open first (the plugin class). */
  mainUri: string;
  mainRange: Range;
  error?: string;
}

/** The files of a new plugin package; the client applies them as one undoable workspace edit. */
export const ScaffoldPluginRequest = {
  method: 'floe/scaffoldPlugin',
  type: new RequestType<ScaffoldPluginParams, ScaffoldPluginResult, void>('floe/scaffoldPlugin'),
} as const;

export interface PluginTypesParams {
  /** The folder (or a file in it) a plugin would be created in; the first folder when absent. */
  folderUri?: string;
}
export interface PluginTypeDto {
  group: string;
  category: string;
  label: string;
  abc: string;
}
export interface PluginTypesResult {
  types: PluginTypeDto[];
  /** Where new plugin packages go by default (the folder the workspace's plugins are in, else `plugins/`). */
  parentUri?: string;
  /** Why: `siblings` (the workspace's plugins are there) or `convention` (floe's `plugins/`). */
  parentReason?: 'siblings' | 'convention';
  /** The package folder name a plugin `<name>` of each group gets, with `{name}` for the name (`floe-compute-{name}`). */
  packageNames?: Record<string, string>;
}

/** The plugin types a new plugin can be: the folder's platform's, else the built-in table. */
export const PluginTypesRequest = {
  method: 'floe/pluginTypes',
  type: new RequestType<PluginTypesParams, PluginTypesResult, void>('floe/pluginTypes'),
} as const;

/** The floe-core one workspace folder's platform facts come from. */
export interface FloeCoreStatus {
  /** The workspace folder's name. */
  folder: string;
  /** The `floe_core` package folder; absent when the built-in table is used (no floe-core found). */
  path?: string;
  /** Its version, when known. */
  version?: string;
}

export interface StatusParams {
  state: 'indexing' | 'ready' | 'error';
  message?: string;
  folders: number;
  plugins: number;
  errors: number;
  warnings: number;
  /** The interpreter health checks use, when known. */
  python?: string;
  trusted: boolean;
  /** Per analysed folder, the floe-core in use. */
  floeCore?: FloeCoreStatus[];
}

/** Server -> client: indexing progress and problem counts, for the status item. */
export const StatusNotification = {
  method: 'floe/status',
  type: new NotificationType<StatusParams>('floe/status'),
} as const;

export interface DidChangeRegistryParams {
  folderUris: string[];
}

/** Server -> client: the plugin model changed; the tree refreshes itself. */
export const DidChangeRegistryNotification = {
  method: 'floe/didChangeRegistry',
  type: new NotificationType<DidChangeRegistryParams>('floe/didChangeRegistry'),
} as const;

/** Server -> client: one health result arrived (results stream while a run goes on). */
export const HealthResultNotification = {
  method: 'floe/healthResult',
  type: new NotificationType<HealthResultDto>('floe/healthResult'),
} as const;

/** Every custom method, for documentation and tests. */
export const ALL_METHODS = [
  ListPluginsRequest.method,
  DependencyOrderRequest.method,
  RunHealthChecksRequest.method,
  EffectiveConfigRequest.method,
  ScaffoldPluginRequest.method,
  PluginTypesRequest.method,
  VerifyPlatformRequest.method,
  ContractTestsRequest.method,
  StatusNotification.method,
  DidChangeRegistryNotification.method,
  HealthResultNotification.method,
] as const;
