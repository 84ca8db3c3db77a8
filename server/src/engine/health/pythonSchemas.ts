// Config schemas exported by running the plugins' Python (trusted folders only): fills the
// workspace's `pythonSchemas` so manifest configs validate against the real Pydantic models.
// Re-exported only for plugins whose class or config model file changed.
import { exportConfigSchemas } from './schemaExport';
import type { AnalysisResult, PluginInfo } from '../model';
import type { FileSystem } from '../fs';
import { healthTarget } from './targets';
import { interpreterFor } from './run';
import { laxenSchema } from '../python/pydanticLax';
import type { ManifestContext } from '../manifest/types';
import { floeCoreTranslation, manifestModule } from '../manifest/manifestModel';
import { MANIFEST_SCHEMA_KEY, refreshManifestSchema } from './manifestSchema';

/** What a refresh reads and fills in a folder's workspace. */
export interface SchemaWorkspace {
  readonly pythonSchemas: Map<string, Record<string, unknown>>;
  /** floe-core's manifest model exported from Python (when its static translation fails). */
  pythonManifestSchema: Record<string, unknown> | undefined;
  manifestContext(): ManifestContext;
}

/** The folder a refresh works on (the language server's folder index is one). */
export interface SchemaFolder {
  readonly ws: SchemaWorkspace | undefined;
  readonly result: AnalysisResult | undefined;
  readonly root: string;
  readonly name: string;
  /** Per plugin id: what its exported schema was computed from. */
  readonly schemaKeys: Map<string, string>;
  readonly settings: { readonly workspaceTrusted?: boolean; readonly pythonInterpreter?: string; readonly healthCheckTimeout: number };
}

/** Is floe-core's manifest model to be exported (its static translation failed) and not yet for this source? */
function needsManifestExport(folder: SchemaFolder, fs: FileSystem): boolean {
  const ws = folder.ws;
  if (!ws) return false;
  const ctx = ws.manifestContext();
  const file = manifestModule(ctx);
  if (!file || floeCoreTranslation(ctx)?.model) return ws.pythonManifestSchema !== undefined;
  const key = folder.schemaKeys.get(MANIFEST_SCHEMA_KEY);
  return !key || !key.endsWith(`|${file}@${fs.stamp(file)}`);
}

function schemaKey(p: PluginInfo, fs: FileSystem): string {
  const files = [p.cls?.file, p.configSchema?.file].filter((f): f is string => !!f);
  return [p.target, p.configSchema?.className ?? '', ...files.map((f) => `${f}@${fs.stamp(f)}`)].join('|');
}

/** Export what is stale; true when `ws.pythonSchemas` changed. Runs plugin code: trusted folders only. */
export async function refreshPythonSchemas(folder: SchemaFolder, fs: FileSystem, log: (m: string) => void): Promise<boolean> {
  const ws = folder.ws;
  const r = folder.result;
  if (!ws || !r || folder.settings.workspaceTrusted !== true) return false;
  const stale = r.plugins.filter((p) => p.configSchema && folder.schemaKeys.get(p.id) !== schemaKey(p, fs));
  const gone = [...ws.pythonSchemas.keys()].filter((id) => !r.plugins.some((p) => p.id === id && p.configSchema));
  for (const id of gone) { ws.pythonSchemas.delete(id); folder.schemaKeys.delete(id); }
  const manifestStale = needsManifestExport(folder, fs);
  if (!stale.length && !manifestStale) return gone.length > 0;
  const interp = await interpreterFor(folder.root, folder.settings.pythonInterpreter);
  if (!interp.ok) {
    log(`config schemas not exported for ${folder.name}: no valid Python interpreter: ${interp.error}`);
    return gone.length > 0;
  }
  const manifestChanged = manifestStale
    ? await refreshManifestSchema(folder, fs, interp.path, folder.settings.healthCheckTimeout * 1000, log) : false;
  if (!stale.length) return gone.length > 0 || manifestChanged;
  const keys = new Map(stale.map((p) => [p.id, schemaKey(p, fs)]));
  const schemas = await exportConfigSchemas(stale.map((p) => healthTarget(p, undefined, r.platform.floeCoreSourceRoot)), {
    python: interp.path,
    timeoutMs: folder.settings.healthCheckTimeout * 1000,
    cwd: folder.root,
    onProblem: (id, message) => log(`config schema of ${id}: ${message}`),
  });
  let changed = gone.length > 0 || manifestChanged;
  for (const p of stale) {
    const schema = schemas.get(p.id);
    const before = ws.pythonSchemas.get(p.id);
    // Pydantic's printed schema is stricter than what Pydantic accepts (lax mode): widen it the same
    // way as the static translation, so valid configs get no false errors.
    if (schema) ws.pythonSchemas.set(p.id, laxenSchema(schema)); else ws.pythonSchemas.delete(p.id);
    if (JSON.stringify(before) !== JSON.stringify(schema)) changed = true;
    folder.schemaKeys.set(p.id, keys.get(p.id)!);
  }
  return changed;
}
