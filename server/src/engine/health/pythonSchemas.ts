// Config schemas exported by running the plugins' Python (trusted folders only): fills the
// workspace's `pythonSchemas` so manifest configs validate against the real Pydantic models.
// Re-exported only for plugins whose class or config model file, or the interpreter, changed. A
// failing export falls back to the static schema; its reason is logged once, grouped (one message
// per refresh: "config schemas of 19 plugins were not exported …: structlog is missing in …"),
// and not again while the same plugin fails the same way with the same interpreter.
import { exportConfigSchemas } from './schemaExport';
import { groupMissingModules, type MissingModuleFailure } from './environment';
import { interpreterIdentity } from './interpreter';
import { pluginName, type AnalysisResult, type PluginInfo } from '../model';
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
  /** Per plugin id: the export failure last logged (interpreter and reason); the interpreter problem under ''. */
  readonly schemaProblems: Map<string, string>;
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

function schemaKey(p: PluginInfo, fs: FileSystem, python: string): string {
  const files = [p.cls?.file, p.configSchema?.file].filter((f): f is string => !!f);
  return [python, p.target, p.configSchema?.className ?? '', ...files.map((f) => `${f}@${fs.stamp(f)}`)].join('|');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const staticUsed = (n: number) => (n === 1 ? 'its static schema is used' : 'their static schemas are used');

/** One message for the export failures not logged before (empty when there are none). */
function problemReport(fresh: Array<{ name: string; why: string }>, missing: MissingModuleFailure[]): string {
  const lead = (n: number, names: string[]) =>
    n === 1 ? `the config schema of ${names[0]} was not exported from Python` : `config schemas of ${plural(n, 'plugin')} were not exported from Python`;
  const lines = groupMissingModules(missing, lead).map((g) => `${g.message}; ${staticUsed(g.pluginIds.length)}`);
  if (fresh.length === 1) lines.push(`${lead(1, [fresh[0].name])} (${fresh[0].why}); ${staticUsed(1)}`);
  else if (fresh.length > 1) {
    lines.push(`${lead(fresh.length, [])}; ${staticUsed(fresh.length)}:`);
    for (const f of fresh) lines.push(`  ${f.name}: ${f.why}`);
  }
  return lines.join('\n');
}

/** Export what is stale; true when `ws.pythonSchemas` changed. Runs plugin code: trusted folders only.
 * `log` gets what the user should read (once); `trace` one line per export run (for tracing and tests). */
export async function refreshPythonSchemas(
  folder: SchemaFolder,
  fs: FileSystem,
  log: (m: string) => void,
  trace: (m: string) => void = () => undefined,
): Promise<boolean> {
  const ws = folder.ws;
  const r = folder.result;
  if (!ws || !r || folder.settings.workspaceTrusted !== true) return false;
  const python = interpreterIdentity(folder.root, folder.settings.pythonInterpreter);
  const stale = r.plugins.filter((p) => p.configSchema && folder.schemaKeys.get(p.id) !== schemaKey(p, fs, python));
  const gone = [...ws.pythonSchemas.keys()].filter((id) => !r.plugins.some((p) => p.id === id && p.configSchema));
  for (const id of gone) {
    ws.pythonSchemas.delete(id);
    folder.schemaKeys.delete(id);
    folder.schemaProblems.delete(id);
  }
  const manifestStale = needsManifestExport(folder, fs);
  if (!stale.length && !manifestStale) return gone.length > 0;
  const interp = await interpreterFor(folder.root, folder.settings.pythonInterpreter);
  if (!interp.ok) {
    const said = `${python}|${interp.error}`;
    if (folder.schemaProblems.get('') !== said) {
      folder.schemaProblems.set('', said);
      log(`config schemas of ${folder.name} were not exported from Python (the static schemas are used): no valid Python interpreter: ${interp.error}`);
    }
    return gone.length > 0;
  }
  folder.schemaProblems.delete('');
  const manifestChanged = manifestStale ? await refreshManifestSchema(folder, fs, interp.path, folder.settings.healthCheckTimeout * 1000, log) : false;
  if (!stale.length) return gone.length > 0 || manifestChanged;
  const keys = new Map(stale.map((p) => [p.id, schemaKey(p, fs, python)]));
  const byId = new Map(stale.map((p) => [p.id, p]));
  const fresh: Array<{ name: string; why: string }> = [];
  const missing: MissingModuleFailure[] = [];
  const schemas = await exportConfigSchemas(
    stale.map((p) => healthTarget(p, undefined, r.platform.floeCoreSourceRoot)),
    {
      python: interp.path,
      timeoutMs: folder.settings.healthCheckTimeout * 1000,
      cwd: folder.root,
      onProblem: (id, message, m) => {
        const said = `${python}|${message}`;
        if (folder.schemaProblems.get(id) === said) return;
        folder.schemaProblems.set(id, said);
        const name = byId.get(id) ? pluginName(byId.get(id)!) : id;
        if (m) missing.push({ pluginId: id, name, python: interp.path, missingModule: m.missingModule, importedBy: m.importedBy });
        else fresh.push({ name, why: message });
      },
    },
  );
  const report = problemReport(fresh, missing);
  if (report) log(report);
  trace(`${folder.name}: ${stale.length} config schema export${stale.length === 1 ? '' : 's'} from Python, ${stale.length - schemas.size} without a schema`);
  let changed = gone.length > 0 || manifestChanged;
  for (const p of stale) {
    const schema = schemas.get(p.id);
    const before = ws.pythonSchemas.get(p.id);
    // Pydantic's printed schema is stricter than what Pydantic accepts (lax mode): widen it the same
    // way as the static translation, so valid configs get no false errors.
    if (schema) {
      ws.pythonSchemas.set(p.id, laxenSchema(schema));
      folder.schemaProblems.delete(p.id);
    } else ws.pythonSchemas.delete(p.id);
    if (JSON.stringify(before) !== JSON.stringify(schema)) changed = true;
    folder.schemaKeys.set(p.id, keys.get(p.id)!);
  }
  return changed;
}
