// A server request that runs plugin code, behind a cancellable progress notification: the server's
// work-done progress messages show in the notification, its Cancel button and the caller's token
// both cancel the request, and a request whose server died during the run is told apart.
import * as vscode from 'vscode';
import { ErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';

let progressSeq = 0;

/** Whether a request failed because the connection to the server was lost (not because the server answered with an error). */
export function connectionLost(client: LanguageClient, e: unknown): boolean {
  if (e instanceof ResponseError && (e.code === ErrorCodes.PendingResponseRejected || e.code === ErrorCodes.ConnectionInactive)) return true;
  return !client.isRunning();
}

export interface ProgressRequest<R> {
  client: LanguageClient;
  title: string;
  /** A caller's token; it cancels like the notification's Cancel button. */
  token?: vscode.CancellationToken;
  send: (workDoneToken: string, token: vscode.CancellationToken) => Promise<R>;
  /** The answer when the request was cancelled before the server answered. */
  cancelled: () => R;
  /** The answer when the server died during the request. */
  interrupted: () => R;
}

/** Runs the request; `cancelled` tells whether it was cancelled (the server may still have answered). */
export async function requestWithProgress<R>(r: ProgressRequest<R>): Promise<{ result: R; cancelled: boolean }> {
  let cancelled = false;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: r.title, cancellable: true },
    async (progress, buttonToken) => {
      // One source for the Cancel button and the caller's token: either cancels the request.
      const cts = new vscode.CancellationTokenSource();
      const links = [buttonToken, r.token]
        .filter((t): t is vscode.CancellationToken => !!t)
        .map((t) => (t.isCancellationRequested ? (cts.cancel(), undefined) : t.onCancellationRequested(() => cts.cancel())));
      const token = cts.token;
      const workDoneToken = `floe-progress-${Date.now()}-${++progressSeq}`;
      const sub = r.client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
        if (v.kind !== 'end' && v.message) progress.report({ message: v.message });
      });
      try {
        return await r.send(workDoneToken, token);
      } catch (e) {
        if (token.isCancellationRequested) return r.cancelled();
        if (connectionLost(r.client, e)) return r.interrupted();
        throw e;
      } finally {
        cancelled = token.isCancellationRequested;
        sub.dispose();
        for (const l of links) l?.dispose();
        cts.dispose();
      }
    },
  );
  return { result, cancelled };
}
