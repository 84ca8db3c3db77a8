// Running contract tests with pytest in the author's interpreter (`floe-plugins test`): the files
// that carry the contract marker in each workspace plugin's tests/ folder, one pytest run over all
// of them in its own process group (killed on timeout or abort), outcomes read from a JSON report
// written by server/python/floe_pytest_report.py.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PluginInfo } from '../model';
import { runnerPath } from '../health/runnerPath';
import { CONTRACT_MARKER } from './generate';

export interface TestOutcome {
  nodeid: string;
  file: string;
  outcome: 'passed' | 'failed' | 'error' | 'skipped';
  message: string;
}

export interface PytestRun {
  tests: TestOutcome[];
  exitCode: number | null;
  /** Set when pytest gave no report (not installed, a usage error, killed). */
  error?: string;
  output: string;
  durationMs: number;
}

/** The contract test files of a plugin: tests/*.py with `# floe-contract: <group>:<entry point>`. */
export function contractTestFiles(fs: FileSystem, p: PluginInfo): string[] {
  if (p.decl.source !== 'workspace') return [];
  const dir = path.join(path.dirname(p.decl.file), 'tests');
  const marker = `${CONTRACT_MARKER} ${p.group}:${p.entryPoint}`;
  return fs
    .readDir(dir)
    .filter((e) => e.isFile && /^test_.*\.py$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .filter((f) => (fs.readFile(f) ?? '').split(/\r?\n/).some((l) => l.trim() === marker))
    .sort();
}

export interface PytestOptions {
  python: string;
  cwd: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function runPytest(files: string[], opts: PytestOptions): Promise<PytestRun> {
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-pytest-'));
  const report = path.join(tmp, 'report.json');
  const pluginDir = path.dirname(runnerPath());
  const env = {
    ...process.env,
    PYTHONPATH: [pluginDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    FLOE_PYTEST_REPORT: report,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  return new Promise((resolve) => {
    let output = '';
    let killedFor: string | undefined;
    const child = spawn(
      opts.python,
      ['-m', 'pytest', '-p', 'floe_pytest_report', '-p', 'no:cacheprovider', '-q', '--continue-on-collection-errors', ...files],
      {
        cwd: opts.cwd,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const kill = (why: string) => {
      killedFor ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => kill(`pytest did not finish within ${opts.timeoutMs! / 1000} s and was killed`), opts.timeoutMs)
      : undefined;
    const onAbort = () => kill('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    let finished = false;
    const finish = (exitCode: number | null, spawnError?: string) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      let tests: TestOutcome[] = [];
      let error = spawnError ?? killedFor;
      try {
        tests = (JSON.parse(fs.readFileSync(report, 'utf8')) as { tests: TestOutcome[] }).tests;
      } catch {
        error ??= /No module named pytest/.test(output)
          ? `pytest is not installed in ${opts.python}`
          : `pytest ended (exit code ${exitCode}) without a report${output.trim() ? `: ${output.trim().split('\n').slice(-1)[0]}` : ''}`;
      }
      fs.rmSync(tmp, { recursive: true, force: true });
      resolve({ tests, exitCode, output, durationMs: Math.round(performance.now() - started), ...(error ? { error } : {}) });
    };
    child.on('error', (e) => finish(null, `could not start ${opts.python}: ${e.message}`));
    child.on('close', (code) => finish(code));
  });
}
