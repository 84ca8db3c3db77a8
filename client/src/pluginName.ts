// The activation content check: a cheap look at a file before the server starts.

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
