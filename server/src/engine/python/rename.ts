// Renaming a module-level name within its own module: every use of the name (not attribute
// accesses of other objects) and its entry in `__all__`.
import type { TextEditData } from '../model';
import { nodeText, parsePython, stringValue, type ParsedPython, type SyntaxNode } from './syntax';

/** The edits that rename `from` to `to` throughout one module's text. */
export function renameInModule(file: string, text: string, from: string, to: string): TextEditData[] {
  const p = parsePython(file, text);
  const edits: TextEditData[] = [];
  const cursor = p.tree.cursor();
  do {
    const n = cursor.node;
    if (n.name === 'VariableName' && nodeText(p, n) === from) {
      edits.push({ file, range: p.lines.range(n.from, n.to), newText: to });
    } else if (/String$/.test(n.name) && stringValue(p, n) === from && inAll(p, n)) {
      // The quotes stay; only the text between them changes.
      const open = /^[rRuU]?("{3}|'{3}|"|')/.exec(nodeText(p, n));
      const prefix = open?.[0].length ?? 1;
      const quote = open?.[1].length ?? 1;
      edits.push({ file, range: p.lines.range(n.from + prefix, n.to - quote), newText: to });
    }
  } while (cursor.next());
  return edits;
}

/** Whether a string node is an item of `__all__ = [...]` (or `__all__ += [...]`). */
function inAll(p: ParsedPython, n: SyntaxNode): boolean {
  for (let s = n.parent; s; s = s.parent) {
    if (s.name === 'AssignStatement' || s.name === 'UpdateStatement') {
      const target = s.firstChild;
      return !!target && target.name === 'VariableName' && nodeText(p, target) === '__all__';
    }
    if (s.name === 'Script' || s.name === 'Body') return false;
  }
  return false;
}
