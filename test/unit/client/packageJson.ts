// The extension's package.json as the tests read it: raw, or as VS Code shows it in English (every
// `%key%` string replaced by its text from package.nls.json).
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');

export const readJson = (rel: string): any => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8'));

/** `%key%`: a string VS Code replaces with the key's text from package.nls.json. */
export const NLS_KEY = /^%([^%]+)%$/;

/** Every string of `value` with a `%key%` replaced (a key without text stays as it is). */
export function localize(value: unknown, nls: Record<string, string>): any {
  if (typeof value === 'string') {
    const m = NLS_KEY.exec(value);
    return m && m[1] in nls ? nls[m[1]] : value;
  }
  if (Array.isArray(value)) return value.map((v) => localize(v, nls));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, nls)]));
  return value;
}

export function localizedManifest(): any {
  return localize(readJson('package.json'), readJson('package.nls.json'));
}
