// Side by side with yaml-language-server (the dev dependency, 1.25), both driven over stdio on the
// same generated manifests of 2 KB, 100 KB and 1 MB (a modeline and a comment block first, then
// the plugin selections and a long governance list), with equivalent schemas: ours are the two
// plugins' `*.schema.json` files and floe's manifest model; the peer gets one JSON Schema of the
// manifest (that model with each selection's `config` replaced by its plugin's schema). Both must
// report the same errors (two planted config errors, then each typed unknown key). Per size, from
// interleaved runs: start -> first diagnostics, edit -> diagnostics after a quiet spell and at
// typing speed, server CPU per edit (/proc/<pid>/stat), RSS; each as project ÷ peer.
//   FLOE_SIDE_ROUNDS=N   interleaved rounds per size (default 2)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtinManifestModel } from '../../server/src/engine/manifest/builtinModel';
import { LspClient, REPO, uri } from '../lsp/harness';
import { COMMENT_BLOCK, cpuMs, fmt, idle, median, p95, rssMb, typeEdits, type TypingEdit } from './lspDriver';

type Schema = Record<string, any>;
const PEER = path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const ROUNDS = Number(process.env.FLOE_SIDE_ROUNDS ?? 2);

const PLUGINS = [
  { category: 'compute', group: 'floe.computes', abc: 'ComputePlugin', name: 'duck', cls: 'DuckConfig' },
  { category: 'catalog', group: 'floe.catalogs', abc: 'CatalogPlugin', name: 'polar', cls: 'PolarConfig' },
];

function pluginSchema(cls: string): Schema {
  return {
    title: cls,
    type: 'object',
    additionalProperties: false,
    required: ['uri'],
    properties: { uri: { type: 'string' }, threads: { type: 'integer', minimum: 1, maximum: 64, default: 4 }, mode: { type: 'string', default: 'fast' } },
  };
}

/** Two plugin packages, each shipping its config's JSON Schema; the peer's manifest schema beside them. */
function workspace(root: string): string {
  fs.rmSync(root, { recursive: true, force: true });
  for (const p of PLUGINS) {
    const mod = `floe_${p.name}`;
    const dir = path.join(root, 'packages', `floe-${p.name}`);
    const src = path.join(dir, 'src', mod);
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      `[project]\nname = "floe-${p.name}"\nversion = "0.1.0"\n\n[project.entry-points."${p.group}"]\n${p.name} = "${mod}.plugin:Plugin"\n`,
    );
    fs.writeFileSync(path.join(src, '__init__.py'), '');
    fs.writeFileSync(
      path.join(src, 'config.py'),
      `from pydantic import BaseModel, ConfigDict\n\n\nclass ${p.cls}(BaseModel):\n    model_config = ConfigDict(extra="forbid")\n    uri: str\n    threads: int = 4\n    mode: str = "fast"\n`,
    );
    fs.writeFileSync(
      path.join(src, 'plugin.py'),
      `from floe_core.plugins import ${p.abc}\n\nfrom ${mod}.config import ${p.cls}\n\n\nclass Plugin(${p.abc}):\n    name = "${p.name}"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n\n    def get_config_schema(self):\n        return ${p.cls}\n`,
    );
    fs.writeFileSync(path.join(src, `${p.cls}.schema.json`), JSON.stringify(pluginSchema(p.cls), null, 2));
  }
  // The peer's schema: floe's manifest model, each selection's config its plugin's schema.
  const schema = structuredClone(builtinManifestModel().schema) as Schema;
  for (const p of PLUGINS) {
    const sel = structuredClone(schema.$defs.PluginSelection) as Schema;
    sel.properties.config = pluginSchema(p.cls);
    schema.$defs[`Selection_${p.category}`] = sel;
    schema.$defs.PluginsConfig.properties[p.category] = { $ref: `#/$defs/Selection_${p.category}` };
  }
  const file = path.join(root, 'manifest.schema.json');
  fs.writeFileSync(file, JSON.stringify(schema));
  return file;
}

/** A manifest of about `bytes` bytes, with two planted config errors (lines returned, 0-based). */
function manifest(bytes: number, schemaFile: string): { text: string; errorLines: number[] } {
  let out =
    `# yaml-language-server: $schema=${uri(schemaFile)}\n` +
    COMMENT_BLOCK +
    'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: bench\n  version: 1.0.0\n  owner: bench@floe.dev\nplugins:\n' +
    '  compute:\n    type: duck\n    config:\n      uri: "http://duck"\n      threads: 99\n' +
    '  catalog:\n    type: polar\n    config:\n      uri: "http://polar"\n      colour: red\n' +
    'governance:\n  policies:\n';
  for (let i = 0; out.length < bytes; i++)
    out += `    - {name: policy-${i}, type: custom, action: warn, message: "team-${i % 17} retention-${i % 30}", config: {tags: [pii, gdpr], enabled: true}}\n`;
  const lines = out.split('\n');
  return { text: out, errorLines: [lines.findIndex((l) => l.includes('threads: 99')), lines.findIndex((l) => l.includes('colour: red'))] };
}

interface Run {
  start: number;
  quiet: number[];
  quietCpu: number;
  typing: number[];
  typingCpu: number;
  /** Typing: the share of edits answered with diagnostics of their own text. */
  typingAnswered: number;
  rss: number;
}

const errorLines = (c: LspClient, file: string) =>
  (c.diagnostics.get(uri(file)) ?? [])
    .filter((d) => d.severity === 1)
    .map((d) => d.range.start.line)
    .sort((a, b) => a - b);

/** Typing an unknown key into the compute config: each edit renames it (the mark). */
function keyEdits(text: string, n: number, from: number): TypingEdit[] {
  const at = text.indexOf('      threads: 99\n') + '      threads: 99\n'.length;
  const out: TypingEdit[] = [];
  for (let i = 0; i < n; i++) {
    const k = `zq${String(from + i).padStart(4, '0')}`;
    out.push(i === 0 ? { start: at, end: at, text: `      ${k}: 1\n`, mark: k } : { start: at + 6, end: at + 12, text: k, mark: k });
  }
  return out;
}

async function runServer(kind: 'floe' | 'peer', root: string, file: string, text: string, want: number[], size: number): Promise<Run> {
  const t0 = performance.now();
  const c = kind === 'floe' ? new LspClient() : new LspClient([PEER, '--stdio'], { command: process.execPath });
  try {
    if (kind === 'peer')
      c.settings.set('', { validate: true, hover: false, completion: false, format: { enable: false }, schemaStore: { enable: false }, yamlVersion: '1.1' });
    await c.initialize([root], {}, kind === 'floe' ? {} : undefined);
    c.open(file, text, 'yaml');
    await c.waitFor(`${kind}: first diagnostics`, () => errorLines(c, file).length >= 2, 120000);
    const start = performance.now() - t0;
    const got = errorLines(c, file);
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${kind}: errors on lines ${got.join(', ')}, expected ${want.join(', ')}`);
    // After a quiet spell: one edit, its diagnostics, then nothing until the server is idle again.
    const quietN = size > 500_000 ? 6 : 12;
    const quiet: number[] = [];
    let cur = text;
    const cpu0 = cpuMs(c.proc.pid!);
    for (const e of keyEdits(cur, quietN, 0)) {
      const r = await typeEdits(c, file, cur, [e], 0, 120000);
      quiet.push(r.latencies[0]);
      cur = r.text;
      await idle(c.proc.pid!);
    }
    const quietCpu = (cpuMs(c.proc.pid!) - cpu0) / quietN;
    const typedEdits = keyEdits(cur, size > 500_000 ? 20 : 40, quietN).slice(1);
    const typed = await typeEdits(c, file, cur, typedEdits, 50, 300000);
    const now = errorLines(c, file);
    if (now.length !== 3) throw new Error(`${kind}: after typing, errors on lines ${now.join(', ')}`);
    return {
      start,
      quiet,
      quietCpu,
      typing: typed.latencies,
      typingCpu: typed.cpuPerEdit,
      typingAnswered: typed.answered / typedEdits.length,
      rss: rssMb(c.proc.pid!),
    };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-side-')));
  const schemaFile = workspace(root);
  const file = path.join(root, 'platform', 'manifest.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rows: string[] = [];
  for (const [label, bytes] of [
    ['2 KB', 2 * 1024],
    ['100 KB', 100 * 1024],
    ['1 MB', 1024 * 1024],
  ] as const) {
    const { text, errorLines: want } = manifest(bytes, schemaFile);
    fs.writeFileSync(file, text);
    const runs: Record<'floe' | 'peer', Run[]> = { floe: [], peer: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of (r % 2 ? ['peer', 'floe'] : ['floe', 'peer']) as Array<'floe' | 'peer'>)
        runs[kind].push(await runServer(kind, root, file, text, want, bytes));
    }
    const m = (kind: 'floe' | 'peer', f: (r: Run) => number[] | number) => median(runs[kind].flatMap((r) => f(r)));
    const q = (kind: 'floe' | 'peer', f: (r: Run) => number[]) => p95(runs[kind].flatMap((r) => f(r)));
    const cells: Array<[string, number, number]> = [
      ['start -> first diagnostics', m('floe', (r) => r.start), m('peer', (r) => r.start)],
      ['edit -> diagnostics after a quiet spell (median)', m('floe', (r) => r.quiet), m('peer', (r) => r.quiet)],
      ['edit -> diagnostics, edits 50 ms apart (median)', m('floe', (r) => r.typing), m('peer', (r) => r.typing)],
      ['edit -> diagnostics, edits 50 ms apart (p95)', q('floe', (r) => r.typing), q('peer', (r) => r.typing)],
      ['server CPU per edit (quiet spell)', m('floe', (r) => r.quietCpu), m('peer', (r) => r.quietCpu)],
      ['server CPU per edit (typing)', m('floe', (r) => r.typingCpu), m('peer', (r) => r.typingCpu)],
    ];
    for (const [what, a, b] of cells) rows.push(`| ${label} | ${what} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)} |`);
    // At typing speed a server may answer only some edits: CPU per edit answered compares the work done per answer.
    const aa = m('floe', (r) => r.typingAnswered),
      ab = m('peer', (r) => r.typingAnswered);
    rows.push(
      `| ${label} | edits answered with their own diagnostics (typing) | ${(aa * 100).toFixed(0)} % | ${(ab * 100).toFixed(0)} % | ${(aa / ab).toFixed(2)} |`,
    );
    const ca = m('floe', (r) => r.typingCpu / r.typingAnswered),
      cb = m('peer', (r) => r.typingCpu / r.typingAnswered);
    rows.push(`| ${label} | server CPU per edit answered (typing) | ${fmt(ca)} | ${fmt(cb)} | ${(ca / cb).toFixed(2)} |`);
    const ra = m('floe', (r) => r.rss),
      rb = m('peer', (r) => r.rss);
    rows.push(`| ${label} | RSS after | ${ra.toFixed(0)} MB | ${rb.toFixed(0)} MB | ${(ra / rb).toFixed(2)} |`);
    console.log(rows.slice(-9).join('\n'));
  }
  console.log(`\nside by side with yaml-language-server (${ROUNDS} interleaved rounds per size; same errors asserted):`);
  console.log('| manifest | what | floe | yaml-language-server | floe ÷ peer |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
