import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeManifest, looksLikeManifest } from '../../../server/src/engine/manifest';
import { DUCKDB, FIX, POLARIS, makeCtx, makePlugin, rangeOf, stubPython } from './helpers';

const FILE = path.join(FIX, 'manifest.yaml');
const HEAD = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: me@acme.dev}\n';

function run(text: string, over = {}) {
  return analyzeManifest(FILE, text, makeCtx(over));
}
const codes = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => d.code);
const SUFFIX = '; PluginRegistry.configure rejects this config at run time';

test('looksLikeManifest: floe.dev apiVersion and kind Manifest, YAML or JSON, any file name', () => {
  assert.equal(looksLikeManifest('a.yaml', HEAD), true);
  assert.equal(looksLikeManifest('x.json', '{"apiVersion": "floe.dev/v1", "kind": "Manifest"}'), true);
  assert.equal(looksLikeManifest('a.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'), false);
  assert.equal(looksLikeManifest('a.yaml', 'apiVersion: floe.dev/v1\nkind: ManifestList\n'), false);
  assert.equal(looksLikeManifest('a.yaml', '# floe.dev/ Manifest docs\nfoo: 1\n'), false);
});

test('the issue example manifest is valid: selections with plugin ids, schema sources and effective config (defaults applied)', () => {
  const text = fs.readFileSync(FILE, 'utf8');
  const r = run(text);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.info.name, 'acme-platform');
  assert.equal(r.info.selections.length, 2);
  const [compute, catalog] = r.info.selections;
  assert.equal(compute.category, 'compute');
  assert.equal(compute.type, 'duckdb');
  assert.deepEqual(compute.typeRange, rangeOf(text, 'duckdb'));
  assert.equal(compute.pluginId, DUCKDB.id);
  assert.equal(compute.schemaSource, 'schema-file');
  assert.deepEqual(compute.effectiveConfig, { path: '/data/acme.duckdb', threads: 8, mode: 'read_write', memory_limit: null, extensions: [] });
  assert.equal(catalog.version, '0.1.0');
  assert.equal(catalog.pluginId, POLARIS.id);
  assert.equal(catalog.schemaSource, 'schema-file');
  assert.deepEqual(catalog.effectiveConfig, { uri: 'http://polaris:8181/api/catalog', warehouse: 'demo', scope: 'PRINCIPAL_ROLE:ALL', credential: null });
  assert.ok(r.dependsOn.includes(path.join(FIX, 'packages/floe-duckdb/schemas/duckdb.schema.json')));
  assert.ok(r.dependsOn.includes(path.join(FIX, 'packages/floe-polaris/src/floe_polaris/schemas/polaris.schema.json')));
});

test('unknown category: at the key, nearest category and a fix', () => {
  const text = HEAD + 'plugins:\n  compte: {type: duckdb}\n  widgets: {type: x}\n';
  const r = run(text);
  assert.deepEqual(codes(r), ['unknown-category', 'unknown-category']);
  const [d, d2] = r.diagnostics;
  assert.deepEqual(d.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } });
  assert.match(d.message, /^unknown plugin category "compte" \(did you mean "compute"\?\)/);
  assert.deepEqual(d.fixes, [{ title: 'Change to "compute"', file: FILE, range: d.range, newText: 'compute' }]);
  assert.deepEqual(d2.range, rangeOf(text, 'widgets'));
  assert.equal(d2.fixes, undefined);
});

test('every platform section is validated as the manifest model does (built-in model)', () => {
  const text =
    HEAD +
    'plugins: {}\ngovernance: {x: [1, 2]}\nobservability: 3\nresource_presets: {small: {cpu: 1}}\nscope: enterprise\napproved_plugins: [a]\ndefaults: {}\nartifacts: []\n';
  assert.deepEqual(
    run(text).diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-invalid', 'governance: unknown key "x"', rangeOf(text, 'x')],
      ['manifest-invalid', 'observability: expected a mapping or null (got 3)', rangeOf(text, '3')],
      ['manifest-invalid', 'resource_presets.small: missing required key "requests"', rangeOf(text, 'small')],
      ['manifest-invalid', 'resource_presets.small: missing required key "limits"', rangeOf(text, 'small')],
      ['manifest-invalid', 'resource_presets.small: unknown key "cpu"', rangeOf(text, 'cpu')],
      ['manifest-invalid', 'approved_plugins: expected a mapping or null (got a list)', rangeOf(text, '[a]')],
      ['manifest-invalid', 'artifacts: expected a mapping or null (got a list)', rangeOf(text, '[]')],
    ],
  );
});

test('unknown plugin: closest names with one fix per suggestion; a plugin of another category is named', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckbd}\n  catalog:\n    type: "duckdb"\n';
  const r = run(text);
  assert.deepEqual(codes(r), ['unknown-plugin', 'unknown-plugin']);
  const [a, b] = r.diagnostics;
  assert.deepEqual(a.range, rangeOf(text, 'duckbd'));
  assert.equal(a.message, 'no compute plugin is registered as "duckbd" (did you mean "duckdb"?)');
  assert.deepEqual(a.fixes, [{ title: 'Change to "duckdb"', file: FILE, range: a.range, newText: 'duckdb' }]);
  assert.deepEqual(b.range, rangeOf(text, '"duckdb"'));
  assert.equal(b.message, 'no catalog plugin is registered as "duckdb"; catalog plugins: polaris; "duckdb" is a compute plugin');
  assert.equal(b.fixes, undefined);
  const quoted = HEAD + 'plugins:\n  catalog: {type: "polars"}\n';
  const q = run(quoted).diagnostics[0];
  assert.deepEqual(
    q.fixes?.map((f) => f.newText),
    ['"polaris"'],
  );
  assert.equal(run(quoted).info.selections[0].schemaSource, 'none');
});

test('a version pin that differs from the plugin: a warning saying floe records it but never compares it, with a fix', () => {
  const text =
    HEAD +
    'plugins:\n  compute:\n    type: duckdb\n    version: "0.1.9"\n  catalog: {type: polaris, version: "0.1.0", config: {uri: "http://x", warehouse: w}}\n';
  const r = run(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]),
    [
      [
        'warning',
        'version-mismatch',
        'duckdb is version 0.2.0, but the manifest pins "0.1.9"; floe records the pin (for reproducibility) but never compares it with the installed plugin\'s version',
        rangeOf(text, '"0.1.9"'),
      ],
    ],
  );
  const d = r.diagnostics[0];
  assert.deepEqual(d.fixes, [{ title: 'Pin 0.2.0', file: FILE, range: d.range, newText: '"0.2.0"' }]);
  // A pin that is not X.Y.Z is rejected by the model itself.
  const bad = text.replace('version: "0.1.0"', 'version: v0.1.0');
  assert.deepEqual(
    run(bad)
      .diagnostics.map((x) => [x.code, x.message, x.range])
      .slice(0, 1),
    [['manifest-invalid', 'plugins.catalog.version: must match the pattern ^\\d+\\.\\d+\\.\\d+$ (got "v0.1.0")', rangeOf(bad, 'v0.1.0')]],
  );
});

test('plugin-unusable: incompatible API or plugin errors, at type, with the reasons', () => {
  const bad = makePlugin({ name: 'duckdb', group: 'floe.computes', category: 'compute', version: '0.2.0', compatibility: 'incompatible' });
  const text = HEAD + 'plugins:\n  compute: {type: duckdb}\n  catalog: {type: polaris, config: {uri: "http://x", warehouse: w}}\n';
  const r = run(text, { plugins: [bad, POLARIS], pluginErrors: new Map([[POLARIS.id, ['polaris: class PolarisPlugin not found in floe_polaris.plugin']]]) });
  assert.deepEqual(codes(r), ['plugin-unusable', 'plugin-unusable']);
  assert.deepEqual(r.diagnostics[0].range, rangeOf(text, 'duckdb'));
  assert.equal(r.diagnostics[0].message, 'duckdb cannot be used: it requires floe plugin API 1.0, which the platform does not provide');
  assert.deepEqual(r.diagnostics[1].range, rangeOf(text, 'polaris'));
  assert.equal(r.diagnostics[1].message, 'polaris cannot be used: polaris: class PolarisPlugin not found in floe_polaris.plugin');
  assert.equal(r.diagnostics[1].related?.[0].file, POLARIS.decl.file);
  const withVersion = run(text, { plugins: [bad, POLARIS], platformApiVersion: '2.1' });
  assert.equal(withVersion.diagnostics[0].message, 'duckdb cannot be used: it requires floe plugin API 1.0, but the platform provides 2.1');
});

test('config errors: placed at the value, the unknown key, or the parent key; short messages', () => {
  const text =
    HEAD +
    [
      'plugins:',
      '  compute:',
      '    type: duckdb',
      '    config:',
      '      threads: 128',
      '      treads: 2',
      '      mode: fast',
      '      memory_limit: lots',
      '      settings:',
      '        timezone: 5',
      '  catalog:',
      '    type: polaris',
      '    config:',
      '      warehouse: ""',
      '',
    ].join('\n');
  const r = run(text);
  const got = r.diagnostics.map((d) => [d.code, d.message, d.range]);
  assert.deepEqual(got, [
    [
      'config-invalid',
      'config: unknown key "treads" (did you mean "threads"?); PluginRegistry.configure rejects this config at run time',
      rangeOf(text, 'treads'),
    ],
    ['config-invalid', 'threads: must be ≤ 64 (got 128); PluginRegistry.configure rejects this config at run time', rangeOf(text, '128')],
    [
      'config-invalid',
      'mode: must be one of "read_write", "read_only" (got "fast"); PluginRegistry.configure rejects this config at run time',
      rangeOf(text, 'fast'),
    ],
    [
      'config-invalid',
      'memory_limit: must match the pattern ^[0-9]+(MB|GB)$ (got "lots"); PluginRegistry.configure rejects this config at run time',
      rangeOf(text, 'lots'),
    ],
    ['config-invalid', 'settings: missing required key "retries"; PluginRegistry.configure rejects this config at run time', rangeOf(text, 'settings')],
    ['config-invalid', 'settings.timezone: expected a string (got 5); PluginRegistry.configure rejects this config at run time', rangeOf(text, '5')],
    ['config-invalid', 'config: missing required key "uri"; PluginRegistry.configure rejects this config at run time', rangeOf(text, 'config', 1)],
    ['config-invalid', 'warehouse: must be at least 1 characters long (got ""); PluginRegistry.configure rejects this config at run time', rangeOf(text, '""')],
  ]);
  assert.equal(r.info.selections[0].effectiveConfig, undefined);
  assert.equal(r.info.selections[0].schemaSource, 'schema-file');
});

test('config: wrong type for an Optional field names both allowed types, never the anyOf umbrella', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckdb, config: {threads: eight, memory_limit: 12}}\n';
  const msgs = run(text).diagnostics.map((d) => d.message);
  assert.deepEqual(msgs, [`threads: expected an integer (got "eight")${SUFFIX}`, `memory_limit: expected a string or null (got 12)${SUFFIX}`]);
});

test('no config at all: no config-invalid (floe validates configs only at run time), one information naming the keys needed', () => {
  const text = HEAD + 'plugins:\n  catalog: {type: polaris}\n  compute:\n    type: duckdb\n';
  const r = run(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]),
    [
      [
        'information',
        'config-needed',
        'no config for polaris: floe does not check plugin configs when it loads or compiles the manifest, only when the orchestrator configures the plugin at run time, and polaris needs "uri" and "warehouse"',
        rangeOf(text, 'catalog'),
      ],
    ],
  );
  // duckdb needs nothing: its config is all defaults.
  assert.deepEqual(r.info.selections[1].effectiveConfig, { path: ':memory:', threads: 4, mode: 'read_write', memory_limit: null, extensions: [] });
  const nulled = HEAD + 'plugins:\n  catalog:\n    type: polaris\n    config:\n';
  assert.deepEqual(
    run(nulled).diagnostics.map((d) => [d.code, d.range]),
    [['config-needed', rangeOf(nulled, 'config')]],
  );
});

test('empty config (`config:` null) is an empty mapping; plugin without schema keeps config as written', () => {
  const noSchema = makePlugin({ name: 'dagster', group: 'floe.orchestrators', category: 'orchestrator', version: '1.0.0' });
  const text = HEAD + 'plugins:\n  compute:\n    type: duckdb\n    config:\n  orchestrator: {type: dagster, config: {anything: [1]}}\n';
  const r = run(text, { plugins: [DUCKDB, noSchema] });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.info.selections[0].effectiveConfig, { path: ':memory:', threads: 4, mode: 'read_write', memory_limit: null, extensions: [] });
  assert.equal(r.info.selections[1].schemaSource, 'none');
  assert.deepEqual(r.info.selections[1].effectiveConfig, { anything: [1] });
});

test('structure: manifest-invalid at the key or value, with field paths', () => {
  const text =
    'apiVersion: floe.dev/v1\nkind: Manifests\nmetadata:\n  name: acme\n  version: "1.0"\nplugins:\n  compute: {type: duckdb, extra: 1}\n  catalog: polaris\n';
  const r = run(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-invalid', 'kind: must be "Manifest" (got "Manifests")', rangeOf(text, 'Manifests')],
      ['manifest-invalid', 'metadata: missing required key "owner"', rangeOf(text, 'metadata')],
      ['manifest-invalid', 'metadata.version: must match the pattern ^\\d+\\.\\d+\\.\\d+$ (got "1.0")', rangeOf(text, '"1.0"')],
      ['manifest-invalid', 'plugins.compute: unknown key "extra"', rangeOf(text, 'extra')],
      ['manifest-invalid', 'plugins.catalog: expected a mapping or null (got "polaris")', rangeOf(text, 'polaris')],
    ],
  );
});

test('not a mapping at all, and a missing apiVersion', () => {
  const r = run('- a\n- b\n');
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message]),
    [['manifest-invalid', 'a manifest must be a mapping with apiVersion, kind, metadata and plugins']],
  );
  const t2 = 'kind: Manifest\nmetadata: {name: a, version: 1.0.0, owner: o}\n';
  const r2 = run(t2);
  assert.deepEqual(
    r2.diagnostics.map((d) => [d.code, d.message, d.range]),
    [
      ['manifest-invalid', 'manifest: missing required key "apiVersion"', rangeOf(t2, 'kind')],
      ['manifest-invalid', 'manifest: missing required key "plugins"', rangeOf(t2, 'kind')],
    ],
  );
});

test('YAML syntax errors are reported at their position and everything else still is; a duplicate key is a warning (PyYAML keeps the last)', () => {
  const text = HEAD + 'plugins:\n  compute: {type: duckdb}\n  compute: {type: duckdb, config: {threads: 99}}\nbroken: [1, 2\n';
  const r = run(text);
  const syn = r.diagnostics.filter((d) => d.code === 'manifest-syntax');
  assert.ok(syn.length >= 2);
  assert.deepEqual(
    [syn[0].severity, syn[0].message, syn[0].range],
    ['warning', 'duplicate key "compute": floe reads only its last value (PyYAML keeps the last one)', rangeOf(text, 'compute', 1)],
  );
  assert.equal(syn[1].severity, 'error');
  assert.ok(r.diagnostics.some((d) => d.code === 'config-invalid' && d.message === `threads: must be ≤ 64 (got 99)${SUFFIX}`));
});

test('a JSON Schema describing manifests is not a manifest: apiVersion and kind must be top-level keys', () => {
  const schema = JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'PlatformManifest',
      type: 'object',
      properties: { apiVersion: { const: 'floe.dev/v1' }, kind: { const: 'Manifest' } },
      examples: [{ apiVersion: 'floe.dev/v1', kind: 'Manifest', metadata: { name: 'x' } }],
    },
    null,
    2,
  );
  assert.equal(looksLikeManifest('manifest.schema.json', schema), false);
  assert.equal(looksLikeManifest('schema.yaml', 'type: object\nexamples:\n  - apiVersion: floe.dev/v1\n    kind: Manifest\n'), false);
  assert.equal(looksLikeManifest('m.yaml', '# a platform\n---\napiVersion: "floe.dev/v1"  # version\nkind: Manifest\n'), true);
  assert.equal(looksLikeManifest('m.json', '// c\n{"kind": "Manifest", "$schema": "./x.json", "apiVersion": "floe.dev/v1"}'), true);
});

test("plugins are selected by entry-point name (floe keys its registry by it), not by the plugin's name", () => {
  const k8s = makePlugin({ name: 'k8s', group: 'floe.identity', category: 'identity', version: '1.0.0' });
  k8s.name = { kind: 'known', value: 'k8s-rbac', file: 'x.py', range: k8s.decl.nameRange, origin: 'property' };
  const ok = HEAD + 'plugins:\n  identity: {type: k8s}\n';
  const r = run(ok, { plugins: [k8s] });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.info.selections[0].pluginId, k8s.id);
  const byName = HEAD + 'plugins:\n  identity: {type: k8s-rbac}\n';
  const d = run(byName, { plugins: [k8s] }).diagnostics;
  assert.deepEqual(
    d.map((x) => [x.code, x.message, x.range, x.fixes?.map((f) => f.newText)]),
    [
      [
        'unknown-plugin',
        'no identity plugin is registered as "k8s-rbac"; floe looks plugins up by entry-point name, and the plugin named "k8s-rbac" is registered as "k8s"',
        rangeOf(byName, 'k8s-rbac'),
        ['k8s'],
      ],
    ],
  );
});

test('compile-time placeholders are legal in the compute config (floe expands them), literal elsewhere', () => {
  const schema = { type: 'object', properties: { path: { type: 'string', pattern: '^/[a-z_/]+\\.db$' } } };
  const st = { schema, open: [], files: [] };
  const compute = makePlugin({ name: 'widget', group: 'floe.computes', category: 'compute', className: 'WidgetConfig', pkg: 'floe-widget-missing' });
  const catalog = makePlugin({ name: 'shelf', group: 'floe.catalogs', category: 'catalog', className: 'WidgetConfig', pkg: 'floe-shelf-missing' });
  const text =
    HEAD +
    'plugins:\n  compute: {type: widget, config: {path: "/data/{product_slug}.db"}}\n  catalog: {type: shelf, config: {path: "/data/{product_name}.db"}}\n';
  const r = run(text, { plugins: [compute, catalog], python: stubPython({ WidgetConfig: st }) });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.message, d.range]),
    [['config-invalid', `path: must match the pattern ^/[a-z_/]+\\.db$ (got "/data/{product_name}.db")${SUFFIX}`, rangeOf(text, '"/data/{product_name}.db"')]],
  );
  assert.deepEqual(r.info.selections[0].effectiveConfig, { path: '/data/{product_slug}.db' });
});

test('a literal in a secret field (SecretStr) is a warning pointing to secret references, unless allowlisted', () => {
  const schema = {
    type: 'object',
    properties: {
      oauth2: { type: 'object', properties: { client_id: { type: 'string' }, client_secret: { type: 'string', writeOnly: true } } },
      token: { type: 'string', format: 'password' },
    },
  };
  const p = makePlugin({ name: 'vault', group: 'floe.catalogs', category: 'catalog', className: 'VaultConfig', pkg: 'floe-vault-missing' });
  const text =
    HEAD +
    'plugins:\n  catalog:\n    type: vault\n    config:\n      oauth2: {client_id: me, client_secret: s3cr3t}\n      token: abc  # pragma: allowlist secret\n';
  const r = run(text, { plugins: [p], python: stubPython({ VaultConfig: { schema, open: [], files: [] } }) });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]),
    [
      [
        'warning',
        'secret-literal',
        'client_secret: a secret written into the manifest; reference a Kubernetes secret instead (connection_secret_ref on the vault selection, or a SecretReference), or mark an intended literal with "# pragma: allowlist secret"',
        rangeOf(text, 's3cr3t'),
      ],
    ],
  );
});

test("a type that is not text is the model's error only: no plugin is looked up", () => {
  const text = HEAD + 'plugins:\n  compute: {type: 5}\n';
  assert.deepEqual(
    run(text).diagnostics.map((d) => [d.code, d.message, d.range]),
    [['manifest-invalid', 'plugins.compute.type: expected a string (got 5)', rangeOf(text, '5')]],
  );
  assert.deepEqual(run(text).info.selections, []);
});
