// Floe: Verify Against the Platform — runs floe-core's discovery and registry in the workspace's
// interpreter (through the server's floe/verifyPlatform) with a cancellable progress notification,
// and reports: a summary, one output line per plugin, the diagnostics in the Problems panel and the
// marks in the Plugins view, hover and CodeLens. Trusted workspaces only.
import * as vscode from 'vscode';
import { VerifyPlatformRequest, type VerifyPlatformResult } from '../../shared/protocol';
import { INTERRUPTED, pluginFromArg } from './commands';
import type { FloeController } from './controller';
import { showOutput } from './log';
import { requestWithProgress } from './progressRequest';
import { explainUntrusted, isTrusted } from './trust';
import { verifyLines, verifySummary } from './verifyMark';

export interface VerifyOptions {
  pluginIds?: string[];
  token?: vscode.CancellationToken;
}

export async function verifyPlatform(ctl: FloeController, opts: VerifyOptions = {}): Promise<VerifyPlatformResult> {
  if (!isTrusted()) {
    void explainUntrusted(vscode.l10n.t('Verify Against the Platform'));
    return { folders: [], refused: 'Restricted Mode: the workspace is not trusted' };
  }
  const client = await ctl.running();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the language server is not running.'));
    return { folders: [], refused: 'the language server is not running' };
  }
  ctl.output.info(`Verifying against the platform${opts.pluginIds ? ` for ${opts.pluginIds.join(', ')}` : ''}…`);
  const { result, cancelled } = await requestWithProgress<VerifyPlatformResult>({
    client,
    title: vscode.l10n.t('Floe: verifying against the platform'),
    token: opts.token,
    send: (workDoneToken, token) => client.sendRequest(VerifyPlatformRequest.type, { pluginIds: opts.pluginIds, workDoneToken }, token),
    cancelled: () => ({ folders: [], refused: 'cancelled' }),
    interrupted: () => ({ folders: [], refused: INTERRUPTED }),
  });
  for (const l of verifyLines(result)) ctl.output.info(l);
  const fatal = result.folders.find((f) => f.fatal)?.fatal;
  if (fatal) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: {0}', fatal), vscode.l10n.t('Select Interpreter')).then((b) => {
      if (b)
        void vscode.commands
          .executeCommand('python.setInterpreter')
          .then(undefined, () => vscode.commands.executeCommand('workbench.action.openSettings', 'floePlugins.python.interpreter'));
    });
  }
  if (result.refused && !result.folders.length) {
    ctl.output.warn(`refused: ${result.refused}`);
    if (result.refused === 'cancelled') void vscode.window.showInformationMessage(vscode.l10n.t('Floe: verification cancelled.'));
    else void vscode.window.showWarningMessage(vscode.l10n.t('Floe: {0}', result.refused));
    return result;
  }
  await ctl.tree.refresh();
  if (cancelled || result.folders.some((f) => f.cancelled)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Floe: verification cancelled; nothing was recorded.'));
    return result;
  }
  if (fatal) return result;
  const summary = verifySummary(result);
  const clean = result.folders.every((f) => f.plugins.every((p) => p.verdict === 'verified'));
  const show = clean ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const output = showOutput();
  const problems = vscode.l10n.t('Show Problems');
  void show(summary, output, ...(clean ? [] : [problems])).then((b) => {
    if (b === output) ctl.output.show(true);
    if (b === problems) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}

export function registerVerifyCommand(ctl: FloeController): vscode.Disposable {
  const reg = vscode.commands.registerCommand;
  return reg('floe.verifyPlatform', (arg?: unknown) => {
    if (arg === undefined || !isTrusted()) return verifyPlatform(ctl, {});
    const p = pluginFromArg(ctl, arg);
    return verifyPlatform(ctl, p ? { pluginIds: [p.id] } : {});
  });
}
