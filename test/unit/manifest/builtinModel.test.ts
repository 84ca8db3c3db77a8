// The built-in manifest model (no floe-core found): every section and each of its cross-field
// rules, in our own words, at the exact key or value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import { manifestModel } from '../../../server/src/engine/manifest/manifestModel';
import { pluginCategories } from '../../../server/src/engine/manifest/analyze';
import { FIX, makeCtx, rangeIn, rangeOf } from './helpers';

const HEAD = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: o}\nplugins: {}\n';
let n = 0;
const all = (text: string) =>
  analyzeManifest(path.join(FIX, `builtin-${n++}.yaml`), text, makeCtx()).diagnostics.map((d) => [d.severity, d.code, d.message, d.range]);
const E = 'error',
  I = 'manifest-invalid';

test("the built-in model has the twelve plugin categories of floe's manifest; quality is settings", () => {
  const { model, problem } = manifestModel(makeCtx());
  assert.equal(model.source, 'builtin');
  assert.equal(problem, undefined);
  const c = pluginCategories(model);
  assert.deepEqual(c.all, [
    'compute',
    'orchestrator',
    'catalog',
    'storage',
    'semantic_layer',
    'ingestion',
    'secrets',
    'telemetry_backend',
    'lineage_backend',
    'identity',
    'dbt',
    'quality',
  ]);
  assert.deepEqual([...c.selections], c.all.slice(0, 11));
  const text =
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: o}\nplugins:\n  quality: {type: soda}\n  alert_channel: {type: slack}\n';
  assert.deepEqual(all(text), [
    [E, I, 'plugins.quality: missing required key "provider"', rangeOf(text, 'quality')],
    [E, I, 'plugins.quality: unknown key "type"', rangeOf(text, 'type', 0)],
    [
      E,
      'unknown-category',
      'unknown plugin category "alert_channel"; floe\'s manifest has these categories: compute, orchestrator, catalog, storage, semantic_layer, ingestion, secrets, telemetry_backend, lineage_backend, identity, dbt, quality',
      rangeOf(text, 'alert_channel'),
    ],
  ]);
});

test('root rules: scope and parent_manifest, approvals, environment keys (error), unknown keys (warning)', () => {
  const parent = HEAD + 'parent_manifest: oci://reg/base\n';
  assert.deepEqual(all(parent), [[E, I, 'parent_manifest is only allowed with scope "domain" (scope is not set)', rangeOf(parent, 'parent_manifest')]]);
  const domain = HEAD + 'scope: domain\napproved_plugins: {compute: [duckdb]}\n';
  assert.deepEqual(all(domain), [[E, I, 'scope "domain" needs a parent_manifest', rangeOf(domain, 'scope')]]);
  const approvals = HEAD + 'scope: enterprise\napproved_products: [orders]\n';
  assert.deepEqual(all(approvals), [
    [E, I, 'approved_products is only allowed with scope "domain" (scope is "enterprise")', rangeOf(approvals, 'approved_products')],
  ]);
  const sinks = HEAD + 'approved_sinks: [s3]\n';
  assert.deepEqual(all(sinks), [[E, I, 'approved_sinks is only allowed with scope "enterprise" (scope is not set)', rangeOf(sinks, 'approved_sinks')]]);
  const env = HEAD + 'dev: {}\nfloe_env: prod\nnotes: x\n';
  const envMsg =
    'environment-specific key(s) dev, floe_env: floe rejects them (a manifest is environment-agnostic; FLOE_ENV picks the environment at run time)';
  assert.deepEqual(all(env), [
    [E, I, envMsg, rangeIn(env, 'dev: {}', 'dev')],
    [E, I, envMsg, rangeOf(env, 'floe_env')],
  ]);
  const unknown = HEAD + 'notes: x\n';
  assert.deepEqual(all(unknown), [
    ['warning', 'manifest-warning', 'unknown top-level key(s) notes: floe warns and ignores them when it loads the manifest', rangeOf(unknown, 'notes')],
  ]);
  assert.deepEqual(all(HEAD.replace('apiVersion', 'api_version')), []);
});

test('nested rules: names, plugin type, naming, policy types, registry credentials, signing, issuers, gates, endpoints', () => {
  const text = [
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'metadata: {name: root, version: 1.0.0, owner: o}',
    'plugins: {compute: {type: " "}}',
    'artifacts:',
    '  registry:',
    '    uri: oci://reg.acme.dev/floe',
    '    auth: {type: anonymous, credentials_ref: {name: reg}}',
    '    signing: {mode: key-based}',
    '    verification: {trusted_issuers: [{issuer: "https://x", subject: a, subject_regex: b}]}',
    '  promotion:',
    '    environments:',
    '      - {name: dev, gates: {policy_compliance: false}}',
    'governance:',
    '  naming: {pattern: custom}',
    '  policy_overrides: [{pattern: x, action: exclude, reason: r, policy_types: [naming, nope]}]',
    'observability:',
    '  tracing: {endpoint: "ftp://x"}',
    '  lineage: {endpoint: "http://192.168.0.4/api"}',
    'resource_presets:',
    '  small: {cpu_request: 100m, memory_request: 1Gi, cpu_limit: 1, memory_limit: 2Gi}',
    '',
  ].join('\n');
  assert.deepEqual(all(text), [
    [E, I, 'metadata.name: "root" is a reserved name', rangeOf(text, 'root')],
    [E, I, 'plugins.compute.type: must not be blank', rangeOf(text, '" "')],
    [E, I, 'artifacts.registry.auth: credentials_ref is not used with auth type "anonymous"', rangeOf(text, 'credentials_ref')],
    [E, I, 'artifacts.registry.signing: key-based signing needs private_key_ref', rangeOf(text, 'mode')],
    [E, I, 'artifacts.registry.verification.trusted_issuers[0]: give subject or subject_regex, not both', rangeOf(text, 'subject')],
    [E, I, 'artifacts.promotion.environments[0].gates: the policy_compliance gate cannot be turned off', rangeOf(text, '{policy_compliance: false}')],
    [E, I, 'governance.naming: pattern "custom" needs custom_patterns', rangeOf(text, 'pattern', 0)],
    [E, I, 'governance.policy_overrides[0].policy_types: unknown policy type(s): nope', rangeOf(text, '[naming, nope]')],
    [E, I, 'observability.tracing.endpoint: must start with http:// or https://', rangeOf(text, '"ftp://x"')],
    [E, I, 'observability.lineage.endpoint: must not point at a private or local network address', rangeOf(text, '"http://192.168.0.4/api"')],
    [E, I, 'resource_presets.small.cpu_limit: expected a string (got 1)', rangeIn(text, 'cpu_limit: 1', '1')],
  ]);
});

test('quality weights add up to 1, promotion environments are unique, webhook events are known', () => {
  const text =
    HEAD.replace('plugins: {}', 'plugins: {quality: {provider: soda, dimension_weights: {completeness: 0.5}}}') +
    'artifacts:\n  registry: {uri: "oci://r.io/x", auth: {type: basic}}\n  promotion:\n    environments: [{name: dev, gates: {tests: true}}, {name: dev, gates: {}}]\n    webhooks: [{url: "https://h.io", events: [promote, push]}]\n';
  assert.deepEqual(all(text), [
    [E, I, 'plugins.quality.dimension_weights: the weights add up to 1.2499999999999998, not 1.0', rangeOf(text, 'dimension_weights')],
    [
      E,
      I,
      'artifacts.promotion.environments: environment names must be unique; repeated: dev',
      rangeOf(text, '[{name: dev, gates: {tests: true}}, {name: dev, gates: {}}]'),
    ],
    [E, I, 'artifacts.promotion.webhooks[0].events: unknown event(s): push; known: lock, promote, rollback, unlock', rangeOf(text, '[promote, push]')],
  ]);
});
