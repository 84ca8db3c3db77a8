// What a position request needs: the file, its folder's latest result and the file's current text.
import * as path from 'node:path';
import type { AnalysisResult, Position } from '../../engine/model';
import { LineIndex } from '../../engine/text/lineIndex';
import type { FolderIndex } from '../folders';
import { looksLikeManifest } from '../../engine/manifest';

export interface DocContext {
  file: string;
  folder: FolderIndex;
  result: AnalysisResult;
  text: string;
  lines: LineIndex;
}

export function makeContext(file: string, folder: FolderIndex, text: string | undefined): DocContext | undefined {
  if (!folder.result || text === undefined) return undefined;
  return { file, folder, result: folder.result, text, lines: new LineIndex(text) };
}

export function offsetAt(ctx: DocContext, pos: Position): number {
  return ctx.lines.offset(pos);
}

export type FileKind = 'pyproject' | 'python' | 'manifest' | 'entry-points' | 'other';

export function fileKind(ctx: DocContext): FileKind {
  const base = path.basename(ctx.file);
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'entry_points.txt') return 'entry-points';
  if (ctx.file.endsWith('.py')) return 'python';
  if (/\.(ya?ml|json)$/i.test(base)) {
    if (ctx.result.manifests.some((m) => m.file === ctx.file)) return 'manifest';
    if (looksLikeManifest(ctx.file, ctx.text)) return 'manifest';
  }
  return 'other';
}
