// The Floe commands (palette, view title, item context menus, CodeLens arguments).
import * as vscode from 'vscode';
import {
  DependencyOrderRequest,
  EffectiveConfigRequest,
  RunHealthChecksRequest,
  type DependencyOrderResult,
  type LocationDto,
  type PluginSummary,
  type RunHealthChecksResult,
} from '../../shared/protocol';
import type { FloeController } from './controller';
import { dependencyOrderText } from './dependencyOrder';
import { showEnvironmentProblems } from './environment';
import { healthCounts, healthSummary, worstState } from './health';
import { showOutput } from './log';
import { newPlugin, type AppliedEdit } from './newPlugin';
import { requestWithProgress } from './progressRequest';
import { allPlugins, type TreeNode } from './treeModel';
import { explainUntrusted, isTrusted } from './trust';
import type { VirtualDocs } from './virtualDocs';

/** A plugin from a command argument: tree node, plugin id / `group:name`, or a PluginSummary. */
export function pluginFromArg(ctl: FloeController, arg: unknown): PluginSummary | undefined {
  if (typeof arg === 'string') return ctl.tree.findPlugin(arg);
  if (arg && typeof arg === 'object') {
    const o = arg as Partial<TreeNode> & Partial<PluginSummary>;
    if (typeof o.kind === 'string' && o.plugin) return o.plugin;
    if (typeof o.id === 'string') return ctl.tree.findPlugin(o.id) ?? (o.entryPoint ? (o as PluginSummary) : undefined);
  }
  return undefined;
}

export async function openLocation(loc: LocationDto | undefined): Promise<vscode.TextEditor | undefined> {
  if (!loc) return undefined;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(loc.uri));
  const r = loc.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  return vscode.window.showTextDocument(doc, { selection: range, preview: true });
}

async function pickPlugin(ctl: FloeController, placeHolder: string): Promise<PluginSummary | undefined> {
  if (!ctl.tree.data) await ctl.tree.refresh();
  const all = allPlugins(ctl.tree.data);
  if (!all.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Floe: no plugins found in this workspace.'));
    return undefined;
  }
  const multi = (ctl.tree.data?.folders.length ?? 0) > 1;
  const picked = await vscode.window.showQuickPick(
    all.map(({ plugin, type, folder }) => ({
      label: `$(plug) ${plugin.name}`,
      description: [plugin.version, type.label, multi ? folder.name : undefined].filter(Boolean).join(' · '),
      detail: `${plugin.group}: ${plugin.entryPoint} = "${plugin.target}"`,
      plugin,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.plugin;
}

/** The answer of a run the server could not finish because its process died. */
export const INTERRUPTED = 'interrupted: the language server stopped during the run (it is being restarted); run the checks again';

/** Options of a health run; `token` cancels it like the notification's Cancel button (tests, other callers). */
export interface RunHealthOptions {
  pluginIds?: string[];
  lifecycle?: boolean;
  token?: vscode.CancellationToken;
}

/** Run health checks (or lifecycles) with a cancellable progress notification. */
export async function runHealth(ctl: FloeController, opts: RunHealthOptions): Promise<RunHealthChecksResult> {
  const what = opts.lifecycle ? 'Running lifecycles' : 'Running health checks';
  if (!isTrusted()) {
    void explainUntrusted(opts.lifecycle ? vscode.l10n.t('Run Lifecycle') : vscode.l10n.t('Run Health Checks'));
    return { results: [], refused: 'Restricted Mode: the workspace is not trusted' };
  }
  const client = await ctl.running();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Floe: the language server is not running.'));
    return { results: [], refused: 'the language server is not running' };
  }
  ctl.output.info(`${what}${opts.pluginIds ? ` for ${opts.pluginIds.join(', ')}` : ''}…`);
  const { result, cancelled } = await requestWithProgress<RunHealthChecksResult>({
    client,
    title: opts.lifecycle ? vscode.l10n.t('Floe: running lifecycles') : vscode.l10n.t('Floe: running health checks'),
    token: opts.token,
    send: (workDoneToken, token) =>
      client.sendRequest(RunHealthChecksRequest.type, { pluginIds: opts.pluginIds, lifecycle: opts.lifecycle, workDoneToken }, token),
    cancelled: () => ({ results: [], refused: 'cancelled' }),
    interrupted: () => ({ results: [], refused: INTERRUPTED }),
  });
  if (result.python) ctl.output.info(`interpreter: ${result.python}`);
  if (result.refused) {
    ctl.output.warn(`refused: ${result.refused}`);
    if (result.refused === INTERRUPTED) {
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('Floe: health checks interrupted: the language server stopped during the run (it is being restarted); run the checks again.'),
          showOutput(),
        )
        .then((b) => {
          if (b) ctl.output.show(true);
        });
    } else if (result.refused !== 'cancelled') void vscode.window.showWarningMessage(vscode.l10n.t('Floe: {0}', result.refused));
    else void vscode.window.showInformationMessage(vscode.l10n.t('Floe: health checks cancelled.'));
    return result;
  }
  ctl.logHealth(result.results);
  if (cancelled) {
    // The server answers a cancelled run with what finished plus `cancelled` results for the rest;
    // only the finished ones are health results worth showing in the tree.
    const done = result.results.filter((r) => r.details?.cancelled !== true);
    for (const r of done) ctl.tree.applyHealth(r);
    ctl.output.warn('health run cancelled');
    void vscode.window.showInformationMessage(
      done.length ? vscode.l10n.t('Floe: health checks cancelled ({0} before that).', healthCounts(done)) : vscode.l10n.t('Floe: health checks cancelled.'),
    );
    return result;
  }
  for (const r of result.results) ctl.tree.applyHealth(r);
  ctl.healthRunFinished(result);
  if (result.environment?.length) {
    // Many plugins failing for want of one module is one problem: said once, with the way out.
    void showEnvironmentProblems(ctl, result.environment, result.results);
    return result;
  }
  const summary = healthSummary(result.results);
  const worst = worstState(result.results);
  const show =
    worst === 'unhealthy' ? vscode.window.showErrorMessage : worst === 'degraded' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(summary, showOutput()).then((b) => {
    if (b) ctl.output.show(true);
  });
  return result;
}

/** `onNewPluginEdit`: told of each edit New Plugin applies (test mode only). */
export function registerCommands(ctl: FloeController, docs: VirtualDocs, onNewPluginEdit?: (e: AppliedEdit) => void): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('floe.refresh', async () => {
      await ctl.ensureStarted();
      await ctl.tree.refresh();
      return ctl.tree.data;
    }),
    reg('floe.showOutput', () => ctl.output.show(true)),
    reg('floe.restartServer', () => ctl.restart()),
    reg('floe.runHealthChecks', () => runHealth(ctl, {})),
    reg('floe.runHealthCheck', async (arg?: unknown) => {
      if (!isTrusted()) return runHealth(ctl, {});
      const p = pluginFromArg(ctl, arg) ?? (await pickPlugin(ctl, vscode.l10n.t('Run the health check of…')));
      return p ? runHealth(ctl, { pluginIds: [p.id] }) : undefined;
    }),
    reg('floe.runLifecycle', async (arg?: unknown) => {
      if (!isTrusted()) return runHealth(ctl, { lifecycle: true });
      const p = pluginFromArg(ctl, arg) ?? (await pickPlugin(ctl, vscode.l10n.t('Run startup → health check → shutdown of…')));
      return p ? runHealth(ctl, { pluginIds: [p.id], lifecycle: true }) : undefined;
    }),
    reg('floe.showDependencyOrder', async (): Promise<DependencyOrderResult | undefined> => {
      const client = await ctl.running();
      if (!client) return undefined;
      const r = await client.sendRequest(DependencyOrderRequest.type, {});
      const name = (uri: string) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri))?.name ?? uri;
      await docs.show('/Floe Dependency Order', dependencyOrderText(r, name), 'plaintext');
      return r;
    }),
    reg('floe.newPlugin', (args?: { folderUri?: string; group?: string; name?: string; parentUri?: string }) => newPlugin(ctl, args, onNewPluginEdit)),
    reg('floe.openLocation', (loc: LocationDto) => openLocation(loc)),
    reg('floe.openPlugin', async (arg?: unknown) => {
      const p = pluginFromArg(ctl, arg);
      return p ? openLocation(p.classLocation ?? p.declaration) : undefined;
    }),
    reg('floe.openDeclaration', async (arg?: unknown) => {
      const p = pluginFromArg(ctl, arg);
      return p ? openLocation(p.declaration) : undefined;
    }),
    reg('floe.copyEntryPoint', async (arg?: unknown) => {
      const p = pluginFromArg(ctl, arg);
      if (!p) return undefined;
      const text = `${p.entryPoint} = "${p.target}"`;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(vscode.l10n.t('Floe: copied {0} ({1})', text, p.group));
      return text;
    }),
    reg('floe.showEffectiveConfig', async (arg?: unknown) => {
      const p = pluginFromArg(ctl, arg);
      const client = await ctl.running();
      if (!p || !client) return undefined;
      const r = await client.sendRequest(EffectiveConfigRequest.type, { pluginId: p.id });
      if (!r.found) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Floe: {0}', r.message ?? vscode.l10n.t('no manifest selects {0}', p.name)));
        return r;
      }
      const from = r.manifestUri ? vscode.workspace.asRelativePath(vscode.Uri.parse(r.manifestUri)) : vscode.l10n.t('the manifest');
      const header = `// ${vscode.l10n.t('Effective config of {0} ({1}) from {2}, schema defaults applied (schema: {3})', p.name, p.group, from, r.schemaSource ?? 'none')}\n`;
      await docs.show(`/effective-config/${p.name}.jsonc`, header + JSON.stringify(r.config ?? {}, null, 2) + '\n', 'jsonc');
      return r;
    }),
  ];
}
