// floe/effectiveConfig, floe/pluginTypes and floe/scaffoldPlugin.
import type {
  EffectiveConfigParams,
  EffectiveConfigResult,
  PluginTypesParams,
  PluginTypesResult,
  ScaffoldPluginParams,
  ScaffoldPluginResult,
} from '../../../../shared/protocol';
import {
  BUILTIN_PLUGIN_TYPES,
  effectiveConfig,
  packageName,
  pluginLayout,
  pluginName,
  pluginSchema,
  scaffoldPlugin,
  type FileSystem,
  type ManifestSelection,
  type PluginInfo,
  type PluginSchema,
} from '../../engine';
import { folderFor, type FolderIndex } from '../folders';
import { pathToUri, uriToPath } from '../uri';

function schemaOf(folder: FolderIndex, plugin: PluginInfo | undefined): PluginSchema | undefined {
  if (!plugin || !folder.ws) return undefined;
  try {
    return pluginSchema(plugin, folder.ws.manifestContext());
  } catch {
    return undefined;
  }
}

/** The schema, where it came from and its file, on an answer. */
function withSchema(out: EffectiveConfigResult, s: PluginSchema | undefined): void {
  if (!s) return;
  out.schema ??= s.schema;
  out.schemaSource = s.source;
  if (s.file) out.schemaUri = pathToUri(s.file);
}

function answer(folder: FolderIndex, fs: FileSystem, manifest: string, sel: ManifestSelection): EffectiveConfigResult {
  const plugin = folder.result?.plugins.find((p) => p.id === sel.pluginId);
  const out: EffectiveConfigResult = {
    found: true,
    plugin: plugin ? pluginName(plugin) : sel.type,
    manifestUri: pathToUri(manifest),
    schemaSource: sel.schemaSource ?? 'none',
  };
  if (sel.effectiveConfig) out.config = sel.effectiveConfig;
  const text = fs.readFile(manifest);
  if (text !== undefined && folder.ws) {
    const info = effectiveConfig(manifest, text, sel.category, folder.ws.manifestContext());
    if (info) {
      out.config = info.config;
      out.schemaSource = info.schemaSource;
      if (info.schema) out.schema = info.schema;
      if (info.schemaFile) out.schemaUri = pathToUri(info.schemaFile);
      if (info.errors.length) out.message = `the config does not validate: ${info.errors.join('; ')}`;
    }
  }
  if (!plugin) out.message = `no discovered plugin '${sel.type}' for category '${sel.category}'`;
  if (!out.schema) withSchema(out, schemaOf(folder, plugin));
  return out;
}

export function effectiveConfigFor(folders: FolderIndex[], fs: FileSystem, p: EffectiveConfigParams): EffectiveConfigResult {
  if (typeof p.pluginId === 'string') {
    for (const folder of folders) {
      const plugin = folder.result?.plugins.find((x) => x.id === p.pluginId);
      if (!plugin) continue;
      for (const m of folder.result!.manifests) {
        const sel = m.selections.find((s) => s.pluginId === plugin.id);
        if (sel) return answer(folder, fs, m.file, sel);
      }
      const out: EffectiveConfigResult = {
        found: false,
        plugin: pluginName(plugin),
        message: `no manifest selects plugin '${pluginName(plugin)}'`,
        schemaSource: 'none',
      };
      withSchema(out, schemaOf(folder, plugin));
      return out;
    }
    return { found: false, message: `unknown plugin id '${p.pluginId}'` };
  }
  const file = uriToPath(p.manifestUri);
  if (!file || typeof p.category !== 'string') return { found: false, message: 'give a pluginId, or a manifestUri and a category' };
  const folder = folderFor(folders, file);
  const m = folder?.result?.manifests.find((x) => x.file === file);
  if (!folder || !m) return { found: false, manifestUri: p.manifestUri, message: 'not a known platform manifest' };
  const sel = m.selections.find((s) => s.category === p.category);
  if (!sel) return { found: false, manifestUri: p.manifestUri, message: `the manifest selects no plugin for category '${p.category}'` };
  return answer(folder, fs, file, sel);
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The plugin types in force in a folder: its platform's, else (not analysed) the built-in table. */
function typesOf(folder: FolderIndex | undefined) {
  return folder?.result?.platform.types ?? [...BUILTIN_PLUGIN_TYPES];
}

/** The abstract members per ABC of the floe-core the folder's analysis used (undefined: the built-in table). */
function abcSignatures(folder: FolderIndex) {
  const coreDir = folder.floeCoreDir();
  if (!coreDir || !folder.ws) return undefined;
  try {
    return folder.ws.python.readFloeCore(coreDir)?.abstractSignatures;
  } catch {
    return undefined;
  }
}

export function pluginTypesFor(folders: FolderIndex[], fs: FileSystem, p: PluginTypesParams): PluginTypesResult {
  const file = uriToPath(p?.folderUri);
  const folder = file ? folderFor(folders, file) : folders[0];
  const types = typesOf(folder);
  const out: PluginTypesResult = { types: types.map((t) => ({ group: t.group, category: t.category, label: t.label, abc: t.abc })) };
  if (folder) {
    const layout = pluginLayout(fs, folder.root, folder.result?.plugins ?? []);
    out.parentUri = pathToUri(layout.parent);
    out.parentReason = layout.parentReason;
    out.packageNames = Object.fromEntries(types.map((t) => [t.group, packageName(layout, t.group, '{name}')]));
  }
  return out;
}

export function scaffoldFor(folders: FolderIndex[], fs: FileSystem, p: ScaffoldPluginParams): ScaffoldPluginResult {
  const fail = (error: string): ScaffoldPluginResult => ({ files: [], mainUri: '', mainRange: ZERO, error });
  const root = uriToPath(p?.folderUri);
  if (!root) return fail('folderUri must be a file: URI');
  if (typeof p.group !== 'string' || typeof p.name !== 'string') return fail('group and name are required');
  const folder = folders.find((f) => f.root === root) ?? folderFor(folders, root);
  // New packages go inside an open workspace folder, nowhere else.
  if (!folder) return fail(`${root} is not inside a workspace folder`);
  let parent: string | undefined;
  if (p.parentUri !== undefined) {
    parent = uriToPath(p.parentUri);
    if (!parent) return fail('parentUri must be a file: URI');
  }
  const r = scaffoldPlugin({
    root: folder.root,
    parent,
    group: p.group,
    name: p.name,
    types: typesOf(folder),
    apiVersion: folder.result?.platform.apiVersion ?? '1.0',
    floeCoreVersion: folder.result?.platform.floeCore?.version,
    abstractSignatures: abcSignatures(folder),
    plugins: folder.result?.plugins ?? [],
    fs,
  });
  if ('error' in r) return fail(r.error);
  return {
    files: r.files.map((f) => ({ uri: pathToUri(f.path), content: f.content })),
    edits: r.edits.map((e) => ({ uri: pathToUri(e.file), range: e.range, newText: e.newText })),
    registered: r.registered,
    packageUri: pathToUri(r.packageDir),
    mainUri: pathToUri(r.mainFile),
    mainRange: r.mainRange,
  };
}
