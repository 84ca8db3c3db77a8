// Engine diagnostics -> LSP diagnostics, and the publisher that keeps the client's view equal to
// the union of every folder's latest pass. A pass costs in proportion to what changed: the engine
// reuses its Diagnostic objects for what it did not re-check, so a file whose list holds the same
// objects as last time is skipped without converting or comparing anything; only the files whose
// lists differ are composed, compared with what was sent and published (`[]` when problems went away).
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, FixData, Severity } from '../engine';
import { pathToUri } from './uri';

/** Codes of syntax diagnostics (the fast path may replace these before the full pass runs). */
export const SYNTAX_CODES = new Set(['python-syntax', 'toml-syntax', 'entry-points-syntax', 'manifest-syntax']);

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface EditDto {
  uri: string;
  range: FixData['range'];
  newText: string;
}
export interface FixDto extends EditDto {
  title: string;
  more?: EditDto[];
}
export interface DiagnosticData {
  fixes: FixDto[];
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'floe',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  }
  if (d.fixes?.length) {
    const edit = (e: { file: string; range: FixData['range']; newText: string }): EditDto => ({ uri: pathToUri(e.file), range: e.range, newText: e.newText });
    const data: DiagnosticData = {
      fixes: d.fixes.map((f) => ({ title: f.title, ...edit(f), ...(f.more?.length ? { more: f.more.map(edit) } : {}) })),
    };
    out.data = data;
  }
  return out;
}

/** Conversions of engine diagnostics the engine hands back unchanged pass after pass. */
const converted = new WeakMap<Diagnostic, LspDiagnostic>();
function lsp(d: Diagnostic): LspDiagnostic {
  let out = converted.get(d);
  if (!out) converted.set(d, (out = toLspDiagnostic(d)));
  return out;
}

/** A folder's engine diagnostics by file. */
export type DiagnosticsByFile = Map<string, readonly Diagnostic[]>;

function sameList(a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Group a pass's diagnostics by file. A file whose list holds the same objects as in `before` keeps
 * `before`'s array (so identity says "unchanged" to later steps); `changed` lists the other files,
 * including those whose diagnostics are gone.
 */
export function groupByFile(diags: readonly Diagnostic[], before?: DiagnosticsByFile): { byFile: DiagnosticsByFile; changed: string[] } {
  const fresh = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    if (!d || typeof d.file !== 'string') continue;
    const list = fresh.get(d.file);
    if (list) list.push(d);
    else fresh.set(d.file, [d]);
  }
  const byFile: DiagnosticsByFile = new Map();
  const changed: string[] = [];
  for (const [file, list] of fresh) {
    const old = before?.get(file);
    if (sameList(old, list)) byFile.set(file, old!);
    else {
      byFile.set(file, list);
      changed.push(file);
    }
  }
  if (before) for (const file of before.keys()) if (!fresh.has(file)) changed.push(file);
  return { byFile, changed };
}

export type SendDiagnostics = (uri: string, diagnostics: LspDiagnostic[]) => void;

interface FolderEntry {
  byFile: DiagnosticsByFile;
  contains: (file: string) => boolean;
}

export class DiagnosticPublisher {
  private readonly folders = new Map<string, FolderEntry>();
  /** What was last sent per file (JSON), for files currently showing problems. */
  private readonly published = new Map<string, string>();
  private readonly syntax = new Map<string, { diags: Diagnostic[]; seq: number }>();
  private seq = 0;

  constructor(
    private readonly send: SendDiagnostics,
    private readonly uriFor: (file: string) => string = pathToUri,
  ) {}

  /** A sequence number to pass to setFolder: syntax overrides set before it are dropped then. */
  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * The folder's full pass: replaces all of its diagnostics; `changed` are the files whose lists
   * differ from the previous pass (groupByFile). Only files inside the folder (`contains`) are ever
   * shown for it. Syntax overrides of files inside the folder set before the pass started
   * (`passSeq`) give way to the pass's results. Returns how many files were sent.
   */
  setFolder(key: string, byFile: DiagnosticsByFile, changed: Iterable<string>, passSeq = Infinity, contains: (file: string) => boolean = () => true): number {
    const before = this.folders.get(key);
    this.folders.set(key, { byFile, contains });
    const touched = new Set<string>(changed);
    if (!before) for (const f of byFile.keys()) touched.add(f);
    for (const [file, s] of this.syntax) {
      if (s.seq < passSeq && contains(file)) {
        this.syntax.delete(file);
        touched.add(file);
      }
    }
    return this.flush(touched);
  }

  /** Forget a folder's diagnostics, and those published under its sub-keys (`<key>#…`). */
  clearFolder(key: string): void {
    for (const k of [...this.folders.keys()]) {
      if (k !== key && !k.startsWith(`${key}#`)) continue;
      const before = this.folders.get(k)!;
      this.folders.delete(k);
      this.flush(before.byFile.keys());
    }
  }

  /** Fast path: the file's own syntax diagnostics for its newest text, ahead of the full pass. */
  setSyntax(file: string, diags: Diagnostic[]): void {
    this.syntax.set(file, { diags, seq: this.nextSeq() });
    this.flush([file]);
  }

  /** What is currently shown for a file. */
  current(file: string): LspDiagnostic[] {
    return this.compose(file);
  }

  /** Every file with diagnostics shown now. */
  files(): string[] {
    return [...this.published.keys()];
  }

  private compose(file: string): LspDiagnostic[] {
    const out: LspDiagnostic[] = [];
    const override = this.syntax.get(file);
    let seen: Set<string> | undefined;
    let sources = 0;
    for (const f of this.folders.values()) {
      const list = f.byFile.get(file);
      if (!list?.length || !f.contains(file)) continue;
      // Nested folders both report the files they share: drop the repeats.
      if (++sources === 2) seen = new Set(out.map(keyOf));
      for (const d of list) {
        if (override && SYNTAX_CODES.has(d.code)) continue;
        const l = lsp(d);
        if (seen) {
          const k = keyOf(l);
          if (seen.has(k)) continue;
          seen.add(k);
        }
        out.push(l);
      }
    }
    if (override) {
      seen ??= new Set(out.map(keyOf));
      for (const d of override.diags) {
        const l = lsp(d);
        const k = keyOf(l);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(l);
        }
      }
    }
    return out;
  }

  private flush(files: Iterable<string>): number {
    let sent = 0;
    for (const file of files) {
      const diags = this.compose(file);
      const prev = this.published.get(file);
      if (prev === undefined && diags.length === 0) continue;
      const text = diags.length ? JSON.stringify(diags) : '';
      if (prev === text) continue;
      if (diags.length) this.published.set(file, text);
      else this.published.delete(file);
      this.send(this.uriFor(file), diags);
      sent++;
    }
    return sent;
  }
}

function keyOf(d: LspDiagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}:${String(d.code)}:${d.message}`;
}
