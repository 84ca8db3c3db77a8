// An installed distribution's `*.dist-info` folder: name/version (METADATA or the folder name),
// floe* entry points (entry_points.txt) and, for editable installs, the source folders it
// points at (direct_url.json, and the `.pth` files its RECORD names).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSystem } from '../fs';
import type { Diagnostic } from '../model';
import { ZERO_RANGE } from '../text/lineIndex';
import type { DistInfo } from './types';
import { parseEntryPointsTxt } from './entryPointsTxt';
import { DEFAULT_MAX_DECL_SIZE, formatSize, normalizeDistName } from './names';

export interface ReadDistInfoOptions {
  /** entry_points.txt larger than this is skipped with a diagnostic (default 2 MiB). */
  maxFileSize?: number;
}

/** `Name:` / `Version:` from the METADATA headers (up to the first blank line). */
export function parseMetadataHeaders(text: string): { name?: string; version?: string } {
  const out: { name?: string; version?: string } = {};
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0 || /^\s/.test(line)) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'name' && out.name === undefined && value) out.name = value;
    if (key === 'version' && out.version === undefined && value) out.version = value;
  }
  return out;
}

/** `name-version.dist-info` -> name and version. */
export function parseDistInfoFolderName(folder: string): { name: string; version?: string } {
  const base = folder.replace(/\.dist-info$/i, '');
  const dash = base.indexOf('-');
  return dash < 0 ? { name: base } : { name: base.slice(0, dash), version: base.slice(dash + 1) || undefined };
}

/** The source folder of an editable install, from direct_url.json (`dir_info.editable`). */
export function editableFromDirectUrl(text: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = data as { url?: unknown; dir_info?: { editable?: unknown } };
  if (!d || typeof d !== 'object' || d.dir_info?.editable !== true || typeof d.url !== 'string') return undefined;
  if (!d.url.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(d.url);
  } catch {
    return undefined;
  }
}

/** First CSV field of each RECORD line (quoted fields allowed). */
function recordPaths(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line) continue;
    if (line.startsWith('"')) {
      const close = line.indexOf('"', 1);
      if (close > 0) out.push(line.slice(1, close));
    } else {
      out.push(line.split(',')[0]);
    }
  }
  return out;
}

/** Absolute folder lines of a `.pth` file (not `import` lines, not comments). */
export function pthFolders(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^import[\s\t]/.test(line)) continue;
    if (path.isAbsolute(line) || /^[A-Za-z]:[\\/]/.test(line)) out.push(line);
  }
  return out;
}

export function readDistInfo(fs: FileSystem, dir: string, sitePackages: string, opts: ReadDistInfoOptions = {}): DistInfo {
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_DECL_SIZE;
  const diagnostics: Diagnostic[] = [];
  const fromFolder = parseDistInfoFolderName(path.basename(dir));
  const meta = parseMetadataHeaders(fs.readFile(path.join(dir, 'METADATA')) ?? '');
  const distribution = normalizeDistName(meta.name ?? fromFolder.name);
  const version = meta.version ?? fromFolder.version;

  const info: DistInfo = { dir, distribution, entryPoints: [], diagnostics };
  if (version) info.version = version;

  const epFile = path.join(dir, 'entry_points.txt');
  const epStat = fs.stat(epFile);
  if (epStat?.isFile && epStat.size > maxSize) {
    diagnostics.push({
      file: epFile,
      range: ZERO_RANGE,
      severity: 'information',
      code: 'file-skipped',
      message: `entry_points.txt of ${distribution} is ${formatSize(epStat.size)}, larger than the ${formatSize(maxSize)} limit: not read.`,
    });
  } else if (epStat?.isFile) {
    const text = fs.readFile(epFile);
    if (text !== undefined) {
      const r = parseEntryPointsTxt(epFile, text, {
        distribution,
        ...(version ? { distributionVersion: version } : {}),
        source: 'installed',
        importRoots: [sitePackages],
      });
      info.entryPoints = r.entryPoints;
      diagnostics.push(...r.diagnostics);
    }
  }

  const editable: string[] = [];
  const directUrl = fs.readFile(path.join(dir, 'direct_url.json'));
  const fromUrl = directUrl !== undefined ? editableFromDirectUrl(directUrl) : undefined;
  if (fromUrl) editable.push(fromUrl);
  const record = fs.readFile(path.join(dir, 'RECORD'));
  for (const p of record ? recordPaths(record) : []) {
    if (!p.endsWith('.pth') || p.includes('/') || p.includes('\\')) continue;
    const pthFile = path.join(sitePackages, p);
    const st = fs.stat(pthFile);
    if (!st?.isFile || st.size > maxSize) continue;
    for (const folder of pthFolders(fs.readFile(pthFile) ?? '')) if (!editable.includes(folder)) editable.push(folder);
  }
  if (editable.length) info.editableOf = editable;
  return info;
}
