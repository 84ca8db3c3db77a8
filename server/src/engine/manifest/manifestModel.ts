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
const REL = path.join('floe_core', MANIFEST_MODULE);

export interface ModelChoice {
  model: ManifestModel;
  /** Why floe-core's model is not the one used, when floe-core was found (said once, as information). */
  problem?: string;
}

/** What reading floe-core's source gave (cached on the workspace). */
interface Translation {
  file: string;
  model?: ManifestModel;
  files: string[];
}

function stampsOf(ctx: ManifestContext, files: string[]): string {
  return files.map((f) => `${f}@${ctx.fs.stamp(f)}`).join('|');
}

/** floe-core's manifest module, when one of the floe-core folders has it. */
export function manifestModule(ctx: ManifestContext): string | undefined {
  return (ctx.floeCoreDirs ?? []).map((d) => path.join(d, MANIFEST_MODULE)).find((f) => ctx.fs.stat(f)?.isFile);
}

/** floe-core's model translated statically (cached on `ctx.modelCache` by the stamps of its files). */
export function floeCoreTranslation(ctx: ManifestContext): Translation | undefined {
  const file = manifestModule(ctx);
  if (!file) return undefined;
  const hit = ctx.modelCache?.entry;
  if (hit && hit.key === file && hit.stamps === stampsOf(ctx, (hit.model as Translation).files)) return hit.model as Translation;
  const t = translate(ctx, file);
  if (ctx.modelCache) ctx.modelCache.entry = { key: file, stamps: stampsOf(ctx, t.files), model: t };
  return t;
}

/** The model for this workspace. */
export function manifestModel(ctx: ManifestContext): ModelChoice {
  const t = floeCoreTranslation(ctx);
  const exported = ctx.pythonManifestSchema;
  if (t?.model) return { model: t.model };
  const problem = t
    ? `floe-core's ${MANIFEST_CLASS} (${REL}) could not be translated statically; ${exported ? "the schema exported from floe-core's Python" : 'the built-in manifest model'} is used instead`
    : undefined;
  const files = t?.files ?? [];
  if (exported) return { model: exportedModel(exported, files), problem };
  return { model: files.length ? withFiles(builtinManifestModel(), files) : builtinManifestModel(), problem };
}

function translate(ctx: ManifestContext, file: string): Translation {
  const root = path.dirname(path.dirname(path.dirname(file)));
  let st: ReturnType<ManifestContext['python']['staticConfigSchema']>;
  try {
    st = ctx.python.staticConfigSchema(
      { className: MANIFEST_CLASS, file, returnFile: file, returnRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      [root],
    );
  } catch {
    st = undefined;
  }
  const files = st?.files.length ? st.files : [file];
  const props = st?.schema.properties;
  // A model that does not parse, or whose class is not (known to be) a Pydantic model, is not used.
  const broken =
    !st ||
    files.some((f) => ctx.python.syntaxDiagnostics(f).some((d) => d.severity === 'error')) ||
    st.open.some((o) => o.path === '(model)' && /base class|not a Pydantic model|RootModel/.test(o.reason));
  if (!st || broken || !props || typeof props !== 'object' || !Object.keys(props).length || !st.models?.['#']) return { file, files };
  const open = st.open.filter((o) => !/model validator that runs before validation/.test(o.reason));
  return { file, files, model: { schema: st.schema, models: st.models, source: 'floe-core', file, files, open } };
}

const exportedModels = new WeakMap<object, ManifestModel>();
const withFilesModels = new WeakMap<ManifestModel, { key: string; model: ManifestModel }>();

/** The exported schema as a model (laxened once per schema object). */
function exportedModel(schema: Record<string, unknown>, files: string[]): ManifestModel {
  let m = exportedModels.get(schema);
  if (!m) exportedModels.set(schema, (m = { schema: laxenSchema(structuredClone(schema)), models: {}, source: 'python', files: [], open: [] }));
  return withFiles(m, files);
}

function withFiles(m: ManifestModel, files: string[]): ManifestModel {
  const key = files.join('|');
  const hit = withFilesModels.get(m);
  if (hit && hit.key === key) return hit.model;
  const model = { ...m, files };
  withFilesModels.set(m, { key, model });
  return model;
}
