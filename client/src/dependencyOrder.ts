// Pure rendering of `floe/dependencyOrder` as a plain-text document to read (not markup): the
// load order numbered with what each plugin waits for, the cycles as `glue → spark → glue`, and
// the missing dependencies.
import type { DependencyOrderResult } from '../../shared/protocol';
import { l10n } from './l10n';

/** A closed path (`a, b, a`) as `a → b → a`; an open one is closed first. */
export function cycleText(cycle: readonly string[]): string {
  const closed = cycle.length > 1 && cycle[0] === cycle[cycle.length - 1] ? cycle : [...cycle, cycle[0]];
  return closed.join(' → ');
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - s.length));
}

export function dependencyOrderText(r: DependencyOrderResult, folderName: (uri: string) => string): string {
  const title = l10n.t('Floe plugin load order');
  const out: string[] = [title, '='.repeat(title.length), ''];
  if (!r.folders.length) out.push(l10n.t('No workspace folder is indexed.'), '');
  for (const f of r.folders) {
    if (r.folders.length > 1) out.push(folderName(f.uri), '-'.repeat(folderName(f.uri).length), '');
    if (!f.order.length) out.push(l10n.t('No plugins to order.'), '');
    else {
      out.push(l10n.t('The platform starts the plugins in this order, each after the plugins it depends on:'), '');
      const width = Math.max(...f.order.map((p) => p.name.length));
      const groupWidth = Math.max(...f.order.map((p) => p.group.length));
      const num = String(f.order.length).length;
      f.order.forEach((p, i) => {
        const after = p.dependencies?.length ? l10n.t('after {0}', p.dependencies.join(', ')) : '';
        out.push(`  ${String(i + 1).padStart(num)}. ${pad(p.name, width)}  ${pad(p.group, groupWidth)}  ${after}`.trimEnd());
      });
      out.push('');
    }
    if (f.cycles.length) {
      out.push(l10n.t('Dependency cycles (these plugins cannot be ordered; remove one dependency of each cycle):'), '');
      for (const c of f.cycles) out.push(`  ${cycleText(c)}`);
      out.push('');
    }
    if (f.missing.length) {
      out.push(l10n.t('Missing dependencies (no plugin of that name is installed or declared):'), '');
      for (const m of f.missing) out.push(`  ${l10n.t('{0} needs "{1}"', m.plugin, m.dependency)}`);
      out.push('');
    }
    if (!f.cycles.length && !f.missing.length && f.order.length) out.push(l10n.t('No cycles, no missing dependencies.'), '');
  }
  return out.join('\n');
}
