// Soak: the language server under a long session of edits across 200 plugin packages and 3
// manifests: bursts of typing (incremental edits 40-120 ms apart) in plugin files, pyproject.toml
// files and manifests, some saves (the file written, a watched-file event), packages created and
// deleted on disk, requests in between (hover, completion, codeLens, listPlugins) and a health
// check now and then (the folder is trusted: config-schema exports and health checks start
// Python). Checked: every request answered, the server alive, RSS after warm-up flat (the median
// of the last fifth of the samples at most 10 % above that of the first fifth after warm-up), no
// child process of the server left once it is idle.
//   FLOE_SOAK_MINUTES=N   duration (default 30)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace, rng } from './generate';
import { LspClient, uri } from '../lsp/harness';
import { passSince } from '../robustness/lib/serverFuzzRun';
import { COMMENT_BLOCK, fmt, median, p95, position, rssMb, until } from './lspDriver';

const MINUTES = Number(process.env.FLOE_SOAK_MINUTES ?? 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Child processes of `pid` (from /proc). */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

function manifestText(names: string[], i: number, policies: number): string {
  const cats = ['compute', 'orchestrator', 'catalog', 'storage'];
  let out = COMMENT_BLOCK + `apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: soak-${i}\n  version: 1.0.0\n  owner: soak@floe.dev\nplugins:\n`;
  cats.forEach((c, k) => {
    out += `  ${c}:\n    type: ${names[k + 4 * i]}\n    config:\n      uri: "http://x"\n      threads: 8\n`;
  });
  out += 'governance:\n  policies:\n';
  for (let p = 0; p < policies; p++)
    out += `    - {name: policy-${p}, type: custom, action: warn, message: "team-${p % 17}", config: {tags: [pii], enabled: true}}\n`;
  return out;
}

async function main(): Promise<void> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-soak-')));
  const gen = generateWorkspace(root, { packages: 200, seed: 7 });
  fs.rmSync(gen.manifest);
  const manifests = [0, 1, 2].map((i) => {
    const f = path.join(root, `platform-${i}`, 'manifest.yaml');
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, manifestText(gen.names, i, [50, 400, 900][i]));
    return f;
  });
  const pyprojects = gen.pluginFiles.map((f) => path.join(f, '..', '..', '..', 'pyproject.toml'));
  const rand = rng(20240607);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

  const c = new LspClient();
  c.settings.set(uri(root), { workspaceTrusted: true });
  await c.initialize([root], {}, { trace: true }); // the trace's pass lines tell when a change was analysed
  await c.ready(0, 120000);

  const started = performance.now();
  const end = started + MINUTES * 60000;
  const warmEnd = started + Math.min(5, MINUTES / 6) * 60000;
  const samples: Array<{ at: number; rss: number }> = [];
  let sent = 0,
    answered = 0,
    failed = 0,
    edits = 0,
    saves = 0,
    created = 0,
    deleted = 0,
    health = 0;
  const unanswered: string[] = [];
  const latencies: number[] = [];
  const made: string[] = [];

  /** A request that must be answered (an error answer counts as answered, a timeout does not). */
  const ask = async (method: string, params: unknown) => {
    sent++;
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      c.request(method, params).then(
        () => 'ok',
        () => 'error',
      ),
      new Promise<'timeout'>((res) => {
        timer = setTimeout(() => res('timeout'), 60000);
      }),
    ]);
    clearTimeout(timer);
    if (r === 'timeout') unanswered.push(method);
    else {
      answered++;
      if (method !== 'floe/runHealthChecks') latencies.push(performance.now() - t0);
    }
    if (r === 'error') failed++;
  };

  let nextSample = 0;
  while (performance.now() < end && !c.exited) {
    if (performance.now() >= nextSample) {
      samples.push({ at: performance.now(), rss: rssMb(c.proc.pid!) });
      nextSample = performance.now() + 10000;
    }
    const roll = rand();
    if (roll < 0.08) {
      // A new package on disk, or one made earlier deleted; then the pass that takes it up.
      const mark = c.notifications.length;
      if (made.length > 3 || (made.length && rand() < 0.4)) {
        const dir = made.shift()!;
        fs.rmSync(dir, { recursive: true, force: true });
        c.watched([[dir, 3]]);
        deleted++;
      } else {
        const n = `soak${created}`;
        const dir = path.join(root, 'packages', `floe-${n}`);
        fs.mkdirSync(path.join(dir, 'src', `floe_${n}`), { recursive: true });
        fs.writeFileSync(
          path.join(dir, 'pyproject.toml'),
          `[project]\nname = "floe-${n}"\nversion = "0.1.0"\n\n[project.entry-points."floe.computes"]\n${n} = "floe_${n}.plugin:Plugin"\n`,
        );
        fs.writeFileSync(path.join(dir, 'src', `floe_${n}`, '__init__.py'), '');
        fs.writeFileSync(
          path.join(dir, 'src', `floe_${n}`, 'plugin.py'),
          `from floe_core.plugins import ComputePlugin\n\n\nclass Plugin(ComputePlugin):\n    name = "${n}"\n    version = "0.1.0"\n    floe_api_version = "1.0"\n`,
        );
        c.watched([[dir, 1]]);
        made.push(dir);
        created++;
      }
      await c.waitFor('the pass over the package change', () => passSince(c, mark), 60000);
      continue;
    }
    if (roll < 0.1) {
      // A health check of one plugin (Python starts and ends).
      await ask('floe/runHealthChecks', { pluginIds: [`floe.computes:p0@packages/floe-p0/pyproject.toml`] });
      health++;
      continue;
    }
    // A burst of typing in one file, requests in between, sometimes a save.
    const kind = rand();
    const file = kind < 0.5 ? pick(gen.pluginFiles) : kind < 0.75 ? pick(pyprojects) : pick(manifests);
    const disk = fs.readFileSync(file, 'utf8');
    let text = disk;
    c.open(file, text, file.endsWith('.py') ? 'python' : file.endsWith('.toml') ? 'toml' : 'yaml');
    const anchor = file.endsWith('.py') ? 'floe_api_version = "' : file.endsWith('.toml') ? 'version = "' : 'threads: ';
    const at = text.indexOf(anchor) + anchor.length;
    const burst = 5 + Math.floor(rand() * 25);
    for (let i = 0; i < burst; i++) {
      // Type a character, or delete the one before the caret, at the anchor.
      const del = i % 3 === 2;
      const caret = at + Math.max(0, Math.floor(i / 3));
      const t0 = performance.now();
      if (del) {
        c.edit(file, { start: position(text, caret - 1), end: position(text, caret) }, '');
        text = text.slice(0, caret - 1) + text.slice(caret);
      } else {
        const ch = String(Math.floor(rand() * 10));
        c.edit(file, { start: position(text, caret), end: position(text, caret) }, ch);
        text = text.slice(0, caret) + ch + text.slice(caret);
      }
      edits++;
      if (i % 7 === 3) void ask('textDocument/hover', { textDocument: { uri: uri(file) }, position: position(text, at) });
      if (i % 11 === 5) void ask('textDocument/completion', { textDocument: { uri: uri(file) }, position: position(text, at) });
      await sleep(40 + Math.floor(rand() * 80) - (performance.now() - t0));
    }
    void ask('textDocument/codeLens', { textDocument: { uri: uri(file) } });
    void ask('floe/listPlugins', {});
    if (rand() < 0.25) {
      fs.writeFileSync(file, text);
      c.watched([[file, 2]]);
      saves++;
      const mark = c.notifications.length;
      c.close(file);
      await c.waitFor('the pass over the saved file', () => passSince(c, mark), 60000);
      fs.writeFileSync(file, disk); // back to the original, as another save would
      c.watched([[file, 2]]);
    } else c.close(file);
    await sleep(100 + Math.floor(rand() * 400));
  }
  for (const dir of made) {
    fs.rmSync(dir, { recursive: true, force: true });
    c.watched([[dir, 3]]);
  }
  await ask('floe/listPlugins', {});
  // Let running work (schema exports, health runs) finish, then look for children left behind.
  await until(() => children(c.proc.pid!).length === 0, 60000);
  const left = children(c.proc.pid!);
  samples.push({ at: performance.now(), rss: rssMb(c.proc.pid!) });

  const after = samples.filter((s) => s.at >= warmEnd);
  const fifth = Math.max(1, Math.floor(after.length / 5));
  const first = median(after.slice(0, fifth).map((s) => s.rss));
  const last = median(after.slice(-fifth).map((s) => s.rss));
  const growth = (last - first) / first;
  const alive = !c.exited;
  console.log(
    `soak ${MINUTES} min: ${edits} edits, ${saves} saves, ${created} packages created, ${deleted} deleted, ${health} health checks; ` +
      `${sent} requests, ${answered} answered (${failed} with an error answer), ${unanswered.length} unanswered`,
  );
  console.log(`soak: requests answered in median ${fmt(median(latencies))}, p95 ${fmt(p95(latencies))}`);
  console.log(
    `soak RSS: after warm-up ${first.toFixed(0)} MB, at the end ${last.toFixed(0)} MB (${(growth * 100).toFixed(1)} %; max ${Math.max(...samples.map((s) => s.rss)).toFixed(0)} MB) [target growth < 10 %]`,
  );
  console.log(`soak: server ${alive ? 'alive' : 'DIED'}; child processes left: ${left.length} [target 0]`);
  await c.stop();
  fs.rmSync(root, { recursive: true, force: true });
  if (!alive || unanswered.length || left.length || growth >= 0.1) {
    console.log(`soak FAILED${unanswered.length ? `: unanswered ${unanswered.slice(0, 5).join(', ')}` : ''}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
