// floe-plugins health: plugins from the engine, interpreter checked, text and JSON output, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { healthCommand } from '../../server/src/cli/health';
import { killMargin, pythonBudget } from '../lib/machine';
import { FX, WORKSPACE } from './helpers';

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await healthCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out, err };
}

test('text: interpreter line, one line per plugin with mark and duration, summary; exit 1 when unhealthy', async () => {
  const r = await run([WORKSPACE, '--plugin', 'floe.computes:healthy', '--plugin', 'compute:raising', '--plugin', 'floe.computes:degraded']);
  assert.equal(r.code, 1, r.err.join('\n'));
  assert.match(r.out[0], /^python: \/\S+ \(3\.\d+\.\d+\)$/);
  const lines = r.out.slice(1);
  assert.ok(
    lines.some((l) => /^✓ healthy {3}floe\.computes:healthy {2}\d+(?:\.\d)? m?s {2}all good$/.test(l)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) => /^! degraded {2}floe\.computes:degraded {2}\d+(?:\.\d)? m?s {2}slow backend$/.test(l)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) =>
      /^✗ unhealthy floe\.computes:raising {2}\d+(?:\.\d)? m?s {2}health_check\(\) raised ConnectionError: connection to warehouse:5432 refused$/.test(l),
    ),
    lines.join('\n'),
  );
  assert.ok(lines.includes(`    at ${path.relative(WORKSPACE, path.join(FX, 'raising.py'))}:10 in health_check`), lines.join('\n'));
  assert.equal(r.out.at(-1), '1 healthy, 1 degraded, 1 unhealthy');
});

test('json: results in analysis order with the contract fields; the manifest config reaches the constructor', async () => {
  const r = await run([WORKSPACE, '--plugin', 'floe.computes:configured', '--plugin', 'floe.computes:default', '--format', 'json']);
  assert.equal(r.code, 0, r.err.join('\n'));
  assert.equal(r.out.length, 1);
  const j = JSON.parse(r.out[0]);
  assert.match(j.python.version, /^3\./);
  const byName = new Map<string, Record<string, unknown>>(j.results.map((x: Record<string, unknown>) => [x.entryPoint, x]));
  assert.deepEqual([...byName.keys()].sort(), ['configured', 'default']);
  const c = byName.get('configured')!;
  for (const k of ['group', 'entryPoint', 'name', 'state', 'message', 'details', 'durationMs', 'hooks']) assert.ok(k in c, k);
  assert.equal(c.group, 'floe.computes');
  assert.equal(c.state, 'healthy');
  assert.equal(c.message, 'connected to warehouse.internal:5432'); // manifest config, schema default for port
  assert.deepEqual(
    (c.hooks as Array<{ hook: string }>).map((h) => h.hook),
    ['health_check'],
  );
});

test('config errors: one line per field in text, a structured list in JSON; the manifest selects by entry-point name', async () => {
  const args = [
    WORKSPACE,
    '--plugin',
    'semantic_layer:bad-warehouse',
    '--plugin',
    'catalog:warehouse',
    '--plugin',
    'storage:pool',
    '--plugin',
    'ingestion:ingest',
  ];
  const text = await run(args);
  assert.equal(text.code, 1, text.err.join('\n'));
  const out = text.out.join('\n');
  assert.match(
    out,
    /\n✗ unhealthy floe\.semantic_layers:bad-warehouse {2}\d+(?:\.\d)? m?s {2}the manifest config is invalid for WarehouseConfig \(2 errors\); no hook was run\n {4}config\.uri: String should match pattern '\^https\?:\/\/' \(string_pattern_mismatch\)\n {4}config\.auth\.client_id: Field required \(missing\)(\n|$)/,
  );
  assert.match(
    out,
    /\n✓ healthy {3}floe\.catalogs:warehouse \(warehouse-catalog\) {2}\d+(?:\.\d)? m?s {2}warehouse main at https:\/\/polaris\.internal\/api\/catalog(\n|$)/,
  );
  assert.match(out, /\n✓ healthy {3}floe\.storage:pool \(pool-storage\) {2}\d+(?:\.\d)? m?s {2}pool of 4(\n|$)/); // {}, not the size: 9 of `type: pool-storage`
  assert.match(out, /\n✗ unhealthy floe\.ingestion:ingest {2}\d+(?:\.\d)? m?s {2}not configured(\n|$)/);

  const json = await run([...args, '--format', 'json']);
  const byName = new Map<string, { details: Record<string, unknown> }>(JSON.parse(json.out[0]).results.map((x: { entryPoint: string }) => [x.entryPoint, x]));
  const bad = byName.get('bad-warehouse')!.details;
  assert.deepEqual(bad.configErrors, [
    { field: 'uri', message: "String should match pattern '^https?://'", type: 'string_pattern_mismatch' },
    { field: 'auth.client_id', message: 'Field required', type: 'missing' },
  ]);
  assert.equal(bad.manifest, path.join(WORKSPACE, 'manifest.yaml'));
  const wh = byName.get('warehouse')!.details;
  assert.deepEqual([wh.created, wh.configured, wh.configSource], ['cls()', true, 'manifest']);
  const pool = byName.get('pool')!.details;
  assert.deepEqual([pool.created, pool.configured, pool.configSource], ['cls()', true, 'runtime-default']);
});

test('--lifecycle --timeout: hooks listed; a slow startup is killed at the given timeout', async () => {
  // Whole seconds that fit this machine's Python start-up (the fixture's import is in the budget).
  const secs = Math.ceil(pythonBudget(1000) / 1000);
  const r = await run([
    WORKSPACE,
    '--plugin',
    'floe.orchestrators:lifecycle',
    '--plugin',
    'floe.orchestrators:slow-startup',
    '--lifecycle',
    '--timeout',
    String(secs),
  ]);
  assert.equal(r.code, 1);
  const text = r.out.join('\n');
  assert.match(
    text,
    /✓ healthy {3}floe\.orchestrators:lifecycle .*calls: startup,health_check\n {4}✓ startup\(\) \d+(?:\.\d)? m?s\n {4}✓ health_check\(\) \d+(?:\.\d)? m?s\n {4}✓ shutdown\(\) \d+(?:\.\d)? m?s/,
  );
  const m = new RegExp(
    `✗ unhealthy floe\\.orchestrators:slow-startup .*startup\\(\\) timed out after ${secs} s; the process was killed\\n {4}✗ startup\\(\\) (\\d+\\.\\d) s {2}timed out after ${secs} s`,
  ).exec(text);
  assert.ok(m, text);
  const ran = Number(m[1]) * 1000;
  assert.ok(ran >= secs * 1000 - 50 && ran < secs * 1000 + killMargin(), `startup() ran ${ran} ms`);
});

test('usage errors and a bad interpreter exit 2 with a message', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[WORKSPACE, '--timeout', 'soon'], /--timeout must be a positive number of seconds \(got 'soon'\)/],
    [[WORKSPACE, '--format', 'sarif'], /--format must be text or json/],
    [[WORKSPACE, '--bogus'], /unknown option --bogus/],
    [[WORKSPACE, '--plugin', 'floe.computes:nope'], /no plugin matches 'floe.computes:nope'/],
    [[WORKSPACE, '--python', '/nonexistent/python'], /no usable Python: \/nonexistent\/python does not exist/],
    [[path.join(WORKSPACE, 'missing-dir')], /is not a folder/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err.join('\n'), re);
  }
});

test('a plugin not imported for want of a module: the environment line above the counts, and `environment` in JSON', async () => {
  const args = [WORKSPACE, '--plugin', 'floe.computes:missing-import', '--plugin', 'floe.computes:healthy'];
  const text = await run(args);
  assert.equal(text.code, 1, text.err.join('\n'));
  assert.match(text.out.at(-2)!, /^missing-import could not be imported: floe_nonexistent_sdk is missing in \/\S+$/);
  assert.equal(text.out.at(-1), '1 healthy, 0 degraded, 1 unhealthy');
  const json = JSON.parse((await run([...args, '--format', 'json'])).out[0]);
  const x = json.results.find((r: { entryPoint: string }) => r.entryPoint === 'missing-import');
  assert.deepEqual([x.failure, x.missingModule, x.importedBy], ['import', 'floe_nonexistent_sdk', 'floe_fx.missing_import']);
  assert.equal(json.environment.length, 1);
  assert.deepEqual(json.environment[0].modules, [{ module: 'floe_nonexistent_sdk', plugins: ['missing-import'], importedBy: ['floe_fx.missing_import'] }]);
  assert.equal(json.results.find((r: { entryPoint: string }) => r.entryPoint === 'healthy').failure, undefined);
});
