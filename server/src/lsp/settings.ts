// Per-folder settings (section `floePlugins`) and the engine options they map to.
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, type FloeSettings } from '../../../shared/settings';
import type { EngineOptions } from '../engine';

export { normalizeSettings, DEFAULT_SETTINGS, SETTINGS_SECTION };
export type { FloeSettings };

export function engineOptions(s: FloeSettings): EngineOptions {
  const o: EngineOptions = {
    extraGroups: [...s.extraGroups],
    exclude: [...s.exclude],
    sitePackages: [...s.sitePackages],
    manifestGlobs: [...s.manifestGlobs],
  };
  if (s.platformApiVersion) o.platformApiVersion = s.platformApiVersion;
  // The interpreter chosen for the folder: its floe-core and installed plugins are read too.
  if (s.pythonInterpreter) o.python = s.pythonInterpreter;
  return o;
}

/** Do two settings need a re-index (engine options differ)? */
export function engineOptionsChanged(a: FloeSettings, b: FloeSettings): boolean {
  return JSON.stringify(engineOptions(a)) !== JSON.stringify(engineOptions(b));
}
