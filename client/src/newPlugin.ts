// Floe: New Plugin… — pick a type, name it, pick the folder (where the workspace keeps its plugins
// by default), ask the server for the files and the root pyproject.toml's registration
// (`floe/scaffoldPlugin`) and apply them as ONE WorkspaceEdit (so a single undo removes them), then
// open the class.
import * as vscode from 'vscode';
import { PluginTypesRequest, ScaffoldPluginRequest } from '../../shared/protocol';
import type { FloeController } from './controller';
import { validatePluginName } from '../../shared/pluginName';

export interface NewPluginResult {
  files: string[];
  mainUri: string;
  /** Existing files the edit changed (the root pyproject.toml). */
  edited: string[];
  /** Where the package was registered there. */
  registered: string[];
  packageUri?: string;
}

/** One WorkspaceEdit as applied: the files it creates, the existing files it changes, the resources it touches (`size`) and the new files' text. */
export interface AppliedEdit {
  creates: string[];
  changes: string[];
  size: number;
  texts: Array<{ uri: string; text: string }>;
}

/** `onEdit`: told of the edit before it is applied (the extension-host tests record it). */
export async function newPlugin(
  ctl: FloeController,
  args: { folderUri?: string; group?: string; name?: string; parentUri?: string } = {},
  onEdit?: (e: AppliedEdit) => void,
): Promise<NewPluginResult | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Floe: open a folder first to create a plugin in it.'));
    return undefined;
  }
  const client = await ctl.running();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the language server is not running.'));
    return undefined;
  }

  let folderUri = args.folderUri;
  if (!folderUri) {
    const f = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Create the plugin in…') });
    if (!f) return undefined;
    folderUri = f.uri.toString();
  }

  const info = await client.sendRequest(PluginTypesRequest.type, { folderUri });
  let group = args.group;
  if (!group) {
    const { types } = info;
    const pick = await vscode.window.showQuickPick(
      types.map((t) => ({ label: t.label, description: t.group, detail: vscode.l10n.t('class deriving from {0}', t.abc), group: t.group })),
      { placeHolder: vscode.l10n.t('Plugin type') },
    );
    if (!pick) return undefined;
    group = pick.group;
  }

  const pattern = info.packageNames?.[group] ?? 'floe-{name}';
  let name = args.name;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      prompt: vscode.l10n.t('Plugin name: the entry-point name, and the package becomes {0}', pattern.replace('{name}', '<name>')),
      placeHolder: 'spark',
      validateInput: (v) => validatePluginName(v),
    });
    if (name === undefined) return undefined;
  }
  const invalid = validatePluginName(name);
  if (invalid) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: {0}', invalid));
    return undefined;
  }

  let parentUri = args.parentUri;
  if (parentUri === undefined && !args.name) {
    const picked = await pickParent(vscode.Uri.parse(folderUri), info.parentUri, info.parentReason, pattern.replace('{name}', name.trim()));
    if (!picked) return undefined;
    parentUri = picked;
  }

  const r = await client.sendRequest(ScaffoldPluginRequest.type, { folderUri, group, name: name.trim(), ...(parentUri ? { parentUri } : {}) });
  if (r.error || !r.files.length) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: could not create the plugin: {0}', r.error ?? vscode.l10n.t('no files')));
    return undefined;
  }
  for (const f of r.files) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.parse(f.uri));
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Floe: {0} already exists; choose another name.', vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))),
      );
      return undefined;
    } catch {
      /* does not exist: good */
    }
  }
  const edit = new vscode.WorkspaceEdit();
  const creates: string[] = [];
  const label = { label: vscode.l10n.t('New floe plugin {0}', name), needsConfirmation: false };
  for (const f of r.files) {
    const uri = vscode.Uri.parse(f.uri);
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, label);
    creates.push(uri.toString());
    if (f.content) edit.insert(uri, new vscode.Position(0, 0), f.content, label);
  }
  // The registration in the root pyproject.toml, in the same edit (one undo takes both back).
  const changed = new Set<string>();
  for (const e of r.edits ?? []) {
    const uri = vscode.Uri.parse(e.uri);
    edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText, label);
    changed.add(uri.toString());
  }
  onEdit?.({
    creates,
    changes: [...changed],
    size: edit.size,
    texts: edit
      .entries()
      .filter(([u]) => creates.includes(u.toString()))
      .map(([u, es]) => ({ uri: u.toString(), text: es.map((e) => e.newText).join('') })),
  });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the new plugin files could not be created.'));
    return undefined;
  }
  // applyEdit leaves the new and changed files dirty in editors: save them so discovery sees them on disk.
  for (const u of [...creates, ...changed]) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u);
    if (doc?.isDirty) await doc.save();
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.mainUri));
  const m = r.mainRange;
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(m.start.line, m.start.character, m.end.line, m.end.character) });
  ctl.output.info(
    `Created plugin ${name} (${group}): ${r.files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))).join(', ')}` +
      (r.registered?.length ? `; registered in the root pyproject.toml: ${r.registered.join(', ')}` : ''),
  );
  return { files: r.files.map((f) => f.uri), mainUri: r.mainUri, edited: [...changed], registered: r.registered ?? [], packageUri: r.packageUri };
}

/** The folder the package goes in: where the workspace's plugins are (the default), the root, or another. */
async function pickParent(root: vscode.Uri, suggested: string | undefined, reason: string | undefined, pkg: string): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { uri?: string };
  const isRoot = (u: string) => vscode.Uri.parse(u).toString() === root.toString();
  const under = (u: string) => (isRoot(u) ? pkg : `${vscode.workspace.asRelativePath(vscode.Uri.parse(u), false)}/${pkg}`);
  const items: Item[] = [];
  if (suggested) {
    items.push({
      label: under(suggested),
      uri: suggested,
      description: reason === 'siblings' ? vscode.l10n.t("where the workspace's plugins are") : vscode.l10n.t("floe's layout"),
    });
  }
  if (!suggested || !isRoot(suggested)) items.push({ label: pkg, uri: root.toString(), description: vscode.l10n.t('the workspace folder itself') });
  items.push({ label: vscode.l10n.t('Another folder…'), description: vscode.l10n.t('inside the workspace folder') });
  const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Create the plugin package in…') });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: suggested ? vscode.Uri.parse(suggested) : root,
    openLabel: vscode.l10n.t('Create here'),
  });
  return chosen?.[0]?.toString();
}
