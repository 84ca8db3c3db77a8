// Small naming helpers shared by the discovery parsers.

/** PEP 503 normalised distribution name: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function normalizeDistName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** Entry-point groups discovery collects: any group whose name starts with `floe` (the checks decide known/unknown). */
export function isFloeGroup(group: string): boolean {
  return group.trim().toLowerCase().startsWith('floe');
}

/** Human size, e.g. `2 MiB`, `3.4 MiB`, `512 KiB`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Default size limit for declaration files (pyproject.toml, entry_points.txt): 2 MiB. */
export const DEFAULT_MAX_DECL_SIZE = 2 * 1024 * 1024;
