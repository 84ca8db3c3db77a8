// Platform manifests and plugin configs: the public surface of this folder.
export { looksLikeManifest, analyzeManifest, findPlugin } from './analyze';
export { pluginSchema, lookupPluginSchema } from './schemas';
export { manifestHover, manifestDefinition, effectiveConfig } from './editor';
export { manifestCompletions } from './completions';
export { validateConfig, validateDetailed, compileSchema } from './configValidation';
export type { ValidateConfigResult, ConfigError } from './configValidation';
export * from './types';
