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
