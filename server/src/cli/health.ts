// floe-plugins health [DIR] [--plugin group:name]... [--lifecycle] [--python PATH] [--timeout SECONDS] [--format json]
// Runs the plugins' health checks (or startup -> health_check -> shutdown) in the author's Python.
// Exit 0 when none is unhealthy, 1 when one is, 2 on usage errors or an unusable interpreter.
import * as path from 'node:path';
import { createWorkspace, environmentProblems, interpreterFor, planHealthRun, runHealthPlan, type HealthResult } from '../engine';
import { engineOptions, parseArgs } from './args';
import { folderAndTimeout, selectPlugins } from './runSetup';

export interface HealthIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const MARK: Record<HealthResult['state'], string> = { healthy: '✓', degraded: '!', unhealthy: '✗' };

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/** `config.<field>: <message> (<type>)` per config validation error of a result. */
export function configErrorLines(r: HealthResult): string[] {
  const errors = Array.isArray(r.details.configErrors) ? (r.details.configErrors as Array<Record<string, unknown>>) : [];
  return errors.map((e) => {
    const field = typeof e.field === 'string' && e.field ? `config.${e.field}` : 'config';
    return `${field}: ${String(e.message ?? '')}${e.type ? ` (${String(e.type)})` : ''}`;
  });
}

/** One line per plugin, then its config errors, the hooks (lifecycle) and the error's frames. */
export function healthText(root: string, r: HealthResult, lifecycle: boolean): string[] {
  const who = `${r.group}:${r.entryPoint}${r.name !== r.entryPoint ? ` (${r.name})` : ''}`;
  const lines = [`${MARK[r.state]} ${r.state.padEnd(9)} ${who}  ${ms(r.durationMs)}${r.message ? `  ${r.message}` : ''}`];
  for (const l of configErrorLines(r)) lines.push(`    ${l}`);
  if (lifecycle) {
    for (const h of r.hooks) lines.push(`    ${h.ok ? '✓' : '✗'} ${h.hook}() ${ms(h.durationMs)}${h.error ? `  ${h.error}` : ''}`);
  }
  for (const f of r.error?.traceback ?? []) {
    const rel = path.relative(root, f.file);
    lines.push(`    at ${rel.startsWith('..') ? f.file : rel}:${f.line} in ${f.function}`);
  }
  return lines;
}

export function healthJson(results: HealthResult[], python: string, version: string): Record<string, unknown> {
  const env = environmentProblems(results);
  return {
    python: { path: python, version },
    results: results.map((r) => ({
      pluginId: r.pluginId,
      group: r.group,
      entryPoint: r.entryPoint,
      name: r.name,
      state: r.state,
      message: r.message,
      details: r.details,
      durationMs: r.durationMs,
      hooks: r.hooks,
      ...(r.error ? { error: r.error } : {}),
      ...(r.failure ? { failure: r.failure } : {}),
      ...(r.missingModule ? { missingModule: r.missingModule } : {}),
      ...(r.importedBy ? { importedBy: r.importedBy } : {}),
    })),
    // Plugins not imported for want of a module, once per interpreter.
    ...(env.length ? { environment: env } : {}),
  };
}

export async function healthCommand(args: string[], io: HealthIo): Promise<number> {
  const a = parseArgs(['health', ...args]);
  const usage = (msg: string) => {
    io.stderr(`floe-plugins health: ${msg}`);
    return 2;
  };
  if (a.errors.length) return usage(a.errors.join('; '));
  if (a.format === 'sarif') return usage('--format must be text or json');
  const unknown = [...a.flags].filter((f) => f !== '--lifecycle');
  if (unknown.length) return usage(`unknown option ${unknown.join(', ')}`);
  const folder = folderAndTimeout(a);
  if ('error' in folder) return usage(folder.error);
  const { root, timeoutMs } = folder;

  const ws = createWorkspace(root, engineOptions(a.options));
  const analysis = ws.analyze();
  const selected = selectPlugins(a, analysis);
  if ('error' in selected) return usage(selected.error);
  const chosen = selected.all ? undefined : selected.plugins.map((p) => p.id);
  const chosenPython = a.options.get('--python')?.at(-1);
  const plan = await planHealthRun(analysis, { root, python: chosenPython, ids: chosen, read: (f) => ws.fs.readFile(f) });
  // With nothing to check, the interpreter is still checked and named, as with plugins.
  const check =
    plan.state === 'ready'
      ? { ok: true as const, path: plan.python, version: plan.version }
      : plan.state === 'no-interpreter'
        ? { ok: false as const, error: plan.error }
        : await interpreterFor(root, chosenPython);
  if (!check.ok) return usage(`no usable Python: ${check.error}`);
  const json = a.format === 'json';
  if (!json) io.stdout(`python: ${check.path} (${check.version})`);
  const lifecycle = a.flags.has('--lifecycle');
  let results: HealthResult[] = [];
  if (plan.state === 'ready') {
    results = await runHealthPlan(plan, {
      lifecycle,
      ...(timeoutMs ? { healthTimeoutMs: timeoutMs, hookTimeoutMs: timeoutMs } : {}),
      // Text results stream as they finish; the order of the final list is the analysis order.
      onResult: json
        ? undefined
        : (r) => {
            for (const l of healthText(root, r, lifecycle)) io.stdout(l);
          },
    });
  }
  const count = (s: HealthResult['state']) => results.filter((r) => r.state === s).length;
  if (json) io.stdout(JSON.stringify(healthJson(results, check.path, check.version), null, 2));
  else if (!results.length) io.stdout('no plugins found');
  else {
    // Said once, above the counts: many plugins failing for one missing module is one problem.
    for (const e of environmentProblems(results)) io.stdout(e.message);
    io.stdout(`${count('healthy')} healthy, ${count('degraded')} degraded, ${count('unhealthy')} unhealthy`);
  }
  return count('unhealthy') ? 1 : 0;
}
