// floe-core's plugin ABCs: the classes under floe_core/plugins/ that derive from PluginMetadata,
// with their module, whether `floe_core.plugins` exports them, and the abstract members of each
// (PluginMetadata's own from plugin_metadata.py).
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { FactsCache } from './moduleFacts';
import { PLUGIN_METADATA } from './mro';
import { SymbolResolver } from './symbols';
import { nodeText, syntaxDiagnostics } from './syntax';
import type { FloeCoreInfo } from './types';
import { packageFiles } from './packageFiles';
import { importTable, memberSignature, type MemberSignature } from './signatures';

/** `…/floe_core/plugins/rbac.py` -> `floe_core.plugins.rbac` (`__init__.py` names its package). */
export function moduleNameOf(file: string, packageParent: string): string {
  const rel = path
    .relative(packageParent, file)
    .replace(/\.pyi?$/, '')
    .split(path.sep);
  if (rel[rel.length - 1] === '__init__') rel.pop();
  return rel.join('.');
}

export function readFloeCoreAbcs(fs: FileSystem, facts: FactsCache, dir: string, info: FloeCoreInfo, reads: Set<string>): void {
  const parent = path.dirname(dir);
  const pluginsDir = path.join(dir, 'plugins');
  const hasPlugins = fs.stat(pluginsDir)?.isDirectory === true;
  if (!hasPlugins) {
    info.problems.push({
      file: path.join(dir, '__init__.py'),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: 'there is no plugins/ folder, so the plugin ABCs cannot be read',
    });
  }
  const files = [path.join(dir, 'plugin_metadata.py'), ...(hasPlugins ? packageFiles(fs, pluginsDir) : [])];
  const abstractMembers: Record<string, string[]> = {};
  const abstractSignatures: Record<string, MemberSignature[]> = {};
  const abcLocations: NonNullable<FloeCoreInfo['abcLocations']> = {};
  const abcs: NonNullable<FloeCoreInfo['abcs']> = {};
  const broken: string[] = [];
  let firstBroken: { file: string; range: import('../model').Range } | undefined;
  for (const file of files) {
    const m = facts.get(file, reads);
    if (!m) continue;
    const err = syntaxDiagnostics(m.parsed, 1).find((d) => d.code === 'python-syntax');
    if (err) {
      broken.push(`${path.relative(dir, file).split(path.sep).join('/')} (line ${err.range.start.line + 1})`);
      firstBroken ??= { file, range: err.range };
      continue;
    }
    const p = m.parsed;
    for (const cls of m.classes.values()) {
      const isMeta = cls.name === PLUGIN_METADATA;
      const fromMeta = cls.bases.some((b) => nodeText(p, b).split('.').pop() === PLUGIN_METADATA);
      if ((!isMeta && !fromMeta) || abstractMembers[cls.name]) continue;
      abstractMembers[cls.name] = [...cls.members.values()].filter((x) => x.abstract).map((x) => x.name);
      const moduleName = moduleNameOf(file, parent);
      const table = importTable(m, moduleName);
      abstractSignatures[cls.name] = abstractMembers[cls.name].flatMap((n) => memberSignature(m, moduleName, cls, n, table) ?? []);
      abcLocations[cls.name] = { file, range: cls.nameRange };
      if (fromMeta && file.startsWith(pluginsDir + path.sep))
        abcs[cls.name] = { module: moduleNameOf(file, parent), exported: false, file, range: cls.nameRange };
    }
  }
  if (firstBroken) {
    info.problems.push({
      ...firstBroken,
      message: `${broken.join(', ')} ${broken.length === 1 ? 'does' : 'do'} not parse, so the plugin ABCs defined there cannot be read`,
    });
  }
  // Exported from floe_core.plugins: the name resolves there to the same class.
  const init = path.join(pluginsDir, '__init__.py');
  if (Object.keys(abcs).length && fs.stat(init)?.isFile) {
    const resolver = new SymbolResolver(fs, facts, [parent], reads);
    const loc = { name: 'floe_core.plugins', file: init, dir: pluginsDir };
    for (const [name, a] of Object.entries(abcs)) {
      const r = resolver.resolveAttr(loc, name);
      a.exported = r.kind === 'class' && r.cls.file === a.file && r.cls.name === name;
    }
  }
  if (Object.keys(abstractMembers).length) {
    info.abstractMembers = abstractMembers;
    info.abstractSignatures = abstractSignatures;
    info.abcLocations = abcLocations;
  }
  if (Object.keys(abcs).length) info.abcs = abcs;
}
