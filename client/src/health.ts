// Pure formatting of health / lifecycle results (notification summary and output lines).
import { formatDuration } from '../../shared/duration';
import { healthLabel } from '../../shared/health';
import type { EnvironmentProblemDto, HealthResultDto } from '../../shared/types';
import { l10n } from './l10n';

const imported = (r: HealthResultDto) => r.failure !== 'import';

/** `2 healthy, 1 degraded, 1 could not be imported`: a run's results counted by state. */
export function healthCounts(results: HealthResultDto[]): string {
  const c = { healthy: 0, degraded: 0, unhealthy: 0 };
  for (const r of results.filter(imported)) c[r.state] = (c[r.state] ?? 0) + 1;
  const words = {
    healthy: (n: number) => l10n.t('{0} healthy', n),
    degraded: (n: number) => l10n.t('{0} degraded', n),
    unhealthy: (n: number) => l10n.t('{0} unhealthy', n),
  };
  const parts = (['healthy', 'degraded', 'unhealthy'] as const).filter((k) => c[k] > 0).map((k) => words[k](c[k]));
  const notImported = results.length - results.filter(imported).length;
  if (notImported) parts.push(l10n.t('{0} could not be imported', notImported));
  return parts.join(', ');
}

export function healthSummary(results: HealthResultDto[]): string {
  if (!results.length) return l10n.t('Floe: no plugins to check');
  return l10n.t('Floe: {0}', healthCounts(results));
}

/** Worst state of a run: picks the notification severity (a plugin that could not be imported is unhealthy). */
export function worstState(results: HealthResultDto[]): 'healthy' | 'degraded' | 'unhealthy' {
  if (results.some((r) => r.state === 'unhealthy')) return 'unhealthy';
  if (results.some((r) => r.state === 'degraded')) return 'degraded';
  return 'healthy';
}

/**
 * The notification of a run with environment problems: each problem's message (the server's, one per
 * interpreter), then the other plugins' results when there are some.
 */
export function environmentSummary(problems: EnvironmentProblemDto[], results: HealthResultDto[]): string {
  const concerned = new Set(problems.flatMap((p) => p.pluginIds));
  const others = results.filter((r) => !concerned.has(r.pluginId));
  const head = problems.map((p) => p.message).join('; ');
  return others.length ? l10n.t('Floe: {0}. Other plugins: {1}', head, healthCounts(others)) : l10n.t('Floe: {0}', head);
}

/** Output lines of the environment problems: the message, then per missing module who needs it. */
export function environmentLines(problems: EnvironmentProblemDto[]): string[] {
  const out: string[] = [];
  for (const p of problems) {
    out.push(p.message);
    for (const m of p.modules) {
      const by = m.importedBy.length ? ` (imported by ${m.importedBy.join(', ')})` : '';
      out.push(`    ${m.module}${by}: ${m.plugins.join(', ')}`);
    }
  }
  return out;
}

const MARK = { healthy: '✓', degraded: '!', unhealthy: '✗' } as const;

export function healthLines(results: HealthResultDto[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${MARK[r.state] ?? '?'} ${r.group}:${r.name} ${healthLabel(r)} (${formatDuration(r.durationMs)}) ${r.message}`.trimEnd());
    for (const h of r.hooks ?? []) {
      out.push(`    ${h.hook}: ${h.ok ? 'ok' : 'failed'} (${formatDuration(h.durationMs)})${h.timedOut ? ' timed out' : ''}${h.error ? ` — ${h.error}` : ''}`);
    }
    if (r.error) {
      out.push(`    ${r.error.type}: ${r.error.message}`);
      for (const f of r.error.traceback ?? []) out.push(`      at ${f.function} (${f.file}:${f.line})`);
    }
  }
  return out;
}
