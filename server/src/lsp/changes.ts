// Document and watched-file changes -> the overlay, the folders' invalidations and a scheduled
// pass. Only changes that concern a folder's analysis (changeFilter) invalidate it and start a
// pass; a changed open document also gets its own syntax errors published at once (fast path).
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { filesToInvalidate } from './changeFilter';
import type { OpenDocuments } from './documents';
import type { ServerCore } from './core';
import type { FolderIndex } from './folders';
import type { PassScheduler } from './passes';
import { quickSyntax } from '../engine';
import { uriToPath } from './uri';
import { verifyFilesChanged } from './handlers/verify';

export class ChangeRouter {
  constructor(
    private readonly core: ServerCore,
    private readonly passes: PassScheduler,
    private readonly docs: OpenDocuments,
  ) {}

  documentChanged(doc: TextDocument): void {
    const span = this.docs.takeSpan(doc.uri);
    const file = uriToPath(doc.uri);
    if (!file) return;
    this.core.docUris.set(file, doc.uri);
    const text = doc.getText();
    // A client that sends no text (or not a string) gets the file's disk content instead of
    // poisoning every later analysis.
    if (typeof text !== 'string') {
      this.core.overlay.delete(file);
      this.filesChanged([file]);
      return;
    }
    this.core.overlay.set(file, text, typeof doc.version === 'number' ? doc.version : 0, span);
    if (!this.filesChanged([file]).length) return;
    const quick = quickSyntax(file, text);
    if (quick) this.core.publisher.setSyntax(file, quick);
  }

  documentClosed(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    if (!file) return;
    this.core.overlay.delete(file);
    this.filesChanged([file]);
    this.core.docUris.delete(file);
  }

  watchedFilesChanged(p: DidChangeWatchedFilesParams | undefined): void {
    const files: string[] = [];
    const deleted = new Set<string>();
    for (const ch of Array.isArray(p?.changes) ? p.changes : []) {
      const file = uriToPath(ch?.uri);
      if (!file) continue;
      files.push(file);
      if (ch.type === FileChangeType.Deleted) deleted.add(file);
    }
    if (files.length) this.filesChanged(files, deleted);
  }

  /** Invalidate the files in every folder whose analysis they concern and schedule a pass; returns those folders. */
  filesChanged(files: string[], deleted?: ReadonlySet<string>): FolderIndex[] {
    verifyFilesChanged(this.core, files);
    const touched: FolderIndex[] = [];
    for (const f of this.core.folders.values()) {
      const mine = filesToInvalidate(f, files, deleted);
      if (!mine.length) continue;
      f.invalidate(mine);
      this.passes.add(f);
      touched.push(f);
    }
    if (touched.length) this.passes.schedule();
    return touched;
  }
}
