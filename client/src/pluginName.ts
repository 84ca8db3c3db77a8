// Pure checks for the New Plugin wizard and the activation content check.

/** Why a new plugin name is invalid, or undefined when it is fine (`my-duck`, `duckdb2`). */
export function validatePluginName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Enter a plugin name, e.g. my-duck.';
  if (n.length > 50) return 'Keep the name to 50 characters or fewer.';
  if (!/^[a-z]/.test(n)) return 'Start the name with a lowercase letter.';
  if (!/^[a-z][a-z0-9_-]*$/.test(n)) return 'Use lowercase letters, digits, "-" and "_" only.';
  if (/[-_]$/.test(n)) return 'Do not end the name with "-" or "_".';
  if (/[-_]{2}/.test(n)) return 'Do not repeat "-" or "_".';
  return undefined;
}

/**
 * Cheap look at a file's text before the server starts (not parsing): does this pyproject.toml /
 * entry_points.txt mention a floe entry-point group, or is this a floe manifest?
 */
export function mentionsFloe(fileName: string, text: string): boolean {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? '';
  if (base === 'pyproject.toml') return /floe[._-]/.test(text) && /entry-points|entry_points|plugins/.test(text);
  if (base === 'entry_points.txt') return text.includes('[floe');
  return text.includes('floe.dev/') && text.includes('Manifest');
}
