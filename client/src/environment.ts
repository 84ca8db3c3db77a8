// The message for plugins that could not be imported because the interpreter lacks modules: one
// notification per run (the server groups the results), offering to choose another interpreter.
import * as vscode from 'vscode';
import type { EnvironmentProblemDto, HealthResultDto } from '../../shared/types';
import type { FloeController } from './controller';
import { environmentLines, environmentSummary } from './health';
import { showOutput } from './log';

/** The Python extension's interpreter picker when it is installed, else the user setting. */
export async function selectInterpreter(): Promise<void> {
  if (vscode.extensions.getExtension('ms-python.python')) {
    await vscode.commands.executeCommand('python.setInterpreter');
    return;
  }
  // User settings only: a workspace may not choose the executable that runs plugin code. In a remote
  // window the setting (machine-overridable) lives in the remote machine's user settings.
  const query = '@id:floePlugins.python.interpreter';
  await vscode.commands.executeCommand(vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openGlobalSettings', { query });
}

/** Output lines (a warning) and one notification with Select Interpreter… and Show Output. */
export async function showEnvironmentProblems(ctl: FloeController, problems: EnvironmentProblemDto[], results: HealthResultDto[]): Promise<void> {
  ctl.output.warn(environmentLines(problems).join('\n'));
  const select = vscode.l10n.t('Select Interpreter…');
  const output = showOutput();
  const pick = await vscode.window.showWarningMessage(environmentSummary(problems, results), select, output);
  if (pick === select) await selectInterpreter();
  else if (pick === output) ctl.output.show(true);
}
