// What the workspace walk skips and how it classifies files.
import picomatch from 'picomatch';

/** Folders never walked as source. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  'build',
  'dist',
  '.idea',
  '.vscode',
  'target',
]);

/** Folder names taken as virtualenvs (besides any folder holding `pyvenv.cfg`). */
export const VENV_NAMES = new Set(['.venv', 'venv', 'env']);

export function isSkippedDirName(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.endsWith('.egg-info');
}

/** A matcher over paths relative to the root (`/`-separated); patterns without a `/` match any basename. */
export function globMatcher(patterns: string[] | undefined): (rel: string) => boolean {
  const clean = (patterns ?? []).map((p) => p.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')).filter((p) => p !== '');
  const bare = clean.filter((p) => !p.includes('/'));
  const pathed = clean.filter((p) => p.includes('/'));
  const matchers: Array<(s: string) => boolean> = [];
  try {
    if (bare.length) matchers.push(picomatch(bare, { dot: true, basename: true }));
    if (pathed.length) matchers.push(picomatch(pathed, { dot: true }));
  } catch {
    // A malformed glob must not break discovery: each pattern is tried on its own below.
    matchers.length = 0;
    for (const p of clean) {
      try {
        matchers.push(picomatch(p, { dot: true, basename: !p.includes('/') }));
      } catch {
        /* ignore this pattern */
      }
    }
  }
  if (!matchers.length) return () => false;
  return (rel) => matchers.some((m) => m(rel));
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const NOT_MANIFESTS = new Set(['package.json', 'package-lock.json']);

/** Whether a file is a candidate platform manifest by its name (`*.yaml`, `*.yml`, `*.json`, except npm/ts configs). */
export function isManifestName(name: string): boolean {
  if (!MANIFEST_EXT.test(name)) return false;
  if (NOT_MANIFESTS.has(name)) return false;
  return !(name.startsWith('tsconfig') && name.endsWith('.json'));
}
