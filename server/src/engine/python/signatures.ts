// Member signatures read from Python source: a method's or property's parameters, return
// annotation, first docstring paragraph, and the names its annotations and defaults use with the
// import that brings each into scope in the module that declares it (imports made only for type
// checkers included). Used to write stubs that implement an ABC's abstract members.
import type { ClassFacts, ModuleFacts } from './moduleFacts';
import { importBindings } from './moduleFacts';
import { child, children, nodeText, statements, stringValue, type ParsedPython, type SyntaxNode } from './syntax';

/** A name an annotation or default uses, and how the declaring module imports it. */
export interface NeededName {
  /** The name as written in the signature. */
  local: string;
  /** `from <module> import <name>`; without `name`: `import <module>`. */
  module: string;
  name?: string;
  /** The declaring module imports it only for type checkers (`if TYPE_CHECKING:`). */
  typeOnly: boolean;
}

export interface MemberSignature {
  name: string;
  kind: 'property' | 'method';
  async: boolean;
  /** Parameters after `self`, one per entry, formatted `name: T = default` (`*`, `/` as written). */
  params: string[];
  /** The return annotation, when one is written. */
  returns?: string;
  /** What the member must do: the first paragraph of its docstring. */
  doc?: string;
  /** Names the annotations and defaults use that need an import. */
  needs: NeededName[];
  /** The class that declares it. */
  owner: string;
}

/** Names Python knows without an import. */
const BUILTIN_NAMES = new Set([
  'None',
  'True',
  'False',
  'str',
  'int',
  'float',
  'bool',
  'bytes',
  'bytearray',
  'complex',
  'list',
  'dict',
  'tuple',
  'set',
  'frozenset',
  'type',
  'object',
  'range',
  'slice',
  'memoryview',
  'Ellipsis',
  'NotImplemented',
  'self',
  'cls',
]);

/** Whitespace and comments of a source fragment folded onto one line. */
export function oneLine(text: string): string {
  return text
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/([[(]) /g, '$1')
    .replace(/ ([\])])/g, '$1')
    .replace(/,\s*([\])])/g, '$1')
    .trim();
}

/** The dotted module name a file defines, given the module name of its package path. */
function absoluteSource(moduleName: string, isPackage: boolean, level: number, module: string): string {
  if (level === 0) return module;
  const parts = moduleName.split('.');
  // A package's relative imports start from the package itself; a module's from its parent.
  const keep = parts.length - (isPackage ? 0 : 1) - (level - 1);
  const base = parts.slice(0, Math.max(0, keep));
  return [...base, ...(module ? module.split('.') : [])].join('.');
}

export interface ImportTableEntry {
  module: string;
  name?: string;
  typeOnly: boolean;
}

/**
 * Every top-level name of a module with where it comes from: its own definitions (as
 * `moduleName`), and its imports, including those under `if TYPE_CHECKING:` (marked typeOnly).
 */
export function importTable(m: ModuleFacts, moduleName: string): Map<string, ImportTableEntry> {
  const p = m.parsed;
  const isPackage = /(^|[\\/])__init__\.pyi?$/.test(m.file);
  const out = new Map<string, ImportTableEntry>();
  for (const [name, b] of m.bindings) {
    if (b.kind === 'class' || b.kind === 'function' || b.kind === 'assign') out.set(name, { module: moduleName, name, typeOnly: false });
  }
  const visit = (stmts: SyntaxNode[], typeOnly: boolean) => {
    for (const s of stmts) {
      if (s.name === 'ImportStatement') {
        for (const imp of importBindings(p, s)) {
          if (imp.star || !imp.binding) continue;
          const module = absoluteSource(moduleName, isPackage, imp.source.level, imp.source.module);
          if (!module) continue;
          const b = imp.binding;
          const entry: ImportTableEntry = b.kind === 'from' ? { module, name: b.name, typeOnly } : { module, typeOnly };
          const prev = out.get(imp.local);
          if (!prev || (prev.typeOnly && !typeOnly)) out.set(imp.local, entry);
        }
      } else if (s.name === 'IfStatement') {
        const cond = children(s)[1];
        const tc = !!cond && /(^|\.)TYPE_CHECKING$/.test(nodeText(p, cond));
        const bodies = s.getChildren('Body');
        bodies.forEach((b, i) => visit(statements(b), typeOnly || (tc && i === 0)));
      } else if (s.name === 'TryStatement') {
        for (const b of s.getChildren('Body')) visit(statements(b), typeOnly);
      }
    }
  };
  visit(statements(p.tree.topNode), false);
  return out;
}

/** The base names an expression uses (`a.b[c]` -> `a`, `c`); string literals are not looked into. */
function usedNames(p: ParsedPython, n: SyntaxNode, out: Set<string>): void {
  if (n.name === 'VariableName') {
    out.add(nodeText(p, n));
    return;
  }
  if (/String$/.test(n.name) || n.name === 'PropertyName') return;
  for (const c of children(n)) usedNames(p, c, out);
}

/** The first paragraph of a docstring, on one line. */
export function docSummary(doc: string | undefined): string | undefined {
  if (!doc) return undefined;
  const para = doc.trim().split(/\n\s*\n/)[0];
  const line = para.replace(/\s+/g, ' ').trim();
  return line || undefined;
}

function functionDoc(p: ParsedPython, fn: SyntaxNode): string | undefined {
  const body = child(fn, 'Body');
  const first = body ? statements(body)[0] : undefined;
  if (first?.name !== 'ExpressionStatement' || !first.firstChild || !/String$/.test(first.firstChild.name)) return undefined;
  return docSummary(stringValue(p, first.firstChild));
}

/** Parameters of a ParamList, each formatted on its own; the first (`self`/`cls`) left out. */
function paramTexts(p: ParsedPython, list: SyntaxNode, names: Set<string>): string[] {
  const groups: SyntaxNode[][] = [[]];
  for (const c of children(list)) {
    if (c.name === '(' || c.name === ')') continue;
    if (c.name === ',') {
      groups.push([]);
      continue;
    }
    groups[groups.length - 1].push(c);
  }
  const out: string[] = [];
  for (const g of groups.filter((x) => x.length)) {
    let text = '';
    let annotated = false;
    for (let i = 0; i < g.length; i++) {
      const c = g[i];
      if (c.name === '*' || c.name === '**' || c.name === '/') text += nodeText(p, c);
      else if (c.name === 'VariableName' && !text.replace(/\*|\//g, '')) text += nodeText(p, c);
      else if (c.name === 'TypeDef') {
        const ann = children(c).filter((x) => x.name !== ':');
        for (const a of ann) usedNames(p, a, names);
        text += `: ${oneLine(ann.map((a) => nodeText(p, a)).join(' '))}`;
        annotated = true;
      } else if (c.name === 'AssignOp') {
        const rest = g.slice(i + 1);
        for (const r of rest) usedNames(p, r, names);
        text += `${annotated ? ' = ' : '='}${oneLine(rest.map((r) => nodeText(p, r)).join(' '))}`;
        break;
      }
    }
    out.push(text);
  }
  return out.slice(1);
}

/** The signature of a method or property declared in `cls` (module `m`, named `moduleName`). */
export function memberSignature(
  m: ModuleFacts,
  moduleName: string,
  cls: ClassFacts,
  member: string,
  table?: Map<string, ImportTableEntry>,
): MemberSignature | undefined {
  const mem = cls.members.get(member);
  if (!mem || (mem.kind !== 'method' && mem.kind !== 'property')) return undefined;
  const p = m.parsed;
  const fn = mem.node;
  const list = child(fn, 'ParamList');
  if (!list) return undefined;
  const names = new Set<string>();
  const params = paramTexts(p, list, names);
  const ret = children(fn).find((c) => c.name === 'TypeDef');
  let returns: string | undefined;
  if (ret) {
    const ann = children(ret).filter((x) => x.name !== '->' && x.name !== ':');
    for (const a of ann) usedNames(p, a, names);
    returns = oneLine(ann.map((a) => nodeText(p, a)).join(' '));
  }
  const imports = table ?? importTable(m, moduleName);
  const doc = functionDoc(p, fn);
  const needs: NeededName[] = [];
  for (const n of [...names].sort()) {
    if (BUILTIN_NAMES.has(n)) continue;
    const e = imports.get(n);
    if (e) needs.push({ local: n, module: e.module, ...(e.name ? { name: e.name } : {}), typeOnly: e.typeOnly });
  }
  return {
    name: member,
    kind: mem.kind === 'property' ? 'property' : 'method',
    async: !!child(fn, 'async'),
    params: mem.kind === 'property' ? [] : params,
    ...(returns ? { returns } : {}),
    ...(doc ? { doc } : {}),
    needs,
    owner: cls.name,
  };
}
