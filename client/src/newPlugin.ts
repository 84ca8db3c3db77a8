// Floe: New Plugin… — pick a type, name it, ask the server for the files (`floe/scaffoldPlugin`)
// and apply them as ONE WorkspaceEdit (so a single undo removes them), then open the class.
import * as vscode from 'vscode';
import { PluginTypesRequest, ScaffoldPluginRequest } from '../../shared/protocol';
import type { FloeController } from './controller';
import { validatePluginName } from '../../shared/pluginName';

export interface NewPluginResult { files: string[]; mainUri: string }

/** One WorkspaceEdit as applied: the files it creates, the resources it touches (`size`) and its text. */
export interface AppliedEdit { creates: string[]; size: number; texts: Array<{ uri: string; text: string }> }

/** `onEdit`: told of the edit before it is applied (the extension-host tests record it). */
export async function newPlugin(
  ctl: FloeController, args: { folderUri?: string; group?: string; name?: string } = {}, onEdit?: (e: AppliedEdit) => void,
): Promise<NewPluginResult | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) { void vscode.window.showWarningMessage('Floe: open a folder first to create a plugin in it.'); return undefined; }
  const client = await ctl.running();
  if (!client) { void vscode.window.showErrorMessage('Floe: the language server is not running.'); return undefined; }

  let folderUri = args.folderUri;
  if (!folderUri) {
    const f = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the plugin in…' });
    if (!f) return undefined;
    folderUri = f.uri.toString();
  }

  let group = args.group;
  if (!group) {
    const { types } = await client.sendRequest(PluginTypesRequest.type, { folderUri });
    const pick = await vscode.window.showQuickPick(
      types.map((t) => ({ label: t.label, description: t.group, detail: `class deriving from ${t.abc}`, group: t.group })),
      { placeHolder: 'Plugin type' },
    );
    if (!pick) return undefined;
    group = pick.group;
  }

  let name = args.name;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      prompt: 'Plugin name (the distribution becomes floe-<name>)',
      placeHolder: 'my-duck',
      validateInput: (v) => validatePluginName(v),
    });
    if (name === undefined) return undefined;
  }
  const invalid = validatePluginName(name);
  if (invalid) { void vscode.window.showErrorMessage(`Floe: ${invalid}`); return undefined; }

  const r = await client.sendRequest(ScaffoldPluginRequest.type, { folderUri, group, name: name.trim() });
  if (r.error || !r.files.length) {
    void vscode.window.showErrorMessage(`Floe: could not create the plugin: ${r.error ?? 'no files'}`);
    return undefined;
  }
  for (const f of r.files) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.parse(f.uri));
      void vscode.window.showErrorMessage(`Floe: ${vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))} already exists; choose another name.`);
      return undefined;
    } catch { /* does not exist: good */ }
  }
  const edit = new vscode.WorkspaceEdit();
  const creates: string[] = [];
  for (const f of r.files) {
    const uri = vscode.Uri.parse(f.uri);
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, { label: `New floe plugin ${name}`, needsConfirmation: false });
    creates.push(uri.toString());
    if (f.content) edit.insert(uri, new vscode.Position(0, 0), f.content);
  }
  onEdit?.({ creates, size: edit.size, texts: edit.entries().map(([u, es]) => ({ uri: u.toString(), text: es.map((e) => e.newText).join('') })) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('Floe: the new plugin files could not be created.');
    return undefined;
  }
  // applyEdit leaves the new files dirty in editors: save them so discovery sees them on disk.
  for (const f of r.files) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(f.uri).toString());
    if (doc?.isDirty) await doc.save();
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.mainUri));
  const m = r.mainRange;
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(m.start.line, m.start.character, m.end.line, m.end.character) });
  ctl.output.info(`Created plugin ${name} (${group}): ${r.files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))).join(', ')}`);
  return { files: r.files.map((f) => f.uri), mainUri: r.mainUri };
}
