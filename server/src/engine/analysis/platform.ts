// The platform the workspace develops against: plugin types and API version, from the
// workspace's floe-core source when there is one, else built in / from options.
import type { EngineOptions, PlatformInfo } from '../model';
import { BUILTIN_PLUGIN_TYPES, resolvePluginTypes } from '../pluginTypes';
import type { FloeCoreInfo, PythonAnalyzerApi } from '../python/types';
import { parseApiVersion } from '../registry/versionCompat';

export const DEFAULT_API_VERSION = '1.0';

export function readFloeCores(python: PythonAnalyzerApi, dirs: string[]): FloeCoreInfo | undefined {
  // Workspace source first (the walk lists it before virtualenvs' copies), first that says anything.
  for (const d of dirs) {
    let info: FloeCoreInfo | undefined;
    try { info = python.readFloeCore(d); } catch { info = undefined; }
    if (info && (info.types?.length || info.apiVersion)) return info;
  }
  return undefined;
}

export function platformInfo(options: EngineOptions, core: FloeCoreInfo | undefined): PlatformInfo {
  const types = resolvePluginTypes(core?.types?.length ? core.types : BUILTIN_PLUGIN_TYPES, options.extraGroups ?? []);
  const opt = options.platformApiVersion?.trim();
  if (opt && parseApiVersion(opt)) return { apiVersion: opt, apiVersionOrigin: 'option', types };
  if (core?.apiVersion && parseApiVersion(core.apiVersion)) {
    return { apiVersion: core.apiVersion, apiVersionOrigin: 'floe-core', apiVersionFile: core.apiVersionFile, types };
  }
  return { apiVersion: DEFAULT_API_VERSION, apiVersionOrigin: 'default', types };
}
