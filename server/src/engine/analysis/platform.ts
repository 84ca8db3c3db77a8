// The platform the workspace develops against: plugin types, their ABCs and the API version, from
// floe-core's source when one is found (the workspace's own first, then installed copies), else the
// built-in table / options. What floe-core holds but cannot be read is said once, as information.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Diagnostic, EngineOptions, FloeCoreUsed, PlatformInfo } from '../model';
import { BUILTIN_PLUGIN_TYPES, resolvePluginTypes } from '../pluginTypes';
import type { FloeCoreInfo, PythonAnalyzerApi } from '../python/types';
import { parseApiVersion } from '../registry/versionCompat';
import { floeCorePackageVersion } from '../discovery/floeCoreVersion';
import { typesFromFloeCore } from './platformTypes';

export const DEFAULT_API_VERSION = '1.0';
/** The floe-core release the built-in table describes. */
export const BUILTIN_TABLE_VERSION = '0.1.0';

export interface FloeCoreFound {
  info: FloeCoreInfo;
  dir: string;
  installed: boolean;
  version?: string;
  /** Files besides floe_core's own that the answer came from (package metadata). */
  files: string[];
}

/** The first floe_core folder that is floe-core: `dirs` in order (workspace source first). */
export function readFloeCores(python: PythonAnalyzerApi, fs: FileSystem, dirs: string[], installedDirs: readonly string[] = []): FloeCoreFound | undefined {
  for (const dir of dirs) {
    let info: FloeCoreInfo | undefined;
    try {
      info = python.readFloeCore(dir);
    } catch {
      info = undefined;
    }
    if (!info) continue;
    const installed = installedDirs.includes(dir);
    let meta: ReturnType<typeof floeCorePackageVersion>;
    try {
      meta = floeCorePackageVersion(fs, dir, installed);
    } catch {
      meta = undefined;
    }
    const version = meta?.version ?? info.versionAttr;
    return { info, dir, installed, ...(version ? { version } : {}), files: meta ? [meta.file] : [] };
  }
  return undefined;
}

/** The folder to put on sys.path so plugins import the workspace's own floe-core source. */
export function floeCoreSourceRoot(found: FloeCoreFound | undefined): string | undefined {
  if (!found || found.installed) return undefined;
  return path.dirname(found.dir);
}

export interface PlatformResult {
  platform: PlatformInfo;
  diagnostics: Diagnostic[];
}

export function platformInfo(options: EngineOptions, found: FloeCoreFound | undefined, root = ''): PlatformResult {
  const core = found?.info;
  const read = core ? typesFromFloeCore(core) : { notes: [] };
  const types = resolvePluginTypes(read.types ?? BUILTIN_PLUGIN_TYPES, options.extraGroups ?? []);
  const platform: PlatformInfo = { ...apiVersion(options, core), types };
  if (found) {
    const used: FloeCoreUsed = { path: found.dir, source: found.installed ? 'site-packages' : 'workspace' };
    if (found.version) used.version = found.version;
    platform.floeCore = used;
  }
  const sourceRoot = floeCoreSourceRoot(found);
  if (sourceRoot) platform.floeCoreSourceRoot = sourceRoot;
  const problems = [...(core?.problems ?? []), ...read.notes];
  const diagnostics: Diagnostic[] = [];
  if (found && problems.length) {
    const where = root && found.dir.startsWith(root + path.sep) ? path.relative(root, found.dir).split(path.sep).join('/') : found.dir;
    diagnostics.push({
      file: problems[0].file,
      range: problems[0].range,
      severity: 'information',
      code: 'floe-core-unreadable',
      message:
        `floe-core at ${where} could not be read in full: ${problems.map((p) => p.message).join('; ')}. ` +
        `The built-in table (floe-core ${BUILTIN_TABLE_VERSION}) stands in for what could not be read.`,
    });
  }
  return { platform, diagnostics };
}

function apiVersion(options: EngineOptions, core: FloeCoreInfo | undefined): Pick<PlatformInfo, 'apiVersion' | 'apiVersionOrigin' | 'apiVersionFile'> {
  const opt = options.platformApiVersion?.trim();
  if (opt && parseApiVersion(opt)) return { apiVersion: opt, apiVersionOrigin: 'option' };
  if (core?.apiVersion && parseApiVersion(core.apiVersion)) {
    return { apiVersion: core.apiVersion, apiVersionOrigin: 'floe-core', apiVersionFile: core.apiVersionFile };
  }
  return { apiVersion: DEFAULT_API_VERSION, apiVersionOrigin: 'default' };
}
