// The activation content check: does this workspace hold floe plugins or a platform manifest? The
// server is started only when it does. Three looks, cheapest first: declarations and manifests up
// to three folders deep; the open files (themselves and the pyproject.toml of each folder above
// them); then every pyproject.toml and manifest at any depth (bounded, floe-named folders first),
// so a plugin deep in a monorepo is found too. Only file names are listed and small files read.
import * as vscode from 'vscode';
import { ancestorDeclarations, DEEP_CANDIDATES, DEEP_LIMIT, EXCLUDE, readingOrder, SHALLOW_CANDIDATES, SHALLOW_LIMIT } from './contentSearch';
import { mentionsFloe } from './pluginName';

export interface ContentCheck {
  /** The first file found with floe content. */
  found?: vscode.Uri;
  /** The look that found it (`none`: no look did). */
  how: 'shallow' | 'open files' | 'deep' | 'none';
  /** Files read, and ms the check took. */
  filesRead: number;
  ms: number;
}

/** Reads in parallel, this many at a time. */
const BATCH = 16;

class Reader {
  readonly seen = new Set<string>();
  reads = 0;

  /** The first of `uris` (in order) with floe content; files already read are skipped. */
  async first(uris: readonly vscode.Uri[]): Promise<vscode.Uri | undefined> {
    const fresh = uris.filter((u) => !this.seen.has(u.toString()));
    for (const u of fresh) this.seen.add(u.toString());
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      const hits = await Promise.all(batch.map((u) => this.mentions(u)));
      const at = hits.indexOf(true);
      if (at >= 0) return batch[at];
    }
    return undefined;
  }

  private async mentions(uri: vscode.Uri): Promise<boolean> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.reads++;
      return mentionsFloe(uri.path, text);
    } catch {
      return false; // gone or unreadable
    }
  }
}

/** An open file's own floe content, or the pyproject.toml above it that declares floe entry points. */
export async function floeContentNear(doc: vscode.TextDocument, reader = new Reader()): Promise<vscode.Uri | undefined> {
  if (doc.uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder) return undefined;
  if (/(^|\/)(pyproject\.toml|entry_points\.txt)$|\.(ya?ml|json)$/i.test(doc.uri.path) && mentionsFloe(doc.uri.path, doc.getText())) return doc.uri;
  const above = ancestorDeclarations(folder.uri.path, doc.uri.path).filter((p) => p !== doc.uri.path);
  return reader.first(above.map((p) => doc.uri.with({ path: p })));
}

/** The check at activation. */
export async function findFloeContent(): Promise<ContentCheck> {
  const t0 = performance.now();
  const reader = new Reader();
  const done = (found: vscode.Uri | undefined, how: ContentCheck['how']): ContentCheck => ({
    found,
    how: found ? how : 'none',
    filesRead: reader.reads,
    ms: Math.round(performance.now() - t0),
  });
  if (!vscode.workspace.workspaceFolders?.length) return done(undefined, 'none');
  const shallow = await reader.first(await vscode.workspace.findFiles(SHALLOW_CANDIDATES, EXCLUDE, SHALLOW_LIMIT));
  if (shallow) return done(shallow, 'shallow');
  for (const doc of vscode.workspace.textDocuments) {
    const near = await floeContentNear(doc, reader);
    if (near) return done(near, 'open files');
  }
  const deep = await vscode.workspace.findFiles(DEEP_CANDIDATES, EXCLUDE, DEEP_LIMIT);
  const byPath = new Map(deep.map((u) => [u.path, u]));
  return done(await reader.first(readingOrder([...byPath.keys()]).map((p) => byPath.get(p)!)), 'deep');
}
