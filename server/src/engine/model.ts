// The engine's data model. Plain data only: no vscode, no LSP imports, so the CLI, the
// language server and the tests share it. Positions are 0-based lines and UTF-16 columns
// (as in LSP); the CLI converts them to 1-based when it prints.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable diagnostic codes. Tools and CI depend on them: never rename one. */
export type DiagnosticCode =
  // syntax of the files we read
  | 'toml-syntax'
  | 'python-syntax'
  | 'entry-points-syntax'
  | 'file-skipped'
  // the registry's rules
  | 'unknown-group'
  | 'invalid-entry-point'
  | 'unresolved-module'
  | 'unresolved-class'
  | 'not-a-plugin-class'
  | 'missing-abstract-member'
  | 'dynamic-metadata'
  | 'invalid-version'
  | 'invalid-api-version'
  | 'api-incompatible'
  | 'duplicate-plugin'
  | 'name-mismatch'
  | 'dependency-cycle'
  | 'missing-dependency'
  | 'unresolved-import'
  // the platform package itself
  | 'floe-core-unreadable'
  // manifests
  | 'manifest-syntax'
  | 'manifest-invalid'
  | 'unknown-category'
  | 'unknown-plugin'
  | 'version-mismatch'
  | 'plugin-unusable'
  | 'config-invalid'
  // manifests: what floe-core's manifest model adds
  | 'manifest-warning'
  | 'manifest-not-checked'
  | 'config-needed'
  | 'secret-literal'
  // verification against the platform (floe-core run in the interpreter)
  | 'platform-disagrees'
  | 'not-loadable';

/**
 * Former names of codes, still accepted where a code is given (`# floe: ignore[...]`) and reported
 * beside the current code (JSON `aliases`, SARIF `deprecatedIds`), so CI filters keep working.
 */
export const CODE_ALIASES: Readonly<Partial<Record<DiagnosticCode, readonly string[]>>> = {
  'missing-abstract-member': ['missing-metadata'],
};

/** The code a former name stands for (itself when it is current). */
export function currentCode(code: string): string {
  for (const [current, old] of Object.entries(CODE_ALIASES)) if (old?.includes(code)) return current;
  return code;
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

/** Replace the text at `range` in `file` with `newText`. */
export interface TextEditData {
  file: string;
  range: Range;
  newText: string;
}

/** A quick fix the engine knows: its first edit, and `more` applied with it as one change. */
export interface FixData extends TextEditData {
  title: string;
  more?: TextEditData[];
}

export interface Diagnostic {
  /** Absolute path of the file the problem is in. */
  file: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedInformation[];
  /** Machine-applicable fixes (code actions). */
  fixes?: FixData[];
  /** The plugin the problem belongs to, when it belongs to one (its id). */
  pluginId?: string;
}

/**
 * One of the platform's plugin types: a `PluginType` enum member (loaded through the plugin
 * registry), or a group floe-core loads with code of its own (`floe.network_security`).
 */
export interface PluginTypeInfo {
  /** Enum member name, e.g. `COMPUTE`, `LINEAGE_BACKEND`; for a separately loaded group the name of its
   * group constant without `_ENTRY_POINT_GROUP` (`NETWORK_SECURITY`). */
  enumName: string;
  /** Entry-point group, e.g. `floe.computes`. */
  group: string;
  /** Manifest category key, snake case, e.g. `compute`, `lineage_backend`. */
  category: string;
  /** Plugin ABC class name, as floe-core spells it, e.g. `ComputePlugin`, `RBACPlugin`. */
  abc: string;
  /** The module that defines the ABC, e.g. `floe_core.plugins.rbac`. */
  abcModule: string;
  /** Whether `from floe_core.plugins import <abc>` works (RBACPlugin and AlertChannelPlugin: no). */
  abcExported: boolean;
  /** Display label from floe-core's names, e.g. `Compute`, `Lineage Backend`, `RBAC`. */
  label: string;
  /** `registry`: discovered, loaded and checked by floe's plugin registry (a `PluginType` member);
   * `separate`: loaded by other floe-core code (network security: eagerly, by entry-point name,
   * created with no arguments, no API-version check, no config). */
  loadedBy: 'registry' | 'separate';
  /** Enum members that alias this one (same value), e.g. `LINEAGE` for `LINEAGE_BACKEND`. */
  aliases?: string[];
  /** Where it came from. */
  origin: 'builtin' | 'floe-core' | 'option';
}

export type PluginSource = 'workspace' | 'installed';

/** An entry point as declared in pyproject.toml or entry_points.txt. */
export interface EntryPointDecl {
  group: string;
  name: string;
  /** The raw value, e.g. `floe_duckdb.plugin:DuckDBPlugin`. */
  value: string;
  /** Absolute path of pyproject.toml or entry_points.txt. */
  file: string;
  /** Range of the entry-point name (key). */
  nameRange: Range;
  /** Range of the value (string contents, without quotes). */
  valueRange: Range;
  /** Range of the group header/key (for unknown-group). */
  groupRange: Range;
  /** Distribution (project) name, normalised as PEP 503 (`floe-duckdb`). */
  distribution: string;
  /** Distribution version, when known. */
  distributionVersion?: string;
  source: PluginSource;
  /** Folders from which `import x` is resolved for this distribution (src/ or flat layout root; site-packages). */
  importRoots: string[];
}

/** A statically known value, or why it is not known. */
export type StaticValue<T> =
  | { kind: 'known'; value: T; file: string; range: Range; origin: 'property' | 'attribute' | 'constant' | 'base' | 'default' }
  | { kind: 'dynamic'; file: string; range: Range; reason: string }
  | { kind: 'missing' };

export interface ClassRef {
  name: string;
  file: string;
  range: Range;
  nameRange: Range;
}

export interface ConfigSchemaRef {
  /** The Pydantic model class name returned by get_config_schema(). */
  className: string;
  /** Where the class is defined, when resolved in the workspace. */
  file?: string;
  line?: number;
  range?: Range;
  /** Where get_config_schema() names it. */
  returnFile: string;
  returnRange: Range;
}

/** The PluginMetadata properties, as the platform would see them on an instance of the class. */
export interface PluginMetadataValues {
  name: StaticValue<string>;
  version: StaticValue<string>;
  floeApiVersion: StaticValue<string>;
  description: StaticValue<string>;
  dependencies: StaticValue<string[]>;
}

export type Compatibility = 'compatible' | 'incompatible' | 'unknown';
export type PluginState = 'ok' | 'warning' | 'error';
/** A plugin's own errors and warnings (the rule is in analysis/pluginState.ts). */
export interface PluginProblems {
  errors: number;
  warnings: number;
}

export interface PluginInfo extends PluginMetadataValues {
  /** Stable id: `${group}:${entryPoint}@${relative file of declaration}`. */
  id: string;
  group: string;
  /** Manifest category key of the group (e.g. `compute`); the group itself for unknown groups. */
  category: string;
  entryPoint: string;
  target: string;
  decl: EntryPointDecl;
  /** The resolved class, when found. */
  cls?: ClassRef;
  /** Base-class chain names as resolved (e.g. [`ComputePlugin`, `PluginMetadata`]). */
  bases: string[];
  /** Whether the class derives from the ABC its group requires: true, false, or undefined if unknown. */
  derivesFromAbc?: boolean;
  /** Abstract properties/methods the class leaves unimplemented (platform could not instantiate). */
  missingAbstract: string[];
  configSchema?: ConfigSchemaRef;
  compatibility: Compatibility;
  state: PluginState;
}

/** Convenience accessors for a plugin's known metadata. */
export function knownString(v: StaticValue<string>): string | undefined {
  return v.kind === 'known' ? v.value : undefined;
}
export function knownList(v: StaticValue<string[]>): string[] | undefined {
  return v.kind === 'known' ? v.value : undefined;
}
/** The name the platform registers the plugin under: its `name`, else the entry-point name. */
export function pluginName(p: PluginInfo): string {
  return knownString(p.name) ?? p.entryPoint;
}
const NO_PROBLEMS: PluginProblems = Object.freeze({ errors: 0, warnings: 0 });
/** A plugin's errors and warnings in an analysis result's `problems`. */
export function problemsOf(problems: ReadonlyMap<string, PluginProblems>, id: string): PluginProblems {
  return problems.get(id) ?? NO_PROBLEMS;
}

export interface EngineOptions {
  /** Platform API version (`X.Y`); when absent it is read from floe-core, else `1.0`. */
  platformApiVersion?: string;
  /** Extra entry-point groups (`floe.something`) accepted as plugin types. */
  extraGroups?: string[];
  /** Extra exclude globs (relative to the root). */
  exclude?: string[];
  /** Extra site-packages folders (absolute or relative to the root). */
  sitePackages?: string[];
  /** Extra manifest globs (relative to the root). */
  manifestGlobs?: string[];
  /** Files larger than this are skipped with one diagnostic (bytes). Default 2 MiB (manifests 5 MiB). */
  maxFileSize?: number;
  /** A Python interpreter (path, or a command found on PATH) whose site-packages are read like a
   * virtualenv's (installed distributions and floe-core), without running it. */
  python?: string;
}

/** The floe-core the platform facts come from. */
export interface FloeCoreUsed {
  /** The `floe_core` package folder. */
  path: string;
  /** Its version (package metadata, else `__version__`), when known. */
  version?: string;
  /** Workspace source, or a site-packages folder (a virtualenv's, an option's or the interpreter's). */
  source: 'workspace' | 'site-packages';
}

export interface PlatformInfo {
  apiVersion: string;
  /** Where the API version came from. */
  apiVersionOrigin: 'option' | 'floe-core' | 'default';
  apiVersionFile?: string;
  types: PluginTypeInfo[];
  /** The floe-core read for types, ABCs and the API version; undefined = the built-in table. */
  floeCore?: FloeCoreUsed;
  /** The folder holding the workspace's own `floe_core` source package, when there is one
   * (health checks put it on sys.path so plugins import the floe-core they are developed against). */
  floeCoreSourceRoot?: string;
}

/** The result of analysing one workspace root. */
export interface AnalysisResult {
  root: string;
  platform: PlatformInfo;
  plugins: PluginInfo[];
  diagnostics: Diagnostic[];
  /** Plugin ids in dependency order (Kahn, ties by name); plugins in cycles are left out. */
  order: string[];
  /** Cycles found, each as plugin names `a -> b -> a`. */
  cycles: string[][];
  /** Per plugin id, its errors and warnings: what its `state` was decided from (no entry: none). */
  problems: ReadonlyMap<string, PluginProblems>;
  manifests: ManifestInfo[];
  /** Files that took part in the analysis (for watching / incremental updates). */
  files: string[];
}

/** A platform manifest. */
export interface ManifestInfo {
  file: string;
  name?: string;
  /** Plugins selected per category. */
  selections: ManifestSelection[];
}

export interface ManifestSelection {
  category: string;
  type: string;
  typeRange: Range;
  version?: string;
  /** The plugin id it resolves to, when found. */
  pluginId?: string;
  /** The effective config, defaults applied, when it validated. */
  effectiveConfig?: Record<string, unknown>;
  /** Where the JSON Schema used came from. */
  schemaSource?: 'schema-file' | 'python' | 'static' | 'none';
}
