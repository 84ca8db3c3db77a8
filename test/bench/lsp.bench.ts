// Language server benchmark on a generated 1,000-package workspace, over the real bundled server
// (stdio JSON-RPC): initialized -> last diagnostics of the first full pass; didChange ->
// diagnostics latency for a plugin file and for a 100 KB manifest (median, p95), and for a plugin
// file again once all 1,000 plugin files show a problem; server RSS after.
// Targets: < 2 s, < 50 ms p95, < 250 MB.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from './generate';
import { LspClient, uri } from '../lsp/harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** A manifest of about `bytes` bytes: the 11 selections plus platform sections the tool must ignore. */
function bigManifest(names: string[], bytes: number): string {
  const cats = ['compute', 'orchestrator', 'catalog', 'storage', 'telemetry_backend', 'lineage_backend', 'dbt', 'semantic_layer', 'ingestion', 'secrets', 'identity'];
  let out = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: bench\n  version: 1.0.0\n  owner: bench@floe.dev\nplugins:\n';
  cats.forEach((c, i) => { out += `  ${c}:\n    type: ${names[i]}\n    config:\n      uri: "http://x"\n      threads: 8\n`; });
  out += 'resource_presets:\n';
  for (let i = 0; out.length < bytes; i++) out += `  preset_${i}:\n    cpu: "${(i % 8) + 1}"\n    memory: "${(i % 16) + 1}Gi"\n    labels: {team: "t${i % 50}", tier: "gold"}\n`;
  return out;
}

async function main(): Promise<void> {
  const root = path.join(os.tmpdir(), 'floe-bench-lsp');
  const gen = generateWorkspace(root, { packages: 1000, seed: 42 });
  // Some problems so the first pass publishes diagnostics: 40 plugins target another API major.
  for (const f of gen.pluginFiles.filter((_, i) => i % 25 === 3)) {
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('floe_api_version = "1.0"', 'floe_api_version = "2.0"'));
  }
  fs.writeFileSync(gen.manifest, bigManifest(gen.names, 100 * 1024));
  const root2 = fs.realpathSync(root);

  const c = new LspClient();
  // debounceMs 0: measure the analysis latency itself (the editor adds the 150 ms quiet time of a typing burst).
  const res = c.initialize([root2], {}, { debounceMs: 0, trace: true });
  await res;
  const t0 = performance.now();
  await c.ready(0, 60000);
  const tReady = performance.now();
  const stamps = c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => n.at!);
  const firstPass = (stamps.length ? Math.max(...stamps) : tReady) - t0;
  console.log(`lsp 1000 packages: initialized -> last diagnostics of first pass ${fmt(firstPass)} (${stamps.length} files published; ready after ${fmt(tReady - t0)}) [target < 2 s]`);

  async function latency(file: string, a: string, b: string, ok: (d: any[], edited: boolean) => boolean, runs = 30): Promise<number[]> {
    const base = fs.readFileSync(file, 'utf8');
    c.open(file, base);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const edited = i % 2 === 0;
      const u = uri(file);
      c.diagnostics.delete(u);
      const t = performance.now();
      c.change(file, edited ? base.replace(a, b) : base);
      await c.waitFor(`diagnostics ${i}`, () => c.diagnostics.has(u) && ok(c.diagnostics.get(u)!, edited), 20000);
      times.push(performance.now() - t);
    }
    c.close(file);
    return times;
  }

  const plugin = gen.pluginFiles[500];
  const pt = await latency(plugin, 'floe_api_version = "1.0"', 'floe_api_version = "7.0"',
    (d, edited) => (edited ? d.some((x) => x.code === 'api-incompatible') : d.length === 0));
  console.log(`lsp didChange -> diagnostics, plugin file: median ${fmt(median(pt))}, p95 ${fmt(p95(pt))} [target p95 < 50 ms]`);

  const mt = await latency(gen.manifest, `type: ${gen.names[0]}\n`, `type: ${gen.names[0]}zz\n`,
    (d, edited) => (edited ? d.some((x) => x.code === 'unknown-plugin') : !d.some((x) => x.code === 'unknown-plugin')));
  console.log(`lsp didChange -> diagnostics, 100 KB manifest: median ${fmt(median(mt))}, p95 ${fmt(p95(mt))} [target p95 < 50 ms]`);

  // Every plugin file shows a problem now: the server's work per pass must not grow with the
  // number of files showing problems (only changed files are converted, compared and sent).
  const rest = gen.pluginFiles.filter((_, i) => i % 25 !== 3);
  for (const f of rest) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('floe_api_version = "1.0"', 'floe_api_version = "2.0"'));
  c.watched(rest.map((f) => [f, 2]));
  const lastFile = uri(rest[rest.length - 1]);
  await c.waitFor('every plugin file with a problem', () => !!c.diagnostics.get(lastFile)?.length, 60000);
  const at = (v: string) => (d: any[]) => d.some((x) => x.code === 'api-incompatible' && x.message.includes(`v${v}`));
  const bt = await latency(gen.pluginFiles[501], 'floe_api_version = "2.0"', 'floe_api_version = "7.0"', (d, edited) => at(edited ? '7.0' : '2.0')(d));
  console.log(`lsp didChange -> diagnostics, plugin file, 1,000 files with problems: median ${fmt(median(bt))}, p95 ${fmt(p95(bt))} [target p95 < 50 ms]`);

  // What the server adds to the engine per pass (from the pass trace): change received -> diagnostics sent, minus analyze().
  // The trace rounds its durations (`12.3 ms`, `292 ms`, `3.4 s`).
  const toMs = (n: string, unit: string) => Number(n) * (unit === 's' ? 1000 : 1);
  const overhead = c.logs().flatMap((l) => {
    const m = /analyze ([\d.]+) (ms|s)\b.*?, ([\d.]+) (ms|s) after the change/.exec(l);
    return m ? [toMs(m[3], m[4]) - toMs(m[1], m[2])] : [];
  });
  if (overhead.length) console.log(`lsp server overhead per pass (${overhead.length} passes): median ${fmt(median(overhead))}, p95 ${fmt(p95(overhead))}`);

  if (process.env.FLOE_LSP_TRACE) console.log(c.logs().filter((l) => l.includes('pass')).slice(-70).join('\n'));
  console.log(`lsp server RSS after: ${rssMb(c.proc.pid!).toFixed(0)} MB [target < 250 MB]`);
  await c.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
