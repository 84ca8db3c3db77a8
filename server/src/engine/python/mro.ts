// A class's method resolution order, statically: bases resolved in the workspace/import roots
// are followed; bases only known by name (floe-core ABCs imported from outside the roots) stay
// as named entries; bases that cannot be resolved at all are `unknown` (they might define anything).
import type { Range } from '../model';
import type { ClassFacts, ModuleFacts } from './moduleFacts';
import type { SymbolResolver } from './symbols';
import { nodeRange, nodeText } from './syntax';

export type MroEntry =
  | { kind: 'class'; key: string; name: string; cls: ClassFacts; module: ModuleFacts }
  /** A floe ABC (or PluginMetadata) known by name only. */
  | { kind: 'abc'; key: string; name: string }
  /** A base that could not be resolved. */
  | { kind: 'unknown'; key: string; name: string; reason: string; file: string; range: Range };

/** Bases that never define plugin metadata: skipped in the chain. */
const TRANSPARENT = new Set(['object', 'ABC', 'Generic', 'Protocol', 'ABCMeta', 'str', 'int', 'float', 'bytes']);
const TRANSPARENT_MODULES = ['abc.', 'typing.', 'typing_extensions.', 'builtins.', 'collections.abc.'];

export const PLUGIN_METADATA = 'PluginMetadata';

export class MroBuilder {
  private readonly cache = new Map<string, MroEntry[]>();
  private readonly visiting = new Set<string>();
  /**
   * @param abcNames classes known by name only (floe ABCs; for models BaseModel ...)
   * @param impliedRoot the base every named class implies (PluginMetadata for floe ABCs)
   */
  constructor(
    private readonly resolver: SymbolResolver,
    private readonly abcNames: Set<string>,
    private readonly impliedRoot: string | undefined = PLUGIN_METADATA,
  ) {}

  classEntry(cls: ClassFacts, module: ModuleFacts): MroEntry {
    return { kind: 'class', key: `c:${cls.file}#${cls.qualName}`, name: cls.name, cls, module };
  }

  /** The linearization of a class, itself first. */
  mro(cls: ClassFacts, module: ModuleFacts): MroEntry[] {
    return this.linearize(this.classEntry(cls, module), 0);
  }

  /** The direct bases of a class as MRO entries (transparent ones dropped). */
  bases(cls: ClassFacts, module: ModuleFacts): MroEntry[] {
    const out: MroEntry[] = [];
    const p = module.parsed;
    for (const b of cls.bases) {
      const text = nodeText(p, b);
      const r = this.resolver.resolveExpr(module, b);
      if (r.kind === 'class') {
        const key = `c:${r.cls.file}#${r.cls.qualName}`;
        if (this.visiting.has(key)) {
          out.push({
            kind: 'unknown',
            key: `u:${text}`,
            name: r.cls.name,
            reason: `inheritance cycle through '${r.cls.name}'`,
            file: module.file,
            range: nodeRange(p, b),
          });
        } else out.push({ kind: 'class', key, name: r.cls.name, cls: r.cls, module: r.module });
        continue;
      }
      const name =
        r.kind === 'external'
          ? r.name
          : (text
              .replace(/\[[\s\S]*$/, '')
              .split('.')
              .pop() ?? text);
      if (this.abcNames.has(name)) {
        out.push({ kind: 'abc', key: `x:${name}`, name });
        continue;
      }
      if (TRANSPARENT.has(name) && (r.kind !== 'external' || TRANSPARENT_MODULES.some((m) => r.qualified.startsWith(m)))) continue;
      if (r.kind === 'external' && TRANSPARENT_MODULES.some((m) => r.qualified.startsWith(m))) continue;
      const reason =
        r.kind === 'external' ? `'${r.qualified}' is not in the workspace or import roots` : r.kind === 'unresolved' ? r.reason : `'${text}' is not a class`;
      out.push({ kind: 'unknown', key: `u:${text}`, name, reason, file: module.file, range: nodeRange(p, b) });
    }
    return out;
  }

  private linearize(e: MroEntry, depth: number): MroEntry[] {
    if (e.kind === 'unknown') return [e];
    if (e.kind === 'abc') {
      const root = this.impliedRoot;
      return !root || e.name === root ? [e] : [e, { kind: 'abc', key: `x:${root}`, name: root }];
    }
    const hit = this.cache.get(e.key);
    if (hit) return hit;
    if (depth > 30) return [e];
    this.visiting.add(e.key);
    try {
      const bases = this.bases(e.cls, e.module);
      const seqs = bases.map((b) => this.linearize(b, depth + 1));
      const merged = c3merge([...seqs.map((s) => [...s]), [...bases]]) ?? dfs(seqs);
      const out = [e, ...merged];
      this.cache.set(e.key, out);
      return out;
    } finally {
      this.visiting.delete(e.key);
    }
  }
}

function c3merge(seqs: MroEntry[][]): MroEntry[] | undefined {
  const out: MroEntry[] = [];
  const lists = seqs.filter((s) => s.length);
  while (lists.some((s) => s.length)) {
    let head: MroEntry | undefined;
    for (const s of lists) {
      if (!s.length) continue;
      const cand = s[0];
      if (!lists.some((o) => o.slice(1).some((x) => x.key === cand.key))) {
        head = cand;
        break;
      }
    }
    if (!head) return undefined;
    out.push(head);
    for (const s of lists) if (s.length && s[0].key === head.key) s.shift();
  }
  return out;
}

function dfs(seqs: MroEntry[][]): MroEntry[] {
  const seen = new Set<string>();
  const out: MroEntry[] = [];
  for (const s of seqs)
    for (const e of s)
      if (!seen.has(e.key)) {
        seen.add(e.key);
        out.push(e);
      }
  return out;
}
