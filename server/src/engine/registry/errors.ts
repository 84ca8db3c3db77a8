// The registry's error classes, with the messages of the API contract (floe_core.plugin_errors).

export class PluginError extends Error {
  constructor(message: string) { super(message); this.name = new.target.name; }
}

export class PluginNotFoundError extends PluginError {
  constructor(readonly pluginType: string, readonly pluginName: string) {
    super(`Plugin not found: ${pluginType}:${pluginName}`);
  }
}

export class PluginIncompatibleError extends PluginError {
  constructor(readonly pluginName: string, readonly requiredVersion: string, readonly platformVersion: string) {
    super(`Plugin '${pluginName}' requires API v${requiredVersion}, but platform provides v${platformVersion}`);
  }
}

export interface ConfigFieldError { field: string; message: string; type: string }

export class PluginConfigurationError extends PluginError {
  constructor(readonly pluginName: string, readonly errors: ConfigFieldError[]) {
    super(`Configuration error for plugin '${pluginName}': ${errors.map((e) => `${e.field || '(root)'}: ${e.message}`).join('; ')}`);
  }
}

export class DuplicatePluginError extends PluginError {
  constructor(readonly pluginType: string, readonly pluginName: string) {
    super(`Duplicate plugin: ${pluginType}:${pluginName}`);
  }
}

export class CircularDependencyError extends PluginError {
  constructor(readonly cycle: string[]) {
    super(`Circular dependency: ${cycle.join(' -> ')}`);
  }
}

export class MissingDependencyError extends PluginError {
  constructor(readonly pluginName: string, readonly missing: string[]) {
    super(`Plugin '${pluginName}' depends on missing plugin(s): ${missing.join(', ')}`);
  }
}
