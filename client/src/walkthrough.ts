// The walkthrough "Your first floe plugin" (package.json contributes.walkthroughs): each step
// completes on a context key set here when the thing really happened in this window — a new plugin
// appeared, the Plugins view showed plugins, a floe problem was fixed by an edit, a platform
// manifest was open with no floe errors, a health run finished.
import * as vscode from 'vscode';
import type { FloeController } from './controller';
import { DiagnosticFixTracker, looksLikeManifest, NewPluginTracker } from './walkthroughModel';
import { allPlugins } from './treeModel';

export const STEPS = {
  pluginCreated: 'floe.walkthrough.pluginCreated',
  pluginSeen: 'floe.walkthrough.pluginSeen',
  diagnosticFixed: 'floe.walkthrough.diagnosticFixed',
  manifestValidated: 'floe.walkthrough.manifestValidated',
  healthRun: 'floe.walkthrough.healthRun',
} as const;
export type StepKey = keyof typeof STEPS;

const isFloe = (d: vscode.Diagnostic) => d.source === 'floe';
const key = (d: vscode.Diagnostic) => `${typeof d.code === 'object' ? d.code.value : (d.code ?? '')}|${d.message}`;

export class WalkthroughProgress implements vscode.Disposable {
  /** The steps done in this window (their context keys are set). */
  readonly done = new Set<StepKey>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly fixes = new DiagnosticFixTracker();
  private readonly created = new NewPluginTracker();
  private readonly emitter = new vscode.EventEmitter<StepKey>();
  /** Fires when a step is done (for the tests). */
  readonly onDidComplete = this.emitter.event;

  constructor(
    private readonly ctl: FloeController,
    private readonly view: vscode.TreeView<unknown>,
  ) {
    const tree = ctl.tree;
    this.disposables.push(
      this.emitter,
      tree.onDidLoad((data) => {
        const complete = !!data && data.folders.length >= (vscode.workspace.workspaceFolders?.length ?? 0);
        if (
          this.created.listed(
            allPlugins(data).map((x) => x.plugin.id),
            complete,
          )
        )
          this.complete('pluginCreated');
        this.checkSeen();
      }),
      view.onDidChangeVisibility(() => this.checkSeen()),
      ctl.onDidRunHealth((r) => {
        if (r.results.length) this.complete('healthRun');
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && e.document.uri.scheme === 'file') this.fixes.edited(e.document.uri.toString());
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) {
          const floe = vscode.languages.getDiagnostics(uri).filter(isFloe);
          if (this.fixes.report(uri.toString(), floe.map(key))) this.complete('diagnosticFixed');
          this.checkManifest(uri);
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((ed) => {
        if (ed) this.checkManifest(ed.document.uri);
      }),
      ctl.onStatus((s) => {
        if (s.state === 'ready' && vscode.window.activeTextEditor) this.checkManifest(vscode.window.activeTextEditor.document.uri);
      }),
    );
    // Problems already reported before this started are the baseline.
    for (const [uri, ds] of vscode.languages.getDiagnostics()) this.fixes.report(uri.toString(), ds.filter(isFloe).map(key));
  }

  /** The Plugins view is visible and shows plugins. */
  private checkSeen(): void {
    if (this.view.visible && allPlugins(this.ctl.tree.data).length > 0) this.complete('pluginSeen');
  }

  /** A platform manifest is the active editor, the server is ready, and it has no floe errors. */
  private checkManifest(uri: vscode.Uri): void {
    if (this.done.has('manifestValidated')) return;
    const ed = vscode.window.activeTextEditor;
    if (!ed || ed.document.uri.toString() !== uri.toString() || ed.document.uri.scheme !== 'file') return;
    if (!/\.(ya?ml|json)$/i.test(uri.path) || !looksLikeManifest(ed.document.getText())) return;
    if (this.ctl.status.last?.state !== 'ready' || !this.ctl.client?.isRunning()) return;
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => isFloe(d) && d.severity === vscode.DiagnosticSeverity.Error);
    if (!errors.length) this.complete('manifestValidated');
  }

  complete(step: StepKey): void {
    if (this.done.has(step)) return;
    this.done.add(step);
    void vscode.commands.executeCommand('setContext', STEPS[step], true);
    this.emitter.fire(step);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
