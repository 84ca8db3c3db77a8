// The example workspace: every diagnostic (code, exact range, message) and every plugin's
// extracted metadata, against reviewed expectations. Also: analysis is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FloeWorkspace } from '../../../server/src/engine/workspace';
import { checkJson } from '../../../server/src/cli/format';

const repo = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
const root = path.join(repo, 'examples', 'workspace');
const expected = (name: string) =>
  fs
    .readFileSync(path.join(repo, 'test', 'unit', 'engine', name), 'utf8')
    .trimEnd()
    .split('\n');

function run() {
  return checkJson(new FloeWorkspace(root).analyze());
}

test('example workspace: every diagnostic, with exact ranges and messages', () => {
  const got = run().diagnostics.map((d) =>
    `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code} ${d.message}`.split(root).join('<root>'),
  );
  assert.deepEqual(got, expected('example.expected.txt'));
  // Every check of the engine shows somewhere in the example.
  const codes = new Set<string>(run().diagnostics.map((d) => d.code));
  for (const c of [
    'unknown-group',
    'invalid-entry-point',
    'unresolved-module',
    'unresolved-class',
    'not-a-plugin-class',
    'missing-abstract-member',
    'dynamic-metadata',
    'invalid-version',
    'invalid-api-version',
    'api-incompatible',
    'duplicate-plugin',
    'name-mismatch',
    'dependency-cycle',
    'missing-dependency',
  ])
    assert.ok(codes.has(c), c);
});

test('example workspace: extracted metadata of every plugin', () => {
  const got = run().plugins.map((p) =>
    [
      p.group,
      p.entryPoint,
      p.name,
      p.version,
      p.floeApiVersion,
      JSON.stringify(p.dependencies),
      p.distribution,
      p.source,
      `${p.file}:${p.line}`,
      p.configSchema ? p.configSchema.className : '-',
      p.compatibility,
      p.state,
    ].join(' '),
  );
  assert.deepEqual(got, expected('example.plugins.expected.txt'));
});

test('two analyses of the same tree give the same result', () => {
  assert.deepEqual(run(), run());
});
