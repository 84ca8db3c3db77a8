// The platform's plugin types (the contract's PluginType enum) and helpers around them.
import type { PluginTypeInfo } from './model';

const BUILTIN: Array<[string, string]> = [
  ['COMPUTE', 'floe.computes'],
  ['ORCHESTRATOR', 'floe.orchestrators'],
  ['CATALOG', 'floe.catalogs'],
  ['STORAGE', 'floe.storage'],
  ['TELEMETRY_BACKEND', 'floe.telemetry_backends'],
  ['LINEAGE_BACKEND', 'floe.lineage_backends'],
  ['DBT', 'floe.dbt'],
  ['SEMANTIC_LAYER', 'floe.semantic_layers'],
  ['INGESTION', 'floe.ingestion'],
  ['SECRETS', 'floe.secrets'],
  ['IDENTITY', 'floe.identity'],
];

const ABC_OVERRIDES: Record<string, string> = { DBT: 'DBTPlugin' };
const LABEL_OVERRIDES: Record<string, string> = { DBT: 'dbt' };

function pascal(enumName: string): string {
  return enumName.split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('');
}

/** Build a type from its enum member name and entry-point group. */
export function makePluginType(enumName: string, group: string, origin: PluginTypeInfo['origin']): PluginTypeInfo {
  return {
    enumName,
    group,
    category: enumName.toLowerCase(),
    abc: ABC_OVERRIDES[enumName] ?? `${pascal(enumName)}Plugin`,
    label: LABEL_OVERRIDES[enumName] ?? enumName.split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join(' '),
    origin,
  };
}

export const BUILTIN_PLUGIN_TYPES: readonly PluginTypeInfo[] = BUILTIN.map(([e, g]) => makePluginType(e, g, 'builtin'));

/** A type for an extra group given as an option: `floe.widgets` -> WIDGET / widget / WidgetPlugin. */
export function extraPluginType(group: string): PluginTypeInfo {
  let stem = group.replace(/^floe\./, '');
  if (stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1);
  return makePluginType(stem.toUpperCase().replace(/[^A-Z0-9]+/g, '_'), group, 'option');
}

/** The types in force: the platform's (floe-core's, or built in) plus extra groups. */
export function resolvePluginTypes(base: readonly PluginTypeInfo[], extraGroups: readonly string[] = []): PluginTypeInfo[] {
  const out = [...base];
  for (const g of extraGroups) if (g && !out.some((t) => t.group === g)) out.push(extraPluginType(g));
  return out;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The closest candidates to `word` (at most `limit`, within a distance that makes sense). */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  // Nobody mistypes a 100-character name: no suggestion, and no quadratic work on huge input.
  if (word.length > 100) return [];
  const max = Math.max(2, Math.floor(word.length / 2));
  return [...candidates]
    // The distance is at least the difference in length: skip those that cannot be close.
    .filter((c) => Math.abs(c.length - word.length) <= max && c.length <= 200)
    .map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map((x) => x.c);
}

/** A name for a message: cut to `max` characters with an ellipsis. */
export function shortName(name: string, max = 80): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
