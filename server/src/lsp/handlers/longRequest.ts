// What a long-running request (health checks, verify) needs from the connection: an abort signal
// that follows the client's cancellation, and a progress reporter on the client's work-done token,
// else one the server creates (none when the client takes neither).
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { ServerCore } from '../core';

export async function longRequest(
  core: ServerCore,
  p: { workDoneToken?: string | number },
  token: CancellationToken | undefined,
): Promise<{ abort: AbortController; progress: WorkDoneProgressReporter | undefined }> {
  const abort = new AbortController();
  token?.onCancellationRequested?.(() => abort.abort());
  const progress =
    p.workDoneToken !== undefined
      ? core.connection.window.attachWorkDoneProgress(p.workDoneToken)
      : await core.connection.window.createWorkDoneProgress().catch(() => undefined);
  return { abort, progress };
}
