// Floe: Create Contract Tests — asks the server for a pytest file of contract tests for one plugin
// (`floe/contractTests`: floe's test base classes when importable, else self-contained) and applies
// it as ONE WorkspaceEdit (a single undo removes it), never over an existing file; then opens it.
import * as vscode from 'vscode';
import { ContractTestsRequest, type PluginSummary } from '../../shared/protocol';
import { pluginFromArg } from './commands';
import type { FloeController } from './controller';
import type { AppliedEdit } from './newPlugin';
import { allPlugins } from './treeModel';

async function pickWorkspacePlugin(ctl: FloeController): Promise<PluginSummary | undefined> {
  if (!ctl.tree.data) await ctl.tree.refresh();
  const mine = allPlugins(ctl.tree.data).filter((x) => x.plugin.source === 'workspace');
  if (!mine.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Floe: no plugin of this workspace to create contract tests for.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    mine.map(({ plugin, type }) => ({ label: `$(beaker) ${plugin.name}`, description: `${type.label} · ${plugin.group}`, plugin })),
    { placeHolder: vscode.l10n.t('Create contract tests for…') },
  );
  return picked?.plugin;
}

/** `onEdit`: told of the edit before it is applied (the extension-host tests record it). */
export async function createContractTests(
  ctl: FloeController,
  arg?: unknown,
  onEdit?: (e: AppliedEdit) => void,
): Promise<{ uri: string; variant: string } | undefined> {
  const p = pluginFromArg(ctl, arg) ?? (await pickWorkspacePlugin(ctl));
  if (!p) return undefined;
  const client = await ctl.running();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the language server is not running.'));
    return undefined;
  }
  const r = await client.sendRequest(ContractTestsRequest.type, { pluginId: p.id });
  if (r.error || !r.uri || r.content === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: could not create contract tests: {0}', r.error ?? vscode.l10n.t('no file')));
    return undefined;
  }
  const uri = vscode.Uri.parse(r.uri);
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: {0} already exists; it was not changed.', vscode.workspace.asRelativePath(uri)));
    return undefined;
  } catch {
    /* does not exist: good */
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, { label: vscode.l10n.t('Contract tests for {0}', p.name), needsConfirmation: false });
  edit.insert(uri, new vscode.Position(0, 0), r.content);
  onEdit?.({
    creates: [uri.toString()],
    changes: [],
    size: edit.size,
    texts: edit.entries().map(([u, es]) => ({ uri: u.toString(), text: es.map((e) => e.newText).join('') })),
  });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the contract test file could not be created.'));
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  const m = r.mainRange;
  await vscode.window.showTextDocument(doc, m ? { selection: new vscode.Range(m.start.line, m.start.character, m.end.line, m.end.character) } : {});
  const how = r.variant === 'base-classes' ? `subclassing ${r.baseClasses?.join(', ')}` : 'self-contained (no floe test base classes found)';
  ctl.output.info(`Created contract tests for ${p.name}: ${vscode.workspace.asRelativePath(uri)}, ${how}`);
  void vscode.window.showInformationMessage(
    r.variant === 'base-classes'
      ? vscode.l10n.t(
          'Floe: created {0} (subclassing {1}). Run them with pytest or floe-plugins test.',
          vscode.workspace.asRelativePath(uri),
          r.baseClasses?.join(', ') ?? '',
        )
      : vscode.l10n.t(
          'Floe: created {0} (self-contained: no floe test base classes found). Run them with pytest or floe-plugins test.',
          vscode.workspace.asRelativePath(uri),
        ),
  );
  return { uri: uri.toString(), variant: r.variant ?? 'self-contained' };
}

export function registerContractTestsCommand(ctl: FloeController, onEdit?: (e: AppliedEdit) => void): vscode.Disposable {
  const reg = vscode.commands.registerCommand;
  return reg('floe.createContractTests', (arg?: unknown) => createContractTests(ctl, arg, onEdit));
}
