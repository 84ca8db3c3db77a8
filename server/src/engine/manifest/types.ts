// The contract between the workspace analysis and manifest/config validation.
import type { FileSystem } from '../fs';
import type { Diagnostic, ManifestInfo, PluginInfo, PluginTypeInfo, Range } from '../model';
import type { PythonAnalyzerApi } from '../python/types';

export interface ManifestContext {
  fs: FileSystem;
  root: string;
  types: PluginTypeInfo[];
  plugins: PluginInfo[];
  /** Error messages of each plugin (by plugin id): a selected plugin with any is `plugin-unusable`. */
  pluginErrors: Map<string, string[]>;
  python: PythonAnalyzerApi;
  /** JSON Schemas exported by running the plugin's Python (trusted workspaces only), by plugin id. */
  pythonSchemas: Map<string, Record<string, unknown>>;
  /** The platform's plugin API version (`X.Y`), named in `plugin-unusable` messages when given. */
  platformApiVersion?: string;
  /** floe-core package folders (`.../floe_core`), the workspace's source first: where the manifest model is read. */
  floeCoreDirs?: string[];
  /** floe-core's manifest model as JSON Schema exported by running Python (trusted workspaces only). */
  pythonManifestSchema?: Record<string, unknown>;
  /** Where the translated manifest model is kept between runs (owned by the workspace). */
  modelCache?: ManifestModelCache;
}

/** The workspace's cache of the manifest model, checked against the stamps of the files it was read from. */
export interface ManifestModelCache {
  entry?: { key: string; stamps: string; model: unknown };
}

export type SchemaSource = 'schema-file' | 'python' | 'static' | 'none';

export interface PluginSchema {
  schema: Record<string, unknown>;
  source: SchemaSource;
  /** The schema file, or the model's Python file. */
  file?: string;
  /** Parts left open by the static translation. */
  open?: Array<{ path: string; reason: string }>;
}

export interface ManifestAnalysis {
  info: ManifestInfo;
  diagnostics: Diagnostic[];
  /** Files whose change must re-validate this manifest (schema files, model sources). */
  dependsOn: string[];
}

/** Markdown to show; or, on a plugin selection's `type`, the plugin (the front end shows its card). */
export type ManifestHover = { markdown: string; range: Range } | { plugin: PluginInfo; range: Range };
export interface ManifestCompletion {
  label: string;
  kind: 'property' | 'value' | 'plugin' | 'category';
  insertText: string;
  detail?: string;
  documentation?: string;
}
export interface ManifestLocation {
  file: string;
  range: Range;
}

/** A selection's configuration with defaults applied, as `effectiveConfig()` returns it. */
export interface EffectiveConfigInfo {
  category: string;
  type: string;
  pluginId?: string;
  /** Defaults applied; when invalid, the config as written plus defaults (see `errors`). */
  config: Record<string, unknown>;
  schemaSource: SchemaSource;
  schema?: Record<string, unknown>;
  schemaFile?: string;
  /** Validation messages, empty when the config is valid (or nothing validated it). */
  errors: string[];
}
