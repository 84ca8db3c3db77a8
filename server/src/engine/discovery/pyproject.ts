// pyproject.toml -> distribution name, version, import roots and floe* entry points, with positions.
// Entry points come from `[project.entry-points."floe.x"]` tables, inline tables under
// `[project.entry-points]`, dotted keys, and Poetry's `[tool.poetry.plugins."floe.x"]`.
import * as path from 'node:path';
import { parseTOML, getStaticTOMLValue, type AST } from 'toml-eslint-parser';
import type { FileSystem } from '../fs';
import type { Diagnostic, EntryPointDecl, Range } from '../model';
import { LineIndex } from '../text/lineIndex';
import type { PyprojectInfo } from './types';
import { normalizeDistName } from './names';
import { tomlAssignments, stringContentRange, type Assignment } from './tomlAssignments';
import { importRootsFor } from './importRoots';
import { collectPyprojectEntryPoints } from './pyprojectEntryPoints';

/** Where nesting of `[` / `{` (outside strings and comments) first goes deeper than `limit`. */
function deepNestingOffset(text: string, limit: number): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return 0;
}

function syntaxDiagnostic(file: string, text: string, err: unknown): Diagnostic {
  const lines = new LineIndex(text);
  if (err instanceof RangeError) {
    // The parser is recursive: absurdly deep arrays or inline tables exhaust its stack.
    const at = deepNestingOffset(text, 100);
    return {
      file,
      range: lines.range(at, Math.min(at + 1, text.length)),
      severity: 'error',
      code: 'toml-syntax',
      message: 'TOML nesting is too deep to read here (over 100 levels of arrays or inline tables); nothing in this file could be read',
    };
  }
  const e = err as { index?: unknown; message?: unknown };
  const index = typeof e.index === 'number' ? e.index : 0;
  const end = index < text.length && text[index] !== '\n' && text[index] !== '\r' ? index + 1 : index;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return { file, range: lines.range(index, end), severity: 'error', code: 'toml-syntax', message: `TOML syntax error: ${message}` };
}

function findString(assignments: Assignment[], names: string[]): AST.TOMLStringValue | undefined {
  const a = assignments.find((x) => x.kind === 'string' && x.path.length === names.length && names.every((n, i) => x.path[i].name === n));
  return a?.node as AST.TOMLStringValue | undefined;
}

/** Reads one pyproject.toml. Never throws: a TOML syntax error becomes a `toml-syntax` diagnostic. */
export function parsePyproject(fs: FileSystem, file: string, text: string): PyprojectInfo {
  const dir = path.dirname(file);
  const folderName = normalizeDistName(path.basename(dir));
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (err) {
    return {
      file,
      distribution: folderName,
      importRoots: importRootsFor(fs, dir, undefined),
      entryPoints: [],
      diagnostics: [syntaxDiagnostic(file, text, err)],
    };
  }
  const lines = new LineIndex(text);
  const rangeOf = (start: number, end: number): Range => lines.range(start, end);
  const assignments = tomlAssignments(program);
  let data: Record<string, unknown> | undefined;
  try {
    data = getStaticTOMLValue(program) as Record<string, unknown>;
  } catch {
    data = undefined;
  }

  const nameNode = findString(assignments, ['project', 'name']) ?? findString(assignments, ['tool', 'poetry', 'name']);
  const versionNode = findString(assignments, ['project', 'version']) ?? findString(assignments, ['tool', 'poetry', 'version']);
  const distribution = nameNode && nameNode.value.trim() ? normalizeDistName(nameNode.value) : folderName;
  const version = versionNode?.value.trim() || undefined;
  const importRoots = importRootsFor(fs, dir, data);

  const diagnostics: Diagnostic[] = [];
  const entryPoints: EntryPointDecl[] = collectPyprojectEntryPoints(assignments, {
    file,
    rangeOf,
    diagnostics,
    base: { distribution, ...(version ? { distributionVersion: version } : {}), source: 'workspace', importRoots },
  });
  const info: PyprojectInfo = { file, distribution, importRoots, entryPoints, diagnostics };
  if (version) info.version = version;
  if (nameNode) {
    info.projectName = nameNode.value;
    const [s, e] = stringContentRange(nameNode);
    info.projectNameRange = rangeOf(s, e);
  }
  return info;
}
