// Engine diagnostics -> LSP diagnostics, and the publisher that keeps the client's view equal to
// the union of every folder's latest pass: it publishes only files whose problems changed and
// publishes [] for files whose problems went away.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, FixData, Severity } from '../engine/model';
import { pathToUri } from './uri';

/** Codes of syntax diagnostics (the fast path may replace these before the full pass runs). */
export const SYNTAX_CODES = new Set(['python-syntax', 'toml-syntax', 'entry-points-syntax', 'manifest-syntax']);

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface FixDto extends FixData { uri: string }
export interface DiagnosticData { fixes: FixDto[] }

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
    const data: DiagnosticData = { fixes: d.fixes.map((f) => ({ ...f, uri: pathToUri(f.file) })) };
    out.data = data;
  }
  return out;
}

/** Engine diagnostics grouped by file, converted. */
export function groupByFile(diags: readonly Diagnostic[]): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>();
  for (const d of diags) {
    if (!d || typeof d.file !== 'string') continue;
    let list = out.get(d.file);
    if (!list) out.set(d.file, (list = []));
    list.push(toLspDiagnostic(d));
  }
  return out;
}

export type SendDiagnostics = (uri: string, diagnostics: LspDiagnostic[]) => void;

export class DiagnosticPublisher {
  private readonly folders = new Map<string, Map<string, LspDiagnostic[]>>();
  private readonly published = new Map<string, string>();
  private readonly syntax = new Map<string, { diags: LspDiagnostic[]; seq: number }>();
  private seq = 0;

  constructor(private readonly send: SendDiagnostics, private readonly uriFor: (file: string) => string = pathToUri) {}

  /** A sequence number to pass to setFolder: syntax overrides set before it are dropped then. */
  nextSeq(): number { return ++this.seq; }

  /**
   * The folder's full pass: replaces all of its diagnostics. Syntax overrides of files inside the
   * folder (`contains`) set before the pass started (`passSeq`) give way to the pass's results.
   */
  setFolder(key: string, byFile: Map<string, LspDiagnostic[]>, passSeq = Infinity, contains: (file: string) => boolean = () => true): void {
    const before = this.folders.get(key);
    this.folders.set(key, byFile);
    const touched = new Set<string>([...(before?.keys() ?? []), ...byFile.keys()]);
    for (const [file, s] of this.syntax) {
      if (s.seq < passSeq && contains(file)) { this.syntax.delete(file); touched.add(file); }
    }
    this.flush(touched);
  }

  clearFolder(key: string): void {
    const before = this.folders.get(key);
    if (!before) return;
    this.folders.delete(key);
    this.flush(new Set(before.keys()));
  }

  /** Fast path: the file's own syntax diagnostics for its newest text, ahead of the full pass. */
  setSyntax(file: string, diags: LspDiagnostic[]): void {
    this.syntax.set(file, { diags, seq: this.nextSeq() });
    this.flush(new Set([file]));
  }

  /** What is currently shown for a file. */
  current(file: string): LspDiagnostic[] { return this.compose(file); }

  /** Every file with diagnostics shown now. */
  files(): string[] { return [...this.published.keys()]; }

  private compose(file: string): LspDiagnostic[] {
    const seen = new Set<string>();
    const out: LspDiagnostic[] = [];
    const override = this.syntax.get(file);
    const add = (d: LspDiagnostic) => {
      const k = JSON.stringify([d.range, d.code, d.message]);
      if (seen.has(k)) return;
      seen.add(k);
      out.push(d);
    };
    for (const m of this.folders.values()) {
      for (const d of m.get(file) ?? []) {
        if (override && SYNTAX_CODES.has(String(d.code))) continue;
        add(d);
      }
    }
    if (override) override.diags.forEach(add);
    return out;
  }

  private flush(files: Iterable<string>): void {
    for (const file of files) {
      const diags = this.compose(file);
      const text = JSON.stringify(diags);
      const prev = this.published.get(file);
      if (prev === text || (prev === undefined && diags.length === 0)) continue;
      if (diags.length) this.published.set(file, text);
      else this.published.delete(file);
      this.send(this.uriFor(file), diags);
    }
  }
}
