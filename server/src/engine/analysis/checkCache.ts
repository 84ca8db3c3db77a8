// Package checks kept on disk between runs, reused only where they are provably what a new check
// would make. A package's checks (checkPackagesTraced) are a function of
//   - the engine's code, the folder, the engine options and the floe-core read (the file's key),
//   - and the answers the file system gave to the questions the checks asked (their trace:
//     texts as SHA-1 digests, stats, folder listings, kinds, real paths; engine/fsTrace.ts).
// Nothing else goes in: no clock (a parse cut off by its time budget taints the trace and the
// result is not kept), no randomness, no state from before the trace (a result used from before
// taints it, unless its own trace is known and added). So when every question of an entry's trace
// gets the same answer now, the check would ask the same questions in the same order and make the
// same result; the entry is taken as if made now. Otherwise the package is checked afresh.
// mypy's incremental cache and ruff's cache work the same way (content hashes, keyed by version
// and settings). The file lives in the user's cache folder, never in the workspace.
// The command line also keeps what a whole run printed, with the trace of the whole run (the walk,
// floe-core, every package, every manifest): when that trace still holds, the same command prints
// the same lines without analysing anything.
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { CachedFileSystem } from '../fs';
import { dirDigest, statDigest, textDigest, type Trace } from '../fsTrace';
import type { EngineOptions } from '../model';
import type { PackageChecks } from './floeWorkspace';
import type { FloeCoreFound } from './platform';

/** Bumped when the file's layout changes. */
const FORMAT = 1;
/** Cache files not written for this long are removed when another is written. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface Entry {
  /** The trace, flat: key, digest, key, digest ... */
  deps: string[];
  /** The checks (v8.serialize of PackageChecks), read only when the entry is taken. */
  data: Uint8Array;
  /** Their platformKey was left out: it is the file's (the same for every check under one key). */
  sharedKey?: boolean;
}

/** What a whole command-line run printed, by command and output options, and its trace. */
interface RunEntry {
  deps: string[];
  outputs: Map<string, RunOutput>;
}

export interface RunOutput {
  lines: string[];
  code: number;
}

interface Stored {
  format: number;
  /** The engine, Node.js, folder, options and PATH the file is for. */
  base: string;
  /** With the floe-core read: what the package entries are for. */
  key?: string;
  entries: Map<string, Entry>;
  platformKey?: string;
  run?: RunEntry;
}

/** `$XDG_CACHE_HOME/floe-plugin-tools`, else `~/.cache/floe-plugin-tools`. */
export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'floe-plugin-tools');
}

let engineIdMemo: string | undefined;
/** The engine's code, as a digest of the bundle this runs from ('' when it cannot be read: no cache). */
export function engineId(): string {
  if (engineIdMemo === undefined) {
    try {
      engineIdMemo = createHash('sha1').update(nodeFs.readFileSync(__filename)).digest('base64');
    } catch {
      engineIdMemo = '';
    }
  }
  return engineIdMemo;
}

/** JSON with object keys sorted (the same options in another order are the same options). */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

function sha1(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export interface CacheStats {
  /** Packages whose kept checks were taken. */
  hits: number;
  /** Packages with no entry, or one whose trace no longer holds. */
  misses: number;
  /** Entries written for packages checked now. */
  stored: number;
}

export class CheckCache {
  private readonly next = new Map<string, Entry>();
  private dirty = false;
  readonly stats: CacheStats = { hits: 0, misses: 0, stored: 0 };
  /** Current answers, by trace key, for this run (a file shared by many packages is read once). */
  private readonly answers = new Map<string, string>();
  /** The package entries' key, once the platform is known (usePlatform). */
  private key: string | undefined;
  private old: Map<string, Entry>;
  private platformKey: string | undefined;
  private run: RunEntry | undefined;

  private constructor(
    readonly file: string,
    private readonly base: string,
    private readonly stored: Stored | undefined,
  ) {
    this.old = stored?.entries ?? new Map();
    this.platformKey = stored?.platformKey;
    this.run = stored?.run;
  }

  /**
   * The kept checks of a folder under `dir`, for this engine, Node.js, locale (the order of sorted
   * results), options and PATH (which decides the interpreter a bare `python` names); undefined
   * when the engine's code cannot be identified. A missing, unreadable or foreign file is an
   * empty cache.
   */
  static load(dir: string, root: string, options: EngineOptions): CheckCache | undefined {
    const engine = engineId();
    if (!engine) return undefined;
    const opts = stableJson(options);
    const file = path.join(dir, `${sha1(root, opts).slice(0, 24)}.bin`);
    const locale = new Intl.Collator().resolvedOptions().locale;
    const base = sha1(String(FORMAT), engine, process.version, locale, root, opts, process.env.PATH ?? '');
    let stored: Stored | undefined;
    try {
      const s = v8.deserialize(nodeFs.readFileSync(file)) as Stored;
      if (s && s.format === FORMAT && s.base === base && s.entries instanceof Map) stored = s;
    } catch {
      /* none yet, or unreadable: start empty */
    }
    return new CheckCache(file, base, stored);
  }

  /** The platform the packages are checked against (the floe-core read): entries kept for another are dropped. */
  usePlatform(floeCore: FloeCoreFound | undefined): void {
    const key = sha1(this.base, v8.serialize(floeCore ?? null));
    if (this.key === key) return;
    this.key = key;
    if (this.stored?.key !== key) {
      this.old = new Map();
      this.platformKey = undefined;
    }
  }

  /** What a whole run printed for `output` (command and output options), when its trace holds now. */
  runOutput(output: string, fs: CachedFileSystem): RunOutput | undefined {
    const out = this.run?.outputs.get(output);
    if (!out || !Array.isArray(this.run?.deps) || !this.holds(this.run.deps, fs)) return undefined;
    return out;
  }

  /** Keep what a whole run traced printed (a run with the same trace keeps its other outputs). */
  putRun(trace: Trace, output: string, out: RunOutput): void {
    const deps = flat(trace);
    const same = this.run && this.run.deps.length === deps.length && this.run.deps.every((d, i) => d === deps[i]);
    if (!same) this.run = { deps, outputs: new Map() };
    this.run!.outputs.set(output, out);
    this.dirty = true;
  }

  /** The kept checks of this pyproject.toml and their trace, when every answer in it is the same now. */
  take(file: string, fs: CachedFileSystem): { data: PackageChecks; trace: Trace } | undefined {
    if (this.key === undefined) throw new Error('usePlatform() first');
    const e = this.old.get(file);
    if (e && Array.isArray(e.deps) && this.holds(e.deps, fs)) {
      try {
        const data = v8.deserialize(e.data) as PackageChecks;
        if (e.sharedKey) {
          if (this.platformKey === undefined) throw new Error('no platform key');
          for (const c of data.checks) c.platformKey = this.platformKey;
        }
        const trace: Trace = new Map();
        for (let i = 0; i < e.deps.length; i += 2) trace.set(e.deps[i], e.deps[i + 1]);
        this.next.set(file, e);
        this.stats.hits++;
        return { data, trace };
      } catch {
        /* a damaged entry: check afresh */
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** Keep checks made now under a trace (serialized at once: later changes to the objects do not count). */
  put(file: string, trace: Trace, data: PackageChecks): void {
    const deps = flat(trace);
    // The platform key (long, and the same for every package) is kept once for the file.
    const pk = data.checks[0]?.platformKey;
    this.platformKey ??= pk;
    const shared = pk !== undefined && pk === this.platformKey && data.checks.every((c) => c.platformKey === pk);
    const stored = shared ? { ...data, checks: data.checks.map((c) => ({ ...c, platformKey: '' })) } : data;
    this.next.set(file, { deps, data: v8.serialize(stored), sharedKey: shared });
    this.dirty = true;
    this.stats.stored++;
  }

  /** Write the entries of this run (taken or made; others are dropped); false when it could not. */
  save(): boolean {
    if (!this.dirty && this.next.size === this.old.size && this.key === this.stored?.key) return true;
    const dir = path.dirname(this.file);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      nodeFs.mkdirSync(dir, { recursive: true });
      const stored: Stored = { format: FORMAT, base: this.base, key: this.key, entries: this.next, platformKey: this.platformKey, run: this.run };
      nodeFs.writeFileSync(tmp, v8.serialize(stored));
      nodeFs.renameSync(tmp, this.file);
    } catch {
      try {
        nodeFs.rmSync(tmp, { force: true });
      } catch {
        /* nothing to remove */
      }
      return false;
    }
    pruneOld(dir, this.file);
    return true;
  }

  private holds(deps: string[], fs: CachedFileSystem): boolean {
    for (let i = 0; i < deps.length; i += 2) {
      const k = deps[i];
      let now = this.answers.get(k);
      if (now === undefined) this.answers.set(k, (now = answer(fs, k)));
      if (now !== deps[i + 1]) return false;
    }
    return true;
  }
}

function flat(trace: Trace): string[] {
  const deps: string[] = [];
  for (const [k, d] of trace) deps.push(k, d);
  return deps;
}

/** The answer the file system gives now to a trace's question, as its digest. */
function answer(fs: CachedFileSystem, key: string): string {
  const p = key.slice(1);
  switch (key[0]) {
    case 'r': {
      const text = fs.readFile(p);
      return (fs.tracer.recordReads && fs.tracer.known(p)) || textDigest(text);
    }
    case 's':
      return statDigest(fs.stat(p));
    case 'd':
      return dirDigest(fs.readDir(p));
    case 'k':
      return fs.kind(p) ?? '-';
    case 'p':
      return fs.realpath(p) ?? '-';
    default:
      return '\0unknown question';
  }
}

function pruneOld(dir: string, keep: string): void {
  try {
    const now = Date.now();
    for (const name of nodeFs.readdirSync(dir)) {
      const f = path.join(dir, name);
      if (f === keep || !/\.bin$|\.tmp$/.test(name)) continue;
      const st = nodeFs.statSync(f);
      if (now - st.mtimeMs > MAX_AGE_MS) nodeFs.rmSync(f, { force: true });
    }
  } catch {
    /* best effort */
  }
}
