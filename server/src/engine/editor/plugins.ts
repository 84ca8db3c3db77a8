// Which plugin is at a position: on its entry point (pyproject.toml, entry_points.txt), on or in
// its class (Python), or named by a string (a `dependencies` entry).
import { pluginName, type PluginInfo, type Position } from '../model';
import { rangeContains } from '../text/lineIndex';

export function pluginAtDeclaration(plugins: readonly PluginInfo[], file: string, pos: Position): { plugin: PluginInfo; on: 'name' | 'value' } | undefined {
  for (const p of plugins) {
    if (p.decl.file !== file) continue;
    if (rangeContains(p.decl.valueRange, pos)) return { plugin: p, on: 'value' };
    if (rangeContains(p.decl.nameRange, pos)) return { plugin: p, on: 'name' };
  }
  return undefined;
}

/** The plugin whose class name (`on: 'name'`) or class body (`on: 'class'`) is at the position. */
export function pluginAtClass(plugins: readonly PluginInfo[], file: string, pos: Position, on: 'name' | 'class'): PluginInfo | undefined {
  return plugins.find((p) => p.cls?.file === file && rangeContains(on === 'name' ? p.cls.nameRange : p.cls.range, pos));
}

/** The plugin registered under this name (its `name`, else its entry-point name). */
export function pluginByName(plugins: readonly PluginInfo[], name: string): PluginInfo | undefined {
  return plugins.find((p) => pluginName(p) === name);
}
