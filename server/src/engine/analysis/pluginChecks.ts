// Per-plugin checks: the group is known, the entry point is well formed and resolves to a class
// that derives from the group's ABC, implements the abstract metadata, and declares versions floe
// can parse and accepts; a name other than the entry point's is said with what floe does with it.
// Separately loaded groups (network security) get no API-version or name checks: floe does none.
import * as semver from 'semver';
import type { FileSystem } from '../fs';
import type { Diagnostic, EntryPointDecl, FixData, PlatformInfo, PluginInfo, PluginTypeInfo, Range, StaticValue } from '../model';
import { LineIndex } from '../text/lineIndex';
import { parseEntryPointValue } from '../discovery/entryPointSyntax';
import { abcImport, closest, shortName } from '../pluginTypes';
import type { PythonAnalyzerApi, TargetAnalysis } from '../python/types';
import { incompatibilityHint, invalidVersionMessage, isCompatible, parseApiVersion } from '../registry/versionCompat';
import { PluginIncompatibleError } from '../registry/errors';
import { subRange } from './ranges';
import { implementMembersEdits } from '../python/implement';
import { renameInModule } from '../python/rename';
import type { MemberSignature } from '../python/signatures';

export interface PluginCheckResult {
  plugin?: PluginInfo;
  diagnostics: Diagnostic[];
  /** Files read for this plugin (for invalidation). */
  files: string[];
}

const MISSING: StaticValue<never> = { kind: 'missing' };

export function pluginId(decl: EntryPointDecl, root: string): string {
  const rel = decl.file.startsWith(root + '/') ? decl.file.slice(root.length + 1) : decl.file;
  return `${decl.group}:${decl.name}@${rel}`;
}

/** Analyse one entry point. `analyze` is the (cached) target analysis. */
export function checkEntryPoint(
  decl: EntryPointDecl,
  platform: PlatformInfo,
  root: string,
  fs: FileSystem,
  analyze: (req: Parameters<PythonAnalyzerApi['analyzeTarget']>[0]) => TargetAnalysis,
): PluginCheckResult {
  const diagnostics: Diagnostic[] = [];
  const type = platform.types.find((t) => t.group === decl.group);
  if (!type) {
    const suggestion = closest(
      decl.group,
      platform.types.map((t) => t.group),
      1,
    )[0];
    diagnostics.push({
      file: decl.file,
      range: decl.groupRange,
      severity: 'error',
      code: 'unknown-group',
      message:
        `Unknown entry-point group '${shortName(decl.group)}': the platform never looks here, so this plugin is not discovered.` +
        (suggestion ? ` Did you mean '${suggestion}'?` : ` Known groups: ${platform.types.map((t) => t.group).join(', ')}.`),
      fixes: suggestion
        ? [{ title: `Change group to '${suggestion}'`, file: decl.file, range: decl.groupRange, newText: groupText(fs, decl, suggestion) }]
        : undefined,
    });
    return { diagnostics, files: [] };
  }

  const parsed = parseEntryPointValue(decl.value);
  if ('error' in parsed) {
    diagnostics.push({
      file: decl.file,
      range: decl.valueRange,
      severity: 'error',
      code: 'invalid-entry-point',
      message: `Invalid entry point '${decl.value}': ${parsed.error}. Write it as 'package.module:ClassName'.`,
    });
    return { diagnostics, files: [] };
  }

  const a = analyze({
    importRoots: decl.importRoots,
    module: parsed.module,
    attr: parsed.attr,
    requiredAbc: type.abc,
    allAbcs: platform.types.map((t) => t.abc),
  });
  const plugin = basePlugin(decl, type, root, a);
  const moduleRange = valuePart(decl, decl.value.indexOf(parsed.module), parsed.module.length);
  const attrRange = valuePart(decl, decl.value.lastIndexOf(parsed.attr), parsed.attr.length);
  const installed = decl.source === 'installed';

  if (!a.moduleFile) {
    diagnostics.push({
      file: decl.file,
      range: moduleRange,
      severity: installed ? 'warning' : 'error',
      code: 'unresolved-module',
      message: `Cannot find module '${parsed.module}'${a.moduleError ? `: ${a.moduleError}` : ''}. The platform would fail to load this plugin.`,
    });
  } else if (!a.cls) {
    diagnostics.push({
      file: decl.file,
      range: attrRange,
      severity: installed ? 'warning' : 'error',
      code: 'unresolved-class',
      message: `Cannot find class '${parsed.attr}' in module '${parsed.module}'${a.classError ? `: ${a.classError}` : ''}.`,
      related: [{ file: a.moduleFile, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `module '${parsed.module}'` }],
      ...(installed ? {} : classFixes(fs, decl, parsed.attr, attrRange, a)),
    });
  } else {
    classChecks(plugin, type, platform, a, fs, diagnostics);
  }
  plugin.compatibility = compatibilityOf(plugin, platform);
  return { plugin, diagnostics, files: a.files };
}

/** The replacement for a group key, quoted like the written one. */
function groupText(fs: FileSystem, decl: EntryPointDecl, group: string): string {
  const written = textAt(fs, decl.file, decl.groupRange);
  const q = /^["']/.exec(written)?.[0];
  return q ? `${q}${group}${q}` : written.includes('.') ? `"${group}"` : group;
}

function textAt(fs: FileSystem, file: string, r: Range): string {
  const text = fs.readFile(file);
  if (text === undefined) return '';
  const lines = new LineIndex(text);
  return text.slice(lines.offset(r.start), lines.offset(r.end));
}

function valuePart(decl: EntryPointDecl, index: number, length: number) {
  return index >= 0 ? subRange(decl.valueRange, index, index + length) : decl.valueRange;
}

function basePlugin(decl: EntryPointDecl, type: PluginTypeInfo, root: string, a: TargetAnalysis): PluginInfo {
  return {
    id: pluginId(decl, root),
    group: decl.group,
    category: type.category,
    entryPoint: decl.name,
    target: decl.value,
    decl,
    cls: a.cls,
    name: a.cls ? a.name : MISSING,
    version: a.cls ? a.version : MISSING,
    floeApiVersion: a.cls ? a.floeApiVersion : MISSING,
    description: a.cls ? a.description : MISSING,
    dependencies: a.cls ? a.dependencies : MISSING,
    bases: a.bases ?? [],
    derivesFromAbc: a.derivesFromAbc,
    missingAbstract: a.missingAbstract ?? [],
    configSchema: a.configSchema,
    compatibility: 'unknown',
    state: 'ok',
  };
}

/** Whether the registry's version check accepts it ('unknown' when floe never checks, or the value is not known). */
function compatibilityOf(p: PluginInfo, platform: PlatformInfo): PluginInfo['compatibility'] {
  if (platform.types.find((t) => t.group === p.group)?.loadedBy === 'separate') return 'unknown';
  if (p.floeApiVersion.kind !== 'known' || !parseApiVersion(p.floeApiVersion.value)) return 'unknown';
  return isCompatible(p.floeApiVersion.value, platform.apiVersion) ? 'compatible' : 'incompatible';
}

function classChecks(p: PluginInfo, type: PluginTypeInfo, platform: PlatformInfo, a: TargetAnalysis, fs: FileSystem, out: Diagnostic[]): void {
  const cls = a.cls!;
  const related = [{ file: p.decl.file, range: p.decl.nameRange, message: `entry point '${p.entryPoint}' in ${p.group}` }];
  if (a.derivesFromAbc === false) {
    const uses = `floe's loader does not check this (no isinstance check), but the platform calls ${type.abc}'s methods on every ${p.group} plugin, and those it lacks fail`;
    out.push({
      file: cls.file,
      range: cls.nameRange,
      severity: 'error',
      code: 'not-a-plugin-class',
      message: a.baseProblem
        ? `'${cls.name}' cannot be defined: ${a.baseProblem}. ${p.group} plugins must derive from ${type.abc} (${abcImport(type)}).`
        : a.otherAbc
          ? `'${cls.name}' derives from ${a.otherAbc}, not from ${type.abc} (${abcImport(type)}): ${uses}.`
          : `'${cls.name}' does not derive from ${type.abc} (${abcImport(type)}): ${uses}.`,
      related,
    });
  }
  if (a.missingAbstract?.length && a.derivesFromAbc !== false) {
    const members = a.missingMembers ?? [];
    const fix = implementFix(fs, p, type, platform, members);
    out.push({
      file: cls.file,
      range: cls.nameRange,
      severity: 'error',
      code: 'missing-abstract-member',
      message: missingMessage(cls.name, type.abc, a.missingAbstract, members),
      related,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
  for (const [field, v] of [
    ['name', p.name],
    ['version', p.version],
    ['floe_api_version', p.floeApiVersion],
    ['description', p.description],
    ['dependencies', p.dependencies],
  ] as const) {
    if (v.kind === 'dynamic') {
      out.push({
        file: v.file,
        range: v.range,
        severity: 'information',
        code: 'dynamic-metadata',
        message: `'${field}' of '${cls.name}' cannot be known without running the code (${v.reason}); checks that need it are skipped.`,
      });
    }
  }
  if (p.version.kind === 'known' && !semver.valid(p.version.value)) {
    out.push({
      file: p.version.file,
      range: p.version.range,
      severity: 'warning',
      code: 'invalid-version',
      message: `Plugin version '${p.version.value}' is not a semantic version (X.Y.Z, e.g. '1.0.0').`,
    });
  }
  const api = p.floeApiVersion;
  const fix = (file: string, range: Range) => [
    { title: `Target the platform's API version ${platform.apiVersion}`, file, range, newText: `"${platform.apiVersion}"` },
  ];
  // floe loads separately loaded groups without looking at floe_api_version.
  if (api.kind === 'known' && type.loadedBy === 'registry') {
    if (!parseApiVersion(api.value)) {
      out.push({
        file: api.file,
        range: api.range,
        severity: 'error',
        code: 'invalid-api-version',
        message: `floe cannot parse floe_api_version '${api.value}': loading the plugin raises ValueError: ${invalidVersionMessage(api.value)}`,
        related,
        fixes: fix(api.file, api.range),
      });
    } else if (!isCompatible(api.value, platform.apiVersion)) {
      // The loader names the plugin by the entry point it loads.
      const base = new PluginIncompatibleError(p.entryPoint, api.value, platform.apiVersion).message;
      out.push({
        file: api.file,
        range: api.range,
        severity: 'error',
        code: 'api-incompatible',
        message: `${base}: ${incompatibilityHint(api.value, platform.apiVersion)}. The registry rejects it; target API ${platform.apiVersion} or run a newer platform.`,
        related,
        fixes: fix(api.file, api.range),
      });
    }
  }
  if (p.name.kind === 'known' && p.name.value !== p.entryPoint && type.loadedBy === 'registry') {
    const n = p.name.value;
    out.push({
      file: p.decl.file,
      range: p.decl.nameRange,
      severity: 'warning',
      code: 'name-mismatch',
      message:
        `Entry point '${p.entryPoint}' differs from the plugin's name '${n}'. floe registers and finds the plugin by its entry-point name (a manifest selects it as '${p.entryPoint}'), ` +
        `but PluginRegistry.activate_all() and dependency resolution go by '${n}': activate_all() finds no registered plugin of that name and skips it (its startup() never runs), ` +
        `and other plugins must list it as '${n}' in their dependencies. Use one name for both.`,
      related: [{ file: p.name.file, range: p.name.range, message: `name = '${n}'` }],
      fixes: [{ title: `Rename the entry point to '${n}'`, file: p.decl.file, range: p.decl.nameRange, newText: /^[A-Za-z0-9_-]+$/.test(n) ? n : `"${n}"` }],
    });
  }
}

function quotedList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** What the class lacks, and what to write: properties as @property, methods with their signatures. */
export function missingMessage(className: string, abc: string, missing: string[], members: MemberSignature[]): string {
  const sig = (n: string) => members.find((m) => m.name === n);
  const props = missing.filter((n) => sig(n)?.kind === 'property');
  const methods = missing.filter((n) => !props.includes(n));
  const what: string[] = [];
  if (props.length) what.push(`abstract propert${props.length > 1 ? 'ies' : 'y'} ${quotedList(props)}`);
  if (methods.length) what.push(`abstract method${methods.length > 1 ? 's' : ''} ${quotedList(methods)}`);
  const add: string[] = [];
  if (props.length) add.push(`add ${quotedList(props)} as ${props.length > 1 ? '@property methods' : 'an @property'} (returning a literal will do)`);
  if (methods.length) {
    const shown = methods.map((n) => {
      const m = sig(n);
      if (!m) return `'${n}'`;
      const text = `${m.async ? 'async ' : ''}${n}(${['self', ...m.params].join(', ')})${m.returns ? ` -> ${m.returns}` : ''}`;
      return text.length <= 90 ? `'${text}'` : `'${n}' with the signature ${abc} declares`;
    });
    add.push(`define ${shown.length <= 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`}`);
  }
  const todo = add.join(' and ');
  return `'${className}' does not implement ${what.join(' and ')} of ${abc}: the platform cannot instantiate it. ${todo.charAt(0).toUpperCase()}${todo.slice(1)}.`;
}

/** "Implement missing members of ComputePlugin": every stub with its exact signature, and the imports it needs. */
function implementFix(fs: FileSystem, p: PluginInfo, type: PluginTypeInfo, platform: PlatformInfo, members: MemberSignature[]): FixData | undefined {
  const cls = p.cls;
  const text = cls ? fs.readFile(cls.file) : undefined;
  if (!cls || text === undefined || !members.length) return undefined;
  const bodies: Record<string, string[]> = {
    name: [`return ${JSON.stringify(p.entryPoint)}`],
    version: ['return "0.1.0"'],
    floe_api_version: [`return ${JSON.stringify(platform.apiVersion)}`],
  };
  let edits: ReturnType<typeof implementMembersEdits>;
  try {
    edits = implementMembersEdits(cls.file, text, cls.nameRange, members, { bodies });
  } catch {
    edits = undefined;
  }
  if (!edits?.length) return undefined;
  const [first, ...more] = edits;
  return { title: `Implement missing members of ${type.abc}`, ...first, ...(more.length ? { more } : {}) };
}

/**
 * For a class name close to the one the entry point names: "Change to 'X'" (the entry point is the
 * typo), or "Rename the class to 'Y'" when the entry point's name fits the entry point better than
 * the class's does (the class is the typo) and the class is defined in the module the entry point names.
 */
function classFixes(fs: FileSystem, decl: EntryPointDecl, attr: string, attrRange: Range, a: TargetAnalysis): { fixes?: FixData[] } {
  const near = a.nearClasses ?? [];
  if (!near.length || attr.includes('.')) return {};
  const key = decl.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const fits = (n: string) => !!key && n.toLowerCase().includes(key);
  const first = near[0];
  if (near.length === 1 && fits(attr) && !fits(first.name) && first.file === a.moduleFile && /^[A-Za-z_]\w*$/.test(attr)) {
    const text = fs.readFile(first.file);
    const edits = text === undefined ? [] : renameInModule(first.file, text, first.name, attr);
    if (edits.length) return { fixes: [{ title: `Rename the class to '${attr}'`, ...edits[0], ...(edits.length > 1 ? { more: edits.slice(1) } : {}) }] };
  }
  return { fixes: near.map((n) => ({ title: `Change to '${n.name}'`, file: decl.file, range: attrRange, newText: n.name })) };
}
