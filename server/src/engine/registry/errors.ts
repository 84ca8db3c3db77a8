// The registry's error classes, with the messages floe_core.plugin_errors gives them.
import { invalidVersionMessage, pyRepr } from './versionCompat';

export class PluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class PluginNotFoundError extends PluginError {
  constructor(
    readonly pluginType: string,
    readonly pluginName: string,
  ) {
    super(`Plugin not found: ${pluginType}:${pluginName}`);
  }
}

export class PluginIncompatibleError extends PluginError {
  constructor(
    readonly pluginName: string,
    readonly requiredVersion: string,
    readonly platformVersion: string,
  ) {
    super(`Plugin '${pluginName}' requires API v${requiredVersion}, but platform provides v${platformVersion}`);
  }
}

export interface ConfigFieldError {
  field: string;
  message: string;
  type: string;
}

export class PluginConfigurationError extends PluginError {
  constructor(
    readonly pluginName: string,
    readonly errors: ConfigFieldError[],
  ) {
    // floe prints the Python repr of its list of {'field', 'message', 'type'} dicts.
    const list = errors.map((e) => `{'field': ${pyRepr(e.field)}, 'message': ${pyRepr(e.message)}, 'type': ${pyRepr(e.type)}}`).join(', ');
    super(`Configuration error for plugin '${pluginName}': [${list}]`);
  }
}

export class DuplicatePluginError extends PluginError {
  constructor(
    readonly pluginType: string,
    readonly pluginName: string,
  ) {
    super(`Duplicate plugin: ${pluginType}:${pluginName}`);
  }
}

export class CircularDependencyError extends PluginError {
  constructor(readonly cycle: string[]) {
    super(`Circular dependency: ${cycle.join(' -> ')}`);
  }
}

export class MissingDependencyError extends PluginError {
  constructor(
    readonly pluginName: string,
    readonly missing: string[],
  ) {
    super(`Plugin '${pluginName}' has missing dependencies: ${missing.join(', ')}`);
  }
}

/** What floe raises for a floe_api_version it cannot parse (a ValueError, not a PluginError). */
export class InvalidVersionError extends Error {
  constructor(readonly version: string) {
    super(invalidVersionMessage(version));
    this.name = 'ValueError';
  }
}
