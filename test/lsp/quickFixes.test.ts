// Every quick fix over the language server (stdio): the problem is published, the code actions for
// its range carry the fix as a WorkspaceEdit, the edit applied as an editor applies it (the open
// documents changed), and the problem is gone. Over the floe-shaped monorepo fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, uri } from './harness';
import { applyTextEdits } from '../lib/textEdits';

const DUCK = 'plugins/floe-compute-duckdb/src/floe_compute_duckdb/plugin.py';
const DUCK_TOML = 'plugins/floe-compute-duckdb/pyproject.toml';
const POLARIS = 'plugins/floe-catalog-polaris/src/floe_catalog_polaris/plugin.py';
const MANIFEST = 'platform/manifest.yaml';

interface Session {
  c: LspClient;
  root: string;
  f: (rel: string) => string;
  texts: Map<string, string>;
}

/** A server over a copy of the monorepo with these replacements made on disk first. */
async function session(changes: Record<string, Array<[string, string]>>): Promise<Session> {
  const root = copyFixture('../monorepo');
  const f = (rel: string) => path.join(root, rel);
  for (const [rel, subs] of Object.entries(changes)) {
    let t = fs.readFileSync(f(rel), 'utf8');
    for (const [a, b] of subs) {
      assert.ok(t.includes(a), `${rel} has ${a}`);
      t = t.replace(a, b);
    }
    fs.writeFileSync(f(rel), t);
  }
  const c = new LspClient();
  await c.initialize([root]);
  await c.ready();
  return { c, root, f, texts: new Map() };
}

/** Apply a WorkspaceEdit's changes as an editor does: each file opened (if it is not yet) and changed in memory. */
function applyEdit(s: Session, edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> }): void {
  for (const [u, edits] of Object.entries(edit.changes)) {
    const file = fileURLToPath(u);
    let text = s.texts.get(file);
    if (text === undefined) {
      text = fs.readFileSync(file, 'utf8');
      s.c.open(file, text);
    }
    text = applyTextEdits(text, edits);
    s.texts.set(file, text);
    s.c.change(file, text);
  }
}

/** The diagnostic of `code` in a file, its code actions, the action titled `title` applied; then that diagnostic is gone. */
async function fixAndCheck(s: Session, rel: string, code: string, title: string, check?: (text: string) => void): Promise<void> {
  const file = s.f(rel);
  const diags = await s.c.waitDiagnostics(file, (d) => d.some((x) => x.code === code));
  const d = diags.find((x) => x.code === code)!;
  const actions = await s.c.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: d.range, context: { diagnostics: [d] } });
  const action = actions.find((a: any) => a.title === title);
  assert.ok(action, `no '${title}' among ${JSON.stringify(actions.map((a: any) => a.title))}`);
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(
    action.diagnostics.map((x: Diagnostic) => x.code),
    [code],
  );
  applyEdit(s, action.edit);
  await s.c.waitDiagnostics(file, (ds) => !ds.some((x) => x.code === code && x.message === d.message));
  check?.(s.texts.get(file) ?? fs.readFileSync(file, 'utf8'));
}

async function run(changes: Record<string, Array<[string, string]>>, body: (s: Session) => Promise<void>): Promise<void> {
  const s = await session(changes);
  try {
    await body(s);
  } finally {
    await s.c.stop();
  }
}

test('missing-abstract-member: "Implement missing members of ComputePlugin"', () =>
  run(
    {
      [DUCK]: [
        [
          '    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:\n        return {"type": "duckdb", "path": ":memory:", "threads": config.threads}\n\n',
          '',
        ],
      ],
    },
    async (s) => {
      await fixAndCheck(s, DUCK, 'missing-abstract-member', 'Implement missing members of ComputePlugin', (text) => {
        assert.match(text, /^ {4}def generate_dbt_profile\(self, config: ComputeConfig\) -> dict\[str, Any\]:$/m);
      });
      await s.c.waitDiagnostics(s.f(DUCK), (d) => d.length === 0);
    },
  ));

test('unresolved-class: "Change to" the class the module has', () =>
  run(
    {
      [DUCK_TOML]: [['floe_compute_duckdb:DuckDBComputePlugin', 'floe_compute_duckdb:DuckDBComputePlugn']],
    },
    (s) =>
      fixAndCheck(s, DUCK_TOML, 'unresolved-class', "Change to 'DuckDBComputePlugin'", (text) => {
        assert.match(text, /^duckdb = "floe_compute_duckdb:DuckDBComputePlugin"$/m);
      }),
  ));

test('unresolved-class: "Rename the class to" the name the entry point gives', () =>
  run(
    {
      [POLARIS]: [['class PolarisCatalogPlugin', 'class PolarsCatalogPlugin']],
    },
    async (s) => {
      const toml = 'plugins/floe-catalog-polaris/pyproject.toml';
      await fixAndCheck(s, toml, 'unresolved-class', "Rename the class to 'PolarisCatalogPlugin'");
      assert.match(s.texts.get(s.f(POLARIS))!, /^class PolarisCatalogPlugin\(CatalogPlugin\):$/m);
    },
  ));

test('dependency-cycle: "Remove dependency on"', () =>
  run(
    {
      [DUCK]: [
        [
          '    @property\n    def is_self_hosted',
          '    @property\n    def dependencies(self) -> list[str]:\n        return ["polaris"]\n\n    @property\n    def is_self_hosted',
        ],
      ],
    },
    (s) =>
      fixAndCheck(s, DUCK, 'dependency-cycle', "Remove dependency on 'polaris'", (text) => {
        assert.match(text, /return \[\]/);
      }),
  ));

test('missing-dependency: "Change to" the nearest plugin name', () =>
  run(
    {
      [POLARIS]: [['return ["duckdb"]', 'return ["duckbd"]']],
    },
    (s) => fixAndCheck(s, POLARIS, 'missing-dependency', "Change to 'duckdb'"),
  ));

test('config-invalid: "Change to" the near key, then "Add" the missing required key', () =>
  run(
    {
      [MANIFEST]: [['      warehouse: main\n', '      treads: 8\n']],
    },
    async (s) => {
      const file = s.f(MANIFEST);
      const diags = await s.c.waitDiagnostics(file, (d) => d.filter((x) => x.code === 'config-invalid').length === 2);
      const unknown = diags.find((d) => /unknown key/.test(d.message))!;
      const actions = await s.c.request('textDocument/codeAction', {
        textDocument: { uri: uri(file) },
        range: unknown.range,
        context: { diagnostics: [unknown] },
      });
      assert.deepEqual(
        actions.map((a: any) => a.title),
        ["Change to 'threads'"],
      );
      applyEdit(s, actions[0].edit);
      await s.c.waitDiagnostics(file, (d) => d.filter((x) => x.code === 'config-invalid').length === 1);
      await fixAndCheck(s, MANIFEST, 'config-invalid', "Add 'warehouse'", (text) => {
        assert.match(text, /^ {6}threads: 8\n {6}warehouse: ""\n/m);
      });
      // The placeholder has the key's type; what its value must be is said next.
      const left = await s.c.waitDiagnostics(file, (d) => d.length === 1);
      assert.equal(left[0].message, 'warehouse: must be at least 1 characters long (got ""); PluginRegistry.configure rejects this config at run time');
    },
  ));

test('unresolved-import: "Import RBACPlugin from floe_core.plugins.rbac"', () =>
  run(
    {
      [DUCK]: [
        [
          'from floe_core.plugins.compute import ComputePlugin',
          'from floe_core.plugins.compute import ComputePlugin\nfrom floe_core.plugins import RBACPlugin',
        ],
      ],
    },
    (s) =>
      fixAndCheck(s, DUCK, 'unresolved-import', 'Import RBACPlugin from floe_core.plugins.rbac', (text) => {
        assert.match(text, /^from floe_core\.plugins\.rbac import RBACPlugin$/m);
      }),
  ));
