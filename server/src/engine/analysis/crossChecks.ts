// Checks across plugins: duplicate entry points (the same group and entry-point name from two
// distributions), missing dependencies and dependency cycles, and the load order. Only registry
// groups take part in dependency resolution (floe resolves the plugins it activates).
import type { FileSystem } from '../fs';
import type { Diagnostic, PluginInfo, PluginTypeInfo, Range } from '../model';
import { knownList, pluginName } from '../model';
import { analyzeDependencies } from '../registry/dependencyGraph';
import { CircularDependencyError, MissingDependencyError } from '../registry/errors';
import { closest } from '../pluginTypes';
import { findQuoted, listItemRemoval } from './ranges';

export interface CrossResult {
  diagnostics: Diagnostic[];
  order: string[];
  cycles: string[][];
}

const rangeKey = (r: Range | undefined) => (r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : '');

/** Everything of a plugin the cross checks read (its object is reused while its files are unchanged). */
function crossKey(p: PluginInfo): string {
  const d = p.dependencies;
  return [
    p.id,
    p.group,
    p.entryPoint,
    p.decl.distribution,
    p.decl.file,
    rangeKey(p.decl.nameRange),
    pluginName(p),
    p.cls ? `${p.cls.file}@${rangeKey(p.cls.nameRange)}` : '',
    d.kind === 'known' ? `${d.file}@${rangeKey(d.range)}=${d.value.join(',')}` : d.kind,
  ].join('\0');
}

/** crossChecks, answered again from the last run while no plugin changed in anything they read. */
export class CrossChecks {
  private readonly keys = new WeakMap<PluginInfo, string>();
  private last: { key: string; result: CrossResult } | undefined;

  check(plugins: PluginInfo[], fs: FileSystem, typeOf: (group: string) => PluginTypeInfo | undefined): CrossResult {
    const groups = new Set(plugins.map((p) => p.group));
    const parts = [[...groups].map((g) => `${g}=${typeOf(g)?.loadedBy ?? ''}`).join(',')];
    for (const p of plugins) {
      let k = this.keys.get(p);
      if (k === undefined) this.keys.set(p, (k = crossKey(p)));
      parts.push(k);
    }
    const key = parts.join('\n');
    if (this.last?.key === key) return this.last.result;
    const result = crossChecks(plugins, fs, typeOf);
    this.last = { key, result };
    return result;
  }
}

export function crossChecks(plugins: PluginInfo[], fs: FileSystem, typeOf: (group: string) => PluginTypeInfo | undefined): CrossResult {
  const diagnostics: Diagnostic[] = [];
  duplicates(plugins, typeOf, diagnostics);
  const deps = dependencies(
    plugins.filter((p) => typeOf(p.group)?.loadedBy !== 'separate'),
    fs,
    diagnostics,
  );
  return { diagnostics, ...deps };
}

function duplicates(plugins: PluginInfo[], typeOf: (group: string) => PluginTypeInfo | undefined, out: Diagnostic[]): void {
  const byKey = new Map<string, PluginInfo[]>();
  for (const p of plugins) {
    const k = `${p.group}\0${p.entryPoint}`;
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  for (const list of byKey.values()) {
    const dists = new Set(list.map((p) => p.decl.distribution));
    if (dists.size < 2) continue;
    const separate = typeOf(list[0].group)?.loadedBy === 'separate';
    // Which one floe meets first depends on how the distributions are installed: never claimed.
    const outcome = separate
      ? `floe's ${list[0].group} loader keeps one plugin per entry-point name (a later one replaces an earlier one), so only one of them is used`
      : `floe's discovery keeps the first of them it finds and skips the others with a warning (discover_group.duplicate), so only one of them is loaded`;
    for (const p of list) {
      const others = list.filter((o) => o !== p);
      out.push({
        file: p.decl.file,
        range: p.decl.nameRange,
        severity: 'warning',
        code: 'duplicate-plugin',
        pluginId: p.id,
        message: `Entry point '${p.entryPoint}' in ${p.group} is also declared by ${[...new Set(others.map((o) => o.decl.distribution))].join(', ')}: ${outcome}. Rename one entry point or remove one distribution.`,
        related: others.map((o) => ({ file: o.decl.file, range: o.decl.nameRange, message: `also declared by ${o.decl.distribution}` })),
      });
    }
  }
}

function depRange(p: PluginInfo, fs: FileSystem, dep: string): { file: string; range: Range } {
  const v = p.dependencies;
  if (v.kind === 'known') return { file: v.file, range: findQuoted(fs, v.file, v.range, dep) };
  return p.cls ? { file: p.cls.file, range: p.cls.nameRange } : { file: p.decl.file, range: p.decl.nameRange };
}

function dependencies(plugins: PluginInfo[], fs: FileSystem, out: Diagnostic[]): { order: string[]; cycles: string[][] } {
  const withDeps = plugins.filter((p) => p.cls);
  const nodes = new Map<string, string[]>();
  for (const p of withDeps) {
    const n = pluginName(p);
    nodes.set(n, [...new Set([...(nodes.get(n) ?? []), ...(knownList(p.dependencies) ?? [])])]);
  }
  const a = analyzeDependencies([...nodes].map(([name, dependencies]) => ({ name, dependencies })));
  const names = [...nodes.keys()];
  const missingOf = new Map<string, string[]>();
  for (const m of a.missing) missingOf.set(m.name, [...(missingOf.get(m.name) ?? []), m.dependency]);
  for (const m of a.missing) {
    const base = new MissingDependencyError(m.name, missingOf.get(m.name)!).message;
    for (const p of withDeps.filter((x) => pluginName(x) === m.name && (knownList(x.dependencies) ?? []).includes(m.dependency))) {
      const at = depRange(p, fs, m.dependency);
      // A blank name is no typo of anything.
      const near = m.dependency.trim()
        ? closest(
            m.dependency,
            names.filter((n) => n !== m.name),
          )
        : [];
      const quote = quoteOf(fs, at.file, at.range);
      out.push({
        file: at.file,
        range: at.range,
        severity: 'error',
        code: 'missing-dependency',
        pluginId: p.id,
        message: `${base}. No discovered plugin is named '${m.dependency}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(', ')}?)` : ''}; floe's dependency resolution (activate_all) raises this error.`,
        ...(near.length && quote
          ? { fixes: near.map((n) => ({ title: `Change to '${n}'`, file: at.file, range: at.range, newText: `${quote}${n}${quote}` })) }
          : {}),
      });
    }
  }
  for (const cycle of a.cycles) {
    const msg = new CircularDependencyError(cycle).message;
    const members = new Set(cycle);
    for (const p of withDeps.filter((x) => members.has(pluginName(x)))) {
      const i = cycle.indexOf(pluginName(p));
      const next = cycle[i + 1];
      const at = depRange(p, fs, next);
      const removal = p.dependencies.kind === 'known' ? listItemRemoval(fs, at.file, p.dependencies.range, at.range) : undefined;
      out.push({
        file: at.file,
        range: at.range,
        severity: 'error',
        code: 'dependency-cycle',
        pluginId: p.id,
        message: `${msg}. The registry cannot order these plugins; remove one of the dependencies.`,
        ...(removal && quoteOf(fs, at.file, at.range)
          ? { fixes: [{ title: `Remove dependency on '${next}'`, file: at.file, range: removal, newText: '' }] }
          : {}),
        related: withDeps
          .filter((o) => o !== p && members.has(pluginName(o)))
          .map((o) => ({
            ...depRange(o, fs, cycle[cycle.indexOf(pluginName(o)) + 1]),
            message: `'${pluginName(o)}' is part of the cycle`,
          })),
      });
    }
  }
  const byName = new Map<string, PluginInfo[]>();
  for (const p of plugins) byName.set(pluginName(p), [...(byName.get(pluginName(p)) ?? []), p]);
  const order = a.order.flatMap((n) => (byName.get(n) ?? []).filter((p) => p.cls).map((p) => p.id));
  return { order, cycles: a.cycles };
}

/** The quote of the string literal at `r` (`"` or `'`), when `r` is one. */
function quoteOf(fs: FileSystem, file: string, r: Range): string | undefined {
  const text = fs.readFile(file);
  if (text === undefined || r.start.line !== r.end.line) return undefined;
  const line = text.split(/\r?\n/)[r.start.line] ?? '';
  const s = line.slice(r.start.character, r.end.character);
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s[0] : undefined;
}
