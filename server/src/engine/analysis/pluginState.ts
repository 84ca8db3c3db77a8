// A plugin's own problems and the state they give it (ok / warning / error), decided once per
// analysis. The same rule serves the plugin's state, the counts in the plugin summaries and the
// plugin card:
//   - a diagnostic the analysis gave a plugin (its `pluginId`) is that plugin's, wherever it is;
//   - a diagnostic given to no plugin (a syntax error, say) is the plugin's whose entry-point lines,
//     group key or class body it lies in.
// The state is the worst severity among them; with none, `error` when the platform cannot import
// the plugin's code or its API version is incompatible, else `ok`.
import { problemsOf, type Diagnostic, type PluginInfo, type PluginProblems, type PluginState, type Range } from '../model';

const sameRange = (x: Range, y: Range) =>
  x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character;

/** Does a diagnostic given to no plugin lie at this plugin's declaration or in its class? */
function liesIn(p: PluginInfo, d: Diagnostic): boolean {
  if (d.file === p.decl.file) {
    const from = Math.min(p.decl.nameRange.start.line, p.decl.valueRange.start.line);
    const to = Math.max(p.decl.nameRange.end.line, p.decl.valueRange.end.line);
    if (d.range.start.line >= from && d.range.start.line <= to) return true;
    if (sameRange(d.range, p.decl.groupRange)) return true;
  }
  return !!p.cls && d.file === p.cls.file && d.range.start.line >= p.cls.range.start.line && d.range.start.line <= p.cls.range.end.line;
}

function add(to: Map<string, PluginProblems>, id: string, d: Diagnostic): void {
  if (d.severity !== 'error' && d.severity !== 'warning') return;
  const c = to.get(id) ?? { errors: 0, warnings: 0 };
  if (d.severity === 'error') c.errors++;
  else c.warnings++;
  to.set(id, c);
}

/** Each plugin's error and warning counts (by the rule above), in one pass over the diagnostics. */
export function pluginProblems(plugins: readonly PluginInfo[], diagnostics: readonly Diagnostic[]): Map<string, PluginProblems> {
  const out = new Map<string, PluginProblems>();
  const untagged = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.pluginId !== undefined) {
      add(out, d.pluginId, d);
      continue;
    }
    const list = untagged.get(d.file);
    if (list) list.push(d);
    else untagged.set(d.file, [d]);
  }
  if (!untagged.size) return out;
  for (const p of plugins) {
    const files = p.cls && p.cls.file !== p.decl.file ? [p.decl.file, p.cls.file] : [p.decl.file];
    for (const f of files) for (const d of untagged.get(f) ?? []) if (liesIn(p, d)) add(out, p.id, d);
  }
  return out;
}

/** The state problems give a plugin; `unimportable`: the platform cannot import its code (a syntax error). */
export function pluginState(p: PluginInfo, problems: PluginProblems, unimportable = false): PluginState {
  if (problems.errors || unimportable) return 'error';
  if (problems.warnings) return 'warning';
  return p.compatibility === 'incompatible' ? 'error' : 'ok';
}

/** Set every plugin's state from the final diagnostics; returns the counts the state came from. */
export function setStates(
  plugins: readonly PluginInfo[],
  diagnostics: readonly Diagnostic[],
  unimportable: ReadonlyMap<string, unknown>,
): Map<string, PluginProblems> {
  const problems = pluginProblems(plugins, diagnostics);
  for (const p of plugins) p.state = pluginState(p, problemsOf(problems, p.id), unimportable.has(p.id));
  return problems;
}
