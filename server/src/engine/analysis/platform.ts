// The platform the workspace develops against: plugin types and API version, from the
// workspace's floe-core source when there is one, else built in / from options.
import * as path from 'node:path';
import type { EngineOptions, PlatformInfo } from '../model';
import { BUILTIN_PLUGIN_TYPES, resolvePluginTypes } from '../pluginTypes';
import type { FloeCoreInfo, PythonAnalyzerApi } from '../python/types';
import { parseApiVersion } from '../registry/versionCompat';

export const DEFAULT_API_VERSION = '1.0';

export interface FloeCoreFound { info: FloeCoreInfo; dir: string }

export function readFloeCores(python: PythonAnalyzerApi, dirs: string[]): FloeCoreFound | undefined {
  // Workspace source first (the walk lists it before virtualenvs' copies), first that says anything.
  for (const dir of dirs) {
    let info: FloeCoreInfo | undefined;
    try { info = python.readFloeCore(dir); } catch { info = undefined; }
    if (info && (info.types?.length || info.apiVersion)) return { info, dir };
  }
  return undefined;
}

/** The folder to put on sys.path so plugins import the workspace's own floe-core source. */
export function floeCoreSourceRoot(found: FloeCoreFound | undefined): string | undefined {
  if (!found || found.dir.split(path.sep).includes('site-packages')) return undefined;
  return path.dirname(found.dir);
}

export function platformInfo(options: EngineOptions, found: FloeCoreFound | undefined): PlatformInfo {
  const core = found?.info;
  const sourceRoot = floeCoreSourceRoot(found);
  return { ...basePlatform(options, core), ...(sourceRoot ? { floeCoreSourceRoot: sourceRoot } : {}) };
}

function basePlatform(options: EngineOptions, core: FloeCoreInfo | undefined): PlatformInfo {
  const types = resolvePluginTypes(core?.types?.length ? core.types : BUILTIN_PLUGIN_TYPES, options.extraGroups ?? []);
  const opt = options.platformApiVersion?.trim();
  if (opt && parseApiVersion(opt)) return { apiVersion: opt, apiVersionOrigin: 'option', types };
  if (core?.apiVersion && parseApiVersion(core.apiVersion)) {
    return { apiVersion: core.apiVersion, apiVersionOrigin: 'floe-core', apiVersionFile: core.apiVersionFile, types };
  }
  return { apiVersion: DEFAULT_API_VERSION, apiVersionOrigin: 'default', types };
}
