// Thin helpers over the @lezer/python syntax tree: parse, read node text, walk children,
// evaluate literals, and report syntax errors. Everything here is static: nothing is executed.
import { parser } from '@lezer/python';
import type { NodeType, SyntaxNode, Tree } from '@lezer/common';
import { LineIndex } from '../text/lineIndex';
import type { Diagnostic, Range } from '../model';

export type { SyntaxNode, Tree };

export interface ParsedPython {
  file: string;
  text: string;
  tree: Tree;
  lines: LineIndex;
  /** Set when parsing was stopped at this offset: it took longer than the budget (`time`), or the
   * parser's tree is unreadable from there on (`parser`). */
  stoppedAt?: number;
  stopReason?: 'time' | 'parser';
}

/** How long one file may take to parse (ms). Pathological input (a megabyte of unclosed brackets)
 * can make error recovery very slow; the rest of the workspace must not wait for it. */
export const PARSE_BUDGET_MS = 1500;

export function parsePython(file: string, text: string, budgetMs = PARSE_BUDGET_MS): ParsedPython {
  const started = Date.now();
  const parse = parser.startParse(text);
  const deadline = started + budgetMs;
  let tree: Tree | null = null;
  let stoppedAt: number | undefined;
  while (!(tree = parse.advance())) {
    if (stoppedAt === undefined && Date.now() > deadline) {
      stoppedAt = parse.parsedPos;
      parse.stopAt(stoppedAt);
    }
  }
  const out: ParsedPython = { file, text, tree, lines: new LineIndex(text) };
  if (stoppedAt !== undefined && stoppedAt < text.length) {
    out.stoppedAt = stoppedAt;
    out.stopReason = 'time';
  }
  // On some inputs (tens of thousands of characters on one line, thousands of nested brackets) the
  // parser builds a tree with nodes of no type, which break every walk over it. The lines before the one holding the first such node are parsed again
  // on their own (ending the text mid-line can make the parser recurse past the stack).
  const broken = firstUntypedNode(tree);
  if (broken !== undefined) {
    const lineStart = text.lastIndexOf('\n', broken - 1) + 1;
    out.stoppedAt = lineStart;
    out.stopReason = 'parser';
    try {
      const before = parsePython(file, text.slice(0, lineStart), Math.max(0, budgetMs - (Date.now() - started)));
      out.tree = before.tree;
      if (before.stoppedAt !== undefined) [out.stoppedAt, out.stopReason] = [before.stoppedAt, before.stopReason];
    } catch {
      out.tree = parser.parse('');
      out.stoppedAt = 0;
    }
  }
  return out;
}

/** Offset of the first node of the tree that has no node type, if there is one. */
function firstUntypedNode(tree: Tree): number | undefined {
  const cursor = tree.cursor();
  let at = 0;
  try {
    do {
      at = cursor.from;
      if ((cursor.type as NodeType | undefined) === undefined) return at;
    } while (cursor.next());
  } catch {
    return at;
  }
  return undefined;
}

export function nodeText(p: ParsedPython, n: SyntaxNode): string {
  return p.text.slice(n.from, n.to);
}

export function nodeRange(p: ParsedPython, n: SyntaxNode): Range {
  return p.lines.range(n.from, n.to);
}

/** Direct children of a node (comments left out: they can sit between any two tokens). */
export function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** First direct child with one of the given node names. */
export function child(n: SyntaxNode, ...names: string[]): SyntaxNode | null {
  for (let c = n.firstChild; c; c = c.nextSibling) if (names.includes(c.name)) return c;
  return null;
}

/** The expression inside redundant parentheses: `((x))` -> `x`. */
export function unparen(n: SyntaxNode): SyntaxNode {
  while (n.name === 'ParenthesizedExpression') {
    const inner = children(n).filter((c) => c.name !== '(' && c.name !== ')');
    if (inner.length !== 1) break;
    n = inner[0];
  }
  return n;
}

/** Statements of a module (Script) or a Body, with decorators unwrapped into `decorators`. */
export function statements(n: SyntaxNode): SyntaxNode[] {
  return children(n).filter((c) => c.name !== ':' && c.name !== '⚠');
}

/**
 * Value of a string literal node (String, ContinuedString for implicit concatenation,
 * FormatString without replacement fields). Undefined for anything else (f-strings with
 * fields, byte strings, expressions): the value is not known statically.
 */
export function stringValue(p: ParsedPython, n: SyntaxNode): string | undefined {
  if (n.name === 'ContinuedString') {
    let s = '';
    for (const c of children(n)) {
      const v = stringValue(p, c);
      if (v === undefined) return undefined;
      s += v;
    }
    return s;
  }
  if (n.name !== 'String' && n.name !== 'FormatString') return undefined;
  const raw = nodeText(p, n);
  const m = /^([rRuUfFbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return undefined;
  const body = m[3];
  if (prefix.includes('f') && /\{(?!\{)/.test(body)) return undefined;
  let value = prefix.includes('r') ? body : unescapePython(body);
  if (prefix.includes('f')) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return value;
}

function unescapePython(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r?\n|.)/g, (all, e: string) => {
    switch (e[0]) {
      case 'n':
        return e.length === 1 ? '\n' : all;
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '\n':
      case '\r':
        return '';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return all;
    }
  });
}

/** Syntax errors of a parsed file as diagnostics (`python-syntax`), at most `limit`. */
export function syntaxDiagnostics(p: ParsedPython, limit = 20): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (p.stoppedAt !== undefined) {
    const at = p.lines.position(p.stoppedAt);
    out.push({
      file: p.file,
      range: { start: at, end: at },
      severity: 'warning',
      code: 'file-skipped',
      message:
        p.stopReason === 'parser'
          ? `Parsing stopped at line ${at.line + 1}: the Python parser cannot read this file past this point (is it generated or broken?). Definitions after this point are not seen.`
          : `Parsing stopped at line ${at.line + 1}: this file took longer than ${PARSE_BUDGET_MS / 1000} s to read (is it generated or broken?). Definitions after this point are not seen.`,
    });
  }
  const cursor = p.tree.cursor();
  do {
    if (cursor.type.isError) {
      const from = cursor.from;
      const to = Math.max(cursor.to, Math.min(from + 1, p.text.length));
      const range = p.lines.range(from, to);
      const near = p.text.slice(from, Math.min(to, from + 20)).split('\n')[0];
      out.push({
        file: p.file,
        range,
        severity: 'error',
        code: 'python-syntax',
        message: near ? `Python syntax error near '${near}'` : 'Python syntax error: unexpected end of input',
      });
      if (out.length >= limit) break;
    }
  } while (cursor.next());
  return out;
}
