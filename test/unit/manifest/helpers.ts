// Shared helpers for the manifest tests: fake plugins pointing at fixture packages, a context,
// and exact range lookup by substring.
import * as path from 'node:path';
import { NodeFileSystem, type FileSystem } from '../../../server/src/engine/fs';
import type { ManifestContext } from '../../../server/src/engine/manifest/types';
import type { PluginInfo, Range, StaticValue } from '../../../server/src/engine/model';
import { BUILTIN_PLUGIN_TYPES } from '../../../server/src/engine/pluginTypes';
import type { PythonAnalyzerApi, StaticSchema } from '../../../server/src/engine/python/types';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';

export const REPO = process.env.FLOE_REPO_ROOT ?? process.cwd();
export const FIX = path.join(REPO, 'test/fixtures/manifest');
export const R0: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function known<T>(value: T, file = 'x.py'): StaticValue<T> {
  return { kind: 'known', value, file, range: R0, origin: 'property' };
}

export interface PluginSpec {
  name: string;
  group: string;
  category: string;
  version?: string;
  pkg?: string;
  target?: string;
  className?: string;
  compatibility?: PluginInfo['compatibility'];
  description?: string;
  importRoots?: string[];
}

export function makePlugin(s: PluginSpec): PluginInfo {
  const pkgDir = path.join(FIX, 'packages', s.pkg ?? `floe-${s.name}`);
  const declFile = path.join(pkgDir, 'pyproject.toml');
  const target = s.target ?? `floe_${s.name}.plugin:${s.name}Plugin`;
  const nameRange: Range = { start: { line: 5, character: 0 }, end: { line: 5, character: s.name.length } };
  return {
    id: `${s.group}:${s.name}@packages/${s.pkg ?? `floe-${s.name}`}/pyproject.toml`,
    group: s.group,
    category: s.category,
    entryPoint: s.name,
    target,
    decl: {
      group: s.group,
      name: s.name,
      value: target,
      file: declFile,
      nameRange,
      valueRange: R0,
      groupRange: R0,
      distribution: `floe-${s.name}`,
      distributionVersion: s.version,
      source: 'workspace',
      importRoots: s.importRoots ?? [path.join(pkgDir, 'src'), pkgDir],
    },
    cls: {
      name: `${s.name}Plugin`,
      file: path.join(pkgDir, 'src', 'plugin.py'),
      range: { start: { line: 3, character: 0 }, end: { line: 9, character: 0 } },
      nameRange: { start: { line: 3, character: 6 }, end: { line: 3, character: 6 + s.name.length + 6 } },
    },
    name: known(s.name),
    version: s.version ? known(s.version) : { kind: 'missing' },
    floeApiVersion: known('1.0'),
    description: s.description ? known(s.description) : { kind: 'missing' },
    dependencies: known([]),
    bases: ['ComputePlugin'],
    derivesFromAbc: true,
    missingAbstract: [],
    configSchema: s.className
      ? {
          className: s.className,
          file: path.join(pkgDir, 'src', 'config.py'),
          range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 + s.className.length } },
          returnFile: path.join(pkgDir, 'src', 'plugin.py'),
          returnRange: R0,
        }
      : undefined,
    compatibility: s.compatibility ?? 'compatible',
    state: 'ok',
  };
}

/** A PythonAnalyzerApi stub: only `staticConfigSchema` answers, from a map by class name. */
export function stubPython(staticSchemas: Record<string, StaticSchema> = {}, calls: string[] = []): PythonAnalyzerApi {
  return {
    analyzeTarget: () => {
      throw new Error('not used');
    },
    syntaxDiagnostics: () => [],
    readFloeCore: () => undefined,
    staticConfigSchema: (ref) => {
      calls.push(ref.className);
      return staticSchemas[ref.className];
    },
    invalidate: () => undefined,
  };
}

export const DUCKDB = makePlugin({
  name: 'duckdb',
  group: 'floe.computes',
  category: 'compute',
  version: '0.2.0',
  className: 'DuckDBConfig',
  description: 'DuckDB compute.',
});
export const POLARIS = makePlugin({
  name: 'polaris',
  group: 'floe.catalogs',
  category: 'catalog',
  version: '0.1.0',
  className: 'PolarisConfig',
  description: 'Apache Polaris catalog.',
});

export function makeCtx(over: Partial<ManifestContext> = {}, fs: FileSystem = new NodeFileSystem()): ManifestContext {
  return {
    fs,
    root: FIX,
    types: [...BUILTIN_PLUGIN_TYPES],
    plugins: [DUCKDB, POLARIS],
    pluginErrors: new Map(),
    python: stubPython(),
    pythonSchemas: new Map(),
    ...over,
  };
}

/** The range of the `nth` occurrence of `needle` in `text` (0-based nth). */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${nth} not in text`);
  }
  return new LineIndex(text).range(at, at + needle.length);
}

/** Offset of the `nth` occurrence of `needle`, plus `delta`. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  return at + delta;
}

/** The range of `part` inside the `nth` occurrence of `needle` (for short values like `0`). */
export function rangeIn(text: string, needle: string, part: string, nth = 0): Range {
  const at = offsetOf(text, needle, 0, nth) + needle.indexOf(part);
  if (needle.indexOf(part) < 0) throw new Error(`"${part}" not in "${needle}"`);
  return new LineIndex(text).range(at, at + part.length);
}
