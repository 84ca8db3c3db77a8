// Per-module facts read from one Python file's syntax tree: top-level bindings (classes,
// functions, imports, assignments), star imports, `__all__`, PEP 562 lazy exports, and per-class
// members. Cached by the file's stamp. Nothing is executed.
import type { FileSystem } from '../fs';
import type { Range } from '../model';
import { child, children, nodeRange, nodeText, parsePython, statements, stringValue, type ParsedPython, type SyntaxNode } from './syntax';

/** `from <level dots><module> import ...` or `import <module>`; level 0 is absolute. */
export interface ImportSource {
  level: number;
  module: string;
}

export type Binding =
  | { kind: 'class'; cls: ClassFacts }
  | { kind: 'function'; name: string; node: SyntaxNode; range: Range }
  /** `from M import name [as alias]`. */
  | { kind: 'from'; source: ImportSource; name: string; node: SyntaxNode; range: Range }
  /** `import a.b as m` (module `a.b`) or `import a.b` (binds `a`, module `a`). */
  | { kind: 'module'; source: ImportSource; node: SyntaxNode; range: Range }
  /** `X = <expr>` / `X: T = <expr>`. */
  | { kind: 'assign'; value: SyntaxNode; node: SyntaxNode; range: Range };

export interface MemberFacts {
  name: string;
  kind: 'attribute' | 'property' | 'method' | 'class';
  /** The statement (FunctionDefinition, AssignStatement, ClassDefinition). */
  node: SyntaxNode;
  /** The assigned value of an attribute. */
  value?: SyntaxNode;
  decorators: string[];
  abstract: boolean;
  range: Range;
}

export interface ClassFacts {
  name: string;
  /** Qualified name inside the module (`Outer.Inner`). */
  qualName: string;
  file: string;
  node: SyntaxNode;
  range: Range;
  nameRange: Range;
  /** Base-class expressions (keyword arguments such as metaclass= left out). */
  bases: SyntaxNode[];
  /** Members in definition order; a later definition of a name replaces an earlier one. */
  members: Map<string, MemberFacts>;
  /** Annotated names without a value (`x: int`), in order, for models. */
  annotations: Array<{ name: string; node: SyntaxNode; annotation: SyntaxNode; value?: SyntaxNode }>;
  nested: Map<string, ClassFacts>;
  docstring?: string;
  decorators: string[];
}

/** A lazily exported name (PEP 562 `__getattr__`): `attr` of module `source`. */
export interface LazyExport {
  source: ImportSource;
  attr: string;
  range: Range;
}

export interface ModuleFacts {
  file: string;
  parsed: ParsedPython;
  bindings: Map<string, Binding>;
  starImports: Array<{ source: ImportSource; range: Range }>;
  /** `__all__`, when a literal list/tuple of strings (with `+=` extensions). */
  all?: string[];
  lazy: Map<string, LazyExport>;
  /** Top-level classes by name. */
  classes: Map<string, ClassFacts>;
}

// ---------------------------------------------------------------------------------------------

/** Reads and caches module facts by file stamp. Every file asked for is recorded in `reads`. */
export class FactsCache {
  private readonly cache = new Map<string, { stamp: string; facts: ModuleFacts | undefined }>();
  constructor(private readonly fs: FileSystem) {}

  get(file: string, reads?: Set<string>): ModuleFacts | undefined {
    reads?.add(file);
    const stamp = this.fs.stamp(file);
    const hit = this.cache.get(file);
    let facts: ModuleFacts | undefined;
    if (hit && hit.stamp === stamp) facts = hit.facts;
    else {
      const text = this.fs.readFile(file);
      facts = text === undefined ? undefined : extractFacts(file, text);
      this.cache.set(file, { stamp, facts });
    }
    this.noteTimed(file);
    return facts;
  }

  /**
   * Tell the file system when the facts held for a file come from a parse cut off by its time
   * budget: whatever is made from them (here or in a cache above) depends on the clock.
   */
  noteTimed(file: string): void {
    if (this.cache.get(file)?.facts?.parsed.stopReason === 'time') this.fs.taint?.(`parsing ${file} ran out of time`);
  }

  invalidate(files: string[]): void {
    for (const f of files) this.cache.delete(f);
  }
}

export function extractFacts(file: string, text: string): ModuleFacts {
  const parsed = parsePython(file, text);
  const facts: ModuleFacts = { file, parsed, bindings: new Map(), starImports: [], lazy: new Map(), classes: new Map() };
  collectModule(facts, statements(parsed.tree.topNode), 'all');
  const ga = facts.bindings.get('__getattr__');
  if (ga && ga.kind === 'function') collectLazy(facts, ga.node);
  return facts;
}

/** Names already bound may be rebound only in `mode: 'all'` (straight-line code). */
function collectModule(facts: ModuleFacts, stmts: SyntaxNode[], mode: 'all' | 'new'): void {
  const p = facts.parsed;
  const bind = (name: string, b: Binding) => {
    if (mode === 'new' && facts.bindings.has(name)) return;
    facts.bindings.set(name, b);
    if (b.kind === 'class') facts.classes.set(name, b.cls);
    else facts.classes.delete(name);
  };
  for (const s of stmts) {
    const inner = unwrapDecorated(s);
    switch (inner.node.name) {
      case 'ClassDefinition': {
        const cls = classFacts(p, inner.node, '', inner.decorators);
        if (cls) bind(cls.name, { kind: 'class', cls });
        break;
      }
      case 'FunctionDefinition': {
        const n = child(inner.node, 'VariableName');
        if (n) bind(nodeText(p, n), { kind: 'function', name: nodeText(p, n), node: inner.node, range: nodeRange(p, n) });
        break;
      }
      case 'ImportStatement':
        for (const imp of importBindings(p, inner.node)) {
          if (imp.star) {
            facts.starImports.push({ source: imp.source, range: nodeRange(p, inner.node) });
          } else bind(imp.local, imp.binding!);
        }
        break;
      case 'AssignStatement': {
        const targets = assignTargets(inner.node);
        const value = assignValue(inner.node);
        for (const t of targets) {
          const name = nodeText(p, t);
          if (name === '__all__' && value) {
            const list = stringList(p, value);
            facts.all = list;
          }
          if (value) bind(name, { kind: 'assign', value, node: inner.node, range: nodeRange(p, t) });
        }
        break;
      }
      case 'UpdateStatement': {
        const t = inner.node.firstChild;
        const op = child(inner.node, 'UpdateOp');
        const value = inner.node.lastChild;
        if (t && t.name === 'VariableName' && nodeText(p, t) === '__all__' && op && nodeText(p, op) === '+=' && value) {
          const list = stringList(p, value);
          facts.all = facts.all && list ? [...facts.all, ...list] : undefined;
        }
        break;
      }
      case 'IfStatement': {
        const first = children(inner.node)[1];
        const typeChecking =
          first &&
          ((first.name === 'VariableName' && nodeText(p, first) === 'TYPE_CHECKING') ||
            (first.name === 'MemberExpression' && nodeText(p, first).endsWith('.TYPE_CHECKING')));
        if (typeChecking) break;
        for (const b of inner.node.getChildren('Body')) collectModule(facts, statements(b), 'new');
        break;
      }
      case 'TryStatement': {
        const bodies = inner.node.getChildren('Body');
        bodies.forEach((b, i) => collectModule(facts, statements(b), i === 0 ? mode : 'new'));
        break;
      }
      default:
        break;
    }
  }
}

export function unwrapDecorated(s: SyntaxNode): { node: SyntaxNode; decorators: SyntaxNode[] } {
  if (s.name !== 'DecoratedStatement') return { node: s, decorators: [] };
  const decorators = s.getChildren('Decorator');
  const node = child(s, 'ClassDefinition', 'FunctionDefinition') ?? s;
  return { node, decorators };
}

/** A decorator's dotted name without call arguments: `@functools.cached_property` -> `functools.cached_property`. */
export function decoratorName(p: ParsedPython, d: SyntaxNode): string {
  const parts: string[] = [];
  for (const c of children(d)) {
    if (c.name === 'VariableName' || c.name === 'PropertyName') parts.push(nodeText(p, c));
    else if (c.name === 'ArgList') break;
  }
  return parts.join('.');
}

function classFacts(p: ParsedPython, node: SyntaxNode, outer: string, decorators: SyntaxNode[]): ClassFacts | undefined {
  const nameNode = child(node, 'VariableName');
  if (!nameNode) return undefined;
  const name = nodeText(p, nameNode);
  const qualName = outer ? `${outer}.${name}` : name;
  const bases: SyntaxNode[] = [];
  const args = child(node, 'ArgList');
  if (args) {
    const cs = children(args);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === '(' || c.name === ')' || c.name === ',') continue;
      if (cs[i + 1]?.name === 'AssignOp') {
        i += 2;
        continue;
      } // keyword argument
      if (c.name === '*' || c.name === '**') {
        i += 1;
        continue;
      }
      bases.push(c);
    }
  }
  const cls: ClassFacts = {
    name,
    qualName,
    file: p.file,
    node,
    range: nodeRange(p, node.parent?.name === 'DecoratedStatement' ? node.parent : node),
    nameRange: nodeRange(p, nameNode),
    bases,
    members: new Map(),
    annotations: [],
    nested: new Map(),
    decorators: decorators.map((d) => decoratorName(p, d)),
  };
  const body = child(node, 'Body');
  if (body) {
    const stmts = statements(body);
    const first = stmts[0];
    if (first?.name === 'ExpressionStatement' && first.firstChild && /String$/.test(first.firstChild.name)) {
      cls.docstring = stringValue(p, first.firstChild);
    }
    for (const s of stmts) collectMember(p, cls, s);
  }
  return cls;
}

function collectMember(p: ParsedPython, cls: ClassFacts, s: SyntaxNode): void {
  const { node, decorators } = unwrapDecorated(s);
  const decos = decorators.map((d) => decoratorName(p, d));
  const abstract = decos.some((d) => d === 'abstractmethod' || d.endsWith('.abstractmethod') || d === 'abstractproperty' || d.endsWith('.abstractproperty'));
  if (node.name === 'FunctionDefinition') {
    const n = child(node, 'VariableName');
    if (!n) return;
    const isProp = decos.some((d) => /(^|\.)(property|cached_property|abstractproperty)$/.test(d));
    const isSetter = decos.some((d) => /\.(setter|deleter)$/.test(d));
    if (isSetter) return;
    cls.members.set(nodeText(p, n), { name: nodeText(p, n), kind: isProp ? 'property' : 'method', node, decorators: decos, abstract, range: nodeRange(p, n) });
  } else if (node.name === 'ClassDefinition') {
    const nested = classFacts(p, node, cls.qualName, decorators);
    if (!nested) return;
    cls.nested.set(nested.name, nested);
    cls.members.set(nested.name, { name: nested.name, kind: 'class', node, decorators: decos, abstract: false, range: nested.nameRange });
  } else if (node.name === 'AssignStatement') {
    const targets = assignTargets(node);
    const value = assignValue(node);
    const typeDef = child(node, 'TypeDef');
    const annotation = typeDef ? children(typeDef).find((c) => c.name !== ':') : undefined;
    for (const t of targets) {
      const name = nodeText(p, t);
      if (annotation && targets.length === 1) cls.annotations.push({ name, node, annotation, value });
      if (value) cls.members.set(name, { name, kind: 'attribute', node, value, decorators: [], abstract: false, range: nodeRange(p, t) });
    }
  }
}

/** Simple-name targets of `a = b = value` / `a: T = value` / `a: T` (tuple targets are skipped). */
function assignTargets(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cs = children(node);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const next = cs[i + 1];
    if (c.name === 'VariableName' && next && (next.name === 'AssignOp' || next.name === 'TypeDef')) out.push(c);
  }
  return out;
}

/** The assigned value (last child after the last `=`), or undefined for a bare annotation. */
function assignValue(node: SyntaxNode): SyntaxNode | undefined {
  const last = node.lastChild;
  if (!last || last.name === 'TypeDef' || last.name === 'AssignOp') return undefined;
  if (!node.getChild('AssignOp')) return undefined;
  return last;
}

/** A list/tuple of string literals, or undefined. */
export function stringList(p: ParsedPython, n: SyntaxNode): string[] | undefined {
  if (n.name === 'ParenthesizedExpression') {
    const inner = children(n).find((c) => c.name !== '(' && c.name !== ')');
    return inner ? stringList(p, inner) : undefined;
  }
  if (n.name !== 'ArrayExpression' && n.name !== 'TupleExpression' && n.name !== 'SetExpression') return undefined;
  const out: string[] = [];
  for (const c of children(n)) {
    if (['[', ']', '(', ')', '{', '}', ','].includes(c.name)) continue;
    const v = stringValue(p, c);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

interface ImportItem {
  local: string;
  star: boolean;
  source: ImportSource;
  binding?: Binding;
}

/** The names an ImportStatement binds. */
export function importBindings(p: ParsedPython, node: SyntaxNode): ImportItem[] {
  const cs = children(node).filter((c) => c.name !== '(' && c.name !== ')');
  const range = nodeRange(p, node);
  const out: ImportItem[] = [];
  if (cs[0]?.name === 'from') {
    let i = 1;
    let level = 0;
    const modParts: string[] = [];
    for (; i < cs.length && cs[i].name !== 'import'; i++) {
      const c = cs[i];
      if (c.name === '.') {
        if (modParts.length === 0) level++;
      } else if (c.name === 'Ellipsis') level += 3;
      else if (c.name === 'VariableName') modParts.push(nodeText(p, c));
    }
    const source: ImportSource = { level, module: modParts.join('.') };
    i++;
    for (; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === '*') {
        out.push({ local: '*', star: true, source });
        continue;
      }
      if (c.name !== 'VariableName') continue;
      const name = nodeText(p, c);
      let local = name;
      if (cs[i + 1]?.name === 'as' && cs[i + 2]?.name === 'VariableName') {
        local = nodeText(p, cs[i + 2]);
        i += 2;
      }
      out.push({ local, star: false, source, binding: { kind: 'from', source, name, node, range } });
    }
    return out;
  }
  // import a.b.c [as x], d
  let parts: string[] = [];
  for (let i = 1; i <= cs.length; i++) {
    const c = cs[i];
    if (!c || c.name === ',') {
      if (parts.length) {
        const source: ImportSource = { level: 0, module: parts[0] };
        out.push({ local: parts[0], star: false, source, binding: { kind: 'module', source, node, range } });
      }
      parts = [];
      continue;
    }
    if (c.name === 'VariableName') parts.push(nodeText(p, c));
    else if (c.name === 'as' && cs[i + 1]?.name === 'VariableName') {
      const source: ImportSource = { level: 0, module: parts.join('.') };
      out.push({ local: nodeText(p, cs[i + 1]), star: false, source, binding: { kind: 'module', source, node, range } });
      parts = [];
      i++;
    }
  }
  return out;
}

// --- PEP 562 lazy exports ---------------------------------------------------------------------

function collectLazy(facts: ModuleFacts, fn: SyntaxNode): void {
  const p = facts.parsed;
  const body = child(fn, 'Body');
  const params = child(fn, 'ParamList');
  const paramName = params ? child(params, 'VariableName') : null;
  if (!body || !paramName) return;
  const param = nodeText(p, paramName);
  const visit = (stmts: SyntaxNode[]) => {
    for (const s of stmts) {
      if (s.name !== 'IfStatement') continue;
      const cs = children(s);
      for (let i = 0; i < cs.length; i++) {
        if ((cs[i].name === 'if' || cs[i].name === 'elif') && cs[i + 1] && cs[i + 2]?.name === 'Body') {
          const names = lazyNames(facts, cs[i + 1], param);
          if (names) lazyBranch(facts, statements(cs[i + 2]), names, param);
          visit(statements(cs[i + 2]));
        } else if (cs[i].name === 'else' && cs[i + 1]?.name === 'Body') visit(statements(cs[i + 1]));
      }
    }
  };
  visit(statements(body));
}

/** Names a condition selects, each with a module when a mapping dict gives one. */
function lazyNames(facts: ModuleFacts, cond: SyntaxNode, param: string): Map<string, string | undefined> | undefined {
  const p = facts.parsed;
  if (cond.name !== 'BinaryExpression') return undefined;
  const cs = children(cond);
  if (cs.length !== 3) return undefined;
  const [a, op, b] = cs;
  const opText = nodeText(p, op);
  const isParam = (n: SyntaxNode) => n.name === 'VariableName' && nodeText(p, n) === param;
  const out = new Map<string, string | undefined>();
  if (opText === '==') {
    const lit = isParam(a) ? b : isParam(b) ? a : undefined;
    const v = lit ? stringValue(p, lit) : undefined;
    if (v === undefined) return undefined;
    out.set(v, undefined);
    return out;
  }
  if (opText === 'in' && isParam(a)) {
    const list = stringList(p, b);
    if (list) {
      for (const n of list) out.set(n, undefined);
      return out;
    }
    if (b.name === 'VariableName') {
      const bound = facts.bindings.get(nodeText(p, b));
      if (bound?.kind === 'assign') {
        const d = stringDict(p, bound.value);
        if (d) {
          for (const [k, v] of d) out.set(k, v);
          return out;
        }
        const l = stringList(p, bound.value);
        if (l) {
          for (const n of l) out.set(n, undefined);
          return out;
        }
      }
    }
  }
  return undefined;
}

/** `{"A": ".mod", ...}` with string keys and values. */
export function stringDict(p: ParsedPython, n: SyntaxNode): Map<string, string> | undefined {
  if (n.name !== 'DictionaryExpression') return undefined;
  const cs = children(n).filter((c) => !['{', '}', ','].includes(c.name));
  const out = new Map<string, string>();
  for (let i = 0; i + 2 < cs.length + 1; i += 3) {
    if (cs[i + 1]?.name !== ':') return undefined;
    const k = stringValue(p, cs[i]);
    const v = cs[i + 2] ? stringValue(p, cs[i + 2]) : undefined;
    if (k === undefined || v === undefined) return undefined;
    out.set(k, v);
  }
  return out;
}

function importModuleCall(p: ParsedPython, n: SyntaxNode, names: Map<string, string | undefined>): ((name: string) => ImportSource | undefined) | undefined {
  if (n.name !== 'CallExpression') return undefined;
  const callee = n.firstChild;
  if (!callee || !/(^|\.)import_module$/.test(nodeText(p, callee))) return undefined;
  const args = child(n, 'ArgList');
  const first = args ? children(args).find((c) => !['(', ')', ','].includes(c.name)) : undefined;
  if (!first) return undefined;
  const lit = stringValue(p, first);
  if (lit !== undefined) return () => dottedSource(lit);
  // import_module(_LAZY[name], ...) — the module comes from the mapping.
  if (first.name === 'MemberExpression' && child(first, '['))
    return (name) => {
      const m = names.get(name);
      return m === undefined ? undefined : dottedSource(m);
    };
  return undefined;
}

function dottedSource(s: string): ImportSource {
  let level = 0;
  while (s[level] === '.') level++;
  return { level, module: s.slice(level) };
}

function lazyBranch(facts: ModuleFacts, stmts: SyntaxNode[], names: Map<string, string | undefined>, param: string): void {
  const p = facts.parsed;
  const imported = new Map<string, { source: ImportSource; name: string }>();
  const modules = new Map<string, (name: string) => ImportSource | undefined>();
  for (const s of stmts) {
    if (s.name === 'ImportStatement') {
      for (const imp of importBindings(p, s)) if (imp.binding?.kind === 'from') imported.set(imp.local, { source: imp.source, name: imp.binding.name });
    } else if (s.name === 'AssignStatement') {
      const t = s.firstChild;
      const v = s.lastChild;
      const mod = v ? importModuleCall(p, v, names) : undefined;
      if (t?.name === 'VariableName' && mod) modules.set(nodeText(p, t), mod);
    } else if (s.name === 'ReturnStatement') {
      const e = children(s).find((c) => c.name !== 'return');
      if (!e) continue;
      const range = nodeRange(p, e);
      const set = (name: string, source: ImportSource | undefined, attr: string) => {
        if (source && !facts.lazy.has(name)) facts.lazy.set(name, { source, attr, range });
      };
      const moduleOf = (m: SyntaxNode): ((name: string) => ImportSource | undefined) | undefined =>
        m.name === 'VariableName' ? modules.get(nodeText(p, m)) : importModuleCall(p, m, names);
      if (e.name === 'VariableName') {
        const imp = imported.get(nodeText(p, e));
        if (imp) for (const n of names.keys()) set(n, imp.source, imp.name);
      } else if (e.name === 'MemberExpression' && child(e, '[')) {
        // globals()[name]
        for (const n of names.keys()) {
          const imp = imported.get(n);
          if (imp) set(n, imp.source, imp.name);
        }
      } else if (e.name === 'MemberExpression') {
        const obj = e.firstChild;
        const prop = child(e, 'PropertyName');
        const mod = obj ? moduleOf(obj) : undefined;
        if (mod && prop) for (const n of names.keys()) set(n, mod(n), nodeText(p, prop));
      } else if (e.name === 'CallExpression' && e.firstChild && nodeText(p, e.firstChild) === 'getattr') {
        const args = child(e, 'ArgList');
        const as = args ? children(args).filter((c) => !['(', ')', ','].includes(c.name)) : [];
        const mod = as[0] ? moduleOf(as[0]) : undefined;
        if (mod && as[1]) {
          const lit = stringValue(p, as[1]);
          const isParam = as[1].name === 'VariableName' && nodeText(p, as[1]) === param;
          for (const n of names.keys()) if (lit !== undefined || isParam) set(n, mod(n), lit ?? n);
        }
      }
    }
  }
}
