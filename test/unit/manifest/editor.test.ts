import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { effectiveConfig, manifestCompletions, manifestDefinition, manifestHover } from '../../../server/src/engine/manifest';
import { DUCKDB, FIX, POLARIS, makeCtx, makePlugin, offsetOf, rangeOf, stubPython } from './helpers';
import { laxenSchema } from '../../../server/src/engine/python/pydanticLax';
import { analyzeManifest } from '../../../server/src/engine/manifest';
import type { ManifestHover } from '../../../server/src/engine/manifest/types';

const FILE = path.join(FIX, 'editor.yaml');
const TEXT = [
  'apiVersion: floe.dev/v1',
  'kind: Manifest',
  'metadata: {name: acme, version: 1.0.0, owner: me@acme.dev}',
  'plugins:',
  '  compute:',
  '    type: duckdb',
  '    config:',
  '      threads: 8',
  '      settings: {retries: 2}',
  '  catalog: {type: polaris, config: {uri: "http://p", warehouse: w}}',
  '',
].join('\n');
const labels = (xs: Array<{ label: string }>) => xs.map((x) => x.label);
const md = (h: ManifestHover | undefined) => (h && 'markdown' in h ? h.markdown : undefined);

test('hover on a config key: type, description, default, required, rules and schema source', () => {
  const h = manifestHover(FILE, TEXT, offsetOf(TEXT, 'threads', 2), makeCtx());
  assert.ok(h);
  assert.deepEqual(h.range, rangeOf(TEXT, 'threads'));
  assert.equal(
    md(h),
    [
      '**threads**: `int` — optional, default `4`',
      '',
      '`1 ≤ x ≤ 64`',
      '',
      'Worker threads.',
      '',
      '_Schema: the schema file shipped with the plugin (`duckdb.schema.json`)_',
    ].join('\n'),
  );
  const nested = manifestHover(FILE, TEXT, offsetOf(TEXT, 'retries', 1), makeCtx());
  assert.match(md(nested)!, /^\*\*retries\*\*: `int` — required/);
  const uri = manifestHover(FILE, TEXT, offsetOf(TEXT, 'uri', 1), makeCtx());
  assert.match(md(uri)!, /^\*\*uri\*\*: `str` — required\n\nformat: uri\n\nPolaris REST endpoint\./);
});

test('hover on a key of a lax-widened model: the type the model declares and its bounds, never the widened union or its pattern', () => {
  const schema = laxenSchema({
    type: 'object',
    title: 'IceConfig',
    additionalProperties: false,
    required: ['uri'],
    properties: {
      uri: { type: 'string', minLength: 1, pattern: '^https?://' },
      threads: { type: 'integer', minimum: 1, maximum: 64, default: 4, description: 'Worker threads.' },
      ratio: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }], default: null },
      verify: { type: 'boolean', default: true },
      tags: { type: 'array', items: { type: 'string' }, default: [] },
    },
  });
  // A model with no schema file: the static translation of its Pydantic source is used.
  const py = stubPython({ IceConfig: { schema, open: [], files: [] } });
  const ctx = makeCtx({ plugins: [DUCKDB, { ...POLARIS, configSchema: { ...POLARIS.configSchema!, className: 'IceConfig' } }], python: py });
  const text = TEXT.replace('{uri: "http://p", warehouse: w}', '{uri: "http://p", threads: x, ratio: 1, verify: on, tags: []}');
  const line = text.indexOf('  catalog:');
  const hover = (key: string) => md(manifestHover(FILE, text, text.indexOf(`${key}:`, line) + 1, ctx))?.split('\n\n_Schema')[0];
  assert.equal(hover('threads'), '**threads**: `int` — optional, default `4`\n\n`1 ≤ x ≤ 64`\n\nWorker threads.');
  assert.equal(hover('ratio'), '**ratio**: `float | None` — optional, default `null`\n\n`x > 0`');
  assert.equal(hover('verify'), '**verify**: `bool` — optional, default `true`');
  assert.equal(hover('tags'), '**tags**: `list[str]` — optional, default `[]`');
  assert.equal(hover('uri'), '**uri**: `str` — required\n\n`len ≥ 1`, matches `^https?://`');
  // And the value it is given is said as that type.
  const r = analyzeManifest(FILE, text, ctx)
    .diagnostics.filter((d) => d.code === 'config-invalid')
    .map((d) => d.message);
  assert.deepEqual(r, ['threads: expected an integer (got "x"); PluginRegistry.configure rejects this config at run time']);
});

test('hover on the type value: the plugin (shown as its card); on a category key: the type; on owned keys: their doc', () => {
  const h = manifestHover(FILE, TEXT, offsetOf(TEXT, 'duckdb', 3), makeCtx());
  assert.deepEqual(h?.range, rangeOf(TEXT, 'duckdb'));
  // The plugin itself: the front end shows the same card as on its entry point and class.
  assert.ok(h && 'plugin' in h);
  assert.equal(h.plugin, DUCKDB);
  const cat = manifestHover(FILE, TEXT, offsetOf(TEXT, 'catalog', 1), makeCtx());
  assert.equal(md(cat), '**Catalog** plugins (`floe.catalogs`, base class `CatalogPlugin`)\n\nDiscovered: polaris');
  const kind = manifestHover(FILE, TEXT, 1 + TEXT.indexOf('kind'), makeCtx());
  assert.equal(md(kind), '**kind** — Always `Manifest`.');
  assert.equal(manifestHover(FILE, TEXT, offsetOf(TEXT, 'acme', 1), makeCtx()), undefined);
});

test('definition: from the type value to the plugin class; from a config key to the config model', () => {
  const d = manifestDefinition(FILE, TEXT, offsetOf(TEXT, 'polaris', 2), makeCtx());
  assert.deepEqual(d, { file: POLARIS.cls!.file, range: POLARIS.cls!.nameRange });
  const c = manifestDefinition(FILE, TEXT, offsetOf(TEXT, 'threads', 1), makeCtx());
  assert.deepEqual(c, {
    file: path.join(FIX, 'packages/floe-duckdb/schemas/duckdb.schema.json'),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
  const noCls = { ...DUCKDB, cls: undefined };
  assert.deepEqual(manifestDefinition(FILE, TEXT, offsetOf(TEXT, 'duckdb', 1), makeCtx({ plugins: [noCls, POLARIS] })), {
    file: DUCKDB.decl.file,
    range: DUCKDB.decl.nameRange,
  });
  assert.equal(manifestDefinition(FILE, TEXT, offsetOf(TEXT, 'acme', 1), makeCtx()), undefined);
});

test('completion: config keys from the schema (missing ones) with defaults as insert text', () => {
  const text = TEXT.replace('      threads: 8\n', '      threads: 8\n      \n');
  const at = offsetOf(text, '      \n', 6, 0);
  const items = manifestCompletions(FILE, text, at, makeCtx());
  assert.deepEqual(labels(items), ['path', 'mode', 'memory_limit', 'extensions']);
  assert.deepEqual(
    items.map((i) => i.insertText),
    ['path: ":memory:"', 'mode: read_write', 'memory_limit: null', 'extensions: []'],
  );
  assert.equal(items[0].detail, 'str — schema-file');
  assert.equal(items[0].documentation, 'Database file, or :memory:.\n\nDefault: `":memory:"`');
  // a partly typed key on its own line
  const typed = TEXT.replace('      settings: {retries: 2}\n', '      settings: {retries: 2}\n      me\n');
  assert.deepEqual(labels(manifestCompletions(FILE, typed, offsetOf(typed, '      me\n', 8), makeCtx())), ['path', 'mode', 'memory_limit', 'extensions']);
  // nested model keys
  const nested = 'apiVersion: floe.dev/v1\nkind: Manifest\nplugins:\n  compute:\n    type: duckdb\n    config:\n      settings:\n        \n';
  assert.deepEqual(labels(manifestCompletions(FILE, nested, nested.length - 1, makeCtx())), ['timezone', 'retries']);
});

test('completion: categories under plugins, entry keys, plugin names for type, enum values, version', () => {
  const cats = 'apiVersion: floe.dev/v1\nkind: Manifest\nplugins:\n  compute: {type: duckdb}\n  ca\n';
  const c = manifestCompletions(FILE, cats, cats.length - 1, makeCtx());
  assert.ok(labels(c).includes('catalog'));
  assert.ok(!labels(c).includes('compute'));
  assert.equal(c.find((x) => x.label === 'catalog')?.kind, 'category');
  const entry = 'apiVersion: floe.dev/v1\nplugins:\n  compute:\n    type: duckdb\n    \n';
  assert.deepEqual(labels(manifestCompletions(FILE, entry, entry.length - 1, makeCtx())), ['version', 'config', 'connection_secret_ref']);
  const type = 'apiVersion: floe.dev/v1\nplugins:\n  compute:\n    type: du\n';
  const t = manifestCompletions(FILE, type, type.length - 1, makeCtx());
  assert.deepEqual(
    t.map((x) => [x.label, x.kind, x.detail]),
    [['duckdb', 'plugin', '0.2.0 floe-duckdb']],
  );
  const emptyType = 'plugins:\n  catalog:\n    type: \n';
  assert.deepEqual(labels(manifestCompletions(FILE, emptyType, emptyType.length - 1, makeCtx())), ['polaris']);
  const mode = 'plugins:\n  compute:\n    type: duckdb\n    config:\n      mode: \n';
  assert.deepEqual(
    manifestCompletions(FILE, mode, mode.length - 1, makeCtx()).map((x) => x.insertText),
    ['read_write', 'read_only'],
  );
  const ver = 'plugins:\n  compute:\n    type: duckdb\n    version: \n';
  assert.deepEqual(
    manifestCompletions(FILE, ver, ver.length - 1, makeCtx()).map((x) => x.insertText),
    ['"0.2.0"'],
  );
  const top = 'apiVersion: floe.dev/v1\n\n';
  // Every top-level key of the manifest model (api_version, the field name of apiVersion, is not offered).
  assert.deepEqual(labels(manifestCompletions(FILE, top, top.length, makeCtx())), [
    'kind',
    'metadata',
    'scope',
    'parent_manifest',
    'plugins',
    'governance',
    'approved_plugins',
    'approved_sinks',
    'approved_products',
    'defaults',
    'artifacts',
    'observability',
    'resource_presets',
  ]);
  // The twelve categories of floe's manifest: quality is settings, not a plugin selection.
  const all = 'plugins:\n  \n';
  const items = manifestCompletions(FILE, all, all.length - 1, makeCtx());
  assert.deepEqual(labels(items), [
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
  assert.equal(items.find((x) => x.label === 'quality')?.detail, 'settings (not a plugin selection)');
});

test('completion of a type offers entry-point names: floe looks plugins up by them', () => {
  const k8s = makePlugin({ name: 'k8s', group: 'floe.identity', category: 'identity', version: '1.0.0', description: 'K8s identity.' });
  k8s.name = { kind: 'known', value: 'k8s-rbac', file: 'x.py', range: k8s.decl.nameRange, origin: 'property' };
  const text = 'plugins:\n  identity:\n    type: \n';
  const items = manifestCompletions(FILE, text, text.length - 1, makeCtx({ plugins: [k8s] }));
  assert.deepEqual(
    items.map((x) => [x.label, x.insertText, x.detail]),
    [['k8s', 'k8s', '(named k8s-rbac) 1.0.0 floe-k8s']],
  );
});

test('completion in a JSON manifest uses JSON syntax', () => {
  const file = path.join(FIX, 'editor.json');
  const text = '{"plugins": {"compute": {"type": "duckdb", "config": {"threads": 2, }}}}';
  const items = manifestCompletions(file, text, text.indexOf(', }') + 2, makeCtx());
  assert.deepEqual(
    items.slice(0, 2).map((i) => i.insertText),
    ['"path": ":memory:"', '"mode": "read_write"'],
  );
  const t = '{"plugins": {"catalog": {"type": ""}}}';
  assert.deepEqual(
    manifestCompletions(file, t, t.indexOf('""') + 1, makeCtx()).map((i) => i.insertText),
    ['"polaris"'],
  );
});

test('effectiveConfig: defaults applied per category; errors listed; unknown plugin and category', () => {
  const e = effectiveConfig(FILE, TEXT, 'compute', makeCtx());
  assert.deepEqual(e, {
    category: 'compute',
    type: 'duckdb',
    pluginId: DUCKDB.id,
    config: { threads: 8, settings: { retries: 2, timezone: 'UTC' }, path: ':memory:', mode: 'read_write', memory_limit: null, extensions: [] },
    schemaSource: 'schema-file',
    schema: e!.schema,
    schemaFile: path.join(FIX, 'packages/floe-duckdb/schemas/duckdb.schema.json'),
    errors: [],
  });
  assert.equal(effectiveConfig(FILE, TEXT, 'storage', makeCtx()), undefined);
  const bad = effectiveConfig(FILE, TEXT.replace('threads: 8', 'threads: 99'), 'compute', makeCtx());
  assert.deepEqual(bad?.errors, ['threads: must be ≤ 64 (got 99)']);
  const unknown = effectiveConfig(FILE, TEXT, 'catalog', makeCtx({ plugins: [DUCKDB] }));
  assert.deepEqual(unknown?.errors, ['no catalog plugin named "polaris" was found']);
  assert.equal(unknown?.schemaSource, 'none');
});

test('never throws: every prefix of a manifest analysed, editor helpers at every offset', async () => {
  const { analyzeManifest } = await import('../../../server/src/engine/manifest');
  const full = TEXT + 'x: &a {type: duckdb}\ny:\n  <<: *a\n  "q": [1, {z: *a}]\n';
  const ctx = makeCtx();
  let diagnostics = 0;
  for (let n = 0; n <= full.length; n++) {
    const text = full.slice(0, n);
    diagnostics += analyzeManifest(FILE, text, ctx).diagnostics.length;
    const off = Math.floor(n / 2);
    manifestHover(FILE, text, off, ctx);
    manifestCompletions(FILE, text, off, ctx);
    manifestDefinition(FILE, text, off, ctx);
    effectiveConfig(FILE, text, 'compute', ctx);
  }
  assert.ok(diagnostics > 0);
  const json = JSON.stringify({ apiVersion: 'floe.dev/v1', kind: 'Manifest', plugins: { compute: { type: 'duckdb', config: { threads: 1 } } } }, null, 1);
  for (let n = 0; n <= json.length; n++) {
    const text = json.slice(0, n);
    analyzeManifest(path.join(FIX, 'p.json'), text, ctx);
    manifestCompletions(path.join(FIX, 'p.json'), text, n, ctx);
    manifestHover(path.join(FIX, 'p.json'), text, n, ctx);
  }
});

test('completion inside YAML flow mappings', () => {
  const text = 'plugins:\n  compute: {type: du}\n  catalog: {type: polaris, config: {uri: "http://x", wa}}\n';
  const t = manifestCompletions(FILE, text, text.indexOf('du}') + 2, makeCtx());
  assert.deepEqual(labels(t), ['duckdb']);
  const k = manifestCompletions(FILE, text, text.indexOf('wa}') + 2, makeCtx());
  assert.deepEqual(labels(k), ['warehouse', 'scope', 'credential']);
});
