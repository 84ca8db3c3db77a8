// Words the client's text is made of, localised: counted nouns (`1 plugin`, `3 plugins`: each form
// its own message, so a translation can word the singular and the plural differently) and the
// words for a plugin's health and API compatibility.
import type { HealthResultDto } from '../../shared/types';
import { l10n } from './l10n';

export const pluginCount = (n: number): string => (n === 1 ? l10n.t('1 plugin') : l10n.t('{0} plugins', n));
export const folderCount = (n: number): string => (n === 1 ? l10n.t('1 folder') : l10n.t('{0} folders', n));
export const errorCount = (n: number): string => (n === 1 ? l10n.t('1 error') : l10n.t('{0} errors', n));
export const warningCount = (n: number): string => (n === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', n));

/** The word for a health result (shared/health.ts's `healthLabel`, localised). */
export function healthWord(h: Pick<HealthResultDto, 'state' | 'failure'>): string {
  if (h.failure === 'import') return l10n.t('could not import');
  switch (h.state) {
    case 'healthy':
      return l10n.t('healthy');
    case 'degraded':
      return l10n.t('degraded');
    default:
      return l10n.t('unhealthy');
  }
}

/** The word for a plugin's API-version compatibility with the platform. */
export function compatibilityWord(c: 'compatible' | 'incompatible' | 'unknown'): string {
  return c === 'compatible' ? l10n.t('compatible') : c === 'incompatible' ? l10n.t('incompatible') : l10n.t('unknown');
}
