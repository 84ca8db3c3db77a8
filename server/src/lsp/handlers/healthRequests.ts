// Running plugin code for the client (trusted folders only): the floe/runHealthChecks request with
// its progress and streamed results, and the background export of config schemas from Python
// after passes, which re-validates the manifests when a schema changed.
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { HealthResultNotification, type RunHealthChecksParams, type RunHealthChecksResult } from '../../../../shared/protocol';
import type { ServerCore } from '../core';
import type { FolderIndex } from '../folders';
import { runHealth } from '../health';
import type { PassScheduler } from '../passes';
import { refreshPythonSchemas } from '../schemas';

export async function runHealthChecks(core: ServerCore, p: RunHealthChecksParams, token: CancellationToken | undefined): Promise<RunHealthChecksResult> {
  const abort = new AbortController();
  token?.onCancellationRequested?.(() => abort.abort());
  const progress: WorkDoneProgressReporter | undefined = p.workDoneToken !== undefined
    ? core.connection.window.attachWorkDoneProgress(p.workDoneToken)
    : await core.connection.window.createWorkDoneProgress().catch(() => undefined);
  let total = 0, done = 0;
  const touched = new Set<string>();
  const result = await runHealth(core.selectFolders(p), p, {
    signal: abort.signal,
    onStart: (n) => {
      total = n;
      progress?.begin('Floe health checks', 0, `0/${n}`, true);
    },
    onResult: (folder, r) => {
      if (!r.details?.cancelled) folder.health.set(r.pluginId, r);
      touched.add(folder.uri);
      done++;
      progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} · ${r.name}: ${r.state}`);
      core.connection.sendNotification(HealthResultNotification.type, r);
    },
  });
  if (total) progress?.done();
  core.registryChanged([...touched]);
  return result;
}

/** Trusted folders: config schemas exported from Python in the background, one export per folder at a time. */
export class SchemaExports {
  constructor(private readonly core: ServerCore, private readonly passes: PassScheduler) {}

  /** Export what is stale in these folders (those not trusted are skipped). */
  refresh(folders: Iterable<FolderIndex>): void {
    for (const f of folders) if (f.settings.workspaceTrusted === true) void this.export(f);
  }

  private async export(folder: FolderIndex): Promise<void> {
    if (folder.disposed) return;
    if (folder.exporting) { folder.exportAgain = true; return; }
    folder.exporting = true;
    try {
      // Stamps through the engine's cached view: checking 1,000 plugins costs no system calls.
      const fs = folder.ws?.fs ?? this.core.overlay;
      const changed = await refreshPythonSchemas(folder, fs, (m) => this.core.connection.console.info(`[floe] ${m}`));
      if (changed && !folder.disposed && folder.result) {
        folder.invalidate(folder.result.manifests.map((m) => m.file));
        folder.registry.markChanged(); // effective configs changed: tell the client after the pass
        this.passes.add(folder);
        this.passes.schedule();
      }
    } catch (e) {
      this.core.log(`config schema export for ${folder.root}`, e);
    } finally {
      folder.exporting = false;
    }
    if (folder.exportAgain) {
      folder.exportAgain = false;
      void this.export(folder);
    }
  }
}
