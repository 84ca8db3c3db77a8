// Pure formatting of the status-bar item from `floe/status` (no `vscode` import).
import type { StatusParams } from '../../shared/protocol';
import { errorCount, folderCount, pluginCount, warningCount } from './words';
import { l10n } from './l10n';

export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** ThemeColor id of the background, when problems call for one. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
}

/** Where a folder's platform facts come from: the floe-core package (with its version), else the built-in table. */
export function floeCoreText(c: { path?: string; version?: string } | undefined): string {
  return c?.path ? `\`${c.path}\`${c.version ? ` ${c.version}` : ''}` : l10n.t('built-in table (no floe-core found)');
}

export function formatStatus(s: StatusParams | undefined, extra: { python?: string; trusted: boolean; started: boolean }): StatusView {
  const trust = extra.trusted ? l10n.t('trusted (health checks may run plugin code)') : l10n.t('Restricted Mode (static checks only)');
  const python = s?.python ?? extra.python ?? l10n.t('not resolved yet');
  const cores = s?.floeCore ?? [];
  const coreLines = cores.map(
    (c) => `- ${cores.length > 1 ? l10n.t('floe-core ({0}): {1}', c.folder, floeCoreText(c)) : l10n.t('floe-core: {0}', floeCoreText(c))}`,
  );
  const tip = (head: string) =>
    [
      `**Floe Plugin Tools** — ${head}`,
      '',
      `- ${l10n.t('Interpreter: {0}', `\`${python}\``)}`,
      ...coreLines,
      `- ${l10n.t('Workspace: {0}', trust)}`,
      '',
      l10n.t('Click to show the output.'),
    ].join('\n');
  if (!extra.started)
    return { text: `$(plug) ${l10n.t('Floe: not started')}`, tooltip: tip(l10n.t('no floe plugins or manifests found; the server is not running')) };
  if (!s) return { text: `$(sync~spin) ${l10n.t('Floe: starting…')}`, tooltip: tip(l10n.t('starting the language server')) };
  if (s.state === 'indexing') return { text: `$(sync~spin) ${l10n.t('Floe: indexing…')}`, tooltip: tip(s.message ?? l10n.t('indexing the workspace')) };
  if (s.state === 'error') {
    return {
      text: `$(error) ${l10n.t('Floe: error')}`,
      tooltip: tip(s.message ?? l10n.t('the server reported an error')),
      background: 'statusBarItem.errorBackground',
    };
  }
  let text = `$(plug) ${l10n.t('Floe: {0}', pluginCount(s.plugins))}`;
  if (s.errors) text += ` $(error) ${s.errors}`;
  if (s.warnings) text += ` $(warning) ${s.warnings}`;
  const head = l10n.t('{0} in {1}; {2}, {3}', pluginCount(s.plugins), folderCount(s.folders), errorCount(s.errors), warningCount(s.warnings));
  const background = s.errors ? ('statusBarItem.errorBackground' as const) : s.warnings ? ('statusBarItem.warningBackground' as const) : undefined;
  return { text, tooltip: tip(head), background };
}
