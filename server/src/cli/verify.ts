// floe-plugins verify [DIR] [--plugin group:name]... [--python PATH] [--timeout SECONDS] [--format text|json|sarif]
// Runs floe-core's own discovery and registry in the interpreter and compares them with the static
// analysis. Exit 0 when every plugin is verified, 1 when one disagrees, cannot be loaded or is not
// discovered, 2 on usage errors, an unusable interpreter or a floe-core that cannot be imported.
import { coreText, createWorkspace, staticSchemas, verifyPlatform, type AnalysisResult, type PluginVerdict, type VerifyReport } from '../engine';
import { engineOptions, parseArgs } from './args';
import { checkSarif, diagnosticJson, diagnosticLine, pluginJson, rel } from './format';
import { runSetup, selectPlugins } from './runSetup';

export interface VerifyIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const MARK: Record<PluginVerdict['verdict'], string> = { verified: '✓', disagrees: '✗', 'not-loadable': '✗', 'not-discovered': '?' };
const DEFAULT_TIMEOUT_MS = 30_000;

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/** The report as text: one line per plugin, its diagnostics or frames under it, then a summary. */
export function verifyText(root: string, r: VerifyReport): string[] {
  const lines: string[] = [];
  if (r.floeCore) lines.push(`${coreText(r)}${r.floeCore.apiVersion ? ` (API ${r.floeCore.apiVersion})` : ''}`);
  for (const v of r.plugins) {
    const who = `${v.group}:${v.entryPoint}${v.name !== v.entryPoint ? ` (${v.name})` : ''}`;
    const extra =
      v.verdict === 'not-discovered'
        ? `  ${v.reason}`
        : v.verdict === 'not-loadable' && v.error
          ? `  ${v.error.type ? `${v.error.type}: ` : ''}${v.error.message}`
          : '';
    lines.push(`${MARK[v.verdict]} ${v.verdict.padEnd(14)} ${who}${extra}`);
    if (v.verdict === 'disagrees') {
      for (const d of r.diagnostics) if (d.pluginId === v.pluginId) lines.push(`    ${diagnosticLine(root, d)}`);
    }
    for (const f of v.error?.traceback ?? []) lines.push(`    at ${rel(root, f.file)}:${f.line} in ${f.function}`);
  }
  for (const x of r.runtimeOnly) {
    lines.push(`+ platform only   ${x.group}:${x.name}${x.entryPoint ? ` = "${x.entryPoint}"` : ''}${x.error ? `  not loadable: ${x.error}` : ''}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  const count = (k: PluginVerdict['verdict']) => r.plugins.filter((v) => v.verdict === k).length;
  const parts = [
    `${count('verified')} verified`,
    `${count('disagrees')} disagree${count('disagrees') === 1 ? 's' : ''}`,
    `${count('not-loadable')} not loadable`,
    `${count('not-discovered')} not discovered`,
  ];
  const timing = `${r.startupMs !== undefined ? `start-up ${ms(r.startupMs)}, ` : ''}${ms(r.durationMs)}`;
  lines.push(`${r.plugins.length} plugin${r.plugins.length === 1 ? '' : 's'}: ${parts.join(', ')}${r.cancelled ? ' (cancelled)' : ''} (${timing})`);
  return lines;
}

/** `check --format json`'s shape (plugins, diagnostics) plus each plugin's verdict and runtime values. */
export function verifyJson(a: AnalysisResult, r: VerifyReport) {
  const verdicts = new Map(r.plugins.map((v) => [v.pluginId, v]));
  return {
    platform: {
      apiVersion: a.platform.apiVersion,
      apiVersionOrigin: a.platform.apiVersionOrigin,
      floeCore: a.platform.floeCore ? { path: a.platform.floeCore.path, version: a.platform.floeCore.version ?? null } : null,
    },
    python: r.python,
    floeCoreRan: r.floeCore ? { path: r.floeCore.path, version: r.floeCore.version ?? null, apiVersion: r.floeCore.apiVersion ?? null } : null,
    plugins: a.plugins
      .filter((p) => verdicts.has(p.id))
      .map((p) => {
        const v = verdicts.get(p.id)!;
        return {
          ...pluginJson(a.root, p),
          verdict: v.verdict,
          runtime: v.runtime ?? null,
          disagreements: v.disagreements,
          ...(v.reason ? { reason: v.reason } : {}),
          ...(v.error ? { error: { ...v.error, traceback: v.error.traceback.map((f) => ({ ...f, file: rel(a.root, f.file) })) } } : {}),
        };
      }),
    diagnostics: r.diagnostics.map((d) => diagnosticJson(a.root, d)),
    runtimeOnly: r.runtimeOnly,
    notes: r.notes,
    dependencies: r.dependencies ?? null,
    startupMs: r.startupMs ?? null,
    durationMs: r.durationMs,
  };
}

export async function verifyCommand(args: string[], io: VerifyIo, version = '0.1.0'): Promise<number> {
  const a = parseArgs(['verify', ...args]);
  const usage = (msg: string) => {
    io.stderr(`floe-plugins verify: ${msg}`);
    return 2;
  };
  if (a.errors.length) return usage(a.errors.join('; '));
  if (a.format === 'gitlab') return usage('--format must be text, json or sarif');
  if (a.flags.size) return usage(`unknown option ${[...a.flags].join(', ')}`);
  const setup = runSetup(a);
  if ('error' in setup) return usage(setup.error);
  const { root, python } = setup;

  // The static side reads the same interpreter's site-packages (installed plugins, floe-core).
  const ws = createWorkspace(root, engineOptions(new Map([...a.options, ['--python', [python]]])));
  const analysis = ws.analyze();
  const selected = selectPlugins(a, analysis);
  if ('error' in selected) return usage(selected.error);
  const ids = selected.all ? undefined : selected.plugins.map((p) => p.id);

  const report = await verifyPlatform(analysis, {
    python,
    cwd: root,
    phaseTimeoutMs: setup.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ids,
    staticSchema: staticSchemas(ws.python),
  });
  if (report.fatal) {
    io.stderr(`floe-plugins verify: ${report.fatal}`);
    return 2;
  }
  if (a.format === 'json') io.stdout(JSON.stringify(verifyJson(analysis, report), null, 2));
  else if (a.format === 'sarif') io.stdout(JSON.stringify(checkSarif({ ...analysis, diagnostics: report.diagnostics }, version), null, 2));
  else {
    io.stdout(`python: ${python} (${setup.version})`);
    for (const l of verifyText(root, report)) io.stdout(l);
  }
  return report.plugins.some((v) => v.verdict !== 'verified') ? 1 : 0;
}
