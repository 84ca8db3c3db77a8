// Quick fixes: the engine diagnostics' `fixes` as WorkspaceEdits (from the diagnostics the client
// sends, and from the folder's latest result for the requested range).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Diagnostic, Range } from '../../engine';
import { toLspDiagnostic, type DiagnosticData, type EditDto, type FixDto } from '../diagnostics';

function isPos(p: unknown): p is Range['start'] {
  const q = p as Range['start'] | undefined;
  return !!q && Number.isInteger(q.line) && Number.isInteger(q.character);
}
function isRange(r: unknown): r is Range {
  const q = r as Range | undefined;
  return !!q && isPos(q.start) && isPos(q.end);
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function isEdit(e: unknown): e is EditDto {
  const x = e as EditDto | undefined;
  return !!x && typeof x.newText === 'string' && typeof x.uri === 'string' && x.uri.startsWith('file:') && isRange(x.range);
}

function fixesOf(d: LspDiagnostic): FixDto[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes)
    ? data!.fixes.filter((f) => isEdit(f) && typeof f.title === 'string' && (f.more === undefined || (Array.isArray(f.more) && f.more.every(isEdit))))
    : [];
}

/** One fix's edits as a WorkspaceEdit: every text edit of a file together. */
function workspaceEdit(f: FixDto): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of [f, ...(f.more ?? [])]) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

/** `Ignore 'code' on this line`: a `# floe: ignore[code]` comment, for files with `#` comments. */
function ignoreAction(uri: string, d: LspDiagnostic, line: (n: number) => string | undefined): CodeAction | undefined {
  if (/\.json$/i.test(uri) || typeof d.code !== 'string') return undefined;
  const text = line(d.range.start.line);
  if (text === undefined) return undefined;
  const m = /#\s*floe:\s*ignore\[([^\]]*)\]/.exec(text);
  const at = { line: d.range.start.line, character: text.length };
  const edit = m
    ? // Add the code to the comment that is already there.
      {
        range: { start: { line: at.line, character: m.index + m[0].length - 1 }, end: { line: at.line, character: m.index + m[0].length - 1 } },
        newText: `, ${d.code}`,
      }
    : { range: { start: at, end: at }, newText: ` # floe: ignore[${d.code}]` };
  return {
    title: `Ignore '${d.code}' on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [{ range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message }],
    edit: { changes: { [uri]: [edit] } },
  };
}

export function codeActions(params: CodeActionParams, engineDiags: readonly Diagnostic[], line?: (n: number) => string | undefined): CodeAction[] {
  if (!isRange(params?.range)) return [];
  const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')) return [];
  const candidates: LspDiagnostic[] = [];
  const sent = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
  for (const d of sent) if (d?.source === 'floe' && isRange(d.range)) candidates.push(d);
  for (const d of engineDiags) if (d.fixes?.length && overlaps(d.range, params.range)) candidates.push(toLspDiagnostic(d));
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of candidates) {
    const fixes = fixesOf(d);
    for (const f of fixes) {
      const key = JSON.stringify([f.title, f.uri, f.range, f.newText, f.more ?? []]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [{ range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message }],
        isPreferred: fixes.length === 1,
        edit: workspaceEdit(f),
      });
    }
  }
  // Last, after the real fixes: silence the problem on its line.
  const uri = params.textDocument?.uri;
  if (line && typeof uri === 'string') {
    for (const d of candidates) {
      const a = ignoreAction(uri, d, line);
      const key = a && JSON.stringify([a.title, d.range.start.line]);
      if (a && key && !seen.has(key)) {
        seen.add(key);
        out.push(a);
      }
    }
  }
  return out;
}
