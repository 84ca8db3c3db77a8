// How manifest checks report: an emitter of diagnostics at text spans, and quick-fix text that
// keeps the quoting of what it replaces.
import type { DiagnosticCode, FixData, RelatedInformation, Severity } from '../model';
import type { Span } from './tree';

export interface Emitter {
  add(code: DiagnosticCode, span: Span, message: string, extra?: { severity?: Severity; related?: RelatedInformation[]; fixes?: FixData[] }): void;
}

export function quoteLike(text: string, span: Span, json: boolean, replacement: string): string {
  const first = text.charAt(span.start);
  if (json || first === '"') return JSON.stringify(replacement);
  if (first === "'") return `'${replacement.replace(/'/g, "''")}'`;
  return replacement;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
