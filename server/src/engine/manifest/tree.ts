// A small position-keeping tree over a parsed manifest (YAML via `yaml`, JSON via jsonc-parser),
// so checks and editor features work the same for both. Aliases stay unexpanded (alias bombs
// cost nothing here); merge keys (`<<: *base`) are kept as merge sources and resolved lazily.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Segment } from './ajvErrors';

export interface Span {
  start: number;
  end: number;
}
export interface MapEntry {
  key: string;
  keySpan: Span;
  value: TNode | undefined;
  /** The key in the resolved JS value when it differs from `key` (`''` for a null key, as `yaml` does). */
  jsKey?: string;
}
export type TNode =
  | { kind: 'map'; span: Span; entries: MapEntry[]; merges: TNode[]; /** Per merge source: how many entries precede its `<<`. */ mergeAt?: number[] }
  | { kind: 'seq'; span: Span; items: TNode[] }
  | { kind: 'scalar'; span: Span; value: unknown; quote?: '"' | "'" }
  | { kind: 'alias'; span: Span; name: string; target: TNode | undefined };
export type MapNode = Extract<TNode, { kind: 'map' }>;

const MAX_DEPTH = 64;

/** What converting a YAML node found besides the tree (see `fromYamlNode`). */
export interface YamlConvert {
  /** Anchors and aliases in document order (anchors before their node's content). */
  events: Array<{ anchor: string; node: TNode } | { alias: Extract<TNode, { kind: 'alias' }> }>;
  /** Mapping keys that are not scalars (collections, aliases): never stringified, reported. */
  badKeys: Span[];
  /** Mappings with merge keys (`<<`), checked when the value is built. */
  merged: MapNode[];
}

export function newConvert(): YamlConvert {
  return { events: [], badKeys: [], merged: [] };
}

/**
 * Convert a composed YAML node (offsets shifted by `base`). Alias targets are left unset: link them
 * with `linkAliases` over the events of the whole document. Collection keys are never read (a
 * nested flow key like `{{{...}: 1}: 2}` costs nothing) and their entries are left out.
 */
export function fromYamlNode(node: unknown, out: YamlConvert, base = 0, fallback = 0): TNode | undefined {
  const span = (n: { range?: [number, number, number] | null } | null | undefined, fb: number): Span => {
    const r = n?.range;
    return r ? { start: r[0] + base, end: r[1] + base } : { start: fb, end: fb };
  };
  const conv = (n: unknown, fb: number): TNode | undefined => {
    if (n === null || n === undefined) return undefined;
    if (isAlias(n)) {
      const a: Extract<TNode, { kind: 'alias' }> = { kind: 'alias', span: span(n, fb), name: n.source, target: undefined };
      out.events.push({ alias: a });
      return a;
    }
    const yn = n as YamlNode;
    let res: TNode;
    if (isMap(yn)) {
      const m: MapNode = { kind: 'map', span: span(yn, fb), entries: [], merges: [] };
      res = m;
      if (yn.anchor) out.events.push({ anchor: yn.anchor, node: m });
      for (const pair of yn.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const ks = span(k, m.span.start);
        if (k !== null && k !== undefined && !isScalar(k)) {
          out.badKeys.push(ks);
          continue;
        }
        if (k && k.anchor) out.events.push({ anchor: k.anchor, node: { kind: 'scalar', span: ks, value: k.value } });
        const isMerge = !!k && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
        const value = conv(pair.value, ks.end);
        if (isMerge && value) {
          const sources = value.kind === 'seq' ? value.items : [value];
          m.merges.push(...sources);
          m.mergeAt ??= [];
          for (let i = 0; i < sources.length; i++) m.mergeAt.push(m.entries.length);
          continue;
        }
        const entry: MapEntry = { key: !k ? 'null' : typeof k.value === 'symbol' ? '<<' : String(k.value), keySpan: ks, value };
        if (!k || k.value === null) entry.jsKey = '';
        m.entries.push(entry);
      }
      if (m.merges.length) out.merged.push(m);
    } else if (isSeq(yn)) {
      const s: Extract<TNode, { kind: 'seq' }> = { kind: 'seq', span: span(yn, fb), items: [] };
      res = s;
      if (yn.anchor) out.events.push({ anchor: yn.anchor, node: s });
      for (const it of yn.items) {
        const c = conv(it, s.span.end);
        if (c) s.items.push(c);
      }
    } else if (isScalar(yn)) {
      const quote = yn.type === 'QUOTE_DOUBLE' ? '"' : yn.type === 'QUOTE_SINGLE' ? "'" : undefined;
      res = { kind: 'scalar', span: span(yn, fb), value: yn.value, quote };
      if (yn.anchor) out.events.push({ anchor: yn.anchor, node: res });
    } else {
      return undefined;
    }
    return res;
  };
  return conv(node, fallback);
}

/** Point each alias at the nearest anchor of its name before it; returns the unresolved ones. */
export function linkAliases(events: YamlConvert['events']): Array<{ name: string; span: Span }> {
  const anchors = new Map<string, TNode>();
  const unresolved: Array<{ name: string; span: Span }> = [];
  for (const e of events) {
    if ('anchor' in e) anchors.set(e.anchor, e.node);
    else {
      e.alias.target = anchors.get(e.alias.name);
      if (!e.alias.target) unresolved.push({ name: e.alias.name, span: e.alias.span });
    }
  }
  return unresolved;
}

/** Convert a YAML document's contents; anchors resolve to the nearest preceding definition. */
export function fromYaml(doc: Document, unresolved: Array<{ name: string; span: Span }> = []): TNode | undefined {
  const out = newConvert();
  const root = fromYamlNode(doc.contents, out);
  unresolved.push(...linkAliases(out.events));
  return root;
}

/** Move every span of a converted subtree by `delta` (alias targets are not followed). */
export function shiftTree(node: TNode | undefined, delta: number): void {
  const stack: TNode[] = node ? [node] : [];
  while (stack.length) {
    const n = stack.pop()!;
    n.span.start += delta;
    n.span.end += delta;
    if (n.kind === 'map') {
      for (const e of n.entries) {
        e.keySpan.start += delta;
        e.keySpan.end += delta;
        if (e.value) stack.push(e.value);
      }
      for (const m of n.merges) stack.push(m);
    } else if (n.kind === 'seq') for (const it of n.items) stack.push(it);
  }
}

/** Convert a jsonc-parser tree. */
export function fromJson(n: JsonNode | undefined): TNode | undefined {
  if (!n) return undefined;
  const span = { start: n.offset, end: n.offset + n.length };
  if (n.type === 'object') {
    const out: MapNode = { kind: 'map', span, entries: [], merges: [] };
    for (const p of n.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k) continue;
      out.entries.push({ key: String(k.value), keySpan: { start: k.offset, end: k.offset + k.length }, value: fromJson(v) });
    }
    return out;
  }
  if (n.type === 'array') return { kind: 'seq', span, items: (n.children ?? []).map((c) => fromJson(c)).filter((c): c is TNode => !!c) };
  return { kind: 'scalar', span, value: n.value, quote: n.type === 'string' ? '"' : undefined };
}

/** Follow aliases to the aliased node (bounded). */
export function deref(n: TNode | undefined): TNode | undefined {
  let cur = n;
  for (let i = 0; cur && cur.kind === 'alias' && i < MAX_DEPTH; i++) cur = cur.target;
  return cur && cur.kind === 'alias' ? undefined : cur;
}

export interface EntryHit {
  entry: MapEntry;
  /** The merge source (`*base` in `<<: *base`) it came through. */ via?: Span;
}

/** A key of a mapping: its own entries win over merged ones; earlier merge sources over later. */
export function getEntry(map: TNode | undefined, key: string, depth = 0): EntryHit | undefined {
  const m = deref(map);
  if (!m || m.kind !== 'map' || depth > MAX_DEPTH) return undefined;
  const through = map && map.kind === 'alias' ? map.span : undefined;
  for (let i = m.entries.length - 1; i >= 0; i--) if (m.entries[i].key === key) return { entry: m.entries[i], via: through };
  for (const src of m.merges) {
    const hit = getEntry(src, key, depth + 1);
    if (hit) return { entry: hit.entry, via: through ?? hit.via ?? src.span };
  }
  return undefined;
}

/** All keys of a mapping, merged ones included (own first). */
export function allEntries(map: TNode | undefined, depth = 0): MapEntry[] {
  const m = deref(map);
  if (!m || m.kind !== 'map' || depth > MAX_DEPTH) return [];
  const out = [...m.entries];
  const seen = new Set(out.map((e) => e.key));
  for (const src of m.merges) {
    for (const e of allEntries(src, depth + 1))
      if (!seen.has(e.key)) {
        seen.add(e.key);
        out.push(e);
      }
  }
  return out;
}

export interface Located {
  /** Where to report: in the document's own text (an alias or merge usage when the path went through one). */
  primary: Span;
  /** The actual node in anchored content, when `primary` is an alias usage. */
  actual?: Span;
}

/**
 * Place a path: `value` → the node at `segs`; `key` → the key of the last segment; `parent` → the
 * key of the node at `segs` (or `baseKey` when `segs` is empty; a list item's node otherwise).
 */
export function locate(base: TNode | undefined, baseKey: Span | undefined, segs: readonly Segment[], at: 'value' | 'key' | 'parent'): Located | undefined {
  let cur: TNode | undefined = base;
  let lastKey: Span | undefined = baseKey;
  let via: Span | undefined;
  let lastNode: Span | undefined = base?.span;
  const note = (n: TNode | undefined) => {
    if (n && n.kind === 'alias' && !via) via = n.span;
  };
  for (const s of segs) {
    note(cur);
    const d = deref(cur);
    if (!d) return undefined;
    if (typeof s === 'number' && d.kind === 'seq') {
      cur = d.items[s];
      lastKey = undefined;
      if (!cur) return undefined;
      lastNode = cur.span;
      continue;
    }
    const hit = getEntry(d, String(s));
    if (!hit) {
      if (at === 'key' && s === segs[segs.length - 1]) break;
      return undefined;
    }
    if (hit.via && !via) via = hit.via;
    lastKey = hit.entry.keySpan;
    cur = hit.entry.value;
    lastNode = cur?.span ?? hit.entry.keySpan;
  }
  let actual: Span | undefined;
  if (at === 'value') {
    note(cur);
    actual = cur?.span ?? lastNode;
    if (cur && cur.kind === 'alias' && via === cur.span) actual = deref(cur)?.span ?? cur.span;
  } else actual = lastKey ?? lastNode;
  if (!actual) return undefined;
  return via ? { primary: via, actual } : { primary: actual };
}

/** The chain of map keys from the root to the deepest node containing `offset` (own text only). */
export function pathAt(root: TNode | undefined, offset: number): { segs: Segment[]; node?: TNode; entry?: MapEntry; onKey: boolean } {
  const segs: Segment[] = [];
  let cur = root;
  let entry: MapEntry | undefined;
  for (let depth = 0; cur && depth < MAX_DEPTH; depth++) {
    if (cur.kind === 'map') {
      const e = cur.entries.find((x) => offset >= x.keySpan.start && offset <= x.keySpan.end);
      if (e) return { segs: [...segs, e.key], node: e.value, entry: e, onKey: true };
      const v = cur.entries.find((x) => x.value && offset >= x.value.span.start && offset <= x.value.span.end);
      if (!v) break;
      segs.push(v.key);
      entry = v;
      cur = v.value;
      continue;
    }
    if (cur.kind === 'seq') {
      const i = cur.items.findIndex((x) => offset >= x.span.start && offset <= x.span.end);
      if (i < 0) break;
      segs.push(i);
      entry = undefined;
      cur = cur.items[i];
      continue;
    }
    return { segs, node: cur, entry, onKey: false };
  }
  return { segs, node: cur, entry, onKey: false };
}

/** Every map key in the document's own text with its path (for completion context). */
export function allKeys(root: TNode | undefined): Array<{ segs: Segment[]; entry: MapEntry }> {
  const out: Array<{ segs: Segment[]; entry: MapEntry }> = [];
  const walk = (n: TNode | undefined, segs: Segment[], depth: number) => {
    if (!n || depth > MAX_DEPTH) return;
    if (n.kind === 'map') {
      for (const e of n.entries) {
        const s = [...segs, e.key];
        out.push({ segs: s, entry: e });
        walk(e.value, s, depth + 1);
      }
    } else if (n.kind === 'seq') n.items.forEach((it, i) => walk(it, [...segs, i], depth + 1));
  };
  walk(root, [], 0);
  return out;
}
