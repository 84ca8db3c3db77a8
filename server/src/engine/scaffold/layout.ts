// How a workspace lays out its plugin packages, learned from the ones it has: the folder they sit
// in, how their distributions are named (`floe-<type>-<name>`, the type word per group), whether
// they use a src layout, where their entry points point (the package or its `plugin` module) and
// where their tests go. With no plugin to learn from, floe's own layout: `plugins/floe-<type>-<name>`.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PluginInfo } from '../model';

/** The word floe's package names use for each group (`floe-compute-duckdb`, `floe-alert-slack`). */
const TYPE_WORDS: Record<string, string> = {
  'floe.computes': 'compute',
  'floe.orchestrators': 'orchestrator',
  'floe.catalogs': 'catalog',
  'floe.storage': 'storage',
  'floe.telemetry_backends': 'telemetry',
  'floe.lineage_backends': 'lineage',
  'floe.dbt': 'dbt',
  'floe.semantic_layers': 'semantic',
  'floe.ingestion': 'ingestion',
  'floe.secrets': 'secrets',
  'floe.identity': 'identity',
  'floe.quality': 'quality',
  'floe.rbac': 'rbac',
  'floe.alert_channels': 'alert',
  'floe.network_security': 'network-security',
};

export interface PluginLayout {
  /** The folder new plugin packages go in. */
  parent: string;
  /** Why that folder: the workspace's plugins are there, or floe's convention (`plugins/`). */
  parentReason: 'siblings' | 'convention';
  /** `floe-<type>-<name>` (floe's) or `floe-<name>` (what the workspace's plugins use). */
  naming: 'type-and-name' | 'name';
  /** The type word of each group, learned from the plugins (`secrets` for floe.secrets ...). */
  words: Record<string, string>;
  srcLayout: boolean;
  /** Entry points point at the package (`pkg:Class`) or its module (`pkg.plugin:Class`). */
  target: 'package' | 'module';
  /** Tests go under `tests/unit/` (as the plugins do) or `tests/`. */
  testsDir: string;
}

/** The word for a group in package names: learned from the workspace, else floe's, else from the group. */
export function typeWord(layout: Pick<PluginLayout, 'words'>, group: string): string {
  return (
    layout.words[group] ??
    TYPE_WORDS[group] ??
    group
      .replace(/^floe\./, '')
      .replace(/_/g, '-')
      .replace(/s$/, '')
  );
}

/** The most common value; the fallback when there is none or a tie. */
function majority<T extends string>(values: T[], fallback: T): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback,
    n = 0,
    tie = false;
  for (const [v, c] of counts) {
    if (c > n) {
      best = v;
      n = c;
      tie = false;
    } else if (c === n) tie = true;
  }
  return tie ? fallback : best;
}

/** The layout of the workspace at `root`, from its own plugin packages (declared in pyproject.toml). */
export function pluginLayout(fs: FileSystem | undefined, root: string, plugins: readonly PluginInfo[] = []): PluginLayout {
  const own = plugins.filter(
    (p) => p.decl.source === 'workspace' && path.basename(p.decl.file) === 'pyproject.toml' && p.decl.file.startsWith(root + path.sep),
  );
  const dirs = [...new Set(own.map((p) => path.dirname(p.decl.file)))];
  const words: Record<string, string> = {};
  const named: Array<PluginLayout['naming']> = [];
  for (const p of own) {
    const dist = p.decl.distribution;
    const ep = p.entryPoint.toLowerCase().replace(/_/g, '-');
    const m = /^floe-(.+)-(.+)$/.exec(dist);
    if (m && dist.endsWith(`-${ep}`) && dist.length > `floe--${ep}`.length) {
      words[p.group] ??= dist.slice('floe-'.length, dist.length - ep.length - 1);
      named.push('type-and-name');
    } else if (dist === `floe-${ep}`) named.push('name');
  }
  const parents = dirs.map((d) => path.dirname(d)).filter((d) => d === root || d.startsWith(root + path.sep));
  const parent = parents.length ? majority(parents, root) : path.join(root, 'plugins');
  const parentReason: PluginLayout['parentReason'] = parents.length ? 'siblings' : 'convention';
  const srcLayout =
    !own.length ||
    majority(
      own.map((p) => (p.decl.importRoots.includes(path.join(path.dirname(p.decl.file), 'src')) ? 'src' : 'flat')),
      'src',
    ) === 'src';
  const target = majority(
    own.map((p) => (p.target.split(':')[0].includes('.') ? 'module' : 'package') as PluginLayout['target']),
    'package',
  );
  const unitTests = dirs.some((d) => fs?.stat(path.join(d, 'tests', 'unit'))?.isDirectory);
  return {
    parent,
    parentReason,
    naming: majority(named, 'type-and-name'),
    words,
    srcLayout,
    target,
    testsDir: unitTests ? path.join('tests', 'unit') : 'tests',
  };
}

/** The stem of a new plugin's names from what the author typed: `spark` from `spark`, `floe-spark` or `compute-spark`. */
export function nameStem(layout: Pick<PluginLayout, 'words'>, group: string, name: string): string {
  const word = typeWord(layout, group);
  return name
    .trim()
    .replace(/_/g, '-')
    .replace(/^floe-/, '')
    .replace(new RegExp(`^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(?=.)`), '');
}

/** The distribution (and folder) name of a new plugin: `floe-compute-spark`, or `floe-spark` where the workspace names them so. */
export function packageName(layout: Pick<PluginLayout, 'words' | 'naming'>, group: string, stem: string): string {
  return layout.naming === 'type-and-name' ? `floe-${typeWord(layout, group)}-${stem}` : `floe-${stem}`;
}
