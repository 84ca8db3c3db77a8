// The plugin card: Markdown shown on hover over an entry point, a plugin class or a dependency.
import * as path from 'node:path';
import type { VerifyMarkDto } from '../../../../shared/protocol';
import { healthLabel } from '../../../../shared/health';
import type { HealthResultDto } from '../../../../shared/types';
import { pluginName, problemsOf, type AnalysisResult, type PluginInfo, type StaticValue } from '../../engine';
import { pathToUri } from '../uri';
import { verifyCardLine } from './verify';

function link(label: string, file: string, line: number): string {
  return `[${label}](${pathToUri(file)}#L${line + 1})`;
}

function show<T>(v: StaticValue<T>, fmt: (x: T) => string): string {
  if (v.kind === 'known') return fmt(v.value);
  if (v.kind === 'dynamic') return `_dynamic (${v.reason})_`;
  return '_missing_';
}

const MARK = { compatible: '✓ compatible', incompatible: '✗ incompatible', unknown: '? unknown compatibility' } as const;

export function pluginCard(p: PluginInfo, r: AnalysisResult, health?: HealthResultDto, verify?: VerifyMarkDto): string {
  const type = r.platform.types.find((t) => t.group === p.group);
  const lines: string[] = [];
  lines.push(`**${type?.label ?? p.group}** plugin \`${pluginName(p)}\` ${show(p.version, (v) => `\`${v}\``)}`);
  lines.push('');
  const api = show(p.floeApiVersion, (v) => `\`${v}\``);
  if (type?.loadedBy === 'separate') {
    lines.push(
      `- Loaded outside the plugin registry: floe-core loads ${p.group} plugins itself, eagerly and by entry-point name, creates them with no arguments and passes no config`,
    );
    lines.push(`- API version: ${api} — not checked by floe for this group`);
  } else {
    lines.push(`- API version: ${api} — ${MARK[p.compatibility]} with platform \`${r.platform.apiVersion}\` (${r.platform.apiVersionOrigin})`);
  }
  if (p.description.kind === 'known' && p.description.value) lines.push(`- Description: ${p.description.value}`);
  lines.push(`- Dependencies: ${show(p.dependencies, (d) => (d.length ? d.map((x) => `\`${x}\``).join(', ') : 'none'))}`);
  if (p.configSchema) {
    const cs = p.configSchema;
    lines.push(`- Config schema: ${cs.file && cs.range ? link(`\`${cs.className}\``, cs.file, cs.range.start.line) : `\`${cs.className}\``}`);
  } else {
    lines.push('- Config schema: none');
  }
  const d = p.decl;
  lines.push(
    `- Entry point: \`${d.name} = "${d.value}"\` in group \`${p.group}\`, ${link(path.basename(d.file), d.file, d.nameRange.start.line)} (${d.distribution}${d.distributionVersion ? ' ' + d.distributionVersion : ''}, ${d.source})`,
  );
  if (p.cls)
    lines.push(`- Class: ${link(`\`${p.cls.name}\``, p.cls.file, p.cls.nameRange.start.line)}${p.bases.length ? ` (bases: ${p.bases.join(' → ')})` : ''}`);
  if (p.missingAbstract.length) lines.push(`- Unimplemented abstract members: ${p.missingAbstract.map((m) => `\`${m}\``).join(', ')}`);
  const { errors, warnings } = problemsOf(r.problems, p.id);
  lines.push(`- State: ${p.state}${errors || warnings ? ` (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`);
  if (health)
    lines.push(
      `- Last health check: **${healthLabel(health)}**${health.message ? ` — ${health.message}` : ''} (${Math.round(health.durationMs)} ms, ${health.finishedAt})`,
    );
  const platform = verifyCardLine(verify);
  if (platform) lines.push(platform);
  return lines.join('\n');
}
