// The plugin registry API, mirroring floe_core.plugin_registry.PluginRegistry: register, get, list,
// listAll, configure, resolveDependencies. It works on plugin metadata (statically extracted or given
// by tests), never on running code. Only `PluginType` groups take part (network security does not).
import type { PluginTypeInfo } from '../model';
import { BUILTIN_PLUGIN_TYPES } from '../pluginTypes';
import { analyzeDependencies } from './dependencyGraph';
import {
  CircularDependencyError,
  DuplicatePluginError,
  InvalidVersionError,
  MissingDependencyError,
  PluginConfigurationError,
  PluginIncompatibleError,
  PluginNotFoundError,
} from './errors';
import { isCompatible, parseApiVersion } from './versionCompat';
import { validateConfig } from '../manifest/configValidation';

export interface RegisteredPlugin {
  /** Entry-point group of the plugin's type, e.g. `floe.computes`. */
  group: string;
  name: string;
  version: string;
  floeApiVersion: string;
  description?: string;
  dependencies?: string[];
  /** JSON Schema of the plugin's config (from its Pydantic model), if it has one. */
  configSchema?: Record<string, unknown>;
}

export class PluginRegistry {
  private readonly plugins = new Map<string, RegisteredPlugin>();
  private readonly configs = new Map<string, Record<string, unknown>>();

  readonly types: readonly PluginTypeInfo[];

  constructor(
    readonly platformApiVersion = '1.0',
    types: readonly PluginTypeInfo[] = BUILTIN_PLUGIN_TYPES,
  ) {
    this.types = types.filter((t) => t.loadedBy === 'registry');
  }

  private typeOf(typeOrGroup: string): PluginTypeInfo {
    const t = this.types.find((x) => x.group === typeOrGroup || x.enumName === typeOrGroup || x.category === typeOrGroup);
    if (!t) throw new PluginNotFoundError(typeOrGroup, '*');
    return t;
  }
  private key(t: PluginTypeInfo, name: string): string {
    return `${t.group}:${name}`;
  }

  /** Register a plugin under its name: DuplicatePluginError for the same type+name, PluginIncompatibleError
   * for its API version (InvalidVersionError, floe's ValueError, when that cannot be parsed). */
  register(plugin: RegisteredPlugin): void {
    const t = this.typeOf(plugin.group);
    const k = this.key(t, plugin.name);
    if (this.plugins.has(k)) throw new DuplicatePluginError(t.enumName, plugin.name);
    for (const v of [plugin.floeApiVersion, this.platformApiVersion]) if (!parseApiVersion(v)) throw new InvalidVersionError(v);
    if (!isCompatible(plugin.floeApiVersion, this.platformApiVersion)) {
      throw new PluginIncompatibleError(plugin.name, plugin.floeApiVersion, this.platformApiVersion);
    }
    this.plugins.set(k, { ...plugin, group: t.group, dependencies: plugin.dependencies ?? [], description: plugin.description ?? '' });
  }

  get(type: string, name: string): RegisteredPlugin {
    const t = this.typeOf(type);
    const p = this.plugins.get(this.key(t, name));
    if (!p) throw new PluginNotFoundError(t.enumName, name);
    return p;
  }

  /** All plugins of one type (possibly empty); never throws for a known type. */
  list(type: string): RegisteredPlugin[] {
    const t = this.typeOf(type);
    return [...this.plugins.values()].filter((p) => p.group === t.group).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Plugin names by type enum name; every type present as a key. */
  listAll(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const t of this.types) out[t.enumName] = this.list(t.group).map((p) => p.name);
    return out;
  }

  /** Validate a config against the plugin's schema, defaults applied. A plugin without a schema
   * ignores its config: undefined is returned and stored (floe returns None). */
  configure(type: string, name: string, config: Record<string, unknown>): Record<string, unknown> | undefined {
    const p = this.get(type, name);
    if (!p.configSchema) {
      this.configs.delete(this.key(this.typeOf(type), name));
      return undefined;
    }
    const r = validateConfig(p.configSchema, config);
    if (!r.ok) {
      throw new PluginConfigurationError(
        name,
        r.errors.map((e) => ({ field: e.path, message: e.message, type: e.keyword })),
      );
    }
    this.configs.set(this.key(this.typeOf(type), name), r.value);
    return r.value;
  }

  getConfig(type: string, name: string): Record<string, unknown> | undefined {
    return this.configs.get(this.key(this.typeOf(type), name));
  }

  /**
   * Order plugins so every dependency comes first (Kahn's algorithm, ties by name).
   * CircularDependencyError for a cycle, MissingDependencyError for an unknown dependency.
   */
  resolveDependencies(plugins: RegisteredPlugin[] = [...this.plugins.values()]): RegisteredPlugin[] {
    const a = analyzeDependencies(plugins.map((p) => ({ name: p.name, dependencies: p.dependencies ?? [] })));
    if (a.missing.length) {
      const first = a.missing[0].name;
      throw new MissingDependencyError(
        first,
        a.missing.filter((m) => m.name === first).map((m) => m.dependency),
      );
    }
    if (a.cycles.length) throw new CircularDependencyError(a.cycles[0]);
    const byName = new Map<string, RegisteredPlugin[]>();
    for (const p of plugins) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    return a.order.flatMap((n) => byName.get(n) ?? []);
  }
}
