import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { analyzeManifest, pluginSchema } from '../../../server/src/engine/manifest';
import { findSchemaFiles } from '../../../server/src/engine/manifest/schemas';
import { DUCKDB, FIX, POLARIS, makeCtx, makePlugin, rangeOf, stubPython } from './helpers';

const STATIC = {
  schema: { title: 'WidgetConfig', type: 'object', properties: { size: { type: 'integer', default: 3, maximum: 10 } }, additionalProperties: false },
  open: [{ path: 'shape', reason: 'custom type Shape' }],
  files: ['/ws/floe-widget/src/floe_widget/config.py'],
};
const WIDGET = makePlugin({
  name: 'widget',
  group: 'floe.computes',
  category: 'compute',
  version: '1.0.0',
  className: 'WidgetConfig',
  pkg: 'floe-widget-missing',
});

test('schema file: found in the distribution folder by title = config class name (other schema files ignored)', () => {
  const s = pluginSchema(DUCKDB, makeCtx());
  assert.equal(s?.source, 'schema-file');
  assert.equal(s?.file, path.join(FIX, 'packages/floe-duckdb/schemas/duckdb.schema.json'));
  assert.equal(s?.schema.title, 'DuckDBConfig');
  const p = pluginSchema(POLARIS, makeCtx());
  assert.equal(p?.file, path.join(FIX, 'packages/floe-polaris/src/floe_polaris/schemas/polaris.schema.json'));
  assert.deepEqual(
    findSchemaFiles(makeCtx().fs, path.join(FIX, 'packages/floe-duckdb')).map((f) => path.basename(f)),
    ['duckdb.schema.json', 'other.schema.json'],
  );
});

test('order: schema file, then the Python-exported schema, then the static translation, else none', () => {
  const exported = { title: 'DuckDBConfig', type: 'object', properties: { threads: { type: 'integer' } } };
  const calls: string[] = [];
  const ctx = makeCtx({
    pythonSchemas: new Map<string, Record<string, unknown>>([
      [DUCKDB.id, exported],
      [WIDGET.id, { type: 'object' }],
    ]),
    python: stubPython({ WidgetConfig: STATIC }, calls),
  });
  assert.equal(pluginSchema(DUCKDB, ctx)?.source, 'schema-file');
  assert.equal(pluginSchema(WIDGET, ctx)?.source, 'python');
  const ctx2 = makeCtx({ python: stubPython({ WidgetConfig: STATIC }, calls) });
  const st = pluginSchema(WIDGET, ctx2);
  assert.equal(st?.source, 'static');
  assert.deepEqual(st?.open, STATIC.open);
  assert.deepEqual(calls, ['WidgetConfig']);
  assert.equal(pluginSchema(WIDGET, makeCtx()), undefined);
  const noModel = makePlugin({ name: 'plain', group: 'floe.computes', category: 'compute' });
  assert.equal(pluginSchema(noModel, ctx2), undefined);
});

test('static schema validates the manifest; its files are dependencies; a throwing analyzer means no validation', () => {
  const text =
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: a, version: 1.0.0, owner: o}\nplugins:\n  compute: {type: widget, config: {size: 11}}\n';
  const r = analyzeManifest(path.join(FIX, 'w.yaml'), text, makeCtx({ plugins: [WIDGET], python: stubPython({ WidgetConfig: STATIC }) }));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.message, d.range]),
    [['size: must be ≤ 10 (got 11); PluginRegistry.configure rejects this config at run time', rangeOf(text, '11')]],
  );
  assert.equal(r.info.selections[0].schemaSource, 'static');
  assert.ok(r.dependsOn.includes('/ws/floe-widget/src/floe_widget/config.py'));
  const throwing = stubPython();
  throwing.staticConfigSchema = () => {
    throw new Error('boom');
  };
  const r2 = analyzeManifest(path.join(FIX, 'w.yaml'), text, makeCtx({ plugins: [WIDGET], python: throwing }));
  assert.deepEqual(r2.diagnostics, []);
  assert.equal(r2.info.selections[0].schemaSource, 'none');
});

test('installed plugin: schema files searched in its top-level package under the import roots (memory fs)', () => {
  const site = '/venv/lib/python3.11/site-packages';
  const fs = new MemoryFileSystem({
    [`${site}/floe_iceberg-1.0.0.dist-info/entry_points.txt`]: '[floe.storage]\niceberg = floe_iceberg.plugin:IcebergPlugin\n',
    [`${site}/floe_iceberg/plugin.py`]: '',
    [`${site}/floe_iceberg/schemas/iceberg.schema.json`]: JSON.stringify({ title: 'IcebergConfig', type: 'object', required: ['bucket'] }),
    [`${site}/other_pkg/schemas/x.schema.json`]: JSON.stringify({ title: 'IcebergConfig', type: 'object' }),
    [`${site}/bad/broken.schema.json`]: '{not json',
  });
  const p = makePlugin({
    name: 'iceberg',
    group: 'floe.storage',
    category: 'storage',
    className: 'IcebergConfig',
    target: 'floe_iceberg.plugin:IcebergPlugin',
    importRoots: [site],
  });
  p.decl.file = `${site}/floe_iceberg-1.0.0.dist-info/entry_points.txt`;
  const s = pluginSchema(p, makeCtx({}, fs));
  assert.equal(s?.source, 'schema-file');
  assert.equal(s?.file, `${site}/floe_iceberg/schemas/iceberg.schema.json`);
});

test('a schema file that ajv cannot compile gives one warning, not a crash', () => {
  const fs = new MemoryFileSystem({
    '/ws/floe-odd/pyproject.toml': '',
    '/ws/floe-odd/odd.schema.json': JSON.stringify({ title: 'OddConfig', type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } }),
  });
  const p = makePlugin({ name: 'odd', group: 'floe.computes', category: 'compute', className: 'OddConfig' });
  p.decl.file = '/ws/floe-odd/pyproject.toml';
  const text =
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: a, version: 1.0.0, owner: o}\nplugins:\n  compute:\n    type: odd\n    config: {a: 1}\n';
  const r = analyzeManifest('/ws/m.yaml', text, makeCtx({ plugins: [p] }, fs));
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].code, 'config-invalid');
  assert.equal(r.diagnostics[0].severity, 'warning');
  assert.deepEqual(r.diagnostics[0].range, rangeOf(text, 'config'));
  assert.match(r.diagnostics[0].message, /^odd's config was not validated: the schema cannot be used: .*Missing/);
});
