// Trusted folders: config schemas exported from Python in the background after passes (one
// export per folder at a time); a changed schema re-validates the folder's manifests.
import type { ServerCore } from './core';
import type { FolderIndex } from './folders';
import type { PassScheduler } from './passes';
import { refreshPythonSchemas } from '../engine';

/** Trusted folders: config schemas exported from Python in the background, one export per folder at a time. */
export class SchemaExports {
  constructor(
    private readonly core: ServerCore,
    private readonly passes: PassScheduler,
  ) {}

  /** Export what is stale in these folders (those not trusted are skipped). */
  refresh(folders: Iterable<FolderIndex>): void {
    for (const f of folders) if (f.settings.workspaceTrusted === true) void this.export(f);
  }

  private async export(folder: FolderIndex): Promise<void> {
    if (folder.disposed) return;
    if (folder.exporting) {
      folder.exportAgain = true;
      return;
    }
    folder.exporting = true;
    try {
      // Stamps through the engine's cached view: checking 1,000 plugins costs no system calls.
      const fs = folder.ws?.fs ?? this.core.overlay;
      const changed = await refreshPythonSchemas(
        folder,
        fs,
        (m) => this.core.info(m),
        (m) => this.core.trace(m),
      );
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
