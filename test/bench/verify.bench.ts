// Verify-against-the-platform benchmark: 50 generated plugins (config models, dependencies on earlier
// ones) installed into a throwaway virtualenv with the fixture floe-core, then a full verification
// (floe-core's discovery, get() of each plugin, config schemas, dependency resolution, comparison).
// Prints the wall time, the static analysis' share and the interpreter's start-up share (the
// runner's `ready`), median of three runs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateInterpreter } from '../../server/src/engine/health/runner';
import { staticSchemas, verifyPlatform } from '../../server/src/engine/verify';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { copyFloeCore, install, makeVenv } from '../verify/helpers';

const COUNT = 50;
const RUNS = 3;

const TYPES: Array<{ group: string; module: string; abc: string; impl: string }> = [
  {
    group: 'floe.computes',
    module: 'compute',
    abc: 'ComputePlugin',
    impl: '    def generate_dbt_profile(self, *args):\n        return {}\n\n    def validate_connection(self, *args):\n        return True\n',
  },
  { group: 'floe.catalogs', module: 'catalog', abc: 'CatalogPlugin', impl: '    def connect(self, *args):\n        return None\n' },
  { group: 'floe.storage', module: 'storage', abc: 'StoragePlugin', impl: '    def get_warehouse_uri(self, *args):\n        return "s3://b"\n' },
  { group: 'floe.lineage_backends', module: 'lineage', abc: 'LineageBackendPlugin', impl: '    def get_transport_config(self, *args):\n        return {}\n' },
];

function generate(root: string): void {
  for (let i = 0; i < COUNT; i++) {
    const t = TYPES[i % TYPES.length];
    const mod = `floe_v${i}`;
    const dir = path.join(root, 'plugins', `floe-v${i}`);
    const src = path.join(dir, 'src', mod);
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      `[project]\nname = "floe-v${i}"\nversion = "0.1.${i}"\n\n[project.entry-points."${t.group}"]\nv${i} = "${mod}.plugin:V${i}Plugin"\n`,
    );
    fs.writeFileSync(path.join(src, '__init__.py'), '');
    fs.writeFileSync(
      path.join(src, 'config.py'),
      `from pydantic import BaseModel, ConfigDict, Field\n\n\nclass V${i}Config(BaseModel):\n    model_config = ConfigDict(extra="forbid")\n\n` +
        `    uri: str = Field(description="Endpoint")\n    threads: int = Field(default=4, ge=1, le=64)\n    mode: str = "fast"\n`,
    );
    const deps = i > 0 && i % 3 === 0 ? [`v${i - 1}`] : [];
    fs.writeFileSync(
      path.join(src, 'plugin.py'),
      `from floe_core.plugins.${t.module} import ${t.abc}\n\nfrom ${mod}.config import V${i}Config\n\n\n` +
        `class V${i}Plugin(${t.abc}):\n    name = "v${i}"\n    version = "0.1.${i}"\n    floe_api_version = "1.0"\n` +
        `    description = "Generated plugin ${i}"\n    dependencies = ${JSON.stringify(deps)}\n\n` +
        `    def get_config_schema(self):\n        return V${i}Config\n\n${t.impl}`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const check = validateInterpreter('python3');
  if (!check.ok) throw new Error(check.error);
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-verify-')));
  try {
    const root = path.join(base, 'ws');
    copyFloeCore(path.join(root, 'packages', 'floe-core'));
    generate(root);
    const venv = makeVenv(base);
    fs.writeFileSync(path.join(venv.site, 'floe_core_dev.pth'), path.join(root, 'packages', 'floe-core', 'src') + '\n');
    for (let i = 0; i < COUNT; i++) install(venv, path.join(root, 'plugins', `floe-v${i}`));
    console.log(`python: ${check.path} (${check.version}); ${COUNT} plugins installed in ${venv.dir}`);
    const walls: number[] = [],
      statics: number[] = [],
      startups: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const ws = new FloeWorkspace(root, { python: venv.python });
      const analysis = ws.analyze();
      const t1 = performance.now();
      const report = await verifyPlatform(analysis, { python: venv.python, cwd: root, phaseTimeoutMs: 30_000, staticSchema: staticSchemas(ws.python) });
      const t2 = performance.now();
      const verified = report.plugins.filter((v) => v.verdict === 'verified').length;
      if (report.fatal || verified !== COUNT) {
        throw new Error(`${report.fatal ?? `${COUNT - verified} not verified: ${JSON.stringify(report.plugins.find((v) => v.verdict !== 'verified'))}`}`);
      }
      walls.push(t2 - t0);
      statics.push(t1 - t0);
      startups.push(report.startupMs ?? 0);
      console.log(
        `run ${run + 1}: wall ${((t2 - t0) / 1000).toFixed(2)} s (static ${Math.round(t1 - t0)} ms, platform ${Math.round(report.durationMs)} ms, start-up ${report.startupMs} ms)`,
      );
    }
    const wall = median(walls);
    const startup = median(startups);
    console.log(
      `verify ${COUNT} plugins: wall ${(wall / 1000).toFixed(2)} s (median of ${RUNS}), static analysis ${Math.round(median(statics))} ms, ` +
        `interpreter start-up ${startup} ms = ${Math.round((startup / wall) * 100)}% of the wall time; all ${COUNT} verified, dependency order compared`,
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
