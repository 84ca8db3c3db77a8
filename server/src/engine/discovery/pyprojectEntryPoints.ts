// The floe* entry points of a pyproject's assignments, and the malformed ones as diagnostics.
import type { AST } from 'toml-eslint-parser';
import type { Diagnostic, EntryPointDecl, Range } from '../model';
import { isFloeGroup } from './names';
import { describeNode, stringContentRange, type Assignment } from './tomlAssignments';

/** Where entry-point tables live: PEP 621 and Poetry. */
const PREFIXES: Array<{ names: string[]; label: string }> = [
  { names: ['project', 'entry-points'], label: 'project.entry-points' },
  { names: ['tool', 'poetry', 'plugins'], label: 'tool.poetry.plugins' },
];

export interface EntryPointContext {
  file: string;
  rangeOf(start: number, end: number): Range;
  diagnostics: Diagnostic[];
  base: Pick<EntryPointDecl, 'distribution' | 'distributionVersion' | 'source' | 'importRoots'>;
}

function nodeRange(a: Assignment): [number, number] {
  // A table header: point at its key, not the whole table body.
  return a.node.type === 'TOMLTable' ? a.node.key.range : a.node.range;
}

export function collectPyprojectEntryPoints(assignments: Assignment[], ctx: EntryPointContext): EntryPointDecl[] {
  const out: EntryPointDecl[] = [];
  const reported = new Set<string>();
  const error = (start: number, end: number, message: string): void => {
    ctx.diagnostics.push({ file: ctx.file, range: ctx.rangeOf(start, end), severity: 'error', code: 'invalid-entry-point', message });
  };
  for (const a of assignments) {
    const prefix = PREFIXES.find((p) => p.names.length <= a.path.length && p.names.every((n, i) => a.path[i].name === n));
    if (!prefix) continue;
    const rest = a.path.slice(prefix.names.length);
    const isTable = a.kind === 'table' || a.kind === 'inline';
    if (rest.length === 0) {
      if (!isTable) error(...nodeRange(a), `'${prefix.label}' must be a table of entry-point groups, not ${describeNode(a)}.`);
      continue;
    }
    const group = rest[0];
    if (!isFloeGroup(group.name)) continue;
    if (rest.length === 1) {
      if (!isTable) {
        error(...nodeRange(a), `Entry-point group '${group.name}' must be a table of name = "module:Class" entries, not ${describeNode(a)}.`);
      }
      continue;
    }
    const name = rest[1];
    const key = JSON.stringify([group.name, name.name]);
    if (rest.length > 2) {
      // `a.b = ...` or deeper headers: `a` is a table where a string is expected.
      if (!reported.has(key)) {
        reported.add(key);
        error(...name.node.range, `Entry point '${name.name}' in group '${group.name}' must be a string "module:Class", not a table.`);
      }
      continue;
    }
    if (a.kind !== 'string') {
      if (!reported.has(key)) {
        reported.add(key);
        error(...nodeRange(a), `Entry point '${name.name}' in group '${group.name}' must be a string "module:Class", not ${describeNode(a)}.`);
      }
      continue;
    }
    const value = a.node as AST.TOMLStringValue;
    const [vs, ve] = stringContentRange(value);
    out.push({
      group: group.name,
      name: name.name,
      value: value.value,
      file: ctx.file,
      nameRange: ctx.rangeOf(...name.node.range),
      valueRange: ctx.rangeOf(vs, ve),
      groupRange: ctx.rangeOf(...group.node.range),
      ...ctx.base,
      importRoots: [...ctx.base.importRoots],
    });
  }
  return out;
}
