// The site-packages folders of a Python interpreter, found without running it: a virtualenv's
// (pyvenv.cfg next to its bin/ or Scripts/ folder, plus the base's when it includes system
// site-packages), else `<prefix>/lib/python3.X/site-packages` next to the real binary.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { venvSitePackages } from './sitePackages';

export interface InterpreterSitePackages {
  /** The interpreter as found (a PATH lookup resolves a bare command). */
  interpreter?: string;
  dirs: string[];
  /** Why none was found, in words for a message. */
  problem?: string;
}

function isFile(fs: FileSystem, p: string): boolean {
  return fs.stat(p)?.isFile === true;
}
function isDir(fs: FileSystem, p: string): boolean {
  return fs.stat(p)?.isDirectory === true;
}

/** A bare command (`python3`) looked up on PATH; a path is taken as it is. */
export function findOnPath(fs: FileSystem, command: string, pathEnv: string | undefined): string | undefined {
  if (command.includes('/') || command.includes('\\')) return command;
  for (const dir of (pathEnv ?? '').split(path.delimiter).filter(Boolean)) {
    const p = path.join(dir, command);
    if (isFile(fs, p)) return p;
  }
  return undefined;
}

/** `key = value` lines of pyvenv.cfg. */
function readCfg(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return out;
}

/** `<prefix>/lib/python3.X/site-packages` (and dist-packages), the binary's own version first. */
function prefixSitePackages(fs: FileSystem, prefix: string, binary: string): string[] {
  const wanted = /^python(\d+\.\d+)/.exec(path.basename(binary))?.[1];
  const out: string[] = [];
  for (const lib of ['lib', 'lib64']) {
    const names = fs
      .readDir(path.join(prefix, lib))
      .map((e) => e.name)
      .filter((n) => /^python\d/.test(n))
      .sort();
    // python3.11 for a python3.11 binary (and Debian's version-less python3), else every version.
    const own = wanted ? names.filter((n) => n === `python${wanted}` || n === `python${wanted.split('.')[0]}`) : [];
    const chosen = own.length ? own : names;
    for (const n of chosen) {
      for (const leaf of ['site-packages', 'dist-packages']) {
        const sp = path.join(prefix, lib, n, leaf);
        if (isDir(fs, sp) && !out.includes(sp)) out.push(sp);
      }
    }
  }
  const win = path.join(prefix, 'Lib', 'site-packages');
  if (isDir(fs, win)) out.push(win);
  return out;
}

/** The folder holding pyvenv.cfg for an interpreter inside a virtualenv (`<venv>/bin/python`). */
function venvOf(fs: FileSystem, binary: string): string | undefined {
  const binDir = path.dirname(binary);
  for (const candidate of [path.dirname(binDir), binDir]) {
    if (isFile(fs, path.join(candidate, 'pyvenv.cfg'))) return candidate;
  }
  return undefined;
}

export function interpreterSitePackages(fs: FileSystem, python: string, pathEnv: string | undefined = process.env.PATH): InterpreterSitePackages {
  const given = findOnPath(fs, python, pathEnv);
  if (!given) return { dirs: [], problem: `'${python}' is not on PATH` };
  if (!fs.stat(given)) return { interpreter: given, dirs: [], problem: `${given} does not exist` };
  // A virtualenv's interpreter is usually a link to the base one: look at the path as given first.
  const real = fs.realpath(given) ?? given;
  const venv = venvOf(fs, given) ?? venvOf(fs, real);
  if (venv) {
    const dirs = venvSitePackages(fs, venv);
    const cfg = readCfg(fs.readFile(path.join(venv, 'pyvenv.cfg')) ?? '');
    const home = cfg.get('home');
    if (cfg.get('include-system-site-packages')?.toLowerCase() === 'true' && home) {
      for (const d of prefixSitePackages(fs, path.dirname(home), real)) if (!dirs.includes(d)) dirs.push(d);
    }
    return dirs.length
      ? { interpreter: given, dirs }
      : { interpreter: given, dirs, problem: `the virtualenv ${venv} has no lib/python3.*/site-packages folder` };
  }
  const prefix = path.dirname(path.dirname(real));
  const dirs = prefixSitePackages(fs, prefix, real);
  // Debian's system Python also reads /usr/local/lib/python3.X/dist-packages.
  if (prefix === '/usr') for (const d of prefixSitePackages(fs, '/usr/local', real)) if (!dirs.includes(d)) dirs.push(d);
  return dirs.length
    ? { interpreter: given, dirs }
    : { interpreter: given, dirs, problem: `no site-packages folder was found next to ${real} (under ${path.join(prefix, 'lib')})` };
}
