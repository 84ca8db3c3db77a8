// Builders for protocol DTOs used by the client unit tests.
import type { FolderPlugins, ListPluginsResult, PluginSummary } from '../../../shared/protocol';
import type { HealthResultDto } from '../../../shared/types';

const loc = (uri: string, line: number) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 5 } } });

export function plugin(over: Partial<PluginSummary> & { name: string; group: string }): PluginSummary {
  const mod = `floe_${over.name}`;
  return {
    id: `${over.group}:${over.name}`,
    category: 'compute',
    entryPoint: over.name,
    target: `${mod}.plugin:${over.name[0].toUpperCase()}${over.name.slice(1)}Plugin`,
    version: '0.1.0',
    floeApiVersion: '1.0',
    dependencies: [],
    distribution: `floe-${over.name}`,
    source: 'workspace',
    compatibility: 'compatible',
    state: 'ok',
    errors: 0,
    warnings: 0,
    declaration: loc(`file:///ws/${over.name}/pyproject.toml`, 6),
    classLocation: loc(`file:///ws/${over.name}/src/${mod}/plugin.py`, 4),
    ...over,
  };
}

export function health(pluginId: string, state: HealthResultDto['state'], message = ''): HealthResultDto {
  const [group, name] = pluginId.split(':');
  return { pluginId, group, entryPoint: name, name, state, message, details: {}, durationMs: 12, hooks: [], finishedAt: '2026-01-01T10:00:00.000Z' };
}

export function folder(uri: string, name: string, types: Array<{ group: string; label: string; plugins: PluginSummary[] }>): FolderPlugins {
  return {
    uri,
    name,
    platformApiVersion: '1.0',
    apiVersionOrigin: 'floe-core',
    types: types.map((t) => ({
      group: t.group,
      label: t.label,
      category: t.label.toLowerCase().replace(/ /g, '_'),
      abc: `${t.label.replace(/ /g, '')}Plugin`,
      plugins: t.plugins,
    })),
  };
}

export function sample(): ListPluginsResult {
  const duck = plugin({
    name: 'duckdb',
    group: 'floe.computes',
    configSchema: { className: 'DuckDBConfig', location: loc('file:///ws/duckdb/src/floe_duckdb/config.py', 3) },
  });
  const polaris = plugin({
    name: 'polaris',
    group: 'floe.catalogs',
    category: 'catalog',
    version: '0.2.0',
    dependencies: ['duckdb', 'ghost'],
    state: 'warning',
    warnings: 1,
  });
  const marquez = plugin({
    name: 'marquez',
    group: 'floe.lineage_backends',
    category: 'lineage_backend',
    floeApiVersion: '2.0',
    compatibility: 'incompatible',
    state: 'error',
    errors: 1,
  });
  return {
    folders: [
      folder('file:///ws', 'ws', [
        { group: 'floe.computes', label: 'Compute', plugins: [duck] },
        { group: 'floe.orchestrators', label: 'Orchestrator', plugins: [] },
        { group: 'floe.catalogs', label: 'Catalog', plugins: [polaris] },
        { group: 'floe.lineage_backends', label: 'Lineage Backend', plugins: [marquez] },
      ]),
    ],
  };
}
