// What is at a position (engine/editor): the plugin on an entry point, on or in a class, by name,
// the string in a `dependencies` list, and the kind of file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKind } from '../../../server/src/engine/editor/fileKind';
import { pluginAtClass, pluginAtDeclaration, pluginByName } from '../../../server/src/engine/editor/plugins';
import { dependencyAt } from '../../../server/src/engine/editor/python';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { FloeWorkspace } from '../../../server/src/engine/workspace';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
const ROOT = path.join(REPO, 'test', 'fixtures', 'lsp', 'basic');
const PYPROJECT = path.join(ROOT, 'packages/floe-duck/pyproject.toml');
const MODULE = path.join(ROOT, 'packages/floe-duck/src/floe_duck/plugin.py');
const MANIFEST = path.join(ROOT, 'platform/manifest.yaml');
const r = new FloeWorkspace(ROOT).analyze();

/** The position of the `nth` character of `needle` in the file. */
function at(file: string, needle: string, nth = 0) {
  const text = fs.readFileSync(file, 'utf8');
  return { text, pos: new LineIndex(text).position(text.indexOf(needle) + nth) };
}

test('the plugin on an entry point: on its name or its value, nothing elsewhere', () => {
  assert.equal(pluginAtDeclaration(r.plugins, PYPROJECT, at(PYPROJECT, 'duck =', 1).pos)?.on, 'name');
  const hit = pluginAtDeclaration(r.plugins, PYPROJECT, at(PYPROJECT, 'floe_duck.plugin:', 3).pos);
  assert.equal(hit?.on, 'value');
  assert.equal(hit?.plugin.entryPoint, 'duck');
  assert.equal(pluginAtDeclaration(r.plugins, PYPROJECT, at(PYPROJECT, '[project]', 1).pos), undefined);
});

test('the plugin on its class name, or anywhere in its class body', () => {
  assert.equal(pluginAtClass(r.plugins, MODULE, at(MODULE, 'DuckPlugin', 2).pos, 'name')?.entryPoint, 'duck');
  assert.equal(pluginAtClass(r.plugins, MODULE, at(MODULE, 'floe_api_version').pos, 'name'), undefined);
  assert.equal(pluginAtClass(r.plugins, MODULE, at(MODULE, 'floe_api_version').pos, 'class')?.entryPoint, 'duck');
  assert.equal(pluginAtClass(r.plugins, MODULE, at(MODULE, 'from floe_core').pos, 'class'), undefined);
});

test('a plugin by the name it registers under; the string under the cursor in a dependencies list', () => {
  assert.equal(pluginByName(r.plugins, 'ice')?.entryPoint, 'ice');
  assert.equal(pluginByName(r.plugins, 'nope'), undefined);
  const { text } = at(MODULE, '');
  const dep = dependencyAt(MODULE, text, text.indexOf('"ice"') + 2);
  assert.equal(dep?.str?.value, 'ice');
  assert.equal(dependencyAt(MODULE, text, text.indexOf('"0.1.0"') + 2), undefined);
});

test('the kind of file: pyproject, entry points, Python, a manifest (known or by its content), anything else', () => {
  assert.equal(fileKind(PYPROJECT, '', r), 'pyproject');
  assert.equal(fileKind('/x/entry_points.txt', '', r), 'entry-points');
  assert.equal(fileKind(MODULE, '', r), 'python');
  assert.equal(fileKind(MANIFEST, '', r), 'manifest');
  assert.equal(fileKind('/x/new.yaml', 'apiVersion: floe.dev/v1\nkind: Manifest\n', r), 'manifest');
  assert.equal(fileKind('/x/other.yaml', 'a: 1\n', r), 'other');
  assert.equal(fileKind('/x/README.md', '', r), 'other');
});

test('the group slot at the very start of a pyproject.toml that begins with an empty line is answered, not thrown', async () => {
  const { groupSlotAt } = await import('../../../server/src/engine/editor/toml');
  for (const text of ['\n[project.entry-points."floe.co"]\n', '\r\n', '\n', '']) {
    assert.doesNotThrow(() => groupSlotAt(text, 0), JSON.stringify(text));
  }
  const text = '\n[project.entry-points."floe.co"]\n';
  assert.ok(groupSlotAt(text, text.indexOf('co"') + 2), 'a group being typed in a header is still found');
});
