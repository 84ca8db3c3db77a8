// Position lookups in pyproject.toml: whether the cursor is where an entry-point group is named.
import { parseTOML } from 'toml-eslint-parser';

export interface GroupSlot {
  /** Offsets of the text the completion replaces (the group name typed so far). */
  from: number;
  to: number;
  /** Whether the name is (to be) inside quotes already. */
  quoted: boolean;
}

// Headers and keys where an entry-point group is named.
const HEADER = /^(\s*\[\s*(?:project\s*\.\s*entry-points|tool\s*\.\s*poetry\s*\.\s*plugins)\s*\.\s*)("?)([^"\]\s]*)$/;
const DOTTED = /^(\s*(?:project\s*\.\s*)?entry-points\s*\.\s*)("?)([^"=\s]*)$/;
const KEY = /^(\s*)("?)([^"=\s]*)$/;
const GROUP_TABLES = new Set(['project.entry-points', 'tool.poetry.plugins']);

/** The table enclosing `offset`, from the parse of the text with the cursor's line blanked. */
function enclosingTable(text: string, lineStart: number, lineEnd: number, offset: number): string | undefined {
  const blanked = text.slice(0, lineStart) + ' '.repeat(lineEnd - lineStart) + text.slice(lineEnd);
  try {
    const ast = parseTOML(blanked);
    let name: string | undefined = '';
    for (const top of ast.body) {
      for (const t of top.body) {
        if (t.type === 'TOMLTable' && t.range[0] <= offset) name = t.resolvedKey.join('.');
      }
    }
    return name;
  } catch {
    return undefined;
  }
}

/** Where a group name is being typed: in an entry-points table header, or as a key of `[project.entry-points]`. */
export function groupSlotAt(text: string, offset: number): GroupSlot | undefined {
  // The line holding `offset` (at offset 0 the line starts at 0, whatever the first character is).
  const lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  const restLen = /^[^"\]=\s]*/.exec(after)![0].length;
  const slot = (m: RegExpExecArray): GroupSlot => ({
    from: lineStart + m[1].length + m[2].length,
    to: offset + restLen,
    quoted: m[2] === '"',
  });
  const h = HEADER.exec(before);
  if (h) return slot(h);
  const d = DOTTED.exec(before);
  if (d && enclosingTable(text, lineStart, lineEnd, offset) === (d[1].includes('project') ? '' : 'project')) return slot(d);
  const k = KEY.exec(before);
  if (k && GROUP_TABLES.has(enclosingTable(text, lineStart, lineEnd, offset) ?? '')) return slot(k);
  return undefined;
}
