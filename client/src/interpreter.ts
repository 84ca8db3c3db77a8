// Which Python runs plugin code: the Python extension's active environment (soft dependency),
// else `floePlugins.python.interpreter`, else the folder's .venv, else python3.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../shared/settings';
import { chooseInterpreter } from './settingsMap';

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

export class InterpreterResolver implements vscode.Disposable {
  private api: PythonExtensionApi | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when the Python extension's environment changes. */
  readonly onDidChange = this.emitter.event;
  private init: Promise<void> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  private hookPythonExtension(): Promise<void> {
    this.init ??= (async () => {
      const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
      if (!ext) return;
      try {
        const api = ext.isActive ? ext.exports : await Promise.race([
          ext.activate(),
          new Promise<undefined>((r) => { const t = setTimeout(() => r(undefined), 10000); this.disposables.push({ dispose: () => clearTimeout(t) }); }),
        ]);
        if (!api?.environments) return;
        this.api = api;
        const ev = api.environments.onDidChangeActiveEnvironmentPath;
        if (ev) this.disposables.push(ev(() => this.emitter.fire()));
        this.log.info('Python extension found: using its active environment for health checks');
      } catch (e) {
        this.log.warn(`Python extension API unavailable: ${String(e)}`);
      }
    })();
    return this.init;
  }

  async resolve(resource?: vscode.Uri): Promise<{ path: string; origin: string }> {
    await this.hookPythonExtension();
    let fromPythonExtension: string | undefined;
    try { fromPythonExtension = this.api?.environments?.getActiveEnvironmentPath(resource)?.path || undefined; } catch { /* soft dependency */ }
    // Only the user's (or the remote machine's) own value counts: a workspace must not choose the
    // executable that runs plugin code, even a trusted one.
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource).inspect<string>('python.interpreter');
    const fromSetting = inspected?.globalValue || undefined;
    let venvExists: string | undefined;
    const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0];
    if (!fromPythonExtension && !fromSetting && folder && folder.uri.scheme === 'file') {
      const venv = vscode.Uri.joinPath(folder.uri, '.venv', 'bin', 'python');
      try { await vscode.workspace.fs.stat(venv); venvExists = venv.fsPath; } catch { /* no .venv */ }
    }
    return chooseInterpreter({ fromPythonExtension, fromSetting, venvExists });
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
