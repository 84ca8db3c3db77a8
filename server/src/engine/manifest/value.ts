// The resolved JS value of a manifest, built from the position tree (aliases expanded, merge keys
// applied) the way `yaml`'s `toJS()` builds it, but only for the top-level keys the checks read and
// without ever stringifying a collection key. Alias bombs are detected over the whole document
// with `yaml`'s own rule (an anchor's uses times the aliases inside it), without expanding anything.
import type { MapNode, Span, TNode, YamlConvert } from './tree';

export class ValueError extends Error {}

/** `yaml`'s alias-count rule (`maxAliasCount`): throws a ValueError when exceeded. */
export function checkAliasCount(events: YamlConvert['events'], max: number): void {
  const data = new Map<TNode, { count: number; aliasCount: number }>();
  const countOf = (n: TNode | undefined, depth: number): number => {
    if (!n || depth > 512) return 0;
    if (n.kind === 'alias') {
      const d = n.target && data.get(n.target);
      return d ? d.count * d.aliasCount : 0;
    }
    let c = 0;
    if (n.kind === 'map') {
      for (const e of n.entries) c = Math.max(c, countOf(e.value, depth + 1), 1);
      for (const m of n.merges) c = Math.max(c, countOf(m, depth + 1));
    } else if (n.kind === 'seq') {
      for (const it of n.items) c = Math.max(c, countOf(it, depth + 1));
    } else return 1;
    return c;
  };
  for (const e of events) {
    if ('anchor' in e) {
      if (!data.has(e.node)) data.set(e.node, { count: 1, aliasCount: 0 });
      continue;
    }
    const target = e.alias.target;
    if (!target) continue;
    let d = data.get(target);
    if (!d) {
      d = { count: 1, aliasCount: 0 };
      data.set(target, d);
    }
    d.count += 1;
    if (d.aliasCount === 0) d.aliasCount = countOf(target, 0);
    if (d.count * d.aliasCount > max) throw new ValueError('Excessive alias count indicates a resource exhaustion attack');
  }
}

/** Every merge source must be a mapping (as `yaml` requires); throws a ValueError otherwise. */
export function checkMergeSources(nodes: Iterable<MapNode>): void {
  for (const m of nodes) {
    for (const src of m.merges) {
      let s: TNode | undefined = src;
      for (let i = 0; s && s.kind === 'alias' && i < 64; i++) s = s.target;
      if (s && s.kind !== 'map') throw new ValueError('Merge sources must be maps or map aliases');
    }
  }
}

function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key in obj) Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * The JS value of `root` (only the top-level keys in `keep` when given). Shared anchored content
 * is one shared object, as in `yaml`; a self-referencing alias gives a cyclic value, as in `yaml`.
 */
export function buildValue(root: TNode | undefined, keep?: ReadonlySet<string>): unknown {
  const memo = new Map<TNode, unknown>();
  const conv = (n: TNode | undefined, filter?: ReadonlySet<string>): unknown => {
    if (!n) return null;
    if (n.kind === 'alias') {
      if (!n.target) throw new ValueError(`Unresolved alias (the anchor must be set before the alias): ${n.name}`);
      return conv(n.target);
    }
    if (n.kind === 'scalar') return n.value;
    const hit = memo.get(n);
    if (hit !== undefined) return hit;
    if (n.kind === 'seq') {
      const arr: unknown[] = [];
      memo.set(n, arr);
      for (const it of n.items) arr.push(conv(it));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    if (!filter) memo.set(n, obj);
    const mergeAt = n.mergeAt ?? [];
    let mi = 0;
    const merge = (upTo: number) => {
      for (; mi < n.merges.length && (mergeAt[mi] ?? 0) <= upTo; mi++) {
        const src = conv(n.merges[mi]);
        if (!src || typeof src !== 'object' || Array.isArray(src)) throw new ValueError('Merge sources must be maps or map aliases');
        for (const [k, v] of Object.entries(src)) {
          if (filter && !filter.has(k)) continue;
          if (!Object.prototype.hasOwnProperty.call(obj, k)) Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
        }
      }
    };
    n.entries.forEach((e, i) => {
      merge(i);
      const k = e.jsKey ?? e.key;
      if (filter && !filter.has(k)) return;
      define(obj, k, conv(e.value));
    });
    merge(Number.POSITIVE_INFINITY);
    return obj;
  };
  return conv(root, keep);
}

/** The value at a path of object keys (undefined when a step is not a mapping). */
export function valueAtKeys(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The first alias in the document's own text (where an alias problem is reported). */
export function firstAliasSpan(events: YamlConvert['events']): Span | undefined {
  let best: Span | undefined;
  for (const e of events) if ('alias' in e && (!best || e.alias.span.start < best.start)) best = e.alias.span;
  return best;
}
