// The Python files of a package folder, bounded (tests and caches left out).
import * as path from 'node:path';
import type { FileSystem } from '../fs';

const MAX_FILES = 800;

/** Python files of a package folder, sorted by path, at most 800, at most 8 folders deep. */
export function packageFiles(fs: FileSystem, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 8 || out.length >= MAX_FILES) return;
    const entries = fs.readDir(d).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      if (e.isFile && e.name.endsWith('.py')) out.push(path.join(d, e.name));
    }
    for (const e of entries) {
      if (e.isDirectory && !e.name.startsWith('.') && e.name !== '__pycache__' && e.name !== 'tests') walk(path.join(d, e.name), depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}
