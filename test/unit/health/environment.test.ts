// The environment rule: which failed imports are the interpreter's problem (a module it lacks that
// is not the plugin's own package), and how a run's failures are grouped into one message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environmentProblems, groupMissingModules, importFailureFields } from '../../../server/src/engine/health/environment';
import type { HealthResultDto } from '../../../shared/types';

const PY = '/usr/bin/python3';

function failed(name: string, extra: Partial<HealthResultDto>): HealthResultDto {
  return {
    pluginId: `floe.computes:${name}`,
    group: 'floe.computes',
    entryPoint: name,
    name,
    state: 'unhealthy',
    message: '',
    details: {},
    durationMs: 80,
    hooks: [],
    finishedAt: '2026-01-01T10:00:00.000Z',
    python: PY,
    ...extra,
  };
}

test("a module the interpreter lacks is the environment's; the plugin's own package missing is not", () => {
  const answer = { failure: 'import', missing: 'structlog', importedBy: 'floe_core.plugins.dependencies' };
  assert.deepEqual(importFailureFields(answer, 'floe_compute_duckdb.plugin:DuckDBPlugin'), {
    failure: 'import',
    missingModule: 'structlog',
    importedBy: 'floe_core.plugins.dependencies',
  });
  // An entry point naming a module of its own package that is not there: the plugin's mistake.
  assert.deepEqual(importFailureFields({ failure: 'import', missing: 'floe_compute_duckdb.plugins' }, 'floe_compute_duckdb.plugin:DuckDBPlugin'), {
    failure: 'import',
  });
  // An import that raised something else (a SyntaxError, an AttributeError): no module to name.
  assert.deepEqual(importFailureFields({ failure: 'import' }, 'pkg.mod:Cls'), { failure: 'import' });
  // Not an import failure at all.
  assert.deepEqual(importFailureFields({ state: 'unhealthy', message: 'down' }, 'pkg.mod:Cls'), {});
});

test('23 plugins lacking one module: one problem, said once, naming the module and the interpreter', () => {
  const results = Array.from({ length: 23 }, (_, i) =>
    failed(`p${String(i).padStart(2, '0')}`, {
      failure: 'import',
      missingModule: 'structlog',
      importedBy: i % 2 ? 'floe_core.plugins.dependencies' : `floe_p${i}.plugin`,
    }),
  );
  results.push(failed('healthy-one', { state: 'healthy' }), failed('raised', { failure: 'import' }));
  const problems = environmentProblems(results);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].message, '23 plugins could not be imported: structlog is missing in /usr/bin/python3 (floe-core imports it)');
  assert.equal(problems[0].python, PY);
  assert.equal(problems[0].pluginIds.length, 23);
  assert.deepEqual(
    problems[0].modules.map((m) => [m.module, m.plugins.length]),
    [['structlog', 23]],
  );
  assert.ok(problems[0].modules[0].importedBy.includes('floe_core.plugins.dependencies'));
});

test('several missing modules: counted per module, most plugins first; a dotted module counts as its package', () => {
  const results = [
    failed('a', { failure: 'import', missingModule: 'httpx' }),
    failed('b', { failure: 'import', missingModule: 'structlog' }),
    failed('c', { failure: 'import', missingModule: 'structlog.stdlib' }),
    failed('d', { failure: 'import', missingModule: 'aiosmtplib' }),
    failed('e', { failure: 'import', missingModule: 'httpx' }),
    failed('f', { failure: 'import', missingModule: 'structlog' }),
  ];
  const [p] = environmentProblems(results);
  assert.equal(p.message, '6 plugins could not be imported: structlog (3), httpx (2) and aiosmtplib (1) are missing in /usr/bin/python3');
  assert.deepEqual(p.modules, [
    { module: 'structlog', plugins: ['b', 'c', 'f'], importedBy: [] },
    { module: 'httpx', plugins: ['a', 'e'], importedBy: [] },
    { module: 'aiosmtplib', plugins: ['d'], importedBy: [] },
  ]);
});

test('one plugin is named; each interpreter is its own problem; nothing to say without missing modules', () => {
  assert.equal(
    environmentProblems([failed('duck', { failure: 'import', missingModule: 'duckdb' })])[0].message,
    'duck could not be imported: duckdb is missing in /usr/bin/python3',
  );
  const two = environmentProblems([
    failed('a', { failure: 'import', missingModule: 'x' }),
    failed('b', { failure: 'import', missingModule: 'x', python: '/ws/.venv/bin/python' }),
  ]);
  assert.deepEqual(
    two.map((p) => p.python),
    [PY, '/ws/.venv/bin/python'],
  );
  assert.deepEqual(environmentProblems([failed('a', { failure: 'import' }), failed('b', {})]), []);
});

test("the lead of the message is the caller's (schema exports word it their way)", () => {
  const g = groupMissingModules(
    [
      { pluginId: 'a', name: 'a', python: PY, missingModule: 'structlog' },
      { pluginId: 'b', name: 'b', python: PY, missingModule: 'structlog' },
    ],
    (n) => `config schemas of ${n} plugins were not exported from Python`,
  );
  assert.equal(g[0].message, 'config schemas of 2 plugins were not exported from Python: structlog is missing in /usr/bin/python3');
});
