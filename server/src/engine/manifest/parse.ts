// Parse a manifest's text (YAML, or JSON for `.json` files) into a position tree, its resolved JS
// value and syntax problems. Bounded: nesting deeper than MAX_NESTING is reported, not composed;
// aliases are not expanded in the tree; the value is built only for the top-level keys the checks
// read, and alias bombs are caught with `yaml`'s `maxAliasCount` rule (MAX_ALIAS_COUNT).
import { Composer, Parser, visit, YAMLParseError, type CST, type Document } from 'yaml';
import { parseTree, getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { flowTooDeepOffset, jsonTooDeepOffset, lexerDeepOffset, MAX_NESTING, nestingMessage, tooDeepOffset } from './depth';
import type { FileSystem, TextChange } from '../fs';
import { assemble, MULTIPLE_DOCS, reparse, splitWhole, type Segments, type SegmentState } from './segments';
import { allKeys, fromJson, fromYamlNode, linkAliases, newConvert, type Span, type TNode, type YamlConvert } from './tree';
import { buildValue, checkAliasCount, checkMergeSources, firstAliasSpan, ValueError } from './value';
import { pyYamlTags } from './pyyamlTags';

export const MAX_ALIAS_COUNT = 100;

/** The top-level keys whose value the checks read (structure, selections, configs). */
export const VALUE_KEYS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'plugins']);

export interface SyntaxProblem {
  span: Span;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedManifest {
  json: boolean;
  root: TNode | undefined;
  /** The resolved value of the VALUE_KEYS (aliases and merge keys applied); undefined when it could not be built. */
  value: unknown;
  syntax: SyntaxProblem[];
  /** Set when the value could not be resolved (alias bomb, cyclic alias); reported as manifest-invalid. */
  valueError?: { span: Span; message: string };
  /** Well-formed YAML the manifest cannot use (collection mapping keys); reported as manifest-invalid. */
  invalid: Array<{ span: Span; message: string }>;
}

export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/** Parsed manifests by file; `textId`: the file system's id of the text, when it has one. */
const cache = new Map<string, { text: string; parsed: ParsedManifest; state?: SegmentState; textId?: number }>();

/**
 * Parse (cached on the exact text per file; after an edit only the touched entries are parsed
 * again). `fs`, when it is what the text was read from and it knows where the text changed since
 * the one parsed last (an open document's edits), saves comparing the two texts.
 */
export function parseManifest(file: string, text: string, fs?: FileSystem): ParsedManifest {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.parsed;
  let state: SegmentState | undefined;
  let parsed: ParsedManifest;
  const textId = fs?.textId?.(file) !== undefined && fs.readFile(file) === text ? fs.textId!(file) : undefined;
  if (isJsonFile(file)) parsed = parseJson(text);
  else {
    const change = hit?.state && hit.textId !== undefined && textId !== undefined ? fs!.editSince?.(file, hit.textId) : undefined;
    const r = parseYaml(text, hit?.state, false, change);
    parsed = r.parsed;
    state = r.state;
  }
  cache.delete(file);
  if (cache.size > 20) cache.delete(cache.keys().next().value as string);
  cache.set(file, { text, parsed, state, textId });
  return parsed;
}

const MULTIPLE_DOCS_MESSAGE = 'Source contains multiple documents; please use YAML.parseAllDocuments()';

const COMPOSE_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false, customTags: pyYamlTags } as const;

/** `yaml`'s parseDocument, with the CST checked for depth before it is composed. */
export function composeYaml(text: string): { doc: Document.Parsed; tokens: CST.Token[] } | { deep: number } {
  const flowDeep = flowTooDeepOffset(text);
  if (flowDeep !== undefined) return { deep: flowDeep };
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(text));
  } catch (e) {
    if (e instanceof RangeError) return { deep: lexerDeepOffset(text) };
    throw e;
  }
  const deep = tooDeepOffset(tokens);
  if (deep !== undefined) return { deep };
  let doc: Document.Parsed | undefined;
  for (const d of new Composer(COMPOSE_OPTIONS).compose(tokens, true, text.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], MULTIPLE_DOCS, MULTIPLE_DOCS_MESSAGE));
      break;
    }
  }
  return { doc: doc!, tokens };
}

/** How many YAML parses reused segments of the previous text, and how many read it all (tests, bench). */
export const parseStats = { incremental: 0, full: 0, /** Characters parsed again in incremental windows. */ windowChars: 0 };

const composeWindow = (t: string) => {
  parseStats.windowChars += t.length;
  return composeYaml(t);
};

/** A YAML manifest parsed whole, without segments (the reference the incremental path must equal). */
export function parseYamlWhole(text: string): ParsedManifest {
  return parseYaml(text, undefined, true).parsed;
}

function parseYaml(text: string, prev?: SegmentState, whole = false, change?: TextChange): { parsed: ParsedManifest; state?: SegmentState } {
  if (prev) {
    let split: Segments | undefined;
    try {
      split = reparse(prev, text, composeWindow, change);
    } catch {
      split = undefined; // never worse than a full parse
    }
    if (split) {
      parseStats.incremental++;
      return { parsed: fromSplit(split), state: { text, ...split } };
    }
  }
  parseStats.full++;
  const composed = composeYaml(text);
  if ('deep' in composed) {
    const at = Math.min(composed.deep, text.length);
    return {
      parsed: {
        json: false,
        root: undefined,
        value: undefined,
        syntax: [{ span: { start: at, end: Math.min(at + 1, text.length) }, message: nestingMessage(MAX_NESTING), severity: 'error' }],
        invalid: [],
      },
    };
  }
  const doc = composed.doc;
  const split = whole ? undefined : splitWhole(composed, text);
  if (split) return { parsed: fromSplit(split), state: { text, ...split } };
  const syntax: SyntaxProblem[] = [];
  for (const e of doc.errors) syntax.push({ span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) }, message: e.message, severity: 'error' });
  for (const w of doc.warnings) syntax.push({ span: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0]) }, message: w.message, severity: 'warning' });
  const conv = newConvert();
  const root = fromYamlNode(doc.contents, conv);
  // A duplicate key (reported on one character) is a warning on the whole key: PyYAML keeps the last.
  const dups = syntax.filter((p, i) => doc.errors[i]?.code === 'DUPLICATE_KEY');
  if (dups.length) {
    for (const k of allKeys(root)) {
      const d = dups.find((p) => p.span.start === k.entry.keySpan.start);
      if (d) Object.assign(d, duplicateKey(k.entry.key, k.entry.keySpan));
    }
  }
  placeUnterminatedFlows(doc, syntax);
  return { parsed: finish(root, conv, syntax) };
}

/** The manifest from its pieces: one tree; duplicate keys and aliases over all of them; a second document after them. */
function fromSplit(split: Segments): ParsedManifest {
  const conv = newConvert();
  const dups: Array<{ span: Span; key: string }> = [];
  const root = assemble(split.root, conv, dups);
  const syntax = dups.map((d) => duplicateKey(d.key, d.span));
  const second = split.tail?.second;
  if (second) syntax.push({ span: { start: second.start, end: Math.max(second.end, second.start) }, message: MULTIPLE_DOCS_MESSAGE, severity: 'error' });
  return finish(root, conv, syntax);
}

/** floe reads manifests with PyYAML, which keeps the last value of a duplicated key. */
export function duplicateKey(key: string, span: Span): SyntaxProblem {
  return {
    span: { ...span },
    message: `duplicate key ${JSON.stringify(key)}: floe reads only its last value (PyYAML keeps the last one)`,
    severity: 'warning',
  };
}

function finish(root: TNode | undefined, conv: YamlConvert, syntax: SyntaxProblem[]): ParsedManifest {
  const unresolved = linkAliases(conv.events);
  for (const u of unresolved) syntax.push({ span: u.span, message: `unknown alias "*${u.name}" (no anchor "&${u.name}" before it)`, severity: 'error' });
  const invalid = conv.badKeys.map((span) => ({ span: { ...span }, message: 'mapping keys must be plain scalars (a mapping or list cannot be a key)' }));
  if (unresolved.length) return { json: false, root, value: undefined, syntax, invalid };
  const { value, valueError } = resolveValue(root, conv);
  return { json: false, root, value, syntax, valueError, invalid };
}

const UNTERMINATED = /^Flow (map|sequence) (?:in block collection )?must (?:be sufficiently indented and )?end with a [}\]]$/;

/**
 * `yaml` reports an unterminated flow collection where it stopped reading (often the end of the
 * file); place it on the opening bracket of the outermost one that ends there instead.
 */
function placeUnterminatedFlows(doc: Document.Parsed, syntax: SyntaxProblem[]): void {
  const hits = syntax.filter((p) => p.severity === 'error' && UNTERMINATED.test(p.message));
  if (!hits.length) return;
  const starts = new Map<string, number>();
  const note = (kind: string, n: { flow?: boolean; range?: [number, number, number] | null }) => {
    if (!n.flow || !n.range) return;
    const k = `${kind}@${n.range[1]}`;
    const s = starts.get(k);
    if (s === undefined || n.range[0] < s) starts.set(k, n.range[0]);
  };
  visit(doc, { Map: (_k, n) => note('map', n), Seq: (_k, n) => note('sequence', n) });
  for (const p of hits) {
    const start = starts.get(`${UNTERMINATED.exec(p.message)![1]}@${p.span.start}`);
    if (start !== undefined) p.span = { start, end: start + 1 };
  }
}

/** The value of the VALUE_KEYS, or why it cannot be built (as the old `toJS()` path said it). */
function resolveValue(root: TNode | undefined, conv: YamlConvert): { value: unknown; valueError?: ParsedManifest['valueError'] } {
  try {
    checkAliasCount(conv.events, MAX_ALIAS_COUNT);
    checkMergeSources(conv.merged);
    return { value: buildValue(root, VALUE_KEYS) };
  } catch (e) {
    if (!(e instanceof ValueError) && !(e instanceof RangeError)) throw e;
    const span = firstAliasSpan(conv.events) ?? { start: 0, end: 0 };
    const message = (e as Error).message;
    const msg =
      e instanceof RangeError
        ? "the manifest's aliases nest too deeply to be resolved"
        : /Excessive alias count/.test(message)
          ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): the manifest looks like an alias bomb and was not validated`
          : `the manifest's aliases cannot be resolved: ${message}`;
    return { value: undefined, valueError: { span, message: msg } };
  }
}

function parseJson(text: string): ParsedManifest {
  const deep = jsonTooDeepOffset(text);
  if (deep !== undefined) {
    return {
      json: true,
      root: undefined,
      value: undefined,
      syntax: [{ span: { start: deep, end: deep + 1 }, message: nestingMessage(MAX_NESTING), severity: 'error' }],
      invalid: [],
    };
  }
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
        if (seen.has(e.key)) syntax.push(duplicateKey(e.key, e.keySpan));
        seen.add(e.key);
        if (e.value) stack.push(e.value);
      }
    } else if (n.kind === 'seq') stack.push(...n.items);
  }
  return { json: true, root, value: tree ? getNodeValue(tree) : undefined, syntax, invalid: [] };
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
