// A task provider for `floe-plugins check` (one "check" task per workspace folder), run with the
// bundled command line and read by the `$floe-plugins` problem matcher, so the Problems panel
// fills from a task the way it does from the language server.
import * as vscode from 'vscode';

export const TASK_TYPE = 'floe-plugins';

interface FloeTaskDefinition extends vscode.TaskDefinition {
  command: 'check';
  args?: string[];
}

function checkTask(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, def: FloeTaskDefinition): vscode.Task {
  const cli = context.asAbsolutePath('bin/floe-plugins.js');
  // The extension host's own runtime runs the command line (Electron acts as node with this variable).
  const exec = new vscode.ProcessExecution(process.execPath, [cli, 'check', '.', ...(def.args ?? [])], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const task = new vscode.Task(def, folder, 'check', 'floe-plugins', exec, ['$floe-plugins']);
  task.group = vscode.TaskGroup.Build;
  task.detail = vscode.l10n.t('floe-plugins check: plugin packages and platform manifests');
  return task;
}

export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => checkTask(context, f, { type: TASK_TYPE, command: 'check' })),
    resolveTask: (task) => {
      const def = task.definition as FloeTaskDefinition;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return def.command === 'check' && folder ? checkTask(context, folder, def) : undefined;
    },
  });
}
