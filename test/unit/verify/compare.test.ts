// The comparison rules over a real static analysis (in memory) and platform answers written down:
// API-version verdicts, the entry point the platform loads, properties that raise, config models,
// dependency resolution, plugins only the platform knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import type { AnalysisResult, Range } from '../../../server/src/engine/model';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { comparePlatform } from '../../../server/src/engine/verify/compare';
import type { PlatformRun, RuntimePlugin, RuntimeValue } from '../../../server/src/engine/verify/types';
import { FIXTURE_CORE, pluginBody, pluginPackage, treeOf } from '../engine/floeFixture';

const CORE_FILES = treeOf(path.dirname(path.dirname(FIXTURE_CORE)), '/ws/packages/floe-core');
const CORE = 'floe-core 0.3.0 at /venv/floe_core';
const COMPUTE = 'from floe_core.plugins.compute import ComputePlugin';
const IMPL = '\n    def generate_dbt_profile(self, *args):\n        return {}\n\n    def validate_connection(self, *args):\n        return True\n';

function analyze(files: Record<string, string>): { r: AnalysisResult; files: Record<string, string> } {
  const all = { ...CORE_FILES, ...files };
  return { r: new FloeWorkspace('/ws', {}, new MemoryFileSystem(all)).analyze(), files: all };
}

function at(text: string, needle: string, nth = 0): Range {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `'${needle}' #${nth}`);
  }
  return new LineIndex(text).range(i, i + needle.length);
}

const str = (value: string): RuntimeValue => ({ value, type: 'str' });

function loaded(
  group: string,
  name: string,
  fields: Partial<Record<'name' | 'version' | 'floe_api_version' | 'description' | 'dependencies', RuntimeValue>>,
  extra: Partial<RuntimePlugin> = {},
): RuntimePlugin {
  return {
    group,
    name,
    key: `${group}:${name}`,
    discovered: true,
    loaded: true,
    entryPoint: `floe_${name}.plugin:Plugin`,
    fields: {
      name: str(name),
      version: str('0.1.0'),
      floe_api_version: str('1.0'),
      description: str(''),
      dependencies: { value: [], type: 'list' },
      ...fields,
    },
    configSchema: { none: true },
    ...extra,
  };
}

function platform(plugins: RuntimePlugin[], extra: Partial<PlatformRun> = {}): PlatformRun {
  return {
    python: '/venv/bin/python',
    floeCore: { path: '/venv/floe_core', version: '0.3.0', apiVersion: '1.0', python: '/venv/bin/python' },
    plugins: new Map(plugins.map((p) => [p.key, p])),
    discovered: {},
    missing: [],
    durationMs: 1,
    processes: 1,
    ...extra,
  };
}

const full = (r: ReturnType<typeof comparePlatform>) => r.diagnostics.map((d) => [d.file, d.range, d.severity, d.code, d.message]);
const compare = (r: AnalysisResult, run: PlatformRun, fullRun = false) => comparePlatform(r, run, { full: fullRun, staticSchema: () => undefined });

test('API versions: an incompatibility both sides see is verified; one only the platform sees is a disagreement on compatibility', () => {
  const { r } = analyze({
    ...pluginPackage('/ws/plugins', 'future', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'future', IMPL, '2.0')),
    ...pluginPackage('/ws/plugins', 'now', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'now', IMPL, '1.1')),
  });
  const incompatible = (name: string, required: string, provided = '1.0'): RuntimePlugin => ({
    group: 'floe.computes',
    name,
    key: `floe.computes:${name}`,
    discovered: true,
    loaded: false,
    entryPoint: `floe_${name}.plugin:Plugin`,
    incompatible: { message: `Plugin '${name}' requires API v${required}, but platform provides v${provided}`, required, platform: provided },
  });
  // The platform's floe-core says 1.0; the static side read the workspace's, which says 1.0 too:
  // `now` (1.1) is incompatible for both, `future` (2.0) as well.
  const out = compare(r, platform([incompatible('future', '2.0'), incompatible('now', '1.1')]));
  assert.deepEqual(
    out.plugins.map((v) => [v.entryPoint, v.verdict, v.runtime?.compatible]),
    [
      ['future', 'verified', false],
      ['now', 'verified', false],
    ],
  );
  assert.deepEqual(out.diagnostics, []);
  // A platform whose floe-core is older than the workspace's: `now` loads statically... and is refused at run time.
  const { r: r2, files: f2 } = analyze(pluginPackage('/ws/plugins', 'now', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'now', IMPL, '1.0')));
  const out2 = compare(r2, platform([incompatible('now', '1.0', '0.9')]));
  const file = '/ws/plugins/now/src/floe_now/plugin.py';
  assert.deepEqual(full(out2), [
    [
      file,
      at(f2[file], '"1.0"'),
      'warning',
      'platform-disagrees',
      `Platform disagrees on compatibility: static compatible, runtime incompatible ("Plugin 'now' requires API v1.0, but platform provides v0.9") (${CORE}).`,
    ],
  ]);
  assert.equal(out2.plugins[0].verdict, 'disagrees');
});

test('the entry point the platform loads for the name, properties that raise, a config model only the platform has', () => {
  const body = pluginBody(COMPUTE, 'ComputePlugin', 'dup', IMPL);
  const { r, files } = analyze(pluginPackage('/ws/plugins', 'dup', 'floe.computes', body));
  const rt = loaded(
    'floe.computes',
    'dup',
    { version: { error: 'raised RuntimeError: no version file' } },
    {
      entryPoint: 'floe_other.plugin:Other',
      configSchema: { model: 'OtherConfig', schema: { type: 'object' } },
    },
  );
  const out = compare(r, platform([rt]));
  const toml = '/ws/plugins/dup/pyproject.toml';
  const py = '/ws/plugins/dup/src/floe_dup/plugin.py';
  assert.deepEqual(full(out), [
    [
      toml,
      at(files[toml], 'floe_dup.plugin:Plugin'),
      'warning',
      'platform-disagrees',
      `Platform disagrees on entry point: static "floe_dup.plugin:Plugin", runtime "floe_other.plugin:Other" (${CORE}).`,
    ],
    [
      py,
      at(files[py], '"0.1.0"'),
      'warning',
      'platform-disagrees',
      `Platform disagrees on version: static "0.1.0", runtime raised RuntimeError: no version file (${CORE}).`,
    ],
    [py, at(files[py], 'Plugin', 1), 'warning', 'platform-disagrees', `Platform disagrees on config schema: static none, runtime OtherConfig (${CORE}).`],
  ]);
  assert.deepEqual(
    out.plugins[0].disagreements.map((d) => d.field),
    ['entry point', 'version', 'config schema'],
  );
});

test('a value of another type is shown with its Python type', () => {
  const { r } = analyze(pluginPackage('/ws/plugins', 'typed', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'typed', IMPL)));
  const out = compare(r, platform([loaded('floe.computes', 'typed', { version: { value: 1.5, type: 'float' } })]));
  assert.match(out.diagnostics[0].message, /^Platform disagrees on version: static "0\.1\.0", runtime 1\.5 \(float\) /);
});

test('dependency resolution: a cycle only the static side has; the same missing dependency on both sides agrees', () => {
  const dep = (deps: string) => `${IMPL}    dependencies = [${deps}]\n`;
  const { r, files } = analyze({
    ...pluginPackage('/ws/plugins', 'a', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'a', dep('"b"'))),
    ...pluginPackage('/ws/plugins', 'b', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'b', dep('"a"'))),
  });
  const listed = (xs: string[]): RuntimeValue => ({ value: xs, type: 'list' });
  const run = platform([loaded('floe.computes', 'a', { dependencies: listed(['b']) }), loaded('floe.computes', 'b', { dependencies: listed([]) })], {
    dependencies: { order: ['b', 'a'], error: null },
  });
  const out = compare(r, run, true);
  const pa = '/ws/plugins/a/src/floe_a/plugin.py';
  const pb = '/ws/plugins/b/src/floe_b/plugin.py';
  assert.deepEqual(full(out), [
    [pb, at(files[pb], '["a"]'), 'warning', 'platform-disagrees', `Platform disagrees on dependencies: static ["a"], runtime [] (${CORE}).`],
    [
      pa,
      at(files[pa], '["b"]'),
      'warning',
      'platform-disagrees',
      `Platform disagrees on dependency resolution: static "Circular dependency: a -> b -> a", runtime resolves (${CORE}).`,
    ],
    [
      pb,
      at(files[pb], '["a"]'),
      'warning',
      'platform-disagrees',
      `Platform disagrees on dependency resolution: static "Circular dependency: a -> b -> a", runtime resolves (${CORE}).`,
    ],
  ]);

  const { r: r2 } = analyze(pluginPackage('/ws/plugins', 'a', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'a', dep('"gone"'))));
  const run2 = platform([loaded('floe.computes', 'a', { dependencies: listed(['gone']) })], {
    dependencies: {
      order: null,
      error: { type: 'MissingDependencyError', message: "Plugin 'a' has missing dependencies: gone", plugin: 'a', missing: ['gone'] },
    },
  });
  const out2 = compare(r2, run2, true);
  assert.deepEqual(out2.diagnostics, []);
  assert.equal(out2.plugins[0].verdict, 'verified');
});

test('plugins only the platform discovered are listed; a plugin it never reported has no verdict', () => {
  const { r } = analyze(pluginPackage('/ws/plugins', 'mine', 'floe.computes', pluginBody(COMPUTE, 'ComputePlugin', 'mine', IMPL)));
  const extra: RuntimePlugin = {
    group: 'floe.catalogs',
    name: 'theirs',
    key: 'floe.catalogs:theirs',
    discovered: true,
    loaded: false,
    entryPoint: 'x.y:Z',
    error: { type: 'ImportError', message: 'nope', traceback: [] },
  };
  const out = compare(r, platform([extra]));
  assert.deepEqual(out.plugins, []);
  assert.deepEqual(out.runtimeOnly, [{ group: 'floe.catalogs', name: 'theirs', entryPoint: 'x.y:Z', loaded: false, error: 'ImportError: nope' }]);
  const fatal = compare(r, platform([], { fatal: 'floe-core is not installed in /venv/bin/python' }));
  assert.deepEqual([fatal.fatal, fatal.plugins, fatal.diagnostics], ['floe-core is not installed in /venv/bin/python', [], []]);
});
