// CodeLens above each plugin class: `compute · duckdb 0.1.0 · API 1.0 ✓` and `Run health check`.
import type { CodeLens } from 'vscode-languageserver';
import { healthLabel } from '../../../../shared/health';
import { knownString, pluginName } from '../../engine';
import type { DocContext } from './context';
import { verifyLens } from './verify';

const MARK = { compatible: '✓', incompatible: '✗', unknown: '?' } as const;

export const RUN_HEALTH_COMMAND = 'floe.runHealthCheck';
/** Command of the summary lens: the client's "open the entry-point declaration" (argument: plugin id). */
export const SHOW_PLUGIN_COMMAND = 'floe.openDeclaration';

export function codeLenses(ctx: DocContext): CodeLens[] {
  const out: CodeLens[] = [];
  for (const p of ctx.result.plugins) {
    if (!p.cls || p.cls.file !== ctx.file) continue;
    const line = p.cls.range.start.line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const version = knownString(p.version);
    const api = knownString(p.floeApiVersion);
    // floe loads separately loaded groups (network security) without an API-version check.
    const separate = ctx.result.platform.types.find((t) => t.group === p.group)?.loadedBy === 'separate';
    const title = `${p.category} · ${pluginName(p)}${version ? ' ' + version : ''} · API ${api ?? '?'} ${separate ? '(not checked)' : MARK[p.compatibility]}`;
    out.push({ range, command: { title, command: SHOW_PLUGIN_COMMAND, arguments: [p.id] } });
    const h = ctx.folder.health.get(p.id);
    const suffix = h ? ` (last: ${healthLabel(h)}, ${Math.round(h.durationMs)} ms)` : '';
    out.push({ range, command: { title: `Run health check${suffix}`, command: RUN_HEALTH_COMMAND, arguments: [p.id] } });
    out.push(verifyLens(ctx.folder, p, range));
  }
  return out;
}
