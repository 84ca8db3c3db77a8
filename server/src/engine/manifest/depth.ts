// Nesting bound for YAML manifests. `yaml`'s composer (and our own walks) recurse once per level, so
// a deep document would overflow the stack at a depth that depends on the caller's stack. The CST
// (built iteratively) is checked first: deeper than MAX_NESTING is reported, never composed.
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { CST, Lexer } from 'yaml';

export const MAX_NESTING = 256;

/** Offset of the first collection nested deeper than `max` levels in the CST, or undefined. */
export function tooDeepOffset(tokens: readonly CST.Token[], max = MAX_NESTING): number | undefined {
  let first: number | undefined;
  const stack: Array<[CST.Token, number]> = [];
  for (const t of tokens) if (t.type === 'document' && t.value) stack.push([t.value, 1]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    if (depth > max) {
      if (first === undefined || t.offset < first) first = t.offset;
      continue; // its content starts after it
    }
    for (const it of t.items) {
      if (it.key) stack.push([it.key, depth + 1]);
      if (it.value) stack.push([it.value, depth + 1]);
    }
  }
  return first;
}

/**
 * When `yaml`'s parser itself overflows (deep block nesting closed at once): where the nesting
 * first exceeds `max`, estimated from the lexer's tokens (flow brackets open plus block indicators
 * on the current line). Error path only.
 */
export function lexerDeepOffset(text: string, max = MAX_NESTING): number {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  let widest = { offset: 0, count: -1 };
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flow > 0) flow--;
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') onLine++;
    else if (type === 'newline') onLine = 0;
    if (flow + onLine > max) return offset;
    if (flow + onLine > widest.count) widest = { offset, count: flow + onLine };
    // The lexer's control markers take no room in the text.
    if (tok !== CST.DOCUMENT && tok !== CST.SCALAR && tok !== CST.FLOW_END) offset += tok.length;
  }
  return widest.offset;
}

/**
 * Where flow collections (`[`, `{`) might nest deeper than `max`: a linear scan that skips quoted
 * scalars and comments, cheap enough for every parse. Undefined means "not that deep" (the scan
 * follows the same brackets the lexer does); an offset only means "look closer".
 */
function flowDepthSuspect(text: string, max: number): boolean {
  let depth = 0;
  let prev = 10; // the last character outside a scalar: a quote opens one only after these
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && (prev === 10 || prev === 32 || prev === 9)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      prev = 10;
      continue;
    }
    if (
      (c === 34 /* " */ || c === 39) /* ' */ &&
      (prev === 10 || prev === 32 || prev === 9 || prev === 58 || prev === 44 || prev === 91 || prev === 123 || prev === 45)
    ) {
      for (i++; i < text.length; i++) {
        const q = text.charCodeAt(i);
        if (c === 34 && q === 92 /* \ */) {
          i++;
          continue;
        }
        if (q === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) {
            i++;
            continue;
          }
          break;
        }
      }
      prev = 34;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
    prev = c;
  }
  return false;
}

/**
 * Offset of the first flow collection nested deeper than `max`, before any parse: brackets by the
 * scan above, confirmed by `yaml`'s lexer only when the scan finds that depth. Building the CST of
 * such a document is what costs (seconds for a megabyte of `[`), so it is never built.
 */
export function flowTooDeepOffset(text: string, max = MAX_NESTING): number | undefined {
  if (!flowDepthSuspect(text, max)) return undefined;
  let offset = 0;
  let flow = 0;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flow > max) return offset;
    } else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flow > 0) flow--;
    if (tok !== CST.DOCUMENT && tok !== CST.SCALAR && tok !== CST.FLOW_END) offset += tok.length;
  }
  return undefined;
}

export function nestingMessage(max = MAX_NESTING): string {
  return `the manifest nests deeper than ${max} levels here; it was not read`;
}

/** JSON: offset of the first `{`/`[` nested deeper than `max` (jsonc-parser's scanner is iterative), or undefined. */
export function jsonTooDeepOffset(text: string, max = MAX_NESTING): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
      if (++depth > max) return scanner.getTokenOffset();
    } else if ((t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) && depth > 0) depth--;
  }
  return undefined;
}
