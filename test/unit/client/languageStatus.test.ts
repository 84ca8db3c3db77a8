// The language status item's pure parts: the files it is shown on, the plugins a file is about,
// and what it says (floe-core, API version, config schema origin, last health) with which
// severity and command.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FolderPlugins, ListPluginsResult, StatusParams } from '../../../shared/protocol';
import {
  languageStatusView,
  literalGlob,
  manifestSchemas,
  pluginsAtHand,
  statusFileKind,
  statusFilePatterns,
  type LanguageStatusInput,
} from '../../../client/src/languageStatusModel';
import { folder, health, plugin, sample } from './fixtures';

const NOW = Date.parse('2026-01-01T10:02:00.000Z');
const MANIFEST = 'file:///ws/platform/manifest.yaml';

function withManifest(r: ListPluginsResult): ListPluginsResult {
  r.folders[0].manifests = [
    {
      uri: MANIFEST,
      selections: [
        { category: 'compute', type: 'duckdb', pluginId: 'floe.computes:duckdb', schemaSource: 'schema-file' },
        { category: 'catalog', type: 'polaris', pluginId: 'floe.catalogs:polaris', schemaSource: 'static' },
        { category: 'storage', type: 's3' },
      ],
    },
  ];
  return r;
}

const ready: StatusParams = { state: 'ready', folders: 1, plugins: 3, errors: 1, warnings: 1, trusted: true };
const core = { folder: 'ws', path: '/ws/packages/floe-core/src/floe_core', version: '0.1.0' };

function input(over: Partial<LanguageStatusInput> & Pick<LanguageStatusInput, 'kind' | 'atHand'>): LanguageStatusInput {
  return { schemas: new Map(), trusted: true, now: NOW, status: ready, floeCore: core, folderPath: '/ws', ...over };
}

describe('language status: files', () => {
  it('manifests by their exact name, each workspace plugin package, a class file alone at a package root', () => {
    const data = withManifest(sample());
    const loose = plugin({
      name: 'loose',
      group: 'floe.computes',
      classLocation: { uri: 'file:///ws/loose/src/loose_plugin.py', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } },
    });
    const installed = plugin({ name: 'dist', group: 'floe.computes', source: 'installed' });
    data.folders[0].types[0].plugins.push(loose, installed);
    assert.deepEqual(statusFilePatterns(data), [
      { base: 'file:///ws/platform', pattern: 'manifest.yaml' },
      { base: 'file:///ws/duckdb/src/floe_duckdb', pattern: '**/*.py' },
      { base: 'file:///ws/loose/src', pattern: 'loose_plugin.py' },
      { base: 'file:///ws/polaris/src/floe_polaris', pattern: '**/*.py' },
      { base: 'file:///ws/marquez/src/floe_marquez', pattern: '**/*.py' },
    ]);
    assert.deepEqual(statusFilePatterns(undefined), []);
    assert.equal(literalGlob('a*b?[c]{d}.yaml'), 'a[*]b[?][[]c][{]d}.yaml');
  });
  it('the kind of a file: pyproject.toml by name, manifests the server listed, Python sources', () => {
    const data = withManifest(sample());
    assert.equal(statusFileKind('file:///ws/duckdb/pyproject.toml', data), 'pyproject');
    assert.equal(statusFileKind(MANIFEST, data), 'manifest');
    assert.equal(statusFileKind('file:///ws/other/manifest.yaml', data), undefined);
    assert.equal(statusFileKind('file:///ws/duckdb/src/floe_duckdb/plugin.py', data), 'python');
  });
});

describe('language status: the plugins a file is about', () => {
  const data = withManifest(sample());
  const f = data.folders[0];
  const names = (uri: string, kind: 'manifest' | 'pyproject' | 'python', fp: FolderPlugins = f) => pluginsAtHand(uri, kind, fp).plugins.map((p) => p.name);
  it('a manifest: the plugins it selects; a pyproject.toml: the plugins it declares', () => {
    assert.deepEqual(names(MANIFEST, 'manifest'), ['duckdb', 'polaris']);
    assert.equal(pluginsAtHand(MANIFEST, 'manifest', f).manifest?.selections.length, 3);
    assert.deepEqual(names('file:///ws/polaris/pyproject.toml', 'pyproject'), ['polaris']);
    assert.deepEqual(names('file:///ws/pyproject.toml', 'pyproject'), []);
  });
  it('a Python file: the plugin whose class or config model it holds, else the package it is in', () => {
    assert.deepEqual(names('file:///ws/duckdb/src/floe_duckdb/plugin.py', 'python'), ['duckdb']);
    assert.deepEqual(names('file:///ws/duckdb/src/floe_duckdb/config.py', 'python'), ['duckdb']);
    assert.deepEqual(names('file:///ws/marquez/src/floe_marquez/sub/helpers.py', 'python'), ['marquez']);
    assert.deepEqual(names('file:///ws/tools/script.py', 'python'), []);
    assert.deepEqual(names('file:///ws/duckdb/src/floe_duckdb/plugin.py', 'python', folder('file:///other', 'other', [])), []);
  });
});

describe('language status: what it says', () => {
  const data = withManifest(sample());
  const f = data.folders[0];
  const duck = () => pluginsAtHand('file:///ws/duckdb/src/floe_duckdb/plugin.py', 'python', f);
  it('one plugin: floe-core and API version, its schema origin and last health; Run Health Check', () => {
    const at = duck();
    at.plugins[0] = { ...at.plugins[0], health: health('floe.computes:duckdb', 'healthy') };
    const v = languageStatusView(
      input({
        kind: 'python',
        atHand: at,
        schemas: new Map([['floe.computes:duckdb', { source: 'static', uri: 'file:///ws/duckdb/src/floe_duckdb/config.py' }]]),
      }),
    );
    assert.deepEqual(v, {
      text: 'floe-core 0.1.0 (workspace) · API 1.0',
      detail: 'duckdb · config schema read statically from DuckDBConfig · health: healthy (2 min ago)',
      severity: 'information',
      busy: false,
      command: { title: 'Run Health Check', command: 'floe.runHealthCheck', arguments: ['floe.computes:duckdb'] },
    });
  });
  it("schema origins in words; a floe-core outside the folder is the interpreter's", () => {
    const at = duck();
    const say = (source: 'schema-file' | 'python' | 'none', uri?: string) =>
      languageStatusView(input({ kind: 'python', atHand: at, schemas: new Map([['floe.computes:duckdb', { source, uri }]]) })).detail;
    assert.equal(say('schema-file', 'file:///ws/duckdb/duckdb.schema.json'), 'duckdb · config schema from duckdb.schema.json · health not checked');
    assert.equal(say('python'), "duckdb · config schema exported from the plugin's Python · health not checked");
    assert.equal(say('none'), 'duckdb · no config schema · health not checked');
    assert.equal(languageStatusView(input({ kind: 'python', atHand: at })).detail, 'duckdb · health not checked');
    const installed = languageStatusView(
      input({ kind: 'python', atHand: at, floeCore: { folder: 'ws', path: '/venv/lib/python3.12/site-packages/floe_core' } }),
    );
    assert.equal(installed.text, 'floe-core (interpreter) · API 1.0');
  });
  it('no floe-core found: the built-in table, said as a warning', () => {
    const v = languageStatusView(input({ kind: 'python', atHand: duck(), floeCore: { folder: 'ws' } }));
    assert.equal(v.text, 'built-in plugin table · API 1.0');
    assert.equal(v.detail, 'no floe-core found: plugin types and API version come from the built-in table · duckdb · health not checked');
    assert.equal(v.severity, 'warning');
  });
  it('severity follows the plugin: incompatible or unhealthy is an error; degraded, not importable or a warning is a warning', () => {
    const sev = (over: Partial<ReturnType<typeof duck>['plugins'][number]>) => {
      const at = duck();
      at.plugins[0] = { ...at.plugins[0], ...over };
      return languageStatusView(input({ kind: 'python', atHand: at })).severity;
    };
    assert.equal(sev({ compatibility: 'incompatible' }), 'error');
    assert.equal(sev({ state: 'error' }), 'error');
    assert.equal(sev({ health: health('floe.computes:duckdb', 'unhealthy') }), 'error');
    assert.equal(sev({ health: { ...health('floe.computes:duckdb', 'unhealthy'), failure: 'import' } }), 'warning');
    assert.equal(sev({ health: health('floe.computes:duckdb', 'degraded') }), 'warning');
    assert.equal(sev({ state: 'warning' }), 'warning');
    assert.equal(sev({}), 'information');
    const file = (errors: number, warnings: number) =>
      languageStatusView(input({ kind: 'python', atHand: duck(), fileProblems: { errors, warnings } })).severity;
    assert.deepEqual([file(1, 0), file(0, 2), file(0, 0)], ['error', 'warning', 'information']);
  });
  it('a manifest: its plugins counted, the schema origins it knows, a selection with no plugin is a warning; Run Health Checks', () => {
    const at = pluginsAtHand(MANIFEST, 'manifest', f);
    at.plugins[0] = { ...at.plugins[0], health: health('floe.computes:duckdb', 'healthy') };
    const v = languageStatusView(
      input({ kind: 'manifest', atHand: { ...at, plugins: at.plugins.map((p) => ({ ...p, state: 'ok' as const })) }, schemas: manifestSchemas(at.manifest) }),
    );
    assert.equal(v.detail, '2 plugins · config schemas: 1 from schema files, 1 read statically · health: 1 healthy, 1 not checked');
    assert.equal(v.severity, 'warning');
    assert.deepEqual(v.command, { title: 'Run Health Checks', command: 'floe.runHealthChecks' });
    const none = languageStatusView(
      input({
        kind: 'manifest',
        atHand: { folder: f, plugins: [], manifest: { uri: MANIFEST, selections: [{ category: 'storage', type: 's3' }] } },
        schemas: new Map(),
      }),
    );
    assert.equal(none.detail, 'no plugin found for s3');
  });
  it('files about no plugin say so; Show Output when nothing can run', () => {
    const py = languageStatusView(input({ kind: 'pyproject', atHand: { folder: f, plugins: [] } }));
    assert.equal(py.detail, 'declares no floe plugin');
    assert.deepEqual(py.command, { title: 'Show Output', command: 'floe.showOutput' });
    assert.deepEqual(languageStatusView(input({ kind: 'python', atHand: duck(), trusted: false })).command, {
      title: 'Show Output',
      command: 'floe.showOutput',
    });
  });
  it('while indexing the item is busy; a server error is an error; a file outside the folders is plain', () => {
    const idx = languageStatusView(input({ kind: 'python', atHand: duck(), status: { ...ready, state: 'indexing' } }));
    assert.equal(idx.busy, true);
    assert.equal(idx.text, '$(sync~spin) Floe: indexing…');
    const err = languageStatusView(
      input({ kind: 'python', atHand: duck(), status: { ...ready, state: 'error', message: 'the language server keeps crashing' } }),
    );
    assert.deepEqual([err.severity, err.detail, err.command.command], ['error', 'the language server keeps crashing', 'floe.showOutput']);
    const outside = languageStatusView(input({ kind: 'pyproject', atHand: { plugins: [] } }));
    assert.deepEqual([outside.text, outside.detail, outside.severity], ['Floe', 'this file is outside the indexed workspace folders', 'information']);
  });
});
