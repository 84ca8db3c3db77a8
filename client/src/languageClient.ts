// Creates the LanguageClient for the bundled server (dist/server.js over IPC).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../shared/settings';
import { WATCHED_GLOBS } from '../../shared/watch';
import { toFloeSettings } from './settingsMap';
import { isTrusted } from './trust';
import type { InterpreterResolver } from './interpreter';
import { LanguageClientOutput } from './clientOutput';
import type { FloeLog } from './log';

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/pyproject.toml' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', pattern: '**/entry_points.txt' },
];

/** The `floePlugins` settings of a folder as the server pulls them (FloeSettings). */
export async function settingsFor(scopeUri: string | undefined, interpreter: InterpreterResolver): Promise<unknown> {
  const resource = scopeUri ? vscode.Uri.parse(scopeUri) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  const python = await interpreter.resolve(resource);
  // An explicit choice (the Python extension's environment, the user setting) is sent as is; the
  // folder's .venv or python3 is left to the server, which looks again at every run, so a .venv
  // created or recreated while the window is open is used without a restart.
  const explicit = python.origin === 'Python extension' || python.origin.startsWith('setting') ? python.path : undefined;
  return toFloeSettings((k) => cfg.get(k), { pythonInterpreter: explicit, workspaceTrusted: isTrusted() });
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: FloeLog,
  interpreter: InterpreterResolver,
  errorHandler: ErrorHandler,
  initializationOptions: Record<string, unknown> = {},
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // The client's watchers below deliver file events; the server then registers none of its own.
    // Package checks kept between sessions in the extension's own storage (never the workspace);
    // the server reuses one only where every file it was made from is unchanged.
    initializationOptions: { clientWatchesFiles: true, cacheDir: path.join(context.globalStorageUri.fsPath, 'checks'), ...initializationOptions },
    // Its `[Error - …]`-prefixed lines become log levels in the one Floe output.
    outputChannel: new LanguageClientOutput(output),
    traceOutputChannel: new LanguageClientOutput(output),
    // What happens when the server process dies (restart, or stop after repeated crashes).
    errorHandler,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: WATCHED_GLOBS.map((g) => vscode.workspace.createFileSystemWatcher(g)),
    },
    middleware: {
      workspace: {
        // The server pulls `floePlugins` per folder; answer with FloeSettings plus the computed
        // interpreter and trust. Other sections go through unchanged.
        configuration: async (params, token, next) => {
          const out: unknown[] = [];
          for (const item of params.items) {
            if (item.section === SETTINGS_SECTION) {
              out.push(await settingsFor(item.scopeUri, interpreter));
            } else {
              const r = await next({ items: [item] }, token);
              out.push(Array.isArray(r) ? r[0] : null);
            }
          }
          return out;
        },
      },
    },
  };
  return new LanguageClient(SETTINGS_SECTION, 'Floe Plugin Tools', serverOptions, clientOptions);
}
