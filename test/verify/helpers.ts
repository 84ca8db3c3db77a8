// Workspaces for the verification tests: the fixture floe-core and some fixture plugins copied into a
// temp folder, and a throwaway virtualenv (`python3 -m venv --without-pip --system-site-packages`)
// where they are "installed" the way pip installs editable packages, without pip or a network:
// a `.dist-info` folder with METADATA and entry_points.txt, and a `.pth` with the source folder.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'verify');

/** The fixture floe-core that runs: the static fixture's package (plugin types, ABCs) with the
 * verification fixture's files (registry, loader, discovery, errors, version check) over it. */
export function copyFloeCore(dest: string): void {
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'platform', 'ws', 'packages', 'floe-core'), dest, { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'floe-core'), dest, { recursive: true });
}

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export interface Pyproject {
  name: string;
  version: string;
  entryPoints: Array<{ group: string; name: string; value: string }>;
}

/** name, version and entry points of a fixture pyproject.toml (the simple form the fixtures use). */
export function readPyproject(file: string): Pyproject {
  const text = fs.readFileSync(file, 'utf8');
  const out: Pyproject = { name: '', version: '', entryPoints: [] };
  let group: string | undefined;
  for (const line of text.split('\n')) {
    const header = /^\[project\.entry-points\."([^"]+)"\]/.exec(line);
    if (header) {
      group = header[1];
      continue;
    }
    if (line.startsWith('[')) {
      group = undefined;
      continue;
    }
    const kv = /^\s*([\w.-]+)\s*=\s*"([^"]*)"/.exec(line);
    if (!kv) continue;
    if (group) out.entryPoints.push({ group, name: kv[1], value: kv[2] });
    else if (kv[1] === 'name') out.name = kv[2];
    else if (kv[1] === 'version') out.version = kv[2];
  }
  return out;
}

export interface Venv {
  dir: string;
  python: string;
  site: string;
}

/** A virtualenv without pip that sees the system site-packages (pydantic, pytest). */
export function makeVenv(parent: string): Venv {
  const dir = path.join(parent, 'venv');
  const r = spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 -m venv failed: ${r.stderr}`);
  const python = path.join(dir, 'bin', 'python');
  const site = spawnSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).stdout.trim();
  return { dir, python, site };
}

/** "Install" a package as an editable install does: dist-info (entry points as given) and a .pth. */
export function install(venv: Venv, packageDir: string, entryPoints?: Pyproject['entryPoints']): void {
  const meta = readPyproject(path.join(packageDir, 'pyproject.toml'));
  const dist = path.join(venv.site, `${meta.name.replace(/-/g, '_')}-${meta.version}.dist-info`);
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, 'METADATA'), `Metadata-Version: 2.1\nName: ${meta.name}\nVersion: ${meta.version}\n`);
  const eps = entryPoints ?? meta.entryPoints;
  const groups = [...new Set(eps.map((e) => e.group))];
  fs.writeFileSync(
    path.join(dist, 'entry_points.txt'),
    groups
      .map(
        (g) =>
          `[${g}]\n${eps
            .filter((e) => e.group === g)
            .map((e) => `${e.name} = ${e.value}\n`)
            .join('')}`,
      )
      .join('\n'),
  );
  fs.writeFileSync(path.join(venv.site, `__editable__.${meta.name}-${meta.version}.pth`), path.join(packageDir, 'src') + '\n');
}

export interface VerifyWorkspace {
  root: string;
  venv: Venv;
  plugin: (pkg: string) => string;
}

export interface WorkspaceOptions {
  /** Fixture plugin packages (test/fixtures/verify/plugins/<pkg>) copied into the workspace. */
  plugins: string[];
  /** Those installed in the virtualenv (default: all). */
  installed?: string[];
  /** Installed with these entry points instead of the declared ones (an install older than its pyproject). */
  staleInstall?: Record<string, Pyproject['entryPoints']>;
  /** Put floe-core on the virtualenv's path (default true). */
  floeCore?: boolean;
  /** Change the workspace's floe-core copy (its `floe_core` folder) before use. */
  editFloeCore?: (dir: string) => void;
}

/** A workspace with the fixture floe-core under packages/ and plugins under plugins/, plus its virtualenv (outside it). */
export function makeWorkspace(opts: WorkspaceOptions): VerifyWorkspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-verify-')));
  made.push(base);
  const root = path.join(base, 'ws');
  copyFloeCore(path.join(root, 'packages', 'floe-core'));
  opts.editFloeCore?.(path.join(root, 'packages', 'floe-core', 'src', 'floe_core'));
  for (const pkg of opts.plugins) fs.cpSync(path.join(FIXTURES, 'plugins', pkg), path.join(root, 'plugins', pkg), { recursive: true });
  const venv = makeVenv(base);
  if (opts.floeCore !== false) fs.writeFileSync(path.join(venv.site, 'floe_core_dev.pth'), path.join(root, 'packages', 'floe-core', 'src') + '\n');
  for (const pkg of opts.installed ?? opts.plugins) install(venv, path.join(root, 'plugins', pkg), opts.staleInstall?.[pkg]);
  for (const [pkg, eps] of Object.entries(opts.staleInstall ?? {})) {
    if (!(opts.installed ?? opts.plugins).includes(pkg)) install(venv, path.join(root, 'plugins', pkg), eps);
  }
  return { root, venv, plugin: (pkg) => path.join(root, 'plugins', pkg) };
}

export const ALL_DISAGREEING = [
  'floe-compute-good',
  'floe-catalog-dyn',
  'floe-storage-cfg',
  'floe-compute-broken',
  'floe-network-security-k8s',
  'floe-lineage-local',
];
export const CLEAN = ['floe-compute-good', 'floe-catalog-ok', 'floe-network-security-calico'];

/** The exact range of the `occurrence`-th `needle` in a file (0-based, as LSP and the engine). */
export function rangeOf(
  file: string,
  needle: string,
  occurrence = 1,
): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const text = fs.readFileSync(file, 'utf8');
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found in ${file}`);
  }
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}
