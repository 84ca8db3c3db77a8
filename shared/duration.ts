// Durations as the output shows them: `0.4 ms`, `12.3 ms`, `292 ms`, `3.4 s`, `75 s`. No imports.

/** A duration in milliseconds, rounded for reading: one decimal below 100 ms and below 100 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 100) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 99.95 ? `${trim(s.toFixed(1))} s` : `${Math.round(s)} s`;
}

/** `3.0` -> `3`: no trailing `.0`. */
function trim(n: string): string {
  return n.endsWith('.0') ? n.slice(0, -2) : n;
}
