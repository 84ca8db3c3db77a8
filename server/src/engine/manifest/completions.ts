// Completions in a manifest: category keys under `plugins`, entry keys, plugin names for `type:`,
// the plugin's version for `version:`, config keys from the schema with their defaults as insert
// text, and enum / boolean values of config fields.
import { getLocation } from 'jsonc-parser';
import { knownString, pluginName } from '../model';
import { LineIndex } from '../text/lineIndex';
import type { Segment } from './ajvErrors';
import { findPlugin } from './selections';
import { pluginCategories } from './analyze';
import { manifestModel } from './manifestModel';
import { parseManifest } from './parse';
import { lookupPluginSchema } from './schemas';
import { describeType, propertiesOf, schemaAt, simplify, type Schema } from './schemaNav';
import { declaredType } from '../python/pydanticLax';
import { MANIFEST_KEY_DOCS, PLUGIN_ENTRY_KEYS } from './structure';
import { allEntries, allKeys, deref, getEntry, pathAt, type TNode } from './tree';
import type { ManifestCompletion, ManifestContext } from './types';

interface Where {
  segs: Segment[];
  mode: 'key' | 'value';
}

/** YAML: the line up to the cursor says key or value; the parent is the nearest key left of it above. */
function yamlWhere(text: string, root: TNode | undefined, offset: number): Where {
  const li = new LineIndex(text);
  const pos = li.position(offset);
  const lineStart = offset - pos.character;
  const prefix = text.slice(lineStart, offset);
  const keys = allKeys(root);
  const parentOf = (col: number): Segment[] => {
    let best: { segs: Segment[]; start: number } | undefined;
    for (const k of keys) {
      const s = k.entry.keySpan.start;
      if (s >= lineStart) continue;
      if (li.position(s).character < col && (!best || s > best.start)) best = { segs: k.segs, start: s };
    }
    return best ? best.segs : [];
  };
  // Inside a flow mapping (`{type: du|}`) the tree knows: key or value of which entry.
  if (/[{,]/.test(prefix)) {
    const at = pathAt(root, offset);
    if (at.onKey) return { segs: at.segs.slice(0, -1), mode: 'key' };
    if (at.entry && at.node && at.node === at.entry.value && at.node.kind === 'scalar' && li.position(at.entry.keySpan.start).line === pos.line) {
      return { segs: at.segs, mode: 'value' };
    }
  }
  const v = /^(\s*)(?:-\s+)?["']?([^\s:"'{}[\],]+)["']?\s*:\s+["']?([^\s"']*)$/.exec(prefix);
  if (v) {
    const col = v[0].indexOf(v[2], v[1].length);
    const own = keys.find((k) => k.entry.keySpan.start === lineStart + col || (k.entry.keySpan.start === lineStart + col - 1 && k.entry.key === v[2]));
    return { segs: own ? own.segs : [...parentOf(col), v[2]], mode: 'value' };
  }
  const k = /^(\s*)(?:-\s+)?["']?([\w.-]*)$/.exec(prefix);
  if (k) return { segs: parentOf(prefix.length - k[2].length), mode: 'key' };
  return { segs: [], mode: 'key' };
}

function jsonWhere(text: string, offset: number): Where {
  const loc = getLocation(text, offset);
  if (loc.isAtPropertyKey) return { segs: loc.path.slice(0, -1), mode: 'key' };
  return { segs: loc.path, mode: 'value' };
}

function yamlScalar(v: unknown): string {
  if (typeof v === 'string') {
    const plain = /^[A-Za-z_/][\w./@-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v);
    return plain ? v : JSON.stringify(v);
  }
  return JSON.stringify(v);
}

export function manifestCompletions(file: string, text: string, offset: number, ctx: ManifestContext): ManifestCompletion[] {
  const parsed = parseManifest(file, text);
  const json = parsed.json;
  const where = json ? jsonWhere(text, offset) : yamlWhere(text, parsed.root, offset);
  const segs = where.segs;
  const keyText = (k: string, value: string) => (json ? `"${k}": ${value}` : `${k}: ${value}`);
  const nodeAt = (s: Segment[]): TNode | undefined => {
    let cur: TNode | undefined = parsed.root;
    for (const x of s)
      cur =
        typeof x === 'number' ? (deref(cur)?.kind === 'seq' ? (deref(cur) as { items: TNode[] }).items[x] : undefined) : getEntry(cur, String(x))?.entry.value;
    return cur;
  };
  const present = (s: Segment[]) => new Set(allEntries(nodeAt(s)).map((e) => e.key));

  if (where.mode === 'key') {
    if (segs.length === 0) {
      const have = present([]);
      const model = manifestModel(ctx).model;
      const meta = model.models['#'];
      const twins = new Set(meta?.populateByName ? Object.keys(meta.aliases ?? {}) : []);
      const keys = Object.keys((model.schema.properties ?? {}) as Record<string, unknown>).filter((k) => !twins.has(k));
      return keys
        .filter((k) => !have.has(k))
        .map((k) => ({
          label: k,
          kind: 'property',
          documentation: MANIFEST_KEY_DOCS[k],
          insertText: keyText(k, k === 'apiVersion' ? (json ? '"floe.dev/v1"' : 'floe.dev/v1') : k === 'kind' ? (json ? '"Manifest"' : 'Manifest') : ''),
        }));
    }
    if (segs.length === 1 && segs[0] === 'plugins') {
      const have = present(segs);
      const cats = pluginCategories(manifestModel(ctx).model);
      return cats.all
        .filter((c) => !have.has(c))
        .map((c) => {
          const t = ctx.types.find((x) => x.category === c);
          const names = ctx.plugins.filter((p) => p.category === c).map((p) => p.entryPoint);
          return {
            label: c,
            kind: 'category',
            insertText: keyText(c, json ? '{}' : ''),
            detail: t && cats.selections.has(c) ? `${t.label} (${t.group})` : cats.selections.has(c) ? 'plugin selection' : 'settings (not a plugin selection)',
            documentation: !cats.selections.has(c) ? undefined : names.length ? `Discovered: ${names.join(', ')}` : 'No plugins discovered',
          };
        });
    }
    if (segs.length === 2 && segs[0] === 'plugins') {
      const have = present(segs);
      return PLUGIN_ENTRY_KEYS.filter((k) => !have.has(k)).map((k) => ({
        label: k,
        kind: 'property',
        insertText: keyText(k, k === 'config' && json ? '{}' : ''),
        documentation: MANIFEST_KEY_DOCS[k],
      }));
    }
    if (segs.length >= 3 && segs[0] === 'plugins' && segs[2] === 'config') {
      const plugin = selected(String(segs[1]));
      const schema = plugin && lookupPluginSchema(plugin, ctx).schema;
      if (!schema) return [];
      const root = schema.schema as Schema;
      const { props, required } = propertiesOf(root, schemaAt(root, segs.slice(3)));
      const have = present(segs);
      return Object.entries(props)
        .filter(([k]) => !have.has(k))
        .map(([k, s]) => {
          const x = simplify(root, s) ?? s;
          const hasDefault = 'default' in s || 'default' in x;
          const def = 'default' in s ? s.default : x.default;
          const desc = typeof s.description === 'string' ? s.description : typeof x.description === 'string' ? x.description : undefined;
          const docs = [desc, hasDefault ? `Default: \`${JSON.stringify(def)}\`` : undefined].filter(Boolean).join('\n\n');
          return {
            label: k,
            kind: 'property' as const,
            insertText: keyText(k, hasDefault ? (json ? JSON.stringify(def) : yamlScalar(def)) : ''),
            detail: `${describeType(root, s)}${required.includes(k) ? ' (required)' : ''} — ${schema.source}`,
            documentation: docs || undefined,
          };
        });
    }
    return [];
  }

  // Values.
  if (segs.length === 3 && segs[0] === 'plugins' && segs[2] === 'type') {
    const category = String(segs[1]);
    // floe's registry looks plugins up by entry-point name.
    return ctx.plugins
      .filter((p) => p.category === category)
      .map((p) => ({
        label: p.entryPoint,
        kind: 'plugin',
        insertText: json ? JSON.stringify(p.entryPoint) : p.entryPoint,
        detail: `${pluginName(p) !== p.entryPoint ? `(named ${pluginName(p)}) ` : ''}${knownString(p.version) ?? ''} ${p.decl.distribution}`.trim(),
        documentation: knownString(p.description),
      }));
  }
  if (segs.length === 3 && segs[0] === 'plugins' && segs[2] === 'version') {
    const v = selectedPluginVersion(String(segs[1]));
    return v ? [{ label: v, kind: 'value', insertText: JSON.stringify(v), detail: 'the plugin version found' }] : [];
  }
  if (segs.length >= 4 && segs[0] === 'plugins' && segs[2] === 'config') {
    const plugin = selected(String(segs[1]));
    const schema = plugin && lookupPluginSchema(plugin, ctx).schema;
    if (!schema) return [];
    const root = schema.schema as Schema;
    const sub = simplify(root, schemaAt(root, segs.slice(3)));
    const values: unknown[] = Array.isArray(sub?.enum) ? (sub!.enum as unknown[]) : declaredType(sub) === 'boolean' ? [true, false] : [];
    return values.map((v) => ({ label: String(v), kind: 'value' as const, insertText: json ? JSON.stringify(v) : yamlScalar(v) }));
  }
  return [];

  function selected(category: string) {
    const t = deref(nodeAt(['plugins', category, 'type']));
    return t && t.kind === 'scalar' && typeof t.value === 'string' ? findPlugin(ctx, category, t.value) : undefined;
  }
  function selectedPluginVersion(category: string) {
    const p = selected(category);
    return p ? knownString(p.version) : undefined;
  }
}
