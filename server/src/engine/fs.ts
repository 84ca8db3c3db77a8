// File access for the engine. Everything the engine reads goes through a FileSystem, so the
// language server can lay open (unsaved) documents over the disk and tests can use memory.
import * as nodeFs from 'node:fs';
import { dirDigest, FsTracer, statDigest } from './fsTrace';

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}
export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

export interface FileSystem {
  /** File text (UTF-8, invalid bytes replaced), or undefined when missing or unreadable. */
  readFile(path: string): string | undefined;
  stat(path: string): FileStat | undefined;
  /** Entries of a folder; [] when missing or unreadable. */
  readDir(path: string): DirEntry[];
  realpath(path: string): string | undefined;
  /** A token that changes whenever the file's content may have changed (for caches). */
  stamp(path: string): string;
  /** Optional fast answer to "is it a file or a folder?" without a full stat. */
  kind?(path: string): 'file' | 'dir' | undefined;
  /** Open documents: an id of the file's exact current text, unique in the process (for editSince). */
  textId?(path: string): number | undefined;
  /** One span covering every change made since the text `id` was current, when it is known. */
  editSince?(path: string, id: number): TextChange | undefined;
  /** Told that the answer being made depends on more than the files (a parse cut off by its time budget). */
  taint?(why: string): void;
}

/** An edit as one span: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Two edits in a row as one span (`oldLength` and `newLength`: the first's old text, the second's new text). */
export function composeChanges(a: TextChange, b: TextChange, oldLength: number, newLength: number): TextChange {
  const start = Math.min(a.start, b.start);
  // Unchanged tails: the first edit's (measured in the old text) and the second's (in the new one).
  let tail = Math.min(oldLength - a.oldEnd, newLength - b.newEnd);
  tail = Math.max(0, Math.min(tail, oldLength - start, newLength - start));
  return { start, oldEnd: oldLength - tail, newEnd: newLength - tail };
}

/** Ids of overlay texts: one counter for the process, so an id names one text of one file. */
let nextTextId = 1;
/** How many edits an open document remembers for editSince(). */
const EDIT_HISTORY = 64;

export class NodeFileSystem implements FileSystem {
  readFile(path: string): string | undefined {
    try {
      return nodeFs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }
  stat(path: string): FileStat | undefined {
    try {
      const s = nodeFs.statSync(path);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  }
  readDir(path: string): DirEntry[] {
    try {
      return nodeFs.readdirSync(path, { withFileTypes: true }).map((d) => ({
        name: d.name,
        isFile: d.isFile(),
        isDirectory: d.isDirectory(),
        isSymbolicLink: d.isSymbolicLink(),
      }));
    } catch {
      return [];
    }
  }
  realpath(path: string): string | undefined {
    try {
      return nodeFs.realpathSync(path);
    } catch {
      return undefined;
    }
  }
  stamp(path: string): string {
    const s = this.stat(path);
    return s ? `${s.mtimeMs}:${s.size}` : 'missing';
  }
}

/** Open documents over another FileSystem: their text wins over what is on disk. */
interface OverlayDoc {
  text: string;
  version: number;
  id: number;
  /** The edits that led here, oldest first: each from the text `from` (of length `fromLength`). */
  edits: Array<{ from: number; fromLength: number; change: TextChange }>;
}

export class OverlayFileSystem implements FileSystem {
  private readonly docs = new Map<string, OverlayDoc>();
  constructor(private readonly base: FileSystem) {}
  /** The document's new text; `change`, when the client said where it changed (incremental sync). */
  set(path: string, text: string, version: number, change?: TextChange): void {
    if (typeof text !== 'string') return;
    const prev = this.docs.get(path);
    const id = nextTextId++;
    const edits = prev && change ? [...prev.edits.slice(-(EDIT_HISTORY - 1)), { from: prev.id, fromLength: prev.text.length, change }] : [];
    this.docs.set(path, { text, version, id, edits });
  }
  textId(path: string): number | undefined {
    return this.docs.get(path)?.id;
  }
  /** The open documents (path, text). */
  documents(): Array<[string, string]> {
    return [...this.docs].map(([p, d]) => [p, d.text]);
  }
  editSince(path: string, id: number): TextChange | undefined {
    const d = this.docs.get(path);
    if (!d) return undefined;
    if (d.id === id) return { start: 0, oldEnd: 0, newEnd: 0 };
    const i = d.edits.findIndex((e) => e.from === id);
    if (i < 0) return undefined;
    let out = d.edits[i].change;
    const oldLength = d.edits[i].fromLength;
    for (let k = i + 1; k < d.edits.length; k++) {
      const after = k + 1 < d.edits.length ? d.edits[k + 1].fromLength : d.text.length;
      out = composeChanges(out, d.edits[k].change, oldLength, after);
    }
    return out;
  }
  delete(path: string): void {
    this.docs.delete(path);
  }
  has(path: string): boolean {
    return this.docs.has(path);
  }
  readFile(path: string): string | undefined {
    const d = this.docs.get(path);
    return d ? d.text : this.base.readFile(path);
  }
  stat(path: string): FileStat | undefined {
    const d = this.docs.get(path);
    if (d) return { isFile: true, isDirectory: false, size: d.text.length, mtimeMs: 0 };
    return this.base.stat(path);
  }
  readDir(path: string): DirEntry[] {
    return this.base.readDir(path);
  }
  realpath(path: string): string | undefined {
    return this.docs.has(path) ? path : this.base.realpath(path);
  }
  stamp(path: string): string {
    const d = this.docs.get(path);
    return d ? `doc:${d.id}` : this.base.stamp(path);
  }
}

/** An in-memory tree, for tests: `{ 'a/pyproject.toml': '...' }` under a root. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.write(p, t);
  }
  write(path: string, text: string): void {
    this.files.set(path, text);
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
  }
  remove(path: string): void {
    this.files.delete(path);
    this.versions.delete(path);
  }
  readFile(path: string): string | undefined {
    return this.files.get(path);
  }
  private isDir(path: string): boolean {
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
  stat(path: string): FileStat | undefined {
    const t = this.files.get(path);
    if (t !== undefined) return { isFile: true, isDirectory: false, size: t.length, mtimeMs: this.versions.get(path) ?? 0 };
    return this.isDir(path) ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 } : undefined;
  }
  readDir(path: string): DirEntry[] {
    const prefix = path.endsWith('/') ? path : path + '/';
    const seen = new Map<string, DirEntry>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name)) seen.set(name, { name, isFile: slash < 0, isDirectory: slash >= 0, isSymbolicLink: false });
    }
    return [...seen.values()];
  }
  realpath(path: string): string | undefined {
    return this.stat(path) ? path : undefined;
  }
  stamp(path: string): string {
    return `mem:${this.versions.get(path) ?? 'missing'}`;
  }
}

/**
 * Remembers stat, stamp, folder listings and real paths of another FileSystem until told that
 * paths changed (`forget`). The engine is told about every change (the language server's file
 * events and edits, the CLI's single pass), so cached answers are never stale, and a re-analysis
 * after one edit costs no system calls for the files it did not touch. File contents are not kept.
 */
export class CachedFileSystem implements FileSystem {
  private readonly stats = new Map<string, FileStat | undefined>();
  private readonly stamps = new Map<string, string>();
  private readonly dirs = new Map<string, DirEntry[]>();
  private readonly reals = new Map<string, string | undefined>();
  /**
   * Read a folder's listing before the first stat of an entry in it (a workspace that did not
   * walk, as a worker thread's: module resolution's many probes are then answered from listings).
   */
  listFolders = false;
  /** Every question asked and its answer, while a trace is on (engine/fsTrace.ts). */
  readonly tracer = new FsTracer();
  constructor(readonly base: FileSystem) {}

  readFile(path: string): string | undefined {
    const text = this.base.readFile(path);
    this.tracer.read(path, text);
    return text;
  }
  /** The answer being made depends on more than the files (see FsTracer.taint). */
  taint(why: string): void {
    this.tracer.taint(why);
  }
  textId(path: string): number | undefined {
    return this.base.textId?.(path);
  }
  editSince(path: string, id: number): TextChange | undefined {
    return this.base.editSince?.(path, id);
  }
  stat(path: string): FileStat | undefined {
    const s = this.statUntraced(path);
    if (this.tracer.active) this.tracer.note('s' + path, statDigest(s));
    return s;
  }
  private statUntraced(path: string): FileStat | undefined {
    if (this.stats.has(path)) return this.stats.get(path);
    if (this.listFolders) {
      const parent = parentOf(path);
      if (parent !== undefined) this.readDir(parent);
    }
    // A listing already read says whether the entry (or a folder on its way) exists: no system
    // call for the many candidates module resolution probes that are not there.
    if (this.knownAbsent(path)) {
      this.stats.set(path, undefined);
      return undefined;
    }
    const s = this.base.stat(path);
    this.stats.set(path, s);
    return s;
  }
  private readonly nameSets = new Map<string, Map<string, DirEntry>>();
  /** Entries by name of a folder whose listing was already read, else undefined. */
  private names(dir: string): Map<string, DirEntry> | undefined {
    let s = this.nameSets.get(dir);
    if (!s) {
      const d = this.dirs.get(dir);
      if (!d) return undefined;
      this.nameSets.set(dir, (s = new Map(d.map((e) => [e.name, e]))));
    }
    return s;
  }
  readDir(path: string): DirEntry[] {
    let d = this.dirs.get(path);
    if (!d) this.dirs.set(path, (d = this.base.readDir(path)));
    if (this.tracer.active) this.tracer.note('d' + path, dirDigest(d));
    return d;
  }
  realpath(path: string): string | undefined {
    let r: string | undefined;
    if (this.reals.has(path)) r = this.reals.get(path);
    else this.reals.set(path, (r = this.base.realpath(path)));
    if (this.tracer.active) this.tracer.note('p' + path, r ?? '-');
    return r;
  }
  /**
   * A generation token instead of the file's mtime: it changes exactly when the file is forgotten
   * (invalidated), so caches keyed by it stay correct and cost no system call.
   */
  stamp(path: string): string {
    this.tracer.stamp(path);
    let s = this.stamps.get(path);
    if (s === undefined) this.stamps.set(path, (s = `${this.epoch}:${this.gens.get(path) ?? 0}`));
    return s;
  }
  private epoch = 0;
  private readonly gens = new Map<string, number>();
  private bump(path: string): void {
    this.gens.set(path, (this.gens.get(path) ?? 0) + 1);
  }

  /** Does a cached listing of the path's parent, or of a folder above it, show it cannot exist? */
  private knownAbsent(path: string): boolean {
    let child = path;
    for (let dir = parentOf(path); dir !== undefined; child = dir, dir = parentOf(dir)) {
      const listing = this.names(dir);
      if (!listing) continue;
      const e = listing.get(child.slice(dir.length + 1));
      // Present: absent only if a folder between is a file (rare: ask the system).
      return !e || (child !== path && !e.isDirectory && !e.isSymbolicLink);
    }
    return false;
  }

  /** File or folder, from the parent's cached listing when there is one (no system call). */
  kind(path: string): 'file' | 'dir' | undefined {
    const k = this.kindUntraced(path);
    if (this.tracer.active) this.tracer.note('k' + path, k ?? '-');
    return k;
  }
  private kindUntraced(path: string): 'file' | 'dir' | undefined {
    const parent = parentOf(path);
    const listing = parent !== undefined ? this.names(parent) : undefined;
    if (listing) {
      const e = listing.get(path.slice(parent!.length + 1));
      if (!e) return undefined;
      if (!e.isSymbolicLink) return e.isFile ? 'file' : e.isDirectory ? 'dir' : undefined;
    }
    const s = this.statUntraced(path);
    return s?.isFile ? 'file' : s?.isDirectory ? 'dir' : undefined;
  }

  /** These paths changed (content, creation or deletion): forget them and their folders' listings. */
  forget(paths: Iterable<string>): void {
    for (const p of paths) {
      this.tracer.forget(p);
      this.bump(p);
      this.stats.delete(p);
      this.stamps.delete(p);
      this.reals.delete(p);
      this.dirs.delete(p);
      this.nameSets.delete(p);
      for (let d = parentOf(p); d; d = parentOf(d)) {
        this.dirs.delete(d);
        this.nameSets.delete(d);
        this.stats.delete(d);
        this.reals.delete(d);
      }
    }
  }
  /** Forget everything under a folder (it was deleted, created or renamed as a whole). */
  forgetUnder(dir: string): void {
    const prefix = dir + '/';
    this.tracer.forgetUnder(prefix);
    for (const k of this.stamps.keys()) if (k.startsWith(prefix)) this.bump(k);
    for (const m of [this.stats, this.stamps, this.dirs, this.nameSets, this.reals] as Array<Map<string, unknown>>) {
      for (const k of [...m.keys()]) if (k.startsWith(prefix)) m.delete(k);
    }
  }
  forgetAll(): void {
    this.tracer.forget();
    this.epoch++;
    this.stats.clear();
    this.stamps.clear();
    this.dirs.clear();
    this.nameSets.clear();
    this.reals.clear();
  }
}

function parentOf(p: string): string | undefined {
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : undefined;
}
