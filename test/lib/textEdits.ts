// Applying text edits to a document's text, as an editor applies a WorkspaceEdit's edits of one file.
import { LineIndex } from '../../server/src/engine/text/lineIndex';

export interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** The text with the edits applied (all against the original text; they must not overlap). */
export function applyTextEdits(text: string, edits: readonly Edit[]): string {
  const li = new LineIndex(text);
  const spans = edits.map((e) => ({ s: li.offset(e.range.start), e: li.offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  for (let i = 1; i < spans.length; i++) if (spans[i].e > spans[i - 1].s) throw new Error('overlapping edits');
  let out = text;
  for (const x of spans) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}
