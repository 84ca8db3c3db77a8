// Import roots of a pyproject: the folders from which `import pkg` resolves for that project.
import * as path from 'node:path';
import type { FileSystem } from '../fs';

type Data = Record<string, unknown>;

function obj(v: unknown): Data | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : undefined;
}
function get(data: Data | undefined, ...keys: string[]): unknown {
  let cur: unknown = data;
  for (const k of keys) cur = obj(cur)?.[k];
  return cur;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** Roots declared in `[tool.*]` tables (setuptools, hatch, poetry), relative to the project folder. */
export function declaredImportRoots(data: Data | undefined): string[] {
  const roots: string[] = [];
  const packageDir = obj(get(data, 'tool', 'setuptools', 'package-dir'));
  for (const [pkg, dir] of Object.entries(packageDir ?? {})) {
    if (typeof dir !== 'string') continue;
    if (pkg === '') roots.push(dir);
    else {
      // `{"foo" = "lib/foo"}` maps one package: its parent folder is the root when the names agree.
      const last = pkg.split('.').pop() ?? pkg;
      const norm = dir.replace(/\\/g, '/').replace(/\/+$/, '');
      if (path.posix.basename(norm) === last) roots.push(path.posix.dirname(norm));
    }
  }
  roots.push(...strings(get(data, 'tool', 'setuptools', 'packages', 'find', 'where')));
  for (const p of strings(get(data, 'tool', 'hatch', 'build', 'targets', 'wheel', 'packages'))) {
    roots.push(path.posix.dirname(p.replace(/\\/g, '/').replace(/\/+$/, '')));
  }
  const poetry = get(data, 'tool', 'poetry', 'packages');
  if (Array.isArray(poetry)) {
    for (const entry of poetry) {
      const e = obj(entry);
      if (!e || typeof e.include !== 'string') continue;
      roots.push(typeof e.from === 'string' && e.from.trim() ? e.from : '.');
    }
  }
  return roots;
}

/** `<dir>/src` when it is a folder, the declared roots, then `<dir>`; absolute, without duplicates. */
export function importRootsFor(fs: FileSystem, dir: string, data: Data | undefined): string[] {
  const out: string[] = [];
  const add = (p: string): void => {
    if (!out.includes(p)) out.push(p);
  };
  const src = path.join(dir, 'src');
  if (fs.stat(src)?.isDirectory) add(src);
  for (const r of declaredImportRoots(data)) add(path.resolve(dir, r));
  add(dir);
  return out;
}
