// A seeded generator of floe workspaces for benchmarks: N plugin packages (src layout) across the
// 11 types, with config models, dependencies on earlier packages (acyclic) and one manifest.
import * as fs from 'node:fs';
import * as path from 'node:path';

const GROUPS: Array<[string, string, string]> = [
  ['floe.computes', 'ComputePlugin', 'compute'],
  ['floe.orchestrators', 'OrchestratorPlugin', 'orchestrator'],
  ['floe.catalogs', 'CatalogPlugin', 'catalog'],
  ['floe.storage', 'StoragePlugin', 'storage'],
  ['floe.telemetry_backends', 'TelemetryBackendPlugin', 'telemetry_backend'],
  ['floe.lineage_backends', 'LineageBackendPlugin', 'lineage_backend'],
  ['floe.dbt', 'DBTPlugin', 'dbt'],
  ['floe.semantic_layers', 'SemanticLayerPlugin', 'semantic_layer'],
  ['floe.ingestion', 'IngestionPlugin', 'ingestion'],
  ['floe.secrets', 'SecretsPlugin', 'secrets'],
  ['floe.identity', 'IdentityPlugin', 'identity'],
];

/** Mulberry32: a small seeded PRNG so every run generates the same workspace. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedWorkspace {
  root: string;
  pluginFiles: string[];
  manifest: string;
  names: string[];
}

export function generateWorkspace(root: string, opts: { packages: number; seed?: number; manifestEntries?: number }): GeneratedWorkspace {
  const rand = rng(opts.seed ?? 1);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const pluginFiles: string[] = [];
  const names: string[] = [];
  const chosen: Array<{ category: string; name: string }> = [];
  for (let i = 0; i < opts.packages; i++) {
    const [group, abc, category] = GROUPS[i % GROUPS.length];
    const name = `p${i}`;
    const mod = `floe_p${i}`;
    const dir = path.join(root, 'packages', `floe-p${i}`);
    const src = path.join(dir, 'src', mod);
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      `[project]\nname = "floe-p${i}"\nversion = "0.1.${i}"\n\n[project.entry-points."${group}"]\n${name} = "${mod}.plugin:P${i}Plugin"\n`,
    );
    fs.writeFileSync(path.join(src, '__init__.py'), `from ${mod}.plugin import P${i}Plugin\n\n__all__ = ["P${i}Plugin"]\n`);
    const deps = i > 0 && rand() < 0.3 ? [`p${Math.floor(rand() * i)}`] : [];
    fs.writeFileSync(
      path.join(src, 'config.py'),
      `from pydantic import BaseModel, ConfigDict, Field\n\n\nclass P${i}Config(BaseModel):\n    model_config = ConfigDict(extra="forbid")\n\n` +
        `    uri: str = Field(description="Endpoint")\n    threads: int = Field(default=4, ge=1, le=64)\n    mode: str = "fast"\n`,
    );
    const file = path.join(src, 'plugin.py');
    fs.writeFileSync(
      file,
      `from floe_core.plugins import ${abc}\n\nfrom ${mod}.config import P${i}Config\n\nVERSION = "0.1.${i}"\n\n\n` +
        `class P${i}Plugin(${abc}):\n    """Generated plugin ${i}."""\n\n` +
        `    @property\n    def name(self) -> str:\n        return "${name}"\n\n` +
        `    @property\n    def version(self) -> str:\n        return VERSION\n\n` +
        `    floe_api_version = "1.0"\n    dependencies = ${JSON.stringify(deps)}\n\n` +
        `    def get_config_schema(self):\n        return P${i}Config\n`,
    );
    pluginFiles.push(file);
    names.push(name);
    if (chosen.length < (opts.manifestEntries ?? 11) && !chosen.some((c) => c.category === category)) chosen.push({ category, name });
  }
  const manifest = path.join(root, 'platform', 'manifest.yaml');
  fs.mkdirSync(path.dirname(manifest), { recursive: true });
  fs.writeFileSync(
    manifest,
    `apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: bench, version: 1.0.0, owner: bench@floe.dev}\nplugins:\n` +
      chosen.map((c) => `  ${c.category}:\n    type: ${c.name}\n    config: {uri: "http://x", threads: 8}\n`).join(''),
  );
  return { root, pluginFiles, manifest, names };
}
