// floe-plugins: the command-line checker over the registry engine, so CI can gate on what the
// editor shows. `main(argv)` resolves to the exit code.
import * as path from 'node:path';
import {
  analyzeWithWorker,
  createWorkspace,
  defaultCacheDir,
  keptRun,
  runCheckWorker,
  type AnalysisResult,
  type EngineWorkspace,
  type ParallelStats,
} from '../engine';
import { engineOptions, parseArgs, USAGE } from './args';
import { checkJson, checkSarif, diagnosticLine, floeCoreText, listText, orderText, pluginJson } from './format';
import { checkGitlab } from './gitlab';
import { healthCommand } from './health';
import { testCommand } from './test';
import { verifyCommand } from './verify';

const VERSION = '0.1.0';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}
const defaultIo: Io = { stdout: (s) => process.stdout.write(s + '\n'), stderr: (s) => process.stderr.write(s + '\n') };

// Loaded as the worker thread of a check: do its share and report.
runCheckWorker();

export interface MainOptions {
  /** This bundle's file: a large workspace is checked with a worker thread running it (bin/floe-plugins.js). */
  workerScript?: string;
}

/** What a check, list or order run prints (lines) and its exit code. */
interface Report {
  lines: string[];
  code: number;
}

/**
 * The run's report: with a cache folder, the report of the same run before when every file it
 * depended on is unchanged, else the analysis with the package checks that still hold taken from
 * the cache (engine/analysis/checkCache.ts); the other packages checked with a worker thread when
 * there is a bundle to run in it and more than one job.
 */
async function run(
  ws: EngineWorkspace,
  jobs: string,
  cacheDir: string | undefined,
  report: (r: AnalysisResult) => Report,
  what: string,
  opts: MainOptions,
  io: Io,
): Promise<Report> {
  const script = jobs === '1' ? undefined : opts.workerScript;
  if (!script && !cacheDir) return report(ws.analyze());
  const force = jobs === '2';
  if (cacheDir) {
    const kept = await keptRun(ws, cacheDir, what, report, { script, force });
    if (process.env.FLOE_CLI_TRACE)
      io.stderr(`floe-plugins: ${kept.taken ? 'the report of the run before, every file it read unchanged' : statsText(kept.stats)}`);
    return kept.out;
  }
  const { result, stats } = await analyzeWithWorker(ws, script, { force });
  if (process.env.FLOE_CLI_TRACE) io.stderr(`floe-plugins: ${statsText(stats)}`);
  return report(result);
}

function statsText(stats: ParallelStats | undefined): string {
  if (!stats) return 'analysed';
  return (
    `${stats.packages} packages, ${stats.cached} taken from the cache, ${stats.here} checked in the main thread, ${stats.worker} in a worker thread` +
    (stats.cache ? `; ${stats.cache.stored} kept` : '')
  );
}

export async function main(argv: string[], io: Io = defaultIo, opts: MainOptions = {}): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('--version')) {
    io.stdout(VERSION);
    return 0;
  }
  if (args.flags.has('--help') || !args.command) {
    io.stdout(USAGE);
    return args.command ? 0 : 2;
  }
  if (args.command === 'health') return healthCommand(argv.slice(1), io);
  if (args.command === 'verify') return verifyCommand(argv.slice(1), io, VERSION);
  if (args.command === 'test') return testCommand(argv.slice(1), io);
  if (args.errors.length) {
    io.stderr(`floe-plugins: ${args.errors.join('; ')}\n\n${USAGE}`);
    return 2;
  }
  if (!['check', 'list', 'order'].includes(args.command)) {
    io.stderr(`floe-plugins: unknown command '${args.command}'\n\n${USAGE}`);
    return 2;
  }
  const root = path.resolve(args.dir);
  const ws = createWorkspace(root, engineOptions(args.options));
  if (!ws.fs.stat(root)?.isDirectory) {
    io.stderr(`floe-plugins: ${root} is not a folder`);
    return 2;
  }
  const cacheDir = args.flags.has('--no-cache') ? undefined : path.resolve(args.options.get('--cache-dir')?.at(-1) ?? defaultCacheDir());
  const failOn = args.options.get('--fail-on')?.at(-1) ?? 'error';
  const what = `${args.command}\0${args.format}\0${failOn}`;
  const out = await run(ws, args.options.get('--jobs')?.at(-1) ?? 'auto', cacheDir, (r) => report(args.command, args.format, failOn, root, r), what, opts, io);
  for (const line of out.lines) io.stdout(line);
  return out.code;
}

function report(command: string, format: string, failOn: string, root: string, r: AnalysisResult): Report {
  const lines: string[] = [];
  if (command === 'check') {
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    if (format === 'json') lines.push(JSON.stringify(checkJson(r), null, 2));
    else if (format === 'sarif') lines.push(JSON.stringify(checkSarif(r, VERSION), null, 2));
    else if (format === 'gitlab') lines.push(JSON.stringify(checkGitlab(r), null, 2));
    else {
      for (const d of r.diagnostics) lines.push(diagnosticLine(root, d));
      const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
      lines.push(
        `${r.plugins.length} plugin${r.plugins.length === 1 ? '' : 's'}, ${r.manifests.length} manifest${r.manifests.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (platform API ${r.platform.apiVersion}; ${floeCoreText(root, r.platform)})`,
      );
    }
    const failing = r.diagnostics.filter((d) => d.severity === 'error' || (failOn === 'warning' && d.severity === 'warning'));
    return { lines, code: failOn !== 'never' && failing.length ? 1 : 0 };
  }
  if (command === 'list') {
    if (format === 'json') lines.push(JSON.stringify({ plugins: r.plugins.map((p) => pluginJson(root, p)) }, null, 2));
    else lines.push(listText(r));
    return { lines, code: 0 };
  }
  // order
  if (format === 'json') {
    const byId = new Map(r.plugins.map((p) => [p.id, p]));
    lines.push(JSON.stringify({ order: r.order.map((id) => pluginJson(root, byId.get(id)!)), cycles: r.cycles }, null, 2));
  } else lines.push(orderText(r));
  return { lines, code: r.cycles.length ? 1 : 0 };
}
