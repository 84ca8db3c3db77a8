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
