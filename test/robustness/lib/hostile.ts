// Generators of hostile workspaces on disk, shared by the limits tests (small sizes) and the
// hostile benchmark (full sizes). Each returns the root and what the analysis should report.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function write(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A valid plugin package `floe-<name>` under root/packages with class `<Cls>` in `plugin.py`. */
export function plugin(root: string, name: string, opts: { group?: string; body?: string; extraEntryPoints?: string } = {}): string {
  const mod = `floe_${name.replace(/-/g, '_')}`;
  const cls = `${name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Plugin`;
  const dir = path.join(root, 'packages', `floe-${name}`);
  write(
    path.join(dir, 'pyproject.toml'),
    `[project]\nname = "floe-${name}"\nversion = "1.0.0"\n\n[project.entry-points."${opts.group ?? 'floe.computes'}"]\n${name} = "${mod}.plugin:${cls}"\n${opts.extraEntryPoints ?? ''}`,
  );
  write(path.join(dir, 'src', mod, '__init__.py'), '');
  write(
    path.join(dir, 'src', mod, 'plugin.py'),
    `from floe_core.plugins import ComputePlugin\n\n${opts.body ?? ''}\nclass ${cls}(ComputePlugin):\n    name = "${name}"\n    version = "1.0.0"\n    floe_api_version = "1.0"\n`,
  );
  return path.join(dir, 'src', mod, 'plugin.py');
}

/** A folder of `count` data files that are not Python packages (spread over sub-folders of 1,000). */
export function manyFiles(root: string, count: number): void {
  const base = path.join(root, 'data');
  for (let i = 0; i < count; i++) {
    const dir = path.join(base, `part-${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `row-${i}.csv`), '');
  }
}

/** A chain of `depth` nested folders with a pyproject.toml at the bottom. */
export function deepTree(root: string, depth: number): string {
  const parts = Array.from({ length: depth }, (_, i) => `d${i}`);
  const bottom = path.join(root, 'deep', ...parts);
  write(path.join(bottom, 'pyproject.toml'), '[project]\nname = "floe-deep"\n\n[project.entry-points."floe.computes"]\ndeep = "floe_deep:Deep"\n');
  return bottom;
}

/** Symlink loops (to the root, to a parent, to itself) and a link out of the workspace to a plugin package. */
export function symlinkMaze(root: string, outside: string): void {
  plugin(outside, 'outsider');
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.symlinkSync(root, path.join(root, 'a', 'b', 'to-root'));
  fs.symlinkSync('..', path.join(root, 'a', 'b', 'up'));
  fs.symlinkSync('self', path.join(root, 'a', 'self'));
  fs.symlinkSync(path.join(outside, 'packages'), path.join(root, 'a', 'out'));
  fs.symlinkSync('/nonexistent/target', path.join(root, 'a', 'dangling'));
}

/** A manifest whose aliases expand 9^levels times ("billion laughs"). */
export function aliasBomb(levels = 9): string {
  const names = 'abcdefghijklmnop';
  const lines = [
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'metadata:',
    '  name: bomb',
    '  version: 1.0.0',
    '  owner: a@b.c',
    `${names[0]}: &${names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`,
  ];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  lines.push('plugins:', '  compute:', '    type: bomb', '    config:', `      tags: *${names[levels]}`, '');
  return lines.join('\n');
}

/** A pyproject.toml declaring `count` entry points, all on one (real) plugin class. */
export function manyEntryPoints(root: string, count: number): string {
  const eps = Array.from({ length: count }, (_, i) => `ep${i} = "floe_many.plugin:ManyPlugin"`).join('\n');
  plugin(root, 'many', { extraEntryPoints: eps + '\n' });
  return path.join(root, 'packages', 'floe-many', 'pyproject.toml');
}

/** A plugin module of about `lines` lines: helpers, constants and classes before the plugin class. */
export function bigPythonBody(lines: number): string {
  const out: string[] = ['import os', 'from typing import Any', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `CONST_${i} = ${i}`,
      `def helper_${i}(x: int, *args: Any, **kw: Any) -> int:`,
      `    """Helper ${i}."""`,
      `    if x > ${i}:`,
      `        return x * ${i} + len(args)`,
      `    return [y for y in range(x)][0] if x else CONST_${i}`,
      '',
      `class Model${i}:`,
      `    field_${i}: int = ${i}`,
      `    def m(self) -> str:`,
      `        return "v${i}" + str(self.field_${i})`,
      '',
    );
  }
  return out.join('\n') + '\n';
}
