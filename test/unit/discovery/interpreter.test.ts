// An interpreter's site-packages, found without running it: a virtualenv by its pyvenv.cfg, else
// lib/python3.X/site-packages next to the real binary; and the engine reading floe-core there.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { interpreterSitePackages } from '../../../server/src/engine/discovery/interpreter';
import { FloeWorkspace } from '../../../server/src/engine/workspace';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
const FIXTURE_CORE = path.join(REPO, 'test/fixtures/platform/ws/packages/floe-core/src/floe_core');
const nfs = new NodeFileSystem();
const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A base Python (bin/python3.11 + python3 link, lib/python3.11/site-packages) and a venv made from it. */
function pythons(): { tmp: string; base: string; baseSp: string; venv: string; venvSp: string } {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-interp-')));
  made.push(tmp);
  const base = path.join(tmp, 'base');
  const baseSp = path.join(base, 'lib', 'python3.11', 'site-packages');
  fs.mkdirSync(path.join(base, 'bin'), { recursive: true });
  fs.mkdirSync(baseSp, { recursive: true });
  fs.mkdirSync(path.join(base, 'lib', 'python3.9', 'site-packages'), { recursive: true });
  fs.writeFileSync(path.join(base, 'bin', 'python3.11'), '');
  fs.symlinkSync('python3.11', path.join(base, 'bin', 'python3'));
  const venv = path.join(tmp, 'venv');
  const venvSp = path.join(venv, 'lib', 'python3.11', 'site-packages');
  fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
  fs.mkdirSync(venvSp, { recursive: true });
  fs.writeFileSync(path.join(venv, 'pyvenv.cfg'), `home = ${path.join(base, 'bin')}\ninclude-system-site-packages = false\n`);
  fs.symlinkSync(path.join(base, 'bin', 'python3.11'), path.join(venv, 'bin', 'python'));
  return { tmp, base, baseSp, venv, venvSp };
}

test('a virtualenv interpreter: its own site-packages (not the base one it links to)', () => {
  const p = pythons();
  assert.deepEqual(interpreterSitePackages(nfs, path.join(p.venv, 'bin', 'python')), { interpreter: path.join(p.venv, 'bin', 'python'), dirs: [p.venvSp] });
  fs.writeFileSync(path.join(p.venv, 'pyvenv.cfg'), `home = ${path.join(p.base, 'bin')}\ninclude-system-site-packages = true\n`);
  assert.deepEqual(interpreterSitePackages(nfs, path.join(p.venv, 'bin', 'python')).dirs, [p.venvSp, p.baseSp]);
});

test("a plain interpreter: the real binary's prefix, its own version first; a command found on PATH", () => {
  const p = pythons();
  assert.deepEqual(interpreterSitePackages(nfs, path.join(p.base, 'bin', 'python3')).dirs, [p.baseSp]);
  const found = interpreterSitePackages(nfs, 'python3', path.join(p.base, 'bin'));
  assert.deepEqual(found, { interpreter: path.join(p.base, 'bin', 'python3'), dirs: [p.baseSp] });
  // Debian's version-less dist-packages folder is read too.
  const deb = path.join(p.base, 'lib', 'python3', 'dist-packages');
  fs.mkdirSync(deb, { recursive: true });
  assert.deepEqual(interpreterSitePackages(nfs, path.join(p.base, 'bin', 'python3')).dirs, [deb, p.baseSp]);
});

test('what cannot be found says why', () => {
  const p = pythons();
  assert.deepEqual(interpreterSitePackages(nfs, 'no-such-python', path.join(p.base, 'bin')), { dirs: [], problem: "'no-such-python' is not on PATH" });
  const gone = path.join(p.tmp, 'gone', 'python');
  assert.deepEqual(interpreterSitePackages(nfs, gone), { interpreter: gone, dirs: [], problem: `${gone} does not exist` });
  const bare = path.join(p.tmp, 'shim', 'bin', 'python3');
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  fs.writeFileSync(bare, '#!/bin/sh\n');
  assert.deepEqual(interpreterSitePackages(nfs, bare), {
    interpreter: bare,
    dirs: [],
    problem: `no site-packages folder was found next to ${bare} (under ${path.join(p.tmp, 'shim', 'lib')})`,
  });
});

test('the engine reads floe-core and installed plugins from the interpreter given as an option', () => {
  const p = pythons();
  fs.cpSync(FIXTURE_CORE, path.join(p.venvSp, 'floe_core'), { recursive: true });
  fs.mkdirSync(path.join(p.venvSp, 'floe_core-0.1.0.dist-info'));
  fs.writeFileSync(path.join(p.venvSp, 'floe_core-0.1.0.dist-info', 'METADATA'), 'Name: floe-core\nVersion: 0.1.0\n');
  const ws = path.join(p.tmp, 'ws');
  fs.mkdirSync(ws);
  const without = new FloeWorkspace(ws).analyze();
  assert.equal(without.platform.floeCore, undefined);
  const r = new FloeWorkspace(ws, { python: path.join(p.venv, 'bin', 'python') }).analyze();
  assert.deepEqual(r.platform.floeCore, { path: path.join(p.venvSp, 'floe_core'), version: '0.1.0', source: 'site-packages' });
  assert.equal(r.platform.types.length, 15);
  assert.deepEqual(r.diagnostics, []);

  const missing = new FloeWorkspace(ws, { python: path.join(p.tmp, 'nope', 'python') }).analyze();
  assert.deepEqual(
    missing.diagnostics.map((d) => [d.file, d.range.start, d.severity, d.code, d.message]),
    [
      [
        ws,
        { line: 0, character: 0 },
        'information',
        'file-skipped',
        `The site-packages of the interpreter '${path.join(p.tmp, 'nope', 'python')}' were not read: ${path.join(p.tmp, 'nope', 'python')} does not exist.`,
      ],
    ],
  );
});
