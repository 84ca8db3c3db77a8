// Incremental YAML parsing for edits. A manifest whose root is a block mapping with every key at
// column 0 is kept as pieces, one per top-level entry; a large entry whose value is a block
// collection with every item at the start of a line is split the same way, recursively. After an
// edit only the smallest run of pieces the change touches is parsed again (with `yaml`, as one
// window of text); the other pieces are reused, moved by the length change. A window's parse is
// used only when it cannot depend on the text around it: one document, a block collection of the
// same kind with its items at the same column, no errors or warnings (duplicate keys of split
// mappings and aliases are resolved over the whole document afterwards). Anything else falls back
// to the enclosing piece, and at the top to a full parse.
// Around the first document: comment lines and a `---` before it belong to its first piece; what
// follows it (`...`, more documents, which floe refuses) is the tail, kept as the one problem it
// gives (a second document) and parsed again only when an edit touches it. An edit tells where it
// is by a TextChange when the caller knows it, else by comparing the old and new texts.
import { isMap, isScalar, isSeq, Pair, YAMLMap, type CST, type Document, type YAMLSeq } from 'yaml';
import type { TextChange } from '../fs';
import { fromYamlNode, newConvert, shiftTree, type MapEntry, type MapNode, type Span, type TNode, type YamlConvert } from './tree';

/** Entries shorter than this are not split further (the bookkeeping would cost more than parsing them). */
export const SPLIT_MIN_CHARS = 2048;

export interface Piece {
  /** Text range: from the start of the item's line (the window start for a first piece) to the next item's line. */
  start: number;
  end: number;
  /** Offset of the item's key (mapping) or `-` (sequence). */
  ind: number;
  /** Where `yaml` ends the item's value (its range[2]): the enclosing collection ends at its last item's. */
  valueEnd: number;
  /** Mapping item: its entry (absent when the key is a collection, reported through `conv.badKeys`). */
  entry?: MapEntry;
  /** Mapping item with a scalar key: the key's value, for duplicate detection (`yaml` compares with ===). */
  key?: { value: unknown };
  /** Sequence item: its node. */
  node?: TNode;
  /** Anchors/aliases, collection keys and merges of the item (only the key's when `sub` is set). */
  conv: YamlConvert;
  /** The item's value, split into pieces itself. */
  sub?: Split;
}

export interface Split {
  kind: 'map' | 'seq';
  col: number;
  pieces: Piece[];
}
/** What follows the first document: from `start` (a `---` or `...` line) to the end of the text. */
export interface Tail {
  start: number;
  /** The second document (floe reads one), as `yaml` reports it: its start and where its value ends. */
  second?: { start: number; end: number };
}
export interface SegmentState {
  text: string;
  root: Split;
  tail?: Tail;
}
/** The pieces of the first document, and what follows it. */
export interface Segments {
  root: Split;
  tail?: Tail;
}
type Composed = { doc: Document.Parsed; tokens: CST.Token[] } | { deep: number };
export type Compose = (text: string) => Composed;

const isMergeKey = (k: unknown) => isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
type Range3 = [number, number, number];
const rangeOf = (n: unknown): Range3 | undefined => (n as { range?: Range3 | null } | null)?.range ?? undefined;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

interface Ctx {
  text: string;
  base: number;
  dupKeys: Set<number>;
}

/**
 * Pieces of a block collection (`coll`, its CST token `cst`) whose items all start a line at
 * column `col` (any one column when undefined), or undefined. `first`: where the first piece starts
 * (its line start when undefined); `end`: where the last one ends (offsets relative to `ctx.text`).
 */
function splitItems(coll: YAMLMap | YAMLSeq, cst: CST.Token, ctx: Ctx, first: number | undefined, end: number, col: number | undefined): Split | undefined {
  const kind = isMap(coll) ? 'map' : 'seq';
  if (coll.flow || coll.anchor || coll.tag || (kind === 'map' ? cst.type !== 'block-map' : cst.type !== 'block-seq')) return undefined;
  const items = (cst as CST.BlockMap | CST.BlockSequence).items;
  if (items.length !== coll.items.length || !items.length) return undefined;
  const { text, base } = ctx;
  const inds: number[] = [];
  for (const it of items) {
    let at: number | undefined;
    if (kind === 'seq') at = it.start.find((t) => t.type === 'seq-item-ind')?.offset;
    else if (!('explicitKey' in it && it.explicitKey) && it.key && it.sep) at = it.key.offset;
    if (at === undefined) return undefined;
    const ls = lineStart(text, at);
    if (!onlySpaces(text, ls, at)) return undefined;
    col ??= at - ls;
    if (at - ls !== col) return undefined;
    inds.push(at);
  }
  const pieces: Piece[] = [];
  for (let i = 0; i < items.length; i++) {
    const start = i === 0 && first !== undefined ? first : lineStart(text, inds[i]);
    const pieceEnd = i + 1 < items.length ? lineStart(text, inds[i + 1]) : end;
    const conv = newConvert();
    const piece: Piece = { start: base + start, end: base + pieceEnd, ind: base + inds[i], valueEnd: 0, conv };
    const cstValue = items[i].value;
    if (kind === 'map') {
      const pair = (coll as YAMLMap).items[i] as Pair;
      const k = pair.key as { range?: Range3; anchor?: string; tag?: string } | null;
      if (!k || isMergeKey(k) || k.anchor || k.tag) return undefined;
      const v = pair.value;
      piece.valueEnd = base + (rangeOf(v)?.[2] ?? rangeOf(k)![2]);
      const sub =
        pieceEnd - start >= SPLIT_MIN_CHARS && isScalar(k) && cstValue && (isMap(v) || isSeq(v))
          ? splitItems(v as YAMLMap | YAMLSeq, cstValue, ctx, undefined, pieceEnd, undefined)
          : undefined;
      const holder = new YAMLMap();
      holder.items.push(sub ? new Pair(pair.key, null) : pair);
      const m = fromYamlNode(holder, conv, base) as MapNode;
      piece.entry = m.entries[0];
      if (piece.entry && isScalar(k)) {
        piece.key = { value: k.value };
        ctx.dupKeys.add(rangeOf(k)![0]);
      }
      if (sub) {
        piece.sub = sub;
        if (piece.entry) piece.entry.value = undefined;
      }
    } else {
      const item = (coll as YAMLSeq).items[i];
      piece.valueEnd = base + (rangeOf(item)?.[2] ?? inds[i] + 1);
      const sub =
        pieceEnd - start >= SPLIT_MIN_CHARS && cstValue && (isMap(item) || isSeq(item))
          ? splitItems(item as YAMLMap | YAMLSeq, cstValue, ctx, undefined, pieceEnd, undefined)
          : undefined;
      if (sub) piece.sub = sub;
      else piece.node = fromYamlNode(item, conv, base, base + inds[i]);
    }
    pieces.push(piece);
  }
  return { kind, col: col!, pieces };
}

const IGNORABLE = new Set(['comment', 'newline', 'space']);
export const MULTIPLE_DOCS = 'MULTIPLE_DOCS';

/**
 * Split a composed document (or window) of `text` placed at `base`: `expect` says which kind and
 * column its root must have (a window), `allowEmpty` that it may hold nothing but comments. Comment
 * lines may come before the document, and at the start of the text a `---`. `tail`: what follows
 * the document may be kept as a Tail (the whole text), else the document must be all there is.
 */
function splitDocument(
  composed: Composed,
  text: string,
  base: number,
  expect: { kind: 'map' | 'seq'; col: number } | undefined,
  allowEmpty: boolean,
  tail = false,
): Segments | undefined {
  if ('deep' in composed) return undefined;
  const { doc, tokens } = composed;
  let d = 0;
  while (d < tokens.length && IGNORABLE.has(tokens[d].type)) d++;
  const token = tokens[d];
  if (!token || token.type !== 'document' || (d + 1 < tokens.length && !tail)) return undefined;
  if (token.start.some((t) => t.type === 'doc-start') && (base !== 0 || token.start[0]?.type !== 'doc-start')) return undefined;
  if (doc.warnings.length) return undefined;
  const contents = doc.contents;
  const cst = token.value;
  const after = d + 1 < tokens.length ? tokens[d + 1].offset : undefined;
  if (after !== undefined && !/^(---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(after, after + 4))) return undefined;
  const end = after ?? text.length;
  if (contents === null || contents === undefined || !cst) {
    return allowEmpty && expect && !doc.errors.length && after === undefined ? { root: { kind: expect.kind, col: expect.col, pieces: [] } } : undefined;
  }
  if (!isMap(contents) && !isSeq(contents)) return undefined;
  const kind = isMap(contents) ? 'map' : 'seq';
  if (expect ? expect.kind !== kind : kind !== 'map') return undefined;
  const ctx: Ctx = { text, base, dupKeys: new Set() };
  const split = splitItems(contents, cst, ctx, 0, end, expect?.col ?? 0);
  if (!split) return undefined;
  // Duplicate keys of split mappings are recomputed for the whole document, a second document is
  // the tail's; any other problem: no split.
  let second: Tail['second'];
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY' && ctx.dupKeys.has(e.pos[0])) continue;
    if (e.code === MULTIPLE_DOCS && after !== undefined && !second) {
      second = { start: base + e.pos[0], end: base + e.pos[1] };
      continue;
    }
    return undefined;
  }
  return { root: split, tail: after !== undefined ? { start: base + after, second } : undefined };
}

/** The pieces of a whole text (and its tail), or undefined when it cannot be split safely. */
export function splitWhole(composed: Composed, text: string): Segments | undefined {
  return splitDocument(composed, text, 0, undefined, false, true);
}

/** A first document `yaml` reads whole and quickly, to parse a tail as it follows one. */
const LEAD = 'a: 0\n';

/** The tail at `start` of `text` parsed again (as it follows a first document), or undefined when it no longer is one. */
function reparseTail(text: string, start: number, compose: Compose): Tail | undefined {
  const composed = compose(LEAD + text.slice(start));
  if ('deep' in composed) return undefined;
  const { doc, tokens } = composed;
  // The lead stays one document of its own, and the tail starts with `---` or `...`.
  if (tokens[0]?.type !== 'document' || tokens[1]?.offset !== LEAD.length || doc.warnings.length) return undefined;
  if (tokens[1].type !== 'doc-end' && !(tokens[1].type === 'document' && tokens[1].start[0]?.type === 'doc-start')) return undefined;
  if (!isMap(doc.contents) || doc.contents.items.length !== 1) return undefined;
  let second: Tail['second'];
  for (const e of doc.errors) {
    if (e.code !== MULTIPLE_DOCS || second) return undefined;
    second = { start: start + e.pos[0] - LEAD.length, end: start + e.pos[1] - LEAD.length };
  }
  return { start, second };
}

function shiftPiece(g: Piece, delta: number): void {
  g.start += delta;
  g.end += delta;
  g.ind += delta;
  g.valueEnd += delta;
  if (g.entry) {
    g.entry.keySpan.start += delta;
    g.entry.keySpan.end += delta;
  }
  for (const b of g.conv.badKeys) {
    b.start += delta;
    b.end += delta;
  }
  if (g.sub) for (const p of g.sub.pieces) shiftPiece(p, delta);
  else shiftTree(g.entry ? g.entry.value : g.node, delta);
}

function pieceAt(pieces: readonly Piece[], offset: number): number {
  let lo = 0,
    hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Change {
  old: string;
  text: string;
  p: number;
  s: number;
  delta: number;
}

/** Re-parse the pieces of `split` touched by the change; false when this level cannot (the caller widens). */
function reparseSplit(split: Split, c: Change, compose: Compose): boolean {
  const pieces = split.pieces;
  if (!pieces.length) return false;
  const { old, text, p, s, delta } = c;
  const after = old.length - s; // first unchanged character after the change (old offsets)
  // From the piece before the change (it may join the previous item) through the one holding the
  // first unchanged character after it (the change may join that item).
  const lo = pieceAt(pieces, Math.max(p - 1, 0));
  const hi = pieceAt(pieces, Math.max(Math.min(after, old.length - 1), 0));
  const inner = pieces[lo].sub;
  if (lo === hi && inner && inner.pieces.length && p - 1 >= inner.pieces[0].start && after < pieces[lo].end && reparseSplit(inner, c, compose)) {
    const g = pieces[lo];
    g.end += delta;
    g.valueEnd = inner.pieces.length ? inner.pieces[inner.pieces.length - 1].valueEnd : g.valueEnd + delta;
    for (let i = lo + 1; i < pieces.length; i++) shiftPiece(pieces[i], delta);
    return true;
  }
  const wStart = pieces[lo].start;
  const wEnd = pieces[hi].end + delta;
  const wText = text.slice(wStart, wEnd);
  const mid = splitDocument(compose(wText), wText, wStart, { kind: split.kind, col: split.col }, true)?.root;
  if (!mid) return false;
  if (!mid.pieces.length) {
    // Only comments/blank lines left in the window: they join a neighbour.
    if (lo > 0) pieces[lo - 1].end = wEnd;
    else if (hi + 1 < pieces.length)
      pieces[hi + 1].start = wStart - delta; // moved by delta below
    else return false; // the collection is gone: the enclosing level re-reads it
  }
  for (let i = hi + 1; i < pieces.length; i++) shiftPiece(pieces[i], delta);
  pieces.splice(lo, hi - lo + 1, ...mid.pieces);
  return true;
}

/** Where `text` differs from `old`: the change the caller gives when it fits the two lengths, else found by comparing. */
function changeOf(old: string, text: string, given: TextChange | undefined): { p: number; s: number } {
  if (
    given &&
    given.start >= 0 &&
    given.start <= given.oldEnd &&
    given.oldEnd <= old.length &&
    given.start <= given.newEnd &&
    given.newEnd <= text.length &&
    old.length - given.oldEnd === text.length - given.newEnd
  ) {
    return { p: given.start, s: old.length - given.oldEnd };
  }
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { p, s };
}

/**
 * The pieces of `text` after an edit of `prev.text` (`change`: where, when known), parsing only
 * the touched ones, or undefined when the edit needs a full parse. Reused pieces are moved in
 * place: `prev` is consumed.
 */
export function reparse(prev: SegmentState, text: string, compose: Compose, change?: TextChange): Segments | undefined {
  const old = prev.text;
  const { p, s } = changeOf(old, text, change);
  const delta = text.length - old.length;
  const after = old.length - s; // first unchanged character after the change (old offsets)
  const tail = prev.tail;
  if (tail && p > tail.start) {
    // Only the tail changed: the first document's pieces stay as they are.
    const t = reparseTail(text, tail.start, compose);
    return t ? { root: prev.root, tail: t } : undefined;
  }
  // The first document changed; the newline before a tail (and the tail) must not have.
  if (tail && after > tail.start - 1) return undefined;
  if (!reparseSplit(prev.root, { old, text, p, s, delta }, compose)) return undefined;
  if (tail) {
    tail.start += delta;
    if (tail.second) {
      tail.second.start += delta;
      tail.second.end += delta;
    }
  }
  return { root: prev.root, tail };
}

/**
 * The tree of a split collection, with everything the pieces found gathered in document order
 * into `conv` and the duplicate keys of split mappings (where `yaml` reports them) into `dups`.
 */
export function assemble(split: Split, conv: YamlConvert, dups: Array<{ span: Span; key: string }>): TNode {
  const ps = split.pieces;
  const span = { start: ps[0].ind, end: ps[ps.length - 1].valueEnd };
  const out: TNode = split.kind === 'map' ? { kind: 'map', span, entries: [], merges: [] } : { kind: 'seq', span, items: [] };
  const seen = new Set<unknown>();
  for (const g of ps) {
    for (const e of g.conv.events) conv.events.push(e);
    for (const b of g.conv.badKeys) conv.badKeys.push(b);
    for (const m of g.conv.merged) conv.merged.push(m);
    if (g.key && g.entry && !Number.isNaN(g.key.value)) {
      if (seen.has(g.key.value)) dups.push({ span: { ...g.entry.keySpan }, key: g.entry.key });
      seen.add(g.key.value);
    }
    if (g.sub) {
      const v = g.sub.pieces.length ? assemble(g.sub, conv, dups) : undefined;
      if (g.entry) g.entry.value = v;
      else g.node = v;
    }
    if (out.kind === 'map') {
      if (g.entry) out.entries.push(g.entry);
    } else if (out.kind === 'seq' && g.node) out.items.push(g.node);
  }
  return out;
}
