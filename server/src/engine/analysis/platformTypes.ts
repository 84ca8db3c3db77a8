// floe-core's plugin types as the engine uses them: each `PluginType` member (and each separately
// loaded group) paired with the ABC under floe_core/plugins/ whose name matches it when both are
// reduced to lowercase letters (RBAC ↔ RBACPlugin, LINEAGE_BACKEND ↔ LineageBackendPlugin).
import type { PluginTypeInfo } from '../model';
import { BUILTIN_PLUGIN_TYPES, METADATA_ABC, labelFromAbc, labelFromEnum, pairingKey } from '../pluginTypes';
import type { FloeCoreInfo, FloeCoreProblem } from '../python/types';

type Abc = { name: string; module: string; exported: boolean };

/** `floe.lineage_backends` -> [`lineagebackends`, `lineagebackend`]. */
function groupKeys(group: string): string[] {
  const k = pairingKey(group.replace(/^floe\./, ''));
  return k.endsWith('s') ? [k, k.slice(0, -1)] : [k];
}

function pair(enumName: string, group: string, abcs: Abc[]): Abc | undefined {
  const byEnum = abcs.find((a) => pairingKey(a.name) === pairingKey(enumName));
  if (byEnum) return byEnum;
  const keys = groupKeys(group);
  return abcs.find((a) => keys.includes(pairingKey(a.name)));
}

export interface FloeCoreTypes {
  /** Undefined when the enum could not be read (the built-in table is used). */
  types?: PluginTypeInfo[];
  /** Types whose ABC could not be found in floe-core's source. */
  notes: FloeCoreProblem[];
}

export function typesFromFloeCore(info: FloeCoreInfo): FloeCoreTypes {
  const notes: FloeCoreProblem[] = [];
  if (!info.enumMembers) return { notes };
  const abcs: Abc[] = Object.entries(info.abcs ?? {}).map(([name, a]) => ({ name, module: a.module, exported: a.exported }));
  const make = (enumName: string, group: string, loadedBy: PluginTypeInfo['loadedBy'], at: FloeCoreProblem, aliases?: string[]): PluginTypeInfo => {
    const base = { enumName, group, category: enumName.toLowerCase(), loadedBy, ...(aliases?.length ? { aliases } : {}), origin: 'floe-core' as const };
    const abc = pair(enumName, group, abcs);
    if (abc) return { ...base, abc: abc.name, abcModule: abc.module, abcExported: abc.exported, label: labelFromAbc(abc.name) };
    const builtin = BUILTIN_PLUGIN_TYPES.find((t) => t.group === group);
    // With no ABC read at all the reason is already reported once; a single unpaired type is noted.
    if (abcs.length) {
      notes.push({
        ...at,
        message:
          `no class under floe_core/plugins/ derives from PluginMetadata with a name matching ${enumName}` +
          (builtin ? ` (the built-in table's ${builtin.abc} is used)` : ` (its plugins are checked against ${METADATA_ABC.name} only)`),
      });
    }
    if (builtin) return { ...base, abc: builtin.abc, abcModule: builtin.abcModule, abcExported: builtin.abcExported, label: builtin.label };
    return { ...base, abc: METADATA_ABC.name, abcModule: METADATA_ABC.module, abcExported: false, label: labelFromEnum(enumName) };
  };
  const file = info.typesFile ?? info.dir;
  const types = info.enumMembers.map((m) => make(m.enumName, m.group, 'registry', { file, range: m.range, message: '' }, m.aliases));
  const separate = info.separateGroups
    ? info.separateGroups.map((g) => make(g.enumName, g.group, 'separate', { file: g.file, range: g.range, message: '' }))
    : BUILTIN_PLUGIN_TYPES.filter((t) => t.loadedBy === 'separate');
  for (const t of separate) if (!types.some((x) => x.group === t.group)) types.push(t);
  return { types, notes };
}
