// Generates a new plugin package for one plugin type: pyproject.toml with the entry point, the
// plugin class deriving from the type's ABC, a Pydantic config model and a test. Pure: returns
// the files (absolute paths + text); the caller writes them (or applies them as an edit).
import * as path from 'node:path';
import type { FileSystem } from './fs';
import type { PluginTypeInfo, Range } from './model';
import { validatePluginName } from '../../../shared/pluginName';
import { isPythonIdentifier } from './discovery/entryPointSyntax';
import { abcImport } from './pluginTypes';

export interface ScaffoldOptions {
  /** Folder the package folder is created in. */
  root: string;
  /** Entry-point group, e.g. `floe.computes`. */
  group: string;
  /** Plugin name, e.g. `my-duck`. */
  name: string;
  /** The plugin types in force (the group must be one of them). */
  types: readonly PluginTypeInfo[];
  /** Platform API version `X.Y` written as the plugin's floe_api_version. */
  apiVersion: string;
  /** Abstract members of the type's ABC known from floe-core (beyond PluginMetadata's). */
  abstractMembers?: string[];
  /** When given, an existing package folder is refused. */
  fs?: FileSystem;
}

export interface ScaffoldFile { path: string; content: string }
export interface ScaffoldResult {
  files: ScaffoldFile[];
  /** The plugin class file, and the range of the class name in it. */
  mainFile: string;
  mainRange: Range;
  distribution: string;
  module: string;
  className: string;
}

/** Members the template always writes (PluginMetadata's contract). */
const WRITTEN = new Set([
  'name', 'version', 'floe_api_version', 'description', 'dependencies', 'get_config_schema', 'health_check',
  'startup', 'shutdown',
]);

function pascal(s: string): string {
  return s.split(/[-_]/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The files of a new plugin package, or an error message. */
export function scaffoldPlugin(o: ScaffoldOptions): ScaffoldResult | { error: string } {
  const bad = validatePluginName(o.name);
  if (bad) return { error: `'${o.name}' is not a valid plugin name. ${bad}` };
  const name = o.name.trim();
  const type = o.types.find((t) => t.group === o.group);
  if (!type) {
    return { error: `unknown plugin type group '${o.group}' (known: ${o.types.map((t) => t.group).join(', ')})` };
  }
  if (!/^\d+\.\d+$/.test(o.apiVersion)) return { error: `invalid platform API version '${o.apiVersion}' (expected X.Y)` };
  const stem = name.replace(/_/g, '-').replace(/^floe-/, '');
  if (!stem) return { error: `'${o.name}' is not a valid plugin name` };
  const distribution = `floe-${stem}`;
  const module = distribution.replace(/-/g, '_');
  if (!isPythonIdentifier(module)) return { error: `'${module}' is not a valid Python module name` };
  let className = `${pascal(stem)}Plugin`;
  if (className === type.abc || className === 'PluginMetadata') className = `${pascal(stem)}${pascal(type.enumName.toLowerCase())}Plugin`;
  const configName = `${pascal(stem)}Config`;
  const pkgDir = path.join(o.root, distribution);
  if (o.fs?.stat(pkgDir)) return { error: `${pkgDir} already exists` };

  const extra = (o.abstractMembers ?? []).filter((m) => !WRITTEN.has(m) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(m));
  const src = path.join(pkgDir, 'src', module);
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
    'dependencies = ["floe-core", "pydantic>=2"]',
    '',
    `[project.entry-points."${type.group}"]`,
    `${stem} = "${module}.plugin:${className}"`,
    '',
    '[tool.hatch.build.targets.wheel]',
    `packages = ["src/${module}"]`,
    '',
  ].join('\n');

  const init = [
    `"""floe ${type.label.toLowerCase()} plugin ${stem}."""`,
    '',
    `from ${module}.plugin import ${className}`,
    '',
    `__all__ = ["${className}"]`,
    '',
  ].join('\n');

  const config = [
    `"""Configuration of the ${stem} plugin."""`,
    '',
    'from pydantic import BaseModel, ConfigDict, Field',
    '',
    '',
    `class ${configName}(BaseModel):`,
    `    """Settings of the ${stem} plugin (validated by the platform)."""`,
    '',
    '    model_config = ConfigDict(extra="forbid")',
    '',
    '    timeout_seconds: int = Field(default=30, ge=1, le=3600, description="Operation timeout in seconds.")',
    '',
  ].join('\n');

  const stubs = extra.flatMap((m) => [
    '',
    `    def ${m}(self, *args: Any, **kwargs: Any) -> Any:`,
    `        """Required by ${type.abc}."""`,
    `        raise NotImplementedError("${m}")`,
  ]);
  const plugin = [
    `"""The ${stem} ${type.label.toLowerCase()} plugin."""`,
    '',
    'from __future__ import annotations',
    '',
    ...(extra.length ? ['from typing import Any', ''] : []),
    abcImport(type),
    'from floe_core.plugin_metadata import HealthState, HealthStatus',
    'from pydantic import BaseModel',
    '',
    `from ${module}.config import ${configName}`,
    '',
    '',
    `class ${className}(${type.abc}):`,
    `    """${type.label} plugin \`${stem}\`."""`,
    '',
    '    @property',
    '    def name(self) -> str:',
    `        return "${stem}"`,
    '',
    '    @property',
    '    def version(self) -> str:',
    '        return "0.1.0"',
    '',
    '    @property',
    '    def floe_api_version(self) -> str:',
    `        return "${o.apiVersion}"`,
    '',
    '    @property',
    '    def description(self) -> str:',
    `        return "${type.label} plugin ${stem}"`,
    '',
    '    @property',
    '    def dependencies(self) -> list[str]:',
    '        return []',
    '',
    '    def get_config_schema(self) -> type[BaseModel] | None:',
    `        return ${configName}`,
    '',
    '    def health_check(self) -> HealthStatus:',
    '        return HealthStatus(state=HealthState.HEALTHY, message="ok")',
    ...stubs,
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
    '    assert plugin.dependencies == []',
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
  return {
    files: [
      { path: path.join(pkgDir, 'pyproject.toml'), content: pyproject },
      { path: path.join(src, '__init__.py'), content: init },
      { path: mainFile, content: plugin },
      { path: path.join(src, 'config.py'), content: config },
      { path: path.join(pkgDir, 'tests', 'test_plugin.py'), content: test },
    ],
    mainFile,
    mainRange,
    distribution,
    module,
    className,
  };
}
