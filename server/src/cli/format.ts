// Output of `floe-plugins check|list|order`: compiler-style text, JSON and SARIF 2.1.0.
import * as path from 'node:path';
import { CODE_ALIASES, pluginName, type AnalysisResult, type Diagnostic, type PlatformInfo, type PluginInfo, type StaticValue } from '../engine';

export function rel(root: string, file: string): string {
  const r = path.relative(root, file);
  return r.startsWith('..') ? file : r.split(path.sep).join('/');
}

export function diagnosticLine(root: string, d: Diagnostic): string {
  return `${rel(root, d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}

function value<T>(v: StaticValue<T>): T | null {
  return v.kind === 'known' ? v.value : null;
}

export function pluginJson(root: string, p: PluginInfo) {
  return {
    group: p.group,
    entryPoint: p.entryPoint,
    target: p.target,
    name: value(p.name),
    version: value(p.version),
    floeApiVersion: value(p.floeApiVersion),
    description: value(p.description),
    dependencies: value(p.dependencies),
    distribution: p.decl.distribution,
    source: p.decl.source,
    file: rel(root, p.cls?.file ?? p.decl.file),
    line: (p.cls ? p.cls.nameRange.start.line : p.decl.nameRange.start.line) + 1,
    configSchema: p.configSchema
      ? {
          className: p.configSchema.className,
          file: p.configSchema.file ? rel(root, p.configSchema.file) : null,
          line: p.configSchema.line !== undefined ? p.configSchema.line + 1 : null,
        }
      : null,
    compatibility: p.compatibility,
    state: p.state,
    declaration: { file: rel(root, p.decl.file), line: p.decl.nameRange.start.line + 1 },
  };
}

export function diagnosticJson(root: string, d: Diagnostic) {
  return {
    file: rel(root, d.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    ...(CODE_ALIASES[d.code] ? { aliases: [...CODE_ALIASES[d.code]!] } : {}),
    message: d.message,
  };
}

/** Which floe-core the platform facts come from: `floe-core 0.1.0 at <path>`, or the built-in table. */
export function floeCoreText(root: string, platform: PlatformInfo): string {
  const c = platform.floeCore;
  if (!c) return 'no floe-core found: built-in table';
  return `floe-core${c.version ? ` ${c.version}` : ''} at ${rel(root, c.path)}${c.source === 'site-packages' ? ' (installed)' : ''}`;
}

export function checkJson(r: AnalysisResult) {
  const c = r.platform.floeCore;
  return {
    platform: {
      apiVersion: r.platform.apiVersion,
      apiVersionOrigin: r.platform.apiVersionOrigin,
      floeCore: c ? { path: c.path, version: c.version ?? null } : null,
    },
    plugins: r.plugins.map((p) => pluginJson(r.root, p)),
    diagnostics: r.diagnostics.map((d) => diagnosticJson(r.root, d)),
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function checkSarif(r: AnalysisResult, version: string) {
  const codes = [...new Set(r.diagnostics.map((d) => d.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'floe-plugins',
            version,
            informationUri: 'https://floe.dev',
            rules: codes.map((id) => ({ id, name: id, ...(CODE_ALIASES[id] ? { deprecatedIds: [...CODE_ALIASES[id]!] } : {}) })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${r.root.endsWith('/') ? r.root : r.root + '/'}` } },
        results: r.diagnostics.map((d) => ({
          ruleId: d.code,
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: rel(r.root, d.file), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

const STATE_MARK = { ok: '✓', warning: '!', error: '✗' } as const;

export function listText(r: AnalysisResult): string {
  const lines = [`platform API ${r.platform.apiVersion} (${r.platform.apiVersionOrigin}); ${floeCoreText(r.root, r.platform)}`];
  for (const t of r.platform.types) {
    const ps = r.plugins.filter((p) => p.group === t.group);
    if (!ps.length) continue;
    lines.push(`${t.label} (${t.group}${t.loadedBy === 'separate' ? ', loaded outside the registry' : ''})`);
    for (const p of ps) {
      const v = value(p.version);
      const api = value(p.floeApiVersion);
      const name = pluginName(p);
      const compat = t.loadedBy === 'separate' ? 'not checked' : p.compatibility;
      lines.push(
        `  ${STATE_MARK[p.state]} ${p.entryPoint}${name !== p.entryPoint ? ` (name ${name})` : ''}${v ? ` ${v}` : ''}  API ${api ?? '?'} ${compat}  ${p.target}  [${p.decl.distribution}, ${p.decl.source}]`,
      );
    }
  }
  const unknown = r.plugins.filter((p) => !r.platform.types.some((t) => t.group === p.group));
  for (const p of unknown) lines.push(`? ${p.group} ${p.entryPoint}`);
  if (!r.plugins.length) lines.push('no plugins found');
  return lines.join('\n');
}

export function orderText(r: AnalysisResult): string {
  const byId = new Map(r.plugins.map((p) => [p.id, p]));
  const lines = r.order.map((id, i) => {
    const p = byId.get(id)!;
    const deps = value(p.dependencies) ?? [];
    return `${i + 1}. ${pluginName(p)} (${p.group})${deps.length ? ` after ${deps.join(', ')}` : ''}`;
  });
  for (const c of r.cycles) lines.push(`cycle: ${c.join(' -> ')} (not ordered)`);
  if (!lines.length) lines.push('no plugins to order');
  return lines.join('\n');
}
