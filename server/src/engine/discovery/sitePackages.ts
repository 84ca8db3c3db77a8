// Virtualenvs and site-packages: not walked as source; only their `*.dist-info` folders and
// a `floe_core` package are recorded. Links out of the workspace are allowed here.
import * as path from 'node:path';
import type { FileSystem } from '../fs';

export interface SitePackagesFindings {
  distInfos: Array<{ dir: string; sitePackages: string }>;
  floeCoreDirs: string[];
  /** Real paths of the site-packages already read (each is read once). */
  seen: Set<string>;
  entries: number;
}

function isDir(fs: FileSystem, p: string): boolean {
  return fs.stat(p)?.isDirectory === true;
}

/** The site-packages folders of a virtualenv: `lib/python*\/site-packages`, `lib64/...`, `Lib/site-packages`. */
export function venvSitePackages(fs: FileSystem, venv: string): string[] {
  const out: string[] = [];
  for (const lib of ['lib', 'lib64']) {
    const libDir = path.join(venv, lib);
    const names = fs
      .readDir(libDir)
      .map((e) => e.name)
      .filter((n) => n.startsWith('python') || n.startsWith('pypy'))
      .sort();
    for (const n of names) {
      const sp = path.join(libDir, n, 'site-packages');
      if (isDir(fs, sp)) out.push(sp);
    }
  }
  const win = path.join(venv, 'Lib', 'site-packages');
  if (isDir(fs, win)) out.push(win);
  return out;
}

/** Records the dist-info folders and floe_core package of one site-packages folder (once per real folder). */
export function scanSitePackages(fs: FileSystem, sp: string, found: SitePackagesFindings): void {
  const real = fs.realpath(sp);
  if (!real || found.seen.has(real)) return;
  found.seen.add(real);
  for (const e of fs.readDir(sp)) {
    found.entries++;
    const p = path.join(sp, e.name);
    const dir = e.isDirectory || (e.isSymbolicLink && isDir(fs, p));
    if (!dir) continue;
    if (e.name.endsWith('.dist-info')) found.distInfos.push({ dir: p, sitePackages: sp });
    else if (e.name === 'floe_core') found.floeCoreDirs.push(p);
  }
}
