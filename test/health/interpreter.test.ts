// Choosing and checking the interpreter; the runner script and spawn failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveInterpreter, runHealthChecks, runnerPath, setRunnerPath, validateInterpreter } from '../../server/src/engine/health/runner';
import { validateInterpreterAsync } from '../../server/src/engine/health/interpreter';
import { fx, PYTHON, REPO } from './helpers';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-health-'));
  temps.push(d);
  return d;
}
test.after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});
function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test('python3 is valid and its version is read', async () => {
  const r = validateInterpreter(PYTHON);
  assert.ok(r.ok, JSON.stringify(r));
  assert.match(r.version, /^3\.\d+\.\d+/);
  assert.ok(path.isAbsolute(r.path));
  const a = await validateInterpreterAsync(PYTHON);
  assert.deepEqual(a, r);
});

test('a missing, a non-executable, an old and a broken interpreter are refused with why', async () => {
  const dir = tempDir();
  const missing = path.join(dir, 'nope', 'python');
  assert.deepEqual(validateInterpreter(missing), { ok: false, error: `${missing} does not exist` });
  assert.deepEqual(validateInterpreter('no-such-python-xyz'), { ok: false, error: 'no-such-python-xyz was not found on PATH' });
  const plain = path.join(dir, 'plain');
  fs.writeFileSync(plain, 'not a program', { mode: 0o644 });
  assert.deepEqual(validateInterpreter(plain), { ok: false, error: `${plain} is not an executable file` });
  const old = script(path.join(dir, 'old', 'python'), 'echo "3.8.10 (default, Nov 22 2023)"');
  assert.deepEqual(validateInterpreter(old), { ok: false, error: `${old} is Python 3.8.10; 3.10 or newer is needed` });
  const broken = script(path.join(dir, 'broken', 'python'), 'echo "boom: no encodings module" >&2; exit 1');
  assert.deepEqual(validateInterpreter(broken), { ok: false, error: `${broken} is not a working Python: boom: no encodings module` });
  assert.deepEqual(await validateInterpreterAsync(old), validateInterpreter(old));
});

test('resolveInterpreter: explicit, then .venv, then venv, then python3', () => {
  const root = tempDir();
  assert.equal(resolveInterpreter(root), 'python3');
  const venv = script(path.join(root, 'venv', 'bin', 'python'), 'exit 0');
  assert.equal(resolveInterpreter(root), venv);
  const dotVenv = script(path.join(root, '.venv', 'bin', 'python'), 'exit 0');
  assert.equal(resolveInterpreter(root), dotVenv);
  assert.equal(resolveInterpreter(root, '/opt/py/bin/python3'), '/opt/py/bin/python3');
  assert.equal(resolveInterpreter(root, 'tools/python'), path.join(root, 'tools', 'python'));
  assert.equal(resolveInterpreter(root, 'python3.11'), 'python3.11');
});

test('the runner script is found from the test bundle; a missing one is reported per plugin', async () => {
  assert.equal(runnerPath(), path.join(REPO, 'server', 'python', 'floe_runner.py'));
  setRunnerPath('/nonexistent/floe_runner.py');
  try {
    const [r] = await runHealthChecks([fx('healthy', 'healthy:HealthyPlugin')], { python: PYTHON });
    assert.equal(r.state, 'unhealthy');
    assert.equal(r.message, 'the Floe runner script is missing (/nonexistent/floe_runner.py)');
  } finally {
    setRunnerPath(undefined);
  }
});

test('an interpreter that cannot be started gives a result, not a throw', async () => {
  const [r] = await runHealthChecks([fx('healthy', 'healthy:HealthyPlugin')], { python: '/nonexistent/bin/python' });
  assert.equal(r.state, 'unhealthy');
  assert.equal(
    r.message,
    'the interpreter /nonexistent/bin/python no longer exists (its environment was deleted or is being recreated); run the check again once it is back',
  );
});
