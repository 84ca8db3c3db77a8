// Which manifest model validates a manifest, in order: (a) floe-core's own PlatformManifest,
// translated statically from the source the workspace has (its own floe-core or a virtualenv's);
// (b) the model's JSON Schema exported by running Python (trusted workspaces); (c) the built-in
// model. The translation is kept in the workspace's cache while floe-core's files are unchanged.
import * as path from 'node:path';
import { laxenSchema } from '../python/pydanticLax';
import { builtinManifestModel } from './builtinModel';
import type { ManifestModel } from './modelValidate';
import type { ManifestContext } from './types';

export const MANIFEST_MODULE = path.join('schemas', 'manifest.py');
export const MANIFEST_CLASS = 'PlatformManifest';

export interface ModelChoice {
  model: ManifestModel;
  /** Why floe-core's model is not the one used, when floe-core was found (said once, as information). */
  problem?: string;
}

function stampsOf(ctx: ManifestContext, files: string[]): string {
  return files.map((f) => `${f}@${ctx.fs.stamp(f)}`).join('|');
}

/** The model for this workspace (cached on `ctx.modelCache`). */
export function manifestModel(ctx: ManifestContext): ModelChoice {
  const file = (ctx.floeCoreDirs ?? []).map((d) => path.join(d, MANIFEST_MODULE)).find((f) => ctx.fs.stat(f)?.isFile);
  const exported = ctx.pythonManifestSchema;
  const key = `${file ?? ''}|${exported ? 'exported' : ''}`;
  const hit = ctx.modelCache?.entry;
  if (hit && hit.key === key && hit.stamps === stampsOf(ctx, (hit.model as ManifestModel).files)) {
    return { model: hit.model as ManifestModel, problem: hit.problem };
  }
  const choice = choose(ctx, file, exported);
  if (ctx.modelCache) {
    ctx.modelCache.entry = { key, stamps: stampsOf(ctx, choice.model.files), model: choice.model, problem: choice.problem };
  }
  return choice;
}

function choose(ctx: ManifestContext, file: string | undefined, exported: Record<string, unknown> | undefined): ModelChoice {
  let problem: string | undefined;
  if (file) {
    const root = path.dirname(path.dirname(path.dirname(file)));
    let st: ReturnType<ManifestContext['python']['staticConfigSchema']>;
    try {
      st = ctx.python.staticConfigSchema({ className: MANIFEST_CLASS, file, returnFile: file, returnRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, [root]);
    } catch {
      st = undefined;
    }
    const props = st?.schema.properties;
    // A model that does not parse, or whose class is not (known to be) a Pydantic model, is not used.
    const broken = !st || st.files.some((f) => ctx.python.syntaxDiagnostics(f).some((d) => d.severity === 'error'))
      || st.open.some((o) => o.path === '(model)' && /base class|not a Pydantic model|RootModel/.test(o.reason));
    if (st && !broken && props && typeof props === 'object' && Object.keys(props).length && st.models?.['#']) {
      const open = st.open.filter((o) => !/model validator that runs before validation/.test(o.reason));
      return { model: { schema: st.schema, models: st.models, source: 'floe-core', file, files: st.files.length ? st.files : [file], open } };
    }
    const rel = path.join('floe_core', MANIFEST_MODULE);
    problem = `floe-core's ${MANIFEST_CLASS} (${rel}) could not be translated statically; ${exported ? "the schema exported from floe-core's Python" : 'the built-in manifest model'} is used instead`;
    const files = st?.files.length ? st.files : [file];
    if (exported) return { model: exportedModel(exported, files), problem };
    return { model: { ...builtinManifestModel(), files }, problem };
  }
  if (exported) return { model: exportedModel(exported, []) };
  return { model: builtinManifestModel() };
}

function exportedModel(schema: Record<string, unknown>, files: string[]): ManifestModel {
  return { schema: laxenSchema(structuredClone(schema)), models: {}, source: 'python', files, open: [] };
}
