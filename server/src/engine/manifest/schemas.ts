// Where a plugin's config JSON Schema comes from, in order: (0) a `*.schema.json` shipped in the
// plugin's package whose `title` is the config model's class name, (1) the schema exported by
// running the plugin's Python (trusted workspaces), (2) the static Pydantic translation.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PluginInfo } from '../model';
import type { ManifestContext, PluginSchema } from './types';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.venv', 'venv', '__pycache__', '.mypy_cache', '.pytest_cache', '.tox', 'build', 'dist']);
const MAX_DEPTH = 5;
const MAX_DIRS = 400;
const MAX_SCHEMA_BYTES = 2 * 1024 * 1024;

/** `**\/*.schema.json` under `dir`, bounded in depth and number of folders visited. */
export function findSchemaFiles(fs: FileSystem, dir: string): string[] {
  const out: string[] = [];
  const queue: Array<[string, number]> = [[dir, 0]];
  let visited = 0;
  while (queue.length && visited < MAX_DIRS) {
    const [d, depth] = queue.shift()!;
    visited++;
    for (const e of fs.readDir(d)) {
      const p = path.join(d, e.name);
      if (e.isFile && e.name.endsWith('.schema.json')) out.push(p);
      else if (
        e.isDirectory &&
        !e.isSymbolicLink &&
        depth < MAX_DEPTH &&
        !SKIP_DIRS.has(e.name) &&
        !e.name.endsWith('.dist-info') &&
        !e.name.endsWith('.egg-info')
      ) {
        queue.push([p, depth + 1]);
      }
    }
  }
  return out.sort();
}

/** Folders to search: the distribution folder (pyproject's), or for installed ones the top-level package. */
export function schemaSearchDirs(plugin: PluginInfo, fs: FileSystem): string[] {
  const dirs: string[] = [];
  const declDir = path.dirname(plugin.decl.file);
  const installed = /\.(dist|egg)-info$/.test(declDir);
  if (!installed) dirs.push(declDir);
  const top = plugin.target.split(':')[0].split('.')[0];
  if (top) {
    for (const root of plugin.decl.importRoots) {
      const pkg = path.join(root, top);
      if (fs.stat(pkg)?.isDirectory && !dirs.some((d) => pkg === d || pkg.startsWith(d + path.sep))) dirs.push(pkg);
    }
  }
  return dirs;
}

/** Parsed schema files, per file system: stamps are a workspace's own (a new workspace over the
 * same folder starts its stamps again), so the cache lives and dies with the workspace's fs. */
const fileCaches = new WeakMap<FileSystem, Map<string, { stamp: string; schema?: Record<string, unknown> }>>();

/** A schema file's JSON (cached by the file's stamp), or undefined when unreadable / not an object. */
export function readSchemaFile(fs: FileSystem, file: string): Record<string, unknown> | undefined {
  const stamp = fs.stamp(file);
  let fileCache = fileCaches.get(fs);
  if (!fileCache) fileCaches.set(fs, (fileCache = new Map()));
  const hit = fileCache.get(file);
  if (hit && hit.stamp === stamp) return hit.schema;
  let schema: Record<string, unknown> | undefined;
  const st = fs.stat(file);
  const text = st && st.size <= MAX_SCHEMA_BYTES ? fs.readFile(file) : undefined;
  if (text !== undefined) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) schema = v as Record<string, unknown>;
    } catch {
      /* not JSON: not a schema we can use */
    }
  }
  fileCache.set(file, { stamp, schema });
  return schema;
}

export interface SchemaLookup {
  schema?: PluginSchema;
  /** Files whose change may change the answer. */ files: string[];
}

/** The schema a plugin's config is validated against, and the files it depends on. */
export function lookupPluginSchema(plugin: PluginInfo, ctx: ManifestContext): SchemaLookup {
  const files: string[] = [];
  const className = plugin.configSchema?.className;
  if (className) {
    for (const dir of schemaSearchDirs(plugin, ctx.fs)) {
      for (const f of findSchemaFiles(ctx.fs, dir)) {
        const s = readSchemaFile(ctx.fs, f);
        if (s && s.title === className) {
          files.push(f);
          return { schema: { schema: s, source: 'schema-file', file: f }, files };
        }
      }
    }
  }
  const exported = ctx.pythonSchemas.get(plugin.id);
  if (exported) return { schema: { schema: exported, source: 'python', file: plugin.configSchema?.file }, files };
  if (plugin.configSchema) {
    try {
      const st = ctx.python.staticConfigSchema(plugin.configSchema, plugin.decl.importRoots);
      if (st) {
        files.push(...st.files);
        return { schema: { schema: st.schema, source: 'static', file: plugin.configSchema.file, open: st.open }, files };
      }
    } catch {
      // The static translation failed on this model: validate nothing rather than crash.
    }
    if (plugin.configSchema.file) files.push(plugin.configSchema.file);
  }
  return { files };
}

export function pluginSchema(plugin: PluginInfo, ctx: ManifestContext): PluginSchema | undefined {
  return lookupPluginSchema(plugin, ctx).schema;
}
