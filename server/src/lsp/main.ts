// Entry point of the Floe language server (bundled to dist/server.js). The transport comes from
// the command line: --stdio, --node-ipc or --socket=N.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { FloeServer } from './server';

const connection = createConnection(ProposedFeatures.all);

process.on('unhandledRejection', (e) => {
  try { connection.console.error(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`); } catch { /* gone */ }
});
process.on('uncaughtException', (e) => {
  try { connection.console.error(`uncaught exception: ${e.stack ?? e.message}`); } catch { /* gone */ }
});

new FloeServer(connection);
connection.listen();
