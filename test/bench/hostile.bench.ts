// Hostile-workspace benchmark: the full sizes the robustness tests only sample. Each
// workspace is generated on disk, then analysed cold by the engine in a fresh process with a
// deadline (a hang is reported as OVER, not waited for), and once more after one file changed.
// Reports time and peak RSS per workspace against these bounds (2-core machine):
//
//   100,000-file folder (not Python packages)   cold < 10 s    peak RSS < 400 MB
//   pyproject.toml with 10,000 entry points     cold < 15 s    peak RSS < 600 MB
//   50,000-line Python plugin module            cold < 10 s    peak RSS < 400 MB
//   YAML alias bomb manifest (9^10 expansions)  cold < 2 s     peak RSS < 250 MB
//   directory tree 1,500 levels deep            cold < 5 s     peak RSS < 250 MB
//   symlink loops (2,000 links back up)         cold < 5 s     peak RSS < 250 MB
//   every file 1.5x the size limit              cold < 5 s     peak RSS < 300 MB
//
// the language server on the first three (dist/server.js over stdio): ready < 10 s / 20 s / 10 s,
// server peak RSS < 400 / 700 / 500 MB;
// and, for each, the re-analysis after one change < 2 s, and what must be reported (plugins found,
// diagnostics by code: each cut or skip said once). Prints `ok` / `OVER` (`WRONG` for the report)
// per bound; exits 1 when any is not ok.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/fs';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { LspClient } from '../lsp/harness';
import { aliasBomb, bigPythonBody, deepTree, manyEntryPoints, manyFiles, plugin, write } from '../robustness/lib/hostile';

interface Scenario {
  name: string;
  what: string;
  timeMs: number;
  rssMb: number;
  /** Builds the workspace; returns the file to touch for the incremental pass. */
  build(root: string): string;
  /** What must be reported (plugins found, diagnostics by code). */
  expect: { plugins: number; codes: Record<string, number> };
  /** Also start the language server on it: time to `ready` and the server's peak RSS. */
  server?: { readyMs: number; rssMb: number };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'many-files',
    what: '100,000-file folder',
    timeMs: 10_000,
    rssMb: 400,
    build: (root) => {
      manyFiles(root, 100_000);
      return plugin(root, 'lonely');
    },
    expect: { plugins: 1, codes: {} },
    server: { readyMs: 10_000, rssMb: 400 },
  },
  {
    name: 'entry-points',
    what: 'pyproject.toml with 10,000 entry points',
    timeMs: 15_000,
    rssMb: 600,
    build: (root) => manyEntryPoints(root, 10_000),
    expect: { plugins: 10_001, codes: { 'name-mismatch': 10_000 } },
    server: { readyMs: 20_000, rssMb: 700 },
  },
  {
    name: 'big-python',
    what: '50,000-line plugin module',
    timeMs: 10_000,
    rssMb: 400,
    build: (root) => plugin(root, 'big', { body: bigPythonBody(50_000) }),
    expect: { plugins: 1, codes: {} },
    server: { readyMs: 10_000, rssMb: 500 },
  },
  {
    name: 'alias-bomb',
    what: 'YAML alias bomb (9^10 expansions)',
    timeMs: 2000,
    rssMb: 250,
    build: (root) => {
      plugin(root, 'bomb');
      const f = path.join(root, 'platform', 'manifest.yaml');
      write(f, aliasBomb(9));
      return f;
    },
    expect: { plugins: 1, codes: { 'manifest-invalid': 1 } },
  },
  {
    name: 'deep-tree',
    what: 'directory tree 1,500 levels deep',
    timeMs: 5000,
    rssMb: 250,
    build: (root) => {
      deepShort(root, 1500);
      return plugin(root, 'shallow');
    },
    expect: { plugins: 1, codes: { 'file-skipped': 1 } },
  },
  {
    name: 'symlink-loops',
    what: '2,000 symlink loops',
    timeMs: 5000,
    rssMb: 250,
    build: (root) => {
      for (let i = 0; i < 1000; i++) {
        const d = path.join(root, 'loops', `l${i}`);
        fs.mkdirSync(d, { recursive: true });
        fs.symlinkSync(root, path.join(d, 'to-root'));
        fs.symlinkSync('..', path.join(d, 'up'));
      }
      return plugin(root, 'looped');
    },
    // One note per loop up to 20 (the walk caps them), each loop folder visited once.
    expect: { plugins: 1, codes: { 'file-skipped': 20 } },
  },
  {
    name: 'oversized',
    what: '50 files over the size limits',
    timeMs: 5000,
    rssMb: 300,
    build: (root) => {
      for (let i = 0; i < 25; i++) write(path.join(root, 'big', `p${i}`, 'pyproject.toml'), `[project]\nname = "p${i}"\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
      for (let i = 0; i < 25; i++)
        write(path.join(root, 'big', `m${i}`, 'manifest.yaml'), `apiVersion: floe.dev/v1\nkind: Manifest\n# ${'y'.repeat(6 * 1024 * 1024)}\n`);
      return plugin(root, 'small');
    },
    expect: { plugins: 1, codes: { 'file-skipped': 50 } },
  },
];

/** A deep chain with one-letter names (a path of 1,500 levels stays under PATH_MAX). */
function deepShort(root: string, depth: number): void {
  const dir = path.join(root, 'deep', ...Array(depth).fill('d'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "floe-deep"\n');
}
void deepTree;

interface Measured {
  coldMs: number;
  incrementalMs: number;
  rssMb: number;
  plugins: number;
  diagnostics: number;
  codes: Record<string, number>;
}

/** In the child: analyse cold, then after touching one file; report time and peak RSS. */
function child(root: string, touch: string): void {
  const t0 = performance.now();
  const ws = new FloeWorkspace(root, {}, new NodeFileSystem());
  const r = ws.analyze();
  const coldMs = performance.now() - t0;
  fs.appendFileSync(touch, '\n');
  const t1 = performance.now();
  ws.invalidate([touch]);
  ws.analyze();
  const incrementalMs = performance.now() - t1;
  const codes: Record<string, number> = {};
  for (const d of r.diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  const out: Measured = {
    coldMs,
    incrementalMs,
    rssMb: process.resourceUsage().maxRSS / 1024,
    plugins: r.plugins.length,
    diagnostics: r.diagnostics.length,
    codes,
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

function mb(n: number): string {
  return `${n.toFixed(0)} MB`;
}
function s(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

/** The server process's peak RSS (VmHWM), MB. */
function serverPeakMb(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Start dist/server.js on the root; time until `floe/status` ready and until the first diagnostics, peak RSS. */
async function measureServer(root: string, bounds: { readyMs: number; rssMb: number }): Promise<{ line: string; ok: boolean }> {
  const c = new LspClient();
  const t0 = performance.now();
  try {
    await c.initialize([root], {}, { debounceMs: 50 });
    await c.ready(0, bounds.readyMs * 3);
    const readyMs = performance.now() - t0;
    const rss = serverPeakMb(c.proc.pid);
    const answered = await Promise.race([c.request('floe/listPlugins', {}).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    const okT = readyMs < bounds.readyMs,
      okR = rss > 0 && rss < bounds.rssMb;
    return {
      ok: okT && okR && answered,
      line: `server ready in ${s(readyMs)} (< ${s(bounds.readyMs)}) ${verdict(okT)}; server peak RSS ${mb(rss)} (< ${mb(bounds.rssMb)}) ${verdict(okR)}; floe/listPlugins ${answered ? 'answered' : 'NOT answered'}`,
    };
  } catch (e) {
    return { ok: false, line: `server OVER — ${(e as Error).message.split(';')[0]}` };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<number> {
  const only = process.env.FLOE_BENCH_ONLY?.split(',');
  let over = 0;
  for (const sc of SCENARIOS.filter((x) => !only || only.includes(x.name))) {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `floe-bench-hostile-${sc.name}-`)));
    try {
      const g0 = performance.now();
      const touch = sc.build(root);
      const gen = performance.now() - g0;
      const deadline = Math.max(sc.timeMs * 3, 30_000);
      const r = spawnSync(process.execPath, [__filename], {
        env: { ...process.env, FLOE_HOSTILE_CHILD: JSON.stringify({ root, touch }) },
        encoding: 'utf8',
        timeout: deadline,
        maxBuffer: 64 * 1024 * 1024,
      });
      const line = /RESULT (.*)/.exec(r.stdout ?? '')?.[1];
      if (!line) {
        over++;
        const why =
          r.error?.message.includes('ETIMEDOUT') || r.signal === 'SIGTERM'
            ? `no result within ${s(deadline)} (hang)`
            : `exit ${r.status ?? r.signal}: ${(r.stderr ?? '').split('\n').slice(0, 6).join(' | ')}`;
        console.log(`hostile ${sc.what}: OVER — ${why}`);
        continue;
      }
      const m = JSON.parse(line) as Measured;
      const okT = m.coldMs < sc.timeMs,
        okR = m.rssMb < sc.rssMb,
        okI = m.incrementalMs < 2000;
      const okE = m.plugins === sc.expect.plugins && JSON.stringify(Object.entries(m.codes).sort()) === JSON.stringify(Object.entries(sc.expect.codes).sort());
      if (!okT || !okR || !okI || !okE) over++;
      if (sc.server) {
        const srv = await measureServer(root, sc.server);
        if (!srv.ok) over++;
        console.log(`hostile ${sc.what}: ${srv.line}`);
      }
      console.log(
        `hostile ${sc.what}: cold ${s(m.coldMs)} (< ${s(sc.timeMs)}) ${verdict(okT)}; after one change ${s(m.incrementalMs)} (< 2 s) ${verdict(okI)}; ` +
          `peak RSS ${mb(m.rssMb)} (< ${mb(sc.rssMb)}) ${verdict(okR)}; reported ${m.plugins} plugins, ${JSON.stringify(m.codes)} ` +
          `(expected ${sc.expect.plugins}, ${JSON.stringify(sc.expect.codes)}) ${okE ? 'ok' : 'WRONG'} [generated in ${s(gen)}]`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  console.log(over ? `hostile: ${over} bound(s) OVER` : 'hostile: all bounds ok');
  return over ? 1 : 0;
}

const childArgs = process.env.FLOE_HOSTILE_CHILD;
if (childArgs) {
  const { root, touch } = JSON.parse(childArgs) as { root: string; touch: string };
  child(root, touch);
} else {
  void main().then((code) => {
    process.exitCode = code;
  });
}
