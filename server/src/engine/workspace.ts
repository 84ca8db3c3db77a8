// The engine's workspace: the registry engine over one workspace root. It discovers, resolves and
// checks, and keeps per-file caches so that a change re-reads only the files it touched. The
// implementation is analysis/floeWorkspace.ts; callers outside the engine hold an EngineWorkspace.
import { FloeWorkspace } from './analysis/floeWorkspace';
import type { FileSystem } from './fs';
import type { ManifestContext } from './manifest/types';
import type { AnalysisResult, EngineOptions } from './model';
import type { PythonAnalyzerApi } from './python/types';

/** What the command line and the language server do with a workspace. */
export interface EngineWorkspace {
  readonly root: string;
  /** Options changed: the next analyze() walks the workspace again. */
  setOptions(options: EngineOptions): void;
  /** The full result, from caches where no file changed. */
  analyze(): AnalysisResult;
  /**
   * analyze() one step at a time: between steps the caller may give up the thread, and resume or
   * drop the run (`return()`). A run resumed after invalidate() or setOptions() starts again, so
   * its result always reflects every change made before it finished.
   */
  analysisSteps(): Generator<void, AnalysisResult, void>;
  /** These files changed, were created or deleted. */
  invalidate(files: string[]): void;
  /** Does this file take part (discovery/relevance.ts): a change to it needs invalidate(). */
  isRelevant(file: string): boolean;
  /** For hovers and definitions on Python files, and floe-core's ABCs. */
  readonly python: PythonAnalyzerApi;
  /** For manifest hovers, completions and definitions (analyses first when it has not yet). */
  manifestContext(): ManifestContext;
  /** JSON Schemas exported by running the plugins' Python, by plugin id (the server fills it in trusted folders). */
  readonly pythonSchemas: Map<string, Record<string, unknown>>;
  /** floe-core's manifest model exported from Python (set by the schema export when its static translation fails). */
  pythonManifestSchema: Record<string, unknown> | undefined;
  /** The last result. */
  readonly last: AnalysisResult | undefined;
  /** What the engine reads through: stats and stamps remembered until invalidated. */
  readonly fs: FileSystem;
}

export function createWorkspace(root: string, options: EngineOptions = {}, fs?: FileSystem): EngineWorkspace {
  return new FloeWorkspace(root, options, fs);
}

export { FloeWorkspace };
