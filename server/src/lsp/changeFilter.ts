// Which changed paths concern a folder's analysis, so that edits of unrelated files (a README, a
// file under an excluded glob or a skipped folder such as node_modules) cause no pass at all.
import * as path from 'node:path';
import { isSkippedDirName } from '../engine';
import type { FolderIndex } from './folders';
import { isUnder } from './uri';

const knownCache = new WeakMap<object, Set<string>>();

/** Files the folder's latest analysis read or reported on. */
function knownFiles(folder: FolderIndex): Set<string> {
  const r = folder.result;
  if (!r) return new Set(folder.published.keys());
  let s = knownCache.get(r);
  if (!s) {
    s = new Set(r.files);
    for (const d of r.diagnostics) s.add(d.file);
    knownCache.set(r, s);
  }
  return s;
}

/** Is the file under a folder the workspace walk skips (user exclude globs, node_modules, build, ...)? */
export function isExcluded(folder: FolderIndex, file: string): boolean {
  const rel = path.relative(folder.root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  for (let i = 0; i < parts.length - 1; i++) {
    if (isSkippedDirName(parts[i]) || folder.excludes(parts.slice(0, i + 1).join('/'))) return true;
  }
  return folder.excludes(parts.join('/'));
}

/**
 * The paths among `files` (changed, created or `deleted`) whose change the folder must re-analyse:
 * files inside the folder that its last analysis used or reported on, and relevant files (by name)
 * outside excluded folders. A deleted folder stands for the known files under it.
 */
export function filesToInvalidate(folder: FolderIndex, files: readonly string[], deleted: ReadonlySet<string> = new Set()): string[] {
  const ws = folder.ws;
  if (!ws) return [];
  const out: string[] = [];
  let known: Set<string> | undefined;
  for (const file of files) {
    if (!folder.contains(file)) continue;
    // A folder (deleted, created or moved as a whole): deleted, it stands for the known files under
    // it; new (nothing known under it), it may hold a package to discover.
    const isDir = !deleted.has(file) && folder.ws?.fs.stat(file)?.isDirectory === true;
    if (isDir || deleted.has(file)) {
      known ??= knownFiles(folder);
      const under = [...known, ...folder.published.keys()].filter((k) => k !== file && isUnder(k, file));
      if (under.length) {
        if (deleted.has(file)) out.push(file, ...new Set(under));
        continue;
      }
      if (isDir) {
        if (!isExcluded(folder, file)) out.push(file);
        continue;
      }
    }
    let relevant = false;
    try {
      relevant = ws.isRelevant(file);
    } catch {
      relevant = false;
    }
    if (relevant && !isExcluded(folder, file)) {
      out.push(file);
      continue;
    }
    known ??= knownFiles(folder);
    if (known.has(file) || folder.published.has(file)) {
      out.push(file);
      continue;
    }
  }
  return out;
}
