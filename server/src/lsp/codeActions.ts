// Quick fixes: the engine diagnostics' `fixes` as WorkspaceEdits (from the diagnostics the client
// sends, and from the folder's latest result for the requested range).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Range } from '../engine/model';
import { toLspDiagnostic, type DiagnosticData, type FixDto } from './diagnostics';
import { pathToUri } from './uri';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function fixesOf(d: LspDiagnostic): FixDto[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data!.fixes.filter((f) => f && typeof f.newText === 'string' && typeof f.uri === 'string' && f.range) : [];
}

export function codeActions(params: CodeActionParams, engineDiags: readonly Diagnostic[]): CodeAction[] {
  const only = params.context?.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')) return [];
  const candidates: LspDiagnostic[] = [];
  for (const d of params.context?.diagnostics ?? []) if (d?.source === 'floe') candidates.push(d);
  for (const d of engineDiags) if (d.fixes?.length && overlaps(d.range, params.range)) candidates.push(toLspDiagnostic(d));
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of candidates) {
    const fixes = fixesOf(d);
    for (const f of fixes) {
      const key = JSON.stringify([f.title, f.uri, f.range, f.newText]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [{ range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message }],
        isPreferred: fixes.length === 1,
        edit: { changes: { [f.uri || pathToUri(f.file)]: [{ range: f.range, newText: f.newText }] } },
      });
    }
  }
  return out;
}
