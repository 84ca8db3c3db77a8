// Platform manifest analysis: the whole manifest validated as floe-core's manifest model would
// validate it, then each plugin selection (plugin found by entry-point name, pinned version,
// usability, plugin config), every problem reported at the exact YAML/JSON node.
import type { Diagnostic, ManifestSelection, RelatedInformation } from '../model';
import { closest } from '../pluginTypes';
import { pathString, withLabel } from './ajvErrors';
import { LazyLines } from './positions';
import { manifestModel } from './manifestModel';
import { ModelValidator, type ManifestModel, type ModelIssue } from './modelValidate';
import { parseManifest } from './parse';
import { checkSelection, type SelectionHost } from './selections';
import { quoteLike, sameSpan, type Emitter } from './emit';
import { allEntries, deref, getEntry, locate, type MapEntry, type Span, type TNode } from './tree';
import { valueAtKeys } from './value';
import type { ManifestAnalysis, ManifestContext } from './types';

export { looksLikeManifest } from './detect';
export { findPlugin } from './selections';

type Schema = Record<string, unknown>;

function resolveDef(model: ManifestModel, s: unknown): Schema | undefined {
  let cur = s as Schema | undefined;
  const defs = (model.schema.$defs ?? {}) as Record<string, Schema>;
  for (let i = 0; cur && i < 16; i++) {
    if (typeof cur.$ref === 'string') {
      cur = defs[cur.$ref.slice('#/$defs/'.length)];
      continue;
    }
    const union = (cur.anyOf ?? cur.allOf) as Schema[] | undefined;
    if (Array.isArray(union)) {
      const branches = union.filter((b) => b && b.type !== 'null');
      if (branches.length === 1) {
        cur = branches[0];
        continue;
      }
    }
    break;
  }
  return cur;
}

/** The model's plugin categories, and those that select a plugin by `type`. */
export function pluginCategories(model: ManifestModel): { all: string[]; selections: Set<string> } {
  const plugins = resolveDef(model, (model.schema.properties as Record<string, unknown> | undefined)?.plugins);
  const props = (plugins?.properties ?? {}) as Record<string, unknown>;
  const selections = new Set<string>();
  for (const [k, v] of Object.entries(props)) {
    const d = resolveDef(model, v);
    if (d?.properties && typeof d.properties === 'object' && 'type' in (d.properties as object)) selections.add(k);
  }
  return { all: Object.keys(props), selections };
}

/** The text of an issue: `label: body`, a validator's own message, or a not-checked note. */
export function issueMessage(i: ModelIssue): string {
  if (i.code === 'manifest-not-checked')
    return `floe-core also checks ${i.labelSegs?.length ? pathString(i.labelSegs) : 'the manifest'} (${i.body}); not checked here`;
  if (i.labelSegs === null) return i.body;
  return withLabel(i.labelSegs, i.body, 'manifest');
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
  const parsed = parseManifest(file, text, ctx.fs);
  for (const s of parsed.syntax) emit.add('manifest-syntax', s.span, s.message, { severity: s.severity });
  if (parsed.valueError) emit.add('manifest-invalid', parsed.valueError.span, parsed.valueError.message);
  for (const p of parsed.invalid) emit.add('manifest-invalid', p.span, p.message);

  const root = deref(parsed.root);
  const info = { file, name: undefined as string | undefined, selections };
  if (!root || root.kind !== 'map') {
    if (!parsed.syntax.some((s) => s.severity === 'error')) {
      emit.add(
        'manifest-invalid',
        root?.span ?? { start: 0, end: Math.min(text.length, 1) },
        'a manifest must be a mapping with apiVersion, kind, metadata and plugins',
      );
    }
    return { info, diagnostics, dependsOn: [] };
  }
  const related = (span: Span | undefined, message: string): RelatedInformation[] => (span ? [{ file, range: li.range(span.start, span.end), message }] : []);
  const name = valueAtKeys(parsed.value, 'metadata', 'name');
  if (typeof name === 'string') info.name = name;

  const { model, problem } = manifestModel(ctx);
  for (const f of model.files) dependsOn.add(f);
  const firstKey = root.entries[0]?.keySpan ?? { start: 0, end: 0 };
  if (problem) emit.add('manifest-not-checked', firstKey, problem, { severity: 'information' });
  const categories = pluginCategories(model);
  const pluginsValue = getEntry(root, 'plugins')?.entry.value;

  // The whole manifest, as the model validates it.
  if (parsed.value !== undefined) {
    let issues: ModelIssue[] = [];
    try {
      issues = new ModelValidator(model).validate(parsed.root);
    } catch (e) {
      // Never let the model check take the rest of the analysis down.
      emit.add('manifest-not-checked', firstKey, `the manifest model could not be checked: ${(e as Error).message}`, { severity: 'information' });
    }
    // In document order (a model's own validators run after its fields were walked).
    const placed = issues.map((i) => ({ i, loc: locate(parsed.root, firstKey, i.segs, i.at) ?? { primary: firstKey } }));
    placed.sort((a, b) => a.loc.primary.start - b.loc.primary.start);
    for (const { i, loc } of placed) {
      if (i.keyword === 'additionalProperties' && i.labelSegs?.length === 1 && i.labelSegs[0] === 'plugins') {
        reportUnknownCategory(String(i.segs[1]), loc.primary);
        continue;
      }
      emit.add(i.code, loc.primary, issueMessage(i), {
        severity: i.severity,
        related: related(loc.actual && !sameSpan(loc.actual, loc.primary) ? loc.actual : undefined, 'the value comes from here'),
      });
    }
    for (const o of model.open) {
      const at = openSpan(root, o.path);
      if (at) emit.add('manifest-not-checked', at, `floe-core's ${o.path} is not checked here: ${o.reason}`, { severity: 'information' });
    }
  }

  const host: SelectionHost = { file, text, json: parsed.json, value: parsed.value, ctx, li, emit, dependsOn, related };
  for (const cat of allEntries(pluginsValue)) {
    // A key given twice: the last one counts (as PyYAML reads it).
    if (!categories.selections.has(cat.key) || getEntry(pluginsValue, cat.key)?.entry !== cat) continue;
    const catSpan = getEntry(pluginsValue, cat.key)?.via ?? cat.keySpan;
    const sel = checkSelection(host, cat, catSpan);
    if (sel) selections.push(sel);
  }
  return { info, diagnostics, dependsOn: [...dependsOn] };

  function reportUnknownCategory(key: string, span: Span): void {
    const near = closest(key, categories.all);
    const entry = allEntries(pluginsValue).find((e) => e.key === key);
    const fixable = !!entry && sameSpan(entry.keySpan, span);
    emit.add(
      'unknown-category',
      span,
      `unknown plugin category "${key}"${near.length ? ` (did you mean "${near[0]}"?)` : `; floe's manifest has these categories: ${categories.all.join(', ')}`}`,
      {
        fixes: fixable
          ? near.map((n) => ({ title: `Change to "${n}"`, file, range: li.range(span.start, span.end), newText: quoteLike(text, span, parsed.json, n) }))
          : [],
      },
    );
  }
}

/** The deepest key of a dotted model path present in the document. */
function openSpan(root: TNode, dotted: string): Span | undefined {
  let cur: TNode | undefined = root;
  let best: MapEntry | undefined;
  for (const part of dotted.split('.')) {
    const hit = getEntry(cur, part);
    if (!hit) break;
    best = hit.entry;
    cur = hit.entry.value;
  }
  return best?.keySpan;
}
