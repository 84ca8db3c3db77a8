// Open documents: vscode-languageserver's TextDocuments, with each didChange's incremental changes
// applied one at a time so that the server also knows the one span of the text they touched (the
// engine re-parses a manifest from there instead of comparing whole texts).
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { composeChanges, type TextChange } from '../engine';

function isIncremental(c: TextDocumentContentChangeEvent): c is { range: Range; text: string } {
  const x = c as { text?: unknown; range?: unknown } | null | undefined;
  return !!x && typeof x.text === 'string' && x.range !== undefined;
}

export class OpenDocuments {
  readonly documents: TextDocuments<TextDocument>;
  /** The span the last didChange touched, per document URI, until documentChanged takes it. */
  private readonly spans = new Map<string, TextChange | undefined>();

  constructor() {
    this.documents = new TextDocuments({
      create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
      update: (doc, changes, version) => this.update(doc, changes, version),
    });
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The span the document's last change touched (once; undefined when unknown, e.g. a whole-text change). */
  takeSpan(uri: string): TextChange | undefined {
    const s = this.spans.get(uri);
    this.spans.delete(uri);
    return s;
  }

  private update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    if (!Array.isArray(changes)) {
      this.spans.delete(doc.uri);
      return TextDocument.update(doc, changes, version);
    }
    const first = doc.getText().length;
    let span: TextChange | undefined;
    let known = true;
    for (const c of changes) {
      if (isIncremental(c)) {
        const a = doc.offsetAt(c.range.start);
        const b = doc.offsetAt(c.range.end);
        const start = Math.min(a, b);
        const one: TextChange = { start, oldEnd: Math.max(a, b), newEnd: start + c.text.length };
        doc = TextDocument.update(doc, [c], version);
        span = span ? composeChanges(span, one, first, doc.getText().length) : one;
      } else {
        known = false;
        doc = TextDocument.update(doc, [c], version);
      }
    }
    if (known && span) this.spans.set(doc.uri, span);
    else this.spans.delete(doc.uri);
    return doc;
  }
}
