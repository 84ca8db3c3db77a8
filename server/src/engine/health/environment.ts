// Plugins that could not be imported because the interpreter lacks a module (floe-core's
// `structlog`, a plugin's `httpx`): the rule that tells such an environment problem from a plugin's
// own failure, and the grouping that lets the front ends say it once per interpreter instead of
// once per plugin.
import type { EnvironmentProblemDto, HealthResultDto } from '../../../../shared/types';

export type EnvironmentProblem = EnvironmentProblemDto;

/** The top-level package of a dotted module name (`floe_core.plugins` -> `floe_core`). */
export function topModule(name: string): string {
  return name.split('.')[0];
}

/** The module part of an entry-point target (`pkg.mod:Cls` -> `pkg.mod`). */
function targetModule(target: string): string {
  return target.split(':')[0].trim();
}

/**
 * The import-failure fields of a runner answer (`failure`, `missing`, `importedBy`) for the plugin
 * `target`. A missing module counts as the environment's (`missingModule`) unless it is the
 * plugin's own package: an entry point naming a module that is not there is the plugin's mistake.
 */
export function importFailureFields(answer: Record<string, unknown>, target: string): Pick<HealthResultDto, 'failure' | 'missingModule' | 'importedBy'> {
  if (answer.failure !== 'import') return {};
  const out: Pick<HealthResultDto, 'failure' | 'missingModule' | 'importedBy'> = { failure: 'import' };
  const missing = typeof answer.missing === 'string' && answer.missing ? answer.missing : undefined;
  if (!missing || topModule(missing) === topModule(targetModule(target))) return out;
  out.missingModule = missing;
  if (typeof answer.importedBy === 'string' && answer.importedBy) out.importedBy = answer.importedBy;
  return out;
}

/** One plugin that could not be imported for want of a module. */
export interface MissingModuleFailure {
  pluginId: string;
  /** The plugin's name, for messages. */
  name: string;
  python: string;
  missingModule: string;
  importedBy?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `structlog is missing in P` / `structlog (13), httpx (7) and aiosmtplib (2) are missing in P`. */
export function missingModulesText(modules: Array<{ module: string; count: number }>, python: string, importedByFloeCore = false): string {
  if (modules.length === 1) return `${modules[0].module} is missing in ${python}${importedByFloeCore ? ' (floe-core imports it)' : ''}`;
  const parts = modules.map((m) => `${m.module} (${m.count})`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]} are missing in ${python}`;
}

/**
 * Groups failures by interpreter, then by missing top-level module (most plugins first, then by
 * name). `lead(count, names)` words the start of the message, e.g. `23 plugins could not be imported`.
 */
export function groupMissingModules(
  failures: MissingModuleFailure[],
  lead: (count: number, names: string[]) => string = (n, names) =>
    n === 1 ? `${names[0]} could not be imported` : `${plural(n, 'plugin')} could not be imported`,
): EnvironmentProblem[] {
  const byPython = new Map<string, MissingModuleFailure[]>();
  for (const f of failures) byPython.set(f.python, [...(byPython.get(f.python) ?? []), f]);
  const out: EnvironmentProblem[] = [];
  for (const [python, list] of byPython) {
    const byModule = new Map<string, { ids: Set<string>; plugins: Set<string>; importedBy: Set<string> }>();
    for (const f of list) {
      const m = topModule(f.missingModule);
      const g = byModule.get(m) ?? { ids: new Set<string>(), plugins: new Set<string>(), importedBy: new Set<string>() };
      g.ids.add(f.pluginId);
      g.plugins.add(f.name);
      if (f.importedBy) g.importedBy.add(f.importedBy);
      byModule.set(m, g);
    }
    const grouped = [...byModule]
      .map(([module, g]) => ({ module, count: g.ids.size, plugins: [...g.plugins].sort(), importedBy: [...g.importedBy].sort() }))
      .sort((a, b) => b.count - a.count || a.module.localeCompare(b.module));
    const modules = grouped.map(({ module, plugins, importedBy }) => ({ module, plugins, importedBy }));
    const ids = [...new Set(list.map((f) => f.pluginId))];
    const names = [...new Set(list.map((f) => f.name))].sort();
    const viaFloeCore = modules.length === 1 && modules[0].importedBy.some((m) => topModule(m) === 'floe_core');
    const text = missingModulesText(grouped, python, viaFloeCore);
    out.push({ python, message: `${lead(ids.length, names)}: ${text}`, pluginIds: ids, modules });
  }
  return out;
}

/** The environment problems of a health run: its import failures for want of a module, grouped. */
export function environmentProblems(results: HealthResultDto[]): EnvironmentProblem[] {
  return groupMissingModules(
    results.flatMap((r) =>
      r.failure === 'import' && r.missingModule
        ? [{ pluginId: r.pluginId, name: r.name, python: r.python ?? 'python3', missingModule: r.missingModule, importedBy: r.importedBy }]
        : [],
    ),
  );
}
