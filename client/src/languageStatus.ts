// The language status item on floe's files — the platform manifests the server recognised, every
// pyproject.toml and the workspace plugins' Python sources — beside the status-bar item: the
// floe-core in use, the platform API version, where the plugin's config schema comes from and its
// last health check (languageStatusModel.ts), with the command that helps (Run Health Check…).
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { EffectiveConfigRequest } from '../../shared/protocol';
import type { FloeController } from './controller';
import {
  languageStatusView,
  manifestSchemas,
  pluginsAtHand,
  statusFileKind,
  statusFilePatterns,
  type LanguageStatusView,
  type SchemaOrigin,
  type StatusSeverity,
} from './languageStatusModel';
import { isTrusted, onDidChangeTrust } from './trust';

const SEVERITY: Record<StatusSeverity, vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

/** The floe errors and warnings on a file. */
function floeProblems(uri: vscode.Uri): { errors: number; warnings: number } {
  const mine = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'floe');
  return {
    errors: mine.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length,
    warnings: mine.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length,
  };
}

/** At most this many plugins of one file have their schema origin asked for. */
const MAX_SCHEMA_QUESTIONS = 8;

export class FloeLanguageStatus implements vscode.Disposable {
  readonly item = vscode.languages.createLanguageStatusItem('floe.languageStatus', []);
  /** What the item last said, and about which file (the tests read it). */
  last: { uri: string; view: LanguageStatusView } | undefined;
  private readonly schemas = new Map<string, SchemaOrigin>();
  private readonly asked = new Set<string>();
  private selectorKey = 'null';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderEmitter = new vscode.EventEmitter<{ uri: string; view: LanguageStatusView }>();
  /** Fires after the item changed (for the tests). */
  readonly onDidRender = this.renderEmitter.event;

  constructor(private readonly ctl: FloeController) {
    this.item.name = vscode.l10n.t('Floe Plugin Tools');
    this.disposables.push(
      this.item,
      this.renderEmitter,
      // A new plugin model: other plugins, maybe other schemas.
      ctl.tree.onDidLoad(() => {
        this.schemas.clear();
        this.asked.clear();
      }),
      // A new or cleared model (other files), or health results (drawn without a reload).
      ctl.tree.onDidChangeTreeData(() => {
        this.updateSelector();
        this.render();
      }),
      ctl.onStatus(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      onDidChangeTrust(() => this.render()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.render();
      }),
    );
  }

  /** Shown on every pyproject.toml once the server has listed the plugins, and on the manifests and plugin sources it listed. */
  private updateSelector(): void {
    const data = this.ctl.tree.data;
    const patterns = data ? statusFilePatterns(data) : undefined;
    const key = JSON.stringify(patterns ?? null);
    if (key === this.selectorKey) return;
    this.selectorKey = key;
    this.item.selector = patterns
      ? [
          { scheme: 'file', pattern: '**/pyproject.toml' },
          ...patterns.map((p) => ({ scheme: 'file', pattern: new vscode.RelativePattern(vscode.Uri.parse(p.base), p.pattern) })),
        ]
      : [];
  }

  render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const data = this.ctl.tree.data;
    if (!doc || doc.uri.scheme !== 'file' || !data) return;
    // Written the way the server writes URIs (node's file URLs), to compare with its data.
    const uri = pathToFileURL(doc.uri.fsPath).href;
    const kind = statusFileKind(uri, data);
    if (!kind) return;
    const wf = vscode.workspace.getWorkspaceFolder(doc.uri);
    const folder = wf ? data.folders.find((f) => vscode.Uri.parse(f.uri).fsPath === wf.uri.fsPath) : undefined;
    const atHand = pluginsAtHand(uri, kind, folder);
    const schemas = kind === 'manifest' ? manifestSchemas(atHand.manifest) : this.schemas;
    if (kind !== 'manifest') this.askSchemas(atHand.plugins.map((p) => p.id));
    const view = languageStatusView({
      kind,
      atHand,
      schemas,
      folderPath: wf?.uri.fsPath,
      floeCore: this.ctl.status.last?.floeCore?.find((c) => c.folder === folder?.name),
      status: this.ctl.status.last,
      trusted: isTrusted(),
      now: Date.now(),
      fileProblems: floeProblems(doc.uri),
    });
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.severity = SEVERITY[view.severity];
    this.item.busy = view.busy;
    this.item.command = view.command;
    this.item.accessibilityInformation = { label: `${view.text}. ${view.detail}` };
    this.last = { uri: doc.uri.toString(), view };
    this.renderEmitter.fire(this.last);
  }

  /** Where the plugins' config schemas come from (`floe/effectiveConfig`), once per plugin model. */
  private askSchemas(ids: string[]): void {
    const client = this.ctl.client?.isRunning() ? this.ctl.client : undefined;
    if (!client) return;
    for (const id of ids.filter((x) => !this.asked.has(x)).slice(0, MAX_SCHEMA_QUESTIONS)) {
      this.asked.add(id);
      client.sendRequest(EffectiveConfigRequest.type, { pluginId: id }).then(
        (r) => {
          if (!r.schemaSource || !this.asked.has(id)) return;
          this.schemas.set(id, { source: r.schemaSource, uri: r.schemaUri });
          this.render();
        },
        (e: unknown) => this.ctl.output.warn(`floe/effectiveConfig for the language status failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
