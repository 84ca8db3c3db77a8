// The engine workspace the server embeds, behind its documented API (engine/workspace.ts).
import type { FileSystem } from '../engine/fs';
import type { AnalysisResult, EngineOptions } from '../engine/model';
import type { PythonAnalyzerApi } from '../engine/python/types';
import type { ManifestContext } from '../engine/manifest/types';
import { FloeWorkspace } from '../engine/workspace';

/** FloeWorkspace's public API, as documented in engine/workspace.ts. */
export interface EngineWorkspace {
  setOptions(options: EngineOptions): void;
  analyze(): AnalysisResult;
  invalidate(files: string[]): void;
  isRelevant(file: string): boolean;
  readonly python: PythonAnalyzerApi;
  manifestContext(): ManifestContext;
  readonly pythonSchemas: Map<string, Record<string, unknown>>;
  /** floe-core's manifest model exported from Python (set by the schema export). */
  pythonManifestSchema: Record<string, unknown> | undefined;
  readonly last: AnalysisResult | undefined;
  /** What the engine reads through: stats and stamps remembered until invalidated. */
  readonly fs: FileSystem;
}

export function createWorkspace(root: string, options: EngineOptions, fs: FileSystem): EngineWorkspace {
  return new FloeWorkspace(root, options, fs);
}
