// Pure parts of the activation content check (no `vscode` import): where to look for floe content
// before the language server is started, and in which order. The check itself is floeContent.ts.

const NAMES = ['pyproject.toml', 'manifest.yaml', 'manifest.yml'];

/** Plugin declarations and manifests up to three folders deep (ripgrep globs allow no nested {} groups). */
export const SHALLOW_CANDIDATES = `{${['', '*/', '*/*/', '*/*/*/'].flatMap((d) => NAMES.map((f) => d + f)).join(',')}}`;
/** The same files at any depth. */
export const DEEP_CANDIDATES = `**/{${NAMES.join(',')}}`;
/** Never looked into: dependencies, virtualenvs, VCS data, build output. */
export const EXCLUDE = '**/{node_modules,.venv,venv,.git,.tox,build,dist}/**';
/** At most this many files are listed by the shallow look, and by the deep one. */
export const SHALLOW_LIMIT = 200;
export const DEEP_LIMIT = 5000;

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/'));

/**
 * The `pyproject.toml` of the file's folder and of each folder above it up to `root` (nearest
 * first): where the package an open file belongs to would declare its entry points. Paths are
 * URI paths (`/`-separated); a file outside `root` has none.
 */
export function ancestorDeclarations(root: string, file: string): string[] {
  const top = root.replace(/\/+$/, '');
  if (!file.startsWith(`${top}/`)) return [];
  const out: string[] = [];
  for (let dir = dirOf(file); dir.length >= top.length; dir = dirOf(dir)) {
    out.push(`${dir}/pyproject.toml`);
    if (dir === top) break;
  }
  return out;
}

/** Folders named like floe's packages: `floe-compute-duckdb`, `floe_core`, `floe`. */
const FLOE_NAMED = /\/floe([-_][^/]*)?\//i;

/**
 * The deep look's files in the order they are read: those under a floe-named folder first, then
 * the shallower ones first (a workspace's own packages before vendored copies deep below), the
 * listing's order otherwise.
 */
export function readingOrder(paths: readonly string[]): string[] {
  const depth = (p: string) => p.split('/').length;
  return paths
    .map((p, i) => ({ p, i, floe: FLOE_NAMED.test(p) ? 0 : 1, d: depth(p) }))
    .sort((a, b) => a.floe - b.floe || a.d - b.d || a.i - b.i)
    .map((x) => x.p);
}
