// The `floe/status` notification (sent when indexing starts and ends and whenever the counts
// change) and the work-done progress of indexing runs.
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { StatusNotification, type FloeCoreStatus, type StatusParams } from '../../../shared/protocol';
import type { ServerCore } from './core';
import type { FolderIndex } from './folders';
import { counts } from './model';

export class StatusReporter {
  private active = 0;
  private last = '';
  /** The floe-core last logged per folder uri. */
  private readonly loggedCore = new Map<string, string>();

  constructor(private readonly core: ServerCore) {}

  /** Send the status when it differs from the last one sent (always with `force`). */
  send(force = false): void {
    const folders = [...this.core.folders.values()];
    let plugins = 0,
      errors = 0,
      warnings = 0;
    for (const f of folders) {
      const n = counts(f.result);
      plugins += n.plugins;
      errors += n.errors;
      warnings += n.warnings;
    }
    const broken = folders.find((f) => f.error);
    const status: StatusParams = {
      state: broken ? 'error' : this.active > 0 ? 'indexing' : 'ready',
      folders: folders.length,
      plugins,
      errors,
      warnings,
      trusted: folders.length > 0 && folders.every((f) => f.settings.workspaceTrusted === true),
    };
    if (broken) status.message = broken.error;
    const python = folders.find((f) => f.settings.pythonInterpreter)?.settings.pythonInterpreter;
    if (python) status.python = python;
    const cores = this.floeCores(folders);
    if (cores.length) status.floeCore = cores;
    const text = JSON.stringify(status);
    if (!force && text === this.last) return;
    this.last = text;
    this.core.notify(StatusNotification.type, status);
  }

  /** The floe-core of each analysed folder; one output line for each folder whose floe-core changed. */
  private floeCores(folders: FolderIndex[]): FloeCoreStatus[] {
    const out: FloeCoreStatus[] = [];
    for (const f of folders) {
      if (!f.result) continue;
      const c = f.result.platform.floeCore;
      const s: FloeCoreStatus = { folder: f.name };
      if (c) {
        s.path = c.path;
        if (c.version) s.version = c.version;
      }
      out.push(s);
      const line = c ? `floe-core${c.version ? ` ${c.version}` : ''} from ${c.path}` : 'no floe-core found: the built-in table of plugin types is used';
      if (this.loggedCore.get(f.uri) !== line) {
        this.loggedCore.set(f.uri, line);
        this.core.info(`${f.name}: ${line}`);
      }
    }
    return out;
  }

  /** Run `work` as an indexing run: status `indexing` and a progress bar while it lasts. */
  async indexing<T>(title: string, folderCount: number, work: (progress: WorkDoneProgressServerReporter | undefined) => Promise<T>): Promise<T> {
    this.active++;
    this.send(true);
    let progress: WorkDoneProgressServerReporter | undefined;
    try {
      progress = await this.core.connection.window.createWorkDoneProgress();
      progress.begin(title, 0, `${folderCount} folder${folderCount === 1 ? '' : 's'}`, false);
    } catch (e) {
      this.core.log('workDoneProgress', e);
    }
    try {
      return await work(progress);
    } finally {
      progress?.done();
      this.active--;
      this.send(true);
    }
  }
}
