// Shared helpers for the Python analysis tests.
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import type { Range } from '../../../server/src/engine/model';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import type { TargetAnalysis, TargetRequest } from '../../../server/src/engine/python/types';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/python');

export const ALL_ABCS = ['ComputePlugin', 'OrchestratorPlugin', 'CatalogPlugin', 'StoragePlugin', 'DBTPlugin'];

/** An in-memory workspace under `/ws` (file paths relative to it). */
export function memWorkspace(files: Record<string, string>): { fs: MemoryFileSystem; py: PythonAnalyzer; texts: Record<string, string> } {
  const abs: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) abs[`/ws/${k}`] = v;
  const fs = new MemoryFileSystem(abs);
  return { fs, py: new PythonAnalyzer(fs), texts: abs };
}

export function target(py: PythonAnalyzer, value: string, opts: Partial<TargetRequest> = {}): TargetAnalysis {
  const [module, attr] = value.split(':');
  return py.analyzeTarget({ importRoots: ['/ws'], module, attr, requiredAbc: 'ComputePlugin', allAbcs: ALL_ABCS, ...opts });
}

/** Range of the `nth` occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (#${nth}) not in text`);
  }
  return new LineIndex(text).range(at, at + needle.length);
}

export function r(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}
