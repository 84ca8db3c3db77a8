// The contract between the workspace analysis and the Python source analysis.
import type { ClassRef, ConfigSchemaRef, Diagnostic, PluginMetadataValues, Range } from '../model';
import type { ModelMeta } from './pydanticValidators';
import type { MemberSignature } from './signatures';

export interface TargetRequest {
  /** Folders `import x` is resolved from (src/ or flat layout root of the distribution; site-packages). */
  importRoots: string[];
  /** The entry-point value, already checked to be `module.path:Attr[.attr]` (extras stripped). */
  module: string;
  attr: string;
  /** The ABC class name the plugin's group requires, e.g. `ComputePlugin`. */
  requiredAbc: string;
  /** All plugin ABC names of the platform (to tell "derives from another type's ABC"). */
  allAbcs: string[];
}

/** Metadata (PluginMetadataValues) as the platform would see it on an instance of the class. */
export interface TargetAnalysis extends PluginMetadataValues {
  /** The module file (`pkg/mod.py` or `pkg/mod/__init__.py`), or undefined when not found. */
  moduleFile?: string;
  /** Why the module was not found (which roots were searched). */
  moduleError?: string;
  /** The class the attribute resolves to (following re-exports, `__getattr__`, `__all__`). */
  cls?: ClassRef;
  /** Why the class was not found, or what the attribute is instead (a function, a constant ...). */
  classError?: string;
  /** When the class was not found: classes of the module with a name close to it (where each is defined). */
  nearClasses?: Array<{ name: string; file: string; nameRange: Range }>;
  /** Names of the resolved base-class chain, nearest first, e.g. [`BaseDuck`, `ComputePlugin`, `PluginMetadata`]. */
  bases: string[];
  /** true/false when decidable; undefined when a base could not be resolved. */
  derivesFromAbc?: boolean;
  /** Why the base chain is broken beyond repair (e.g. an inheritance cycle), when it is. */
  baseProblem?: string;
  /** If it derives from another plugin type's ABC instead, that ABC's name. */
  otherAbc?: string;
  /** Abstract members left unimplemented (at least PluginMetadata's name/version/floe_api_version). */
  missingAbstract: string[];
  /** Their signatures, as the class (or ABC) that declares each one declares it. */
  missingMembers?: MemberSignature[];
  /** Resolved when first read (configRef.ts): the files it reads are added to `files` then. */
  configSchema?: ConfigSchemaRef;
  /** Every file read to produce this answer (for incremental invalidation). */
  files: string[];
  /** Told the files read later, when configSchema is resolved. */
  onFilesRead?: (files: string[]) => void;
}

/** A `PluginType` member as written in floe-core (an alias is folded into the member it repeats). */
export interface FloeCoreEnumMember {
  enumName: string;
  group: string;
  range: Range;
  aliases?: string[];
}

/** Something in floe-core that could not be read (the built-in table stands in for it). */
export interface FloeCoreProblem {
  file: string;
  range: Range;
  message: string;
}

export interface FloeCoreInfo {
  /** The `floe_core` package folder. */
  dir: string;
  /** `PluginType` members (no aliases), when the enum was read. */
  enumMembers?: FloeCoreEnumMember[];
  typesFile?: string;
  /** Entry-point groups floe-core loads with code of its own (`NETWORK_SECURITY_ENTRY_POINT_GROUP`);
   * [] when it has no such loader, undefined when the loader could not be read. */
  separateGroups?: Array<{ enumName: string; group: string; file: string; range: Range }>;
  /** `FLOE_PLUGIN_API_VERSION`, when found. */
  apiVersion?: string;
  apiVersionFile?: string;
  apiVersionRange?: Range;
  /** `floe_core.__version__`, when a literal. */
  versionAttr?: string;
  /** Abstract members per class deriving from PluginMetadata (and PluginMetadata's own). */
  abstractMembers?: Record<string, string[]>;
  /** The signatures of those members, as declared (a member whose signature cannot be read is left out). */
  abstractSignatures?: Record<string, MemberSignature[]>;
  /** Where each class in `abstractMembers` is defined (file and class-name range). */
  abcLocations?: Record<string, { file: string; range: Range }>;
  /** The plugin ABCs: classes under floe_core/plugins/ deriving from PluginMetadata. */
  abcs?: Record<string, { module: string; exported: boolean; file: string; range: Range }>;
  /** What could not be read. */
  problems: FloeCoreProblem[];
  /** Python files read to produce this answer (for invalidation). */
  files?: string[];
}

/** A Pydantic model translated to JSON Schema, statically. */
export interface StaticSchema {
  /** For validation: widened to what Pydantic's lax mode accepts (`"8"` for an int ...). */
  schema: Record<string, unknown>;
  /** The same schema before widening, as `model_json_schema()` would print it (for hovers/completions). */
  display?: Record<string, unknown>;
  /** Model fields the translation left open (any value accepted), with why. */
  open: Array<{ path: string; reason: string }>;
  /** Files read (the model's file, nested models' files). */
  files: string[];
  /** Per model (`$defs` name; `#` for the root): validators, extra handling, aliases. */
  models?: Record<string, ModelMeta>;
}

export interface PythonAnalyzerApi {
  analyzeTarget(req: TargetRequest): TargetAnalysis;
  /** Syntax errors of a Python file (cached by the file's stamp). */
  syntaxDiagnostics(file: string): Diagnostic[];
  /** Read floe-core's PluginType enum, API version and ABCs from a `floe_core` package folder. */
  readFloeCore(floeCorePackageDir: string): FloeCoreInfo | undefined;
  /** Static translation of the config model a plugin's get_config_schema() returns. */
  staticConfigSchema(ref: ConfigSchemaRef, importRoots: string[]): StaticSchema | undefined;
  /** Forget cached facts for these files (they changed). Stamps also guard the cache. */
  invalidate(files: string[]): void;
}
