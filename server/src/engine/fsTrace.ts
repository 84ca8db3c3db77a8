// What a computation asked the file system, and what it was answered: so that its result can be
// reused in a later run exactly when every one of those questions gets the same answer again
// (engine/analysis/checkCache.ts). CachedFileSystem reports every question to its tracer.
//
// A trace maps `<op><path>` to a digest of the answer the computation was given:
//   r  the file's text (readFile, and stamp: a cache keyed by the stamp holds something made from
//      the text), as a SHA-1 of that exact text, or `-` when missing
//   s  stat (file or folder, size; never the mtime, which the analysis does not read)
//   d  a folder's listing (names and kinds, in the order given)
//   k  file, folder or nothing (kind)
//   p  realpath
// A trace that holds TAINT cannot be reused: something it used was not recorded (a result made
// before tracing, a parse cut off by its time budget, a change in the middle of it).
import { createHash } from 'node:crypto';
import type { DirEntry, FileStat } from './fs';

export type Trace = Map<string, string>;

export const TAINT = '!';
/** A stamp asked before its text was read in this trace: resolved when the trace ends. */
const PENDING = '?';
/** Two reads of a path in one generation gave different texts. */
const UNSTABLE = '~';

export function textDigest(text: string | undefined): string {
  return text === undefined ? '-' : createHash('sha1').update(text).digest('base64');
}

export function statDigest(s: FileStat | undefined): string {
  return s ? `${s.isFile ? 'f' : s.isDirectory ? 'd' : 'o'}${s.size}` : '-';
}

export function dirDigest(entries: DirEntry[]): string {
  const h = createHash('sha1');
  for (const e of entries) h.update(`${e.name}\0${e.isFile ? 'f' : ''}${e.isDirectory ? 'd' : ''}${e.isSymbolicLink ? 'l' : ''}\n`);
  return h.digest('base64');
}

export function isTainted(t: Trace): boolean {
  return t.has(TAINT);
}

export class FsTracer {
  private readonly stack: Array<{ trace: Trace; generation: number }> = [];
  /** Digest of the text read of each path since it was last forgotten. */
  private readonly texts = new Map<string, string>();
  /** Bumped whenever something is forgotten: a trace that saw it happen is tainted. */
  private generation = 0;
  /**
   * Keep the digest of every text read, also outside a trace: a trace that later only asks a
   * path's stamp (its parsed facts were cached before) is then told which text they came from.
   */
  recordReads = false;

  get active(): boolean {
    return this.stack.length > 0;
  }

  begin(): void {
    this.stack.push({ trace: new Map(), generation: this.generation });
  }

  /** The innermost trace, finished; what it holds is added to the one around it. */
  end(): Trace {
    const top = this.stack.pop();
    if (!top) return new Map([[TAINT, 'no trace was begun']]);
    const t = top.trace;
    if (top.generation !== this.generation) t.set(TAINT, 'files changed while it ran');
    for (const [k, v] of t) {
      if (v !== PENDING) continue;
      const d = this.texts.get(k.slice(1));
      t.set(k, d === undefined || d === UNSTABLE ? PENDING : d);
      if (d === undefined || d === UNSTABLE) t.set(TAINT, `the text of ${k.slice(1)} is not known`);
    }
    this.add(t);
    return t;
  }

  /** Add a finished trace (what a reused result depended on) to the current one; none: taint it. */
  add(t: Trace | undefined): void {
    if (!this.stack.length) return;
    if (!t) return this.taint('a result made without a trace was used');
    for (const [k, v] of t) this.note(k, v);
  }

  /** The result being made depends on more than the files (a time budget ran out). */
  taint(why: string): void {
    const top = this.stack.at(-1);
    if (top) top.trace.set(TAINT, why);
  }

  note(key: string, digest: string): void {
    const top = this.stack.at(-1);
    if (!top) return;
    const had = top.trace.get(key);
    if (had === undefined || had === PENDING) top.trace.set(key, digest);
    else if (had !== digest && digest !== PENDING) top.trace.set(TAINT, `two answers for ${key}`);
  }

  read(path: string, text: string | undefined): void {
    if (!this.recordReads && !this.stack.length) return;
    const d = textDigest(text);
    const had = this.texts.get(path);
    if (had === undefined) this.texts.set(path, d);
    else if (had !== d) this.texts.set(path, UNSTABLE);
    if (this.stack.length) this.note('r' + path, this.texts.get(path) === UNSTABLE ? UNSTABLE : d);
    if (this.texts.get(path) === UNSTABLE) this.taint(`${path} changed between two reads`);
  }

  /** The digest of the text last read of a path (kept while recordReads is on or a trace runs). */
  known(path: string): string | undefined {
    return this.texts.get(path);
  }

  stamp(path: string): void {
    if (!this.stack.length) return;
    const d = this.texts.get(path);
    if (d === UNSTABLE) this.taint(`${path} changed between two reads`);
    else this.note('r' + path, d ?? PENDING);
  }

  forget(path?: string): void {
    this.generation++;
    if (path === undefined) this.texts.clear();
    else this.texts.delete(path);
  }

  forgetUnder(prefix: string): void {
    this.generation++;
    for (const k of [...this.texts.keys()]) if (k.startsWith(prefix)) this.texts.delete(k);
  }
}
