// Parse a manifest's text (YAML, or JSON for `.json` files) into a position tree, its resolved JS
// value and syntax problems. Bounded: aliases are not expanded in the tree, and resolving the
// value stops at `MAX_ALIAS_COUNT` alias expansions (alias bombs).
import { parseDocument } from 'yaml';
import { parseTree, getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { allKeys, fromJson, fromYaml, type Span, type TNode } from './tree';

export const MAX_ALIAS_COUNT = 100;

export interface SyntaxProblem { span: Span; message: string; severity: 'error' | 'warning' }

export interface ParsedManifest {
  json: boolean;
  root: TNode | undefined;
  /** The resolved value (aliases and merge keys applied); undefined when it could not be built. */
  value: unknown;
  syntax: SyntaxProblem[];
  /** Set when the value could not be resolved (alias bomb, cyclic alias); reported as manifest-invalid. */
  valueError?: { span: Span; message: string };
}

export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

const cache = new Map<string, { text: string; parsed: ParsedManifest }>();

/** Parse (cached on the exact text per file). */
export function parseManifest(file: string, text: string): ParsedManifest {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.parsed;
  const parsed = isJsonFile(file) ? parseJson(text) : parseYaml(text);
  if (cache.size > 20) cache.delete(cache.keys().next().value as string);
  cache.set(file, { text, parsed });
  return parsed;
}

function parseYaml(text: string): ParsedManifest {
  const doc = parseDocument(text, {
    keepSourceTokens: true, merge: true, uniqueKeys: true, prettyErrors: false,
  });
  const syntax: SyntaxProblem[] = [];
  for (const e of doc.errors) syntax.push({ span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) }, message: e.message, severity: 'error' });
  for (const w of doc.warnings) syntax.push({ span: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0]) }, message: w.message, severity: 'warning' });
  const unresolved: Array<{ name: string; span: Span }> = [];
  const root = fromYaml(doc, unresolved);
  // Widen "Map keys must be unique" (reported on one character) to the whole duplicate key.
  const dups = syntax.filter((p, i) => doc.errors[i]?.code === 'DUPLICATE_KEY');
  if (dups.length) {
    for (const k of allKeys(root)) {
      const d = dups.find((p) => p.span.start === k.entry.keySpan.start);
      if (d) d.span = { ...k.entry.keySpan };
    }
  }
  for (const u of unresolved) syntax.push({ span: u.span, message: `unknown alias "*${u.name}" (no anchor "&${u.name}" before it)`, severity: 'error' });
  let value: unknown;
  let valueError: ParsedManifest['valueError'];
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (unresolved.length) return { json: false, root, value: undefined, syntax };
    const span = firstAlias(root) ?? { start: 0, end: 0 };
    const msg = /Excessive alias count/.test((e as Error).message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): the manifest looks like an alias bomb and was not validated`
      : `the manifest's aliases cannot be resolved: ${(e as Error).message}`;
    valueError = { span, message: msg };
  }
  return { json: false, root, value, syntax, valueError };
}

function firstAlias(root: TNode | undefined): Span | undefined {
  const stack: TNode[] = root ? [root] : [];
  let best: Span | undefined;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'alias') { if (!best || n.span.start < best.start) best = n.span; continue; }
    if (n.kind === 'map') { for (const e of n.entries) if (e.value) stack.push(e.value); stack.push(...n.merges); }
    if (n.kind === 'seq') stack.push(...n.items);
  }
  return best;
}

function parseJson(text: string): ParsedManifest {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntax: SyntaxProblem[] = errors.map((e) => ({
    span: { start: e.offset, end: e.offset + e.length },
    message: `JSON: ${describeJsonError(printParseErrorCode(e.error))}`,
    severity: 'error',
  }));
  const root = fromJson(tree);
  // Duplicate keys are legal for jsonc-parser (last wins); say so, as YAML does.
  const stack: TNode[] = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'map') {
      const seen = new Set<string>();
      for (const e of n.entries) {
        if (seen.has(e.key)) syntax.push({ span: e.keySpan, message: `Map keys must be unique ("${e.key}" appears more than once)`, severity: 'error' });
        seen.add(e.key);
        if (e.value) stack.push(e.value);
      }
    } else if (n.kind === 'seq') stack.push(...n.items);
  }
  return { json: true, root, value: tree ? getNodeValue(tree) : undefined, syntax };
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
