// What kind of file the editor has open, as far as floe is concerned.
import * as path from 'node:path';
import type { AnalysisResult } from '../model';
import { looksLikeManifest } from '../manifest';

export type FileKind = 'pyproject' | 'python' | 'manifest' | 'entry-points' | 'other';

/** `result`: the folder's latest analysis (a manifest it found is one even when the text does not look like it now). */
export function fileKind(file: string, text: string, result: Pick<AnalysisResult, 'manifests'>): FileKind {
  const base = path.basename(file);
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'entry_points.txt') return 'entry-points';
  if (file.endsWith('.py')) return 'python';
  if (/\.(ya?ml|json)$/i.test(base)) {
    if (result.manifests.some((m) => m.file === file)) return 'manifest';
    if (looksLikeManifest(file, text)) return 'manifest';
  }
  return 'other';
}
