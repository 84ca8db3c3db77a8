// API version compatibility, as floe_core.version_compat.is_compatible defines it:
// same major, plugin minor <= platform minor; patch ignored.

export interface ApiVersion { major: number; minor: number }

/** Parse `X.Y` (or `X.Y.Z`, patch ignored). Undefined when it is not such a version. */
export function parseApiVersion(v: string): ApiVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function isCompatible(pluginApiVersion: string, platformApiVersion: string): boolean {
  const p = parseApiVersion(pluginApiVersion);
  const q = parseApiVersion(platformApiVersion);
  if (!p || !q) return false;
  return p.major === q.major && p.minor <= q.minor;
}

/** Why a plugin is incompatible, in words an author can act on. */
export function incompatibilityHint(pluginApiVersion: string, platformApiVersion: string): string {
  const p = parseApiVersion(pluginApiVersion);
  const q = parseApiVersion(platformApiVersion);
  if (!p || !q) return '';
  if (p.major !== q.major) return `the major versions differ (${p.major} vs ${q.major})`;
  return `the plugin needs minor version ${p.minor}, newer than the platform's ${q.minor}`;
}
