// Validates a manifest's position tree the way Pydantic validates the manifest model: objects and
// lists are walked here (required and unknown keys, aliases, extra handling, discriminated
// unions, rewriting `before` validators), everything else is checked by ajv on the node's value;
// a model's validators run once its own fields are valid, as Pydantic runs them. Results of nodes
// whose content cannot depend on the rest of the document (no aliases, no merge keys) are kept
// per node, so re-validating after an edit costs what the edit touched.
import type { ModelMeta, ValidatorCheck } from '../python/pydanticValidators';
import type { Segment } from './ajvErrors';
import { describeValue, pathString, toConfigErrors } from './ajvErrors';
import { compileSchema } from './configValidation';
import { closest, editDistance } from '../pluginTypes';
import { EXTRA_FIELD, isDict, PyFloat, PyModel, runIr, Unknown, type PyValue, type RunResult } from './pyEval';
import { allEntries, deref, type MapEntry, type TNode } from './tree';
import { buildValue } from './value';

type Schema = Record<string, unknown>;

export type ModelSource = 'floe-core' | 'python' | 'builtin';

/** The manifest model: its JSON Schema (lax) and what each model adds (validators ...). */
export interface ManifestModel {
  schema: Schema;
  /** By `$defs` name; `#` is the root model. */
  models: Record<string, ModelMeta>;
  source: ModelSource;
  /** The root model's file (floe-core's schemas/manifest.py) when read from source. */
  file?: string;
  /** Files whose change changes the model. */
  files: string[];
  /** Parts the translation left open (any value accepted). */
  open: Array<{ path: string; reason: string }>;
}

/** A problem found, located relative to the validated node. */
export interface ModelIssue {
  severity: 'error' | 'warning' | 'information';
  code: 'manifest-invalid' | 'manifest-warning' | 'manifest-not-checked';
  /** Where to report: the node at `segs` (value), the key of its last segment, or the key of the node at `segs`. */
  segs: Segment[];
  at: 'value' | 'key' | 'parent';
  /** The message is `<label>: body`; null: the body alone. */
  labelSegs: Segment[] | null;
  body: string;
  /** Where Pydantic locates it. */
  loc: Segment[];
  keyword: string;
  /** For not-checked notes: one per validator per manifest (the body names the validator). */
  noteKey?: string;
}

/** What validators read a model through. */
interface FieldView extends PyModel {
  /** The key a field is given under (its alias when it has one and the alias is used). */
  keyOf(name: string): string;
  has(name: string): boolean;
  extraKeys(): string[];
}

interface NodeResult {
  issues: ModelIssue[];
  ok: boolean;
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  '$comment',
  'readOnly',
  'writeOnly',
  '$defs',
  'definitions',
  '$schema',
  '$id',
]);
const OBJECT_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties', ...ANNOTATIONS]);
const ARRAY_KEYS = new Set(['type', 'items', 'minItems', 'maxItems', ...ANNOTATIONS]);

function isObj(x: unknown): x is Schema {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function prefixed(r: NodeResult, pre: Segment): ModelIssue[] {
  return r.issues.map((i) => ({ ...i, segs: [pre, ...i.segs], labelSegs: i.labelSegs && [pre, ...i.labelSegs], loc: [pre, ...i.loc] }));
}

/** Per-model caches (kept on the model object, which the workspace keeps). */
interface Caches {
  /** The last result of a clean node (with the schema it was checked against). */
  nodes: WeakMap<TNode, { schema: Schema; result: NodeResult }>;
  clean: WeakMap<TNode, boolean>;
  /** Runs of list items checked together, by their first item (long lists re-checked after an edit). */
  blocks: WeakMap<TNode, { schema: Schema; items: TNode[]; bad: Array<[number, NodeResult]>; ok: boolean }>;
  leaves: WeakMap<Schema, Schema>;
  refs: WeakMap<Schema, Map<string, Schema>>;
}
const CACHES = new WeakMap<ManifestModel, Caches>();

function caches(m: ManifestModel): Caches {
  let c = CACHES.get(m);
  if (!c) CACHES.set(m, (c = { nodes: new WeakMap(), clean: new WeakMap(), blocks: new WeakMap(), leaves: new WeakMap(), refs: new WeakMap() }));
  return c;
}

/** No aliases or merge keys anywhere inside: the node's value is its own text. */
function isClean(c: Caches, n: TNode | undefined): boolean {
  if (!n) return true;
  const hit = c.clean.get(n);
  if (hit !== undefined) return hit;
  let v: boolean;
  if (n.kind === 'alias') v = false;
  else if (n.kind === 'scalar') v = true;
  else if (n.kind === 'seq') v = n.items.every((x) => isClean(c, x));
  else v = !n.merges.length && n.entries.every((e) => isClean(c, e.value));
  c.clean.set(n, v);
  return v;
}

function valueOf(n: TNode | undefined): unknown {
  return n ? buildValue(n) : null;
}

function isNull(n: TNode | undefined): boolean {
  const d = deref(n);
  return !d || (d.kind === 'scalar' && (d.value === null || d.value === undefined));
}

/** Entries as the value sees them: own entries (the last of a duplicated key), then merged ones. */
function entriesOf(n: TNode): MapEntry[] {
  const all = allEntries(n);
  const last = new Map<string, MapEntry>();
  for (const e of all) {
    const k = e.jsKey ?? e.key;
    if (!last.has(k) || (n.kind === 'map' && n.entries.includes(e))) last.set(k, e);
  }
  return all.filter((e) => last.get(e.jsKey ?? e.key) === e);
}

/** An Optional field's wrong-type message names null too. */
function orNull(r: NodeResult): NodeResult {
  if (!r.issues.some((i) => i.keyword === 'type' && !i.segs.length)) return r;
  return {
    ...r,
    issues: r.issues.map((i) =>
      i.keyword === 'type' && !i.segs.length && !/ or null \(got /.test(i.body) ? { ...i, body: i.body.replace(/ \(got /, ' or null (got ') } : i,
    ),
  };
}

const BLOCK = 64;

/** How many nodes were validated (not taken from the cache): for tests and the bench. */
export const modelStats = { checks: 0 };

export class ModelValidator {
  private readonly c: Caches;
  private readonly defs: Record<string, Schema>;

  constructor(private readonly model: ManifestModel) {
    this.c = caches(model);
    this.defs = (isObj(model.schema.$defs) ? model.schema.$defs : {}) as Record<string, Schema>;
  }

  /** Every issue of the document at `root`, located from the root. */
  validate(root: TNode | undefined): ModelIssue[] {
    const r = this.check(root, this.model.schema, true);
    // Not-checked notes: the first place of each.
    const seen = new Set<string>();
    return r.issues.filter((i) => !i.noteKey || (!seen.has(i.noteKey) && !!seen.add(i.noteKey)));
  }

  private resolve(s: Schema): { s: Schema; def?: string } {
    let cur = s;
    let def: string | undefined;
    for (let i = 0; i < 32; i++) {
      if (typeof cur.$ref === 'string' && cur.$ref.startsWith('#/$defs/')) {
        const name = decodeURIComponent(cur.$ref.slice('#/$defs/'.length));
        const target = this.defs[name];
        if (!isObj(target)) return { s: cur, def };
        def = name;
        cur = target;
        continue;
      }
      if (Array.isArray(cur.allOf) && cur.allOf.length === 1 && isObj(cur.allOf[0]) && Object.keys(cur).every((k) => k === 'allOf' || ANNOTATIONS.has(k))) {
        cur = cur.allOf[0];
        continue;
      }
      break;
    }
    return { s: cur, def };
  }

  private check(node: TNode | undefined, schemaIn: Schema, isRoot = false): NodeResult {
    if (node === undefined) return this.checkUncached(node, schemaIn, isRoot);
    // Only clean nodes are cached, and a clean node stays clean: a hit needs no other test.
    const hit = this.c.nodes.get(node);
    if (hit && hit.schema === schemaIn) return hit.result;
    const result = this.checkUncached(node, schemaIn, isRoot);
    if (isClean(this.c, node)) this.c.nodes.set(node, { schema: schemaIn, result });
    return result;
  }

  private checkUncached(node: TNode | undefined, schemaIn: Schema, isRoot: boolean): NodeResult {
    modelStats.checks++;
    const { s, def } = this.resolve(schemaIn);
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    if (!keys.length) return { issues: [], ok: true };
    const d = deref(node);
    const branches = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined) as Schema[] | undefined;
    if (branches && isObj(s.discriminator)) return this.discriminated(d, s, branches);
    if (branches && keys.length === 1) {
      const nonNull = branches.filter((b) => !(isObj(b) && b.type === 'null'));
      if (isNull(d)) {
        if (nonNull.length < branches.length) return { issues: [], ok: true };
      } else if (nonNull.length === 1 && isObj(nonNull[0])) return orNull(this.check(node, nonNull[0]));
    }
    const meta = def ? this.model.models[def] : isRoot ? this.model.models['#'] : undefined;
    if (
      keys.every((k) => OBJECT_KEYS.has(k)) &&
      (s.type === 'object' || (s.type === undefined && (isObj(s.properties) || s.additionalProperties !== undefined)))
    ) {
      return this.object(d, s, meta, isRoot);
    }
    if (s.type === 'array' && isObj(s.items) && keys.every((k) => ARRAY_KEYS.has(k))) return this.array(d, s);
    return this.leaf(node, s);
  }

  /** ajv on the node's value. */
  private leaf(node: TNode | undefined, s: Schema, value: unknown = valueOf(node)): NodeResult {
    let wrapped = this.c.leaves.get(s);
    if (!wrapped) {
      wrapped = JSON.stringify(s).includes('"$ref"') ? { ...s, $defs: this.defs } : s;
      this.c.leaves.set(s, wrapped);
    }
    const compiled = compileSchema(wrapped);
    if (!compiled.validate) return { issues: [], ok: true };
    const ok = compiled.validate(value) as boolean;
    if (ok) return { issues: [], ok: true };
    const issues: ModelIssue[] = toConfigErrors(compiled.validate.errors ?? [], value, 'manifest').map((e) => ({
      severity: 'error',
      code: 'manifest-invalid',
      segs: e.segments,
      at: e.at,
      labelSegs: e.labelSegs,
      body: e.body,
      loc: e.loc,
      keyword: e.keyword,
    }));
    return { issues, ok: false };
  }

  private typeIssue(d: TNode | undefined, what: string): NodeResult {
    const got = describeValue(d ? (d.kind === 'scalar' ? d.value : d.kind === 'seq' ? [] : {}) : null);
    return {
      issues: [
        { severity: 'error', code: 'manifest-invalid', segs: [], at: 'value', labelSegs: [], body: `expected ${what} (got ${got})`, loc: [], keyword: 'type' },
      ],
      ok: false,
    };
  }

  private discriminated(d: TNode | undefined, s: Schema, branches: Schema[]): NodeResult {
    const disc = s.discriminator as { propertyName?: string; mapping?: Record<string, string> };
    const prop = String(disc.propertyName ?? '');
    const mapping = disc.mapping ?? {};
    const tags = Object.keys(mapping);
    if (!d || d.kind !== 'map') return this.typeIssue(d, 'a mapping');
    const tagEntry = entriesOf(d).find((e) => (e.jsKey ?? e.key) === prop);
    const list = tags.map((t) => JSON.stringify(t)).join(', ');
    if (!tagEntry) {
      return {
        issues: [
          {
            severity: 'error',
            code: 'manifest-invalid',
            segs: [],
            at: 'parent',
            labelSegs: [],
            body: `missing required key ${JSON.stringify(prop)} (one of ${list})`,
            loc: [],
            keyword: 'discriminator',
          },
        ],
        ok: false,
      };
    }
    const tv = deref(tagEntry.value);
    const tag = tv && tv.kind === 'scalar' ? tv.value : undefined;
    if (typeof tag !== 'string' || !mapping[tag]) {
      const got = describeValue(tv ? (tv.kind === 'scalar' ? tv.value : tv.kind === 'seq' ? [] : {}) : null);
      return {
        issues: [
          {
            severity: 'error',
            code: 'manifest-invalid',
            segs: [prop],
            at: 'value',
            labelSegs: [prop],
            body: `must be one of ${list} (got ${got})`,
            loc: [],
            keyword: 'discriminator',
          },
        ],
        ok: false,
      };
    }
    void branches;
    let refs = this.c.refs.get(s);
    if (!refs) this.c.refs.set(s, (refs = new Map()));
    let ref = refs.get(tag);
    if (!ref) refs.set(tag, (ref = { $ref: mapping[tag] }));
    return this.check(d, ref);
  }

  private array(d: TNode | undefined, s: Schema): NodeResult {
    if (!d || d.kind !== 'seq') return this.typeIssue(d, 'a list');
    const issues: ModelIssue[] = [];
    const n = d.items.length;
    if (typeof s.minItems === 'number' && n < s.minItems) issues.push(this.own(`must have at least ${s.minItems} items`, 'minItems'));
    if (typeof s.maxItems === 'number' && n > s.maxItems) issues.push(this.own(`must have at most ${s.maxItems} items`, 'maxItems'));
    let ok = !issues.length;
    const items = s.items as Schema;
    const list = d.items;
    let allClean = true;
    // In blocks: after an edit, a block whose items are the same nodes is taken whole.
    for (let b = 0; b < list.length; b += BLOCK) {
      const end = Math.min(b + BLOCK, list.length);
      const hit = this.c.blocks.get(list[b]);
      let block = hit && hit.schema === items && hit.items.length === end - b && hit.items.every((x, j) => x === list[b + j]) ? hit : undefined;
      if (!block) {
        const bad: Array<[number, NodeResult]> = [];
        let blockOk = true,
          clean = true;
        for (let i = b; i < end; i++) {
          const r = this.check(list[i], items);
          if (!r.ok) blockOk = false;
          if (r.issues.length) bad.push([i - b, r]);
          if (clean && !isClean(this.c, list[i])) clean = false;
        }
        block = { schema: items, items: list.slice(b, end), bad, ok: blockOk };
        if (clean) this.c.blocks.set(list[b], block);
        else allClean = false;
      }
      if (!block.ok) ok = false;
      for (const [j, r] of block.bad) issues.push(...prefixed(r, b + j));
    }
    // Known now without visiting the items again (cached blocks hold clean items only).
    if (!this.c.clean.has(d)) this.c.clean.set(d, allClean);
    return { issues, ok };
  }

  private own(body: string, keyword: string): ModelIssue {
    return { severity: 'error', code: 'manifest-invalid', segs: [], at: 'value', labelSegs: [], body, loc: [], keyword };
  }

  private object(d: TNode | undefined, sIn: Schema, meta: ModelMeta | undefined, isRoot: boolean): NodeResult {
    if (!d || d.kind !== 'map') return this.typeIssue(d, 'a mapping');
    let s = sIn;
    const issues: ModelIssue[] = [];
    if (meta?.before) {
      const b = meta.before;
      if (!b.check.ir || !b.full) return { issues: [this.note(b.check, [], 'parent')], ok: true };
      const input = valueOf(d);
      const r = runIr(b.check.ir, { data: input as PyValue });
      if (r.kind === 'raise') return { issues: [this.raised(b.check, r.message, [], 'parent', null)], ok: false };
      if (r.kind !== 'ok') return { issues: [this.note(b.check, [], 'parent')], ok: true };
      if (r.returned !== undefined && r.returned !== input) return this.rewritten(meta, b.full, r.returned, provOf(b.check));
      s = b.full;
    }
    const props = (isObj(s.properties) ? s.properties : {}) as Record<string, Schema>;
    const addl = s.additionalProperties;
    const entries = entriesOf(d);
    const present = new Set(entries.map((e) => e.jsKey ?? e.key));
    const aliases = meta?.aliases ?? {};
    const byName = meta?.populateByName ? aliases : {};
    const aliasOf = new Map(Object.entries(byName).map(([name, alias]) => [alias, name]));
    const required = new Set([...(Array.isArray(s.required) ? (s.required as string[]) : []), ...(meta?.twinRequired ?? [])]);
    for (const r of [...Object.keys(props), ...required]) {
      if (!required.delete(r) || present.has(r) || (aliasOf.has(r) && present.has(aliasOf.get(r)!))) continue;
      issues.push(this.missing(r));
    }
    if (typeof s.minProperties === 'number' && present.size < s.minProperties)
      issues.push(this.own(`must have at least ${s.minProperties} keys`, 'minProperties'));
    if (typeof s.maxProperties === 'number' && present.size > s.maxProperties)
      issues.push(this.own(`must have at most ${s.maxProperties} keys`, 'maxProperties'));
    let ok = !issues.length;
    const extras: MapEntry[] = [];
    const fieldOk = new Map<string, boolean>();
    for (const e of entries) {
      const key = e.jsKey ?? e.key;
      let ps: Schema | undefined = props[key];
      // Given by both names: the alias wins and the field name is an extra key.
      if (ps && byName[key] !== undefined && present.has(byName[key])) ps = undefined;
      if (isObj(s.propertyNames)) {
        const kr = this.leaf(undefined, s.propertyNames as Schema, key);
        if (!kr.ok) {
          ok = false;
          issues.push({
            severity: 'error',
            code: 'manifest-invalid',
            segs: [key],
            at: 'key',
            labelSegs: [],
            body: `key ${JSON.stringify(key)}: ${kr.issues[0]?.body ?? 'not allowed'}`,
            loc: [key],
            keyword: 'propertyNames',
          });
        }
      }
      if (!ps) {
        if (addl === false) {
          ok = false;
          issues.push(this.unknownKey(key, Object.keys(props)));
          continue;
        }
        if (isObj(addl)) ps = addl;
        else {
          extras.push(e);
          continue;
        }
      }
      const r = this.check(e.value, ps);
      fieldOk.set(key, r.ok);
      if (!r.ok) ok = false;
      if (r.issues.length) issues.push(...prefixed(r, key));
    }
    if (!meta) return { issues, ok };
    const view = new NodeModel(this, props, entries, extras, aliases, meta.extra === 'allow');
    const after = this.runChecks(meta, view, present, fieldOk, ok, isRoot);
    return { issues: [...issues, ...after.issues], ok: ok && after.ok };
  }

  /** A `before` validator rewrote the input: validate what it returned, placed back on the input's keys. */
  private rewritten(meta: ModelMeta, full: Schema, value: PyValue, prov: Record<string, string[]>): NodeResult {
    const r = this.leaf(undefined, full, value);
    const back = (segs: Segment[]): Segment[] | undefined => {
      for (let n = segs.length; n > 0; n--) {
        const src = prov[segs.slice(0, n).join('.')];
        if (src) return [...src, ...segs.slice(n)];
      }
      return undefined;
    };
    const issues = r.issues.map((i): ModelIssue => {
      const to = back(i.segs);
      if (!to) return { ...i, segs: [], at: 'parent', labelSegs: i.labelSegs };
      return { ...i, segs: to, labelSegs: i.labelSegs && (back(i.labelSegs) ?? i.labelSegs) };
    });
    if (!r.ok) return { issues, ok: false };
    const props = (isObj(full.properties) ? full.properties : {}) as Record<string, Schema>;
    const view = new ValueModel(this, props, isDict(value) ? value : {});
    const after = this.runChecks(meta, view, new Set(isDict(value) ? Object.keys(value) : []), new Map(), true, false);
    return { issues: [...issues, ...after.issues], ok: after.ok };
  }

  private missing(key: string): ModelIssue {
    return {
      severity: 'error',
      code: 'manifest-invalid',
      segs: [],
      at: 'parent',
      labelSegs: [],
      body: `missing required key ${JSON.stringify(key)}`,
      loc: [key],
      keyword: 'required',
    };
  }

  private unknownKey(key: string, known: string[]): ModelIssue {
    const near = closest(key, known, 1).filter((n) => {
      const dist = editDistance(key, n);
      return dist < key.length && dist <= Math.max(1, Math.ceil(key.length / 3));
    });
    const hint = near.length ? ` (did you mean ${JSON.stringify(near[0])}?)` : '';
    return {
      severity: 'error',
      code: 'manifest-invalid',
      segs: [key],
      at: 'key',
      labelSegs: [],
      body: `unknown key ${JSON.stringify(key)}${hint}`,
      loc: [key],
      keyword: 'additionalProperties',
    };
  }

  private note(check: ValidatorCheck, segs: Segment[], at: ModelIssue['at'], part?: number): ModelIssue {
    return {
      severity: 'information',
      code: 'manifest-not-checked',
      segs,
      at,
      labelSegs: segs.length ? [...segs] : [],
      body: `validator \`${check.name}\` in ${fileLine(check, part)}`,
      loc: segs,
      keyword: 'validator',
      noteKey: `${check.file}#${check.className}.${check.name}`,
    };
  }

  private raised(check: ValidatorCheck, message: string, segs: Segment[], at: ModelIssue['at'], labelSegs: Segment[] | null): ModelIssue {
    return {
      severity: 'error',
      code: 'manifest-invalid',
      segs,
      at,
      labelSegs,
      body: message || `rejected by the validator \`${check.name}\``,
      loc: [],
      keyword: 'validator',
    };
  }

  /** Field validators (fields given and valid), then model validators (everything valid). */
  private runChecks(meta: ModelMeta, view: FieldView, present: Set<string>, fieldOk: Map<string, boolean>, ok: boolean, isRoot: boolean): NodeResult {
    const issues: ModelIssue[] = [];
    let allOk = ok;
    for (const u of meta.unchecked) {
      if (!u.fields) {
        issues.push(this.note(u, [], 'parent'));
        continue;
      }
      const names = u.fields.includes('*') ? [...present] : u.fields.map((f) => view.keyOf(f)).filter((k) => present.has(k));
      for (const k of names) issues.push(this.note(u, [k], 'key'));
    }
    for (const fc of meta.fieldChecks) {
      const names = fc.fields.includes('*') ? [...present].filter((k) => view.has(k)) : fc.fields;
      for (const name of names) {
        if (!view.has(name)) continue;
        const key = view.keyOf(name);
        if (!present.has(key) || fieldOk.get(key) === false) continue;
        if (!fc.check.ir) {
          issues.push(this.note(fc.check, [key], 'key'));
          continue;
        }
        const r = runIr(fc.check.ir, { value: view.attr(name) });
        if (r.kind === 'raise') {
          allOk = false;
          issues.push({ ...this.raised(fc.check, r.message, [key], 'value', [key]), loc: [key] });
        } else if (r.kind === 'stopped' || r.kind === 'unknown') issues.push(this.note(fc.check, [key], 'key', r.kind === 'stopped' ? r.line : undefined));
        if (r.kind === 'ok' || r.kind === 'raise' || r.kind === 'stopped') for (const w of r.warnings) issues.push(this.warned(w.message, [key], 'key'));
      }
    }
    if (!allOk) return { issues, ok: false };
    for (const mc of meta.modelChecks) {
      if (!mc.ir) {
        issues.push(this.note(mc, [], 'parent'));
        continue;
      }
      const r: RunResult = runIr(mc.ir, { self: view });
      if (r.kind === 'unknown' || r.kind === 'stopped') {
        issues.push(this.note(mc, [], 'parent', r.kind === 'stopped' ? r.line : undefined));
        continue;
      }
      for (const w of r.warnings) for (const p of this.places(w, view, present)) issues.push(this.warned(w.message, p.segs, p.at, isRoot ? null : []));
      if (r.kind === 'raise') {
        for (const p of this.places(r, view, present)) issues.push(this.raised(mc, r.message, p.segs, p.at, isRoot ? null : []));
        return { issues, ok: false };
      }
    }
    return { issues, ok: allOk };
  }

  private warned(message: string, segs: Segment[], at: ModelIssue['at'], labelSegs: Segment[] | null = null): ModelIssue {
    return { severity: 'warning', code: 'manifest-warning', segs, at, labelSegs, body: message, loc: segs, keyword: 'warning' };
  }

  /**
   * Where a model validator's message goes: the extra keys it names when it read `model_extra`;
   * else the key of a field it read that the message names first and the manifest has; else the
   * first given field the `if` tests leading to it read; else the model's own key.
   */
  private places(
    said: { message: string; fields: string[]; reads: string[] },
    view: FieldView,
    present: Set<string>,
  ): Array<{ segs: Segment[]; at: ModelIssue['at'] }> {
    const { message, fields, reads } = said;
    const words = (name: string) => new RegExp(`(^|[^\\w])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).exec(message)?.index ?? Infinity;
    if (reads.includes(EXTRA_FIELD)) {
      const extra = view.extraKeys();
      const named = extra.filter((k) => words(k) !== Infinity);
      if (named.length) return named.map((k) => ({ segs: [k], at: 'key' as const }));
      if (extra.length) return [{ segs: [extra[0]], at: 'key' }];
    }
    const given = (names: string[]) =>
      names
        .filter((f) => f !== EXTRA_FIELD)
        .map((f) => view.keyOf(f))
        .filter((k) => present.has(k));
    const named = given(reads)
      .filter((k) => words(k) !== Infinity)
      .sort((a, b) => words(a) - words(b));
    const key = named[0] ?? given(fields)[0];
    return key !== undefined ? [{ segs: [key], at: 'key' }] : [{ segs: [], at: 'parent' }];
  }

  /** A field's value as the validator sees it (lax conversions; nested models as models). */
  pyValue(raw: unknown, schema: Schema | undefined, depth = 0): PyValue {
    if (raw === undefined) throw new Unknown('a default value not known statically');
    if (!schema || depth > 16) return raw as PyValue;
    const { s } = this.resolve(schema);
    if (raw === null) return null;
    const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (Array.isArray(union)) {
      const nonNull = union.filter((b) => !(isObj(b) && b.type === 'null'));
      if (nonNull.length === 1) return this.pyValue(raw, nonNull[0], depth + 1);
      return raw as PyValue;
    }
    const t = Array.isArray(s.type) ? s.type[0] : s.type;
    if (t === 'integer' && s.enum === undefined) {
      if (typeof raw === 'boolean') return raw ? 1 : 0;
      if (typeof raw === 'string') return Number(raw.replace(/_/g, '').trim());
      return raw as PyValue;
    }
    if (t === 'number' && s.enum === undefined) {
      if (typeof raw === 'number') return new PyFloat(raw);
      if (typeof raw === 'boolean') return new PyFloat(raw ? 1 : 0);
      if (typeof raw === 'string') {
        const x = raw.trim().replace(/_/g, '').toLowerCase();
        return new PyFloat(/^[+-]?inf(inity)?$/.test(x) ? (x.startsWith('-') ? -Infinity : Infinity) : x.endsWith('nan') ? NaN : Number(x));
      }
      return raw as PyValue;
    }
    if (t === 'boolean') {
      if (typeof raw === 'string') return /^(true|yes|on|t|y|1)$/i.test(raw);
      if (typeof raw === 'number') return raw !== 0;
      return raw as PyValue;
    }
    if (t === 'array' && Array.isArray(raw) && isObj(s.items)) return raw.map((x) => this.pyValue(x, s.items as Schema, depth + 1));
    if ((t === 'object' || t === undefined) && isDict(raw)) {
      if (isObj(s.properties)) return new ValueModel(this, s.properties as Record<string, Schema>, raw as Record<string, unknown>);
      if (isObj(s.additionalProperties))
        return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, this.pyValue(v, s.additionalProperties as Schema, depth + 1)]));
    }
    return raw as PyValue;
  }
}

function provOf(check: ValidatorCheck): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (body: NonNullable<ValidatorCheck['ir']>['body']) => {
    for (const st of body) {
      if (st.k === 'return' && st.prov) Object.assign(out, st.prov);
      else if (st.k === 'if') {
        walk(st.body);
        walk(st.orelse);
      } else if (st.k === 'for') walk(st.body);
    }
  };
  if (check.ir) walk(check.ir.body);
  return out;
}

function fileLine(check: ValidatorCheck, part?: number): string {
  const parts = check.file.split(/[\\/]/);
  const i = parts.lastIndexOf('floe_core');
  const rel = i >= 0 ? parts.slice(i).join('/') : parts.slice(-2).join('/');
  return part !== undefined ? `${rel}:${check.line + 1}, from line ${part + 1} on` : `${rel}:${check.line + 1}`;
}

/** A model instance over the position tree: field values built on first read. */
class NodeModel extends PyModel implements FieldView {
  private readonly cache = new Map<string, PyValue>();
  constructor(
    private readonly v: ModelValidator,
    private readonly props: Record<string, Schema>,
    private readonly entries: MapEntry[],
    private readonly extras: MapEntry[],
    private readonly aliases: Record<string, string>,
    private readonly allowExtra: boolean,
  ) {
    super();
  }

  keyOf(name: string): string {
    const alias = this.aliases[name];
    if (alias && this.entries.some((e) => (e.jsKey ?? e.key) === alias)) return alias;
    if (alias && !this.entries.some((e) => (e.jsKey ?? e.key) === name)) return alias;
    return name;
  }

  has(name: string): boolean {
    return this.props[this.keyOf(name)] !== undefined || this.props[name] !== undefined;
  }

  raw(name: string): unknown {
    const key = this.keyOf(name);
    const e = this.entries.find((x) => (x.jsKey ?? x.key) === key);
    if (e) return valueOf(e.value);
    const ps = this.props[key] ?? this.props[name];
    return ps && 'default' in ps ? structuredClone(ps.default) : undefined;
  }

  attr(name: string): PyValue {
    if (this.cache.has(name)) return this.cache.get(name)!;
    const key = this.keyOf(name);
    const v = this.v.pyValue(this.raw(name), this.props[key] ?? this.props[name]);
    this.cache.set(name, v);
    return v;
  }

  extraKeys(): string[] {
    return this.extras.map((e) => e.jsKey ?? e.key);
  }

  extra(): Record<string, PyValue> {
    if (!this.allowExtra) return {};
    return Object.fromEntries(this.extras.map((e) => [e.jsKey ?? e.key, valueOf(e.value) as PyValue]));
  }
}

/** A model instance over a plain value (a rewritten input, a nested model's value). */
class ValueModel extends PyModel implements FieldView {
  constructor(
    private readonly v: ModelValidator,
    private readonly props: Record<string, Schema>,
    private readonly value: Record<string, unknown>,
  ) {
    super();
  }
  keyOf(name: string): string {
    return name;
  }
  has(name: string): boolean {
    return this.props[name] !== undefined;
  }
  raw(name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.value, name)) return this.value[name];
    const ps = this.props[name];
    return ps && 'default' in ps ? structuredClone(ps.default) : undefined;
  }
  attr(name: string): PyValue {
    return this.v.pyValue(this.raw(name), this.props[name]);
  }
  extra(): Record<string, PyValue> {
    return {};
  }
  extraKeys(): string[] {
    return [];
  }
}

export { pathString };
