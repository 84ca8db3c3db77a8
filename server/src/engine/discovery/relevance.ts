// Which files take part in an analysis, by name: a change to one of them may change the result, so
// it must reach FloeWorkspace.invalidate(). The editor's file watchers (shared/watch.ts) cover
// these names; a test keeps them in step.

/** File names that take part wherever they are (pyproject, installed distributions' metadata). */
export const RELEVANT_NAMES: readonly string[] = ['pyproject.toml', 'entry_points.txt', 'METADATA', 'direct_url.json'];

/** Extensions that take part: Python sources and stubs, `.pth` files, manifests and JSON Schema files. */
export const RELEVANT_EXTENSIONS: readonly string[] = ['py', 'pyi', 'pth', 'yaml', 'yml', 'json'];

/** Does a file of this name (no folder) take part? */
export function isRelevantName(base: string): boolean {
  if (RELEVANT_NAMES.includes(base)) return true;
  const dot = base.lastIndexOf('.');
  return dot >= 0 && RELEVANT_EXTENSIONS.includes(base.slice(dot + 1));
}
