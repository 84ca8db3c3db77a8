// The syntax of an entry-point value (packaging spec / PEP 8 names):
//   module.path:attr.path [extra1, extra2]
// with whitespace allowed around the parts. Plugins need a class, so the `:attr` part is required.
import type { Diagnostic, EntryPointDecl } from '../model';

export interface EntryPointTarget {
  module: string;
  attr: string;
  extras: string[];
}
/** `offset`/`length`: where in the value string the problem is (length 0 = a point). */
export interface EntryPointSyntaxError {
  error: string;
  offset: number;
  length: number;
}

const PY_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const EXTRA_NAME = /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/;

/** Whether `s` is a valid Python identifier (and not a keyword). */
export function isPythonIdentifier(s: string): boolean {
  return IDENTIFIER.test(s) && !PY_KEYWORDS.has(s);
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Checks a dotted path (`a.b.c`) that starts at `base` in the value. */
function checkDotted(path: string, base: number, what: string): EntryPointSyntaxError | undefined {
  let at = 0;
  for (const part of path.split('.')) {
    const offset = base + at;
    if (!part) return { error: `empty name in ${what} '${path}'`, offset, length: 0 };
    if (PY_KEYWORDS.has(part)) return { error: `'${part}' is a Python keyword, not a valid identifier`, offset, length: part.length };
    if (!IDENTIFIER.test(part)) return { error: `'${part}' is not a valid Python identifier`, offset, length: part.length };
    at += part.length + 1;
  }
  return undefined;
}

/** Trimmed slice [start, end) of value: returns the new bounds. */
function trim(value: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(value[start])) start++;
  while (end > start && isSpace(value[end - 1])) end--;
  return [start, end];
}

function parseExtras(value: string, open: number): string[] | EntryPointSyntaxError {
  const close = value.indexOf(']', open);
  if (close < 0) return { error: "missing ']' after extras", offset: value.length, length: 0 };
  const [after] = trim(value, close + 1, value.length);
  if (after < value.length) {
    return { error: `unexpected '${value.slice(after)}' after extras`, offset: after, length: value.length - after };
  }
  const extras: string[] = [];
  let pos = open + 1;
  for (const raw of value.slice(open + 1, close).split(',')) {
    const [s, e] = trim(value, pos, pos + raw.length);
    const name = value.slice(s, e);
    if (name || raw.length || extras.length) {
      if (!EXTRA_NAME.test(name)) {
        return { error: name ? `'${name}' is not a valid extra name` : 'empty extra name', offset: s, length: name.length };
      }
      extras.push(name);
    }
    pos += raw.length + 1;
  }
  return extras;
}

/** Parses `module.path:attr.path [extras]`; on error says what is wrong and where. */
export function parseEntryPointValue(value: string): EntryPointTarget | EntryPointSyntaxError {
  const [start, end] = trim(value, 0, value.length);
  if (start === end) return { error: 'entry point value is empty (expected "module:Class")', offset: 0, length: value.length };
  const bracket = value.indexOf('[', start);
  const bodyEnd = bracket >= 0 && bracket < end ? bracket : end;
  let extras: string[] = [];
  if (bodyEnd < end) {
    const r = parseExtras(value.slice(0, end), bodyEnd);
    if (!Array.isArray(r)) return r;
    extras = r;
  }
  const colon = value.indexOf(':', start);
  if (colon < 0 || colon >= bodyEnd) {
    const [ms, me] = trim(value, start, bodyEnd);
    return { error: "missing ':' between module and class", offset: ms, length: me - ms };
  }
  const second = value.indexOf(':', colon + 1);
  if (second >= 0 && second < bodyEnd) {
    return { error: "more than one ':' in entry point value", offset: second, length: 1 };
  }
  const [ms, me] = trim(value, start, colon);
  const [as, ae] = trim(value, colon + 1, bodyEnd);
  if (ms === me) return { error: "missing module before ':'", offset: colon, length: 0 };
  if (as === ae) return { error: "missing class after ':'", offset: colon + 1, length: 0 };
  const module = value.slice(ms, me);
  const attr = value.slice(as, ae);
  for (const [text, base, what] of [
    [module, ms, 'module path'],
    [attr, as, 'class path'],
  ] as const) {
    const space = [...text].findIndex(isSpace);
    if (space >= 0) return { error: `unexpected space in ${what} '${text}'`, offset: base + space, length: 1 };
    const err = checkDotted(text, base, what);
    if (err) return err;
  }
  return { module, attr, extras };
}

export function isEntryPointSyntaxError(r: EntryPointTarget | EntryPointSyntaxError): r is EntryPointSyntaxError {
  return 'error' in r;
}

/**
 * An `invalid-entry-point` error for a declared entry point whose value does not parse, placed at
 * the offending part of the value when the value is written on one line without escapes.
 * The discovery parsers do NOT report this themselves (the registry checks do, using this).
 */
export function checkEntryPointValue(decl: EntryPointDecl): Diagnostic | undefined {
  const r = parseEntryPointValue(decl.value);
  if (!isEntryPointSyntaxError(r)) return undefined;
  const vr = decl.valueRange;
  const exact = vr.start.line === vr.end.line && vr.end.character - vr.start.character === decl.value.length;
  const range = exact
    ? {
        start: { line: vr.start.line, character: vr.start.character + r.offset },
        end: { line: vr.start.line, character: vr.start.character + r.offset + r.length },
      }
    : vr;
  return {
    file: decl.file,
    range,
    severity: 'error',
    code: 'invalid-entry-point',
    message: `Invalid entry point '${decl.name}' = "${decl.value}": ${r.error}.`,
  };
}
