// Finding a module's file from its dotted name and the import roots, and relative imports from
// a file's package. Reads only through the FileSystem.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { ImportSource } from './moduleFacts';

/** A module: its source file (`mod.py` or `pkg/__init__.py`) and, for packages, the folder. */
export interface ModuleLoc {
  name: string;
  file?: string;
  dir?: string;
}

function isFile(fs: FileSystem, p: string): boolean {
  return fs.kind ? fs.kind(p) === 'file' : !!fs.stat(p)?.isFile;
}
function isDir(fs: FileSystem, p: string): boolean {
  return fs.kind ? fs.kind(p) === 'dir' : !!fs.stat(p)?.isDirectory;
}

/** Look a module up under one base folder by its path parts. */
function findUnder(fs: FileSystem, base: string, parts: string[], name: string): ModuleLoc | undefined {
  if (parts.length === 0) {
    const init = path.join(base, '__init__.py');
    if (isFile(fs, init)) return { name, file: init, dir: base };
    return isDir(fs, base) ? { name, dir: base } : undefined;
  }
  // As importlib's FileFinder: a package (`c/__init__.py`) wins over a module file beside it (`c.py`).
  const p = path.join(base, ...parts);
  const init = path.join(p, '__init__.py');
  if (isFile(fs, init)) return { name, file: init, dir: p };
  if (isFile(fs, p + '.py')) return { name, file: p + '.py' };
  return undefined;
}

/** `a.b.c` under the roots: `a/b/c/__init__.py`, then `a/b/c.py`; a namespace folder last. */
export function findModule(fs: FileSystem, dotted: string, roots: string[]): ModuleLoc | undefined {
  const parts = dotted.split('.').filter(Boolean);
  if (!parts.length) return undefined;
  for (const root of roots) {
    const m = findUnder(fs, root, parts, dotted);
    if (m) return m;
  }
  for (const root of roots) {
    const p = path.join(root, ...parts);
    if (isDir(fs, p)) return { name: dotted, dir: p };
  }
  return undefined;
}

/** The package folder a file's relative imports start from. */
function packageDir(file: string): string {
  return path.dirname(file);
}

/** Resolve an import source seen in `fromFile`. */
export function resolveSource(fs: FileSystem, fromFile: string, source: ImportSource, roots: string[]): ModuleLoc | undefined {
  if (source.level === 0) return findModule(fs, source.module, roots);
  let base = packageDir(fromFile);
  for (let i = 1; i < source.level; i++) base = path.dirname(base);
  const parts = source.module.split('.').filter(Boolean);
  const name = '.'.repeat(source.level) + source.module;
  const m = findUnder(fs, base, parts, name);
  if (m) return m;
  const p = path.join(base, ...parts);
  return isDir(fs, p) ? { name, dir: p } : undefined;
}

/** A submodule of a package (`pkg.sub`), when the package has a folder. */
export function findSubmodule(fs: FileSystem, pkg: ModuleLoc, name: string): ModuleLoc | undefined {
  if (!pkg.dir) return undefined;
  return (
    findUnder(fs, pkg.dir, [name], `${pkg.name}.${name}`) ??
    (isDir(fs, path.join(pkg.dir, name)) ? { name: `${pkg.name}.${name}`, dir: path.join(pkg.dir, name) } : undefined)
  );
}

export function sourceText(source: ImportSource): string {
  return '.'.repeat(source.level) + source.module;
}
