// The workspace walk: breadth-first over a root through the FileSystem, finding pyproject.toml
// files, candidate manifests, floe_core packages and the dist-info folders of virtualenvs.
// Hostile trees are bounded: symlink loops (realpath; a real folder is visited once), links
// out of the root (not followed, except virtualenv site-packages), depth and entry limits
// (one `file-skipped` warning on the root says what was cut), oversized declaration files.
import * as path from 'node:path';
import type { DirEntry, FileSystem } from '../fs';
import type { Diagnostic } from '../model';
import { ZERO_RANGE } from '../text/lineIndex';
import type { WalkOptions, WalkResult } from './types';
import { DEFAULT_MAX_DECL_SIZE, formatSize } from './names';
import { VENV_NAMES, globMatcher, isManifestName, isSkippedDirName } from './walkFilters';
import { scanSitePackages, venvSitePackages, type SitePackagesFindings } from './sitePackages';

export const DEFAULT_MAX_DEPTH = 20;
export const DEFAULT_MAX_ENTRIES = 200_000;
/** At most this many symlink-loop notes per walk (a hostile tree could hold thousands). */
const MAX_LOOP_NOTES = 20;

interface QueueItem {
  dir: string;
  rel: string;
  real: string;
  depth: number;
  /** Reached through a link out of the root: only read if it is a virtualenv. */
  outside?: boolean;
  /** Reached through a symbolic link (such paths lose to real ones for the same file). */
  viaLink?: boolean;
}

function byName(a: DirEntry, b: DirEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isWithin(real: string, ancestor: string): boolean {
  if (real === ancestor) return true;
  const prefix = ancestor.endsWith(path.sep) ? ancestor : ancestor + path.sep;
  return real.startsWith(prefix);
}

export function walkWorkspace(fs: FileSystem, root: string, opts: WalkOptions = {}): WalkResult {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_DECL_SIZE;
  const excluded = globMatcher(opts.exclude);
  const manifestGlob = globMatcher(opts.manifestGlobs);

  // Found files by real path: the same file reached through a link is listed once, by its real path.
  const pyprojects = new Map<string, { path: string; viaLink: boolean }>();
  const manifests = new Map<string, { path: string; viaLink: boolean }>();
  const note = (map: typeof pyprojects, real: string, p: string, viaLink: boolean): void => {
    const had = map.get(real);
    if (!had || (had.viaLink && !viaLink)) map.set(real, { path: p, viaLink });
  };
  const floeCore = new Set<string>();
  const skipped: string[] = [];
  const skippedReal = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const sp: SitePackagesFindings = { distInfos: [], floeCoreDirs: [], seen: new Set(), entries: 0 };
  let visitedDirs = 0;
  let visitedFiles = 0;
  let entries = 0;
  let entryLimitHit = false;
  let deepCut = 0;
  let firstDeep = '';
  let loopNotes = 0;

  const realRoot = fs.realpath(root);
  const info = (file: string, message: string): void => {
    diagnostics.push({ file, range: ZERO_RANGE, severity: 'information', code: 'file-skipped', message });
  };

  const visited = new Set<string>();
  const queue: QueueItem[] = [];
  // Folders behind links wait until the real tree is walked, so real paths win.
  let deferred: QueueItem[] = [];
  if (realRoot && fs.stat(root)?.isDirectory) queue.push({ dir: root, rel: '', real: realRoot, depth: 0 });

  for (let qi = 0; !entryLimitHit; qi++) {
    if (qi === queue.length) {
      if (!deferred.length) break;
      for (const d of deferred) queue.push(d);
      deferred = [];
    }
    const item = queue[qi];
    queue[qi] = undefined as unknown as QueueItem; // let the visited part of the queue be collected
    if (visited.has(item.real)) continue;
    visited.add(item.real);
    visitedDirs++;
    const list = fs.readDir(item.dir).sort(byName);
    const name = path.basename(item.dir);
    const hasCfg = list.some((e) => e.name === 'pyvenv.cfg' && !e.isDirectory);
    // `env`/`venv` holding `__init__.py` is a source package of that name, not a virtualenv.
    const isVenv = hasCfg || (VENV_NAMES.has(name) && !list.some((e) => e.name === '__init__.py'));
    if (item.depth > 0 && isVenv) {
      for (const dir of venvSitePackages(fs, item.dir)) scanSitePackages(fs, dir, sp);
      continue;
    }
    if (item.outside) continue; // a link out of the workspace is followed only into a virtualenv
    if (name === 'floe_core' && list.some((e) => e.name === '__init__.py' || e.name === 'plugin_types.py')) floeCore.add(item.dir);

    for (const e of list) {
      if (entries >= maxEntries) {
        entryLimitHit = true;
        break;
      }
      entries++;
      const p = path.join(item.dir, e.name);
      const rel = item.rel ? `${item.rel}/${e.name}` : e.name;
      let isDir = e.isDirectory;
      let isFile = e.isFile;
      let real = path.join(item.real, e.name);
      let outside = false;
      if (e.isSymbolicLink) {
        const st = fs.stat(p);
        const target = fs.realpath(p);
        if (!st || !target) continue; // broken link
        isDir = st.isDirectory;
        isFile = st.isFile;
        real = target;
        if (isDir && isWithin(item.real, target)) {
          if (loopNotes++ < MAX_LOOP_NOTES) {
            const to = path.relative(realRoot!, target).split(path.sep).join('/') || '.';
            info(p, `Symbolic link '${rel}' points back to '${to}' (a loop): not followed.`);
          }
          continue;
        }
        if (!isWithin(target, realRoot!)) {
          // Out of the workspace: only a virtualenv is followed (for its site-packages).
          if (!isDir || !(VENV_NAMES.has(e.name) || fs.stat(path.join(p, 'pyvenv.cfg'))?.isFile)) continue;
          outside = true;
        }
      }
      if (isDir) {
        if (isSkippedDirName(e.name) || excluded(rel)) continue;
        if (item.depth + 1 > maxDepth) {
          if (!deepCut++) firstDeep = rel;
          continue;
        }
        const viaLink = item.viaLink === true || e.isSymbolicLink;
        const next: QueueItem = { dir: p, rel, real, depth: item.depth + 1, ...(outside ? { outside } : {}), ...(viaLink ? { viaLink } : {}) };
        if (e.isSymbolicLink) deferred.push(next);
        else queue.push(next);
      } else if (isFile) {
        visitedFiles++;
        if (excluded(rel)) continue;
        const viaLink = item.viaLink === true || e.isSymbolicLink;
        if (e.name === 'pyproject.toml') {
          if (pyprojects.has(real)) {
            note(pyprojects, real, p, viaLink);
            continue;
          }
          if (skippedReal.has(real)) continue;
          const size = fs.stat(p)?.size ?? 0;
          if (size > maxFileSize) {
            skippedReal.add(real);
            skipped.push(p);
            info(p, `${rel} is ${formatSize(size)}, larger than the ${formatSize(maxFileSize)} limit: not read.`);
          } else note(pyprojects, real, p, viaLink);
        } else if (isManifestName(e.name) || manifestGlob(rel)) {
          note(manifests, real, p, viaLink);
        }
      }
    }
  }

  // floe_core packages of virtualenvs met during the walk; those of the given folders come first.
  const venvCores = sp.floeCoreDirs.splice(0);
  for (const extra of opts.sitePackages ?? []) {
    const dir = path.resolve(root, extra);
    if (fs.stat(dir)?.isDirectory) scanSitePackages(fs, dir, sp);
  }
  const installedCores = [...sp.floeCoreDirs, ...venvCores];

  if (entryLimitHit || deepCut) {
    const parts: string[] = [];
    if (entryLimitHit) parts.push(`stopped after ${maxEntries} files and folders; the rest of the workspace was not searched`);
    if (deepCut)
      parts.push(
        `${deepCut} folder${deepCut === 1 ? '' : 's'} deeper than ${maxDepth} levels ${deepCut === 1 ? 'was' : 'were'} not searched (first: '${firstDeep}')`,
      );
    diagnostics.unshift({
      file: root,
      range: ZERO_RANGE,
      severity: 'warning',
      code: 'file-skipped',
      message: `Workspace discovery was cut short: ${parts.join('; ')}. Exclude large folders with the floePlugins.exclude setting.`,
    });
  }

  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const sourceCores = [...floeCore].sort(cmp);
  return {
    pyprojects: [...pyprojects.values()].map((f) => f.path).sort(cmp),
    distInfos: sp.distInfos.sort((a, b) => cmp(a.dir, b.dir)),
    manifestCandidates: [...manifests.values()].map((f) => f.path).sort(cmp),
    floeCoreDirs: [...sourceCores, ...installedCores.filter((d) => !floeCore.has(d))],
    installedFloeCoreDirs: installedCores,
    diagnostics,
    visitedDirs,
    visitedFiles,
    skipped: skipped.sort(cmp),
  };
}
