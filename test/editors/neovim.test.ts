// Neovim (Debian's 0.7, headless) with the configuration docs/editors.md gives for it, taken
// verbatim: the language server it starts reports, for a broken pyproject.toml, a plugin source and
// a manifest, exactly the diagnostics `floe-plugins check` reports for those files; a hover and the
// quick fix of a diagnostic arrive too. Neovim is installed by test/e2e/install.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixture } from '../lsp/harness';
import { scaled } from '../lib/machine';

const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

/** The Lua block of docs/editors.md marked for Neovim 0.7, as written there. */
function documentedConfig(): string {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'editors.md'), 'utf8');
  const m = /<!-- neovim-0\.7 -->\s*```lua\n([\s\S]*?)```\s*<!-- \/neovim-0\.7 -->/.exec(doc);
  assert.ok(m, 'docs/editors.md has no marked Neovim 0.7 configuration');
  return m[1];
}

interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

test('Neovim with the documented configuration shows what the command line reports, with a hover and a quick fix', () => {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(nvim.status, 0, 'nvim is not installed: run bash test/e2e/install.sh');
  const root = copyFixture('basic');
  fs.mkdirSync(path.join(root, '.git')); // the root marker of the documented configuration
  const rel = ['packages/floe-typo/pyproject.toml', 'packages/floe-ice/src/floe_ice/plugin.py', 'platform/manifest.yaml'];

  const cli = spawnSync(process.execPath, [path.join(REPO, 'bin', 'floe-plugins.js'), 'check', root, '--format', 'json', '--fail-on', 'never'], {
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
  const byFile = new Map<string, CliDiagnostic[]>(rel.map((f) => [f, []]));
  for (const d of JSON.parse(cli.stdout).diagnostics as CliDiagnostic[]) byFile.get(d.file)?.push(d);
  for (const f of rel) assert.ok(byFile.get(f)!.length > 0, `the fixture has no diagnostic in ${f}`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-nvim-'));
  try {
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(REPO, 'bin', 'floe-language-server.js'), path.join(bin, 'floe-language-server'));
    fs.writeFileSync(path.join(work, 'init.lua'), documentedConfig());
    const out = path.join(work, 'out.json');
    const files = rel.map((f) => path.join(root, f));
    const timeoutMs = scaled(30_000);
    const r = spawnSync(
      'nvim',
      ['--headless', '-n', '-i', 'NONE', '-u', path.join(work, 'init.lua'), '-c', `luafile ${path.join(REPO, 'test', 'editors', 'neovim', 'probe.lua')}`],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: timeoutMs + scaled(15_000),
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH}`,
          XDG_CONFIG_HOME: path.join(work, 'config'),
          XDG_DATA_HOME: path.join(work, 'data'),
          XDG_STATE_HOME: path.join(work, 'state'),
          FLOE_NVIM_FILES: JSON.stringify(files),
          FLOE_NVIM_COUNTS: JSON.stringify(rel.map((f) => byFile.get(f)!.length)),
          FLOE_NVIM_TIMEOUT_MS: String(timeoutMs),
          FLOE_NVIM_OUT: out,
          // On the class name of the plugin in the second file (Lua indexes from 1).
          FLOE_NVIM_HOVER: JSON.stringify({ file: 2, line: 3, character: 8 }),
        },
      },
    );
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    const got = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(got.clients, 1, 'one language client for the whole root');
    const sev: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
    for (const [i, f] of files.entries()) {
      const inNvim = (
        got.diagnostics[f] as Array<{
          lnum: number;
          col: number;
          end_lnum: number;
          end_col: number;
          code: string;
          message: string;
          severity: number;
          source: string;
        }>
      )
        .map((d) => `${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1} ${sev[d.severity]} ${d.code} ${d.message} [${d.source}]`)
        .sort();
      const inCli = byFile
        .get(rel[i])!
        .map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code} ${d.message} [floe]`)
        .sort();
      assert.deepEqual(inNvim, inCli, `diagnostics of ${rel[i]}`);
    }
    assert.equal(got.settled, true);
    assert.match(String(got.hover ?? ''), /\bice\b[\s\S]*0\.3\.0/, `the plugin card on hover: ${got.hover}`);
    assert.ok(
      (got.actions as string[]).some((t) => /floe\.computes/.test(t)),
      `quick fixes: ${JSON.stringify(got.actions)}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
