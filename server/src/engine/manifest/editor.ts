// Editor helpers over a manifest's text: hover, go to definition, effective config.
// Offsets are into `text`; ranges are 0-based / UTF-16 as everywhere in the engine.
import * as path from 'node:path';
import { pluginName, type PluginInfo } from '../model';
import { LineIndex } from '../text/lineIndex';
import { validatePluginConfig } from './configValidation';
import { findPlugin } from './selections';
import { pluginCategories } from './analyze';
import { manifestModel } from './manifestModel';
import { parseManifest } from './parse';
import { lookupPluginSchema } from './schemas';
import { describeConstraints, describeType, propertiesOf, schemaAt, simplify, type Schema } from './schemaNav';
import { MANIFEST_KEY_DOCS } from './structure';
import { deref, getEntry, pathAt, type Span } from './tree';
import type { EffectiveConfigInfo, ManifestContext, ManifestHover, ManifestLocation, PluginSchema, SchemaSource } from './types';

const SOURCE_WORDS: Record<SchemaSource, string> = {
  'schema-file': 'the schema file shipped with the plugin',
  python: "the schema exported by the plugin's Python (Pydantic)",
  static: 'the static translation of the Pydantic model',
  none: 'none',
};

function selectedPlugin(root: ReturnType<typeof parseManifest>['root'], category: string, ctx: ManifestContext): PluginInfo | undefined {
  const entry = getEntry(getEntry(root, 'plugins')?.entry.value, category)?.entry.value;
  const t = deref(getEntry(entry, 'type')?.entry.value);
  return t && t.kind === 'scalar' && typeof t.value === 'string' ? findPlugin(ctx, category, t.value) : undefined;
}

function schemaSourceLine(s: PluginSchema): string {
  return `_Schema: ${SOURCE_WORDS[s.source]}${s.file ? ` (\`${path.basename(s.file)}\`)` : ''}_`;
}

function configKeyHover(schema: PluginSchema, segs: Array<string | number>): string | undefined {
  const root = schema.schema as Schema;
  const sub = schemaAt(root, segs);
  const key = segs[segs.length - 1];
  if (!sub) return `**${key}** — not described by the config schema\n\n${schemaSourceLine(schema)}`;
  const parent = schemaAt(root, segs.slice(0, -1));
  const required = typeof key === 'string' && propertiesOf(root, parent).required.includes(key);
  const s = simplify(root, sub) ?? sub;
  const hasDefault = 'default' in sub || 'default' in s;
  const def = 'default' in sub ? sub.default : s.default;
  const lines = [
    `**${key}**: \`${describeType(root, sub)}\` — ${required ? 'required' : hasDefault ? `optional, default \`${JSON.stringify(def)}\`` : 'optional'}`,
  ];
  const rules = describeConstraints(root, sub);
  if (rules.length) lines.push('', rules.map((r) => (r.startsWith('matches') || r.startsWith('format') ? r : `\`${r}\``)).join(', '));
  const description = typeof sub.description === 'string' ? sub.description : typeof s.description === 'string' ? s.description : undefined;
  if (description) lines.push('', description);
  const open = schema.open?.find((o) => o.path === segs.join('.'));
  if (open) lines.push('', `Not checked statically: ${open.reason}`);
  lines.push('', schemaSourceLine(schema));
  return lines.join('\n');
}

export function manifestHover(file: string, text: string, offset: number, ctx: ManifestContext): ManifestHover | undefined {
  const parsed = parseManifest(file, text);
  const li = new LineIndex(text);
  const at = pathAt(parsed.root, offset);
  const segs = at.segs;
  const range = (s: Span) => li.range(s.start, s.end);
  const keySpan = at.onKey && at.entry ? at.entry.keySpan : undefined;
  if (segs.length === 1 && keySpan && MANIFEST_KEY_DOCS[String(segs[0])]) {
    return { markdown: `**${segs[0]}** — ${MANIFEST_KEY_DOCS[String(segs[0])]}`, range: range(keySpan) };
  }
  if (segs[0] !== 'plugins' || segs.length < 2) return undefined;
  const category = String(segs[1]);
  if (segs.length === 2 && keySpan) {
    const cats = pluginCategories(manifestModel(ctx).model);
    if (!cats.all.includes(category))
      return { markdown: `**${category}** — not a plugin category of floe's manifest (${cats.all.join(', ')})`, range: range(keySpan) };
    const t = ctx.types.find((x) => x.category === category);
    if (!t || !cats.selections.has(category))
      return { markdown: `**${category}** — settings of floe's manifest, not a plugin selection`, range: range(keySpan) };
    const found = ctx.plugins.filter((p) => p.category === category).map((p) => p.entryPoint);
    return {
      markdown: `**${t.label}** plugins (\`${t.group}\`, base class \`${t.abc}\`)\n\nDiscovered: ${found.length ? found.join(', ') : 'none'}`,
      range: range(keySpan),
    };
  }
  const plugin = selectedPlugin(parsed.root, category, ctx);
  if (segs.length === 3 && segs[2] === 'type' && !at.onKey && at.node) {
    // The plugin card: the front end shows the one card every hover on a plugin shows.
    if (!plugin) return undefined;
    return { plugin, range: range(at.node.span) };
  }
  if (segs.length === 3 && keySpan) {
    const doc = MANIFEST_KEY_DOCS[String(segs[2])];
    return doc ? { markdown: `**${segs[2]}** — ${doc}`, range: range(keySpan) } : undefined;
  }
  if (segs.length >= 4 && segs[2] === 'config' && keySpan && plugin) {
    const schema = lookupPluginSchema(plugin, ctx).schema;
    if (!schema) return { markdown: `**${segs[segs.length - 1]}** — ${pluginName(plugin)} has no known config schema`, range: range(keySpan) };
    const md = configKeyHover(schema, segs.slice(3));
    return md ? { markdown: md, range: range(keySpan) } : undefined;
  }
  return undefined;
}

export function manifestDefinition(file: string, text: string, offset: number, ctx: ManifestContext): ManifestLocation | undefined {
  const parsed = parseManifest(file, text);
  const at = pathAt(parsed.root, offset);
  const segs = at.segs;
  if (segs[0] !== 'plugins' || segs.length < 3) return undefined;
  const plugin = selectedPlugin(parsed.root, String(segs[1]), ctx);
  if (!plugin) return undefined;
  if (segs.length === 3 && segs[2] === 'type') {
    return plugin.cls ? { file: plugin.cls.file, range: plugin.cls.nameRange } : { file: plugin.decl.file, range: plugin.decl.nameRange };
  }
  if (segs[2] === 'config' && at.onKey) {
    const schema = lookupPluginSchema(plugin, ctx).schema;
    if (schema?.source === 'schema-file' && schema.file)
      return { file: schema.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    const ref = plugin.configSchema;
    if (ref?.file && ref.range) return { file: ref.file, range: ref.range };
  }
  return undefined;
}

/** The config of the plugin selected under `plugins.<category>`, defaults applied. */
export function effectiveConfig(file: string, text: string, category: string, ctx: ManifestContext): EffectiveConfigInfo | undefined {
  const parsed = parseManifest(file, text);
  const entry = getEntry(getEntry(parsed.root, 'plugins')?.entry.value, category)?.entry.value;
  const t = deref(getEntry(entry, 'type')?.entry.value);
  if (!t || t.kind !== 'scalar' || typeof t.value !== 'string') return undefined;
  const plugin = findPlugin(ctx, category, t.value);
  const raw = (parsed.value as { plugins?: Record<string, { config?: unknown }> } | undefined)?.plugins?.[category]?.config;
  const cfg = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const base: EffectiveConfigInfo = { category, type: t.value, pluginId: plugin?.id, config: structuredClone(cfg), schemaSource: 'none', errors: [] };
  if (!plugin) return { ...base, errors: [`no ${category} plugin named "${t.value}" was found`] };
  const schema = lookupPluginSchema(plugin, ctx).schema;
  if (!schema) return base;
  const r = validatePluginConfig(schema, cfg);
  return {
    ...base,
    config: (r.value as Record<string, unknown>) ?? base.config,
    schemaSource: schema.source,
    schema: schema.schema,
    schemaFile: schema.file,
    errors: r.schemaError ? [r.schemaError] : r.errors.map((e) => e.message),
  };
}
