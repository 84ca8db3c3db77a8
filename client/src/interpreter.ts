// Which Python runs plugin code: the Python extension's active environment (soft dependency),
// else `floePlugins.python.interpreter`, else the folder's .venv (or venv), else python3. Changes
// are announced: another environment chosen in the Python extension, and a folder's virtualenv
// created, recreated or deleted while the window is open.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../shared/settings';
import { chooseInterpreter } from './settingsMap';

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

/** The folder virtualenvs looked for, in order, and the files in them that say one is there. */
const VENV_DIRS = ['.venv', 'venv'];
const VENV_FILES = ['pyvenv.cfg', 'bin/python', 'Scripts/python.exe'];

export class InterpreterResolver implements vscode.Disposable {
  private api: PythonExtensionApi | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when the Python extension's environment changes, or a folder's virtualenv appears or goes. */
  readonly onDidChange = this.emitter.event;
  private init: Promise<void> | undefined;
  private venvTimer: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    // A virtualenv at a folder's root: `python -m venv .venv` writes pyvenv.cfg, then bin/python;
    // deleting it is one event for the folder. (No "/" inside a {…} group: not every VS Code's
    // watcher glob takes it.)
    const dirs = `{${VENV_DIRS.join(',')}}`;
    const watchers = [vscode.workspace.createFileSystemWatcher(`**/${dirs}`), vscode.workspace.createFileSystemWatcher(`**/${dirs}/**`)];
    const changed = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return;
      const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      if (!VENV_DIRS.some((d) => rel === d || VENV_FILES.some((f) => rel === `${d}/${f}`))) return;
      // One announcement for the burst of files a new virtualenv is.
      if (this.venvTimer) clearTimeout(this.venvTimer);
      this.venvTimer = setTimeout(() => {
        this.venvTimer = undefined;
        this.emitter.fire();
      }, 300);
    };
    for (const w of watchers) this.disposables.push(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed));
    this.disposables.push({
      dispose: () => {
        if (this.venvTimer) clearTimeout(this.venvTimer);
      },
    });
  }

  private hookPythonExtension(): Promise<void> {
    this.init ??= (async () => {
      const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
      if (!ext) return;
      try {
        const api = ext.isActive
          ? ext.exports
          : await Promise.race([
              ext.activate(),
              new Promise<undefined>((r) => {
                const t = setTimeout(() => r(undefined), 10000);
                this.disposables.push({ dispose: () => clearTimeout(t) });
              }),
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
    try {
      fromPythonExtension = this.api?.environments?.getActiveEnvironmentPath(resource)?.path || undefined;
    } catch {
      /* soft dependency */
    }
    // Only the user's (or the remote machine's) own value counts: a workspace must not choose the
    // executable that runs plugin code, even a trusted one.
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource).inspect<string>('python.interpreter');
    const fromSetting = inspected?.globalValue || undefined;
    let venvExists: string | undefined;
    const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0];
    if (!fromPythonExtension && !fromSetting && folder && folder.uri.scheme === 'file') {
      // The same candidates, in the same order, as the server's resolveInterpreter.
      for (const dir of VENV_DIRS) {
        const venv = vscode.Uri.joinPath(folder.uri, dir, ...(process.platform === 'win32' ? ['Scripts', 'python.exe'] : ['bin', 'python']));
        try {
          await vscode.workspace.fs.stat(venv);
          venvExists = venv.fsPath;
          break;
        } catch {
          /* not there */
        }
      }
    }
    return chooseInterpreter({ fromPythonExtension, fromSetting, venvExists });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
