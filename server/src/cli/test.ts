// floe-plugins test [DIR] [--plugin group:name]... [--python PATH] [--timeout SECONDS]
// Runs the plugins' contract tests (the files Floe: Create Contract Tests writes, marked
// `# floe-contract: <group>:<entry point>`) with pytest in the interpreter, and prints one summary
// line per plugin. Exit 0 when they all pass, 1 when one fails, 2 on usage errors or when pytest
// cannot run.
import { contractTestFiles, createWorkspace, runPytest, type TestOutcome } from '../engine';
import { engineOptions, parseArgs } from './args';
import { rel } from './format';
import { runSetup, selectPlugins } from './runSetup';

export interface TestIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** `3 passed, 1 failed` over the outcomes. */
export function outcomeCounts(tests: TestOutcome[]): string {
  const order: TestOutcome['outcome'][] = ['passed', 'failed', 'error', 'skipped'];
  const parts = order
    .map((o) => [o, tests.filter((t) => t.outcome === o).length] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${o === 'error' && n > 1 ? 'errors' : o}`);
  return parts.length ? parts.join(', ') : 'no tests';
}

export async function testCommand(args: string[], io: TestIo): Promise<number> {
  const a = parseArgs(['test', ...args]);
  const usage = (msg: string) => {
    io.stderr(`floe-plugins test: ${msg}`);
    return 2;
  };
  if (a.errors.length) return usage(a.errors.join('; '));
  if (a.format !== 'text') return usage('--format must be text');
  if (a.flags.size) return usage(`unknown option ${[...a.flags].join(', ')}`);
  const setup = runSetup(a);
  if ('error' in setup) return usage(setup.error);
  const { root, python, timeoutMs } = setup;

  const ws = createWorkspace(root, engineOptions(a.options));
  const selected = selectPlugins(a, ws.analyze());
  if ('error' in selected) return usage(selected.error);
  const plugins = selected.plugins.filter((p) => p.decl.source === 'workspace');
  const byPlugin = plugins.map((p) => ({ p, files: contractTestFiles(ws.fs, p) }));
  const files = [...new Set(byPlugin.flatMap((x) => x.files))];

  io.stdout(`python: ${python} (${setup.version})`);
  const run = files.length ? await runPytest(files, { python, cwd: root, timeoutMs }) : undefined;
  if (run?.error) {
    io.stderr(`floe-plugins test: ${run.error}`);
    if (run.output.trim()) io.stderr(run.output.trimEnd());
    return 2;
  }
  let failed = 0,
    passed = 0,
    without = 0;
  for (const { p, files: mine } of byPlugin) {
    const who = `${p.group}:${p.entryPoint}`;
    if (!mine.length) {
      without++;
      io.stdout(`- ${who}  no contract tests (create them with Floe: Create Contract Tests)`);
      continue;
    }
    const tests = run!.tests.filter((x) => mine.includes(x.file));
    const bad = tests.filter((x) => x.outcome === 'failed' || x.outcome === 'error');
    if (bad.length || !tests.length) failed++;
    else passed++;
    io.stdout(`${bad.length || !tests.length ? '✗' : '✓'} ${who}  ${outcomeCounts(tests)}  ${mine.map((f) => rel(root, f)).join(', ')}`);
    for (const x of bad) io.stdout(`    ✗ ${x.nodeid.split('::').slice(1).join('::') || 'importing the test file'}  ${x.message}`);
  }
  io.stdout(`${plugins.length} plugin${plugins.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed, ${without} without contract tests`);
  return failed ? 1 : 0;
}
