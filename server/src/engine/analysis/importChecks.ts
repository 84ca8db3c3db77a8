// `unresolved-import`: a plugin source imports from floe_core a module or name the floe-core in
// use does not have. At module level that import fails when the plugin is loaded (an error, the
// plugin cannot be imported); inside a function, a try block or `if TYPE_CHECKING:` it is a warning.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Diagnostic, PlatformInfo, PluginInfo } from '../model';
import type { FactsCache } from '../python/moduleFacts';
import { checkFloeCoreImports, type FloeImportProblem, type KnownName } from '../python/floeImports';
import { findModule, findSubmodule, resolveSource } from '../python/moduleResolver';
import { parseEntryPointValue } from '../discovery/entryPointSyntax';
import { packageFiles } from '../python/packageFiles';
import { moduleNameOf } from '../python/floeCoreAbcs';

const CONSEQUENCE: Record<FloeImportProblem['context'], (err: string) => string> = {
  module: (err) => `importing this module raises ${err}, so the plugin cannot be loaded`,
  try: (err) => `this import raises ${err} if it runs (it is inside a try statement)`,
  function: (err) => `this import raises ${err} when the function runs`,
  'type-checking': () => 'only type checkers read this import, and they will not find it',
};

export function importMessage(pr: FloeImportProblem, core: string): string {
  if (pr.name === undefined) return `No module named '${pr.module}' in ${core}: ${CONSEQUENCE[pr.context]('ModuleNotFoundError')}.`;
  return (
    `Cannot import name '${pr.name}' from '${pr.module}': ${core} neither defines nor re-exports it there; ${CONSEQUENCE[pr.context]('ImportError')}.` +
    (pr.suggestion ? ` Did you mean: ${pr.suggestion}?` : '')
  );
}

const MAX_MODULES = 200;

/**
 * The files Python runs when it imports a plugin's entry-point module: the module, its parent
 * packages' __init__.py, and what they import at module level, followed within the plugin's own
 * top-level package (at most 200 files). Function-level and TYPE_CHECKING imports are not followed.
 */
export function pluginSourceFiles(fs: FileSystem, facts: FactsCache, p: PluginInfo, coreDir: string): string[] {
  const parsed = parseEntryPointValue(p.decl.value);
  if ('error' in parsed) return [];
  const roots = p.decl.importRoots;
  const top = parsed.module.split('.')[0];
  const root = roots.find((r) => findModule(fs, top, [r]));
  if (!root) return [];
  const home = path.join(root, top);
  const inHome = (f: string) => (f === home + '.py' || f.startsWith(home + path.sep)) && !f.startsWith(coreDir + path.sep);
  const out = new Set<string>();
  const queue: string[] = [];
  const add = (f: string | undefined) => {
    if (!f || out.has(f) || !inHome(f) || out.size >= MAX_MODULES) return;
    out.add(f);
    queue.push(f);
    // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    for (let d = path.dirname(f); d.startsWith(home); d = path.dirname(d)) {
      const init = path.join(d, '__init__.py');
      if (init !== f && fs.stat(init)?.isFile) add(init);
    }
  };
  add(findModule(fs, parsed.module, [root])?.file);
  while (queue.length) {
    const m = facts.get(queue.shift()!);
    if (!m) continue;
    const sources = [...m.starImports.map((x) => ({ source: x.source, name: undefined as string | undefined }))];
    for (const b of m.bindings.values()) {
      if (b.kind === 'from') sources.push({ source: b.source, name: b.name });
      else if (b.kind === 'module') sources.push({ source: b.source, name: undefined });
    }
    for (const { source, name } of sources) {
      const loc = resolveSource(fs, m.file, source, roots);
      if (!loc) continue;
      add(loc.file);
      if (name) add(findSubmodule(fs, loc, name)?.file);
    }
  }
  return [...out].sort();
}

/** Caches per file (by stamp and the floe-core in use) what its floe_core imports lack; cleared when floe-core changes. */
export class ImportChecker {
  private readonly cache = new Map<string, { key: string; problems: FloeImportProblem[] }>();
  constructor(
    private readonly fs: FileSystem,
    private readonly facts: FactsCache,
  ) {}

  /** Public names floe-core defines, with the module of each (read when an import lacks one). */
  private definitions: { coreDir: string; names: Map<string, string> } | undefined;

  forget(files: string[]): void {
    for (const f of files) this.cache.delete(f);
  }
  clear(): void {
    this.cache.clear();
    this.definitions = undefined;
  }

  /** The floe-core module that defines `name` (a class, function or constant; not a re-export); the shallowest when several do. */
  private definedIn(coreDir: string, name: string): string | undefined {
    if (this.definitions?.coreDir !== coreDir) {
      const names = new Map<string, string>();
      const parent = path.dirname(coreDir);
      for (const f of packageFiles(this.fs, coreDir)) {
        const m = this.facts.get(f);
        if (!m) continue;
        const module = moduleNameOf(f, parent);
        for (const [n, b] of m.bindings) {
          if (n.startsWith('_') || (b.kind !== 'class' && b.kind !== 'function' && b.kind !== 'assign')) continue;
          const prev = names.get(n);
          if (!prev || module.split('.').length < prev.split('.').length) names.set(n, module);
        }
      }
      this.definitions = { coreDir, names };
    }
    return this.definitions.names.get(name);
  }

  check(file: string, coreDir: string, known: KnownName[]): FloeImportProblem[] {
    const key = `${coreDir}\0${this.fs.stamp(file)}`;
    const hit = this.cache.get(file);
    if (hit && hit.key === key) return hit.problems;
    let problems: FloeImportProblem[];
    try {
      problems = checkFloeCoreImports(this.fs, this.facts, file, coreDir, known, undefined, (name) => this.definedIn(coreDir, name));
    } catch {
      problems = [];
    }
    this.cache.set(file, { key, problems });
    return problems;
  }

  /** unresolved-import diagnostics of every plugin (one per plugin and import, so each plugin's state shows it). */
  diagnostics(plugins: PluginInfo[], platform: PlatformInfo, knownAbcs: KnownName[]): Diagnostic[] {
    const core = platform.floeCore;
    if (!core) return [];
    const label = core.version ? `floe-core ${core.version}` : 'floe-core';
    const out: Diagnostic[] = [];
    for (const p of plugins) {
      for (const f of pluginSourceFiles(this.fs, this.facts, p, core.path)) {
        for (const pr of this.check(f, core.path, knownAbcs)) {
          const severe = pr.context === 'module' && p.decl.source === 'workspace';
          const [first, ...more] = pr.fix?.edits ?? [];
          out.push({
            file: pr.file,
            range: pr.range,
            severity: severe ? 'error' : 'warning',
            code: 'unresolved-import',
            message: importMessage(pr, label),
            pluginId: p.id,
            ...(pr.fix && first ? { fixes: [{ title: pr.fix.title, ...first, ...(more.length ? { more } : {}) }] } : {}),
          });
        }
      }
    }
    return out;
  }
}
