// Imports of floe_core in plugin sources, checked against the floe-core source in use: a module
// that does not exist there, or a name it neither defines nor re-exports, is what Python would
// refuse with ImportError. Modules whose names cannot all be known statically (a PEP 562
// `__getattr__` beyond the recognised lazy exports, a star import from outside) are not judged.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Range, TextEditData } from '../model';
import { closest } from '../pluginTypes';
import type { FactsCache, ModuleFacts } from './moduleFacts';
import { findModule, resolveSource, type ModuleLoc } from './moduleResolver';
import { SymbolResolver } from './symbols';
import { nodeRange, nodeText, type ParsedPython, type SyntaxNode } from './syntax';

/** Where an import runs: at module import time, inside a function, a try block, or only for type checkers. */
export type ImportContext = 'module' | 'function' | 'try' | 'type-checking';

export interface FloeImportProblem {
  file: string;
  range: Range;
  context: ImportContext;
  /** `floe_core.x` when the module is missing, else the module the name was looked up in. */
  module: string;
  /** The name that is missing (undefined when the module itself is). */
  name?: string;
  /** A better import, when one is known (`from floe_core.plugins.rbac import RBACPlugin`). */
  suggestion?: string;
  /** The import that works, as an edit, when the name is defined elsewhere in floe-core. */
  fix?: { title: string; edits: TextEditData[] };
}

/** A floe-core public name and where it is defined, for suggestions (the ABCs). */
export interface KnownName {
  name: string;
  module: string;
}

function contextOf(p: ModuleFacts['parsed'], node: SyntaxNode): ImportContext {
  let ctx: ImportContext = 'module';
  for (let n = node.parent, inner: SyntaxNode = node; n; inner = n, n = n.parent) {
    if (n.name === 'FunctionDefinition' || n.name === 'LambdaExpression') return 'function';
    // `if TYPE_CHECKING:` guards its first body only (not elif/else); any part of a try statement
    // may be skipped or have its ImportError caught.
    const firstBody = inner.name === 'Body' && inner.from === n.getChild('Body')?.from;
    if (n.name === 'IfStatement' && firstBody) {
      const cond = n.firstChild?.nextSibling;
      if (cond && /(^|\.)TYPE_CHECKING$/.test(nodeText(p, cond))) return 'type-checking';
    }
    if (n.name === 'TryStatement') ctx = 'try';
  }
  return ctx;
}

interface ParsedImport {
  module: string;
  parts: SyntaxNode[];
  names: SyntaxNode[];
  star: boolean;
}

/** `from floe_core.x import a, b` / `import floe_core.x.y [as z]` (absolute floe_core imports only). */
function floeImports(p: ModuleFacts['parsed'], node: SyntaxNode): ParsedImport[] {
  const cs: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== '(' && c.name !== ')') cs.push(c);
  const out: ParsedImport[] = [];
  if (cs[0]?.name === 'from') {
    if (cs[1]?.name !== 'VariableName' || nodeText(p, cs[1]) !== 'floe_core') return out;
    let i = 1;
    const parts: SyntaxNode[] = [];
    for (; i < cs.length && cs[i].name !== 'import'; i++) if (cs[i].name === 'VariableName') parts.push(cs[i]);
    const names: SyntaxNode[] = [];
    let star = false;
    for (i++; i < cs.length; i++) {
      if (cs[i].name === '*') star = true;
      else if (cs[i].name === 'VariableName') {
        names.push(cs[i]);
        if (cs[i + 1]?.name === 'as') i += 2;
      }
    }
    out.push({ module: parts.map((x) => nodeText(p, x)).join('.'), parts, names, star });
    return out;
  }
  let parts: SyntaxNode[] = [];
  const flush = () => {
    if (parts.length && nodeText(p, parts[0]) === 'floe_core') {
      out.push({ module: parts.map((x) => nodeText(p, x)).join('.'), parts, names: [], star: false });
    }
    parts = [];
  };
  for (let i = 1; i < cs.length; i++) {
    if (cs[i].name === 'VariableName') parts.push(cs[i]);
    else if (cs[i].name === 'as') {
      flush();
      i++;
    } else if (cs[i].name === ',') flush();
  }
  flush();
  return out;
}

/** Can every name of this module be known statically? */
function namesKnowable(fs: FileSystem, mod: ModuleFacts | undefined, roots: string[]): boolean {
  if (!mod) return true;
  if (mod.bindings.get('__getattr__')?.kind === 'function') return false;
  return mod.starImports.every((s) => resolveSource(fs, mod.file, s.source, roots) !== undefined);
}

/**
 * `definedIn(name)`: the floe-core module that defines `name`, when one does (for the fix that
 * imports it from there).
 */
export function checkFloeCoreImports(
  fs: FileSystem,
  facts: FactsCache,
  file: string,
  coreDir: string,
  known: KnownName[] = [],
  reads = new Set<string>(),
  definedIn: (name: string) => string | undefined = () => undefined,
): FloeImportProblem[] {
  const m = facts.get(file, reads);
  if (!m || !m.parsed.text.includes('floe_core')) return [];
  const p = m.parsed;
  const roots = [path.dirname(coreDir)];
  const resolver = new SymbolResolver(fs, facts, roots, reads);
  const out: FloeImportProblem[] = [];
  const cursor = p.tree.cursor();
  do {
    if (cursor.name !== 'ImportStatement') continue;
    const node = cursor.node;
    for (const imp of floeImports(p, node)) {
      const context = contextOf(p, node);
      const loc = locate(fs, imp.module, roots);
      if (!loc.found) {
        // The range covers the dotted name up to the part that is missing.
        const last = imp.parts[loc.missing.split('.').length - 1];
        out.push({ file, range: p.lines.range(imp.parts[0].from, last.to), context, module: loc.missing });
        continue;
      }
      if (!imp.names.length) continue;
      const target = loc.found.file ? resolver.module(loc.found.file) : undefined;
      if (!namesKnowable(fs, target, roots)) continue;
      for (const n of imp.names) {
        const name = nodeText(p, n);
        if (resolver.resolveAttr(loc.found, name).kind !== 'unresolved') continue;
        const home = definedIn(name);
        const problem: FloeImportProblem = { file, range: nodeRange(p, n), context, module: imp.module, name, ...suggest(name, imp.module, target, known) };
        if (home && home !== imp.module) {
          problem.suggestion = `from ${home} import ${name}`;
          problem.fix = { title: `Import ${name} from ${home}`, edits: moveImport(p, node, imp, n, home) };
        }
        out.push(problem);
      }
    }
  } while (cursor.next());
  return out;
}

/** The module, or the first dotted prefix of it that does not exist (as Python names it). */
function locate(fs: FileSystem, dotted: string, roots: string[]): { found?: ModuleLoc; missing: string } {
  const parts = dotted.split('.');
  let loc: ModuleLoc | undefined;
  for (let i = 1; i <= parts.length; i++) {
    loc = findModule(fs, parts.slice(0, i).join('.'), roots);
    if (!loc) return { missing: parts.slice(0, i).join('.') };
  }
  return { found: loc, missing: '' };
}

function suggest(name: string, module: string, target: ModuleFacts | undefined, known: KnownName[]): { suggestion?: string } {
  const key = name.toLowerCase().replace(/[^a-z]/g, '');
  const abc = known.find((k) => k.name.toLowerCase().replace(/[^a-z]/g, '') === key);
  if (abc) return { suggestion: `from ${abc.module} import ${abc.name}` };
  const names = target ? [...new Set([...target.bindings.keys(), ...target.lazy.keys(), ...(target.all ?? [])])].filter((n) => !n.startsWith('_')) : [];
  const near = closest(name, names, 1)[0];
  return near ? { suggestion: `from ${module} import ${near}` } : {};
}

/**
 * The edits that import one name of a `from floe_core.x import ...` statement from `home` instead:
 * the module changed when it is the statement's only name; otherwise the name (with its alias)
 * taken out and a statement of its own added on the next line, at the same indentation.
 */
function moveImport(p: ParsedPython, stmt: SyntaxNode, imp: ParsedImport, n: SyntaxNode, home: string): TextEditData[] {
  const file = p.file;
  const text = p.text;
  const first = imp.parts[0],
    last = imp.parts[imp.parts.length - 1];
  if (imp.names.length === 1 && !imp.star) return [{ file, range: p.lines.range(first.from, last.to), newText: home }];
  // The name and its `as alias`.
  let end = n.to;
  const alias = /^\s+as\s+[A-Za-z_]\w*/.exec(text.slice(end));
  if (alias) end += alias[0].length;
  const local = text.slice(n.from, end).replace(/\s+/g, ' ');
  const after = /^\s*,[ \t]*/.exec(text.slice(end, stmt.to));
  const before = /,\s*$/.exec(text.slice(stmt.from, n.from));
  const cut = after ? [n.from, end + after[0].length] : before ? [stmt.from + before.index, end] : [n.from, end];
  const lineStart = text.lastIndexOf('\n', stmt.from - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  let stmtEnd = stmt.to;
  while (stmtEnd > stmt.from && /\s/.test(text[stmtEnd - 1])) stmtEnd--;
  const at = p.lines.position(stmtEnd);
  return [
    { file, range: p.lines.range(cut[0], cut[1]), newText: '' },
    { file, range: { start: at, end: at }, newText: `\n${indent}from ${home} import ${local}` },
  ];
}
