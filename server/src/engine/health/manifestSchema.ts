// floe-core's manifest model exported by running Python (trusted folders only), for the case the
// static translation of floe-core's PlatformManifest fails: the Floe runner's schema export with
// server/python/floe_manifest_model.py as the target. Exported again when floe-core's manifest
// module changes.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { exportConfigSchemas } from './schemaExport';
import { runnerPath } from './runnerPath';
import { floeCoreTranslation, manifestModule } from '../manifest/manifestModel';
import type { SchemaFolder } from './pythonSchemas';

/** The export's key in the folder's schema keys. */
export const MANIFEST_SCHEMA_KEY = 'floe-core:PlatformManifest';
const TARGET = 'floe_manifest_model:PlatformManifestModel';

/** Export floe-core's manifest model when it is needed and stale; true when the workspace's copy changed. */
export async function refreshManifestSchema(
  folder: SchemaFolder,
  fs: FileSystem,
  python: string,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<boolean> {
  const ws = folder.ws;
  if (!ws) return false;
  const ctx = ws.manifestContext();
  const file = manifestModule(ctx);
  const needed = !!file && !floeCoreTranslation(ctx)?.model;
  if (!needed) {
    folder.schemaKeys.delete(MANIFEST_SCHEMA_KEY);
    const had = ws.pythonManifestSchema !== undefined;
    ws.pythonManifestSchema = undefined;
    return had;
  }
  const key = `${python}|${file}@${fs.stamp(file!)}`;
  if (folder.schemaKeys.get(MANIFEST_SCHEMA_KEY) === key) return false;
  const coreRoot = path.dirname(path.dirname(path.dirname(file!)));
  const schemas = await exportConfigSchemas(
    [
      {
        pluginId: MANIFEST_SCHEMA_KEY,
        group: 'floe-core',
        entryPoint: 'PlatformManifest',
        name: 'PlatformManifest',
        target: TARGET,
        importRoots: [path.dirname(runnerPath()), coreRoot],
      },
    ],
    { python, timeoutMs, cwd: folder.root, onProblem: (_id, message) => log(`floe-core's manifest model: ${message}`) },
  );
  const schema = schemas.get(MANIFEST_SCHEMA_KEY);
  folder.schemaKeys.set(MANIFEST_SCHEMA_KEY, key);
  const changed = JSON.stringify(schema) !== JSON.stringify(ws.pythonManifestSchema);
  ws.pythonManifestSchema = schema;
  return changed;
}
