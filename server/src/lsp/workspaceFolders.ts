// Workspace folders and their settings: folders added (indexed with progress) and removed (their
// diagnostics cleared), settings pulled per folder (`workspace/configuration`, else the
// initialization options) and re-pulled on change (re-indexing only when engine options changed).
import * as path from 'node:path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import type { ServerCore } from './core';
import { FolderIndex } from './folders';
import type { SchemaExports } from './schemaExports';
import type { PassScheduler } from './passes';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, type FloeSettings } from './settings';
import type { StatusReporter } from './status';
import { uriToPath } from './uri';

export class WorkspaceFolders {
  /** Settings from the initialization options or pushed with didChangeConfiguration (clients without pull). */
  initSettings: unknown;

  constructor(
    private readonly core: ServerCore,
    private readonly passes: PassScheduler,
    private readonly status: StatusReporter,
    private readonly exports: SchemaExports,
  ) {}

  private async pullSettings(folderUri: string): Promise<FloeSettings> {
    if (this.core.caps.workspace?.configuration) {
      try {
        const raw = await this.core.connection.workspace.getConfiguration({ scopeUri: folderUri, section: SETTINGS_SECTION });
        // A client that has no such section (many editors answer null) falls back to initializationOptions.
        if (raw !== null && raw !== undefined) return normalizeSettings(raw);
      } catch (e) {
        this.core.log('workspace/configuration', e);
      }
    }
    const s = this.initSettings as Record<string, unknown> | undefined;
    return s ? normalizeSettings(s[SETTINGS_SECTION] ?? s) : { ...DEFAULT_SETTINGS };
  }

  async add(list: WorkspaceFolder[]): Promise<void> {
    const added: FolderIndex[] = [];
    for (const wf of list) {
      const root = uriToPath(wf?.uri);
      if (!root || this.core.folders.has(wf.uri)) continue;
      const settings = await this.pullSettings(wf.uri);
      const folder = new FolderIndex(wf.uri, root, wf.name || path.basename(root), settings, this.core.overlay);
      if (folder.error) this.core.log(`folder ${root}`, folder.error);
      this.core.folders.set(wf.uri, folder);
      added.push(folder);
    }
    if (added.length) await this.passes.index(added, 'Indexing Floe plugins');
  }

  changed(added: WorkspaceFolder[], removed: WorkspaceFolder[]): Promise<void> {
    const gone: string[] = [];
    for (const wf of removed) {
      const f = this.core.folders.get(wf?.uri);
      if (!f) continue;
      f.disposed = true;
      this.core.folders.delete(wf.uri);
      this.passes.forget(f);
      this.core.publisher.clearFolder(f.uri);
      gone.push(f.uri);
    }
    this.core.registryChanged(gone);
    this.status.send();
    return this.add(added);
  }

  async configurationChanged(pushed: unknown): Promise<void> {
    if (!this.core.caps.workspace?.configuration && pushed !== undefined) this.initSettings = pushed;
    const reindex: FolderIndex[] = [];
    for (const f of this.core.folders.values()) {
      const s = await this.pullSettings(f.uri);
      if (f.updateSettings(s)) reindex.push(f);
    }
    if (reindex.length) await this.passes.index(reindex, 'Re-indexing Floe plugins');
    else this.status.send(true);
    // Newly trusted, another interpreter chosen, or a folder's .venv created or recreated (the client
    // says so with this notification): export what is stale now, not at the next change. Exports are
    // keyed by the interpreter, so a folder whose interpreter did not change exports nothing.
    this.exports.refresh(this.core.folders.values());
  }
}
