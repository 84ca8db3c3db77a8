// The contract of platform verification: what floe-core's own discovery and registry report when
// they run in the author's interpreter (server/python/floe_verify.py), and the verdicts of
// comparing that with the static analysis.
import type { TracebackFrame } from '../../../../shared/types';
import type { Diagnostic } from '../model';

export type VerifyVerdict = 'verified' | 'disagrees' | 'not-loadable' | 'not-discovered';

/** The floe-core that ran. */
export interface FloeCoreRan {
  /** The imported `floe_core` package folder. */
  path: string;
  version?: string;
  /** Its `FLOE_PLUGIN_API_VERSION`, when it has one. */
  apiVersion?: string;
  /** The interpreter (`sys.executable`). */
  python: string;
}

/** A property read on the loaded plugin: its JSON value and Python type, or what reading it raised. */
export interface RuntimeValue {
  value?: unknown;
  type?: string;
  error?: string;
}

export interface RuntimeError {
  type: string;
  message: string;
  traceback: TracebackFrame[];
}

/** One plugin as the platform saw it (a `plugin` event of the verify script). */
export interface RuntimePlugin {
  group: string;
  /** Entry-point name (the registry's key). */
  name: string;
  /** `group:name`. */
  key: string;
  discovered: boolean;
  /** Why it was not discovered. */
  reason?: string;
  /** The entry-point value the platform loads for this name. */
  entryPoint?: string;
  loaded?: boolean;
  /** floe's API-version verdict (registry groups): false when get() raised PluginIncompatibleError. */
  compatible?: boolean | null;
  incompatible?: { message: string; required?: unknown; platform?: unknown };
  /** The exception loading raised (the platform's own), trimmed to the plugin's frames. */
  error?: RuntimeError;
  /** Set when this floe-core has no loader for the plugin's group. */
  unsupported?: string;
  fields?: Record<MetadataField, RuntimeValue>;
  /** `module.Class` of the instance. */
  className?: string;
  configSchema?: { none?: boolean; model?: string; schema?: Record<string, unknown>; error?: string };
}

export type MetadataField = 'name' | 'version' | 'floe_api_version' | 'description' | 'dependencies';
export const METADATA_FIELDS: readonly MetadataField[] = ['name', 'version', 'floe_api_version', 'description', 'dependencies'];

export interface RuntimeDependencies {
  /** Plugin names in the order floe's resolver returned, when it resolved. */
  order: string[] | null;
  error: { type: string; message: string; cycle?: string[]; plugin?: string; missing?: string[] } | null;
  /** This floe-core has no dependency resolver. */
  unsupported?: boolean;
}

/** Everything one verification learnt from the interpreter. */
export interface PlatformRun {
  python: string;
  floeCore?: FloeCoreRan;
  /** floe-core could not be imported (or the run could not start): one message, nothing compared. */
  fatal?: string;
  /** By `group:name`, in the order they were reported. */
  plugins: Map<string, RuntimePlugin>;
  /** Entry-point names floe-core discovered, per group (registry groups and the separate one). */
  discovered: Record<string, string[]>;
  dependencies?: RuntimeDependencies;
  /** floe-core names this version does not have (what could not be compared because of it). */
  missing: string[];
  /** ms until the first process reported `ready` (interpreter and floe-core start-up). */
  startupMs?: number;
  durationMs: number;
  /** Processes started (one, plus one more after each plugin that hung or crashed the process). */
  processes: number;
  cancelled?: boolean;
}

export interface FieldDisagreement {
  field: string;
  static: string;
  runtime: string;
}

/** The values the platform read, for reports (JSON). */
export interface RuntimeSummary {
  entryPoint?: string;
  name?: unknown;
  version?: unknown;
  floeApiVersion?: unknown;
  description?: unknown;
  dependencies?: unknown;
  compatible?: boolean | null;
  configModel?: string | null;
  className?: string;
}

export interface PluginVerdict {
  pluginId: string;
  group: string;
  entryPoint: string;
  name: string;
  verdict: VerifyVerdict;
  disagreements: FieldDisagreement[];
  runtime?: RuntimeSummary;
  /** not-discovered: why. */
  reason?: string;
  /** not-loadable: the platform's exception. */
  error?: RuntimeError;
}

export interface VerifyReport {
  python: string;
  floeCore?: FloeCoreRan;
  fatal?: string;
  /** One per compared workspace plugin, in analysis order. */
  plugins: PluginVerdict[];
  /** `platform-disagrees` and `not-loadable` diagnostics at the static locations. */
  diagnostics: Diagnostic[];
  /** Plugins floe-core discovered that the static analysis does not know. */
  runtimeOnly: Array<{ group: string; name: string; entryPoint?: string; loaded?: boolean; error?: string }>;
  /** What could not be compared, said once each. */
  notes: string[];
  dependencies?: RuntimeDependencies;
  startupMs?: number;
  durationMs: number;
  finishedAt: string;
  cancelled?: boolean;
}
