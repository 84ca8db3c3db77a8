// Seeded, deterministic mutations of text files for the fuzz tests: truncation, inserted hostile
// characters, deleted / duplicated spans, swapped tokens, deep nesting, invalid UTF-8 (replacement
// characters and lone surrogates), NUL bytes, enormous lines, line-ending changes, a BOM.
// Mutations are plain string edits; nothing here parses the files.

/** mulberry32: a small seeded PRNG, so every failing input can be reproduced from its seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Characters that tend to break parsers and position arithmetic. */
const HOSTILE = [
  '\0',
  '\uFFFD',
  '\uD800',
  '\uDFFF',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '\u2029',
  '\u00A0',
  '\uFEFF',
  '😀',
  '𝔘',
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '[',
  ']',
  '[[',
  ']]',
  '{',
  '}',
  '(',
  ')',
  '=',
  ':',
  ',',
  '.',
  '#',
  '-',
  '&a',
  '*a',
  '<<',
  '!!python/object',
  '---',
  '...',
  '|',
  '>',
  '%',
  '@',
  'é',
  '\u0301',
  'null',
  '~',
  ' ',
  '    ',
  '\v',
  '\f',
  '\x1b[0m',
];

export type MutationKind =
  | 'truncate'
  | 'insert'
  | 'delete'
  | 'duplicate'
  | 'swap'
  | 'nest'
  | 'invalid-utf8'
  | 'nul'
  | 'huge-line'
  | 'crlf'
  | 'bom'
  | 'repeat-lines'
  | 'foreign-line'
  | 'empty';

export const MUTATIONS: readonly MutationKind[] = [
  'truncate',
  'insert',
  'delete',
  'duplicate',
  'swap',
  'nest',
  'invalid-utf8',
  'nul',
  'huge-line',
  'crlf',
  'bom',
  'repeat-lines',
  'foreign-line',
  'empty',
];

export interface MutateOptions {
  /** Longest inserted line / deepest nesting (kept moderate in tests, large in benches). */
  hugeLine?: number;
  maxNest?: number;
  /** Lines from other files, for `foreign-line`. */
  foreign?: readonly string[];
}

function tokens(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /[A-Za-z_0-9.]+|"[^"\n]*"|\S/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** One mutation of `text` of the given kind. */
export function mutateOnce(text: string, kind: MutationKind, rng: Rng, o: MutateOptions = {}): string {
  const n = text.length;
  const at = () => rng.int(n + 1);
  switch (kind) {
    case 'truncate':
      return text.slice(0, at());
    case 'insert': {
      let ins = '';
      for (let i = 1 + rng.int(4); i > 0; i--) ins += rng.pick(HOSTILE);
      const p = at();
      return text.slice(0, p) + ins + text.slice(p);
    }
    case 'delete': {
      const p = at();
      return text.slice(0, p) + text.slice(Math.min(n, p + 1 + rng.int(40)));
    }
    case 'duplicate': {
      const p = at();
      const span = text.slice(p, p + 1 + rng.int(200));
      const q = at();
      return text.slice(0, q) + span + text.slice(q);
    }
    case 'swap': {
      const t = tokens(text);
      if (t.length < 2) return text + text;
      let a = rng.pick(t),
        b = rng.pick(t);
      if (a.start > b.start) [a, b] = [b, a];
      if (a.end > b.start) return text;
      return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    }
    case 'nest': {
      const depth = 1 + rng.int(o.maxNest ?? 3000);
      const [open, close] = rng.pick([
        ['[', ']'],
        ['(', ')'],
        ['{', '}'],
        ['- ', ''],
        ['{"a":', '}'],
        ['  ', ''],
      ] as const);
      const body = rng.chance(0.5) ? open.repeat(depth) + '1' + close.repeat(depth) : open.repeat(depth);
      const p = at();
      return text.slice(0, p) + body + text.slice(p);
    }
    case 'invalid-utf8': {
      // What the disk reader makes of bad bytes (U+FFFD), and lone surrogates no reader makes.
      let out = text;
      for (let i = 1 + rng.int(5); i > 0; i--) {
        const p = rng.int(out.length + 1);
        out = out.slice(0, p) + rng.pick(['\uFFFD', '\uFFFD\uFFFD', '\uD800', '\uDC00', '\uD83D']) + out.slice(p);
      }
      return out;
    }
    case 'nul': {
      const p = at();
      return text.slice(0, p) + '\0'.repeat(1 + rng.int(64)) + text.slice(p);
    }
    case 'huge-line': {
      const len = 1 + rng.int(o.hugeLine ?? 100_000);
      const unit = rng.pick(['x', 'a = ', '"', '[', ' ', 'é', '😀', '\t', '#']);
      const p = at();
      return text.slice(0, p) + unit.repeat(Math.ceil(len / unit.length)) + text.slice(p);
    }
    case 'crlf':
      return rng.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r');
    case 'bom':
      return '\uFEFF' + text;
    case 'repeat-lines': {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      const times = 1 + rng.int(500);
      lines.splice(i, 0, ...Array(times).fill(lines[i] ?? ''));
      return lines.join('\n');
    }
    case 'foreign-line': {
      const lines = text.split('\n');
      const src = o.foreign?.length ? o.foreign : lines;
      lines.splice(rng.int(lines.length + 1), 0, rng.pick(src));
      return lines.join('\n');
    }
    case 'empty':
      return rng.chance(0.5) ? '' : rng.pick(['\n', '\0', '\uFEFF', ' ', '\r\n\r\n']);
  }
}

/** 1-3 stacked mutations; returns the text and what was done (for the failure report). */
export function mutate(text: string, rng: Rng, o: MutateOptions = {}): { text: string; kinds: MutationKind[] } {
  const kinds: MutationKind[] = [];
  let out = text;
  for (let i = 1 + rng.int(3); i > 0; i--) {
    const k = rng.pick(MUTATIONS);
    kinds.push(k);
    out = mutateOnce(out, k, rng, o);
  }
  return { text: out, kinds };
}

/** Bytes for disk files: the text as UTF-8, sometimes with raw invalid UTF-8 sequences spliced in. */
export function toBytes(text: string, rng: Rng): Buffer {
  const b = Buffer.from(text, 'utf8');
  if (!rng.chance(0.3)) return b;
  const bad = rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80, 0x80], [0xc0, 0xaf]]);
  const p = rng.int(b.length + 1);
  return Buffer.concat([b.subarray(0, p), Buffer.from(bad), b.subarray(p)]);
}
