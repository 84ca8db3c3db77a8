// The CI report formats validate against their schemas (test/lib/reportSchemas.ts), on the example
// workspace, which has every problem kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { gitlabValidator, sarifValidator } from '../../lib/reportSchemas';

const repo = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
const example = path.join(repo, 'examples', 'workspace');

function report(format: string): unknown {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'floe-plugins.js'), 'check', example, '--format', format], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  return JSON.parse(r.stdout);
}

test('check --format sarif validates against the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  const sarif = report('sarif') as { runs: Array<{ results: unknown[] }> };
  assert.equal(validate(sarif), undefined);
  assert.ok(sarif.runs[0].results.length > 10);
  // A renamed code's former name stays findable: SARIF's deprecatedIds, JSON's aliases.
  const rules = (sarif as unknown as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; deprecatedIds?: string[] }> } } }> }).runs[0].tool.driver
    .rules;
  assert.deepEqual(rules.find((r) => r.id === 'missing-abstract-member')?.deprecatedIds, ['missing-metadata']);
  const json = report('json') as { diagnostics: Array<{ code: string; aliases?: string[] }> };
  assert.deepEqual(
    json.diagnostics.filter((d) => d.aliases).map((d) => [d.code, d.aliases]),
    [['missing-abstract-member', ['missing-metadata']]],
  );
  assert.notEqual(validate({ version: '2.1.0' }), undefined, 'the schema rejects a log without runs');
});

test('check --format gitlab is a Code Quality report: one issue per diagnostic, unique stable fingerprints', () => {
  const validate = gitlabValidator();
  const issues = report('gitlab') as Array<{ fingerprint: string; check_name: string; severity: string; location: { path: string } }>;
  assert.equal(validate(issues), undefined);
  const json = report('json') as { diagnostics: Array<{ code: string; severity: string; file: string }> };
  assert.equal(issues.length, json.diagnostics.length);
  assert.deepEqual(
    issues.map((i) => i.check_name),
    json.diagnostics.map((d) => d.code),
  );
  assert.deepEqual(
    issues.map((i) => i.location.path),
    json.diagnostics.map((d) => d.file),
  );
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
  assert.deepEqual(report('gitlab'), issues, 'the same workspace gives the same fingerprints');
  assert.ok(issues.some((i) => i.severity === 'major') && issues.some((i) => i.severity === 'minor'));
  assert.notEqual(validate([{ description: 'x' }]), undefined, 'the schema rejects an issue without a location');
});
