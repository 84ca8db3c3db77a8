// Fixture workspaces for the robustness tests: the `ws` fixture read into memory or copied to a
// temp dir, tree hashes (to prove nothing was written), and the invariants every analysis result
// must keep however broken its input.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalysisResult, Diagnostic } from '../../../server/src/engine/model';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');
export const FIXTURE = path.join(REPO, 'test', 'fixtures', 'robustness', 'ws');

/** Workspace-relative paths of the files the fuzzers mutate. */
export const VICTIMS = {
  pyproject: 'packages/floe-victim/pyproject.toml',
  plugin: 'packages/floe-victim/src/floe_victim/plugin.py',
  config: 'packages/floe-victim/src/floe_victim/config.py',
  entryPoints: '.venv/lib/python3.11/site-packages/floe_inst-1.0.dist-info/entry_points.txt',
  metadata: '.venv/lib/python3.11/site-packages/floe_inst-1.0.dist-info/METADATA',
  manifest: 'platform/manifest.yaml',
} as const;

/** The intact neighbour and the diagnostic it must keep whatever happens to the victims. */
export const INTACT_PLUGIN = 'packages/floe-intact/src/floe_intact/plugin.py';
export const INTACT_EXPECTED = {
  code: 'api-incompatible',
  range: { start: { line: 8, character: 23 }, end: { line: 8, character: 28 } },
} as const;

/** Every file of a folder, relative path -> text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (e.isFile()) out[r] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** The fixture under an absolute root, as MemoryFileSystem input. */
export function fixtureFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, text] of Object.entries(readTree(FIXTURE))) out[path.posix.join(root, rel)] = text;
  return out;
}

export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `floe-robust-${prefix}-`)));
}

/** A fresh copy of the fixture in a temp dir (real path). */
export function copyFixture(prefix = 'ws'): string {
  const dir = tempDir(prefix);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** sha256 of every file (and the target of every link) under dir, by relative path. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out.set(r, `link:${fs.readlinkSync(p)}`);
      else if (e.isDirectory()) {
        out.set(r + '/', 'dir');
        walk(p, r);
      } else {
        const st = fs.statSync(p);
        out.set(r, `${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir, '');
  return out;
}

const CODES = new Set([
  'toml-syntax',
  'python-syntax',
  'entry-points-syntax',
  'file-skipped',
  'unknown-group',
  'invalid-entry-point',
  'unresolved-module',
  'unresolved-class',
  'not-a-plugin-class',
  'missing-abstract-member',
  'dynamic-metadata',
  'invalid-version',
  'invalid-api-version',
  'api-incompatible',
  'duplicate-plugin',
  'name-mismatch',
  'dependency-cycle',
  'missing-dependency',
  'manifest-syntax',
  'manifest-invalid',
  'unknown-category',
  'unknown-plugin',
  'version-mismatch',
  'plugin-unusable',
  'config-invalid',
  'manifest-warning',
  'manifest-not-checked',
  'config-needed',
  'secret-literal',
]);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** Line count as LSP sees it (\n, \r\n and lone \r end lines). */
function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/**
 * Problems with a result's shape: unknown codes or severities, empty messages, relative files,
 * ranges that are negative, reversed, or past the end of the file they point into.
 */
export function resultProblems(r: AnalysisResult, readFile: (f: string) => string | undefined): string[] {
  const problems: string[] = [];
  const lines = new Map<string, number | undefined>();
  const check = (where: string, file: string, range: Diagnostic['range']) => {
    if (!path.isAbsolute(file)) problems.push(`${where}: relative file ${file}`);
    const { start, end } = range ?? ({} as Diagnostic['range']);
    const ok = (p: { line: number; character: number } | undefined) =>
      !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
    if (!ok(start) || !ok(end)) {
      problems.push(`${where}: bad range ${JSON.stringify(range)}`);
      return;
    }
    if (end.line < start.line || (end.line === start.line && end.character < start.character))
      problems.push(`${where}: reversed range ${JSON.stringify(range)}`);
    if (!lines.has(file)) {
      const t = readFile(file);
      lines.set(file, t === undefined ? undefined : lineCount(t));
    }
    const n = lines.get(file);
    if (n !== undefined && end.line >= n) problems.push(`${where}: range ${JSON.stringify(range)} past the last line (${n} lines)`);
  };
  for (const d of r.diagnostics) {
    const where = `${d.code} in ${d.file}`;
    if (!CODES.has(d.code)) problems.push(`unknown code ${d.code}`);
    if (!SEVERITIES.has(d.severity)) problems.push(`${where}: unknown severity ${d.severity}`);
    if (typeof d.message !== 'string' || !d.message.trim()) problems.push(`${where}: empty message`);
    // The engine's last-resort catch blocks say "internal error": a crash caught, not a diagnostic.
    else if (/internal error|Maximum call stack|is not a function|Cannot read properties|undefined \(reading/i.test(d.message))
      problems.push(`${where}: caught crash: ${d.message.slice(0, 200)}`);
    check(where, d.file, d.range);
    for (const rel of d.related ?? []) check(`${where} (related)`, rel.file, rel.range);
    for (const f of d.fixes ?? []) {
      check(`${where} (fix)`, f.file, f.range);
      if (typeof f.newText !== 'string') problems.push(`${where}: fix without text`);
    }
  }
  for (const p of r.plugins) if (!p.id || !p.group) problems.push(`plugin without id/group: ${JSON.stringify(p.id)}`);
  return problems;
}

/** The intact neighbour's expected diagnostic, or a description of what is there instead. */
export function intactProblem(r: AnalysisResult, root: string): string | undefined {
  const file = path.join(root, INTACT_PLUGIN);
  const mine = r.diagnostics.filter((d) => d.file === file);
  const hit = mine.find((d) => d.code === INTACT_EXPECTED.code && JSON.stringify(d.range) === JSON.stringify(INTACT_EXPECTED.range));
  if (hit) return undefined;
  return `intact plugin lost its ${INTACT_EXPECTED.code}; has ${JSON.stringify(mine.map((d) => [d.code, d.range]))}`;
}

/** A short printable preview of an input (for failure messages). */
export function preview(text: string, max = 300): string {
  const s = JSON.stringify(text.length > max ? text.slice(0, max) + `…(+${text.length - max} chars)` : text);
  return s;
}
