// Pydantic model / field / type-annotation translation to JSON Schema (see pydanticSchema.ts).
import type { ClassFacts, ModuleFacts } from './moduleFacts';
import { MroBuilder, type MroEntry } from './mro';
import { pyLiteral, type LiteralResult } from './pyLiteral';
import type { SymbolResolver } from './symbols';
import { child, children, nodeText, stringValue, unparen, type SyntaxNode } from './syntax';
import { applyConstraints, builtinSchema, type ConstraintHost, type Schema } from './pydanticBuiltins';
import { declaredValidators, modelMeta, type ModelMeta } from './pydanticValidators';
import { callArgs } from './callArgs';

export type { Schema };
export { jsPattern } from './pydanticBuiltins';

interface ModelConfig {
  extra?: string;
  strict?: boolean;
  populateByName?: boolean;
  strTransform?: boolean;
  coerceNumbersToStr?: boolean;
  aliasGenerator?: boolean;
  title?: string;
}

interface Args {
  positional: SyntaxNode[];
  kw: Map<string, SyntaxNode>;
}

const MODEL_BASES = ['BaseModel', 'BaseSettings', 'RootModel', 'GenericModel'];
const ENUM_BASES = ['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag'];
const KNOWN = new Set([...MODEL_BASES, ...ENUM_BASES, 'TypedDict']);

const LIST_TYPES = new Set(['list', 'List', 'Sequence', 'MutableSequence', 'Iterable', 'Collection', 'Deque', 'deque']);
const SET_TYPES = new Set(['set', 'Set', 'frozenset', 'FrozenSet', 'AbstractSet', 'MutableSet']);
const DICT_TYPES = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'OrderedDict', 'DefaultDict', 'defaultdict']);
const PASS_THROUGH = new Set(['Final', 'Required', 'NotRequired', 'ReadOnly']);

function titleCase(name: string): string {
  // Python's str.title() then '_' -> ' ' (what Pydantic does for field titles).
  let out = '';
  let prevLetter = false;
  for (const ch of name) {
    const isLetter = ch.toLowerCase() !== ch.toUpperCase();
    out += isLetter ? (prevLetter ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevLetter = isLetter;
  }
  return out.replace(/_/g, ' ');
}

function cleandoc(doc: string): string {
  const lines = doc.replace(/\t/g, '        ').split('\n');
  let indent = Infinity;
  for (const l of lines.slice(1)) if (l.trim()) indent = Math.min(indent, l.length - l.trimStart().length);
  const out = [lines[0].trim(), ...lines.slice(1).map((l) => (indent === Infinity ? l : l.slice(indent)).trimEnd())];
  while (out.length && !out[0]) out.shift();
  while (out.length && !out[out.length - 1]) out.pop();
  return out.join('\n');
}

function lastName(text: string): string {
  return text.split('.').pop() ?? text;
}

export class TypeTranslator implements ConstraintHost {
  readonly defs: Record<string, Schema> = {};
  readonly open: Array<{ path: string; reason: string }> = [];
  /** Subschemas validated strictly by Pydantic (not widened to lax mode). */
  readonly strict = new WeakSet<object>();
  /** What each model adds to its schema (validators, extra, aliases), by `$defs` name; `#` is the root. */
  readonly models: Record<string, ModelMeta> = {};
  private readonly defNames = new Map<string, string>();
  private depth = 0;

  constructor(private readonly resolver: SymbolResolver) {}

  private note(path: string, reason: string): Schema {
    this.open.push({ path: path || '(model)', reason });
    return {};
  }

  private args(mod: ModuleFacts, call: SyntaxNode): Args {
    return callArgs(mod, call);
  }

  private lit(mod: ModuleFacts, n: SyntaxNode): LiteralResult {
    return pyLiteral({ module: mod, resolver: this.resolver, enumMember: (m) => this.enumMemberValue(mod, m) }, n);
  }

  private enumMemberValue(mod: ModuleFacts, n: SyntaxNode): LiteralResult | undefined {
    const obj = n.firstChild;
    const prop = child(n, 'PropertyName');
    if (!obj || !prop || child(n, '[')) return undefined;
    const r = this.resolver.resolveExpr(mod, obj);
    if (r.kind !== 'class') return undefined;
    const m = r.cls.members.get(nodeText(mod.parsed, prop));
    if (!m?.value) return undefined;
    return pyLiteral({ module: r.module, resolver: this.resolver }, m.value);
  }

  private mro(cls: ClassFacts, mod: ModuleFacts): MroEntry[] {
    return new MroBuilder(this.resolver, KNOWN, undefined).mro(cls, mod);
  }

  // --- models -------------------------------------------------------------------------------

  /** A model class as an object schema (the root model, or a $defs entry). */
  modelSchema(cls: ClassFacts, mod: ModuleFacts, path: string, key = '#'): Schema {
    const mro = this.mro(cls, mod);
    const names = mro.map((e) => e.name);
    if (names.includes('RootModel')) return this.note(path, `'${cls.name}' is a RootModel (not translated)`);
    const isModel = names.includes('BaseModel') || names.includes('BaseSettings');
    const unknown = mro.filter((e): e is Extract<MroEntry, { kind: 'unknown' }> => e.kind === 'unknown');
    if (!isModel && !unknown.length) return this.note(path, `'${cls.name}' is not a Pydantic model`);
    const settings = names.includes('BaseSettings');
    const classes = mro.filter((e): e is Extract<MroEntry, { kind: 'class' }> => e.kind === 'class').reverse();

    const cfg: ModelConfig = settings ? { extra: 'forbid' } : {};
    let cfgUnknown: string | undefined;
    let modelBefore = false;
    const beforeFields = new Set<string>();
    const fields = new Map<string, { ann: SyntaxNode; value?: SyntaxNode; mod: ModuleFacts }>();
    for (const e of classes) {
      const why = this.readConfig(e.cls, e.module, cfg);
      if (why) cfgUnknown = why;
      for (const v of declaredValidators(e.cls, e.module)) {
        if (v.kind === 'field' && v.mode !== 'after') for (const f of v.fields) beforeFields.add(f);
        if (v.kind === 'model' && v.mode !== 'after') modelBefore = true;
      }
      for (const a of e.cls.annotations) {
        if (a.name.startsWith('_') || a.name === 'model_config') continue;
        const annText = nodeText(e.module.parsed, a.annotation);
        if (/^(typing\.)?ClassVar\b/.test(annText)) continue;
        fields.set(a.name, { ann: a.annotation, value: a.value, mod: e.module });
      }
    }

    const schema: Schema = { type: 'object', title: cfg.title ?? cls.name };
    if (cls.docstring) schema.description = cleandoc(cls.docstring);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let namesUncertain = !!cfg.aliasGenerator;
    if (cfg.aliasGenerator) this.note(path, `'${cls.name}' uses an alias_generator: field names not checked`);
    const aliases: Record<string, string> = {};
    const twinRequired: string[] = [];
    const enumFields = new Set<string>();
    for (const [name, f] of fields) {
      const fpath = path ? `${path}.${name}` : name;
      const r = this.field(name, f.ann, f.value, f.mod, fpath, cfg, beforeFields.has(name) || beforeFields.has('*'));
      if (r.uncertainName) namesUncertain = true;
      properties[r.prop] = r.schema;
      if (this.isEnumSchema(r.schema)) enumFields.add(name);
      if (r.prop !== name) aliases[name] = r.prop;
      if (cfg.populateByName && r.prop !== name) properties[name] = r.schema;
      if (r.required && !settings && !(cfg.populateByName && r.prop !== name)) required.push(r.prop);
      else if (r.required && !settings) twinRequired.push(r.prop);
    }
    const m = modelMeta(this.resolver, {
      cls,
      mod,
      classes: classes.map((e) => ({ cls: e.cls, module: e.module })),
      fields: new Set(fields.keys()),
      enumFields,
      extra: cfg.extra,
      aliases,
      populateByName: cfg.populateByName,
      twinRequired,
    });
    this.models[key] = m.meta;
    schema.properties = properties;
    if (required.length) schema.required = required;
    for (const u of unknown) this.note(path, `base class '${u.name}' could not be resolved (${u.reason}): its fields are not checked`);
    if (cfgUnknown) this.note(path, `model_config of '${cls.name}' not read statically (${cfgUnknown}): extra keys not checked`);
    if (!unknown.length && !namesUncertain && !cfgUnknown) {
      if (cfg.extra === 'forbid') schema.additionalProperties = false;
      else if (cfg.extra === 'allow') schema.additionalProperties = true;
    }
    if (modelBefore) {
      this.note(path, `'${cls.name}' has a model validator that runs before validation: only names, descriptions and defaults are given`);
      if (m.meta.before?.check.ir) m.meta.before.full = schema;
      return stripValidation(schema);
    }
    return schema;
  }

  /**
   * `Field(discriminator="type")` on a union of models: `oneOf` plus the `discriminator` keyword
   * with each tag (the branch's Literal value) mapped to its model, as Pydantic prints it.
   */
  private discriminated(mod: ModuleFacts, s: Schema, kw: Map<string, SyntaxNode>, path: string): Schema {
    const d = kw.get('discriminator');
    if (!d) return s;
    const prop = stringValue(mod.parsed, d);
    const branches = Array.isArray(s.anyOf) ? (s.anyOf as Schema[]) : undefined;
    if (prop === undefined || !branches || !branches.every((b) => typeof b.$ref === 'string')) {
      this.note(path, `discriminated union \`${nodeText(mod.parsed, d).slice(0, 30)}\` not translated: checked as a plain union`);
      return s;
    }
    const mapping: Record<string, string> = {};
    for (const b of branches) {
      const def = this.defs[(b.$ref as string).slice('#/$defs/'.length)];
      const tag = (def?.properties as Record<string, Schema> | undefined)?.[prop];
      const values = tag && 'const' in tag ? [tag.const] : Array.isArray(tag?.enum) ? (tag!.enum as unknown[]) : undefined;
      if (!values || values.some((v) => typeof v !== 'string')) {
        this.note(path, `discriminated union on '${prop}' not translated: a branch has no Literal '${prop}'`);
        return s;
      }
      for (const v of values) mapping[v as string] = b.$ref as string;
    }
    const { anyOf: _u, ...rest } = s;
    return { ...rest, oneOf: branches, discriminator: { propertyName: prop, mapping } };
  }

  /** Does a field schema hold an Enum member (`$ref` to an enum, possibly Optional)? */
  private isEnumSchema(s: Schema): boolean {
    const refs: Schema[] = [s, ...(Array.isArray(s.anyOf) ? (s.anyOf as Schema[]) : []), ...(Array.isArray(s.allOf) ? (s.allOf as Schema[]) : [])];
    return refs.some((r) => typeof r.$ref === 'string' && Array.isArray(this.defs[(r.$ref as string).slice('#/$defs/'.length)]?.enum));
  }

  /** Merge a class's `model_config` / `class Config` into cfg; returns why when unreadable. */
  private readConfig(cls: ClassFacts, mod: ModuleFacts, cfg: ModelConfig): string | undefined {
    const p = mod.parsed;
    const set = (key: string, v: LiteralResult, node: SyntaxNode) => {
      let value = v.ok ? v.value : undefined;
      if (!v.ok && key === 'extra' && node.name === 'MemberExpression') value = lastName(nodeText(p, node)); // Extra.forbid
      switch (key) {
        case 'extra':
          if (typeof value === 'string') cfg.extra = value;
          else return `extra=${nodeText(p, node)}`;
          break;
        case 'strict':
          cfg.strict = value === true;
          break;
        case 'populate_by_name':
        case 'allow_population_by_field_name':
        case 'validate_by_name':
          cfg.populateByName = value === true;
          break;
        case 'str_strip_whitespace':
        case 'str_to_lower':
        case 'str_to_upper':
        case 'anystr_strip_whitespace':
        case 'anystr_lower':
          if (value !== false) cfg.strTransform = true;
          break;
        case 'coerce_numbers_to_str':
          cfg.coerceNumbersToStr = value === true;
          break;
        case 'alias_generator':
          if (value !== null) cfg.aliasGenerator = true;
          break;
        case 'title':
          if (typeof value === 'string') cfg.title = value;
          break;
        default:
          break;
      }
      return undefined;
    };
    let why: string | undefined;
    const m = cls.members.get('model_config');
    if (m?.value) {
      const v = m.value;
      if (v.name === 'CallExpression' && lastName(nodeText(p, v.firstChild!)) === 'ConfigDict') {
        const a = this.args(mod, v);
        if (a.positional.length) why = 'positional ConfigDict arguments';
        for (const [k, n] of a.kw) why = set(k, this.lit(mod, n), n) ?? why;
      } else if (v.name === 'DictionaryExpression') {
        const cs = children(v).filter((c) => !['{', '}', ','].includes(c.name));
        for (let i = 0; i + 2 < cs.length + 1; i += 3) {
          const k = cs[i] ? stringValue(p, cs[i]) : undefined;
          if (k === undefined || !cs[i + 2]) {
            why = 'not a literal dict';
            break;
          }
          why = set(k, this.lit(mod, cs[i + 2]), cs[i + 2]) ?? why;
        }
      } else why = `\`${nodeText(p, v).slice(0, 40)}\``;
    }
    const old = cls.nested.get('Config');
    if (old) {
      for (const mem of old.members.values()) if (mem.kind === 'attribute' && mem.value) why = set(mem.name, this.lit(mod, mem.value), mem.value) ?? why;
    }
    return why;
  }

  private field(
    name: string,
    ann: SyntaxNode,
    value: SyntaxNode | undefined,
    mod: ModuleFacts,
    path: string,
    cfg: ModelConfig,
    before: boolean,
  ): { prop: string; schema: Schema; required: boolean; uncertainName?: boolean } {
    const p = mod.parsed;
    const fieldCalls: SyntaxNode[] = [];
    let required = true;
    let dflt: LiteralResult | undefined;
    if (value) {
      if (value.name === 'CallExpression' && lastName(nodeText(p, value.firstChild!)) === 'Field') fieldCalls.push(value);
      else {
        required = false;
        dflt = this.lit(mod, value);
      }
    }
    // Field(...) in Annotated metadata counts too.
    const annField = this.annotatedFields(mod, ann);
    fieldCalls.push(...annField);
    const kw = new Map<string, SyntaxNode>();
    for (const call of fieldCalls) {
      const a = this.args(mod, call);
      if (call === value && a.positional[0]) {
        const first = a.positional[0];
        if (first.name !== 'Ellipsis') {
          required = false;
          dflt = this.lit(mod, first);
        }
      }
      for (const [k, n] of a.kw) kw.set(k, n);
    }
    if (kw.has('default')) {
      const n = kw.get('default')!;
      if (n.name !== 'Ellipsis') {
        required = false;
        dflt = this.lit(mod, n);
      }
    }
    let factoryDefault: unknown;
    if (kw.has('default_factory')) {
      required = false;
      const f = nodeText(p, kw.get('default_factory')!);
      factoryDefault = ({ list: [], dict: {}, set: [], tuple: [], str: '', int: 0, float: 0, bool: false } as Record<string, unknown>)[f];
    }
    const strict = cfg.strict || (kw.has('strict') && nodeText(p, kw.get('strict')!) === 'True');
    let schema = this.typeSchema(ann, mod, path, strict, 0);
    schema = this.discriminated(mod, applyConstraints(this, mod, schema, kw, path, cfg), kw, path);
    let prop = name;
    let uncertainName = false;
    for (const key of ['alias', 'validation_alias']) {
      const n = kw.get(key);
      if (!n) continue;
      const s = stringValue(p, n);
      if (s !== undefined) prop = s;
      else if (n.name !== 'None') {
        uncertainName = true;
        this.note(path, `${key} \`${nodeText(p, n).slice(0, 40)}\` not translated`);
      }
    }
    const out: Schema = isRef(schema) && (kw.has('description') || dflt?.ok || factoryDefault !== undefined) ? { allOf: [schema] } : schema;
    const title = kw.get('title') ? stringValue(p, kw.get('title')!) : undefined;
    out.title = title ?? (isRef(schema) ? undefined : titleCase(name));
    if (out.title === undefined) delete out.title;
    const desc = kw.get('description') ? stringValue(p, kw.get('description')!) : undefined;
    if (desc !== undefined) out.description = desc;
    if (dflt?.ok) out.default = dflt.value;
    else if (factoryDefault !== undefined) out.default = factoryDefault;
    const ex = kw.get('examples') ? this.lit(mod, kw.get('examples')!) : undefined;
    if (ex?.ok && Array.isArray(ex.value)) out.examples = ex.value;
    if (kw.get('deprecated') && nodeText(p, kw.get('deprecated')!) !== 'False' && nodeText(p, kw.get('deprecated')!) !== 'None') out.deprecated = true;
    if (before) {
      this.note(path, 'a validator runs before Pydantic validates this field: value not checked');
      return { prop, schema: stripValidation(out), required, uncertainName };
    }
    return { prop, schema: out, required, uncertainName };
  }

  private annotatedFields(mod: ModuleFacts, ann: SyntaxNode): SyntaxNode[] {
    const parts = this.subscript(mod, ann);
    if (!parts || parts.head !== 'Annotated') return [];
    return parts.args.slice(1).filter((a) => a.name === 'CallExpression' && lastName(nodeText(mod.parsed, a.firstChild!)) === 'Field');
  }

  private subscript(mod: ModuleFacts, n: SyntaxNode): { head: string; args: SyntaxNode[] } | undefined {
    n = unparen(n);
    if (n.name !== 'MemberExpression' || !child(n, '[')) return undefined;
    const obj = n.firstChild!;
    const args: SyntaxNode[] = [];
    let inside = false;
    for (const c of children(n)) {
      if (c.name === '[') {
        inside = true;
        continue;
      }
      if (c.name === ']') break;
      if (inside && c.name !== ',') args.push(c);
    }
    // `X[(a, b)]` / `Literal[("a", "b")]` are unusual; a single tuple argument is expanded.
    if (args.length === 1 && args[0].name === 'TupleExpression') {
      return { head: lastName(nodeText(mod.parsed, obj)), args: children(args[0]).filter((c) => !['(', ')', ','].includes(c.name)) };
    }
    return { head: lastName(nodeText(mod.parsed, obj)), args };
  }

  // --- types ---------------------------------------------------------------------------------

  typeSchema(n: SyntaxNode, mod: ModuleFacts, path: string, strict: boolean, depth: number): Schema {
    const p = mod.parsed;
    n = unparen(n);
    if (depth > 25) return this.note(path, 'type too deeply nested');
    switch (n.name) {
      case 'None':
        return { type: 'null' };
      case 'String': {
        const s = stringValue(p, n);
        if (s === undefined || !/^[A-Za-z_][\w.]*$/.test(s)) return this.note(path, `forward reference \`${nodeText(p, n)}\` not translated`);
        return this.namedType(s, () => this.resolveDotted(mod, s), path, strict);
      }
      case 'BinaryExpression': {
        const op = child(n, 'BitOp');
        if (!op || nodeText(p, op) !== '|') return this.note(path, `type \`${nodeText(p, n)}\` not translated`);
        const [a, , b] = children(n);
        return union([this.typeSchema(a, mod, path, strict, depth + 1), this.typeSchema(b, mod, path, strict, depth + 1)]);
      }
      case 'VariableName':
      case 'MemberExpression': {
        if (n.name === 'MemberExpression' && child(n, '[')) return this.generic(n, mod, path, strict, depth);
        const text = nodeText(p, n);
        return this.namedType(text, () => this.resolver.resolveExpr(mod, n), path, strict, depth);
      }
      case 'CallExpression':
        return this.conType(n, mod, path, strict, depth);
      default:
        return this.note(path, `type \`${nodeText(p, n).slice(0, 40)}\` not translated`);
    }
  }

  private resolveDotted(mod: ModuleFacts, dotted: string) {
    const [first, ...rest] = dotted.split('.');
    let r = this.resolver.resolveName(mod, first);
    for (const part of rest) r = this.resolver.member(r, part);
    return r;
  }

  private namedType(text: string, resolve: () => ReturnType<SymbolResolver['resolveName']>, path: string, strict: boolean, depth = 0): Schema {
    const r = resolve();
    if (r.kind === 'class') return this.classSchema(r.cls, r.module, path);
    if (r.kind === 'value' && depth < 10) {
      // A type alias: `Port = Annotated[int, Field(ge=1)]`.
      const v = r.node;
      if (['MemberExpression', 'VariableName', 'BinaryExpression', 'CallExpression'].includes(v.name) && nodeText(r.module.parsed, v) !== text) {
        return this.typeSchema(v, r.module, path, strict, depth + 5);
      }
    }
    const b = builtinSchema(lastName(text));
    if (b) {
      if (b.strict || strict) this.strict.add(b.schema);
      return b.schema;
    }
    return this.note(path, `type '${text}' not translated`);
  }

  private classSchema(cls: ClassFacts, mod: ModuleFacts, path: string): Schema {
    const key = `${cls.file}#${cls.qualName}`;
    const existing = this.defNames.get(key);
    if (existing) return { $ref: `#/$defs/${existing}` };
    const mro = this.mro(cls, mod);
    const names = mro.map((e) => e.name);
    let defName = cls.name;
    for (let i = 2; [...this.defNames.values()].includes(defName); i++) defName = `${cls.name}${i}`;
    if (names.some((n) => ENUM_BASES.includes(n))) {
      const intEnum = names.includes('IntEnum') || names.includes('IntFlag') || cls.bases.some((b) => nodeText(mod.parsed, b) === 'int');
      const e = this.enumSchema(cls, mod, path, intEnum);
      if (!e) return {};
      this.defNames.set(key, defName);
      this.defs[defName] = e;
      return { $ref: `#/$defs/${defName}` };
    }
    if (names.includes('BaseModel') || names.includes('BaseSettings')) {
      if (this.depth > 20) return this.note(path, 'models nested too deeply');
      this.defNames.set(key, defName);
      this.defs[defName] = {};
      this.depth++;
      try {
        this.defs[defName] = this.modelSchema(cls, mod, path, defName);
      } finally {
        this.depth--;
      }
      return { $ref: `#/$defs/${defName}` };
    }
    return this.note(path, `class '${cls.name}' is not a Pydantic model or Enum`);
  }

  private enumSchema(cls: ClassFacts, mod: ModuleFacts, path: string, intEnum: boolean): Schema | undefined {
    const values: unknown[] = [];
    for (const m of cls.members.values()) {
      if (m.kind !== 'attribute' || !m.value || m.name.startsWith('_')) continue;
      const v = this.lit(mod, m.value);
      if (!v.ok || (v.value !== null && typeof v.value === 'object')) {
        this.note(path, `enum '${cls.name}' member ${m.name} has a value not known statically`);
        return undefined;
      }
      values.push(v.value);
    }
    const s: Schema = { enum: values, title: cls.name };
    if (cls.docstring) s.description = cleandoc(cls.docstring);
    if (values.length && values.every((v) => typeof v === 'string')) s.type = 'string';
    else if (values.length && values.every((v) => typeof v === 'number' && Number.isInteger(v))) s.type = 'integer';
    if (intEnum && s.type === 'integer') {
      // Lax mode: an int enum also takes the value written as a string ("1").
      s.type = ['integer', 'string'];
      s.enum = [...values, ...values.map((v) => String(v))];
    }
    return s;
  }

  private generic(n: SyntaxNode, mod: ModuleFacts, path: string, strict: boolean, depth: number): Schema {
    const p = mod.parsed;
    const sub = this.subscript(mod, n)!;
    const { head, args } = sub;
    const t = (x: SyntaxNode, sp = path) => this.typeSchema(x, mod, sp, strict, depth + 1);
    if (head === 'Optional' && args.length === 1) return union([t(args[0]), { type: 'null' }]);
    if (head === 'Union') return union(args.map((a) => t(a)));
    if (PASS_THROUGH.has(head) && args.length === 1) return t(args[0]);
    if (head === 'Literal') {
      const values: unknown[] = [];
      for (const a of args) {
        const v = this.lit(mod, a);
        if (!v.ok) return this.note(path, `Literal member \`${nodeText(p, a)}\` not known statically`);
        values.push(v.value);
      }
      if (values.length === 1) {
        const s: Schema = { const: values[0] };
        if (typeof values[0] === 'string') s.type = 'string';
        return s;
      }
      const s: Schema = { enum: values };
      if (values.every((v) => typeof v === 'string')) s.type = 'string';
      return s;
    }
    if (head === 'Annotated' && args.length >= 1) {
      let s = t(args[0]);
      for (const meta of args.slice(1)) s = this.annotatedMeta(mod, s, meta, path);
      return s;
    }
    if (LIST_TYPES.has(head)) return { type: 'array', items: args[0] ? t(args[0]) : {} };
    if (SET_TYPES.has(head)) return { type: 'array', items: args[0] ? t(args[0]) : {}, uniqueItems: true };
    if (head === 'tuple' || head === 'Tuple') {
      if (args.length === 2 && args[1].name === 'Ellipsis') return { type: 'array', items: t(args[0]) };
      if (args.length === 1 && args[0].name === 'TupleExpression') return { type: 'array', maxItems: 0 };
      this.note(path, 'item types of a fixed-length tuple not checked');
      return { type: 'array', minItems: args.length, maxItems: args.length };
    }
    if (DICT_TYPES.has(head)) {
      const s: Schema = { type: 'object' };
      if (args[1]) s.additionalProperties = t(args[1]);
      if (args[0]) {
        // Keys limited to an enum or a constrained str are checked like values.
        const k = t(args[0]);
        const enumRef = typeof k.$ref === 'string' && this.defs[(k.$ref as string).slice('#/$defs/'.length)]?.type === 'string';
        if (enumRef || (k.type === 'string' && ['enum', 'const', 'pattern', 'minLength', 'maxLength'].some((x) => x in k))) s.propertyNames = k;
      }
      return s;
    }
    if (head === 'Type' || head === 'type') return this.note(path, 'class-valued field not translated');
    return this.note(path, `type \`${nodeText(p, n).slice(0, 40)}\` not translated`);
  }

  /** One `Annotated[...]` metadata item applied to the schema. */
  private annotatedMeta(mod: ModuleFacts, s: Schema, meta: SyntaxNode, path: string): Schema {
    const p = mod.parsed;
    if (meta.name === 'String') return s; // documentation strings
    const head = meta.name === 'CallExpression' ? lastName(nodeText(p, meta.firstChild!)) : lastName(nodeText(p, meta));
    if (head === 'Field' && meta.name === 'CallExpression') {
      // Constraints apply wherever the Annotated type is used (also through a type alias);
      // default/alias/description are read by field() for the field's own annotation.
      const kw = this.args(mod, meta).kw;
      return this.discriminated(mod, applyConstraints(this, mod, s, kw, path, {}), kw, path);
    }
    if (head === 'AfterValidator') return s; // only rejects more
    if (head === 'Strict') {
      this.strict.add(s);
      return s;
    }
    const constraint: Record<string, string> = {
      Ge: 'ge',
      Gt: 'gt',
      Le: 'le',
      Lt: 'lt',
      MultipleOf: 'multiple_of',
      MinLen: 'min_length',
      MaxLen: 'max_length',
    };
    if (meta.name === 'CallExpression' && (constraint[head] || head === 'Len' || head === 'Interval')) {
      const a = this.args(mod, meta);
      const kw = new Map<string, SyntaxNode>(a.kw);
      if (constraint[head] && a.positional[0]) kw.set(constraint[head], a.positional[0]);
      if (head === 'Len') {
        if (a.positional[0]) kw.set('min_length', a.positional[0]);
        if (a.positional[1]) kw.set('max_length', a.positional[1]);
      }
      return applyConstraints(this, mod, s, kw, path, {});
    }
    return this.note(path, `Annotated metadata \`${nodeText(p, meta).slice(0, 40)}\` not translated`);
  }

  private conType(n: SyntaxNode, mod: ModuleFacts, path: string, strict: boolean, depth: number): Schema {
    const p = mod.parsed;
    const head = lastName(nodeText(p, n.firstChild!));
    const a = this.args(mod, n);
    const kw = new Map(a.kw);
    const isStrict = strict || (kw.has('strict') && nodeText(p, kw.get('strict')!) === 'True');
    let base: Schema | undefined;
    switch (head) {
      case 'conint':
        base = { type: 'integer' };
        break;
      case 'confloat':
        base = { type: 'number' };
        break;
      case 'constr':
        base = { type: 'string' };
        break;
      case 'conbytes':
        base = { type: 'string' };
        break;
      case 'conlist':
        base = { type: 'array', items: a.positional[0] ? this.typeSchema(a.positional[0], mod, path, strict, depth + 1) : {} };
        break;
      case 'conset':
      case 'confrozenset':
        base = { type: 'array', items: a.positional[0] ? this.typeSchema(a.positional[0], mod, path, strict, depth + 1) : {}, uniqueItems: true };
        break;
      default:
        return this.note(path, `type \`${nodeText(p, n).slice(0, 40)}\` not translated`);
    }
    for (const [from, to] of [
      ['min_items', 'min_length'],
      ['max_items', 'max_length'],
      ['regex', 'pattern'],
    ]) {
      if (kw.has(from) && !kw.has(to)) kw.set(to, kw.get(from)!);
    }
    if (head === 'constr' && ['strip_whitespace', 'to_lower', 'to_upper'].some((k) => kw.has(k) && nodeText(p, kw.get(k)!) === 'True')) {
      this.note(path, 'constr transforms the text first: length/pattern not checked');
      return this.mark(base, isStrict);
    }
    return this.mark(applyConstraints(this, mod, base, kw, path, {}), isStrict);
  }

  private mark(s: Schema, strict: boolean): Schema {
    if (strict) this.strict.add(s);
    return s;
  }

  /** @internal for applyConstraints */
  openNote(path: string, reason: string): void {
    this.note(path, reason);
  }
  literal(mod: ModuleFacts, n: SyntaxNode): LiteralResult {
    return this.lit(mod, n);
  }
}

function isRef(s: Schema): boolean {
  return typeof s.$ref === 'string';
}

function union(parts: Schema[]): Schema {
  const flat: Schema[] = [];
  for (const s of parts) {
    if (Array.isArray(s.anyOf) && Object.keys(s).length === 1) flat.push(...(s.anyOf as Schema[]));
    else flat.push(s);
  }
  if (flat.some((s) => Object.keys(s).length === 0)) return {};
  return { anyOf: flat };
}

/** Keep only what documents a schema (names, titles, descriptions, defaults). */
function stripValidation(s: Schema): Schema {
  const out: Schema = {};
  for (const k of ['title', 'description', 'default', 'examples', 'deprecated']) if (k in s) out[k] = s[k];
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, stripValidation(v)]));
  }
  return out;
}
