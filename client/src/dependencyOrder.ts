// Pure rendering of `floe/dependencyOrder` as a Markdown document.
import type { DependencyOrderResult } from '../../shared/protocol';

export function dependencyOrderMarkdown(r: DependencyOrderResult, folderName: (uri: string) => string): string {
  const out: string[] = ['# Floe plugin load order', ''];
  if (!r.folders.length) out.push('No workspace folder is indexed.');
  for (const f of r.folders) {
    if (r.folders.length > 1) out.push(`## ${folderName(f.uri)}`, '');
    if (!f.order.length) out.push('No plugins.', '');
    f.order.forEach((p, i) => out.push(`${i + 1}. ${p.name} (${p.group})`));
    if (f.order.length) out.push('');
    if (f.cycles.length) {
      out.push('**Dependency cycles:**', '');
      for (const c of f.cycles) out.push(`- ${[...c, c[0]].join(' → ')}`);
      out.push('');
    }
    if (f.missing.length) {
      out.push('**Missing dependencies:**', '');
      for (const m of f.missing) out.push(`- ${m.plugin} needs ${m.dependency}, which is not installed or declared`);
      out.push('');
    }
    if (!f.cycles.length && !f.missing.length && f.order.length) out.push('No cycles, no missing dependencies.', '');
  }
  return out.join('\n');
}
