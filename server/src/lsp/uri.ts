// file: URIs <-> absolute paths. Only file: URIs take part; anything else maps to undefined.
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';

export function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Is `file` the folder `root` itself or inside it? */
export function isUnder(file: string, root: string): boolean {
  if (file === root) return true;
  const r = root.endsWith(path.sep) ? root : root + path.sep;
  return file.startsWith(r);
}
