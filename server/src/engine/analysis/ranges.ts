// Small range helpers for pointing at part of a value or a word inside a literal.
import type { FileSystem } from '../fs';
import type { Range } from '../model';
import { LineIndex } from '../text/lineIndex';

/** The part [from, to) of a single-line range (columns relative to its start); the whole range otherwise. */
export function subRange(r: Range, from: number, to: number): Range {
  if (r.start.line !== r.end.line) return r;
  const width = r.end.character - r.start.character;
  const a = Math.max(0, Math.min(from, width));
  const b = Math.max(a, Math.min(to, width));
  return { start: { line: r.start.line, character: r.start.character + a }, end: { line: r.start.line, character: r.start.character + b } };
}

/**
 * The range of the string literal `"word"` (or `'word'`) inside the source text covered by `r`
 * (e.g. one dependency inside a list literal). Falls back to `r`.
 */
export function findQuoted(fs: FileSystem, file: string, r: Range, word: string): Range {
  const text = fs.readFile(file);
  if (text === undefined) return r;
  const lines = new LineIndex(text);
  const start = lines.offset(r.start);
  const end = lines.offset(r.end);
  const slice = text.slice(start, end);
  for (const q of ['"', "'"]) {
    const i = slice.indexOf(q + word + q);
    if (i >= 0) return lines.range(start + i, start + i + word.length + 2);
  }
  return r;
}

/**
 * What to delete to take one item out of a list literal (`[...]`, `(...)`) covered by `list`: the
 * item with the comma after it (or, for the last item, the comma before it); a line left empty
 * goes with it. Undefined when `list` is not a bracketed literal holding `item`.
 */
export function listItemRemoval(fs: FileSystem, file: string, list: Range, item: Range): Range | undefined {
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const ls = lines.offset(list.start),
    le = lines.offset(list.end);
  const is = lines.offset(item.start),
    ie = lines.offset(item.end);
  if (!/^[[(]/.test(text.slice(ls, ls + 1)) || !/[\])]$/.test(text.slice(le - 1, le)) || is <= ls || ie >= le) return undefined;
  const after = /^[ \t]*,[ \t]*/.exec(text.slice(ie, le - 1));
  if (after) {
    const lineStart = text.lastIndexOf('\n', is - 1) + 1;
    const end = ie + after[0].length;
    // Alone on its line (maybe with a comment after the comma): the whole line goes.
    const rest = /^(#[^\n]*)?\n/.exec(text.slice(end));
    if (/^[ \t]*$/.test(text.slice(lineStart, is)) && rest) return lines.range(lineStart, end + rest[0].length);
    return lines.range(is, end);
  }
  const before = /,\s*$/.exec(text.slice(ls + 1, is));
  if (before) return lines.range(ls + 1 + before.index, ie);
  return lines.range(is, ie);
}
