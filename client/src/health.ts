// Pure formatting of health / lifecycle results (notification summary and output lines).
import type { HealthResultDto } from '../../shared/types';

export function healthSummary(results: HealthResultDto[]): string {
  if (!results.length) return 'Floe: no plugins to check';
  const c = { healthy: 0, degraded: 0, unhealthy: 0 };
  for (const r of results) c[r.state] = (c[r.state] ?? 0) + 1;
  const parts = (['healthy', 'degraded', 'unhealthy'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return `Floe: ${parts.join(', ')}`;
}

/** Worst state of a run: picks the notification severity. */
export function worstState(results: HealthResultDto[]): 'healthy' | 'degraded' | 'unhealthy' {
  if (results.some((r) => r.state === 'unhealthy')) return 'unhealthy';
  if (results.some((r) => r.state === 'degraded')) return 'degraded';
  return 'healthy';
}

const MARK = { healthy: '✓', degraded: '!', unhealthy: '✗' } as const;

export function healthLines(results: HealthResultDto[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${MARK[r.state] ?? '?'} ${r.group}:${r.name} ${r.state} (${r.durationMs} ms) ${r.message}`.trimEnd());
    for (const h of r.hooks ?? []) {
      out.push(`    ${h.hook}: ${h.ok ? 'ok' : 'failed'} (${h.durationMs} ms)${h.timedOut ? ' timed out' : ''}${h.error ? ` — ${h.error}` : ''}`);
    }
    if (r.error) {
      out.push(`    ${r.error.type}: ${r.error.message}`);
      for (const f of r.error.traceback ?? []) out.push(`      at ${f.function} (${f.file}:${f.line})`);
    }
  }
  return out;
}
