// floe-plugins verify against a fixture floe-core with the real registry's public names, its plugins
// "installed" in a throwaway virtualenv: every injected disagreement is one exact diagnostic, a clean
// workspace is verified, and a floe-core that cannot be imported is one clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyCommand } from '../../server/src/cli/verify';
import { ALL_DISAGREEING, CLEAN, makeWorkspace, rangeOf, type VerifyWorkspace } from './helpers';

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out, err };
}

let disagreeing: VerifyWorkspace | undefined;
/** Every injected disagreement; floe-lineage-local is declared but not installed. */
function disagreeingWorkspace(): VerifyWorkspace {
  disagreeing ??= makeWorkspace({ plugins: ALL_DISAGREEING, installed: ALL_DISAGREEING.filter((p) => p !== 'floe-lineage-local') });
  return disagreeing;
}

interface JsonDiag {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** A diagnostic as `--format json` prints it, from a 0-based range. */
function expected(w: VerifyWorkspace, rel: string, needle: string, severity: string, code: string, message: string, occurrence = 1): JsonDiag {
  const r = rangeOf(path.join(w.root, rel), needle, occurrence);
  return { file: rel, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1, severity, code, message };
}

test('each injected disagreement is one diagnostic with its code, exact range and message; exit 1', async () => {
  const w = disagreeingWorkspace();
  const r = await run([w.root, '--python', w.venv.python, '--format', 'json']);
  assert.equal(r.code, 1, r.err.join('\n'));
  const j = JSON.parse(r.out[0]);
  const core = `floe-core 0.3.0 at ${path.join(w.root, 'packages/floe-core/src/floe_core')}`;
  assert.deepEqual(j.floeCoreRan, { path: path.join(w.root, 'packages/floe-core/src/floe_core'), version: '0.3.0', apiVersion: '1.0' });
  assert.deepEqual(j.diagnostics, [
    expected(
      w,
      'plugins/floe-catalog-dyn/src/floe_catalog_dyn/plugin.py',
      'installed_version("floe-catalog-dyn")',
      'information',
      'platform-disagrees',
      `Platform disagrees on version: static unknown (computed by a call (\`installed_version("floe-catalog-dyn")\`)), runtime "0.4.1" (${core}).`,
    ),
    expected(
      w,
      'plugins/floe-catalog-dyn/src/floe_catalog_dyn/plugin.py',
      '"Catalog as written"',
      'warning',
      'platform-disagrees',
      `Platform disagrees on description: static "Catalog as written", runtime "Catalog patched at import" (${core}).`,
    ),
    expected(
      w,
      'plugins/floe-compute-broken/pyproject.toml',
      'floe_compute_broken.plugin:BrokenPlugin',
      'error',
      'not-loadable',
      `The platform cannot load this plugin: ModuleNotFoundError: No module named 'floe_native_driver' (${core}).`,
    ),
    expected(
      w,
      'plugins/floe-lineage-local/pyproject.toml',
      'local',
      'warning',
      'platform-disagrees',
      `Not discovered by the platform: the distribution floe-lineage-local is not installed in ${w.venv.python} (${core}).`,
      2,
    ),
    expected(
      w,
      'plugins/floe-network-security-k8s/pyproject.toml',
      'floe_network_security_k8s.plugin:K8sNetworkSecurityPlugin',
      'error',
      'not-loadable',
      `The platform cannot load this plugin: TypeError: K8sNetworkSecurityPlugin.__init__() missing 1 required positional argument: 'config' (${core}).`,
    ),
    expected(
      w,
      'plugins/floe-storage-cfg/src/floe_storage_cfg/config.py',
      'CfgConfig',
      'warning',
      'platform-disagrees',
      `Platform disagrees on the config schema of CfgConfig at properties.threads.maximum: static none, runtime 64 (${core}).`,
    ),
  ]);
});

test('json: per-plugin verdicts with the runtime values, and the platform exception trimmed to the plugin frames', async () => {
  const w = disagreeingWorkspace();
  const j = JSON.parse((await run([w.root, '--python', w.venv.python, '--format', 'json'])).out[0]);
  const byName = new Map<string, Record<string, any>>(j.plugins.map((p: Record<string, any>) => [`${p.group}:${p.entryPoint}`, p]));
  assert.deepEqual(
    [...byName].map(([k, p]) => [k, p.verdict]),
    [
      ['floe.catalogs:dyn', 'disagrees'],
      ['floe.computes:broken', 'not-loadable'],
      ['floe.computes:good', 'verified'],
      ['floe.lineage_backends:local', 'not-discovered'],
      ['floe.network_security:k8s', 'not-loadable'],
      ['floe.storage:cfg', 'disagrees'],
    ],
  );
  // The static fields of `check --format json` are all there.
  for (const k of ['group', 'entryPoint', 'target', 'name', 'version', 'file', 'line', 'compatibility', 'declaration'])
    assert.ok(k in byName.get('floe.computes:good')!, k);
  assert.deepEqual(byName.get('floe.computes:good')!.runtime, {
    entryPoint: 'floe_compute_good.plugin:GoodPlugin',
    name: 'good',
    version: '0.1.0',
    floeApiVersion: '1.0',
    description: 'Good compute',
    dependencies: [],
    compatible: true,
    configModel: 'GoodConfig',
    className: 'floe_compute_good.plugin.GoodPlugin',
  });
  assert.deepEqual(
    byName.get('floe.catalogs:dyn')!.disagreements.map((d: { field: string }) => d.field),
    ['version', 'description'],
  );
  assert.deepEqual(byName.get('floe.computes:broken')!.error, {
    type: 'ModuleNotFoundError',
    message: "No module named 'floe_native_driver'",
    traceback: [
      { file: 'plugins/floe-compute-broken/src/floe_compute_broken/plugin.py', line: 3, function: '<module>' },
      { file: 'plugins/floe-compute-broken/src/floe_compute_broken/driver.py', line: 1, function: '<module>' },
    ],
  });
  assert.equal(byName.get('floe.lineage_backends:local')!.reason, `the distribution floe-lineage-local is not installed in ${w.venv.python}`);
  assert.deepEqual(j.dependencies, { order: ['cfg', 'dyn', 'good'], error: null });
  assert.deepEqual(j.runtimeOnly, []);
  assert.ok(j.startupMs > 0 && j.durationMs >= j.startupMs, `${j.startupMs} / ${j.durationMs}`);
});

test('text: one line per plugin, the diagnostics of those that disagree, the frames of those that cannot load, a summary', async () => {
  const w = disagreeingWorkspace();
  const r = await run([w.root, '--python', w.venv.python]);
  assert.equal(r.code, 1);
  assert.match(r.out[0], /^python: \S+\/venv\/bin\/python \(3\.\d+\.\d+\)$/);
  assert.equal(r.out[1], `floe-core 0.3.0 at ${path.join(w.root, 'packages/floe-core/src/floe_core')} (API 1.0)`);
  const text = r.out.join('\n');
  assert.match(
    text,
    /\n✗ disagrees {6}floe\.catalogs:dyn\n {4}plugins\/floe-catalog-dyn\/src\/floe_catalog_dyn\/plugin\.py:12:16 information platform-disagrees Platform disagrees on version: /,
  );
  assert.match(
    text,
    /\n✗ not-loadable {3}floe\.computes:broken {2}ModuleNotFoundError: No module named 'floe_native_driver'\n {4}at plugins\/floe-compute-broken\/src\/floe_compute_broken\/plugin\.py:3 in <module>\n {4}at plugins\/floe-compute-broken\/src\/floe_compute_broken\/driver\.py:1 in <module>\n/,
  );
  assert.match(text, /\n✓ verified {7}floe\.computes:good\n/);
  assert.match(text, /\n\? not-discovered floe\.lineage_backends:local {2}the distribution floe-lineage-local is not installed in /);
  assert.match(text, /\n✗ not-loadable {3}floe\.network_security:k8s \(k8s-network-security\) {2}TypeError: /);
  assert.match(r.out.at(-1)!, /^6 plugins: 1 verified, 2 disagree, 2 not loadable, 1 not discovered \(start-up \d+ ms, [\d.]+ m?s\)$/);
});

test('sarif: the verification diagnostics as check writes them', async () => {
  const w = disagreeingWorkspace();
  const r = await run([w.root, '--python', w.venv.python, '--format', 'sarif']);
  const s = JSON.parse(r.out[0]);
  assert.equal(s.version, '2.1.0');
  assert.deepEqual(
    s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id),
    ['not-loadable', 'platform-disagrees'],
  );
  assert.deepEqual(
    s.runs[0].results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]),
    [
      ['platform-disagrees', 'note'],
      ['platform-disagrees', 'warning'],
      ['not-loadable', 'error'],
      ['platform-disagrees', 'warning'],
      ['not-loadable', 'error'],
      ['platform-disagrees', 'warning'],
    ],
  );
  assert.equal(s.runs[0].results[5].locations[0].physicalLocation.artifactLocation.uri, 'plugins/floe-storage-cfg/src/floe_storage_cfg/config.py');
});

test('--plugin: only that plugin is loaded and compared (no dependency resolution)', async () => {
  const w = disagreeingWorkspace();
  const r = await run([w.root, '--python', w.venv.python, '--plugin', 'compute:good', '--format', 'json']);
  assert.equal(r.code, 0, r.err.join('\n'));
  const j = JSON.parse(r.out[0]);
  assert.deepEqual(
    j.plugins.map((p: { entryPoint: string; verdict: string }) => [p.entryPoint, p.verdict]),
    [['good', 'verified']],
  );
  assert.deepEqual(j.diagnostics, []);
  assert.equal(j.dependencies, null);
});

test('a clean workspace: every plugin verified, dependency order included; exit 0', async () => {
  const w = makeWorkspace({ plugins: CLEAN });
  const r = await run([w.root, '--python', w.venv.python, '--format', 'json']);
  assert.equal(r.code, 0, r.err.join('\n') + r.out.join('\n'));
  const j = JSON.parse(r.out[0]);
  assert.deepEqual(
    j.plugins.map((p: { group: string; entryPoint: string; verdict: string }) => [p.group, p.entryPoint, p.verdict]),
    [
      ['floe.catalogs', 'ok', 'verified'],
      ['floe.computes', 'good', 'verified'],
      ['floe.network_security', 'calico', 'verified'],
    ],
  );
  assert.deepEqual(j.diagnostics, []);
  assert.deepEqual(j.notes, []);
  assert.deepEqual(j.dependencies, { order: ['good', 'ok'], error: null });
  const text = await run([w.root, '--python', w.venv.python]);
  assert.match(text.out.at(-1)!, /^3 plugins: 3 verified, 0 disagree, 0 not loadable, 0 not discovered /);
});

test('an install older than its pyproject: not discovered, with why', async () => {
  const w = makeWorkspace({
    plugins: ['floe-compute-good'],
    staleInstall: { 'floe-compute-good': [{ group: 'floe.computes', name: 'good-old', value: 'floe_compute_good.plugin:GoodPlugin' }] },
  });
  const j = JSON.parse((await run([w.root, '--python', w.venv.python, '--format', 'json'])).out[0]);
  const good = j.plugins.find((p: { entryPoint: string }) => p.entryPoint === 'good');
  assert.equal(good.verdict, 'not-discovered');
  assert.equal(
    good.reason,
    `floe-compute-good 0.1.0 is installed in ${w.venv.python}, but its installed metadata has no entry point 'good' in 'floe.computes' (reinstall it: the declaration changed since)`,
  );
  // What the platform found instead is listed, loaded like the others.
  assert.deepEqual(j.runtimeOnly, [{ group: 'floe.computes', name: 'good-old', entryPoint: 'floe_compute_good.plugin:GoodPlugin', loaded: true }]);
});

test('floe-core that cannot be imported: one message naming the interpreter and the missing module; exit 2', async () => {
  const w = makeWorkspace({
    plugins: ['floe-compute-good'],
    editFloeCore: (dir) => fs.writeFileSync(path.join(dir, '__init__.py'), `import structlog\n${fs.readFileSync(path.join(dir, '__init__.py'), 'utf8')}`),
  });
  const r = await run([w.root, '--python', w.venv.python]);
  assert.equal(r.code, 2);
  assert.deepEqual(r.out, []);
  assert.deepEqual(r.err, [
    `floe-plugins verify: floe-core cannot be imported in ${w.venv.python}: the module 'structlog' it needs is missing (No module named 'structlog'); ` +
      'select another interpreter (Python: Select Interpreter, floePlugins.python.interpreter, or --python) where floe-core and its dependencies are installed',
  ]);
  const none = makeWorkspace({ plugins: ['floe-compute-good'], floeCore: false });
  const r2 = await run([none.root, '--python', none.venv.python]);
  assert.equal(r2.code, 2);
  assert.deepEqual(r2.err, [
    `floe-plugins verify: floe-core is not installed in ${none.venv.python} (No module named 'floe_core'); ` +
      'select another interpreter (Python: Select Interpreter, floePlugins.python.interpreter, or --python) that has floe-core installed',
  ]);
});

test('an older floe-core without get_registry() or the network-security loader: said once, the rest still compared', async () => {
  const w = makeWorkspace({
    plugins: ['floe-compute-good', 'floe-network-security-calico'],
    editFloeCore: (dir) => {
      const reg = path.join(dir, 'plugin_registry.py');
      fs.writeFileSync(reg, fs.readFileSync(reg, 'utf8').replace('def get_registry()', 'def _old_get_registry()'));
      const init = path.join(dir, '__init__.py');
      fs.writeFileSync(init, fs.readFileSync(init, 'utf8').replace('PluginRegistry, get_registry', 'PluginRegistry').replace('"get_registry", ', ''));
      const gen = path.join(dir, 'network', 'generator.py');
      fs.writeFileSync(gen, fs.readFileSync(gen, 'utf8').replaceAll('discover_network_security_plugins', 'find_network_plugins'));
    },
  });
  const j = JSON.parse((await run([w.root, '--python', w.venv.python, '--format', 'json'])).out[0]);
  const core = `floe-core 0.3.0 at ${path.join(w.root, 'packages/floe-core/src/floe_core')}`;
  assert.deepEqual(j.notes, [
    `${core} has no floe_core.network.generator.discover_network_security_plugins(): it loads no floe.network_security plugins`,
    `${core} has no get_registry(): discovery ran as PluginRegistry().discover_all()`,
  ]);
  assert.deepEqual(
    j.plugins.map((p: { entryPoint: string; verdict: string }) => [p.entryPoint, p.verdict]),
    [
      ['good', 'verified'],
      ['calico', 'not-discovered'],
    ],
  );
  assert.equal(j.plugins[1].reason, 'this floe-core has no floe_core.network.generator.discover_network_security_plugins()');
});

test('usage errors exit 2 with a message', async () => {
  const w = disagreeingWorkspace();
  const cases: Array<[string[], RegExp]> = [
    [[w.root, '--format', 'gitlab'], /--format must be text, json or sarif/],
    [[w.root, '--timeout', '0'], /--timeout must be a positive number of seconds \(got '0'\)/],
    [[w.root, '--lifecycle'], /unknown option --lifecycle/],
    [[w.root, '--python', w.venv.python, '--plugin', 'compute:nope'], /no plugin matches 'compute:nope'/],
    [[w.root, '--python', '/nonexistent/python'], /no usable Python: \/nonexistent\/python does not exist/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err.join('\n'), re);
  }
});
