// The engine parts the server embeds, behind the documented APIs: FloeWorkspace
// (engine/workspace.ts), the manifest editor helpers (engine/manifest) and the health runner
// (engine/health/runner.ts).
import type { FileSystem } from '../engine/fs';
import type { AnalysisResult, EngineOptions } from '../engine/model';
import type { PythonAnalyzerApi } from '../engine/python/types';
import type { ManifestContext } from '../engine/manifest/types';
import * as manifest from '../engine/manifest';
import { FloeWorkspace } from '../engine/workspace';
import { resolveInterpreter, runHealthChecks, validateInterpreterAsync } from '../engine/health/runner';

/** FloeWorkspace's public API, as documented in engine/workspace.ts. */
export interface EngineWorkspace {
  setOptions(options: EngineOptions): void;
  analyze(): AnalysisResult;
  invalidate(files: string[]): void;
  isRelevant(file: string): boolean;
  readonly python: PythonAnalyzerApi;
  manifestContext(): ManifestContext;
  readonly pythonSchemas: Map<string, Record<string, unknown>>;
  readonly last: AnalysisResult | undefined;
  /** What the engine reads through: stats and stamps remembered until invalidated. */
  readonly fs: FileSystem;
}

/** The manifest module's editor helpers (engine/manifest). */
export const manifestHelpers = manifest;

/** The health runner (engine/health/runner.ts). */
export const healthHelpers = {
  runHealthChecks,
  validateInterpreter: (python: string) => validateInterpreterAsync(python),
  resolveInterpreter,
};

export function createWorkspace(root: string, options: EngineOptions, fs: FileSystem): EngineWorkspace {
  return new FloeWorkspace(root, options, fs);
}
