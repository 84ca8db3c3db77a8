// Verification against the platform in the editor: floe/verifyPlatform (trusted folders only;
// progress, cancellable) runs floe-core in the folder's interpreter through the engine, publishes
// the `platform-disagrees` / `not-loadable` diagnostics next to the analysis's own, and keeps one
// mark per plugin (verified, disagrees, ...) for the tree, the hover card and the CodeLens until a
// relevant file of the plugin changes (its declaration, its class and config model, the modules of
// its package).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { CancellationToken, CodeLens } from 'vscode-languageserver/node';
import type { FolderPlugins, VerifyFolderResult, VerifyMarkDto, VerifyPlatformParams, VerifyPlatformResult } from '../../../../shared/protocol';
import {
  interpreterFor,
  staticSchemas,
  verifyPlatform,
  type Diagnostic,
  type FileSystem,
  type PluginInfo,
  type PluginVerdict,
  type Range,
  type VerifyReport,
} from '../../engine';
import type { ServerCore } from '../core';
import { groupByFile, type DiagnosticsByFile } from '../diagnostics';
import type { FolderIndex } from '../folders';
import { longRequest } from './longRequest';

export const VERIFY_COMMAND = 'floe.verifyPlatform';
/** The publisher key of a folder's verification diagnostics (cleared with the folder's own). */
const KEY_SUFFIX = '#verify';
const MAX_PACKAGE_FILES = 2000;

interface PluginRecord {
  mark: VerifyMarkDto;
  /** Relevant files and a hash of their text when the verification ran. */
  files: Map<string, string>;
  /** The plugin's package folders: a module added there is a change too. */
  dirs: string[];
  diagnostics: Diagnostic[];
}

interface FolderState {
  records: Map<string, PluginRecord>;
  published: DiagnosticsByFile;
}

const states = new WeakMap<FolderIndex, FolderState>();

function stateOf(folder: FolderIndex): FolderState {
  let s = states.get(folder);
  if (!s) states.set(folder, (s = { records: new Map(), published: new Map() }));
  return s;
}

/** A plugin's last verification, while it is current. */
export function verifyMark(folder: FolderIndex, pluginId: string): VerifyMarkDto | undefined {
  return states.get(folder)?.records.get(pluginId)?.mark;
}

/** floe/listPlugins with each plugin's verification mark (summaries are copied, never changed). */
export function withVerifyMarks(folder: FolderIndex, fp: FolderPlugins): FolderPlugins {
  const records = states.get(folder)?.records;
  if (!records?.size) return fp;
  return {
    ...fp,
    types: fp.types.map((t) => ({
      ...t,
      plugins: t.plugins.map((p) => {
        const mark = records.get(p.id)?.mark;
        return mark ? { ...p, verify: mark } : p;
      }),
    })),
  };
}

function hash(text: string | undefined): string {
  return text === undefined ? '' : createHash('sha1').update(text).digest('hex');
}

function isUnder(file: string, dir: string): boolean {
  return file.startsWith(dir + path.sep);
}

/** The files whose change makes a verification of the plugin stale, and its package folders. */
function relevant(p: PluginInfo, fs: FileSystem): { files: string[]; dirs: string[] } {
  const files = new Set([p.decl.file, p.cls?.file, p.configSchema?.file].filter((f): f is string => !!f));
  const dirs: string[] = [];
  if (p.decl.source === 'workspace') {
    const top = p.target.split(':')[0].split('.')[0].trim();
    for (const root of p.decl.importRoots) {
      const dir = path.join(root, top);
      if (fs.stat(dir)?.isDirectory) {
        dirs.push(dir);
        const queue = [dir];
        while (queue.length && files.size < MAX_PACKAGE_FILES) {
          const d = queue.shift()!;
          for (const e of fs.readDir(d)) {
            const f = path.join(d, e.name);
            if (e.isDirectory && e.name !== '__pycache__') queue.push(f);
            else if (e.isFile && /\.pyi?$/.test(e.name)) files.add(f);
          }
        }
      } else if (fs.stat(`${dir}.py`)?.isFile) files.add(`${dir}.py`);
    }
  }
  return { files: [...files], dirs };
}

/** A few words on a verdict: the fields that disagree, why it was not discovered, the exception. */
function detailOf(v: PluginVerdict): string | undefined {
  if (v.verdict === 'disagrees') return [...new Set(v.disagreements.map((d) => d.field.replace(/ at .*$/, '')))].join(', ');
  if (v.verdict === 'not-discovered') return v.reason;
  if (v.verdict === 'not-loadable' && v.error) return v.error.type ? `${v.error.type}: ${v.error.message}` : v.error.message;
  return undefined;
}

function publish(core: ServerCore, folder: FolderIndex): void {
  const s = stateOf(folder);
  const all = [...s.records.values()].flatMap((r) => r.diagnostics);
  const { byFile, changed } = groupByFile(all, s.published);
  s.published = byFile;
  // Sequence 0: the files' own syntax diagnostics (fast path) are never dropped by this.
  core.publisher.setFolder(folder.uri + KEY_SUFFIX, byFile, changed, 0, (f) => !folder.disposed && folder.contains(f));
}

interface Snapshot {
  files: Map<string, string>;
  dirs: string[];
}

/** The relevant files of the plugins about to be verified, hashed before anything runs. */
function snapshot(core: ServerCore, plugins: PluginInfo[]): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  for (const p of plugins) {
    const { files, dirs } = relevant(p, core.overlay);
    out.set(p.id, { dirs, files: new Map(files.map((f) => [f, hash(core.overlay.readFile(f))])) });
  }
  return out;
}

function store(core: ServerCore, folder: FolderIndex, report: VerifyReport, full: boolean, before: Map<string, Snapshot>): void {
  const s = stateOf(folder);
  if (full) s.records.clear();
  for (const v of report.plugins) {
    const snap = before.get(v.pluginId);
    if (!snap) continue;
    const mark: VerifyMarkDto = { verdict: v.verdict, finishedAt: report.finishedAt, python: report.python };
    if (report.floeCore) mark.floeCore = { path: report.floeCore.path, ...(report.floeCore.version ? { version: report.floeCore.version } : {}) };
    const detail = detailOf(v);
    if (detail) mark.detail = detail;
    s.records.set(v.pluginId, { mark, ...snap, diagnostics: report.diagnostics.filter((d) => d.pluginId === v.pluginId) });
  }
  // A file edited while the run went on: that plugin's verification is stale already.
  for (const [id, rec] of s.records) {
    if ([...rec.files].some(([f, h]) => hash(core.overlay.readFile(f)) !== h)) s.records.delete(id);
  }
  publish(core, folder);
}

/** Files changed (edits, saves, watched-file events): marks whose plugin they concern are dropped. */
export function verifyFilesChanged(core: ServerCore, changed: string[]): void {
  for (const folder of core.folders.values()) {
    const s = states.get(folder);
    if (!s?.records.size) continue;
    let dropped = false;
    for (const [id, rec] of s.records) {
      const stale = changed.some((f) => {
        if (rec.files.has(f)) return hash(core.overlay.readFile(f)) !== rec.files.get(f);
        // A folder event stands for the files under it; a new module in the package counts.
        if ([...rec.files.keys()].some((k) => isUnder(k, f))) return true;
        return /\.pyi?$/.test(f) && rec.dirs.some((d) => isUnder(f, d));
      });
      if (stale) {
        s.records.delete(id);
        dropped = true;
      }
    }
    if (dropped) {
      publish(core, folder);
      core.registryChanged([folder.uri]);
    }
  }
}

function folderResult(folder: FolderIndex, r: VerifyReport): VerifyFolderResult {
  const out: VerifyFolderResult = {
    uri: folder.uri,
    python: r.python,
    notes: r.notes,
    runtimeOnly: r.runtimeOnly,
    durationMs: r.durationMs,
    plugins: r.plugins.map((v) => ({
      pluginId: v.pluginId,
      group: v.group,
      entryPoint: v.entryPoint,
      name: v.name,
      verdict: v.verdict,
      ...(detailOf(v) ? { detail: detailOf(v) } : {}),
    })),
  };
  if (r.floeCore)
    out.floeCore = {
      path: r.floeCore.path,
      ...(r.floeCore.version ? { version: r.floeCore.version } : {}),
      ...(r.floeCore.apiVersion ? { apiVersion: r.floeCore.apiVersion } : {}),
    };
  if (r.fatal) out.fatal = r.fatal;
  if (r.startupMs !== undefined) out.startupMs = r.startupMs;
  if (r.cancelled) out.cancelled = true;
  return out;
}

export async function verifyPlatformRequest(core: ServerCore, p: VerifyPlatformParams, token: CancellationToken | undefined): Promise<VerifyPlatformResult> {
  const ids = Array.isArray(p.pluginIds) ? new Set(p.pluginIds.filter((x) => typeof x === 'string')) : undefined;
  const work: Array<{ folder: FolderIndex; python: string; ids?: string[] }> = [];
  const refusals: string[] = [];
  for (const folder of core.selectFolders(p)) {
    const mine = folder.result?.plugins.filter((x) => !ids || ids.has(x.id)) ?? [];
    if (!mine.length) continue;
    if (folder.settings.workspaceTrusted !== true) {
      refusals.push(
        `${folder.name}: the workspace is not trusted, so floe-core and the plugins are not run (trust the workspace to verify against the platform)`,
      );
      continue;
    }
    const interp = await interpreterFor(folder.root, folder.settings.pythonInterpreter);
    if (!interp.ok) {
      refusals.push(`${folder.name}: no valid Python interpreter: ${interp.error}`);
      continue;
    }
    work.push({ folder, python: interp.path, ids: ids ? mine.map((x) => x.id) : undefined });
  }
  if (!work.length) return { folders: [], refused: refusals.length ? refusals.join('; ') : ids ? 'no such plugin' : 'no plugins to verify' };

  const { abort, progress } = await longRequest(core, p, token);
  const total = work.reduce((n, w) => n + (w.ids?.length ?? w.folder.result!.plugins.length), 0);
  let done = 0;
  progress?.begin('Floe: verifying against the platform', 0, `0/${total}`, true);
  const folders: VerifyFolderResult[] = [];
  for (const w of work) {
    if (abort.signal.aborted) break;
    const result = w.folder.result!;
    const before = snapshot(
      core,
      result.plugins.filter((x) => !w.ids || w.ids.includes(x.id)),
    );
    const report = await verifyPlatform(result, {
      python: w.python,
      cwd: w.folder.root,
      phaseTimeoutMs: w.folder.settings.lifecycleTimeout * 1000,
      ids: w.ids,
      staticSchema: w.folder.ws ? staticSchemas(w.folder.ws.python) : () => undefined,
      signal: abort.signal,
      onPlugin: (rp) => {
        done++;
        progress?.report(Math.min(100, Math.round((done / total) * 100)), `${Math.min(done, total)}/${total} · ${rp.key}`);
      },
    });
    folders.push(folderResult(w.folder, report));
    // A cancelled or failed run says nothing new about the plugins: the marks stay as they were.
    if (!report.cancelled && !report.fatal && !w.folder.disposed) {
      store(core, w.folder, report, !w.ids, before);
      core.registryChanged([w.folder.uri]);
    }
  }
  progress?.done();
  return refusals.length ? { folders, refused: refusals.join('; ') } : { folders };
}

/** Mark of a verdict, for titles. */
const SIGN: Record<VerifyMarkDto['verdict'], string> = { verified: '✓', disagrees: '✗', 'not-loadable': '✗', 'not-discovered': '?' };

function hhmm(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function core(m: VerifyMarkDto): string {
  return `floe-core${m.floeCore?.version ? ` ${m.floeCore.version}` : ''}`;
}

/** `✓ Verified with floe-core 0.3.0 at 12:03` and the like. */
export function markTitle(m: VerifyMarkDto): string {
  switch (m.verdict) {
    case 'verified':
      return `${SIGN.verified} Verified with ${core(m)} at ${hhmm(m.finishedAt)}`;
    case 'disagrees':
      return `${SIGN.disagrees} Platform disagrees (${m.detail ?? 'see the problems'}) — ${core(m)} at ${hhmm(m.finishedAt)}`;
    case 'not-loadable':
      return `${SIGN['not-loadable']} The platform cannot load it — ${core(m)} at ${hhmm(m.finishedAt)}`;
    default:
      return `${SIGN['not-discovered']} Not discovered by the platform — ${core(m)} at ${hhmm(m.finishedAt)}`;
  }
}

/** The CodeLens above a plugin class: its last verification, else an invitation; both run it again. */
export function verifyLens(folder: FolderIndex, p: PluginInfo, range: Range): CodeLens {
  const m = verifyMark(folder, p.id);
  return { range, command: { title: m ? markTitle(m) : 'Verify against the platform', command: VERIFY_COMMAND, arguments: [p.id] } };
}

/** The hover card's line about the last verification. */
export function verifyCardLine(m: VerifyMarkDto | undefined): string | undefined {
  if (!m) return undefined;
  const where = m.floeCore ? `${core(m)} at \`${m.floeCore.path}\`` : 'floe-core';
  const what = m.verdict === 'verified' ? '**verified**' : `**${m.verdict}**${m.detail ? ` — ${m.detail}` : ''}`;
  return `- Platform: ${SIGN[m.verdict]} ${what} (${where}, ${m.finishedAt})`;
}
