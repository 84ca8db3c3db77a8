// One index per workspace folder: its settings, its FloeWorkspace (reading through the shared
// overlay), the latest result, what was published from it, and the last health result per plugin.
import type { HealthResultDto } from '../../../shared/types';
import { createWorkspace, globMatcher, type AnalysisResult, type EngineWorkspace, type FileSystem } from '../engine';
import type { DiagnosticsByFile } from './diagnostics';
import { RegistryModel } from './registry';
import { engineOptions, engineOptionsChanged, type FloeSettings } from './settings';
import { isUnder } from './uri';

export class FolderIndex {
  readonly ws: EngineWorkspace | undefined;
  readonly error: string | undefined;
  result: AnalysisResult | undefined;
  /** Bumped on every change; a pass publishes only when it is still current. */
  generation = 0;
  disposed = false;
  /** The plugin model last announced (floe/didChangeRegistry) and its listPlugins summaries. */
  readonly registry = new RegistryModel();
  /** The diagnostics of the last published pass, by file. */
  published: DiagnosticsByFile = new Map();
  readonly health = new Map<string, HealthResultDto>();
  /** Per plugin id: what its exported Python config schema was computed from. */
  readonly schemaKeys = new Map<string, string>();
  /** Per plugin id: the config-schema export failure last logged (logged once, not on every pass). */
  readonly schemaProblems = new Map<string, string>();
  /** A config-schema export is running; another was asked for meanwhile. */
  exporting = false;
  exportAgain = false;
  /** The user's exclude globs (paths relative to the root). */
  excludes: (rel: string) => boolean;

  constructor(
    readonly uri: string,
    readonly root: string,
    readonly name: string,
    public settings: FloeSettings,
    fs: FileSystem,
  ) {
    let ws: EngineWorkspace | undefined;
    let error: string | undefined;
    try {
      ws = createWorkspace(root, engineOptions(settings), fs);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    this.ws = ws;
    this.error = error;
    this.excludes = globMatcher(settings.exclude);
  }

  contains(file: string): boolean {
    return isUnder(file, this.root);
  }

  /** A plugin's health result; a cancelled check says nothing about the plugin and keeps the previous one. */
  recordHealth(r: HealthResultDto): void {
    if (!r.details?.cancelled) this.health.set(r.pluginId, r);
  }

  invalidate(files: string[]): void {
    this.generation++;
    this.ws?.invalidate(files);
  }

  /** New settings: true when the engine must re-index. */
  updateSettings(s: FloeSettings): boolean {
    const changed = engineOptionsChanged(this.settings, s);
    if (changed || s.pythonInterpreter !== this.settings.pythonInterpreter) this.schemaKeys.clear();
    this.settings = s;
    this.excludes = globMatcher(s.exclude);
    if (changed) {
      this.generation++;
      this.ws?.setOptions(engineOptions(s));
    }
    return changed;
  }

  analyze(): AnalysisResult | undefined {
    if (!this.ws) return undefined;
    this.result = this.ws.analyze();
    return this.result;
  }

  /** analyze() in steps (the engine's analysisSteps); the result is kept when the run completes. */
  *analysisSteps(): Generator<void, AnalysisResult | undefined, void> {
    if (!this.ws) return undefined;
    this.result = yield* this.ws.analysisSteps();
    return this.result;
  }

  /** The floe_core package folder the platform facts were read from, when there is one. */
  floeCoreDir(): string | undefined {
    return this.result?.platform.floeCore?.path;
  }
}

/** The folder whose root is the deepest one containing the file. */
export function folderFor(folders: Iterable<FolderIndex>, file: string): FolderIndex | undefined {
  let best: FolderIndex | undefined;
  for (const f of folders) if (f.contains(file) && (!best || f.root.length > best.root.length)) best = f;
  return best;
}
