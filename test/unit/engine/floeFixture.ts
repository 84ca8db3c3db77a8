// The floe-shaped fixture workspace (test/fixtures/platform/ws) for engine tests: on disk, or
// copied into a memory tree under any prefix (to build variations: a venv, a broken copy ...).
import * as path from 'node:path';
import { readTree } from '../../robustness/lib/fixture';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');
export const PLATFORM_WS = path.join(REPO, 'test', 'fixtures', 'platform', 'ws');
/** The floe_core package of the fixture (14 types, the LINEAGE alias, network loader, ABCs). */
export const FIXTURE_CORE = path.join(PLATFORM_WS, 'packages', 'floe-core', 'src', 'floe_core');

/** Every file under `dir`, as `{ <prefix>/<relative path>: text }`. */
export function treeOf(dir: string, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(dir)).map(([rel, text]) => [`${prefix}/${rel}`, text]));
}

/** A plugin package (src layout) whose module `floe_<name>.plugin` defines `Plugin` from `body`. */
export function pluginPackage(root: string, name: string, group: string, body: string, entryPoint = name): Record<string, string> {
  const mod = `floe_${name.replace(/-/g, '_')}`;
  return {
    [`${root}/${name}/pyproject.toml`]: `[project]\nname = "floe-${name}"\nversion = "0.1.0"\n\n[project.entry-points."${group}"]\n${entryPoint} = "${mod}.plugin:Plugin"\n`,
    [`${root}/${name}/src/${mod}/__init__.py`]: '',
    [`${root}/${name}/src/${mod}/plugin.py`]: body,
  };
}

/** A plugin class deriving from `abc` (imported as `importLine`), metadata as class attributes. */
export function pluginBody(importLine: string, abc: string, name: string, extra = '', api = '1.0'): string {
  return `${importLine}\n\n\nclass Plugin(${abc}):\n    name = "${name}"\n    version = "0.1.0"\n    floe_api_version = "${api}"\n${extra}`;
}
