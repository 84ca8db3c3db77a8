// The custom requests of platform verification and contract tests (re-exported by protocol.ts).
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-protocol';

export type VerifyVerdict = 'verified' | 'disagrees' | 'not-loadable' | 'not-discovered';

/** The last verification of one plugin, kept until a relevant file of the plugin changes. */
export interface VerifyMarkDto {
  verdict: VerifyVerdict;
  /** ISO time the verification finished. */
  finishedAt: string;
  /** The floe-core that ran. */
  floeCore?: { path: string; version?: string };
  python: string;
  /** In a few words: the fields that disagree, why it was not discovered, the exception. */
  detail?: string;
}

export interface VerifyPlatformParams {
  folderUri?: string;
  /** Plugin ids; a full verification of the folder(s) (dependency resolution included) when absent. */
  pluginIds?: string[];
  /** Progress token (work done progress) supplied by the client. */
  workDoneToken?: string | number;
}

export interface VerifyFolderResult {
  uri: string;
  python: string;
  floeCore?: { path: string; version?: string; apiVersion?: string };
  /** floe-core could not be imported (or the run could not start): why, and nothing else. */
  fatal?: string;
  plugins: Array<{ pluginId: string; group: string; entryPoint: string; name: string; verdict: VerifyVerdict; detail?: string }>;
  /** Plugins floe-core discovered that the static analysis does not know. */
  runtimeOnly: Array<{ group: string; name: string; entryPoint?: string; loaded?: boolean; error?: string }>;
  notes: string[];
  startupMs?: number;
  durationMs: number;
  cancelled?: boolean;
}

export interface VerifyPlatformResult {
  folders: VerifyFolderResult[];
  /** Set when nothing ran, with why (untrusted workspace, no interpreter, ...). */
  refused?: string;
}

/** Run floe-core's discovery and registry in the folder's interpreter and compare them with the
 * static analysis (trusted workspaces only). Cancellable. */
export const VerifyPlatformRequest = {
  method: 'floe/verifyPlatform',
  type: new RequestType<VerifyPlatformParams, VerifyPlatformResult, void>('floe/verifyPlatform'),
} as const;

export interface ContractTestsParams {
  pluginId: string;
}
export interface ContractTestsResult {
  /** The new file (never an existing one) and its text; the client applies it as one edit. */
  uri?: string;
  content?: string;
  variant?: 'base-classes' | 'self-contained';
  /** The base classes subclassed (base-classes variant). */
  baseClasses?: string[];
  /** Where to put the cursor: the first test class's name. */
  mainRange?: Range;
  error?: string;
}

/** A pytest file of contract tests for one workspace plugin. Nothing is written by the server. */
export const ContractTestsRequest = {
  method: 'floe/contractTests',
  type: new RequestType<ContractTestsParams, ContractTestsResult, void>('floe/contractTests'),
} as const;
