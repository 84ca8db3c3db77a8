// Generates a new plugin package for one plugin type, laid out like the workspace's other plugin
// packages (scaffold/layout.ts) and registered in the workspace root's pyproject.toml the way they
// are (scaffold/registration.ts): pyproject.toml with the entry point, the plugin class implementing
// every abstract member of the type's ABC with its exact signature, a Pydantic config model and a
// test. Pure: returns the files (absolute paths + text) and the edits to existing files; the caller
// writes them (or applies them as one workspace edit).
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PluginInfo, PluginTypeInfo, Range, TextEditData } from '../model';
import { validatePluginName } from '../../../../shared/pluginName';
import { isPythonIdentifier } from '../discovery/entryPointSyntax';
import { builtinAbstractMembers } from '../abcMembers';
import { METADATA_ABC } from '../pluginTypes';
import type { MemberSignature, NeededName } from '../python/signatures';
import { importSection, memberLines } from '../python/stubs';
import { nameStem, packageName, pluginLayout, typeWord, type PluginLayout } from './layout';
import { registerPackage } from './registration';

export interface ScaffoldOptions {
  /** The workspace folder. */
  root: string;
  /** Folder the package folder is created in (default: where the workspace keeps its plugins). */
  parent?: string;
  /** Entry-point group, e.g. `floe.computes`. */
  group: string;
  /** Plugin name, e.g. `spark`: the entry-point name and the plugin's `name`. */
  name: string;
  /** The plugin types in force (the group must be one of them). */
  types: readonly PluginTypeInfo[];
  /** Platform API version `X.Y` written as the plugin's floe_api_version. */
  apiVersion: string;
  /** The floe-core version the package depends on (at least), when known. */
  floeCoreVersion?: string;
  /** Abstract members per ABC as the floe-core in use declares them (else the built-in table's). */
  abstractSignatures?: Record<string, MemberSignature[]>;
  /** The workspace's plugins (their layout is followed). */
  plugins?: readonly PluginInfo[];
  /** When given, an existing package folder is refused and the root pyproject.toml is read. */
  fs?: FileSystem;
}

export interface ScaffoldFile {
  path: string;
  content: string;
}
export interface ScaffoldResult {
  files: ScaffoldFile[];
  /** Edits to existing files: the package registered in the root pyproject.toml. */
  edits: TextEditData[];
  /** Where it was registered (`[tool.uv.sources]` ...). */
  registered: string[];
  /** The plugin class file, and the range of the class name in it. */
  mainFile: string;
  mainRange: Range;
  /** The package folder. */
  packageDir: string;
  distribution: string;
  module: string;
  className: string;
  layout: PluginLayout;
}

function pascal(s: string): string {
  return s
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

const posix = (p: string) => p.split(path.sep).join('/');

/** The members the class implements: PluginMetadata's abstract ones, then the ABC's own. */
function membersOf(abc: string, given: Record<string, MemberSignature[]> | undefined): { metadata: MemberSignature[]; own: MemberSignature[] } {
  const metadata = given?.[METADATA_ABC.name] ?? builtinAbstractMembers(METADATA_ABC.name) ?? [];
  const own = abc === METADATA_ABC.name ? [] : (given?.[abc] ?? builtinAbstractMembers(abc) ?? []);
  const taken = new Set(['description', 'get_config_schema', 'health_check', ...metadata.map((m) => m.name)]);
  return { metadata, own: own.filter((m) => !taken.has(m.name) && /^[A-Za-z_]\w*$/.test(m.name)) };
}

/** The files of a new plugin package (and the root's registration edits), or an error message. */
export function scaffoldPlugin(o: ScaffoldOptions): ScaffoldResult | { error: string } {
  const bad = validatePluginName(o.name);
  if (bad) return { error: `'${o.name}' is not a valid plugin name. ${bad}` };
  const type = o.types.find((t) => t.group === o.group);
  if (!type) return { error: `unknown plugin type group '${o.group}' (known: ${o.types.map((t) => t.group).join(', ')})` };
  if (!/^\d+\.\d+$/.test(o.apiVersion)) return { error: `invalid platform API version '${o.apiVersion}' (expected X.Y)` };
  const layout = pluginLayout(o.fs, o.root, o.plugins);
  const word = typeWord(layout, o.group);
  const stem = nameStem(layout, o.group, o.name);
  if (!stem) return { error: `'${o.name}' is not a valid plugin name` };
  const distribution = packageName(layout, o.group, stem);
  const module = distribution.replace(/-/g, '_');
  if (!isPythonIdentifier(module)) return { error: `'${module}' is not a valid Python module name` };
  const label = type.abc === METADATA_ABC.name ? pascal(word) : type.abc.replace(/Plugin$/, '');
  const className = `${pascal(stem)}${label}Plugin`;
  const configName = `${pascal(stem)}${label}Config`;
  const parent = path.resolve(o.root, o.parent ?? layout.parent);
  if (parent !== o.root && !parent.startsWith(o.root + path.sep)) return { error: `${parent} is not inside the workspace folder ${o.root}` };
  const pkgDir = path.join(parent, distribution);
  if (o.fs?.stat(pkgDir)) return { error: `${pkgDir} already exists` };
  const src = layout.srcLayout ? path.join(pkgDir, 'src', module) : path.join(pkgDir, module);
  const target = layout.target === 'package' ? `${module}:${className}` : `${module}.plugin:${className}`;
  const { metadata, own } = membersOf(type.abc, o.abstractSignatures);
  const words = { stem, label: type.label, kind: type.label.toLowerCase() };

  const pyproject = [
    '[build-system]',
    'requires = ["hatchling"]',
    'build-backend = "hatchling.build"',
    '',
    '[project]',
    `name = "${distribution}"`,
    'version = "0.1.0"',
    `description = "${type.label} plugin for floe: ${stem}"`,
    'requires-python = ">=3.10"',
    'dependencies = [',
    `    "floe-core${o.floeCoreVersion && /^\d+(\.\d+)*$/.test(o.floeCoreVersion) ? `>=${o.floeCoreVersion}` : ''}",`,
    '    "pydantic>=2.0",',
    ']',
    '',
    `[project.entry-points."${type.group}"]`,
    `${stem} = "${target}"`,
    '',
    '[tool.hatch.build.targets.wheel]',
    `packages = ["${layout.srcLayout ? 'src/' : ''}${module}"]`,
    '',
  ].join('\n');

  const init = [`"""The ${stem} ${words.kind} plugin for floe."""`, '', `from ${module}.plugin import ${className}`, '', `__all__ = ["${className}"]`, ''].join(
    '\n',
  );

  const config = [
    `"""Settings of the ${stem} plugin."""`,
    '',
    'from pydantic import BaseModel, ConfigDict, Field',
    '',
    '',
    `class ${configName}(BaseModel):`,
    `    """The config a platform manifest gives the plugin (plugins.<category>.config)."""`,
    '',
    '    model_config = ConfigDict(extra="forbid", frozen=True)',
    '',
    '    timeout_seconds: int = Field(',
    '        default=30, ge=1, le=3600, description="How long one operation may take, in seconds."',
    '    )',
    '',
  ].join('\n');

  const indent = '    ';
  const needs: NeededName[] = [
    { local: type.abc, module: type.abcModule, name: type.abc, typeOnly: false },
    { local: 'HealthState', module: METADATA_ABC.module, name: 'HealthState', typeOnly: false },
    { local: 'HealthStatus', module: METADATA_ABC.module, name: 'HealthStatus', typeOnly: false },
    { local: 'BaseModel', module: 'pydantic', name: 'BaseModel', typeOnly: false },
    { local: configName, module: `${module}.config`, name: configName, typeOnly: false },
    ...[...metadata, ...own].flatMap((m) => m.needs),
  ];
  const metadataBodies: Record<string, string[]> = {
    name: [`return "${stem}"`],
    version: ['return "0.1.0"'],
    floe_api_version: [`return "${o.apiVersion}"`],
  };
  const block = (lines: string[]) => ['', ...lines];
  const plugin = [
    `"""The ${stem} ${words.kind} plugin."""`,
    '',
    ...importSection(needs, [module]),
    '',
    '',
    `class ${className}(${type.abc}):`,
    `    """${type.label} plugin \`${stem}\`: ${type.abc}'s abstract members, ready to fill in."""`,
    ...metadata.flatMap((m) => block(memberLines(m, { indent, bodies: metadataBodies }))),
    ...block([
      `${indent}@property`,
      `${indent}def description(self) -> str:`,
      `${indent}    """One line about the plugin, shown in plugin lists."""`,
      `${indent}    return "${type.label} plugin ${stem}"`,
    ]),
    ...block([
      `${indent}def get_config_schema(self) -> type[BaseModel] | None:`,
      `${indent}    """The model the platform validates this plugin's manifest config with."""`,
      `${indent}    return ${configName}`,
    ]),
    ...block([
      `${indent}def health_check(self, timeout: float | None = None) -> HealthStatus:`,
      `${indent}    """Say whether the plugin can reach what it needs (UNHEALTHY with the reason when not)."""`,
      `${indent}    return HealthStatus(state=HealthState.HEALTHY, message="ok")`,
    ]),
    ...own.flatMap((m) => block(memberLines(m, { indent }))),
    '',
  ].join('\n');

  const test = [
    `"""Tests of the ${stem} plugin."""`,
    '',
    'import pytest',
    'from pydantic import ValidationError',
    '',
    `from ${module}.config import ${configName}`,
    `from ${module}.plugin import ${className}`,
    '',
    '',
    'def test_metadata() -> None:',
    `    plugin = ${className}()`,
    `    assert plugin.name == "${stem}"`,
    '    assert plugin.version == "0.1.0"',
    `    assert plugin.floe_api_version == "${o.apiVersion}"`,
    '',
    '',
    'def test_config_schema_forbids_unknown_keys() -> None:',
    `    assert ${className}().get_config_schema() is ${configName}`,
    `    assert ${configName}().timeout_seconds == 30`,
    '    with pytest.raises(ValidationError):',
    `        ${configName}(unknown=1)`,
    '',
    '',
    'def test_health_check() -> None:',
    `    status = ${className}().health_check()`,
    '    assert status.state.value == "healthy"',
    '',
  ].join('\n');

  const mainFile = path.join(src, 'plugin.py');
  const lines = plugin.split('\n');
  const line = lines.findIndex((l) => l.startsWith(`class ${className}(`));
  const mainRange: Range = { start: { line, character: 6 }, end: { line, character: 6 + className.length } };

  const rootPyproject = path.join(o.root, 'pyproject.toml');
  const rootText = o.fs?.readFile(rootPyproject);
  const reg =
    rootText === undefined
      ? { edits: [], registered: [] }
      : registerPackage({
          file: rootPyproject,
          text: rootText,
          distribution,
          dir: posix(path.relative(o.root, pkgDir)),
          importRoot: posix(path.relative(o.root, layout.srcLayout ? path.join(pkgDir, 'src') : pkgDir)),
          siblings: (o.plugins ?? [])
            .filter((p) => p.decl.source === 'workspace' && p.decl.file.startsWith(o.root + path.sep))
            .map((p) => ({ distribution: p.decl.distribution, dir: posix(path.relative(o.root, path.dirname(p.decl.file))) })),
        });
  return {
    files: [
      { path: path.join(pkgDir, 'pyproject.toml'), content: pyproject },
      { path: path.join(src, '__init__.py'), content: init },
      { path: mainFile, content: plugin },
      { path: path.join(src, 'config.py'), content: config },
      { path: path.join(pkgDir, layout.testsDir, 'test_plugin.py'), content: test },
    ],
    edits: reg.edits,
    registered: reg.registered,
    mainFile,
    mainRange,
    packageDir: pkgDir,
    distribution,
    module,
    className,
    layout,
  };
}
