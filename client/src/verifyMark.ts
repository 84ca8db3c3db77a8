// Pure formatting of a plugin's last verification against the platform (tree node, tooltip,
// summaries). No `vscode` import: unit-tested under node.
import type { VerifyMarkDto, VerifyPlatformResult, VerifyVerdict } from '../../shared/protocol';
import { l10n } from './l10n';

function verdictWords(v: VerifyVerdict): string {
  switch (v) {
    case 'verified':
      return l10n.t('verified');
    case 'disagrees':
      return l10n.t('platform disagrees');
    case 'not-loadable':
      return l10n.t('platform cannot load it');
    default:
      return l10n.t('not discovered by the platform');
  }
}

/** `2 verified`, `1 disagrees`… in a run's summary. */
function verdictCount(v: VerifyVerdict, n: number): string {
  switch (v) {
    case 'verified':
      return l10n.t('{0} verified', n);
    case 'disagrees':
      return l10n.t('{0} disagrees', n);
    case 'not-loadable':
      return l10n.t('{0} not-loadable', n);
    default:
      return l10n.t('{0} not-discovered', n);
  }
}

export function floeCoreName(m: VerifyMarkDto): string {
  return `floe-core${m.floeCore?.version ? ` ${m.floeCore.version}` : ''}`;
}

/** `verified with floe-core 0.3.0`, `platform disagrees: version — floe-core 0.3.0` ... */
export function markText(m: VerifyMarkDto): string {
  if (m.verdict === 'verified') return l10n.t('verified with {0}', floeCoreName(m));
  return `${verdictWords(m.verdict)}${m.detail ? `: ${m.detail}` : ''} — ${floeCoreName(m)}`;
}

export function markIcon(m: VerifyMarkDto): { id: string; color?: string } {
  switch (m.verdict) {
    case 'verified':
      return { id: 'verified', color: 'testing.iconPassed' };
    case 'disagrees':
      return { id: 'diff', color: 'list.warningForeground' };
    case 'not-loadable':
      return { id: 'error', color: 'list.errorForeground' };
    default:
      return { id: 'question', color: 'list.warningForeground' };
  }
}

/** `Floe: 2 verified, 1 disagrees` over a run (each folder's plugins). */
export function verifySummary(r: VerifyPlatformResult): string {
  const all = r.folders.flatMap((f) => f.plugins);
  if (!all.length) return l10n.t('Floe: no plugins verified');
  const order: VerifyVerdict[] = ['verified', 'disagrees', 'not-loadable', 'not-discovered'];
  return l10n.t(
    'Floe: {0}',
    order
      .map((v) => [v, all.filter((p) => p.verdict === v).length] as const)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => verdictCount(v, n))
      .join(', '),
  );
}

const SIGN: Record<VerifyVerdict, string> = { verified: '✓', disagrees: '✗', 'not-loadable': '✗', 'not-discovered': '?' };

/** Output lines of a run: per folder the floe-core that ran, one line per plugin, notes. */
export function verifyLines(r: VerifyPlatformResult): string[] {
  const out: string[] = [];
  for (const f of r.folders) {
    if (f.fatal) {
      out.push(`✗ ${f.fatal}`);
      continue;
    }
    if (f.floeCore)
      out.push(
        `floe-core${f.floeCore.version ? ` ${f.floeCore.version}` : ''} at ${f.floeCore.path} (${f.python})${f.startupMs !== undefined ? `, start-up ${f.startupMs} ms` : ''}, ${f.durationMs} ms`,
      );
    for (const p of f.plugins) out.push(`${SIGN[p.verdict]} ${p.group}:${p.entryPoint} ${p.verdict}${p.detail ? ` — ${p.detail}` : ''}`);
    for (const x of f.runtimeOnly) out.push(`+ ${x.group}:${x.name} discovered by the platform only${x.error ? ` (not loadable: ${x.error})` : ''}`);
    for (const n of f.notes) out.push(`note: ${n}`);
    if (f.cancelled) out.push('cancelled');
  }
  return out;
}
