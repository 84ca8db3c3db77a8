// The README's CI recipes, run verbatim: every `run:` step of the GitHub Actions workflow and every
// `script:` line of the GitLab job execute as written, in a fixture repository with errors. Their
// `npm install floe-plugin-tools` is answered by a registry on 127.0.0.1 that serves this working
// tree's `npm pack` (the package has no dependencies). The reports they write validate against their
// schemas and are where the upload step / the artifacts declaration expects them; the gate fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { copyFixture } from '../lsp/harness';
import { scaled } from '../lib/machine';
import { gitlabValidator, sarifValidator } from '../lib/reportSchemas';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

function recipe(marker: string): any {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- ${marker} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\s*<!-- /${marker} -->`).exec(readme);
  assert.ok(m, `README.md has no ${marker} recipe`);
  return parse(m[1]);
}

/** A registry on 127.0.0.1 with one package: this working tree, packed. */
async function localRegistry(work: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', timeout: scaled(300_000) });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as Array<{ name: string; version: string; filename: string; integrity: string; shasum: string }>;
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${info.name}`) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: info.name,
          'dist-tags': { latest: info.version },
          versions: {
            [info.version]: {
              name: info.name,
              version: info.version,
              bin: pkg.bin,
              engines: pkg.engines,
              dist: { tarball: `${base}/${info.filename}`, integrity: info.integrity, shasum: info.shasum },
            },
          },
        }),
      );
    } else if (req.url === `/${info.filename}`) {
      fs.createReadStream(path.join(work, info.filename)).pipe(res);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Runs one recipe line with bash (asynchronously: the registry in this process must keep answering). */
function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ line: string; code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', line], { cwd, env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), scaled(300_000));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ line, code, out });
    });
  });
}

async function inOrder(lines: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Array<{ line: string; code: number | null; out: string }>> {
  const done = [];
  for (const line of lines) done.push(await sh(line, cwd, env));
  return done;
}

test('the README CI recipes (GitHub Actions, GitLab CI) run verbatim: valid reports where they are uploaded, a failing gate', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-ci-'));
  const registry = await localRegistry(work);
  try {
    const env = {
      ...process.env,
      npm_config_registry: registry.url,
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };

    // GitHub Actions: the run steps in order; the upload step's file is the SARIF one.
    const gh = recipe('ci-github');
    const steps = gh.jobs['floe-plugins'].steps as Array<{ run?: string; uses?: string; with?: { sarif_file?: string } }>;
    const repoA = copyFixture('basic');
    const runs = await inOrder(
      steps.filter((s) => s.run).map((s) => s.run!),
      repoA,
      env,
    );
    assert.deepEqual(
      runs.map((r) => r.code),
      [0, 0, 1],
      runs.map((r) => `$ ${r.line}\n${r.out}`).join('\n'),
    );
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    const sarifFile = path.join(repoA, upload!.with!.sarif_file!);
    assert.equal(sarifValidator()(JSON.parse(fs.readFileSync(sarifFile, 'utf8'))), undefined);
    assert.match(runs[2].out, /unknown-group/);

    // GitLab CI: the script lines in order; the code-quality artifact is the file they wrote.
    const gl = recipe('ci-gitlab')['floe-plugins'];
    const repoB = copyFixture('basic');
    const lines = await inOrder(gl.script as string[], repoB, env);
    assert.deepEqual(
      lines.map((r) => r.code),
      [0, 0, 1],
      lines.map((r) => `$ ${r.line}\n${r.out}`).join('\n'),
    );
    const report = JSON.parse(fs.readFileSync(path.join(repoB, gl.artifacts.reports.codequality), 'utf8'));
    assert.equal(gitlabValidator()(report), undefined);
    assert.ok(report.some((i: { check_name: string }) => i.check_name === 'unknown-group'));
  } finally {
    await registry.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
