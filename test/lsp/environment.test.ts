// An interpreter that lacks a module floe-core imports (test/fixtures/lsp/envfail): the health run
// answers with one environment problem for all plugins, which show as "could not import" in hovers
// and CodeLens; config schemas that cannot be exported are said once, as one information message
// (grouped by the missing module), not again when an edit re-exports a plugin that fails the same
// way, and again for another interpreter (a .venv created while the server runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pythonBudget } from '../lib/machine';
import { copyFixture, LspClient, uri } from './harness';

const INFO = 3; // MessageType.Info

test('a failing config-schema export is reported once per interpreter, grouped, at information level', async () => {
  const root = copyFixture('envfail');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true });
    await c.initialize([root], {}, { debounceMs: 20, trace: true });
    await c.ready();
    const runs = () => c.logs().filter((l) => /config schema exports? from Python/.test(l));
    const reports = () => c.notifications.filter((n) => n.method === 'window/logMessage' && /not exported from Python/.test(String(n.params.message)));
    await c.waitFor('the first export', () => runs().length >= 1, pythonBudget(20000));
    assert.equal(
      reports().length,
      1,
      reports()
        .map((n) => n.params.message)
        .join('\n'),
    );
    assert.equal(reports()[0].params.type, INFO);
    assert.match(
      reports()[0].params.message,
      /^config schemas of 2 plugins were not exported from Python: floe_fixture_absent_logging is missing in \/\S+ \(floe-core imports it\); their static schemas are used$/,
    );

    // Editing a plugin's class re-exports that plugin: the same failure is not said again.
    const file = path.join(root, 'floe-alpha/src/floe_alpha/plugin.py');
    const text = fs.readFileSync(file, 'utf8');
    const before = runs().length;
    c.open(file, text, 'python');
    c.change(file, `${text}\n# edited\n`);
    await c.waitFor(
      'the export after the edit',
      () =>
        runs()
          .slice(before)
          .some((l) => /: 1 config schema export from Python, 1 without a schema$/.test(l)),
      pythonBudget(20000),
    );
    assert.equal(
      reports().length,
      1,
      reports()
        .map((n) => n.params.message)
        .join('\n'),
    );

    // A .venv appears (the client tells the server with didChangeConfiguration): another
    // interpreter, so both plugins are exported again and the failure is said for it.
    const venv = path.join(root, '.venv');
    const r = spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', venv], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.waitFor('the report for the new interpreter', () => reports().length === 2, pythonBudget(20000));
    assert.equal(reports()[1].params.type, INFO);
    assert.ok(String(reports()[1].params.message).includes(`is missing in ${path.join(venv, 'bin', 'python')} `), reports()[1].params.message);
  } finally {
    await c.stop();
  }
});

test('a health run where floe-core cannot be imported: one environment problem; hover and CodeLens say "could not import"', async () => {
  const root = copyFixture('envfail');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3' });
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    const r = await c.request('floe/runHealthChecks', {});
    assert.equal(r.refused, undefined, r.refused);
    assert.deepEqual(r.results.map((x: { name: string; failure?: string; missingModule?: string }) => [x.name, x.failure, x.missingModule]).sort(), [
      ['alpha', 'import', 'floe_fixture_absent_logging'],
      ['beta', 'import', 'floe_fixture_absent_logging'],
    ]);
    assert.equal(r.environment.length, 1);
    assert.equal(r.environment[0].message, `2 plugins could not be imported: floe_fixture_absent_logging is missing in ${r.python} (floe-core imports it)`);
    assert.deepEqual(r.environment[0].modules, [{ module: 'floe_fixture_absent_logging', plugins: ['alpha', 'beta'], importedBy: ['floe_core'] }]);
    const reports = c.notifications.filter((n) => n.method === '$/progress' && n.params.value.kind === 'report').map((n) => n.params.value.message);
    assert.ok(
      reports.some((m) => /^\d\/2 · alpha: could not import$/.test(m ?? '')),
      JSON.stringify(reports),
    );

    const file = path.join(root, 'floe-alpha/src/floe_alpha/plugin.py');
    const text = fs.readFileSync(file, 'utf8');
    c.open(file, text, 'python');
    const line = text.split('\n').findIndex((l) => l.startsWith('class AlphaPlugin'));
    const hover = await c.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line, character: 8 } });
    assert.match(hover.contents.value, /- Last health check: \*\*could not import\*\* — No module named 'floe_fixture_absent_logging'/);
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uri(file) } });
    assert.ok(
      lenses.some((l: { command: { title: string } }) => /^Run health check \(last: could not import, \d+ ms\)$/.test(l.command.title)),
      JSON.stringify(lenses.map((l: { command: { title: string } }) => l.command.title)),
    );
  } finally {
    await c.stop();
  }
});

test('a health run asked for while the first index is still running waits for it, then runs on the plugins', async () => {
  const root = copyFixture('envfail');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { workspaceTrusted: true, pythonInterpreter: 'python3' });
    await c.initialize([root], {}, { testIndexDelayMs: 2000 }); // the first index waits 2 s
    const r = await c.request('floe/runHealthChecks', {});
    assert.equal(r.refused, undefined, r.refused);
    assert.deepEqual(r.results.map((x: { name: string; failure?: string }) => [x.name, x.failure]).sort(), [
      ['alpha', 'import'],
      ['beta', 'import'],
    ]);
  } finally {
    await c.stop();
  }
});
