// Reading the platform package (floe_core) statically: the PluginType enum, the plugin API
// version constant, and each plugin ABC's abstract members.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PluginTypeInfo } from '../model';
import { makePluginType } from '../pluginTypes';
import type { FactsCache, ModuleFacts } from './moduleFacts';
import { PLUGIN_METADATA } from './mro';
import type { FloeCoreInfo } from './types';
import { nodeRange, nodeText, stringValue } from './syntax';

const MAX_FILES = 800;
const PREFERRED = ['plugin_types.py', 'version_compat.py', 'plugin_metadata.py', 'plugins.py', '__init__.py'];

/** Python files of a package folder (preferred file names first), bounded. */
export function packageFiles(fs: FileSystem, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 8 || out.length >= MAX_FILES) return;
    const entries = fs.readDir(d).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      if (e.isFile && e.name.endsWith('.py')) out.push(path.join(d, e.name));
    }
    for (const e of entries) {
      if (e.isDirectory && !e.name.startsWith('.') && e.name !== '__pycache__' && e.name !== 'tests') walk(path.join(d, e.name), depth + 1);
    }
  };
  walk(dir, 0);
  const rank = (f: string) => { const i = PREFERRED.indexOf(path.basename(f)); return i < 0 ? PREFERRED.length : i; };
  return out.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function enumTypes(m: ModuleFacts): PluginTypeInfo[] | undefined {
  const cls = m.classes.get('PluginType');
  if (!cls) return undefined;
  const p = m.parsed;
  if (!cls.bases.some((b) => /Enum$/.test(nodeText(p, b)))) return undefined;
  const out: PluginTypeInfo[] = [];
  for (const mem of cls.members.values()) {
    if (mem.kind !== 'attribute' || !mem.value || !/^[A-Z][A-Z0-9_]*$/.test(mem.name)) continue;
    const group = stringValue(p, mem.value);
    if (group !== undefined) out.push(makePluginType(mem.name, group, 'floe-core'));
  }
  return out.length ? out : undefined;
}

export function readFloeCore(fs: FileSystem, facts: FactsCache, dir: string): FloeCoreInfo | undefined {
  if (!fs.stat(dir)?.isDirectory) return undefined;
  const info: FloeCoreInfo = { files: [] };
  const abstractMembers: Record<string, string[]> = {};
  const abcLocations: Record<string, { file: string; range: import('../model').Range }> = {};
  const reads = new Set<string>();
  for (const file of packageFiles(fs, dir)) {
    const m = facts.get(file, reads);
    if (!m) continue;
    const p = m.parsed;
    if (!info.types) {
      const types = enumTypes(m);
      if (types) { info.types = types; info.typesFile = file; }
    }
    if (info.apiVersion === undefined) {
      const b = m.bindings.get('FLOE_PLUGIN_API_VERSION');
      if (b?.kind === 'assign') {
        const v = stringValue(p, b.value);
        if (v !== undefined) { info.apiVersion = v; info.apiVersionFile = file; info.apiVersionRange = nodeRange(p, b.value); }
      }
    }
    for (const cls of m.classes.values()) {
      const isMeta = cls.name === PLUGIN_METADATA;
      const fromMeta = cls.bases.some((b) => nodeText(p, b).split('.').pop() === PLUGIN_METADATA);
      if (!isMeta && !fromMeta) continue;
      if (abstractMembers[cls.name]) continue;
      abstractMembers[cls.name] = [...cls.members.values()].filter((x) => x.abstract).map((x) => x.name);
      abcLocations[cls.name] = { file, range: cls.nameRange };
    }
  }
  info.files = [...reads];
  if (Object.keys(abstractMembers).length) { info.abstractMembers = abstractMembers; info.abcLocations = abcLocations; }
  if (!info.types && info.apiVersion === undefined && !info.abstractMembers) return undefined;
  return info;
}
