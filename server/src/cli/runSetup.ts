// What the commands that run Python share (health, verify, test): the folder, `--timeout`, the
// interpreter (resolved and checked) and the `--plugin` selection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchesSelector, resolveInterpreter, validateInterpreter, type AnalysisResult, type PluginInfo } from '../engine';
import type { ParsedArgs } from './args';

export interface RunSetup {
  root: string;
  /** The interpreter's own executable and version. */
  python: string;
  version: string;
  /** `--timeout` in ms, when given. */
  timeoutMs?: number;
}

/** The folder and `--timeout`; a usage error's message instead when one is wrong. */
export function folderAndTimeout(a: ParsedArgs): { root: string; timeoutMs?: number } | { error: string } {
  let timeoutMs: number | undefined;
  const t = a.options.get('--timeout')?.at(-1);
  if (t !== undefined) {
    const s = Number(t);
    if (!Number.isFinite(s) || s <= 0) return { error: `--timeout must be a positive number of seconds (got '${t}')` };
    timeoutMs = Math.round(s * 1000);
  }
  const root = path.resolve(a.dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return { error: `${root} is not a folder` };
  return { root, ...(timeoutMs ? { timeoutMs } : {}) };
}

/** The folder, `--timeout` and the interpreter; a usage error's message instead when one is wrong. */
export function runSetup(a: ParsedArgs): RunSetup | { error: string } {
  const folder = folderAndTimeout(a);
  if ('error' in folder) return folder;
  const check = validateInterpreter(resolveInterpreter(folder.root, a.options.get('--python')?.at(-1)), folder.root);
  if (!check.ok) return { error: `no usable Python: ${check.error}` };
  return { ...folder, python: check.path, version: check.version };
}

/** The plugins `--plugin group:name` selects (all when none is given); an error when one matches nothing. */
export function selectPlugins(a: ParsedArgs, r: AnalysisResult): { plugins: PluginInfo[]; all: boolean } | { error: string } {
  const selectors = a.options.get('--plugin') ?? [];
  const missing = selectors.filter((s) => !r.plugins.some((p) => matchesSelector(p, s)));
  if (missing.length) return { error: `no plugin matches ${missing.map((m) => `'${m}'`).join(', ')}` };
  if (!selectors.length) return { plugins: r.plugins, all: true };
  return { plugins: r.plugins.filter((p) => selectors.some((s) => matchesSelector(p, s))), all: false };
}
