// Diagnostic codes are stable and documented: every member of DiagnosticCode (engine/model.ts)
// appears in the README's "What it checks" table, and the table names no code that does not exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_ALIASES } from '../../../server/src/engine/model';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');

function codesInModel(): string[] {
  const src = fs.readFileSync(path.join(REPO, 'server/src/engine/model.ts'), 'utf8');
  const union = /export type DiagnosticCode =([^;]*);/.exec(src);
  assert.ok(union, 'DiagnosticCode is declared in engine/model.ts');
  return [...union[1].matchAll(/\|\s*'([a-z0-9-]+)'/g)].map((m) => m[1]);
}

function codesInReadme(): string[] {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = /## What it checks\n([\s\S]*?)\n## /.exec(readme);
  assert.ok(section, 'the README has a "What it checks" section');
  const rows = section[1].split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
}

test('every diagnostic code is documented in the README, and only those (former names beside their code)', () => {
  const model = codesInModel();
  const readme = codesInReadme();
  const aliases = Object.values(CODE_ALIASES).flatMap((a) => [...(a ?? [])]);
  assert.ok(model.length >= 20, `found ${model.length} codes`);
  assert.deepEqual(
    model.filter((c) => !readme.includes(c)),
    [],
    'codes missing from the README table',
  );
  assert.deepEqual(
    aliases.filter((c) => !readme.includes(c)),
    [],
    'former names missing from the README table',
  );
  assert.deepEqual(
    readme.filter((c) => !model.includes(c) && !aliases.includes(c)),
    [],
    'README rows naming codes that do not exist',
  );
  assert.deepEqual(
    aliases.filter((c) => model.includes(c)),
    [],
    'a former name is not a code of its own',
  );
});
