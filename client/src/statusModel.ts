// Pure formatting of the status-bar item from `floe/status` (no `vscode` import).
import type { StatusParams } from '../../shared/protocol';

export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** ThemeColor id of the background, when problems call for one. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
}

const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;

export function formatStatus(s: StatusParams | undefined, extra: { python?: string; trusted: boolean; started: boolean }): StatusView {
  const trust = extra.trusted ? 'trusted (health checks may run plugin code)' : 'Restricted Mode (static checks only)';
  const python = s?.python ?? extra.python ?? 'not resolved yet';
  const cores = s?.floeCore ?? [];
  const coreLines = cores.map((c) => `- floe-core${cores.length > 1 ? ` (${c.folder})` : ''}: ${c.path ? `\`${c.path}\`${c.version ? ` ${c.version}` : ''}` : 'built-in table (no floe-core found)'}`);
  const tip = (head: string) => [
    `**Floe Plugin Tools** — ${head}`, '',
    `- Interpreter: \`${python}\``,
    ...coreLines,
    `- Workspace: ${trust}`,
    '', 'Click to show the output.',
  ].join('\n');
  if (!extra.started) return { text: '$(plug) Floe: not started', tooltip: tip('no floe plugins or manifests found; the server is not running') };
  if (!s) return { text: '$(sync~spin) Floe: starting…', tooltip: tip('starting the language server') };
  if (s.state === 'indexing') return { text: '$(sync~spin) Floe: indexing…', tooltip: tip(s.message ?? 'indexing the workspace') };
  if (s.state === 'error') {
    return { text: '$(error) Floe: error', tooltip: tip(s.message ?? 'the server reported an error'), background: 'statusBarItem.errorBackground' };
  }
  let text = `$(plug) Floe: ${n(s.plugins, 'plugin')}`;
  if (s.errors) text += ` $(error) ${s.errors}`;
  if (s.warnings) text += ` $(warning) ${s.warnings}`;
  const head = `${n(s.plugins, 'plugin')} in ${n(s.folders, 'folder')}; ${n(s.errors, 'error')}, ${n(s.warnings, 'warning')}`;
  const background = s.errors ? 'statusBarItem.errorBackground' as const : s.warnings ? 'statusBarItem.warningBackground' as const : undefined;
  return { text, tooltip: tip(head), background };
}
