// Plugin lists for the graph tests: a large workspace like a platform monorepo (plugins of every
// type, dependencies on plugins of other types, one cycle, one missing dependency).
import type { DependencyOrderResult, ListPluginsResult, PluginSummary } from '../../../shared/protocol';
import { folder, plugin } from './fixtures';

const TYPES: Array<[string, string]> = [
  ['floe.computes', 'Compute'],
  ['floe.orchestrators', 'Orchestrator'],
  ['floe.catalogs', 'Catalog'],
  ['floe.storage', 'Storage'],
  ['floe.telemetry_backends', 'Telemetry Backend'],
  ['floe.lineage_backends', 'Lineage Backend'],
  ['floe.dbt', 'DBT'],
  ['floe.semantic_layers', 'Semantic Layer'],
  ['floe.ingestion', 'Ingestion'],
  ['floe.secrets', 'Secrets'],
  ['floe.identity', 'Identity'],
];

/** `n` plugins spread over the 11 types; a third of them depend on a plugin of another type (a platform's shape:
 * most plugins stand alone, some lean on a compute, a storage or a catalog), a few on two. */
export function bigList(n: number): { list: ListPluginsResult; order: DependencyOrderResult } {
  const byType = new Map<string, PluginSummary[]>(TYPES.map(([g]) => [g, []]));
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const [group] = TYPES[i % TYPES.length];
    const name = `p${String(i).padStart(3, '0')}`;
    const deps: string[] = [];
    if (i >= 3 && i % 3 === 0) deps.push(names[(i * 37 + 11) % i]);
    if (i >= 5 && i % 15 === 0) deps.push(names[i - 5]);
    names.push(name);
    byType.get(group)!.push(plugin({ name, group, dependencies: deps }));
  }
  // p000 -> p001 -> p000: a cycle; p002 needs a plugin nobody provides.
  const all = [...byType.values()].flat();
  all.find((p) => p.name === 'p000')!.dependencies.push('p001');
  all.find((p) => p.name === 'p001')!.dependencies.push('p000');
  all.find((p) => p.name === 'p002')!.dependencies.push('ghost');
  const list: ListPluginsResult = {
    folders: [
      folder(
        'file:///ws',
        'ws',
        TYPES.map(([group, label]) => ({ group, label, plugins: byType.get(group)! })),
      ),
    ],
  };
  const order: DependencyOrderResult = {
    folders: [{ uri: 'file:///ws', order: [], cycles: [['p000', 'p001', 'p000']], missing: [{ plugin: 'p002', dependency: 'ghost' }] }],
  };
  return { list, order };
}
