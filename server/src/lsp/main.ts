// Entry point of the Floe language server (bundled to dist/server.js). The transport comes from
// the command line: --stdio, --node-ipc or --socket=N.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { FloeServer } from './server';
import { MessageTraffic } from './traffic';

const traffic = new MessageTraffic();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: traffic });

process.on('unhandledRejection', (e) => {
  try { connection.console.error(`[floe] unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`); } catch { /* gone */ }
});
process.on('uncaughtException', (e) => {
  try { connection.console.error(`[floe] uncaught exception: ${e.stack ?? e.message}`); } catch { /* gone */ }
});

new FloeServer(connection, traffic);
connection.listen();
