// The engine's quick fixes over the floe-shaped monorepo fixture (test/fixtures/monorepo): each
// problem an author can fix carries its fix as edits; applied, the problem is gone. Diagnostics
// are asserted with exact code, range and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import type { Diagnostic, FixData, Range } from '../../../server/src/engine/model';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { REPO, treeOf } from './floeFixture';
import { applyTextEdits } from '../../lib/textEdits';

const MONOREPO = treeOf(path.join(REPO, 'test', 'fixtures', 'monorepo'), '/ws');
const DUCK = '/ws/plugins/floe-compute-duckdb/src/floe_compute_duckdb/plugin.py';
const DUCK_TOML = '/ws/plugins/floe-compute-duckdb/pyproject.toml';
const POLARIS = '/ws/plugins/floe-catalog-polaris/src/floe_catalog_polaris/plugin.py';
const MANIFEST = '/ws/platform/manifest.yaml';

function at(text: string, needle: string, nth = 0): Range {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `'${needle}' #${nth}`);
  }
  return new LineIndex(text).range(i, i + needle.length);
}

/** The monorepo with some files changed (`[text, replacement]` pairs per file). */
function workspace(changes: Record<string, Array<[string, string]>>): { fs: MemoryFileSystem; ws: FloeWorkspace } {
  const files = { ...MONOREPO };
  for (const [f, subs] of Object.entries(changes)) {
    let t = files[f];
    for (const [a, b] of subs) {
      assert.ok(t.includes(a), `${f} has ${a}`);
      t = t.replace(a, b);
    }
    files[f] = t;
  }
  const fs = new MemoryFileSystem(files);
  return { fs, ws: new FloeWorkspace('/ws', {}, fs) };
}

/** Apply a fix's edits to the memory files, as an editor applies its WorkspaceEdit. */
function apply(fs: MemoryFileSystem, ws: FloeWorkspace, fix: FixData): void {
  const byFile = new Map<string, Array<{ range: Range; newText: string }>>();
  for (const e of [fix, ...(fix.more ?? [])]) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, es] of byFile) fs.write(file, applyTextEdits(fs.readFile(file)!, es));
  ws.invalidate([...byFile.keys()]);
}

const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);
const titles = (d: Diagnostic | undefined) => (d?.fixes ?? []).map((f) => f.title);

test('missing-abstract-member: properties and methods said apart; the fix adds every stub with its signature and the imports', () => {
  const { fs, ws } = workspace({
    [DUCK]: [
      ['    @property\n    def version(self) -> str:\n        return "0.1.0"\n\n', ''],
      [
        '    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:\n        return {"type": "duckdb", "path": ":memory:", "threads": config.threads}\n\n',
        '',
      ],
      [
        'from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec',
        'from floe_core.compute_config import ConnectionResult, ResourceSpec',
      ],
      ['from typing import Any\n\n', ''],
    ],
  });
  const text = fs.readFile(DUCK)!;
  const r = ws.analyze();
  const d = only(r.diagnostics, 'missing-abstract-member');
  assert.deepEqual(
    d.map((x) => [x.file, x.range, x.severity, x.message]),
    [
      [
        DUCK,
        at(text, 'DuckDBComputePlugin'),
        'error',
        "'DuckDBComputePlugin' does not implement abstract property 'version' and abstract method 'generate_dbt_profile' of ComputePlugin: the platform cannot instantiate it. " +
          "Add 'version' as an @property (returning a literal will do) and define 'generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]'.",
      ],
    ],
  );
  assert.deepEqual(titles(d[0]), ['Implement missing members of ComputePlugin']);
  apply(fs, ws, d[0].fixes![0]);
  const fixed = fs.readFile(DUCK)!;
  assert.equal(
    fixed.slice(0, fixed.indexOf('\n\n\nclass')),
    [
      '"""DuckDB runs inside the job\'s own process."""',
      '',
      'from __future__ import annotations',
      '',
      'from typing import Any',
      '',
      'from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec',
      'from floe_core.plugins.compute import ComputePlugin',
    ].join('\n'),
  );
  assert.ok(
    fixed.endsWith(
      [
        '    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:',
        '        return ResourceSpec()',
        '',
        '    @property',
        '    def version(self) -> str:',
        '        """The plugin\'s version, X.Y.Z."""',
        '        return "0.1.0"',
        '',
        '    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:',
        '        """Return the profiles.yml target dbt uses to reach this engine."""',
        '        raise NotImplementedError',
        '',
      ].join('\n'),
    ),
    fixed,
  );
  assert.deepEqual(ws.analyze().diagnostics, []);
});

test('missing-abstract-member: a class that implements nothing gets every member, name and version filled in', () => {
  const { fs, ws } = workspace({
    [POLARIS]: [[POLARIS_CLASS_BODY, '    """Not written yet."""\n']],
  });
  const d = only(ws.analyze().diagnostics, 'missing-abstract-member')[0];
  assert.match(
    d.message,
    /^'PolarisCatalogPlugin' does not implement abstract properties 'name', 'version' and 'floe_api_version' and abstract methods 'connect', /,
  );
  assert.match(d.message, /and define 'connect\(self, config: dict\[str, Any\]\) -> Catalog', /);
  // A signature too long for a message is named, not written out.
  assert.match(d.message, /'create_table' with the signature CatalogPlugin declares/);
  apply(fs, ws, d.fixes![0]);
  const fixed = fs.readFile(POLARIS)!;
  assert.match(fixed, /^ {4}@property\n {4}def name\(self\) -> str:\n {8}"""The name the plugin is known by\."""\n {8}return "polaris"$/m);
  assert.match(fixed, /^ {4}def floe_api_version\(self\) -> str:\n {8}"""[^"]*"""\n {8}return "1\.0"$/m);
  assert.match(
    fixed,
    /^ {4}def create_table\(\n {8}self,\n {8}identifier: str,\n {8}schema: dict\[str, Any\],\n {8}location: str \| None = None,\n {8}properties: dict\[str, str\] \| None = None,\n {4}\) -> None:$/m,
  );
  // The config model is gone with the class body: only that import stays unused; nothing is reported.
  assert.deepEqual(
    ws.analyze().diagnostics.map((x) => x.code),
    [],
  );
});

const POLARIS_CLASS_BODY = MONOREPO[POLARIS].slice(MONOREPO[POLARIS].indexOf('    name = "polaris"'));

test('unresolved-class: the entry point changed to the near class; the class renamed when it is the typo', () => {
  const a = workspace({ [DUCK_TOML]: [['floe_compute_duckdb:DuckDBComputePlugin', 'floe_compute_duckdb:DuckDBComputePlugn']] });
  const toml = a.fs.readFile(DUCK_TOML)!;
  const d = only(a.ws.analyze().diagnostics, 'unresolved-class');
  assert.deepEqual(
    d.map((x) => [x.file, x.range, x.message]),
    [
      [
        DUCK_TOML,
        at(toml, 'DuckDBComputePlugn'),
        "Cannot find class 'DuckDBComputePlugn' in module 'floe_compute_duckdb': 'DuckDBComputePlugn' is not defined in module 'floe_compute_duckdb' (did you mean 'DuckDBComputePlugin'?).",
      ],
    ],
  );
  assert.deepEqual(d[0].fixes, [
    { title: "Change to 'DuckDBComputePlugin'", file: DUCK_TOML, range: at(toml, 'DuckDBComputePlugn'), newText: 'DuckDBComputePlugin' },
  ]);
  apply(a.fs, a.ws, d[0].fixes![0]);
  assert.deepEqual(a.ws.analyze().diagnostics, []);

  // The entry point says PolarisCatalogPlugin (it fits the entry point 'polaris'); the class is PolarsCatalogPlugin.
  const b = workspace({ [POLARIS]: [['class PolarisCatalogPlugin', 'class PolarsCatalogPlugin']] });
  const e = only(b.ws.analyze().diagnostics, 'unresolved-class');
  assert.deepEqual(
    e.map((x) => x.message),
    [
      "Cannot find class 'PolarisCatalogPlugin' in module 'floe_catalog_polaris.plugin': 'PolarisCatalogPlugin' is not defined in module 'floe_catalog_polaris.plugin' (did you mean 'PolarsCatalogPlugin', 'PolarisConfig'?).",
    ],
  );
  assert.deepEqual(titles(e[0]), ["Rename the class to 'PolarisCatalogPlugin'"]);
  apply(b.fs, b.ws, e[0].fixes![0]);
  assert.equal(b.fs.readFile(POLARIS), MONOREPO[POLARIS]);
  assert.deepEqual(b.ws.analyze().diagnostics, []);
});

test('dependency-cycle: "Remove dependency on" each edge, the list kept tidy', () => {
  const { fs, ws } = workspace({
    [DUCK]: [
      [
        '    @property\n    def is_self_hosted',
        '    @property\n    def dependencies(self) -> list[str]:\n        return [\n            "polaris",  # first\n            "duckdb-extra",\n        ]\n\n    @property\n    def is_self_hosted',
      ],
    ],
  });
  const duck = fs.readFile(DUCK)!;
  const d = only(ws.analyze().diagnostics, 'dependency-cycle');
  assert.deepEqual(
    d.map((x) => [x.file, x.range, x.message]),
    [
      [
        POLARIS,
        at(MONOREPO[POLARIS], '"duckdb"'),
        'Circular dependency: duckdb -> polaris -> duckdb. The registry cannot order these plugins; remove one of the dependencies.',
      ],
      [
        DUCK,
        at(duck, '"polaris"'),
        'Circular dependency: duckdb -> polaris -> duckdb. The registry cannot order these plugins; remove one of the dependencies.',
      ],
    ],
  );
  assert.deepEqual(d.map(titles), [["Remove dependency on 'duckdb'"], ["Remove dependency on 'polaris'"]]);
  apply(fs, ws, d[1].fixes![0]);
  assert.match(fs.readFile(DUCK)!, /return \[\n {12}"duckdb-extra",\n {8}\]/);
  const after = ws.analyze().diagnostics;
  assert.deepEqual(only(after, 'dependency-cycle'), []);
  // The other edge, on polaris: `["duckdb"]` becomes `[]`.
  const again = workspace({
    [DUCK]: [
      [
        '    @property\n    def is_self_hosted',
        '    @property\n    def dependencies(self) -> list[str]:\n        return ["polaris"]\n\n    @property\n    def is_self_hosted',
      ],
    ],
  });
  const p = only(again.ws.analyze().diagnostics, 'dependency-cycle').find((x) => x.file === POLARIS)!;
  apply(again.fs, again.ws, p.fixes![0]);
  assert.match(again.fs.readFile(POLARIS)!, /return \[\]/);
  assert.deepEqual(again.ws.analyze().diagnostics, []);
});

test('missing-dependency: the nearest plugin names; no suggestion for an empty or blank name', () => {
  const { fs, ws } = workspace({ [POLARIS]: [['return ["duckdb"]', 'return ["duckbd", "", "  ", \'polars\']']] });
  const text = fs.readFile(POLARIS)!;
  const list = text.indexOf('["duckbd"');
  const item = (needle: string) => {
    const i = text.indexOf(needle, list);
    return new LineIndex(text).range(i, i + needle.length);
  };
  const d = only(ws.analyze().diagnostics, 'missing-dependency');
  const base = "Plugin 'polaris' has missing dependencies: duckbd, ,   , polars.";
  assert.deepEqual(
    d.map((x) => [x.range, x.message]),
    [
      [
        item('"duckbd"'),
        `${base} No discovered plugin is named 'duckbd' (did you mean 'duckdb'?); floe's dependency resolution (activate_all) raises this error.`,
      ],
      [item('""'), `${base} No discovered plugin is named ''; floe's dependency resolution (activate_all) raises this error.`],
      [item('"  "'), `${base} No discovered plugin is named '  '; floe's dependency resolution (activate_all) raises this error.`],
      [item("'polars'"), `${base} No discovered plugin is named 'polars'; floe's dependency resolution (activate_all) raises this error.`],
    ],
  );
  assert.deepEqual(d.map(titles), [["Change to 'duckdb'"], [], [], []]);
  apply(fs, ws, d[0].fixes![0]);
  assert.ok(fs.readFile(POLARIS)!.includes(`return ["duckdb", "", "  ", 'polars']`));
  assert.equal(only(ws.analyze().diagnostics, 'missing-dependency').length, 3);
});

test('config-invalid: "Change to" the near key; "Add" a missing required key (its default, else a typed placeholder)', () => {
  const { fs, ws } = workspace({
    [MANIFEST]: [['      uri: http://polaris:8181\n      warehouse: main\n', '      uri: http://polaris:8181\n      treads: 8  # how many\n']],
  });
  const text = fs.readFile(MANIFEST)!;
  const d = only(ws.analyze().diagnostics, 'config-invalid');
  assert.deepEqual(
    d.map((x) => [x.range, x.message]),
    [
      [at(text, 'config'), 'config: missing required key "warehouse"; PluginRegistry.configure rejects this config at run time'],
      [at(text, 'treads'), 'config: unknown key "treads" (did you mean "threads"?); PluginRegistry.configure rejects this config at run time'],
    ],
  );
  assert.deepEqual(
    d.map((x) => x.fixes),
    [
      [
        {
          title: "Add 'warehouse'",
          file: MANIFEST,
          range: at(
            text,
            '\n',
            text.split('\n').findIndex((l) => l.includes('treads')),
          ),
          newText: '\n      warehouse: ""',
        },
      ].map((f) => ({ ...f, range: { start: f.range.start, end: f.range.start } })),
      [{ title: "Change to 'threads'", file: MANIFEST, range: at(text, 'treads'), newText: 'threads' }],
    ],
  );
  apply(fs, ws, d[1].fixes![0]);
  apply(fs, ws, only(ws.analyze().diagnostics, 'config-invalid')[0].fixes![0]);
  assert.match(fs.readFile(MANIFEST)!, /^ {6}threads: 8 {2}# how many\n {6}warehouse: ""\n$/m);
  // The placeholder is typed, not valid: what it must be is said next.
  assert.deepEqual(
    ws.analyze().diagnostics.map((x) => x.message),
    ['warehouse: must be at least 1 characters long (got ""); PluginRegistry.configure rejects this config at run time'],
  );
  // A flow mapping, JSON-like: the key goes in its braces; a default is used when the schema has one.
  const flow = workspace({ [MANIFEST]: [['    config:\n      uri: http://polaris:8181\n      warehouse: main\n', '    config: {uri: "http://p"}\n']] });
  const f = only(flow.ws.analyze().diagnostics, 'config-invalid')[0];
  apply(flow.fs, flow.ws, f.fixes![0]);
  assert.match(flow.fs.readFile(MANIFEST)!, /config: \{uri: "http:\/\/p", warehouse: ""\}/);
});

test('unresolved-import: "Import X from" the floe-core module that defines it', () => {
  const { fs, ws } = workspace({
    [DUCK]: [
      [
        'from floe_core.plugins.compute import ComputePlugin',
        'from floe_core.plugins.compute import ComputePlugin\nfrom floe_core.plugins import RBACPlugin, StoragePlugin as Storage\nfrom floe_core.compute_config import HealthStatus',
      ],
    ],
  });
  const text = fs.readFile(DUCK)!;
  const d = only(ws.analyze().diagnostics, 'unresolved-import');
  assert.deepEqual(
    d.map((x) => [x.range, x.severity, x.message]),
    [
      [
        at(text, 'RBACPlugin'),
        'error',
        "Cannot import name 'RBACPlugin' from 'floe_core.plugins': floe-core 0.1.0 neither defines nor re-exports it there; importing this module raises ImportError, so the plugin cannot be loaded. Did you mean: from floe_core.plugins.rbac import RBACPlugin?",
      ],
      [
        at(text, 'HealthStatus'),
        'error',
        "Cannot import name 'HealthStatus' from 'floe_core.compute_config': floe-core 0.1.0 neither defines nor re-exports it there; importing this module raises ImportError, so the plugin cannot be loaded. Did you mean: from floe_core.plugin_metadata import HealthStatus?",
      ],
    ],
  );
  assert.deepEqual(d.map(titles), [['Import RBACPlugin from floe_core.plugins.rbac'], ['Import HealthStatus from floe_core.plugin_metadata']]);
  apply(fs, ws, d[0].fixes![0]);
  apply(fs, ws, only(ws.analyze().diagnostics, 'unresolved-import')[0].fixes![0]);
  const fixed = fs.readFile(DUCK)!;
  assert.match(
    fixed,
    /^from floe_core\.plugins import StoragePlugin as Storage\nfrom floe_core\.plugins\.rbac import RBACPlugin\nfrom floe_core\.plugin_metadata import HealthStatus$/m,
  );
  assert.deepEqual(ws.analyze().diagnostics, []);
});

test('a former code name silences the current code: # floe: ignore[missing-metadata]', () => {
  const { ws } = workspace({
    [DUCK]: [
      [
        'class DuckDBComputePlugin(ComputePlugin):\n    @property\n    def name',
        'class DuckDBComputePlugin(ComputePlugin):  # floe: ignore[missing-metadata]\n    @property\n    def nam',
      ],
    ],
  });
  assert.deepEqual(ws.analyze().diagnostics, []);
});
