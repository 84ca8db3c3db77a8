// Name resolution across modules: what a module-level name (or a dotted expression) refers to,
// following imports, aliases, star imports, `__all__` and PEP 562 lazy exports.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Range } from '../model';
import { FactsCache, type Binding, type ClassFacts, type ModuleFacts } from './moduleFacts';
import { findSubmodule, resolveSource, sourceText, type ModuleLoc } from './moduleResolver';
import { child, children, nodeText, type SyntaxNode } from './syntax';

export type Resolved =
  | { kind: 'class'; cls: ClassFacts; module: ModuleFacts }
  | { kind: 'function'; name: string; file: string; range: Range }
  /** A module-level value that is not a class/function/module (a constant, a call result ...). */
  | { kind: 'value'; name: string; node: SyntaxNode; module: ModuleFacts }
  | { kind: 'module'; loc: ModuleLoc }
  /** Something imported from a module outside the import roots; known only by name. */
  | { kind: 'external'; qualified: string; name: string }
  | { kind: 'unresolved'; reason: string };

const MAX_DEPTH = 40;

export class SymbolResolver {
  private readonly visiting = new Set<string>();
  constructor(
    readonly fs: FileSystem,
    readonly facts: FactsCache,
    readonly roots: string[],
    readonly reads: Set<string>,
  ) {}

  module(file: string): ModuleFacts | undefined {
    return this.facts.get(file, this.reads);
  }

  moduleOfLoc(loc: ModuleLoc): ModuleFacts | undefined {
    return loc.file ? this.module(loc.file) : undefined;
  }

  /** What `name` is bound to at the top level of `mod`. */
  resolveName(mod: ModuleFacts, name: string, depth = 0): Resolved {
    const key = `${mod.file}#${name}`;
    if (this.visiting.has(key)) return { kind: 'unresolved', reason: `import cycle while resolving '${name}' in ${path.basename(mod.file)}` };
    if (depth > MAX_DEPTH) return { kind: 'unresolved', reason: `too many levels of re-export while resolving '${name}'` };
    this.visiting.add(key);
    try {
      return this.resolveNameInner(mod, name, depth);
    } finally {
      this.visiting.delete(key);
    }
  }

  private resolveNameInner(mod: ModuleFacts, name: string, depth: number): Resolved {
    const b = mod.bindings.get(name);
    if (b) return this.resolveBinding(mod, name, b, depth);
    const lazy = mod.lazy.get(name);
    if (lazy) {
      const loc = resolveSource(this.fs, mod.file, lazy.source, this.roots);
      if (!loc)
        return lazy.source.level
          ? { kind: 'unresolved', reason: `module '${sourceText(lazy.source)}' (lazy export of '${name}') not found` }
          : { kind: 'external', qualified: `${lazy.source.module}.${lazy.attr}`, name: lazy.attr };
      return this.resolveAttr(loc, lazy.attr, depth + 1);
    }
    for (let i = mod.starImports.length - 1; i >= 0; i--) {
      const loc = resolveSource(this.fs, mod.file, mod.starImports[i].source, this.roots);
      const target = loc && this.moduleOfLoc(loc);
      if (!target) continue;
      const exported = target.all ? target.all.includes(name) : !name.startsWith('_');
      if (!exported) continue;
      const r = this.resolveName(target, name, depth + 1);
      if (r.kind !== 'unresolved') return r;
    }
    if (path.basename(mod.file) === '__init__.py') {
      const sub = findSubmodule(this.fs, { name: '', dir: path.dirname(mod.file) }, name);
      if (sub) return { kind: 'module', loc: sub };
    }
    return { kind: 'unresolved', reason: `'${name}' is not defined in ${path.basename(mod.file)}` };
  }

  resolveBinding(mod: ModuleFacts, name: string, b: Binding, depth: number): Resolved {
    switch (b.kind) {
      case 'class':
        return { kind: 'class', cls: b.cls, module: mod };
      case 'function':
        return { kind: 'function', name: b.name, file: mod.file, range: b.range };
      case 'from': {
        const loc = resolveSource(this.fs, mod.file, b.source, this.roots);
        if (!loc) {
          if (b.source.level) return { kind: 'unresolved', reason: `module '${sourceText(b.source)}' not found (imported in ${path.basename(mod.file)})` };
          return { kind: 'external', qualified: `${b.source.module}.${b.name}`, name: b.name };
        }
        return this.resolveAttr(loc, b.name, depth + 1);
      }
      case 'module': {
        const loc = resolveSource(this.fs, mod.file, b.source, this.roots);
        if (!loc) return { kind: 'external', qualified: b.source.module, name: b.source.module.split('.').pop() ?? b.source.module };
        return { kind: 'module', loc };
      }
      case 'assign': {
        const v = b.value;
        const subscript = v.name === 'MemberExpression' && !!child(v, '[');
        if (!subscript && (v.name === 'VariableName' || v.name === 'MemberExpression' || v.name === 'ParenthesizedExpression')) {
          const r = this.resolveExpr(mod, v, depth + 1);
          if (r.kind === 'value' || r.kind === 'unresolved') return { kind: 'value', name, node: v, module: mod };
          return r;
        }
        return { kind: 'value', name, node: v, module: mod };
      }
    }
  }

  /** Attribute `name` of a module (its top-level name, else a submodule of the package). */
  resolveAttr(loc: ModuleLoc, name: string, depth = 0): Resolved {
    const mod = this.moduleOfLoc(loc);
    let r: Resolved | undefined;
    if (mod) {
      r = this.resolveName(mod, name, depth);
      if (r.kind !== 'unresolved') return r;
    }
    const sub = findSubmodule(this.fs, loc, name);
    if (sub) return { kind: 'module', loc: sub };
    return r ?? { kind: 'unresolved', reason: `'${name}' is not defined in module '${loc.name}'` };
  }

  /** What an expression (`Name`, `mod.Name`, `Outer.Inner`, `Base[T]`) refers to, in `mod`'s scope. */
  resolveExpr(mod: ModuleFacts, node: SyntaxNode, depth = 0, local?: Map<string, Binding>): Resolved {
    const p = mod.parsed;
    if (depth > MAX_DEPTH) return { kind: 'unresolved', reason: 'expression too deep' };
    switch (node.name) {
      case 'VariableName': {
        const name = nodeText(p, node);
        const lb = local?.get(name);
        if (lb) return this.resolveBinding(mod, name, lb, depth + 1);
        return this.resolveName(mod, name, depth + 1);
      }
      case 'ParenthesizedExpression': {
        const inner = children(node).find((c) => c.name !== '(' && c.name !== ')');
        return inner ? this.resolveExpr(mod, inner, depth + 1, local) : { kind: 'unresolved', reason: 'empty expression' };
      }
      case 'MemberExpression': {
        const obj = node.firstChild;
        if (!obj) return { kind: 'unresolved', reason: 'empty expression' };
        if (child(node, '[')) return this.resolveExpr(mod, obj, depth + 1, local); // Generic[T] -> Generic
        const prop = child(node, 'PropertyName');
        if (!prop) return { kind: 'unresolved', reason: `cannot resolve '${nodeText(p, node)}'` };
        return this.member(this.resolveExpr(mod, obj, depth + 1, local), nodeText(p, prop), depth + 1);
      }
      default:
        return { kind: 'value', name: nodeText(p, node), node, module: mod };
    }
  }

  /** Attribute `name` of something already resolved. */
  member(obj: Resolved, name: string, depth = 0): Resolved {
    switch (obj.kind) {
      case 'module':
        return this.resolveAttr(obj.loc, name, depth);
      case 'class': {
        const nested = obj.cls.nested.get(name);
        if (nested) return { kind: 'class', cls: nested, module: obj.module };
        const m = obj.cls.members.get(name);
        if (m?.kind === 'attribute' && m.value) return { kind: 'value', name, node: m.value, module: obj.module };
        if (m) return { kind: 'function', name, file: obj.cls.file, range: m.range };
        return { kind: 'unresolved', reason: `class '${obj.cls.qualName}' has no member '${name}'` };
      }
      case 'external':
        return { kind: 'external', qualified: `${obj.qualified}.${name}`, name };
      case 'unresolved':
        return obj;
      default:
        return { kind: 'unresolved', reason: `'${name}' is an attribute of a value not known statically` };
    }
  }
}
