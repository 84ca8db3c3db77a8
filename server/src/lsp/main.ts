// Entry point of the Floe language server (bundled to dist/server.js). The transport comes from
// the command line: --stdio, --node-ipc or --socket=N. Loaded as the worker thread that checks part
// of a large folder's first analysis (engine/analysis/parallel.ts), it does only that.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runCheckWorker } from '../engine';
import { FloeServer } from './server';
import { MessageTraffic } from './traffic';

function startServer(): void {
  const traffic = new MessageTraffic();
  const connection = createConnection(ProposedFeatures.all, { messageStrategy: traffic });

  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      /* gone */
    }
  });
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`uncaught exception: ${e.stack ?? e.message}`);
    } catch {
      /* gone */
    }
  });

  new FloeServer(connection, traffic, { workerScript: __filename });
  connection.listen();
}

if (!runCheckWorker()) startServer();
