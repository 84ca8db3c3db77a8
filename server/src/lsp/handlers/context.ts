// What a position request needs: the file, its kind, its folder's latest result and the file's current text.
import { fileKind, LineIndex, type AnalysisResult, type FileKind, type Position } from '../../engine';
import type { FolderIndex } from '../folders';

export interface DocContext {
  file: string;
  kind: FileKind;
  folder: FolderIndex;
  result: AnalysisResult;
  text: string;
  lines: LineIndex;
}

export function makeContext(file: string, folder: FolderIndex, text: string | undefined): DocContext | undefined {
  if (!folder.result || text === undefined) return undefined;
  return { file, kind: fileKind(file, text, folder.result), folder, result: folder.result, text, lines: new LineIndex(text) };
}

export function offsetAt(ctx: DocContext, pos: Position): number {
  return ctx.lines.offset(pos);
}
