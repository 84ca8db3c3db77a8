// Seeded manifests for the agreement test against the fixture floe-core model: a valid manifest
// that uses every section, and mutations that break (or, in lax ways, keep) it.
type Json = unknown;
type Obj = Record<string, Json>;

export function baseManifest(): Obj {
  return {
    apiVersion: 'floe.dev/v1',
    kind: 'Manifest',
    metadata: { name: 'acme-platform', version: '1.2.3', owner: 'ops@acme.dev', description: 'Acme data platform' },
    scope: 'enterprise',
    plugins: {
      compute: { type: 'duckdb', version: '1.0.0', config: { threads: 4, path: '/data/{product_slug}.duckdb' } },
      catalog: { type: 'polaris', connection_secret_ref: 'polaris-creds' },
      dbt: { type: 'core' },
      quality: { provider: 'great_expectations', weights: { speed: 0.25, accuracy: 0.75 }, severity_weights: { critical: 1.0 }, check_timeout_seconds: 60 },
    },
    governance: {
      pii_encryption: 'required',
      data_retention_days: 30,
      naming: { enforcement: 'strict', pattern: 'medallion' },
      quality_gates: { minimum_test_coverage: 90 },
      custom_rules: [{ type: 'require_tags', prefix: 'gold_', tags: ['pii'] }, { type: 'require_owner' }],
      policy_overrides: [{ pattern: 'legacy_*', action: 'exclude', policy_types: ['naming'] }],
    },
    approved_plugins: { compute: ['duckdb'] },
    defaults: { compute: 'duckdb' },
    artifacts: {
      registry: {
        uri: 'oci://registry.acme.dev/floe',
        auth: { type: 'basic', credentials_ref: { name: 'reg-creds' } },
        retry: { max_attempts: 5, backoff: 1.5 },
      },
    },
    observability: { tracing: { endpoint: 'https://otel.acme.dev:4317' }, log_level: 'INFO' },
    resource_presets: {
      small: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      flat: { cpu_request: '100m', memory_request: '1Gi', cpu_limit: '1', memory_limit: '2Gi' },
    },
  };
}

function at(m: Obj, path: string): { parent: Obj | Json[]; key: string | number } | undefined {
  const parts = path.split('.');
  let cur: Json = m;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (cur && typeof cur === 'object') cur = (cur as Obj)[p];
    else return undefined;
  }
  if (!cur || typeof cur !== 'object') return undefined;
  const last = parts[parts.length - 1];
  return { parent: cur as Obj, key: Array.isArray(cur) ? Number(last) : last };
}

const set = (path: string, v: Json) => (m: Obj) => {
  const a = at(m, path);
  if (a) (a.parent as Obj)[a.key as string] = v;
};
const del = (path: string) => (m: Obj) => {
  const a = at(m, path);
  if (a && !Array.isArray(a.parent)) delete (a.parent as Obj)[a.key as string];
};

/** Mutations: each changes one thing (a break, or a lax spelling Pydantic accepts). */
export const MUTATIONS: Array<(m: Obj) => void> = [
  // required keys
  ...[
    'apiVersion',
    'kind',
    'metadata',
    'plugins',
    'metadata.name',
    'metadata.version',
    'metadata.owner',
    'plugins.compute.type',
    'artifacts.registry',
    'artifacts.registry.auth',
    'artifacts.registry.auth.type',
    'governance.custom_rules.0.prefix',
    'governance.policy_overrides.0.action',
    'plugins.quality.provider',
    'resource_presets.small.limits',
    'resource_presets.small.requests.cpu',
    'resource_presets.flat.memory_limit',
  ].map(del),
  // unknown keys: nested ones are errors, top-level ones a warning
  ...[
    'metadata',
    'plugins',
    'plugins.catalog',
    'governance',
    'governance.naming',
    'governance.custom_rules.1',
    'artifacts.registry.auth.credentials_ref',
    'observability.tracing',
    'resource_presets.small.requests',
    'plugins.quality.weights',
  ].map((p) => set(`${p}.bogus`, 1)),
  set('mystery', { a: 1 }),
  set('x-notes', 'hello'),
  set('plugins.rbac', { type: 'k8s' }),
  set('env', 'dev'),
  set('prod', { replicas: 2 }),
  set('api_version', 'floe.dev/v1'),
  (m) => {
    m.api_version = m.apiVersion;
    delete m.apiVersion;
  },
  // types
  set('metadata.name', 5),
  set('governance.data_retention_days', 'many'),
  set('plugins.compute', 'duckdb'),
  set('observability.tracing.enabled', 'maybe'),
  set('defaults.compute', 3),
  set('approved_plugins.compute', 'duckdb'),
  set('resource_presets.small.limits.cpu', 2),
  set('plugins.quality.weights.speed', 'fast'),
  set('plugins.compute.config', ['threads']),
  set('governance.custom_rules', { type: 'require_owner' }),
  set('metadata', 'acme'),
  set('plugins', null),
  set('governance.custom_rules.0', 'gold'),
  set('artifacts.registry.tls_verify', 'sometimes'),
  set('plugins.catalog.connection_secret_ref', 7),
  // constraints and patterns
  set('governance.data_retention_days', 0),
  set('governance.quality_gates.minimum_test_coverage', 101),
  set('plugins.quality.check_timeout_seconds', 0),
  set('plugins.quality.check_timeout_seconds', 5000),
  set('artifacts.registry.retry.max_attempts', 11),
  set('artifacts.registry.retry.backoff', 0.5),
  set('metadata.name', 'Bad_Name'),
  set('metadata.name', 'x'.repeat(70)),
  set('metadata.name', ''),
  set('metadata.version', '1.0'),
  set('metadata.version', '1.0.0-rc1'),
  set('plugins.compute.version', 'v1'),
  set('plugins.catalog.connection_secret_ref', 'Bad-Ref'),
  set('artifacts.registry.uri', 'http://registry.acme.dev'),
  set('metadata.description', 'd'.repeat(201)),
  set('plugins.quality.provider', ''),
  set('governance.custom_rules.0.tags', []),
  set('artifacts.registry.auth.credentials_ref.name', 'UPPER'),
  // enums and literals
  set('kind', 'Manifests'),
  set('apiVersion', 'floe.dev/v2'),
  set('scope', 'global'),
  set('governance.naming.pattern', 'snake'),
  set('observability.log_level', 'debug'),
  set('artifacts.registry.auth.type', 'oauth'),
  set('plugins.quality.severity_weights', { bogus: 1 }),
  set('governance.policy_overrides.0.action', 'skip'),
  set('artifacts.registry.auth.credentials_ref.source', 'aws'),
  set('governance.pii_encryption', 'yes'),
  // discriminated union
  del('governance.custom_rules.0.type'),
  set('governance.custom_rules.1.type', 'bogus'),
  set('governance.custom_rules.1', { type: 'require_owner', extra: 1 }),
  set('governance.custom_rules.1.type', 'require_tags'),
  // validators
  set('metadata.name', 'admin'),
  set('metadata.name', 'system'),
  set('plugins.compute.type', '   '),
  set('parent_manifest', 'oci://registry.acme.dev/parent'),
  set('scope', 'domain'),
  del('scope'),
  set('scope', null),
  set('approved_products', ['orders']),
  del('approved_plugins'),
  (m) => {
    m.scope = 'domain';
    m.parent_manifest = 'oci://registry.acme.dev/parent';
    delete m.approved_plugins;
  },
  (m) => {
    m.scope = 'domain';
    m.parent_manifest = 'oci://registry.acme.dev/parent';
    delete m.approved_plugins;
    m.approved_products = ['orders'];
  },
  set('observability.tracing.endpoint', 'ftp://otel.acme.dev'),
  set('observability.tracing.endpoint', 'http://localhost:4317'),
  set('observability.tracing.endpoint', 'http://10.0.0.4:4317'),
  set('observability.tracing.endpoint', null),
  set('governance.naming', { pattern: 'custom' }),
  set('governance.naming', { pattern: 'custom', custom_patterns: [] }),
  set('governance.naming', { pattern: 'custom', custom_patterns: ['^gold_'] }),
  set('governance.policy_overrides.0.policy_types', ['naming', 'bogus']),
  set('plugins.quality.weights', { speed: 0.5, accuracy: 0.4 }),
  set('plugins.quality.weights', { speed: 1 }),
  set('resource_presets.partial', { cpu_request: '1', cpu_limit: '2' }),
  set('resource_presets.flat.cpu_limit', 2),
  set('resource_presets.flat.extra_key', 'dropped by the rewrite'),
  set('resource_presets.flat', 'small'),
  // lax spellings Pydantic accepts
  set('governance.data_retention_days', '30'),
  set('governance.data_retention_days', 30.0),
  set('observability.tracing.enabled', 'yes'),
  set('observability.tracing.enabled', 'off'),
  set('observability.tracing.enabled', 1),
  set('plugins.quality.weights', { speed: 0, accuracy: 1 }),
  set('plugins.quality.weights', { speed: '0.5', accuracy: '0.5' }),
  set('artifacts.registry.retry.backoff', 2),
  set('artifacts.registry.retry.max_attempts', ' 7 '),
  set('plugins.quality.check_timeout_seconds', '1_000'),
  set('governance', null),
  set('plugins.compute', null),
  set('metadata.description', null),
  set('plugins.catalog.config', null),
  set('plugins.quality.enabled', 'True'),
  set('governance.quality_gates.minimum_test_coverage', 12.5),
  set('governance.quality_gates.require_descriptions', 2),
  set('plugins.quality.severity_weights', { warning: '0.5' }),
];

export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** `count` manifests: the base, each mutation alone, then seeded combinations of two or three. */
export function sampleManifests(count: number, seed = 42): Obj[] {
  const out: Obj[] = [baseManifest()];
  for (const mut of MUTATIONS) {
    const m = baseManifest();
    mut(m);
    out.push(m);
  }
  const rand = rng(seed);
  while (out.length < count) {
    const m = baseManifest();
    const k = 2 + Math.floor(rand() * 2);
    for (let i = 0; i < k; i++) MUTATIONS[Math.floor(rand() * MUTATIONS.length)](m);
    out.push(m);
  }
  return out;
}
