// Static translation of a Pydantic 2 model class (source only, nothing imported) into the JSON
// Schema its validation corresponds to: fields, defaults, constraints, extra="forbid", nested
// models and enums. What cannot be translated is left open ({}) and listed with a reason —
// never stricter than Pydantic. The result is widened to lax-mode acceptance (see pydanticLax).
import type { FileSystem } from '../fs';
import type { ConfigSchemaRef } from '../model';
import type { ClassFacts, ModuleFacts } from './moduleFacts';
import { laxenSchema } from './pydanticLax';
import { SymbolResolver } from './symbols';
import { TypeTranslator, type Schema } from './pydanticTypes';
import type { FactsCache } from './moduleFacts';
import type { StaticSchema } from './types';

export function staticConfigSchema(fs: FileSystem, facts: FactsCache, ref: ConfigSchemaRef, roots: string[]): StaticSchema | undefined {
  if (!ref.file) return undefined;
  const reads = new Set<string>();
  const resolver = new SymbolResolver(fs, facts, roots, reads);
  const mod = resolver.module(ref.file);
  if (!mod) return undefined;
  const cls = findClass(mod, ref.className, ref.line);
  if (!cls) return undefined;
  const t = new TypeTranslator(resolver);
  const root = t.modelSchema(cls, mod, '');
  if (!root) return undefined;
  const defs = t.defs;
  const schema: Schema = { ...root };
  if (Object.keys(defs).length) schema.$defs = defs;
  const display = JSON.parse(JSON.stringify(schema)) as Schema;
  laxenSchema(schema, t.strict);
  for (const m of Object.values(t.models)) if (m.before?.full) laxenSchema(m.before.full, t.strict);
  return { schema, display, open: t.open, files: [...reads], models: t.models };
}

function findClass(mod: ModuleFacts, name: string, line?: number): ClassFacts | undefined {
  const all: ClassFacts[] = [];
  const add = (c: ClassFacts) => {
    all.push(c);
    for (const n of c.nested.values()) add(n);
  };
  for (const c of mod.classes.values()) add(c);
  const named = all.filter((c) => c.name === name);
  return named.find((c) => line === undefined || c.nameRange.start.line === line) ?? named[0];
}
