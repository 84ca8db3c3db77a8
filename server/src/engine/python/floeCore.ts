// Reading the platform package (floe_core) statically: the PluginType enum (aliases skipped), the
// separately loaded network-security group constant, the plugin API version, `__version__`, and the
// plugin ABCs under floe_core/plugins/ with their abstract members. Problems (a file that does not
// parse, an enum without members, no plugins/ folder) are collected, never thrown.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Range } from '../model';
import { readFloeCoreAbcs } from './floeCoreAbcs';
import { packageFiles } from './packageFiles';
import type { FactsCache, ModuleFacts } from './moduleFacts';
import type { FloeCoreEnumMember, FloeCoreInfo, FloeCoreProblem } from './types';
import { nodeRange, nodeText, stringValue, syntaxDiagnostics } from './syntax';

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const GROUP_CONSTANT = /^([A-Z][A-Z0-9_]*)_ENTRY_POINT_GROUP$/;

/** Where a definition lives: its usual file first, else any file of the package whose text mentions `needle`. */
function locate(fs: FileSystem, dir: string, usual: string, needle: string, reads: Set<string>): string | undefined {
  const first = path.join(dir, usual);
  if (fs.stat(first)?.isFile) return first;
  for (const f of packageFiles(fs, dir)) {
    reads.add(f);
    if (fs.readFile(f)?.includes(needle)) return f;
  }
  return undefined;
}

function syntaxProblem(m: ModuleFacts, what: string): FloeCoreProblem | undefined {
  const errors = syntaxDiagnostics(m.parsed, 1).filter((d) => d.code === 'python-syntax' || d.code === 'file-skipped');
  if (!errors.length) return undefined;
  return {
    file: m.file,
    range: errors[0].range,
    message: `${path.basename(m.file)} does not parse (line ${errors[0].range.start.line + 1}), so ${what} cannot be read from it`,
  };
}

/** The members of `class PluginType(Enum)`, aliases (a value seen before) folded into the first. */
function enumMembers(m: ModuleFacts): { members?: FloeCoreEnumMember[]; problem?: string; range?: Range } {
  const cls = m.classes.get('PluginType');
  if (!cls) return { problem: `${path.basename(m.file)} defines no PluginType class` };
  const p = m.parsed;
  if (!cls.bases.some((b) => /Enum$/.test(nodeText(p, b)))) return { problem: 'PluginType is not an Enum', range: cls.nameRange };
  const members: FloeCoreEnumMember[] = [];
  for (const mem of cls.members.values()) {
    if (mem.kind !== 'attribute' || !mem.value || !/^[A-Z][A-Z0-9_]*$/.test(mem.name)) continue;
    const group = stringValue(p, mem.value);
    if (group === undefined) continue;
    const first = members.find((x) => x.group === group);
    if (first) (first.aliases ??= []).push(mem.name);
    else members.push({ enumName: mem.name, group, range: mem.range });
  }
  if (!members.length) return { problem: 'PluginType has no members with an entry-point group', range: cls.nameRange };
  return { members };
}

/** `NETWORK_SECURITY_ENTRY_POINT_GROUP = "floe.network_security"` in the network loader. */
function separateGroups(m: ModuleFacts): Array<{ enumName: string; group: string; range: Range }> {
  const out: Array<{ enumName: string; group: string; range: Range }> = [];
  for (const [name, b] of m.bindings) {
    const k = GROUP_CONSTANT.exec(name);
    if (!k || b.kind !== 'assign') continue;
    const group = stringValue(m.parsed, b.value);
    if (group !== undefined) out.push({ enumName: k[1], group, range: nodeRange(m.parsed, b.value) });
  }
  return out;
}

function stringBinding(m: ModuleFacts, name: string): { value: string; range: Range } | undefined {
  const b = m.bindings.get(name);
  if (b?.kind !== 'assign') return undefined;
  const v = stringValue(m.parsed, b.value);
  return v === undefined ? undefined : { value: v, range: nodeRange(m.parsed, b.value) };
}

export function readFloeCore(fs: FileSystem, facts: FactsCache, dir: string): FloeCoreInfo | undefined {
  if (!fs.stat(dir)?.isDirectory) return undefined;
  const reads = new Set<string>();
  const info: FloeCoreInfo = { dir, problems: [] };
  const problem = (file: string, message: string, range: Range = ZERO) => info.problems.push({ file, range, message });

  const typesFile = locate(fs, dir, 'plugin_types.py', 'class PluginType', reads);
  const typesModule = typesFile ? facts.get(typesFile, reads) : undefined;
  if (typesModule) {
    const broken = syntaxProblem(typesModule, 'the plugin types');
    if (broken) info.problems.push(broken);
    else {
      const e = enumMembers(typesModule);
      if (e.members) {
        info.enumMembers = e.members;
        info.typesFile = typesModule.file;
      } else problem(typesModule.file, e.problem!, e.range);
    }
  } else problem(path.join(dir, '__init__.py'), 'no file defines the PluginType enum');

  const apiFile = locate(fs, dir, 'version_compat.py', 'FLOE_PLUGIN_API_VERSION', reads);
  const apiModule = apiFile ? facts.get(apiFile, reads) : undefined;
  const api = apiModule && stringBinding(apiModule, 'FLOE_PLUGIN_API_VERSION');
  if (api) {
    info.apiVersion = api.value;
    info.apiVersionFile = apiModule.file;
    info.apiVersionRange = api.range;
  }

  const netFile = locate(fs, dir, path.join('network', 'generator.py'), '_ENTRY_POINT_GROUP =', reads);
  const netModule = netFile ? facts.get(netFile, reads) : undefined;
  // No loader module: this floe-core loads no group on its own. A loader that does not parse: unknown.
  info.separateGroups = [];
  if (netModule) {
    const groups = separateGroups(netModule).filter((g) => !info.enumMembers?.some((m) => m.group === g.group));
    const broken = groups.length ? undefined : syntaxProblem(netModule, 'the network-security entry-point group');
    if (broken) {
      info.problems.push(broken);
      delete info.separateGroups;
    } else info.separateGroups = groups.map((g) => ({ ...g, file: netModule.file }));
  }

  const init = facts.get(path.join(dir, '__init__.py'), reads);
  const version = init && stringBinding(init, '__version__');
  if (version) info.versionAttr = version.value;

  readFloeCoreAbcs(fs, facts, dir, info, reads);
  info.files = [...reads];
  // A folder named floe_core with none of floe-core's files is some other package.
  const floeLike = typesModule || apiModule || info.abcs || info.abstractMembers || fs.stat(path.join(dir, 'plugins'))?.isDirectory;
  return floeLike ? info : undefined;
}
