// Plugin metadata as the platform would see it on an instance: member lookup through the MRO,
// property bodies and class attributes evaluated statically, PluginMetadata defaults, the ABC
// check, unimplemented abstract members and where get_config_schema() points.
import type { ConfigSchemaRef, StaticValue } from '../model';
import { evalString, evalStringList, type EvalScope, type Evaluated } from './evaluate';
import { importBindings, type Binding, type ClassFacts, type MemberFacts, type ModuleFacts } from './moduleFacts';
import { PLUGIN_METADATA, type MroEntry } from './mro';
import { SymbolResolver } from './symbols';
import { lazyConfigSchemaRef } from './configRef';
import { child, children, nodeRange, nodeText, statements, type SyntaxNode } from './syntax';

/** PluginMetadata's abstract properties. */
export const METADATA_ABSTRACT = ['name', 'version', 'floe_api_version'];

type Found =
  | { kind: 'member'; entry: Extract<MroEntry, { kind: 'class' }>; member: MemberFacts }
  | { kind: 'abstract'; owner: string }
  | { kind: 'default'; owner: string }
  | { kind: 'unknown'; entry: Extract<MroEntry, { kind: 'unknown' }> }
  | { kind: 'none' };

export class ClassMetadata {
  constructor(
    private readonly resolver: SymbolResolver,
    private readonly target: ClassFacts,
    private readonly mro: MroEntry[],
    /** Abstract members per ABC name, from floe-core's source (may be empty). */
    private readonly abstractMembers: Record<string, string[]>,
  ) {}

  /** First definition of `name` along the MRO. */
  lookup(name: string): Found {
    for (const e of this.mro) {
      if (e.kind === 'class') {
        const m = e.cls.members.get(name);
        if (m) return { kind: 'member', entry: e, member: m };
        continue;
      }
      if (e.kind === 'unknown') return { kind: 'unknown', entry: e };
      const abs =
        e.name === PLUGIN_METADATA ? [...new Set([...METADATA_ABSTRACT, ...(this.abstractMembers[e.name] ?? [])])] : (this.abstractMembers[e.name] ?? []);
      if (abs.includes(name)) return { kind: 'abstract', owner: e.name };
      if (e.name === PLUGIN_METADATA && (name === 'description' || name === 'dependencies' || name === 'get_config_schema'))
        return { kind: 'default', owner: e.name };
    }
    return { kind: 'none' };
  }

  private scope(entry: Extract<MroEntry, { kind: 'class' }>, local?: Map<string, Binding>): EvalScope {
    return {
      resolver: this.resolver,
      module: entry.module,
      local,
      selfAttr: (attr) => {
        const f = this.lookup(attr);
        if (f.kind === 'member' && f.member.kind === 'attribute' && f.member.value) return { value: f.member.value, module: f.entry.module };
        return undefined;
      },
    };
  }

  stringValue(name: string): StaticValue<string> {
    return this.value(name, (s, n) => evalString(s, n), '');
  }

  listValue(name: string): StaticValue<string[]> {
    return this.value(name, (s, n) => evalStringList(s, n), []);
  }

  private defaultValue<T>(value: T): StaticValue<T> {
    return { kind: 'known', value, file: this.target.file, range: this.target.nameRange, origin: 'default' };
  }

  private value<T>(name: string, ev: (s: EvalScope, n: SyntaxNode) => Evaluated<T>, dflt: T): StaticValue<T> {
    const hasDefault = !METADATA_ABSTRACT.includes(name);
    const f = this.lookup(name);
    switch (f.kind) {
      case 'none':
        return hasDefault ? this.defaultValue(dflt) : { kind: 'missing' };
      case 'abstract':
        return { kind: 'missing' };
      case 'default':
        return this.defaultValue(dflt);
      case 'unknown':
        return {
          kind: 'dynamic',
          file: f.entry.file,
          range: f.entry.range,
          reason: `'${name}' may be defined by base class '${f.entry.name}', which could not be resolved (${f.entry.reason})`,
        };
      case 'member':
        break;
    }
    const { entry, member } = f;
    const p = entry.module.parsed;
    const isDefault = entry.cls.name === PLUGIN_METADATA;
    if (member.abstract) return { kind: 'missing' };
    const originOf = (e: { viaName: boolean }, own: 'property' | 'attribute') =>
      isDefault ? ('default' as const) : entry.cls !== this.target ? ('base' as const) : e.viaName ? ('constant' as const) : own;
    if (member.kind === 'attribute' && member.value) {
      const r = ev(this.scope(entry), member.value);
      if (!r.ok) return { kind: 'dynamic', file: r.file, range: r.range, reason: r.reason };
      return { kind: 'known', value: r.value, file: r.file, range: r.range, origin: originOf(r, 'attribute') };
    }
    if (member.kind === 'property') {
      const ret = singleReturn(entry.module, member.node);
      if (!ret.ok) return { kind: 'dynamic', file: entry.module.file, range: member.range, reason: ret.reason };
      const r = ev(this.scope(entry, localBindings(entry.module, member.node)), ret.expr);
      if (!r.ok) return { kind: 'dynamic', file: r.file, range: r.range, reason: r.reason };
      return { kind: 'known', value: r.value, file: r.file, range: r.range, origin: originOf(r, 'property') };
    }
    const what = member.kind === 'class' ? 'a nested class' : 'a method, not a property';
    return {
      kind: 'dynamic',
      file: entry.module.file,
      range: nodeRange(p, member.node.getChild('VariableName') ?? member.node),
      reason: `'${name}' is ${what}`,
    };
  }

  /** Base-class chain names, nearest first (the class itself left out). */
  baseNames(): string[] {
    return this.mro.slice(1).map((e) => e.name);
  }

  abcCheck(requiredAbc: string, allAbcs: string[]): { derivesFromAbc?: boolean; otherAbc?: string; baseProblem?: string } {
    const chain = this.mro.slice(1);
    const names = chain.filter((e) => e.kind !== 'unknown').map((e) => e.name);
    if (names.includes(requiredAbc)) return { derivesFromAbc: true };
    const otherAbc = names.find((n) => n !== requiredAbc && allAbcs.includes(n));
    // An inheritance cycle is decidable: Python cannot even define such classes.
    const cycle = chain.find((e) => e.kind === 'unknown' && e.reason.startsWith('inheritance cycle'));
    if (cycle && cycle.kind === 'unknown') return { derivesFromAbc: false, otherAbc, baseProblem: cycle.reason };
    const unknown = chain.some((e) => e.kind === 'unknown');
    return { derivesFromAbc: unknown ? undefined : false, otherAbc };
  }

  /** Abstract members nothing in the chain implements ([] when a base could not be resolved). */
  missingAbstract(): string[] {
    if (this.mro.some((e) => e.kind === 'unknown')) return [];
    const candidates = new Set<string>(METADATA_ABSTRACT);
    for (const e of this.mro) {
      if (e.kind === 'class') {
        for (const m of e.cls.members.values()) if (m.abstract) candidates.add(m.name);
      } else if (e.kind === 'abc') {
        for (const m of this.abstractMembers[e.name] ?? []) candidates.add(m);
      }
    }
    const out: string[] = [];
    for (const name of candidates) {
      const f = this.lookup(name);
      if (f.kind === 'none' || f.kind === 'abstract' || (f.kind === 'member' && f.member.abstract)) out.push(name);
    }
    return out;
  }

  /**
   * Where get_config_schema() points: found now, resolved when first read (configRef.ts); `read`
   * is told the files the resolution reads.
   */
  configSchema(read: (files: string[]) => void = () => undefined): ConfigSchemaRef | undefined {
    const f = this.lookup('get_config_schema');
    if (f.kind !== 'member' || f.entry.cls.name === PLUGIN_METADATA || (f.member.kind !== 'method' && f.member.kind !== 'property')) return undefined;
    const mod = f.entry.module;
    const p = mod.parsed;
    const expr = returnExprs(f.member.node).find((e) => e.name !== 'None');
    if (!expr) return undefined;
    const local = localBindings(mod, f.member.node);
    const returnRange = nodeRange(p, expr);
    const text = nodeText(p, expr);
    const { fs, facts, roots } = this.resolver;
    return lazyConfigSchemaRef(mod.file, returnRange, `${mod.file}:${returnRange.start.line}:${returnRange.start.character}:${text}`, () => {
      const reads = new Set<string>();
      const r = new SymbolResolver(fs, facts, roots, reads).resolveExpr(mod, expr, 0, local);
      read([...reads]);
      const ref: ConfigSchemaRef = { className: text.split('.').pop() ?? text, returnFile: mod.file, returnRange };
      if (r.kind === 'class') {
        ref.className = r.cls.name;
        ref.file = r.cls.file;
        ref.line = r.cls.nameRange.start.line;
        ref.range = r.cls.nameRange;
      } else if (r.kind === 'external') ref.className = r.name;
      return ref;
    });
  }
}

/** Imports and simple assignments at the top of a function body (the function's local names). */
export function localBindings(mod: ModuleFacts, fn: SyntaxNode): Map<string, Binding> {
  const p = mod.parsed;
  const out = new Map<string, Binding>();
  const body = child(fn, 'Body');
  if (!body) return out;
  const visit = (stmts: SyntaxNode[]) => {
    for (const s of stmts) {
      if (s.name === 'ImportStatement') {
        for (const imp of importBindings(p, s)) if (imp.binding) out.set(imp.local, imp.binding);
      } else if (s.name === 'AssignStatement') {
        const t = s.firstChild;
        const v = s.lastChild;
        if (t?.name === 'VariableName' && v && v !== t && s.getChild('AssignOp'))
          out.set(nodeText(p, t), { kind: 'assign', value: v, node: s, range: nodeRange(p, t) });
      } else if (s.name === 'IfStatement' || s.name === 'TryStatement') {
        for (const b of s.getChildren('Body')) visit(statements(b));
      }
    }
  };
  visit(statements(body));
  return out;
}

/** Return expressions of a function (not of nested functions/classes). */
function returnExprs(fn: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const body = child(fn, 'Body');
  const walk = (n: SyntaxNode) => {
    for (const c of children(n)) {
      if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'LambdaExpression' || c.name === 'DecoratedStatement') continue;
      if (c.name === 'ReturnStatement') {
        const e = children(c).find((x) => x.name !== 'return');
        if (e) out.push(e);
        continue;
      }
      walk(c);
    }
  };
  if (body) walk(body);
  return out;
}

/** The one `return <expr>` of a property body, or why there is not exactly one. */
function singleReturn(mod: ModuleFacts, fn: SyntaxNode): { ok: true; expr: SyntaxNode } | { ok: false; reason: string } {
  const body = child(fn, 'Body');
  const rets = returnExprs(fn);
  const countReturns = (n: SyntaxNode): number => {
    let k = 0;
    for (const c of children(n)) {
      if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'DecoratedStatement') continue;
      k += c.name === 'ReturnStatement' ? 1 : countReturns(c);
    }
    return k;
  };
  const total = body ? countReturns(body) : 0;
  if (total > 0 && rets.length === 0 && total === 1) return { ok: false, reason: 'the property returns None' };
  if (total === 0) return { ok: false, reason: 'the property returns no value statically (no return statement)' };
  if (total > 1 || rets.length !== 1) return { ok: false, reason: 'the property computes its value with several return statements' };
  const top = body ? statements(body).some((s) => s.name === 'ReturnStatement') : false;
  if (!top) return { ok: false, reason: 'the property returns its value conditionally' };
  void mod;
  return { ok: true, expr: rets[0] };
}
