// Contract tests for one workspace plugin: which file (the package's tests/ folder, never an
// existing file), which variant (floe's test base classes when they are importable, else
// self-contained) and the text. Nothing is written here: the editor applies it as one edit.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { knownString, type AnalysisResult, type PluginInfo } from '../model';
import type { StaticSchema } from '../python/types';
import { applicableBaseClasses, findBaseClasses } from './baseClasses';
import { contractTestSource, type ContractInput } from './generate';
import { sampleConfig } from './sampleConfig';

export { CONTRACT_MARKER } from './generate';

export interface ContractPlan {
  file: string;
  content: string;
  variant: 'base-classes' | 'self-contained';
  /** The base classes subclassed (base-classes variant). */
  baseClasses: string[];
}

export interface ContractOptions {
  /** Site-packages folders where floe's `testing/base_classes` may be installed. */
  sitePackages: string[];
  /** The static translation of the plugin's config model. */
  staticSchema: (p: PluginInfo) => StaticSchema | undefined;
}

const MAX_NAMES = 100;

/** The module a file is imported as from one of the roots (`pkg/mod.py` -> `pkg.mod`). */
export function moduleOf(file: string, roots: string[]): string | undefined {
  for (const root of roots) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel) || !/\.pyi?$/.test(rel)) continue;
    const parts = rel.replace(/\.pyi?$/, '').split(path.sep);
    if (parts.at(-1) === '__init__') parts.pop();
    if (parts.length && parts.every((x) => /^[A-Za-z_]\w*$/.test(x))) return parts.join('.');
  }
  return undefined;
}

/** `tests/test_<entry point>_contract.py`, or the first `_2`, `_3` ... that does not exist. */
export function contractTestFile(fs: FileSystem, testsDir: string, entryPoint: string): string | undefined {
  const stem = `test_${entryPoint.replace(/[^A-Za-z0-9_]+/g, '_')}_contract`;
  for (let i = 1; i <= MAX_NAMES; i++) {
    const file = path.join(testsDir, `${stem}${i === 1 ? '' : `_${i}`}.py`);
    if (!fs.stat(file)) return file;
  }
  return undefined;
}

export function planContractTests(r: AnalysisResult, p: PluginInfo, fs: FileSystem, opts: ContractOptions): ContractPlan | { error: string } {
  if (p.decl.source !== 'workspace') {
    return {
      error: `${p.group}:${p.entryPoint} is installed (${p.decl.distribution}), not a package of this workspace: create its contract tests in its own repository`,
    };
  }
  const testsDir = path.join(path.dirname(p.decl.file), 'tests');
  const file = contractTestFile(fs, testsDir, p.entryPoint);
  if (!file) return { error: `${testsDir} already has ${MAX_NAMES} contract test files for ${p.entryPoint}; remove some first` };
  const type = r.platform.types.find((t) => t.group === p.group);
  const input: ContractInput = { group: p.group, entryPoint: p.entryPoint, target: p.target, type };
  const api = knownString(p.floeApiVersion);
  if (api) input.apiVersion = api;
  if (p.configSchema) {
    const module = p.configSchema.file ? moduleOf(p.configSchema.file, p.decl.importRoots) : undefined;
    if (module) {
      input.configModel = { module, className: p.configSchema.className };
      const st = opts.staticSchema(p);
      input.config = st ? sampleConfig(st.display ?? st.schema) : {};
    } else {
      input.configNote = `get_config_schema() returns ${p.configSchema.className}, which could not be located statically: CONFIG is empty`;
    }
  }
  const found = findBaseClasses(fs, r.root, opts.sitePackages);
  const uses = found ? applicableBaseClasses(p.group).filter((u) => found.classes.has(u.name)) : [];
  if (found && uses.length) {
    input.base = { found, uses, rootParents: path.relative(r.root, testsDir).split(path.sep).length };
  }
  return {
    file,
    content: contractTestSource(input),
    variant: input.base ? 'base-classes' : 'self-contained',
    baseClasses: uses.map((u) => u.name),
  };
}
