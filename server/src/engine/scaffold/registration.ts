// Registering a new package in the workspace root's pyproject.toml, the way the workspace registers
// its other packages: a `[tool.uv.workspace] members` entry (unless a glob there already covers it),
// a `[tool.uv.sources]` entry shaped like the others, a `[project] dependencies` entry when the root
// lists its plugin packages, and a `[tool.pytest.ini_options] pythonpath` entry when it lists their
// src folders. Nothing the root does not already do is added.
import picomatch from 'picomatch';
import { parseTOML, type AST } from 'toml-eslint-parser';
import type { TextEditData } from '../model';
import { LineIndex } from '../text/lineIndex';
import { normalizeDistName } from '../discovery/names';
import { tomlAssignments, type Assignment } from '../discovery/tomlAssignments';

export interface Registration {
  /** The root pyproject.toml. */
  file: string;
  text: string;
  /** The new distribution (`floe-compute-spark`) and its folder relative to the root (`plugins/floe-compute-spark`). */
  distribution: string;
  dir: string;
  /** Its import root relative to the root (`plugins/floe-compute-spark/src`). */
  importRoot: string;
  /** The workspace's other plugin packages: their distributions and folders relative to the root. */
  siblings: Array<{ distribution: string; dir: string }>;
}

/** What was registered where, for the wizard's message. */
export interface RegistrationResult {
  edits: TextEditData[];
  registered: string[];
}

function find(as: Assignment[], names: string[]): Assignment | undefined {
  return as.find((a) => a.path.length === names.length && names.every((n, i) => a.path[i].name === n));
}

function strings(arr: AST.TOMLArray): Array<{ value: string; node: AST.TOMLValue }> {
  return arr.elements.flatMap((e) => (e.type === 'TOMLValue' && e.kind === 'string' ? [{ value: String(e.value), node: e }] : []));
}

/** The text that appends `"value"` to an array, keeping its layout (one item per line, or inline). */
function appendToArray(text: string, arr: AST.TOMLArray, value: string): { offset: number; newText: string } {
  const item = JSON.stringify(value);
  const last = arr.elements[arr.elements.length - 1];
  if (!last) return { offset: arr.range[0] + 1, newText: item };
  const inner = text.slice(arr.range[0], arr.range[1]);
  if (!inner.includes('\n')) return { offset: last.range[1], newText: `, ${item}` };
  const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '    ';
  const rest = text.slice(last.range[1], arr.range[1]);
  const comma = /^[ \t]*,/.exec(rest);
  if (!comma) return { offset: last.range[1], newText: `,\n${indent}${item}` };
  // After the trailing comma and any comment on that line.
  const eol = text.indexOf('\n', last.range[1] + comma[0].length);
  const at = eol < 0 || eol > arr.range[1] ? last.range[1] + comma[0].length : eol;
  return { offset: at, newText: `\n${indent}${item},` };
}

/** A `[tool.uv.sources]` entry shaped like the existing ones (`{ path = ..., editable = true }` or `{ workspace = true }`). */
function sourceEntry(text: string, table: AST.TOMLTable, r: Registration): { offset: number; newText: string } | undefined {
  const entries = table.body.filter((kv) => kv.value.type === 'TOMLInlineTable');
  if (!entries.length) return undefined;
  const keys = (kv: AST.TOMLKeyValue) =>
    new Map((kv.value as AST.TOMLInlineTable).body.map((b) => [b.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.'), b.value]));
  const shaped = entries.map(keys);
  const byPath = shaped.filter((m) => m.has('path'));
  const byWorkspace = shaped.filter((m) => m.has('workspace'));
  let value: string;
  if (byWorkspace.length > byPath.length) value = '{ workspace = true }';
  else if (byPath.length) {
    const editable = byPath.some((m) => {
      const e = m.get('editable');
      return e?.type === 'TOMLValue' && e.value === true;
    });
    value = `{ path = ${JSON.stringify(r.dir)}${editable ? ', editable = true' : ''} }`;
  } else return undefined;
  const last = table.body[table.body.length - 1];
  const eol = text.indexOf('\n', last.range[1]);
  const at = eol < 0 ? text.length : eol;
  return { offset: at, newText: `\n${r.distribution} = ${value}` };
}

/** The edits that register the new package in the root pyproject.toml (none when it registers nothing). */
export function registerPackage(r: Registration): RegistrationResult {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(r.text);
  } catch {
    return { edits: [], registered: [] };
  }
  const as = tomlAssignments(program);
  const lines = new LineIndex(r.text);
  const edits: TextEditData[] = [];
  const registered: string[] = [];
  const add = (offset: number, newText: string, what: string) => {
    const at = lines.position(offset);
    edits.push({ file: r.file, range: { start: at, end: at }, newText });
    registered.push(what);
  };
  const siblingDists = new Set(r.siblings.map((s) => normalizeDistName(s.distribution)));
  const siblingDirs = new Set(r.siblings.map((s) => s.dir));

  const members = find(as, ['tool', 'uv', 'workspace', 'members'])?.node;
  if (members?.type === 'TOMLArray') {
    const globs = strings(members).map((s) => s.value);
    let covered = globs.includes(r.dir);
    try {
      covered ||= picomatch(
        globs.map((g) => g.replace(/^\.\//, '').replace(/\/+$/, '')),
        { dot: true },
      )(r.dir);
    } catch {
      /* a malformed glob covers nothing */
    }
    if (!covered) {
      const e = appendToArray(r.text, members, r.dir);
      add(e.offset, e.newText, '[tool.uv.workspace] members');
    }
  }
  const sources = find(as, ['tool', 'uv', 'sources']);
  if (
    sources?.node.type === 'TOMLTable' &&
    !sources.node.body.some((kv) => kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.') === r.distribution)
  ) {
    const e = sourceEntry(r.text, sources.node, r);
    if (e) add(e.offset, e.newText, '[tool.uv.sources]');
  }
  const deps = find(as, ['project', 'dependencies'])?.node;
  if (deps?.type === 'TOMLArray') {
    const names = strings(deps).map((s) => normalizeDistName(s.value.split(/[\s<>=!~;[(@]/)[0]));
    if (names.some((n) => siblingDists.has(n)) && !names.includes(normalizeDistName(r.distribution))) {
      const e = appendToArray(r.text, deps, r.distribution);
      add(e.offset, e.newText, '[project] dependencies');
    }
  }
  const pythonpath = find(as, ['tool', 'pytest', 'ini_options', 'pythonpath'])?.node;
  if (pythonpath?.type === 'TOMLArray') {
    const items = strings(pythonpath).map((s) => s.value.replace(/\/+$/, ''));
    if (items.some((i) => [...siblingDirs].some((d) => i === d || i.startsWith(d + '/'))) && !items.includes(r.importRoot)) {
      const e = appendToArray(r.text, pythonpath, r.importRoot);
      add(e.offset, e.newText, '[tool.pytest.ini_options] pythonpath');
    }
  }
  return { edits, registered };
}
