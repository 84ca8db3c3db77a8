// Keys of a platform manifest's plugin selections, and short descriptions for hovers/completions
// (the manifest itself is validated against the manifest model: manifestModel.ts).
export const PLUGIN_ENTRY_KEYS = ['type', 'version', 'config', 'connection_secret_ref'] as const;

/** Descriptions of the owned keys (hover, completion). */
export const MANIFEST_KEY_DOCS: Record<string, string> = {
  apiVersion: 'Manifest API version, `floe.dev/v1`.',
  kind: 'Always `Manifest`.',
  metadata: 'Platform name, version (semver), owner and description.',
  plugins: 'Plugins selected per category (`compute`, `catalog`, ...).',
  type: "The plugin's entry-point name (floe's registry looks plugins up by it).",
  version: 'Pin (X.Y.Z): floe records it for reproducibility; it never compares it with the installed plugin.',
  config: "The plugin's configuration; floe validates it against the plugin's config model when it configures the plugin at run time.",
  connection_secret_ref: 'Name of the Kubernetes Secret holding connection credentials.',
};
