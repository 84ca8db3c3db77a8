// entry_points.txt of an installed distribution (INI-like):
//   [group]
//   name = module:attr [extras]
// Comments start with `#` or `;`. No library keeps positions for this format, so this is a
// small line parser. A malformed line gives an `entry-points-syntax` warning and is skipped.
import type { Diagnostic, EntryPointDecl, Range } from '../model';
import { isFloeGroup } from './names';

export type EntryPointsTxtBase = Pick<EntryPointDecl, 'distribution' | 'distributionVersion' | 'source' | 'importRoots'>;

export interface EntryPointsTxtResult {
  /** Entry points of floe* groups only. */
  entryPoints: EntryPointDecl[];
  diagnostics: Diagnostic[];
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** [start, end) of `text` between `from` and `to` without surrounding whitespace. */
function trimmed(text: string, from: number, to: number): [number, number] {
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  return [from, to];
}

export function parseEntryPointsTxt(file: string, text: string, base: EntryPointsTxtBase): EntryPointsTxtResult {
  const entryPoints: EntryPointDecl[] = [];
  const diagnostics: Diagnostic[] = [];
  const warn = (line: number, start: number, end: number, message: string): void => {
    diagnostics.push({ file, range: range(line, start, end), severity: 'warning', code: 'entry-points-syntax', message });
  };
  // undefined: before any section; null: after a malformed header (its entries are skipped quietly).
  let group: { name: string; range: Range } | null | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, lineNo) => {
    const [s, e] = trimmed(raw, 0, raw.length);
    if (s === e || raw[s] === '#' || raw[s] === ';') return;
    if (raw[s] === '[') {
      if (raw[e - 1] !== ']') {
        warn(lineNo, s, e, `Malformed section header '${raw.slice(s, e)}': expected '[group]'.`);
        group = null;
        return;
      }
      const [gs, ge] = trimmed(raw, s + 1, e - 1);
      if (gs === ge) {
        warn(lineNo, s, e, "Empty section header '[]': expected '[group]'.");
        group = null;
        return;
      }
      group = { name: raw.slice(gs, ge), range: range(lineNo, gs, ge) };
      return;
    }
    const eq = raw.indexOf('=', s);
    if (eq < 0 || eq >= e) {
      warn(lineNo, s, e, `Malformed line '${raw.slice(s, e)}': expected 'name = module:attr'.`);
      return;
    }
    const [ns, ne] = trimmed(raw, s, eq);
    const [vs, ve] = trimmed(raw, eq + 1, e);
    if (ns === ne) {
      warn(lineNo, s, e, "Entry point without a name: expected 'name = module:attr'.");
      return;
    }
    if (vs === ve) {
      warn(lineNo, s, e, `Entry point '${raw.slice(ns, ne)}' has no value: expected 'name = module:attr'.`);
      return;
    }
    if (group === null) return;
    if (!group) {
      warn(lineNo, s, e, `Entry point '${raw.slice(ns, ne)}' is outside any [group] section.`);
      return;
    }
    if (!isFloeGroup(group.name)) return;
    entryPoints.push({
      group: group.name,
      name: raw.slice(ns, ne),
      value: raw.slice(vs, ve),
      file,
      nameRange: range(lineNo, ns, ne),
      valueRange: range(lineNo, vs, ve),
      groupRange: group.range,
      ...base,
      importRoots: [...base.importRoots],
    });
  });
  return { entryPoints, diagnostics };
}
