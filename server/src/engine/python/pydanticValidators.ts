// Pydantic validators of a model (field_validator / model_validator, and v1's validator /
// root_validator), found on the class and its bases and compiled to the IR (pyIr.ts) when they
// can be interpreted statically. What the static translation records about a model besides its
// JSON Schema: the validators, extra handling, aliases reachable by field name.
import type { ClassFacts, ModuleFacts } from './moduleFacts';
import { callArgs } from './callArgs';
import { compileValidator, type IrFunction, type ValidatorRole } from './pyIr';
import type { SymbolResolver } from './symbols';
import { child, children, nodeText, stringValue, type SyntaxNode } from './syntax';

export type Schema = Record<string, unknown>;

/** One validator: where it is, and its program when it can be interpreted (else why not). */
export interface ValidatorCheck {
  name: string;
  /** The model class that declares it. */
  className: string;
  file: string;
  /** 0-based line of the `def`. */
  line: number;
  ir?: IrFunction;
  reason?: string;
  /** For field validators: the fields it validates. */
  fields?: string[];
}

export interface ModelMeta {
  className: string;
  file: string;
  line: number;
  /** `model_config` extra: forbid / allow / ignore (undefined when Pydantic's default, ignore). */
  extra?: string;
  /** Field name -> alias, for aliased fields. */
  aliases?: Record<string, string>;
  /** populate_by_name: an aliased field may also be given by its name (the alias wins when both are). */
  populateByName?: boolean;
  /** Required fields with such an alias (not in the schema's `required`: either name will do). */
  twinRequired?: string[];
  /** Field validators that run after the field validated (`fields` may hold `*`). */
  fieldChecks: Array<{ fields: string[]; check: ValidatorCheck }>;
  /** Model validators that run after the model validated, in order. */
  modelChecks: ValidatorCheck[];
  /** A model validator that runs before validation and may rewrite the input. */
  before?: { check: ValidatorCheck; /** The model's schema, checked after the rewrite. */ full?: Schema };
  /** Validators the translation cannot use at all (field before/wrap/plain, v1 root validators ...). */
  unchecked: ValidatorCheck[];
}

interface Found {
  kind: 'field' | 'model';
  mode: 'before' | 'after' | 'wrap' | 'plain';
  fields: string[];
  node: SyntaxNode;
  name: string;
  cls: ClassFacts;
  mod: ModuleFacts;
  /** v1 options that change the call (each_item, root_validator's values dict). */
  v1?: string;
}

/** The validator methods one class declares, in order. */
export function declaredValidators(cls: ClassFacts, mod: ModuleFacts): Found[] {
  const p = mod.parsed;
  const out: Found[] = [];
  for (const m of cls.members.values()) {
    if (m.kind !== 'method' || m.node.parent?.name !== 'DecoratedStatement') continue;
    for (const d of m.node.parent.getChildren('Decorator')) {
      const name =
        children(d)
          .filter((c) => c.name === 'VariableName' || c.name === 'PropertyName')
          .map((c) => nodeText(p, c))
          .pop() ?? '';
      if (!['field_validator', 'validator', 'model_validator', 'root_validator'].includes(name)) continue;
      const a = child(d, 'ArgList') ? callArgs(mod, d) : { positional: [], kw: new Map<string, SyntaxNode>() };
      const kwText = (k: string) => (a.kw.get(k) ? nodeText(p, a.kw.get(k)!) : undefined);
      const mode = (a.kw.get('mode') ? stringValue(p, a.kw.get('mode')!) : undefined) as Found['mode'] | undefined;
      const fields = a.positional.map((x) => stringValue(p, x)).filter((x): x is string => x !== undefined);
      if (name === 'field_validator') out.push({ kind: 'field', mode: mode ?? 'after', fields, node: m.node, name: m.name, cls, mod });
      else if (name === 'validator') {
        const v1 = kwText('each_item') === 'True' ? 'each_item=True' : kwText('always') === 'True' ? 'always=True' : 'a v1 validator';
        out.push({ kind: 'field', mode: kwText('pre') === 'True' ? 'before' : 'after', fields, node: m.node, name: m.name, cls, mod, v1 });
      } else if (name === 'model_validator') out.push({ kind: 'model', mode: mode ?? 'after', fields: [], node: m.node, name: m.name, cls, mod });
      else
        out.push({
          kind: 'model',
          mode: kwText('pre') === 'True' ? 'before' : 'after',
          fields: [],
          node: m.node,
          name: m.name,
          cls,
          mod,
          v1: 'a v1 root validator',
        });
    }
  }
  return out;
}

export interface MetaInput {
  cls: ClassFacts;
  mod: ModuleFacts;
  /** MRO classes, base first. */
  classes: Array<{ cls: ClassFacts; module: ModuleFacts }>;
  fields: ReadonlySet<string>;
  enumFields: ReadonlySet<string>;
  extra?: string;
  aliases?: Record<string, string>;
  populateByName?: boolean;
  twinRequired?: string[];
}

/** The model's validators (a subclass's method of the same name replaces the base's), compiled. */
export function modelMeta(resolver: SymbolResolver, input: MetaInput): { meta: ModelMeta; beforeFields: Set<string>; modelBefore: boolean } {
  const { cls } = input;
  const byName = new Map<string, Found>();
  for (const c of input.classes)
    for (const f of declaredValidators(c.cls, c.module)) {
      byName.delete(f.name);
      byName.set(f.name, f);
    }
  const meta: ModelMeta = {
    className: cls.name,
    file: cls.file,
    line: cls.nameRange.start.line,
    fieldChecks: [],
    modelChecks: [],
    unchecked: [],
  };
  if (input.extra) meta.extra = input.extra;
  if (input.aliases && Object.keys(input.aliases).length) meta.aliases = input.aliases;
  if (input.populateByName) meta.populateByName = true;
  if (input.twinRequired?.length) meta.twinRequired = input.twinRequired;
  const beforeFields = new Set<string>();
  let modelBefore = false;
  for (const f of byName.values()) {
    const check: ValidatorCheck = { name: f.name, className: f.cls.name, file: f.cls.file, line: f.mod.parsed.lines.position(f.node.from).line };
    if (f.kind === 'field') check.fields = f.fields;
    const why = (reason: string) => {
      check.reason = reason;
      return check;
    };
    if (f.kind === 'field') {
      if (f.mode !== 'after') {
        for (const x of f.fields) beforeFields.add(x);
        meta.unchecked.push(why(`a ${f.mode} field validator (it runs instead of or before Pydantic's own checks)`));
        continue;
      }
      if (f.v1) {
        meta.unchecked.push(why(`${f.v1}`));
        continue;
      }
      const one = f.fields.length === 1 ? f.fields[0] : undefined;
      compileInto(check, compileValidator(f.node, f.mod, resolver, 'field', input.fields, input.enumFields, !!one && input.enumFields.has(one)));
      meta.fieldChecks.push({ fields: f.fields, check });
      continue;
    }
    if (f.v1) {
      if (f.mode === 'before') modelBefore = true;
      meta.unchecked.push(why(f.v1));
      continue;
    }
    if (f.mode === 'after') {
      compileInto(check, compileValidator(f.node, f.mod, resolver, 'after', input.fields, input.enumFields));
      meta.modelChecks.push(check);
    } else if (f.mode === 'before' && !meta.before) {
      modelBefore = true;
      compileInto(check, compileValidator(f.node, f.mod, resolver, 'before' as ValidatorRole, input.fields, input.enumFields));
      meta.before = { check };
    } else {
      modelBefore = true;
      meta.unchecked.push(why(`a ${f.mode} model validator`));
    }
  }
  return { meta, beforeFields, modelBefore };
}

function compileInto(check: ValidatorCheck, r: ReturnType<typeof compileValidator>): void {
  const first = r.ok ? r.fn.body[0] : undefined;
  // Nothing interpretable before the first stop: the validator is not interpreted at all.
  if (first?.k === 'stop') check.reason = `${first.reason} (line ${first.line + 1})`;
  else if (r.ok) check.ir = r.fn;
  else check.reason = `${r.reason} (line ${r.line + 1})`;
}
