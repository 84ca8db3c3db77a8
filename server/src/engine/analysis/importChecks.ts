// `unresolved-import`: a plugin source imports from floe_core a module or name the floe-core in
// use does not have. At module level that import fails when the plugin is loaded (an error, the
// plugin cannot be imported); inside a function, a try block or `if TYPE_CHECKING:` it is a warning.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Diagnostic, PlatformInfo, PluginInfo } from '../model';
import type { FactsCache } from '../python/moduleFacts';
import { checkFloeCoreImports, type FloeImportProblem, type KnownName } from '../python/floeImports';

const CONSEQUENCE: Record<FloeImportProblem['context'], (err: string) => string> = {
  module: (err) => `importing this module raises ${err}, so the plugin cannot be loaded`,
  try: (err) => `this import raises ${err} (the surrounding try may catch it)`,
  function: (err) => `this import raises ${err} when the function runs`,
  'type-checking': () => 'only type checkers read this import, and they will not find it',
};

export function importMessage(pr: FloeImportProblem, core: string): string {
  if (pr.name === undefined) return `No module named '${pr.module}' in ${core}: ${CONSEQUENCE[pr.context]('ModuleNotFoundError')}.`;
  return `Cannot import name '${pr.name}' from '${pr.module}': ${core} neither defines nor re-exports it there; ${CONSEQUENCE[pr.context]('ImportError')}.`
    + (pr.suggestion ? ` Did you mean: ${pr.suggestion}?` : '');
}

/** The files Python runs to import a plugin's module: those read for it under its import roots, and the parent packages' __init__.py. */
export function pluginSourceFiles(fs: FileSystem, p: PluginInfo, files: string[], coreDir: string): string[] {
  const roots = p.decl.importRoots;
  const under = (f: string) => roots.some((r) => f.startsWith(r + path.sep)) && !f.startsWith(coreDir + path.sep);
  const out = new Set(files.filter(under));
  const root = roots.find((r) => p.cls && p.cls.file.startsWith(r + path.sep));
  for (const f of [...out]) {
    for (let d = path.dirname(f); root && d.startsWith(root + path.sep); d = path.dirname(d)) {
      const init = path.join(d, '__init__.py');
      if (fs.stat(init)?.isFile) out.add(init);
    }
  }
  return [...out].sort();
}

/** Caches per file (by stamp and the floe-core in use) what its floe_core imports lack; cleared when floe-core changes. */
export class ImportChecker {
  private readonly cache = new Map<string, { key: string; problems: FloeImportProblem[] }>();
  constructor(private readonly fs: FileSystem, private readonly facts: FactsCache) {}

  forget(files: string[]): void { for (const f of files) this.cache.delete(f); }
  clear(): void { this.cache.clear(); }

  check(file: string, coreDir: string, known: KnownName[]): FloeImportProblem[] {
    const key = `${coreDir}\0${this.fs.stamp(file)}`;
    const hit = this.cache.get(file);
    if (hit && hit.key === key) return hit.problems;
    let problems: FloeImportProblem[];
    try { problems = checkFloeCoreImports(this.fs, this.facts, file, coreDir, known); } catch { problems = []; }
    this.cache.set(file, { key, problems });
    return problems;
  }

  /** unresolved-import diagnostics of every plugin (one per plugin and import, so each plugin's state shows it). */
  diagnostics(plugins: PluginInfo[], pluginFiles: Map<string, string[]>, platform: PlatformInfo, knownAbcs: KnownName[]): Diagnostic[] {
    const core = platform.floeCore;
    if (!core) return [];
    const label = core.version ? `floe-core ${core.version}` : 'floe-core';
    const out: Diagnostic[] = [];
    for (const p of plugins) {
      for (const f of pluginSourceFiles(this.fs, p, pluginFiles.get(p.id) ?? [], core.path)) {
        for (const pr of this.check(f, core.path, knownAbcs)) {
          const severe = pr.context === 'module' && p.decl.source === 'workspace';
          out.push({ file: pr.file, range: pr.range, severity: severe ? 'error' : 'warning', code: 'unresolved-import', message: importMessage(pr, label), pluginId: p.id });
        }
      }
    }
    return out;
  }
}
