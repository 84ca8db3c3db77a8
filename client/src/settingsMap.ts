// Pure mapping of the `floePlugins.*` configuration to the FloeSettings the server pulls.
import { normalizeSettings, SETTINGS_SECTION, type FloeSettings } from '../../shared/settings';

/** Reads one key of the `floePlugins` section (like WorkspaceConfiguration.get). */
export type ConfigGetter = (key: string) => unknown;

export function toFloeSettings(get: ConfigGetter, computed: { pythonInterpreter?: string; workspaceTrusted: boolean }): FloeSettings {
  return normalizeSettings({
    platformApiVersion: get('platformApiVersion'),
    extraGroups: get('extraGroups'),
    exclude: get('exclude'),
    sitePackages: get('sitePackages'),
    manifestGlobs: get('manifestGlobs'),
    healthCheckTimeout: get('healthCheck.timeout'),
    lifecycleTimeout: get('lifecycle.timeout'),
    pythonInterpreter: computed.pythonInterpreter,
    workspaceTrusted: computed.workspaceTrusted,
  });
}

/** The interpreter, in order: the Python extension's environment, the setting, the folder's .venv, python3. */
export function chooseInterpreter(c: { fromPythonExtension?: string; fromSetting?: string; venvExists?: string }): { path: string; origin: string } {
  if (c.fromPythonExtension) return { path: c.fromPythonExtension, origin: 'Python extension' };
  if (c.fromSetting && c.fromSetting.trim()) return { path: c.fromSetting.trim(), origin: `setting ${SETTINGS_SECTION}.python.interpreter` };
  if (c.venvExists) return { path: c.venvExists, origin: 'workspace .venv' };
  return { path: 'python3', origin: 'default' };
}
