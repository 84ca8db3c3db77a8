// The version of a floe_core package from its package metadata: the `floe_core-*.dist-info` next
// to an installed copy, or the floe-core pyproject.toml above a source copy (src or flat layout).
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { parseDistInfoFolderName, parseMetadataHeaders } from './distInfo';
import { normalizeDistName } from './names';
import { parsePyproject } from './pyproject';

export interface PackageVersion {
  version: string;
  file: string;
}

export function floeCorePackageVersion(fs: FileSystem, floeCoreDir: string, installed: boolean): PackageVersion | undefined {
  if (installed) {
    const sp = path.dirname(floeCoreDir);
    for (const e of fs.readDir(sp)) {
      if (!e.name.endsWith('.dist-info')) continue;
      const folder = parseDistInfoFolderName(e.name);
      if (normalizeDistName(folder.name) !== 'floe-core') continue;
      const file = path.join(sp, e.name, 'METADATA');
      const version = parseMetadataHeaders(fs.readFile(file) ?? '').version ?? folder.version;
      if (version) return { version, file };
    }
    return undefined;
  }
  for (const dir of [path.dirname(floeCoreDir), path.dirname(path.dirname(floeCoreDir))]) {
    const file = path.join(dir, 'pyproject.toml');
    const text = fs.stat(file)?.isFile ? fs.readFile(file) : undefined;
    if (text === undefined) continue;
    const p = parsePyproject(fs, file, text);
    if (p.distribution === 'floe-core' && p.version) return { version: p.version, file };
  }
  return undefined;
}
