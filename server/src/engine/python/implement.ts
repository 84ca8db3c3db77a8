// The edit that implements missing abstract members in an existing class: the stubs appended to
// the class body (its own indentation), and the imports their annotations need added after the
// module's last top-level import. Undefined when the class cannot take it (a one-line body).
import type { Range, TextEditData } from '../model';
import { extractFacts, type ClassFacts } from './moduleFacts';
import { importTable, type MemberSignature, type NeededName } from './signatures';
import { importStatements, isStdlib, membersBlock } from './stubs';
import { child, statements, type SyntaxNode } from './syntax';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function findClass(classes: Iterable<ClassFacts>, nameRange: Range): ClassFacts | undefined {
  for (const c of classes) {
    if (sameRange(c.nameRange, nameRange)) return c;
    const inner = findClass(c.nested.values(), nameRange);
    if (inner) return inner;
  }
  return undefined;
}

/** The end of a node's text without trailing whitespace. */
function trimmedEnd(text: string, n: SyntaxNode): number {
  let end = n.to;
  while (end > n.from && /\s/.test(text[end - 1])) end--;
  return end;
}

function importModule(text: string, n: SyntaxNode): string {
  return /^\s*(?:from|import)\s+([\w.]+)/.exec(text.slice(n.from, n.to))?.[1] ?? '';
}

/**
 * Where new imports of a group go: after that group's last top-level import; else after the group
 * before it (`from __future__`, then the standard library), as a group of their own; else before the
 * first import; else after the module docstring, else at the top.
 */
function importPoint(text: string, top: SyntaxNode[], stdlib: boolean): { offset: number; before: string; after: string } {
  const imports = top.filter((s) => s.name === 'ImportStatement');
  const kind = (n: SyntaxNode) => {
    const m = importModule(text, n);
    return m === '__future__' ? 'future' : isStdlib(m) ? 'std' : 'other';
  };
  const last = (k: string[]) => [...imports].reverse().find((n) => k.includes(kind(n)));
  const same = last([stdlib ? 'std' : 'other']);
  if (same) return { offset: trimmedEnd(text, same), before: '\n', after: '' };
  const before = last(stdlib ? ['future'] : ['future', 'std']);
  if (before) return { offset: trimmedEnd(text, before), before: '\n\n', after: '' };
  if (imports.length) return { offset: imports[0].from, before: '', after: '\n\n' };
  const first = top[0];
  if (first?.name === 'ExpressionStatement' && first.firstChild && /String$/.test(first.firstChild.name)) {
    return { offset: trimmedEnd(text, first), before: '\n\n', after: '' };
  }
  return { offset: 0, before: '', after: '\n\n' };
}

function groupBy(needs: NeededName[]): Map<string, NeededName[]> {
  const out = new Map<string, NeededName[]>();
  for (const n of needs) if (n.name) out.set(n.module, [...(out.get(n.module) ?? []), n]);
  for (const n of needs) if (!n.name) out.set(`\0${n.module}`, [n]);
  return out;
}

/** `from a.b import x, y as z` on one line, without parentheses or a star. */
function simpleFromImport(stmt: string): { module: string; names: string[] } | undefined {
  const m = /^from ([\w.]+) import ([\w ,]+)$/.exec(stmt.trim());
  if (!m) return undefined;
  return {
    module: m[1],
    names: m[2]
      .split(',')
      .map((x) => x.trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  };
}

export interface ImplementOptions {
  /** Bodies for some members (`return "spark"`), by name. */
  bodies?: Record<string, string[]>;
}

/** The edits that implement `sigs` in the class named at `classNameRange` of `file`. */
export function implementMembersEdits(
  file: string,
  text: string,
  classNameRange: Range,
  sigs: readonly MemberSignature[],
  o: ImplementOptions = {},
): TextEditData[] | undefined {
  if (!sigs.length) return undefined;
  const facts = extractFacts(file, text);
  const cls = findClass(facts.classes.values(), classNameRange);
  const body = cls ? child(cls.node, 'Body') : null;
  const stmts = body ? statements(body) : [];
  if (!cls || !stmts.length) return undefined;
  const lines = facts.parsed.lines;
  const first = stmts[0];
  const headerLine = cls.nameRange.start.line;
  const firstLine = lines.position(first.from).line;
  if (firstLine === headerLine) return undefined;
  const lineText = text.slice(lines.offset({ line: firstLine, character: 0 }), first.from);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '    ';
  const at = lines.position(trimmedEnd(text, stmts[stmts.length - 1]));
  const edits: TextEditData[] = [
    {
      file,
      range: { start: at, end: at },
      newText: '\n' + membersBlock(sigs, { indent, bodies: o.bodies }).join('\n'),
    },
  ];
  // Imports the annotations need and the module does not have yet.
  const bound = importTable(facts, '');
  const needs: NeededName[] = [];
  for (const n of sigs.flatMap((s) => s.needs)) {
    if (bound.has(n.local) || needs.some((x) => x.local === n.local)) continue;
    needs.push({ ...n, typeOnly: false });
  }
  const top = statements(facts.parsed.tree.topNode);
  const rest: NeededName[] = [];
  for (const [module, ns] of groupBy(needs)) {
    // Add to `from <module> import a, b` when the module already has that line.
    const line = top.find((st) => st.name === 'ImportStatement' && simpleFromImport(text.slice(st.from, st.to))?.module === module);
    if (!line) {
      rest.push(...ns);
      continue;
    }
    const have = simpleFromImport(text.slice(line.from, line.to))!;
    const [merged] = importStatements([
      ...have.names.map((n) => ({ local: n.split(' as ').pop()!, module, name: n.split(' as ')[0], typeOnly: false })),
      ...ns,
    ]);
    edits.unshift({ file, range: { start: lines.position(line.from), end: lines.position(line.to) }, newText: merged });
  }
  // New lines join their isort group: the standard library's, or the others'.
  const std = rest.filter((n) => isStdlib(n.module));
  for (const [group, isStd] of [
    [std, true],
    [rest.filter((n) => !std.includes(n)), false],
  ] as const) {
    if (!group.length) continue;
    const p = importPoint(text, top, isStd);
    const pos = lines.position(p.offset);
    edits.unshift({ file, range: { start: pos, end: pos }, newText: p.before + importStatements(group).join('\n') + p.after });
  }
  return edits;
}
