// Workspace trust, with a test-only override (the API tests run in a trusted extension host:
// VS Code always trusts a window that runs extension tests, so the gated path is tested by
// overriding what this module reports, not by a real untrusted window).
import * as vscode from 'vscode';

let override: boolean | undefined;
const emitter = new vscode.EventEmitter<boolean>();

export const onDidChangeTrust = emitter.event;

export function isTrusted(): boolean {
  return override ?? vscode.workspace.isTrusted;
}

/** Test hook: pretend the workspace is (un)trusted; `undefined` restores the real state. */
export function setTrustOverride(value: boolean | undefined): void {
  override = value;
  emitter.fire(isTrusted());
}

export function watchTrust(): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => emitter.fire(isTrusted()));
}

/** Explain why a command that runs plugin code does nothing in Restricted Mode. */
export async function explainUntrusted(what: string): Promise<void> {
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      "Floe: {0} imports and runs the plugins' Python code, so it is disabled in Restricted Mode. Static checks, the Plugins view and diagnostics keep working. Trust this workspace to run it.",
      what,
    ),
    vscode.l10n.t('Manage Workspace Trust'),
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
}
