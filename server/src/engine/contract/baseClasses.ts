// floe's test base classes (`testing/base_classes`), found statically: at the workspace root (the
// floe monorepo layout, importable as `testing.base_classes` from the root) or in a site-packages
// folder. Which of them apply to a plugin type, and what a subclass must fill in.
import * as path from 'node:path';
import type { FileSystem } from '../fs';

export interface BaseClassesFound {
  /** The `base_classes` package folder. */
  dir: string;
  /** The folder `testing` is importable from (the workspace root, or site-packages). */
  importRoot: string;
  origin: 'workspace' | 'site-packages';
  /** Class name -> the module to import it from (`testing.base_classes` when the package exports it). */
  classes: Map<string, string>;
}

/** The base class of one kind of test, and the fixtures its subclass provides. */
export interface BaseClassUse {
  name: string;
  /** What the subclass fills in (see generate.ts). */
  kind: 'metadata' | 'discovery' | 'lifecycle' | 'fixture';
  /** For `fixture`: the fixture that returns the plugin, and extra fixtures with their Python expression. */
  fixture?: string;
  extra?: Array<{ name: string; value: string; note: string }>;
}

const COMMON: BaseClassUse[] = [
  { name: 'BasePluginMetadataTests', kind: 'metadata' },
  { name: 'BasePluginDiscoveryTests', kind: 'discovery' },
  { name: 'BasePluginLifecycleTests', kind: 'lifecycle' },
];

const BY_GROUP: Record<string, BaseClassUse[]> = {
  'floe.catalogs': [{ name: 'BaseCatalogPluginTests', kind: 'fixture', fixture: 'catalog_plugin' }],
  'floe.secrets': [
    {
      name: 'BaseSecretsPluginTests',
      kind: 'fixture',
      fixture: 'secrets_plugin',
      extra: [{ name: 'test_secret_key', value: '"floe-contract-test-key"', note: 'a key the tests may write and read' }],
    },
  ],
  'floe.identity': [
    {
      name: 'BaseIdentityPluginTests',
      kind: 'fixture',
      fixture: 'identity_plugin',
      extra: [
        {
          name: 'valid_credentials',
          value: '{"username": "example", "password": "example"}',
          note: 'credentials your identity provider accepts (placeholders: put real ones here)',
        },
      ],
    },
  ],
  'floe.rbac': [{ name: 'BaseRBACPluginTests', kind: 'fixture', fixture: 'rbac_plugin' }],
};

/** The base classes that apply to a group, in the order they are written. */
export function applicableBaseClasses(group: string): BaseClassUse[] {
  return [...COMMON, ...(BY_GROUP[group] ?? [])];
}

function read(fs: FileSystem, dir: string, root: string, origin: BaseClassesFound['origin']): BaseClassesFound | undefined {
  const init = fs.readFile(path.join(dir, '__init__.py'));
  if (init === undefined) return undefined;
  const classes = new Map<string, string>();
  for (const e of fs.readDir(dir) ?? []) {
    if (e.isDirectory || !e.name.endsWith('.py') || e.name === '__init__.py') continue;
    const text = fs.readFile(path.join(dir, e.name)) ?? '';
    for (const m of text.matchAll(/^class\s+(Base\w+)\s*[(:]/gm)) {
      const exported = new RegExp(`\\b${m[1]}\\b`).test(init);
      classes.set(m[1], exported ? 'testing.base_classes' : `testing.base_classes.${e.name.slice(0, -3)}`);
    }
  }
  return { dir, importRoot: root, origin, classes };
}

/** `testing/base_classes` at the workspace root, else in the first site-packages folder that has it. */
export function findBaseClasses(fs: FileSystem, workspaceRoot: string, sitePackages: string[]): BaseClassesFound | undefined {
  const local = read(fs, path.join(workspaceRoot, 'testing', 'base_classes'), workspaceRoot, 'workspace');
  if (local?.classes.size) return local;
  for (const site of sitePackages) {
    const found = read(fs, path.join(site, 'testing', 'base_classes'), site, 'site-packages');
    if (found?.classes.size) return found;
  }
  return undefined;
}
