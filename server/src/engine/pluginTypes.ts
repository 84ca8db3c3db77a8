// The platform's plugin types and helpers around them. The built-in table matches floe-core 0.1.0
// (used when no floe-core source can be read): the 14 `PluginType` members with their ABCs, plus
// `floe.network_security`, which floe-core loads with code of its own.
import type { PluginTypeInfo } from './model';

type Row = [enumName: string, group: string, abc: string, module: string, exported: boolean];

const REGISTRY_TYPES: Row[] = [
  ['COMPUTE', 'floe.computes', 'ComputePlugin', 'compute', true],
  ['ORCHESTRATOR', 'floe.orchestrators', 'OrchestratorPlugin', 'orchestrator', true],
  ['CATALOG', 'floe.catalogs', 'CatalogPlugin', 'catalog', true],
  ['STORAGE', 'floe.storage', 'StoragePlugin', 'storage', true],
  ['TELEMETRY_BACKEND', 'floe.telemetry_backends', 'TelemetryBackendPlugin', 'telemetry', true],
  ['LINEAGE_BACKEND', 'floe.lineage_backends', 'LineageBackendPlugin', 'lineage', true],
  ['DBT', 'floe.dbt', 'DBTPlugin', 'dbt', true],
  ['SEMANTIC_LAYER', 'floe.semantic_layers', 'SemanticLayerPlugin', 'semantic', true],
  ['INGESTION', 'floe.ingestion', 'IngestionPlugin', 'ingestion', true],
  ['SECRETS', 'floe.secrets', 'SecretsPlugin', 'secrets', true],
  ['IDENTITY', 'floe.identity', 'IdentityPlugin', 'identity', true],
  ['QUALITY', 'floe.quality', 'QualityPlugin', 'quality', true],
  ['RBAC', 'floe.rbac', 'RBACPlugin', 'rbac', false],
  ['ALERT_CHANNEL', 'floe.alert_channels', 'AlertChannelPlugin', 'alert_channel', false],
];
const SEPARATE_TYPES: Row[] = [['NETWORK_SECURITY', 'floe.network_security', 'NetworkSecurityPlugin', 'network_security', true]];
const BUILTIN_ALIASES: Record<string, string[]> = { LINEAGE_BACKEND: ['LINEAGE'] };

/** The ABC every plugin derives from, and its module. */
export const METADATA_ABC = { name: 'PluginMetadata', module: 'floe_core.plugin_metadata' } as const;

/** Lowercase letters only: how a `PluginType` member and an ABC name are paired (RBAC ↔ RBACPlugin). */
export function pairingKey(name: string): string {
  return name
    .replace(/Plugin$/, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** A label from floe-core's class name: `LineageBackendPlugin` -> `Lineage Backend`, `RBACPlugin` -> `RBAC`. */
export function labelFromAbc(abc: string): string {
  const stem = abc.replace(/Plugin$/, '') || abc;
  return stem.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** A label from an enum member name, when no ABC names the type: `SEMANTIC_LAYER` -> `Semantic Layer`. */
export function labelFromEnum(enumName: string): string {
  return enumName
    .split('_')
    .filter(Boolean)
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join(' ');
}

function builtinType([enumName, group, abc, module, exported]: Row, loadedBy: PluginTypeInfo['loadedBy']): PluginTypeInfo {
  const aliases = BUILTIN_ALIASES[enumName];
  return {
    enumName,
    group,
    category: enumName.toLowerCase(),
    abc,
    abcModule: `floe_core.plugins.${module}`,
    abcExported: exported,
    label: labelFromAbc(abc),
    loadedBy,
    ...(aliases ? { aliases } : {}),
    origin: 'builtin',
  };
}

export const BUILTIN_PLUGIN_TYPES: readonly PluginTypeInfo[] = [
  ...REGISTRY_TYPES.map((r) => builtinType(r, 'registry')),
  ...SEPARATE_TYPES.map((r) => builtinType(r, 'separate')),
];

/** The statement that imports a type's ABC from where floe-core defines it. */
export function abcImport(t: Pick<PluginTypeInfo, 'abc' | 'abcModule'>): string {
  return `from ${t.abcModule} import ${t.abc}`;
}

/**
 * A type for an extra group given as an option (`floe.widgets`). Its ABC is the platform ABC whose
 * name pairs with the group (`WidgetPlugin` for `floe.widgets`) when there is one, else PluginMetadata.
 */
export function extraPluginType(group: string, known: readonly PluginTypeInfo[] = []): PluginTypeInfo {
  let stem = group.replace(/^floe\./, '');
  if (stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1);
  const enumName = stem.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const paired = known.find((t) => pairingKey(t.abc) === pairingKey(enumName));
  return {
    enumName,
    group,
    category: enumName.toLowerCase(),
    abc: paired?.abc ?? METADATA_ABC.name,
    abcModule: paired?.abcModule ?? METADATA_ABC.module,
    abcExported: paired?.abcExported ?? false,
    label: labelFromEnum(enumName) || group,
    loadedBy: 'registry',
    origin: 'option',
  };
}

/** The types in force: the platform's (floe-core's, or built in) plus extra groups; each group once. */
export function resolvePluginTypes(base: readonly PluginTypeInfo[], extraGroups: readonly string[] = []): PluginTypeInfo[] {
  const out: PluginTypeInfo[] = [];
  for (const t of base) if (!out.some((o) => o.group === t.group)) out.push(t);
  for (const g of extraGroups) if (g && !out.some((t) => t.group === g)) out.push(extraPluginType(g, base));
  return out;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length,
    n = b.length;
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
  return (
    [...candidates]
      // The distance is at least the difference in length: skip those that cannot be close.
      .filter((c) => Math.abs(c.length - word.length) <= max && c.length <= 200)
      .map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }))
      .filter((x) => x.d <= max)
      .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
      .slice(0, limit)
      .map((x) => x.c)
  );
}

/** A name for a message: cut to `max` characters with an ellipsis. */
export function shortName(name: string, max = 80): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
