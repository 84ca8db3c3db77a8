// Registering a new package in the root pyproject.toml (scaffold/registration.ts): only where the root
// already registers its packages, in the layout each list or table has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerPackage, type Registration } from '../../../server/src/engine/scaffold/registration';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';

const SIBLINGS = [{ distribution: 'floe-compute-duckdb', dir: 'plugins/floe-compute-duckdb' }];

function reg(text: string, over: Partial<Registration> = {}): { text: string; registered: string[] } {
  const r = registerPackage({
    file: '/ws/pyproject.toml',
    text,
    distribution: 'floe-compute-spark',
    dir: 'plugins/floe-compute-spark',
    importRoot: 'plugins/floe-compute-spark/src',
    siblings: SIBLINGS,
    ...over,
  });
  const li = new LineIndex(text);
  let out = text;
  for (const e of [...r.edits].sort((a, b) => li.offset(b.range.start) - li.offset(a.range.start))) {
    assert.deepEqual(e.range.start, e.range.end, 'insertions only');
    const at = li.offset(e.range.start);
    out = out.slice(0, at) + e.newText + out.slice(at);
  }
  return { text: out, registered: r.registered };
}

test('inline lists stay inline; a trailing comma and a comment on the last line are kept', () => {
  const r = reg(
    [
      '[project]',
      'dependencies = ["floe-compute-duckdb>=0.1", "pytest"]',
      '',
      '[tool.uv.workspace]',
      'members = [',
      '  "plugins/floe-compute-duckdb",  # the first plugin',
      ']',
      '',
      '[tool.uv.sources]',
      'floe-compute-duckdb = { workspace = true }',
      '',
      '[tool.pytest.ini_options]',
      'pythonpath = ["plugins/floe-compute-duckdb/src"]',
      '',
    ].join('\n'),
  );
  assert.equal(
    r.text,
    [
      '[project]',
      'dependencies = ["floe-compute-duckdb>=0.1", "pytest", "floe-compute-spark"]',
      '',
      '[tool.uv.workspace]',
      'members = [',
      '  "plugins/floe-compute-duckdb",  # the first plugin',
      '  "plugins/floe-compute-spark",',
      ']',
      '',
      '[tool.uv.sources]',
      'floe-compute-duckdb = { workspace = true }',
      'floe-compute-spark = { workspace = true }',
      '',
      '[tool.pytest.ini_options]',
      'pythonpath = ["plugins/floe-compute-duckdb/src", "plugins/floe-compute-spark/src"]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(r.registered, ['[tool.uv.workspace] members', '[tool.uv.sources]', '[project] dependencies', '[tool.pytest.ini_options] pythonpath']);
});

test('nothing the root does not already do: a glob covers the member; dependencies without plugins, no sources, no pyproject of the workspace itself', () => {
  const text = ['[project]', 'name = "app"', 'dependencies = ["requests"]', '', '[tool.uv.workspace]', 'members = ["packages/*", "plugins/*"]', ''].join('\n');
  assert.deepEqual(reg(text), { text, registered: [] });
  // An empty members list is the root's choice to list them: the new one goes in.
  assert.equal(reg('[tool.uv.workspace]\nmembers = []\n').text, '[tool.uv.workspace]\nmembers = ["plugins/floe-compute-spark"]\n');
  // Already there (a second scaffold after an undo of the files only): not twice.
  const twice = '[tool.uv.sources]\nfloe-compute-spark = { path = "plugins/floe-compute-spark" }\n';
  assert.deepEqual(reg(twice), { text: twice, registered: [] });
  // Sources given by path copy their shape (editable or not).
  assert.equal(
    reg('[tool.uv.sources]\nfloe-compute-duckdb = { path = "plugins/floe-compute-duckdb" }\n').text,
    '[tool.uv.sources]\nfloe-compute-duckdb = { path = "plugins/floe-compute-duckdb" }\nfloe-compute-spark = { path = "plugins/floe-compute-spark" }\n',
  );
  // A root that does not parse is left alone.
  assert.deepEqual(reg('[tool.uv.workspace\nmembers = [').registered, []);
});
