// Manifests validated against a floe-core-shaped package's own PlatformManifest (the fixture
// floe_core_src, our own code with floe's public names and shapes): every section, the validators
// interpreted statically, the ones that cannot be, and the fallback when the model cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { manifestModel } from '../../../server/src/engine/manifest/manifestModel';
import type { ManifestModelCache } from '../../../server/src/engine/manifest/types';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { FIX, makeCtx, rangeIn, rangeOf } from './helpers';

const CORE = path.join(FIX, 'floe_core_src', 'floe_core');
const HEAD = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: ops@acme.dev}\n';
let n = 0;

function ctx(over = {}) {
  return makeCtx({ python: new PythonAnalyzer(new NodeFileSystem()), floeCoreDirs: [CORE], ...over });
}
function run(text: string, over = {}) {
  return analyzeManifest(path.join(FIX, `floe-core-${n++}.yaml`), text, ctx(over));
}
const all = (text: string, over = {}) => run(text, over).diagnostics.map((d) => [d.severity, d.code, d.message, d.range]);

test('the model comes from floe-core: PlatformManifest and the modules it imports, kept while their stamps do not change', () => {
  const cache: ManifestModelCache = {};
  const c = ctx({ modelCache: cache });
  const { model, problem } = manifestModel(c);
  assert.equal(problem, undefined);
  assert.equal(model.source, 'floe-core');
  assert.equal(model.file, path.join(CORE, 'schemas', 'manifest.py'));
  assert.deepEqual([...model.files].map((f) => path.relative(CORE, f)).sort(), [
    'schemas/governance.py',
    'schemas/manifest.py',
    'schemas/metadata.py',
    'schemas/oci.py',
    'schemas/plugins.py',
    'schemas/quality_config.py',
    'schemas/secrets.py',
  ]);
  assert.equal(manifestModel(c).model, model, 'the second call reuses the translation');
  const checks = Object.values(model.models).flatMap((m) => [...m.fieldChecks.map((f) => f.check), ...m.modelChecks, ...(m.before ? [m.before.check] : [])]);
  assert.deepEqual(
    checks.filter((x) => !x.ir).map((x) => `${x.className}.${x.name}: ${x.reason}`),
    ["RegistryAuth.matches_type: uses 'info' (ValidationInfo) (line 26)"],
  );
});

test('the cached model is translated again when a floe-core file changes (memory file system)', () => {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(path.join(CORE, 'schemas'))) files[`/mem/floe_core/schemas/${f}`] = fs.readFileSync(path.join(CORE, 'schemas', f), 'utf8');
  const mem = new MemoryFileSystem(files);
  const cache: ManifestModelCache = {};
  const c = makeCtx({ python: new PythonAnalyzer(mem), floeCoreDirs: ['/mem/floe_core'], modelCache: cache }, mem);
  const first = manifestModel(c).model;
  assert.equal(manifestModel(c).model, first);
  mem.write(
    '/mem/floe_core/schemas/metadata.py',
    files['/mem/floe_core/schemas/metadata.py'].replace('taken = {"system", "admin"}', 'taken = {"system", "admin", "acme"}'),
  );
  const second = manifestModel(c).model;
  assert.notEqual(second, first);
  const text = HEAD + 'plugins: {}\n';
  const r = analyzeManifest('/mem/m.yaml', text, c);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [['manifest-invalid', "metadata.name: the name 'acme' is taken by the platform", rangeOf(text, 'acme')]],
  );
  assert.ok(r.dependsOn.includes('/mem/floe_core/schemas/metadata.py'));
});

test('every section: errors at the exact key or value, in short messages; validators report their own message', () => {
  const text = [
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'metadata:',
    '  name: Acme_Platform',
    '  version: "1.0"',
    '  owner: ops@acme.dev',
    '  team: data',
    'plugins:',
    '  compute: {type: duckdb, version: v1}',
    '  rbac: {type: k8s}',
    '  quality: {type: great_expectations}',
    'governance:',
    '  data_retention_days: 0',
    '  custom_rules:',
    '    - {prefix: gold_, tags: [pii]}',
    '    - {type: require_everything}',
    '    - {type: require_tags, prefix: "", tags: []}',
    '  policy_overrides:',
    '    - {pattern: "legacy_*", action: exclude, policy_types: [naming, bogus]}',
    '  naming: {pattern: custom}',
    'artifacts:',
    '  registry:',
    '    uri: http://registry.acme.dev',
    '    auth: {type: oauth}',
    'observability:',
    '  tracing: {endpoint: "http://localhost:4317"}',
    '  log_level: debug',
    'resource_presets:',
    '  small: {cpu_request: 100m, memory_request: 1Gi, cpu_limit: 2, memory_limit: 2Gi}',
    '  partial: {cpu_request: 100m, cpu_limit: 1}',
    '',
  ].join('\n');
  const E = 'error',
    I = 'manifest-invalid';
  assert.deepEqual(all(text), [
    [E, I, 'metadata.name: must match the pattern ^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$ (got "Acme_Platform")', rangeOf(text, 'Acme_Platform')],
    [E, I, 'metadata.version: must match the pattern ^\\d+\\.\\d+\\.\\d+$ (got "1.0")', rangeOf(text, '"1.0"')],
    [E, I, 'metadata: unknown key "team"', rangeOf(text, 'team')],
    [E, I, 'plugins.compute.version: must match the pattern ^\\d+\\.\\d+\\.\\d+$ (got "v1")', rangeOf(text, 'v1', 1)],
    [
      E,
      'unknown-category',
      'unknown plugin category "rbac"; floe\'s manifest has these categories: compute, orchestrator, catalog, storage, semantic_layer, ingestion, secrets, telemetry_backend, lineage_backend, identity, dbt, quality',
      rangeOf(text, 'rbac'),
    ],
    [E, I, 'plugins.quality: missing required key "provider"', rangeOf(text, 'quality')],
    [E, I, 'plugins.quality: unknown key "type"', rangeOf(text, 'type', 2)],
    [E, I, 'governance.data_retention_days: must be ≥ 1 (got 0)', rangeIn(text, 'data_retention_days: 0', '0')],
    [E, I, 'governance.custom_rules[0]: missing required key "type" (one of "require_tags", "require_owner")', rangeOf(text, '{prefix: gold_, tags: [pii]}')],
    [E, I, 'governance.custom_rules[1].type: must be one of "require_tags", "require_owner" (got "require_everything")', rangeOf(text, 'require_everything')],
    [E, I, 'governance.custom_rules[2].prefix: must be at least 1 characters long (got "")', rangeOf(text, '""')],
    [E, I, 'governance.custom_rules[2].tags: must have at least 1 items', rangeOf(text, '[]')],
    [
      E,
      I,
      "governance.policy_overrides[0].policy_types: unknown policy types: ['bogus']; known: ['coverage', 'documentation', 'naming']",
      rangeOf(text, '[naming, bogus]'),
    ],
    [E, I, "governance.naming: pattern='custom' needs custom_patterns. List the regular expressions model names must match.", rangeOf(text, 'pattern', 1)],
    [
      E,
      I,
      'artifacts.registry.uri: must match the pattern ^oci://[a-z0-9.-]+(/[a-z0-9._-]+)*$ (got "http://registry.acme.dev")',
      rangeOf(text, 'http://registry.acme.dev'),
    ],
    [E, I, 'artifacts.registry.auth.type: must be one of "anonymous", "basic", "aws-irsa" (got "oauth")', rangeOf(text, 'oauth')],
    [E, I, 'observability.tracing.endpoint: endpoints may not be local addresses', rangeOf(text, '"http://localhost:4317"')],
    [E, I, 'observability.log_level: must be one of "DEBUG", "INFO", "WARNING", "ERROR" (got "debug")', rangeOf(text, 'debug')],
    [E, I, 'resource_presets.small.cpu_limit: expected a string (got 2)', rangeIn(text, 'cpu_limit: 2', '2')],
    [E, I, 'resource_presets.partial: missing required key "requests"', rangeOf(text, 'partial')],
    [E, I, 'resource_presets.partial: missing required key "limits"', rangeOf(text, 'partial')],
    [E, I, 'resource_presets.partial: unknown key "cpu_request"', rangeOf(text, 'cpu_request', 1)],
    [E, I, 'resource_presets.partial: unknown key "cpu_limit"', rangeOf(text, 'cpu_limit', 1)],
  ]);
});

test('field validators: run once the field itself is valid, their message at the value', () => {
  const text =
    HEAD.replace('name: acme', 'name: admin') +
    'plugins:\n  compute: {type: "   "}\nartifacts:\n  registry: {uri: "oci://reg.acme.dev/floe", auth: {type: basic}}\n';
  assert.deepEqual(all(text), [
    ['error', 'manifest-invalid', "metadata.name: the name 'admin' is taken by the platform", rangeOf(text, 'admin')],
    ['error', 'manifest-invalid', 'plugins.compute.type: a plugin type needs more than spaces', rangeOf(text, '"   "')],
  ]);
});

test('model validators run once the whole model is valid: scope and parent_manifest, approvals, environment keys, unknown keys', () => {
  const ok = HEAD + 'plugins: {}\n';
  assert.deepEqual(all(ok), []);
  const parent = ok + 'parent_manifest: oci://reg.acme.dev/base\n';
  assert.deepEqual(all(parent), [
    [
      'error',
      'manifest-invalid',
      'parent_manifest is only for domain manifests, not scope=None. Remove it or use scope: domain.',
      rangeOf(parent, 'parent_manifest'),
    ],
  ]);
  const domain = ok + 'scope: domain\n';
  assert.deepEqual(all(domain), [['error', 'manifest-invalid', 'a domain manifest names its parent_manifest', rangeOf(domain, 'scope')]]);
  const approvals = ok + 'scope: domain\nparent_manifest: oci://reg.acme.dev/base\napproved_plugins: {compute: [duckdb]}\n';
  assert.deepEqual(all(approvals), [
    ['error', 'manifest-invalid', "approved_plugins belongs to enterprise manifests (scope='domain')", rangeOf(approvals, 'approved_plugins')],
  ]);
  const env = ok + 'env: dev\nprod: {replicas: 2}\nnotes: hello\n';
  const envMsg = 'environment keys are not allowed: [env, prod]';
  assert.deepEqual(all(env), [
    ['error', 'manifest-invalid', envMsg, rangeOf(env, 'env')],
    ['error', 'manifest-invalid', envMsg, rangeOf(env, 'prod')],
  ]);
  const unknown = ok + 'notes: hello\nx-team: data\n';
  const warnMsg = "ignoring unknown manifest keys: ['notes', 'x-team']";
  assert.deepEqual(all(unknown), [
    ['warning', 'manifest-warning', warnMsg, rangeOf(unknown, 'notes')],
    ['warning', 'manifest-warning', warnMsg, rangeOf(unknown, 'x-team')],
  ]);
  // Both names of apiVersion: the alias wins and the field name is an unknown key.
  const both = ok + 'api_version: floe.dev/v1\n';
  assert.deepEqual(all(both), [['warning', 'manifest-warning', "ignoring unknown manifest keys: ['api_version']", rangeOf(both, 'api_version')]]);
  assert.deepEqual(all(ok.replace('apiVersion', 'api_version')), []);
});

test('a validator that cannot be interpreted is said once per manifest, where its model is; a partly interpreted one when its rest would run', () => {
  const text =
    HEAD +
    'plugins: {}\nartifacts:\n  registry:\n    uri: oci://reg.acme.dev/floe\n    auth:\n      type: anonymous\n      credentials_ref: {name: reg}\n' +
    'governance:\n  naming: {pattern: custom, custom_patterns: ["^gold_"]}\n';
  assert.deepEqual(all(text), [
    [
      'information',
      'manifest-not-checked',
      'floe-core also checks artifacts.registry.auth.credentials_ref (validator `matches_type` in floe_core/schemas/oci.py:25); not checked here',
      rangeOf(text, 'credentials_ref'),
    ],
    [
      'information',
      'manifest-not-checked',
      'floe-core also checks governance.naming (validator `custom_needs_patterns` in floe_core/schemas/governance.py:25, from line 34 on); not checked here',
      rangeOf(text, 'naming'),
    ],
  ]);
  // Without the field the validator is for, or when the interpreted part already decides: nothing to say.
  const plain = HEAD + 'plugins: {}\nartifacts: {registry: {uri: "oci://reg.acme.dev/floe", auth: {type: basic}}}\ngovernance: {naming: {pattern: kimball}}\n';
  assert.deepEqual(all(plain), []);
});

test('the flat resource preset shape is rewritten as floe-core does; errors in it point at the flat keys', () => {
  const text =
    HEAD +
    'plugins: {}\nresource_presets:\n  small:\n    cpu_request: 100m\n    memory_request: 1Gi\n    cpu_limit: 1\n    memory_limit: 2Gi\n    extra: dropped\n';
  assert.deepEqual(all(text), [
    ['error', 'manifest-invalid', 'resource_presets.small.cpu_limit: expected a string (got 1)', rangeIn(text, 'cpu_limit: 1', '1')],
  ]);
  assert.deepEqual(all(text.replace('cpu_limit: 1', 'cpu_limit: "1"')), []);
});

test('a model that cannot be translated: one information, and the built-in model checks the manifest', () => {
  const mem = new MemoryFileSystem({ '/mem/floe_core/schemas/manifest.py': 'from somewhere import make_model\nPlatformManifest = make_model()\n' });
  const c = makeCtx({ python: new PythonAnalyzer(mem), floeCoreDirs: ['/mem/floe_core'] }, mem);
  const text = HEAD.replace('name: acme', 'name: admin') + 'plugins: {}\n';
  const r = analyzeManifest('/mem/m.yaml', text, c);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]),
    [
      [
        'information',
        'manifest-not-checked',
        "floe-core's PlatformManifest (floe_core/schemas/manifest.py) could not be translated statically; the built-in manifest model is used instead",
        rangeOf(text, 'apiVersion'),
      ],
      ['error', 'manifest-invalid', 'metadata.name: "admin" is a reserved name', rangeOf(text, 'admin')],
    ],
  );
  assert.ok(r.dependsOn.includes('/mem/floe_core/schemas/manifest.py'));
  // A broken file (syntax errors, no class): the same, never a crash.
  const broken = new MemoryFileSystem({ '/mem/floe_core/schemas/manifest.py': 'class PlatformManifest(BaseModel:\n  x: int = (\n' });
  const r2 = analyzeManifest('/mem/m2.yaml', text, makeCtx({ python: new PythonAnalyzer(broken), floeCoreDirs: ['/mem/floe_core'] }, broken));
  assert.equal(r2.diagnostics[0].code, 'manifest-not-checked');
  assert.equal(r2.diagnostics[1].message, 'metadata.name: "admin" is a reserved name');
});

test("with a schema exported from floe-core's Python (and no translatable source), that schema checks the manifest", () => {
  const exported = {
    type: 'object',
    properties: {
      apiVersion: { const: 'floe.dev/v1' },
      kind: { const: 'Manifest' },
      metadata: { type: 'object' },
      plugins: { $ref: '#/$defs/PluginsConfig' },
      replicas: { type: 'integer', maximum: 3 },
    },
    required: ['apiVersion', 'kind', 'metadata', 'plugins'],
    $defs: {
      PluginsConfig: {
        type: 'object',
        properties: { compute: { anyOf: [{ $ref: '#/$defs/PluginSelection' }, { type: 'null' }] } },
        additionalProperties: false,
      },
      PluginSelection: { type: 'object', properties: { type: { type: 'string' } }, required: ['type'], additionalProperties: false },
    },
  };
  const text = HEAD + 'plugins: {compute: {type: duckdb}, catalog: {type: polaris}}\nreplicas: 4\n';
  const r = analyzeManifest(path.join(FIX, 'exported.yaml'), text, makeCtx({ pythonManifestSchema: exported }));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['unknown-category', 'unknown plugin category "catalog"; floe\'s manifest has these categories: compute', rangeOf(text, 'catalog')],
      ['manifest-invalid', 'replicas: must be ≤ 3 (got 4)', rangeIn(text, 'replicas: 4', '4')],
    ],
  );
});
