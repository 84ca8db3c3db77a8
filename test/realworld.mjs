#!/usr/bin/env node
// The checker on a real floe checkout (npm run realworld -- PATH): which floe-core it read, every
// entry point the checkout declares against every plugin the engine lists (with the metadata it
// read), and every diagnostic, grouped by severity. The declared entry points come from an
// independent reading: Python's own tomllib over every pyproject.toml of the checkout.
// Exits 1 when a declared entry point is not listed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = path.resolve(process.argv[2] ?? '');
if (!process.argv[2] || !existsSync(target)) {
  console.error('usage: npm run realworld -- PATH   (a floe checkout)');
  process.exit(2);
}
if (!existsSync(path.join(root, 'dist', 'cli.js'))) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });

const cli = spawnSync(process.execPath, [path.join(root, 'bin', 'floe-plugins.js'), 'check', target, '--format', 'json', '--fail-on', 'never'], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (cli.status !== 0) {
  console.error(cli.stderr || cli.stdout);
  process.exit(2);
}
const report = JSON.parse(cli.stdout);

// Python's reading of the declarations: [group, name, value, file] for every floe.* entry point.
const oracle = spawnSync(
  'python3',
  [
    '-c',
    `
import json, os, sys, tomllib
out = []
skip = {".git", "node_modules", ".venv", "venv", "__pycache__", "build", "dist", ".tox"}
for d, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = sorted(x for x in dirs if x not in skip and not x.endswith(".egg-info"))
    if "pyproject.toml" in files:
        f = os.path.join(d, "pyproject.toml")
        try:
            data = tomllib.load(open(f, "rb"))
        except Exception:
            continue
        for group, eps in (data.get("project", {}).get("entry-points", {}) or {}).items():
            if group.startswith("floe."):
                for name, value in eps.items():
                    out.append([group, name, value, os.path.relpath(f, sys.argv[1])])
print(json.dumps(out))
`,
    target,
  ],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
if (oracle.status !== 0) {
  console.error(oracle.stderr);
  process.exit(2);
}
const declared = JSON.parse(oracle.stdout);

const p = report.platform ?? {};
const core = p.floeCore ? `${p.floeCore.path}${p.floeCore.version ? ` (${p.floeCore.version})` : ''}` : 'none (built-in table)';
console.log(`floe checkout: ${target}`);
console.log(`floe-core: ${core}; platform API ${p.apiVersion} (${p.apiVersionOrigin})`);

const listed = new Map(report.plugins.map((x) => [`${x.group} ${x.entryPoint}`, x]));
const missing = declared.filter(([g, n]) => !listed.has(`${g} ${n}`));
console.log(
  `\nentry points: ${declared.length} declared, ${declared.length - missing.length} listed${missing.length ? `, MISSING: ${missing.map(([g, n, , f]) => `${g}:${n} (${f})`).join(', ')}` : ''}`,
);
for (const x of report.plugins) {
  const meta =
    `name=${JSON.stringify(x.name)} version=${JSON.stringify(x.version)} floe_api_version=${JSON.stringify(x.floeApiVersion)}` +
    `${x.description ? ` description=${JSON.stringify(x.description)}` : ''}${x.dependencies?.length ? ` dependencies=${JSON.stringify(x.dependencies)}` : ''}`;
  console.log(`  ${x.group} ${x.entryPoint} = ${x.target}  [${x.state}${x.compatibility ? `, ${x.compatibility}` : ''}]  ${meta}`);
}

const bySeverity = { error: [], warning: [], information: [], hint: [] };
for (const d of report.diagnostics) (bySeverity[d.severity] ??= []).push(d);
console.log(
  `\ndiagnostics: ${
    Object.entries(bySeverity)
      .filter(([, v]) => v.length)
      .map(([k, v]) => `${v.length} ${k}`)
      .join(', ') || 'none'
  }`,
);
for (const [sev, list] of Object.entries(bySeverity)) {
  for (const d of list) console.log(`  ${sev.padEnd(11)} ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
}
process.exit(missing.length ? 1 : 0);
