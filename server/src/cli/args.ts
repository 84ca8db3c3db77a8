// Command-line argument parsing for floe-plugins (no dependency: the grammar is tiny).
import type { EngineOptions } from '../engine';

export interface ParsedArgs {
  command: string;
  dir: string;
  format: 'text' | 'json' | 'sarif' | 'gitlab';
  options: Map<string, string[]>;
  flags: Set<string>;
  errors: string[];
}

const VALUE_OPTIONS = new Set([
  '--format',
  '--platform-api-version',
  '--extra-group',
  '--exclude',
  '--site-packages',
  '--manifest-glob',
  '--plugin',
  '--python',
  '--timeout',
  '--fail-on',
  '--jobs',
  '--cache-dir',
]);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { command: '', dir: '.', format: 'text', options: new Map(), flags: new Set(), errors: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (VALUE_OPTIONS.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) {
          out.errors.push(`${name} needs a value`);
          continue;
        }
        out.options.set(name, [...(out.options.get(name) ?? []), value]);
      } else out.flags.add(name);
    } else if (a === '-h') out.flags.add('--help');
    else positional.push(a);
  }
  out.command = positional[0] ?? '';
  if (positional[1]) out.dir = positional[1];
  if (positional.length > 2) out.errors.push(`unexpected argument '${positional[2]}'`);
  const failOn = out.options.get('--fail-on')?.at(-1);
  if (failOn && !['error', 'warning', 'never'].includes(failOn)) out.errors.push(`--fail-on must be error, warning or never (got '${failOn}')`);
  const jobs = out.options.get('--jobs')?.at(-1);
  if (jobs !== undefined && !['auto', '1', '2'].includes(jobs)) out.errors.push(`--jobs must be auto, 1 or 2 (got '${jobs}')`);
  const f = out.options.get('--format')?.at(-1);
  if (f) {
    if (f === 'text' || f === 'json' || f === 'sarif' || f === 'gitlab') out.format = f;
    else out.errors.push(`--format must be text, json, sarif or gitlab (got '${f}')`);
  }
  return out;
}

export const USAGE = `Usage: floe-plugins <command> [DIR] [options]

Commands:
  check [DIR]    report every problem the platform would hit (exit 1 when there is an error)
  list [DIR]     the plugins by type
  order [DIR]    the dependency (load) order
  health [DIR]   run health checks (or --lifecycle) in Python; trusted code only
  verify [DIR]   run floe-core's own discovery and registry in Python and compare them with
                 the static analysis (exit 1 when a plugin disagrees or cannot be loaded)
  test [DIR]     run the plugins' contract tests with pytest in Python (exit 1 when one fails)

Options:
  --format text|json|sarif|gitlab  output format (sarif, gitlab: check only)
  --fail-on error|warning|never  check: which problems make the exit code 1 (default: error)
  --platform-api-version X.Y     platform API version (default: the workspace's floe-core, else 1.0)
  --extra-group GROUP            accept another entry-point group (repeatable)
  --exclude GLOB                 skip paths matching GLOB, relative to DIR (repeatable)
  --site-packages DIR            read installed distributions from DIR (repeatable)
  --manifest-glob GLOB           treat matching files as manifests (repeatable)
  --python PATH                  an interpreter whose site-packages are read (floe-core, installed
                                 plugins) without running it; health: the interpreter to run
  --jobs auto|1|2                threads for a workspace of 200 packages or more (auto, the
                                 default: a worker thread when a core is idle)
  --cache-dir DIR                where package checks are kept between runs, reused only where
                                 every file they read is unchanged (default: $XDG_CACHE_HOME or
                                 ~/.cache, /floe-plugin-tools); --no-cache: keep nothing
  health: --plugin group:name (repeatable), --lifecycle, --timeout SECONDS
  verify: --plugin group:name (repeatable), --timeout SECONDS (per plugin import and creation),
          --format text|json|sarif
  test: --plugin group:name (repeatable), --timeout SECONDS (the whole pytest run)
`;

/** The engine options the command line sets. */
export function engineOptions(opts: Map<string, string[]>): EngineOptions {
  return {
    platformApiVersion: opts.get('--platform-api-version')?.at(-1),
    extraGroups: opts.get('--extra-group') ?? [],
    exclude: opts.get('--exclude') ?? [],
    sitePackages: opts.get('--site-packages') ?? [],
    manifestGlobs: opts.get('--manifest-glob') ?? [],
    ...(opts.get('--python')?.length ? { python: opts.get('--python')!.at(-1) } : {}),
  };
}
