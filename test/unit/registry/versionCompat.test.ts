// API-version parsing as floe does it (split on dots, 2 or 3 parts, int() on the first two, the
// third never read), checked against Python's own int() on the same inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { invalidVersionMessage, isCompatible, parseApiVersion, pyRepr } from '../../../server/src/engine/registry/versionCompat';

const INPUTS = [
  '1.0',
  '1.0.0',
  '1.00',
  '01.0',
  '1.0.x',
  '1.0.',
  ' 1.0',
  '1.0 ',
  '+1.0',
  '1.-0',
  '1.-1',
  '1.1',
  '2.0',
  '1_0.0',
  '1',
  '1.0.0.0',
  'v1.0',
  '0x1.0',
  '',
  '1..0',
  '1__0.0',
  '_1.0',
  '1.0_',
  '\t1.0\n',
  '١.٠',
  '1.٠',
  'one',
];

test('compatible with platform 1.0 exactly where floe says so; ValueError where floe raises it', () => {
  const ok = INPUTS.filter((v) => isCompatible(v, '1.0'));
  assert.deepEqual(ok, ['1.0', '1.0.0', '1.00', '01.0', '1.0.x', '1.0.', ' 1.0', '1.0 ', '+1.0', '1.-0', '1.-1', '\t1.0\n', '١.٠', '1.٠']);
  const invalid = INPUTS.filter((v) => !parseApiVersion(v));
  assert.deepEqual(invalid, ['1', '1.0.0.0', 'v1.0', '0x1.0', '', '1..0', '1__0.0', '_1.0', '1.0_', 'one']);
  assert.deepEqual(parseApiVersion('1_0.0'), { major: 10, minor: 0 });
  assert.equal(isCompatible('1.4', '1.3'), false);
  assert.equal(isCompatible('1.2', '1.3.9'), true);
});

test('agrees with Python int() on every input', () => {
  const script = [
    'import json, sys',
    'out = []',
    'for v in json.loads(sys.stdin.read()):',
    '    parts = v.split(".")',
    '    try:',
    '        if len(parts) not in (2, 3):',
    '            raise ValueError(v)',
    '        out.append([int(parts[0]), int(parts[1])])',
    '    except ValueError:',
    '        out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  const py = spawnSync('python3', ['-c', script], { input: JSON.stringify(INPUTS), encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const expected = JSON.parse(py.stdout) as Array<[number, number] | null>;
  assert.deepEqual(
    INPUTS.map((v) => {
      const p = parseApiVersion(v);
      return p ? [p.major, p.minor] : null;
    }),
    expected,
  );
});

test("floe's ValueError message, with Python's repr of the value", () => {
  assert.equal(invalidVersionMessage('v1'), "Invalid version format: 'v1'. Expected X.Y or X.Y.Z format (e.g., '1.0' or '1.0.0').");
  assert.equal(pyRepr("it's"), `"it's"`);
  assert.equal(pyRepr('a\\b\n\'"'), `'a\\\\b\\n\\'"'`);
  const py = spawnSync('python3', ['-c', 'import json,sys; print(json.dumps([repr(s) for s in json.loads(sys.stdin.read())]))'], {
    input: JSON.stringify(["it's", 'a\\b\n\'"', 'tab\there', '\x01']),
    encoding: 'utf8',
  });
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(["it's", 'a\\b\n\'"', 'tab\there', '\x01'].map(pyRepr), JSON.parse(py.stdout));
});
