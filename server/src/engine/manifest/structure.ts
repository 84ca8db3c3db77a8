// The parts of a platform manifest this tool owns, as a JSON Schema. Platform sections it does not
// own (`governance`, `observability`, `scope`, `defaults` ...) are open: never reported.
export const PLUGIN_ENTRY_KEYS = ['type', 'version', 'config', 'connection_secret_ref'] as const;

export const MANIFEST_STRUCTURE_SCHEMA: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string', pattern: '^floe\\.dev/v[0-9]+((alpha|beta)[0-9]+)?$' },
    kind: { const: 'Manifest' },
    metadata: {
      type: 'object',
      required: ['name', 'version', 'owner'],
      properties: {
        name: { type: 'string', minLength: 1 },
        version: { type: 'string', format: 'semver' },
        owner: { type: 'string', minLength: 1 },
        description: { type: 'string' },
      },
    },
    plugins: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', minLength: 1 },
          version: { type: 'string', minLength: 1 },
          config: { type: ['object', 'null'] },
          connection_secret_ref: { type: ['string', 'object'] },
        },
      },
    },
  },
};

/** Descriptions of the owned keys (hover, completion). */
export const MANIFEST_KEY_DOCS: Record<string, string> = {
  apiVersion: 'Manifest API version, `floe.dev/v1`.',
  kind: 'Always `Manifest`.',
  metadata: 'Platform name, version (semver), owner and description.',
  plugins: 'Plugins selected per category (`compute`, `catalog`, ...).',
  type: 'The plugin name (as registered under its entry-point group).',
  version: 'Pin: the plugin version this platform expects.',
  config: "The plugin's configuration, validated against its config schema.",
  connection_secret_ref: 'Reference to the secret holding connection credentials.',
};
