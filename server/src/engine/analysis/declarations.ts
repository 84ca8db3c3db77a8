// All entry points of the workspace: its own pyproject.toml files plus installed distributions,
// where an installed copy (editable or not) of a workspace package is the same plugin, not a duplicate.
import * as path from 'node:path';
import type { DistInfo, PyprojectInfo } from '../discovery/types';
import type { EntryPointDecl } from '../model';

export function collectDeclarations(pyprojects: PyprojectInfo[], dists: DistInfo[]): EntryPointDecl[] {
  const out: EntryPointDecl[] = [];
  const workspaceNames = new Set<string>();
  const workspaceDirs: string[] = [];
  for (const p of pyprojects) {
    out.push(...p.entryPoints);
    workspaceNames.add(p.distribution);
    workspaceDirs.push(path.dirname(p.file));
  }
  for (const d of dists) {
    if (workspaceNames.has(d.distribution)) continue;
    const editable = (d.editableOf ?? []).some((e) => workspaceDirs.some((w) => e === w || e.startsWith(w + path.sep) || w.startsWith(e + path.sep)));
    if (editable) continue;
    out.push(...d.entryPoints);
  }
  return out;
}
