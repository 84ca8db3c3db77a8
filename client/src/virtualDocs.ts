// Read-only documents (scheme `floe:`) for the dependency order and effective configs.
import * as vscode from 'vscode';

export const SCHEME = 'floe';

export class VirtualDocs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  /** Set a document's text and open it (read-only) beside the current editor. */
  async show(path: string, text: string, language: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path });
    this.docs.set(uri.toString(), text);
    this.emitter.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
    return doc;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
