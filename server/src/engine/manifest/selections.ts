// One plugin selection of a manifest (`plugins.<category>: {type, version, config, ...}`): the
// plugin it names (by entry-point name, as floe's registry looks it up), the pinned version (which
// floe records but never compares), whether the plugin can be used, and its config against the
// plugin's config schema (floe validates it only when the plugin is configured, at run time).
import type { FixData, ManifestSelection, PluginInfo, RelatedInformation } from '../model';
import { knownString, pluginName } from '../model';
import { closest } from '../pluginTypes';
import type { ConfigError, Segment } from './ajvErrors';
import { addKeyInsertion, directNode, placeholderValue } from './keyEdits';
import { quoteLike, type Emitter } from './emit';
import { validatePluginConfig } from './configValidation';
import type { LazyLines } from './positions';
import { lookupPluginSchema } from './schemas';
import { schemaAt, simplify, type Schema } from './schemaNav';
import { deref, getEntry, locate, type MapEntry, type Span, type TNode } from './tree';
import { valueAtKeys } from './value';
import type { ManifestContext, PluginSchema } from './types';

export interface SelectionHost {
  file: string;
  text: string;
  json: boolean;
  value: unknown;
  ctx: ManifestContext;
  li: LazyLines;
  emit: Emitter;
  dependsOn: Set<string>;
  related(span: Span | undefined, message: string): RelatedInformation[];
}

/** Compile-time placeholders floe expands in the compute plugin's config (dbt profiles). */
const PLACEHOLDERS = /\{product_(?:name|slug)\}/g;
/** detect-secrets' marker for a literal the author has acknowledged. */
const ALLOWLIST = /#.*pragma:\s*allowlist[ -]secret/;

/** The plugin a manifest selects: floe's registry looks plugins up by their entry-point name. */
export function findPlugin(ctx: ManifestContext, category: string, type: string): PluginInfo | undefined {
  const t = type.trim();
  return ctx.plugins.find((p) => p.category === category && p.entryPoint === t);
}

function scalarString(n: TNode | undefined): { value: string; span: Span } | undefined {
  const d = deref(n);
  if (!d || d.kind !== 'scalar' || d.value === null || d.value === undefined || typeof d.value === 'object') return undefined;
  return { value: String(d.value), span: n!.span };
}

function quoted(keys: string[]): string {
  const q = keys.map((k) => `"${k}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

export function checkSelection(h: SelectionHost, cat: MapEntry, catSpan: Span): ManifestSelection | undefined {
  const { ctx, li, emit, file, text, json } = h;
  const entryNode = cat.value;
  const typeHit = getEntry(entryNode, 'type');
  const typeNode = deref(typeHit?.entry.value);
  // A type that is not text, or blank, is the model's error: floe never looks it up.
  if (!typeHit || !typeNode || typeNode.kind !== 'scalar' || typeof typeNode.value !== 'string' || !typeNode.value.trim()) return undefined;
  const type = { value: typeNode.value, span: typeHit.entry.value!.span };
  const typeSpan = typeHit.via ?? type.span;
  const category = cat.key;
  const sel: ManifestSelection = { category, type: type.value.trim(), typeRange: li.range(typeSpan.start, typeSpan.end) };
  const verHit = getEntry(entryNode, 'version');
  const ver = scalarString(verHit?.entry.value);
  if (ver) sel.version = ver.value;

  const plugin = findPlugin(ctx, category, type.value);
  if (!plugin) {
    reportUnknownPlugin(h, category, type.value.trim(), typeSpan, !typeHit.via);
    sel.schemaSource = 'none';
    return sel;
  }
  sel.pluginId = plugin.id;
  h.dependsOn.add(plugin.decl.file);
  const shown = pluginName(plugin);

  const known = knownString(plugin.version);
  // A pin that is not X.Y.Z is the model's error; a different X.Y.Z is recorded by floe, never compared.
  if (ver && known && ver.value !== known && /^\d+\.\d+\.\d+$/.test(ver.value)) {
    const span = verHit!.via ?? ver.span;
    emit.add(
      'version-mismatch',
      span,
      `${shown} is version ${known}, but the manifest pins "${ver.value}"; floe records the pin (for reproducibility) but never compares it with the installed plugin's version`,
      {
        severity: 'warning',
        fixes: verHit!.via ? [] : [{ title: `Pin ${known}`, file, range: li.range(span.start, span.end), newText: quoteLike(text, span, json, known) }],
        related: plugin.version.kind === 'known' ? [{ file: plugin.version.file, range: plugin.version.range, message: `${shown}'s version` }] : [],
      },
    );
  }

  const reasons: string[] = [];
  const errors = ctx.pluginErrors.get(plugin.id) ?? [];
  if (plugin.compatibility === 'incompatible' && !errors.length) {
    const api = knownString(plugin.floeApiVersion);
    reasons.push(
      ctx.platformApiVersion
        ? `it requires floe plugin API ${api ?? '(unknown)'}, but the platform provides ${ctx.platformApiVersion}`
        : `it requires floe plugin API ${api ?? '(unknown)'}, which the platform does not provide`,
    );
  }
  for (const r of errors) if (!reasons.includes(r)) reasons.push(r);
  if (reasons.length) {
    emit.add('plugin-unusable', typeSpan, `${shown} cannot be used: ${reasons.join('; ')}`, {
      related: [{ file: plugin.decl.file, range: plugin.decl.nameRange, message: `${shown} is declared here` }],
    });
  }

  const lookup = lookupPluginSchema(plugin, ctx);
  for (const f of lookup.files) h.dependsOn.add(f);
  sel.schemaSource = lookup.schema?.source ?? 'none';
  if (h.value === undefined) return sel;
  const cfgHit = getEntry(entryNode, 'config');
  const rawCfg = valueAtKeys(h.value, 'plugins', category, 'config');
  if (rawCfg === null || rawCfg === undefined) {
    // floe keeps an absent config as None and validates nothing until the plugin is configured.
    if (lookup.schema) noConfig(h, lookup.schema, cfgHit?.via ?? cfgHit?.entry.keySpan ?? catSpan, sel, shown);
    return sel;
  }
  if (typeof rawCfg !== 'object' || Array.isArray(rawCfg)) return sel; // the model reports it
  if (!lookup.schema) {
    sel.effectiveConfig = structuredClone(rawCfg) as Record<string, unknown>;
    return sel;
  }
  validateConfig(h, plugin, lookup.schema, rawCfg as Record<string, unknown>, cfgHit!, sel, shown);
  return sel;
}

function noConfig(h: SelectionHost, schema: PluginSchema, span: Span, sel: ManifestSelection, shown: string): void {
  const r = validatePluginConfig(schema, {});
  if (r.schemaError) return;
  if (!r.errors.length) {
    sel.effectiveConfig = r.value as Record<string, unknown>;
    return;
  }
  const needed = r.errors.filter((e) => e.keyword === 'required' && e.segments.length === 0).map((e) => String(e.loc[e.loc.length - 1]));
  if (!needed.length) return;
  h.emit.add(
    'config-needed',
    span,
    `no config for ${shown}: floe does not check plugin configs when it loads or compiles the manifest, only when the orchestrator configures the plugin at run time, and ${shown} needs ${quoted(needed)}`,
    { severity: 'information' },
  );
}

/** Strings with the compute placeholders expanded the way floe's compiler expands them. */
function expandPlaceholders(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v === 'string') return v.replace(PLACEHOLDERS, 'product');
  if (!v || typeof v !== 'object') return v;
  const hit = seen.get(v);
  if (hit) return hit; // aliases may make the value cyclic: keep the cycle
  const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
  seen.set(v, out);
  for (const [k, x] of Object.entries(v)) (out as Record<string, unknown>)[k] = expandPlaceholders(x, seen);
  return out;
}

function validateConfig(
  h: SelectionHost,
  plugin: PluginInfo,
  schema: PluginSchema,
  cfg: Record<string, unknown>,
  cfgHit: NonNullable<ReturnType<typeof getEntry>>,
  sel: ManifestSelection,
  shown: string,
): void {
  const { emit } = h;
  const baseKey = cfgHit.via ?? cfgHit.entry.keySpan;
  const checked = sel.category === 'compute' ? expandPlaceholders(cfg) : cfg;
  const r = validatePluginConfig(schema, checked);
  if (r.schemaError) {
    emit.add('config-invalid', baseKey, `${shown}'s config was not validated: ${r.schemaError}${schema.file ? ` (${schema.file})` : ''}`, {
      severity: 'warning',
    });
    return;
  }
  for (const e of r.errors) {
    const loc = locate(cfgHit.entry.value, cfgHit.entry.keySpan, e.segments, e.at);
    let primary = loc?.primary ?? baseKey;
    let actual = loc?.actual;
    if (cfgHit.via) {
      actual ??= loc?.primary;
      primary = cfgHit.via;
    }
    emit.add('config-invalid', primary, `${e.message}; PluginRegistry.configure rejects this config at run time`, {
      related: h.related(actual && (actual.start !== primary.start || actual.end !== primary.end) ? actual : undefined, 'the value comes from here'),
      fixes: cfgHit.via ? [] : configFixes(h, schema, cfgHit.entry.value, e, loc),
    });
  }
  literalSecrets(h, schema, cfg, cfgHit.entry.value, [], shown);
  if (!r.errors.length)
    sel.effectiveConfig =
      sel.category === 'compute' ? (validatePluginConfig(schema, cfg).value as Record<string, unknown>) : (r.value as Record<string, unknown>);
  void plugin;
}

/** "Change to 'threads'" for an unknown key close to a known one; "Add 'warehouse'" for a missing required key. */
function configFixes(h: SelectionHost, schema: PluginSchema, cfg: TNode | undefined, e: ConfigError, loc: ReturnType<typeof locate>): FixData[] {
  const { file, text, json, li } = h;
  if (e.near && e.at === 'key' && loc && !loc.actual) {
    return [{ title: `Change to '${e.near}'`, file, range: li.range(loc.primary.start, loc.primary.end), newText: quoteLike(text, loc.primary, json, e.near) }];
  }
  if (e.keyword === 'required' && e.at === 'parent') {
    const node = directNode(cfg, e.segments);
    const key = String(e.loc[e.loc.length - 1]);
    if (!node || node.kind !== 'map') return [];
    const ins = addKeyInsertion(text, json, node, key, placeholderValue(schema.schema as Schema, e.keySchema));
    if (!ins) return [];
    const at = li.range(ins.offset, ins.offset);
    return [{ title: `Add '${key}'`, file, range: at, newText: ins.newText }];
  }
  return [];
}

/** Literal values in secret fields (SecretStr: `writeOnly` / `format: password`) of a config. */
function literalSecrets(
  h: SelectionHost,
  schema: PluginSchema,
  value: unknown,
  node: TNode | undefined,
  segs: Segment[],
  shown: string,
  depth = 0,
  seen = new Set<object>(),
): void {
  if (depth > 32 || !value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const root = schema.schema as Schema;
  const entries: Array<[Segment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const path = [...segs, k];
    const sub = simplify(root, schemaAt(root, path));
    if (typeof v === 'string' && sub && (sub.writeOnly === true || sub.format === 'password')) {
      const loc = locate(node, undefined, [k], 'value');
      const span = loc?.primary;
      if (!span) continue;
      const lineStart = h.text.lastIndexOf('\n', span.start - 1) + 1;
      const lineEnd = h.text.indexOf('\n', span.end);
      const line = h.text.slice(lineStart, lineEnd < 0 ? h.text.length : lineEnd);
      if (ALLOWLIST.test(line)) continue;
      h.emit.add(
        'secret-literal',
        span,
        `${String(k)}: a secret written into the manifest; reference a Kubernetes secret instead (connection_secret_ref on the ${shown} selection, or a SecretReference), or mark an intended literal with "# pragma: allowlist secret"`,
        { severity: 'warning' },
      );
      continue;
    }
    const child = locate(node, undefined, [k], 'value');
    const childNode = child ? nodeAt(node, k) : undefined;
    literalSecrets(h, schema, v, childNode, path, shown, depth + 1, seen);
  }
}

function nodeAt(node: TNode | undefined, k: Segment): TNode | undefined {
  const d = deref(node);
  if (!d) return undefined;
  if (typeof k === 'number') return d.kind === 'seq' ? d.items[k] : undefined;
  return getEntry(d, k)?.entry.value;
}

function reportUnknownPlugin(h: SelectionHost, category: string, type: string, span: Span, fixable: boolean): void {
  const { ctx, emit, li, file, text, json } = h;
  const inCat = ctx.plugins.filter((p) => p.category === category);
  const names = [...new Set(inCat.map((p) => p.entryPoint))];
  const byName = inCat.find((p) => pluginName(p) === type);
  const near = byName ? [byName.entryPoint] : closest(type, names);
  const elsewhere = ctx.plugins.find((p) => p.entryPoint === type && p.category !== category);
  let message = `no ${category} plugin is registered as "${type}"`;
  if (byName) message += `; floe looks plugins up by entry-point name, and the plugin named "${type}" is registered as "${byName.entryPoint}"`;
  else if (near.length) message += ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)`;
  else if (names.length) message += `; ${category} plugins: ${names.slice(0, 10).join(', ')}`;
  else message += `; no ${category} plugins were discovered`;
  if (elsewhere) message += `; "${type}" is a ${elsewhere.category} plugin`;
  emit.add('unknown-plugin', span, message, {
    fixes: fixable
      ? near.map((n) => ({ title: `Change to "${n}"`, file, range: li.range(span.start, span.end), newText: quoteLike(text, span, json, n) }))
      : [],
  });
}
