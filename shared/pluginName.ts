// The rule for a new plugin's name, shared by the New Plugin wizard (as the user types) and the
// engine's scaffold (which refuses what the rule refuses). No imports.

/** Why a new plugin name is invalid, or undefined when it is fine (`my-duck`, `duckdb2`). Surrounding spaces are ignored. */
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
