// The Python source analysis behind the registry engine: entry-point target resolution, plugin
// metadata, floe-core reading and static config-schema translation. Static only: nothing runs.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { ClassRef, ConfigSchemaRef, Diagnostic } from '../model';
import { closest, editDistance } from '../pluginTypes';
import { readFloeCore } from './floeCore';
import { ClassMetadata } from './metadata';
import { FactsCache } from './moduleFacts';
import { findModule } from './moduleResolver';
import { MroBuilder, PLUGIN_METADATA, type MroEntry } from './mro';
import { builtinAbstractMembers } from '../abcMembers';
import { moduleNameOf } from './floeCoreAbcs';
import { memberSignature, type MemberSignature } from './signatures';
import { staticConfigSchema } from './pydanticSchema';
import { SymbolResolver, type Resolved } from './symbols';
import { syntaxDiagnostics, nodeText } from './syntax';
import type { FloeCoreInfo, PythonAnalyzerApi, StaticSchema, TargetAnalysis, TargetRequest } from './types';

/** An answer that knows nothing yet: every metadata member missing, no bases, no files read. */
function emptyAnalysis(): TargetAnalysis {
  const missing = { kind: 'missing' } as const;
  return { name: missing, version: missing, floeApiVersion: missing, description: missing, dependencies: missing, bases: [], missingAbstract: [], files: [] };
}

export class PythonAnalyzer implements PythonAnalyzerApi {
  readonly facts: FactsCache;
  private floeCore: Pick<FloeCoreInfo, 'abstractMembers' | 'abstractSignatures'> | undefined;
  private readonly syntaxCache = new Map<string, { stamp: string; diags: Diagnostic[] }>();
  /** Static config schemas by model, with the stamps of the files they were translated from. */
  private readonly schemaCache = new Map<string, { stamps: string[]; schema: StaticSchema | undefined }>();

  constructor(private readonly fs: FileSystem) {
    this.facts = new FactsCache(fs);
  }

  /** Feed floe-core's abstract-member map (from `readFloeCore`) into the ABC checks. */
  setFloeCore(info: Pick<FloeCoreInfo, 'abstractMembers' | 'abstractSignatures'> | undefined): void {
    this.floeCore = info;
  }

  analyzeTarget(req: TargetRequest): TargetAnalysis {
    try {
      return this.analyze(req);
    } catch (e) {
      // Defensive: bad input must give an answer, never a crash.
      return { ...emptyAnalysis(), classError: `internal error while analysing '${req.module}:${req.attr}': ${(e as Error).message}` };
    }
  }

  private analyze(req: TargetRequest): TargetAnalysis {
    const reads = new Set<string>();
    const out: TargetAnalysis = emptyAnalysis();
    const finish = () => {
      out.files = [...reads];
      return out;
    };
    const loc = findModule(this.fs, req.module, req.importRoots);
    if (!loc) {
      out.moduleError = `module '${req.module}' not found in the import roots (${req.importRoots.join(', ') || 'none'})`;
      return finish();
    }
    if (!loc.file) {
      out.moduleError = `'${req.module}' is a folder without __init__.py (a namespace package), not a module that can define '${req.attr}'`;
      return finish();
    }
    out.moduleFile = loc.file;
    const resolver = new SymbolResolver(this.fs, this.facts, req.importRoots, reads);
    const mod = resolver.module(loc.file);
    if (!mod) {
      out.moduleError = `module file ${loc.file} could not be read`;
      return finish();
    }
    const parts = req.attr.split('.').filter(Boolean);
    let r: Resolved = resolver.resolveAttr(loc, parts[0] ?? '');
    let walked = parts[0] ?? '';
    for (const part of parts.slice(1)) {
      if (r.kind !== 'class' && r.kind !== 'module' && r.kind !== 'external') break;
      r = resolver.member(r, part);
      walked += '.' + part;
    }
    if (r.kind !== 'class') {
      out.classError = this.classError(r, walked, req, mod.bindings.keys());
      if (r.kind === 'unresolved' && !walked.includes('.')) {
        // The closest classes of the module (the ABCs it imports left out), all at the smallest distance.
        const abcs = new Set([...req.allAbcs, req.requiredAbc, PLUGIN_METADATA]);
        const classes = closest(
          walked,
          [...mod.bindings.keys()].filter((n) => !n.startsWith('_') && !abcs.has(n)),
        ).flatMap((n) => {
          const c = resolver.resolveName(mod, n);
          return c.kind === 'class' ? [{ name: n, file: c.cls.file, nameRange: c.cls.nameRange, d: editDistance(walked.toLowerCase(), n.toLowerCase()) }] : [];
        });
        const best = Math.min(...classes.map((c) => c.d));
        const nearest = classes.filter((c) => c.d === best).map(({ d: _d, ...c }) => c);
        if (nearest.length) out.nearClasses = nearest;
      }
      return finish();
    }
    const cls = r.cls;
    const clsRef: ClassRef = { name: cls.name, file: cls.file, range: cls.range, nameRange: cls.nameRange };
    out.cls = clsRef;
    const abcNames = new Set([...req.allAbcs, req.requiredAbc, PLUGIN_METADATA, ...Object.keys(this.floeCore?.abstractMembers ?? {})]);
    const mro = new MroBuilder(resolver, abcNames).mro(cls, r.module);
    const md = new ClassMetadata(resolver, cls, mro, this.floeCore?.abstractMembers ?? {});
    out.name = md.stringValue('name');
    out.version = md.stringValue('version');
    out.floeApiVersion = md.stringValue('floe_api_version');
    out.description = md.stringValue('description');
    out.dependencies = md.listValue('dependencies');
    out.bases = md.baseNames();
    const abc = md.abcCheck(req.requiredAbc, req.allAbcs);
    out.derivesFromAbc = abc.derivesFromAbc;
    if (abc.otherAbc) out.otherAbc = abc.otherAbc;
    if (abc.baseProblem) out.baseProblem = abc.baseProblem;
    out.missingAbstract = md.missingAbstract();
    if (out.missingAbstract.length) out.missingMembers = out.missingAbstract.map((n) => this.declaredSignature(n, mro, resolver.roots));
    // Resolved when first read; the files that reads count for this target from then on.
    const schema = md.configSchema((files) => {
      for (const f of files) if (!out.files.includes(f)) out.files.push(f);
      out.onFilesRead?.(files);
    });
    if (schema) out.configSchema = schema;
    return finish();
  }

  /** How the nearest MRO entry that declares `name` abstract declares it; a catch-all when unknown. */
  private declaredSignature(name: string, mro: MroEntry[], roots: string[]): MemberSignature {
    for (const e of mro) {
      if (e.kind === 'class') {
        const m = e.cls.members.get(name);
        if (!m?.abstract) continue;
        const root = roots.find((r) => e.cls.file.startsWith(r + path.sep));
        const sig = memberSignature(e.module, root ? moduleNameOf(e.cls.file, root) : '', e.cls, name);
        if (sig) return sig;
      } else if (e.kind === 'abc') {
        const sig = this.floeCore?.abstractSignatures?.[e.name]?.find((s) => s.name === name) ?? builtinAbstractMembers(e.name)?.find((s) => s.name === name);
        if (sig) return sig;
      }
    }
    return {
      name,
      kind: 'method',
      async: false,
      params: ['*args: Any', '**kwargs: Any'],
      returns: 'Any',
      owner: mro[0]?.name ?? '',
      needs: [{ local: 'Any', module: 'typing', name: 'Any', typeOnly: false }],
    };
  }

  private classError(r: Resolved, attr: string, req: TargetRequest, names: Iterable<string>): string {
    const where = `module '${req.module}'`;
    switch (r.kind) {
      case 'function':
        return `'${attr}' in ${where} is a function, not a class`;
      case 'value': {
        const text = nodeText(r.module.parsed, r.node).replace(/\s+/g, ' ');
        return `'${attr}' in ${where} is a value (\`${text.length > 40 ? text.slice(0, 37) + '...' : text}\`), not a class`;
      }
      case 'module':
        return `'${attr}' in ${where} is a module, not a class`;
      case 'external':
        return `'${attr}' in ${where} is imported from '${r.qualified}', which is not in the workspace or import roots`;
      case 'unresolved': {
        const first = attr.split('.')[0];
        const abcs = new Set([...req.allAbcs, req.requiredAbc, PLUGIN_METADATA]);
        const hint = attr.includes('.')
          ? []
          : closest(
              first,
              [...names].filter((n) => !n.startsWith('_') && !abcs.has(n)),
            );
        return `${r.reason.replace(/ in [^ ]+\.py$/, ` in ${where}`)}${hint.length ? ` (did you mean ${hint.map((h) => `'${h}'`).join(', ')}?)` : ''}`;
      }
      case 'class':
        return '';
    }
  }

  syntaxDiagnostics(file: string): Diagnostic[] {
    const stamp = this.fs.stamp(file);
    const hit = this.syntaxCache.get(file);
    if (hit && hit.stamp === stamp) {
      this.facts.noteTimed(file);
      return hit.diags;
    }
    const m = this.facts.get(file);
    const diags = m ? syntaxDiagnostics(m.parsed) : [];
    this.syntaxCache.set(file, { stamp, diags });
    return diags;
  }

  /** Syntax errors of a file found elsewhere (a worker thread) for its text as it is now. */
  seedSyntax(file: string, diags: Diagnostic[]): void {
    this.syntaxCache.set(file, { stamp: this.fs.stamp(file), diags });
  }

  readFloeCore(floeCorePackageDir: string): FloeCoreInfo | undefined {
    try {
      return readFloeCore(this.fs, this.facts, floeCorePackageDir);
    } catch {
      return undefined;
    }
  }

  staticConfigSchema(ref: ConfigSchemaRef, importRoots: string[]): StaticSchema | undefined {
    const key = `${ref.className}\0${ref.file ?? ''}\0${ref.line ?? ''}\0${importRoots.join('|')}`;
    const hit = this.schemaCache.get(key);
    if (hit && hit.schema && hit.schema.files.every((f, i) => this.fs.stamp(f) === hit.stamps[i])) {
      for (const f of hit.schema.files) this.facts.noteTimed(f);
      return hit.schema;
    }
    let schema: StaticSchema | undefined;
    try {
      schema = staticConfigSchema(this.fs, this.facts, ref, importRoots);
    } catch {
      schema = undefined;
    }
    if (schema) this.schemaCache.set(key, { stamps: schema.files.map((f) => this.fs.stamp(f)), schema });
    else this.schemaCache.delete(key);
    return schema;
  }

  invalidate(files: string[]): void {
    this.facts.invalidate(files);
    for (const f of files) this.syntaxCache.delete(f);
    if (this.schemaCache.size) {
      const changed = new Set(files);
      for (const [k, v] of this.schemaCache) if (v.schema?.files.some((f) => changed.has(f))) this.schemaCache.delete(k);
    }
  }
}
