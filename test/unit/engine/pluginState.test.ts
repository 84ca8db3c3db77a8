// A plugin's problems and state: one rule (engine/analysis/pluginState.ts) for the state, the
// counts in the plugin summaries and the plugin card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pluginProblems, pluginState, setStates } from '../../../server/src/engine/analysis/pluginState';
import type { Diagnostic, PluginInfo, Range, Severity } from '../../../server/src/engine/model';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import { PLATFORM_WS } from './floeFixture';

const r = (line: number, from = 0, to = 5): Range => ({ start: { line, character: from }, end: { line, character: to } });
const MISSING = { kind: 'missing' } as const;

/** A plugin declared on line `line` of /w/pyproject.toml (group key on line 4), its class on lines 10-20 of /w/m.py. */
function plugin(id: string, line: number, compatibility: PluginInfo['compatibility'] = 'compatible'): PluginInfo {
  return {
    id,
    group: 'floe.computes',
    category: 'compute',
    entryPoint: id,
    target: 'm:C',
    decl: {
      group: 'floe.computes',
      name: id,
      value: 'm:C',
      file: '/w/pyproject.toml',
      nameRange: r(line, 0, 4),
      valueRange: r(line, 8, 11),
      groupRange: r(4, 1, 30),
      distribution: 'floe-x',
      source: 'workspace',
      importRoots: ['/w'],
    },
    cls: { name: 'C', file: '/w/m.py', range: { start: { line: 10, character: 0 }, end: { line: 20, character: 0 } }, nameRange: r(10, 6, 7) },
    name: MISSING,
    version: MISSING,
    floeApiVersion: MISSING,
    description: MISSING,
    dependencies: MISSING,
    bases: [],
    missingAbstract: [],
    compatibility,
    state: 'ok',
  };
}

function diag(file: string, range: Range, severity: Severity, pluginId?: string): Diagnostic {
  return { file, range, severity, code: 'python-syntax', message: 'm', ...(pluginId ? { pluginId } : {}) };
}

test("a diagnostic given to a plugin is that plugin's wherever it is; one given to none, where it lies", () => {
  const a = plugin('a', 5);
  const b = plugin('b', 6);
  b.cls = { ...b.cls!, file: '/w/other.py' };
  const problems = pluginProblems(
    [a, b],
    [
      diag('/w/helpers.py', r(1), 'error', 'a'), // a's, in a file that is neither its declaration nor its class
      diag('/w/pyproject.toml', r(5), 'warning', 'b'), // b's, although on a's declaration line
      diag('/w/pyproject.toml', r(5), 'warning'), // nobody's: on a's declaration line
      diag('/w/pyproject.toml', r(4, 1, 30), 'error'), // nobody's: on the group key of both
      diag('/w/m.py', r(15), 'error'), // nobody's: in a's class body
      diag('/w/m.py', r(25), 'error'), // nobody's: after a's class
      diag('/w/m.py', r(12), 'information'), // not counted
    ],
  );
  assert.deepEqual(problems.get('a'), { errors: 3, warnings: 1 });
  assert.deepEqual(problems.get('b'), { errors: 1, warnings: 1 });
});

test('the state is the worst problem; with none, error when unimportable or incompatible, else ok', () => {
  const p = plugin('p', 5);
  assert.equal(pluginState(p, { errors: 0, warnings: 0 }), 'ok');
  assert.equal(pluginState(p, { errors: 0, warnings: 2 }), 'warning');
  assert.equal(pluginState(p, { errors: 1, warnings: 2 }), 'error');
  assert.equal(pluginState(p, { errors: 0, warnings: 0 }, true), 'error');
  assert.equal(pluginState(plugin('q', 5, 'incompatible'), { errors: 0, warnings: 0 }), 'error');
  assert.equal(pluginState(plugin('q', 5, 'incompatible'), { errors: 0, warnings: 1 }), 'warning');
});

test('setStates sets each state from the same counts it returns', () => {
  const [a, b, c] = [plugin('a', 5), plugin('b', 6), plugin('c', 7)];
  b.cls = undefined;
  c.cls = undefined;
  const counts = setStates([a, b, c], [diag('/w/m.py', r(11), 'warning'), diag('/w/x.py', r(0), 'error', 'b')], new Map([['c', ['SyntaxError']]]));
  assert.deepEqual([a.state, b.state, c.state], ['warning', 'error', 'error']);
  assert.deepEqual(Object.fromEntries(counts), { a: { errors: 0, warnings: 1 }, b: { errors: 1, warnings: 0 } });
});

test("an analysis's problems are the counts its plugins' states come from", () => {
  const r = new FloeWorkspace(PLATFORM_WS).analyze();
  assert.ok(r.plugins.length > 3);
  assert.ok(
    [...r.problems.values()].some((c) => c.errors + c.warnings > 0),
    'the fixture has plugins with problems',
  );
  for (const p of r.plugins) {
    const c = r.problems.get(p.id) ?? { errors: 0, warnings: 0 };
    if (c.errors) assert.equal(p.state, 'error', p.id);
    else if (c.warnings) assert.equal(p.state, 'warning', p.id);
    const mine = r.diagnostics.filter((d) => d.pluginId === p.id && (d.severity === 'error' || d.severity === 'warning'));
    assert.ok(c.errors + c.warnings >= mine.length, `${p.id}: every diagnostic given to it counts`);
  }
});
