// Platform manifest analysis (issue 4): structure, category keys, plugin selection, version pins,
// usability and plugin config validation, each reported at the exact YAML/JSON node.
import * as semver from 'semver';
import type { Diagnostic, DiagnosticCode, FixData, ManifestSelection, PluginInfo, RelatedInformation, Severity } from '../model';
import { knownString, pluginName } from '../model';
import { closest } from '../pluginTypes';
import { LazyLines } from './positions';
import { validateDetailed } from './configValidation';
import { parseManifest } from './parse';
import { lookupPluginSchema } from './schemas';
import { MANIFEST_STRUCTURE_SCHEMA } from './structure';
import { allEntries, deref, getEntry, locate, type MapEntry, type Span, type TNode } from './tree';
import type { ManifestAnalysis, ManifestContext, PluginSchema } from './types';

/** Cheap test (no parsing) for `apiVersion: floe.dev/...` and `kind: Manifest`. */
export function looksLikeManifest(_file: string, text: string): boolean {
  const head = text.length > 262144 ? text.slice(0, 262144) : text;
  if (!head.includes('floe.dev/') || !head.includes('Manifest')) return false;
  return /["']?apiVersion["']?\s*:\s*["']?floe\.dev\//.test(head) && /["']?kind["']?\s*:\s*["']?Manifest(?![\w-])/.test(head);
}

interface Emitter {
  add(code: DiagnosticCode, span: Span, message: string, extra?: { severity?: Severity; related?: RelatedInformation[]; fixes?: FixData[] }): void;
}

/** The selected plugin for a category and type name (first match). */
export function findPlugin(ctx: ManifestContext, category: string, type: string): PluginInfo | undefined {
  return ctx.plugins.find((p) => p.category === category && pluginName(p) === type);
}

function scalarString(n: TNode | undefined): { value: string; span: Span; quote?: string } | undefined {
  const d = deref(n);
  if (!d || d.kind !== 'scalar' || d.value === null || d.value === undefined || typeof d.value === 'object') return undefined;
  return { value: String(d.value), span: n!.span, quote: n!.kind === 'scalar' ? d.quote : undefined };
}

function quoteLike(text: string, span: Span, json: boolean, replacement: string): string {
  const first = text.charAt(span.start);
  if (json || first === '"') return JSON.stringify(replacement);
  if (first === "'") return `'${replacement.replace(/'/g, "''")}'`;
  return replacement;
}

function get(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function analyzeManifest(file: string, text: string, ctx: ManifestContext): ManifestAnalysis {
  const li = new LazyLines(text);
  const diagnostics: Diagnostic[] = [];
  const dependsOn = new Set<string>();
  const selections: ManifestSelection[] = [];
  const seen = new Set<string>();
  const emit: Emitter = {
    add(code, span, message, extra = {}) {
      const range = li.range(span.start, span.end);
      const key = `${code}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const d: Diagnostic = { file, range, severity: extra.severity ?? 'error', code, message };
      if (extra.related?.length) d.related = extra.related;
      if (extra.fixes?.length) d.fixes = extra.fixes;
      diagnostics.push(d);
    },
  };
  const parsed = parseManifest(file, text);
  for (const s of parsed.syntax) emit.add('manifest-syntax', s.span, s.message, { severity: s.severity });
  if (parsed.valueError) emit.add('manifest-invalid', parsed.valueError.span, parsed.valueError.message);
  for (const p of parsed.invalid) emit.add('manifest-invalid', p.span, p.message);

  const root = deref(parsed.root);
  const info = { file, name: undefined as string | undefined, selections };
  if (!root || root.kind !== 'map') {
    if (!parsed.syntax.some((s) => s.severity === 'error')) {
      emit.add('manifest-invalid', root?.span ?? { start: 0, end: Math.min(text.length, 1) },
        'a manifest must be a mapping with apiVersion, kind, metadata and plugins');
    }
    return { info, diagnostics, dependsOn: [] };
  }
  const related = (span: Span | undefined, message: string): RelatedInformation[] =>
    span ? [{ file, range: li.range(span.start, span.end), message }] : [];
  const name = get(parsed.value, 'metadata', 'name');
  if (typeof name === 'string') info.name = name;

  // Structure of the owned parts.
  if (parsed.value !== undefined) {
    const r = validateDetailed(MANIFEST_STRUCTURE_SCHEMA, parsed.value, 'manifest', false);
    const firstKey = root.entries[0]?.keySpan ?? { start: 0, end: 0 };
    for (const e of r.errors) {
      const loc = locate(root, firstKey, e.segments, e.at) ?? { primary: firstKey };
      emit.add('manifest-invalid', loc.primary, e.message, { related: related(loc.actual && !sameSpan(loc.actual, loc.primary) ? loc.actual : undefined, 'the value comes from here') });
    }
  }

  const pluginsHit = getEntry(root, 'plugins');
  const categories = ctx.types.map((t) => t.category);
  const schemaMemo = new Map<string, ReturnType<typeof lookupPluginSchema>>();
  for (const cat of allEntries(pluginsHit?.entry.value)) {
    const catSpan = getEntry(pluginsHit?.entry.value, cat.key)?.via ?? cat.keySpan;
    if (!categories.includes(cat.key)) {
      const near = closest(cat.key, categories);
      emit.add('unknown-category', catSpan, `unknown plugin category "${cat.key}"${near.length ? ` (did you mean "${near[0]}"?)` : `; categories are ${categories.join(', ')}`}`, {
        fixes: catSpan === cat.keySpan ? near.map((n) => ({ title: `Change to "${n}"`, file, range: li.range(catSpan.start, catSpan.end), newText: quoteLike(text, catSpan, parsed.json, n) })) : [],
      });
      continue;
    }
    const sel = checkEntry(cat, catSpan);
    if (sel) selections.push(sel);
  }
  return { info, diagnostics, dependsOn: [...dependsOn] };

  function checkEntry(cat: MapEntry, catSpan: Span): ManifestSelection | undefined {
    const entryNode = cat.value;
    const typeHit = getEntry(entryNode, 'type');
    const type = scalarString(typeHit?.entry.value);
    if (!typeHit || !type) return undefined;
    const typeSpan = typeHit.via ?? type.span;
    const category = cat.key;
    const sel: ManifestSelection = { category, type: type.value, typeRange: li.range(typeSpan.start, typeSpan.end) };
    const verHit = getEntry(entryNode, 'version');
    const ver = scalarString(verHit?.entry.value);
    if (ver) sel.version = ver.value;

    const plugin = findPlugin(ctx, category, type.value);
    if (!plugin) {
      reportUnknownPlugin(category, type.value, typeSpan, !typeHit.via);
      sel.schemaSource = 'none';
      return sel;
    }
    sel.pluginId = plugin.id;
    dependsOn.add(plugin.decl.file);
    const shown = pluginName(plugin);

    const known = knownString(plugin.version);
    if (ver && known && !sameVersion(ver.value, known)) {
      const span = verHit!.via ?? ver.span;
      emit.add('version-mismatch', span, `${shown} is version ${known}, but the manifest pins "${ver.value}"`, {
        fixes: verHit!.via ? [] : [{ title: `Pin ${known}`, file, range: li.range(span.start, span.end), newText: quoteLike(text, span, parsed.json, known) }],
        related: plugin.version.kind === 'known' ? [{ file: plugin.version.file, range: plugin.version.range, message: `${shown}'s version` }] : [],
      });
    }

    const reasons: string[] = [];
    const errors = ctx.pluginErrors.get(plugin.id) ?? [];
    if (plugin.compatibility === 'incompatible' && !errors.length) {
      const api = knownString(plugin.floeApiVersion);
      reasons.push(ctx.platformApiVersion
        ? `it requires floe plugin API ${api ?? '(unknown)'}, but the platform provides ${ctx.platformApiVersion}`
        : `it requires floe plugin API ${api ?? '(unknown)'}, which the platform does not provide`);
    }
    for (const r of errors) if (!reasons.includes(r)) reasons.push(r);
    if (reasons.length) {
      emit.add('plugin-unusable', typeSpan, `${shown} cannot be used: ${reasons.join('; ')}`, {
        related: [{ file: plugin.decl.file, range: plugin.decl.nameRange, message: `${shown} is declared here` }],
      });
    }

    let lookup = schemaMemo.get(plugin.id);
    if (!lookup) { lookup = lookupPluginSchema(plugin, ctx); schemaMemo.set(plugin.id, lookup); }
    for (const f of lookup.files) dependsOn.add(f);
    const cfgHit = getEntry(entryNode, 'config');
    const rawCfg = get(parsed.value, 'plugins', category, 'config');
    sel.schemaSource = lookup.schema?.source ?? 'none';
    if (parsed.value === undefined) return sel;
    const cfg = rawCfg === null || rawCfg === undefined ? {} : rawCfg;
    if (!lookup.schema) {
      if (cfg && typeof cfg === 'object' && !Array.isArray(cfg)) sel.effectiveConfig = structuredClone(cfg) as Record<string, unknown>;
      return sel;
    }
    if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) return sel; // structure reports it
    validateSelection(lookup.schema, cfg, cfgHit, catSpan, sel, shown);
    return sel;
  }

  function validateSelection(schema: PluginSchema, cfg: unknown, cfgHit: ReturnType<typeof getEntry>, catSpan: Span, sel: ManifestSelection, shown: string): void {
    const baseKey = cfgHit ? (cfgHit.via ?? cfgHit.entry.keySpan) : catSpan;
    const r = validateDetailed(schema.schema, cfg, 'config');
    if (r.schemaError) {
      emit.add('config-invalid', baseKey, `${shown}'s config was not validated: ${r.schemaError}${schema.file ? ` (${schema.file})` : ''}`, { severity: 'warning' });
      return;
    }
    for (const e of r.errors) {
      const loc = cfgHit ? locate(cfgHit.entry.value, cfgHit.entry.keySpan, e.segments, e.at) : undefined;
      let primary = loc?.primary ?? baseKey;
      let actual = loc?.actual;
      if (cfgHit?.via) { actual ??= loc?.primary; primary = cfgHit.via; }
      emit.add('config-invalid', primary, e.message, { related: related(actual && !sameSpan(actual, primary) ? actual : undefined, 'the value comes from here') });
    }
    if (!r.errors.length) sel.effectiveConfig = r.value as Record<string, unknown>;
  }

  function reportUnknownPlugin(category: string, type: string, span: Span, fixable: boolean): void {
    const inCat = ctx.plugins.filter((p) => p.category === category).map(pluginName);
    const names = [...new Set(inCat)];
    const near = closest(type, names);
    const elsewhere = ctx.plugins.find((p) => pluginName(p) === type && p.category !== category);
    let message = `no ${category} plugin named "${type}" was found`;
    if (near.length) message += ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)`;
    else if (names.length) message += `; ${category} plugins: ${names.slice(0, 10).join(', ')}`;
    else message += `; no ${category} plugins were discovered`;
    if (elsewhere) message += `; "${type}" is a ${elsewhere.category} plugin`;
    emit.add('unknown-plugin', span, message, {
      fixes: fixable ? near.map((n) => ({ title: `Change to "${n}"`, file, range: li.range(span.start, span.end), newText: quoteLike(text, span, parsed.json, n) })) : [],
    });
  }
}

function sameVersion(pinned: string, known: string): boolean {
  if (pinned === known) return true;
  const a = semver.valid(pinned), b = semver.valid(known);
  return !!a && !!b && semver.eq(a, b);
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
