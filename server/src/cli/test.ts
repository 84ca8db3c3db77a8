// floe-plugins test [DIR] [--plugin group:name]... [--python PATH] [--timeout SECONDS]
// Runs the plugins' contract tests (the files Floe: Create Contract Tests writes, marked
// `# floe-contract: <group>:<entry point>`) with pytest in the interpreter, and prints one summary
// line per plugin. Exit 0 when they all pass, 1 when one fails, 2 on usage errors or when pytest
// cannot run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FloeWorkspace } from '../engine/workspace';
import { resolveInterpreter, validateInterpreter } from '../engine/health/runner';
import { matchesSelector } from '../engine/health/targets';
import { contractTestFiles, runPytest, type TestOutcome } from '../engine/contract/runTests';
import { engineOptions, parseArgs } from './args';
import { rel } from './format';

export interface TestIo { stdout: (s: string) => void; stderr: (s: string) => void }

/** `3 passed, 1 failed` over the outcomes. */
export function outcomeCounts(tests: TestOutcome[]): string {
  const order: TestOutcome['outcome'][] = ['passed', 'failed', 'error', 'skipped'];
  const parts = order.map((o) => [o, tests.filter((t) => t.outcome === o).length] as const).filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${o === 'error' && n > 1 ? 'errors' : o}`);
  return parts.length ? parts.join(', ') : 'no tests';
}

export async function testCommand(args: string[], io: TestIo): Promise<number> {
  const a = parseArgs(['test', ...args]);
  const usage = (msg: string) => { io.stderr(`floe-plugins test: ${msg}`); return 2; };
  if (a.errors.length) return usage(a.errors.join('; '));
  if (a.format !== 'text') return usage('--format must be text');
  if (a.flags.size) return usage(`unknown option ${[...a.flags].join(', ')}`);
  let timeoutMs: number | undefined;
  const t = a.options.get('--timeout')?.at(-1);
  if (t !== undefined) {
    const s = Number(t);
    if (!Number.isFinite(s) || s <= 0) return usage(`--timeout must be a positive number of seconds (got '${t}')`);
    timeoutMs = Math.round(s * 1000);
  }
  const root = path.resolve(a.dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return usage(`${root} is not a folder`);
  const python = resolveInterpreter(root, a.options.get('--python')?.at(-1));
  const check = validateInterpreter(python, root);
  if (!check.ok) return usage(`no usable Python: ${check.error}`);

  const ws = new FloeWorkspace(root, engineOptions(a.options));
  const analysis = ws.analyze();
  const selectors = a.options.get('--plugin') ?? [];
  const missing = selectors.filter((s) => !analysis.plugins.some((p) => matchesSelector(p, s)));
  if (missing.length) return usage(`no plugin matches ${missing.map((m) => `'${m}'`).join(', ')}`);
  const plugins = analysis.plugins.filter((p) => p.decl.source === 'workspace' && (!selectors.length || selectors.some((s) => matchesSelector(p, s))));
  const byPlugin = plugins.map((p) => ({ p, files: contractTestFiles(ws.fs, p) }));
  const files = [...new Set(byPlugin.flatMap((x) => x.files))];

  io.stdout(`python: ${check.path} (${check.version})`);
  const run = files.length ? await runPytest(files, { python: check.path, cwd: root, timeoutMs }) : undefined;
  if (run?.error) {
    io.stderr(`floe-plugins test: ${run.error}`);
    if (run.output.trim()) io.stderr(run.output.trimEnd());
    return 2;
  }
  let failed = 0, passed = 0, without = 0;
  for (const { p, files: mine } of byPlugin) {
    const who = `${p.group}:${p.entryPoint}`;
    if (!mine.length) {
      without++;
      io.stdout(`- ${who}  no contract tests (create them with Floe: Create Contract Tests)`);
      continue;
    }
    const tests = run!.tests.filter((x) => mine.includes(x.file));
    const bad = tests.filter((x) => x.outcome === 'failed' || x.outcome === 'error');
    if (bad.length || !tests.length) failed++; else passed++;
    io.stdout(`${bad.length || !tests.length ? '✗' : '✓'} ${who}  ${outcomeCounts(tests)}  ${mine.map((f) => rel(root, f)).join(', ')}`);
    for (const x of bad) io.stdout(`    ✗ ${x.nodeid.split('::').slice(1).join('::') || 'importing the test file'}  ${x.message}`);
  }
  io.stdout(`${plugins.length} plugin${plugins.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed, ${without} without contract tests`);
  return failed ? 1 : 0;
}
