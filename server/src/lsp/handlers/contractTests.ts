// Contract tests in the editor: floe/contractTests plans the pytest file of one workspace plugin
// (nothing runs, nothing is written), and a code action on the plugin's class line offers it as one
// WorkspaceEdit that creates the file.
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { ContractTestsParams, ContractTestsResult } from '../../../../shared/protocol';
import {
  interpreterSitePackages,
  planContractTests,
  pluginName,
  resolveInterpreter,
  staticSchemas,
  type FileSystem,
  type PluginInfo,
  type Range,
} from '../../engine';
import type { ServerCore } from '../core';
import type { FolderIndex } from '../folders';
import { pathToUri } from '../uri';

function rangeOfFirstTestClass(content: string): Range {
  const lines = content.split('\n');
  const i = lines.findIndex((l) => /^class Test\w*/.test(l));
  if (i < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const name = /^class (\w+)/.exec(lines[i])![1];
  return { start: { line: i, character: 6 }, end: { line: i, character: 6 + name.length } };
}

/** Site-packages where floe's test base classes may be installed: the folder's interpreter's, and the sitePackages setting. */
function sitePackagesOf(folder: FolderIndex, fs: FileSystem): string[] {
  const python = folder.settings.pythonInterpreter ?? resolveInterpreter(folder.root);
  let dirs: string[] = [];
  try {
    dirs = interpreterSitePackages(fs, python).dirs;
  } catch {
    dirs = [];
  }
  return [...dirs, ...folder.settings.sitePackages.map((d) => path.resolve(folder.root, d))];
}

/** The contract test file of one plugin of a folder (nothing is written). */
function contractTestsOf(folder: FolderIndex, plugin: PluginInfo): ContractTestsResult {
  if (!folder.result || !folder.ws) return { error: 'the folder is not analysed yet' };
  const fs = folder.ws.fs;
  const plan = planContractTests(folder.result, plugin, fs, { sitePackages: sitePackagesOf(folder, fs), staticSchema: staticSchemas(folder.ws.python) });
  if ('error' in plan) return { error: plan.error };
  return {
    uri: pathToUri(plan.file),
    content: plan.content,
    variant: plan.variant,
    baseClasses: plan.baseClasses,
    mainRange: rangeOfFirstTestClass(plan.content),
  };
}

export function contractTestsRequest(core: ServerCore, p: ContractTestsParams): ContractTestsResult {
  const id = p?.pluginId;
  if (typeof id !== 'string') return { error: 'pluginId is required' };
  for (const folder of core.folders.values()) {
    const plugin = folder.result?.plugins.find((x) => x.id === id);
    if (plugin) return contractTestsOf(folder, plugin);
  }
  return { error: `no plugin ${id}` };
}

/** `Create contract tests for <name>` on a workspace plugin's class line: a refactoring whose
 * WorkspaceEdit creates the new test file (never an existing one) with its text. */
export function contractTestActions(folder: FolderIndex | undefined, file: string | undefined, params: CodeActionParams): CodeAction[] {
  const only = Array.isArray(params?.context?.only) ? params.context.only : undefined;
  if (only && !only.some((k) => k === '' || CodeActionKind.Refactor === k || CodeActionKind.Refactor.startsWith(k + '.'))) return [];
  const r = params?.range;
  if (!folder?.result || !file || !Number.isInteger(r?.start?.line) || !Number.isInteger(r?.end?.line)) return [];
  const out: CodeAction[] = [];
  for (const p of folder.result.plugins) {
    const line = p.cls?.nameRange.start.line;
    if (p.decl.source !== 'workspace' || p.cls?.file !== file || line === undefined || r.start.line > line || r.end.line < line) continue;
    const t = contractTestsOf(folder, p);
    if (!t.uri || t.content === undefined) continue;
    const at = { line: 0, character: 0 };
    out.push({
      title: `Create contract tests for ${pluginName(p)}`,
      kind: CodeActionKind.Refactor,
      edit: {
        documentChanges: [
          { kind: 'create', uri: t.uri, options: { overwrite: false, ignoreIfExists: false } },
          { textDocument: { uri: t.uri, version: null }, edits: [{ range: { start: at, end: at }, newText: t.content }] },
        ],
      },
    });
  }
  return out;
}
