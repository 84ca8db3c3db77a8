// Which Python runs plugin code, and whether it can: exists, is executable, answers, is >= 3.10.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `path` is the interpreter's own executable (`sys.executable`): a pyenv/asdf shim resolved to the
 * real binary (each shim start costs ~0.2 s), a virtualenv's `bin/python` kept as is. Run plugins with it. */
export type InterpreterCheck = { ok: true; version: string; path: string } | { ok: false; error: string };

const VERSION_TIMEOUT_MS = 5000;
const VERSION_ARGS = ['-c', 'import sys; print(sys.version); print(sys.executable)'];

/** The interpreter for a workspace: the explicit one, else `<root>/.venv`, `<root>/venv`, else `python3`. */
export function resolveInterpreter(root: string, explicit?: string): string {
  if (explicit && explicit.trim()) {
    const e = explicit.trim();
    return e.includes('/') || e.includes('\\') ? path.resolve(root, e) : e;
  }
  const candidates = process.platform === 'win32' ? ['.venv/Scripts/python.exe', 'venv/Scripts/python.exe'] : ['.venv/bin/python', 'venv/bin/python'];
  for (const c of candidates) {
    const p = path.join(root, c);
    if (isExecutable(p)) return p;
  }
  return 'python3';
}

/**
 * What the interpreter for `root` is right now, as a key that changes when it does: the resolved
 * path and, for a file, its identity (a virtualenv created or recreated at the same path gives a new
 * key). Only stats files: nothing is run.
 */
export function interpreterIdentity(root: string, explicit?: string): string {
  const resolved = resolveInterpreter(root, explicit);
  const file = findExecutable(resolved);
  if (!file) return `${resolved}@missing`;
  try {
    const st = fs.lstatSync(file);
    return `${resolved}@${file}@${st.ino}:${st.mtimeMs}`;
  } catch {
    return `${resolved}@missing`;
  }
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A bare command name looked up on PATH; a path made absolute. Undefined when not found. */
export function findExecutable(command: string): string | undefined {
  if (command.includes('/') || command.includes('\\')) {
    const abs = path.resolve(command);
    return fs.existsSync(abs) ? abs : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, command);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function preCheck(python: string): { file: string } | { error: string } {
  const file = findExecutable(python);
  if (!file) {
    return { error: python.includes('/') ? `${python} does not exist` : `${python} was not found on PATH` };
  }
  if (!isExecutable(file)) return { error: `${file} is not an executable file` };
  return { file };
}

function judge(file: string, status: number | null, stdout: string, stderr: string, failure?: string): InterpreterCheck {
  if (failure) return { ok: false, error: `${file} could not be run: ${failure}` };
  const [first = '', second = ''] = stdout.trim().split('\n');
  const m = /^(\d+)\.(\d+)\.(\d+)\S*/.exec(first.trim());
  if (status !== 0 || !m) {
    const why = stderr.trim().split('\n').slice(-1)[0] || `exit code ${status}`;
    return { ok: false, error: `${file} is not a working Python: ${why}` };
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < 3 || (major === 3 && minor < 10)) {
    return { ok: false, error: `${file} is Python ${m[0]}; 3.10 or newer is needed` };
  }
  const exe = second.trim();
  return { ok: true, version: m[0], path: exe && path.isAbsolute(exe) && isExecutable(exe) ? exe : file };
}

/** Checks an interpreter synchronously (5 s at most). `cwd`: where it will run (pyenv picks the
 * version from the folder's .python-version). */
export function validateInterpreter(python: string, cwd?: string): InterpreterCheck {
  const pre = preCheck(python);
  if ('error' in pre) return { ok: false, error: pre.error };
  const r = spawnSync(pre.file, VERSION_ARGS, { cwd, encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
  const failure = r.error
    ? (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
      ? `no answer within ${VERSION_TIMEOUT_MS / 1000} s`
      : r.error.message
    : undefined;
  return judge(pre.file, r.status, r.stdout ?? '', r.stderr ?? '', failure);
}

/** The same check without blocking the event loop (for the language server). */
export function validateInterpreterAsync(python: string, cwd?: string): Promise<InterpreterCheck> {
  const pre = preCheck(python);
  if ('error' in pre) return Promise.resolve({ ok: false, error: pre.error });
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let settled = false;
    const child = spawn(pre.file, VERSION_ARGS, { cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (r: InterpreterCheck) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, error: `${pre.file} could not be run: no answer within ${VERSION_TIMEOUT_MS / 1000} s` });
    }, VERSION_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', (e) => finish(judge(pre.file, null, '', '', e.message)));
    child.on('close', (code) => finish(judge(pre.file, code, out, err)));
  });
}
