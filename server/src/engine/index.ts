// The engine's public surface: the only engine module the language server (server/src/lsp) and the
// command line (server/src/cli) import (eslint.config.mjs enforces it). Everything they need is
// here: the workspace, the data model, the editor look-ups, plugin types and new plugins, and
// health runs. The engine itself never imports vscode, the LSP libraries, lsp/ or cli/.

// The workspace and the data model it answers with.
export { createWorkspace, type EngineWorkspace } from './workspace';
export { analyzeWithWorker, prefetchWithWorker, runCheckWorker } from './analysis/parallel';
export { defaultCacheDir } from './analysis/checkCache';
export { keptRun } from './analysis/keptRun';
export type { ParallelStats } from './analysis/parallel';
export * from './model';
export { composeChanges, NodeFileSystem, OverlayFileSystem, type FileSystem, type TextChange } from './fs';
export { LineIndex, rangeContains } from './text/lineIndex';
export { globMatcher, isSkippedDirName } from './discovery/walkFilters';
export { configSchemaKey } from './python/configRef';

// What is at a position: one home for the editor and anything else that asks.
export { fileKind, type FileKind } from './editor/fileKind';
export { pluginAtClass, pluginAtDeclaration, pluginByName } from './editor/plugins';
export { dependencyAt, type DependencyPosition } from './editor/python';
export { groupSlotAt, type GroupSlot } from './editor/toml';
export { quickSyntax } from './editor/syntaxCheck';
export {
  effectiveConfig,
  manifestCompletions,
  manifestDefinition,
  manifestHover,
  pluginSchema,
  type ManifestCompletion,
  type ManifestContext,
  type PluginSchema,
} from './manifest';

// Plugin types and new plugins.
export { BUILTIN_PLUGIN_TYPES } from './pluginTypes';
export { scaffoldPlugin } from './scaffold';
export { packageName, pluginLayout, type PluginLayout } from './scaffold/layout';

// Running plugin code: health checks, lifecycles and config-schema exports (trusted code only).
export { interpreterFor, planHealthRun, runHealthPlan, type HealthPlan, type HealthRunHooks } from './health/run';
export { matchesSelector } from './health/targets';
export { refreshPythonSchemas, type SchemaFolder } from './health/pythonSchemas';
export type { HealthResult } from './health/types';

// Running floe-core itself: verification against the platform, and contract tests.
export { coreText, staticSchemas, verifyPlatform, type PluginVerdict, type VerifyReport } from './verify';
export { planContractTests } from './contract';
export { contractTestFiles, runPytest, type TestOutcome } from './contract/runTests';
export { interpreterSitePackages } from './discovery/interpreter';
export { resolveInterpreter, validateInterpreter } from './health/interpreter';
export { environmentProblems, type EnvironmentProblem } from './health/environment';
