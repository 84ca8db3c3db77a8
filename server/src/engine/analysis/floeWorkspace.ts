// The registry engine over one workspace root. A full analyze() runs the pipeline
//   walk -> platform (floe-core) -> declarations -> per-plugin checks -> cross checks -> manifests
// and keeps per-file results cached, so after invalidate([changed files]) the next analyze()
// re-reads only what those files touch. analysisSteps() is the same pipeline cut into steps, so a
// caller can give up the thread between them and drop a run that a newer change made stale.
import * as path from 'node:path';
import { CachedFileSystem, NodeFileSystem, type FileSystem } from '../fs';
import { isTainted, type Trace } from '../fsTrace';
import type { AnalysisResult, ConfigSchemaRef, Diagnostic, EngineOptions, EntryPointDecl, ManifestInfo, PlatformInfo, PluginInfo } from '../model';
import { walkWorkspace } from '../discovery/walk';
import { parsePyproject } from '../discovery/pyproject';
import { readDistInfo } from '../discovery/distInfo';
import type { DistInfo, PyprojectInfo, WalkResult } from '../discovery/types';
import { PythonAnalyzer } from '../python/analyzer';
import { configRefData, configSchemaKey, lazyConfigSchemaRef, type ConfigRefData } from '../python/configRef';
import type { TargetAnalysis, TargetRequest } from '../python/types';
import { analyzeManifest, looksLikeManifest } from '../manifest';
import type { ManifestAnalysis, ManifestContext, ManifestModelCache } from '../manifest/types';
import { collectDeclarations } from './declarations';
import { checkEntryPoint, type PluginCheckResult } from './pluginChecks';
import { CrossChecks } from './crossChecks';
import { Suppressions } from './suppressions';
import { setStates } from './pluginState';
import { platformInfo, readFloeCores, type FloeCoreFound, type PlatformResult } from './platform';
import { ImportChecker } from './importChecks';
import { interpreterSitePackages } from '../discovery/interpreter';
import { isRelevantName } from '../discovery/relevance';
import { ZERO_RANGE } from '../text/lineIndex';

/** A share of a workspace's package checks as plain data (checkPackages -> seedPackages). */
export interface PackageChecks {
  pyprojects: PyprojectInfo[];
  checks: Array<{
    file: string;
    index: number;
    platformKey: string;
    targetKey?: string;
    req?: TargetRequest;
    analysis?: TargetAnalysis;
    result: PluginCheckResult;
    ref?: ConfigRefData;
  }>;
  syntax: Array<[string, Diagnostic[]]>;
}

/** One pyproject.toml's checks, and the file-system answers they were made from (none: unknown). */
export interface TracedPackageChecks {
  file: string;
  data: PackageChecks;
  trace?: Trace;
}

const MAX_DECLARATION_FILE = 2 * 1024 * 1024;
const MAX_MANIFEST_FILE = 5 * 1024 * 1024;

export class FloeWorkspace {
  readonly python: PythonAnalyzer;
  /** JSON Schemas exported by running the plugins' Python (trusted workspaces only), by plugin id. */
  readonly pythonSchemas = new Map<string, Record<string, unknown>>();
  /** floe-core's manifest model as JSON Schema exported by running Python (trusted workspaces only). */
  pythonManifestSchema: Record<string, unknown> | undefined;
  last: AnalysisResult | undefined;

  private walked: WalkResult | undefined;
  private core: { found: FloeCoreFound | undefined } | undefined;
  /** Site-packages of the `python` option's interpreter, and why there are none. */
  private interpreter: { dirs: string[]; diagnostics: Diagnostic[] } | undefined;
  private readonly imports: ImportChecker;
  private readonly pyprojects = new Map<string, PyprojectInfo>();
  private readonly dists = new Map<string, DistInfo>();
  private readonly targets = new Map<string, TargetAnalysis>();
  private readonly targetsByFile = new Map<string, Set<string>>();
  /** What each target analysis made under a trace (or taken with one) read: reused in another trace, it adds this. */
  private readonly targetTraces = new WeakMap<TargetAnalysis, Trace>();
  private readonly manifests = new Map<string, { sig: string; result: ManifestAnalysis | null }>();
  private readonly sizeSkips: Diagnostic[] = [];
  private checks = new WeakMap<
    EntryPointDecl,
    { platformKey: string; targetKey?: string; analysis?: TargetAnalysis; result: PluginCheckResult; req?: TargetRequest }
  >();
  private context: ManifestContext | undefined;
  /** The translated manifest model (checked against floe-core's file stamps on use). */
  private readonly manifestModelCache: ManifestModelCache = {};

  /** What the engine reads through: the given FileSystem, with stats and listings remembered until invalidated. */
  readonly fs: CachedFileSystem;
  private readonly suppressions: Suppressions;
  private readonly cross = new CrossChecks();
  private readonly signatures = new ModelSignatures();
  /** Bumped by invalidate() and setOptions(): a suspended analysisSteps() run starts again. */
  private epoch = 0;

  constructor(
    readonly root: string,
    private options: EngineOptions = {},
    fs: FileSystem = new NodeFileSystem(),
  ) {
    this.root = path.resolve(root);
    this.fs = new CachedFileSystem(fs);
    this.python = new PythonAnalyzer(this.fs);
    this.suppressions = new Suppressions(this.fs);
    this.imports = new ImportChecker(this.fs, this.python.facts);
  }

  get engineOptions(): EngineOptions {
    return this.options;
  }

  setOptions(options: EngineOptions): void {
    this.epoch++;
    this.options = options;
    this.fs.forgetAll();
    this.walked = undefined;
    this.core = undefined;
    this.interpreter = undefined;
    this.imports.clear();
    this.targets.clear();
    this.targetsByFile.clear();
    this.manifests.clear();
    this.checks = new WeakMap();
  }

  /** Does this file take part in the analysis (so a change to it matters)? */
  isRelevant(file: string): boolean {
    if (!file.startsWith(this.root + path.sep) && file !== this.root) return false;
    if (isRelevantName(path.basename(file))) return true;
    // A folder created or moved in as a whole (one watcher event) may hold any of those.
    return this.fs.base.stat(file)?.isDirectory === true;
  }

  /** These files changed, were created or deleted: drop what was derived from them. */
  invalidate(paths: string[]): void {
    this.epoch++;
    const given = paths.map((f) => path.resolve(f));
    this.fs.forget(given);
    // A folder deleted, created or renamed arrives as one event for the folder: it stands for
    // every file we know under it.
    const files = new Set(given);
    for (const f of given) {
      const st = this.fs.stat(f);
      if (st?.isFile) continue;
      const prefix = f + path.sep;
      this.fs.forgetUnder(f);
      for (const k of this.knownFiles()) if (k.startsWith(prefix)) files.add(k);
      if (this.walked && (!st || st.isDirectory)) this.walked = undefined;
    }
    const walked = this.walked;
    let clearUnresolved = false;
    for (const f of files) {
      const base = path.basename(f);
      const exists = this.fs.stat(f) !== undefined;
      this.pyprojects.delete(f);
      this.manifests.delete(f);
      for (const dir of [...this.dists.keys()]) if (f.startsWith(dir + path.sep) || f === dir) this.dists.delete(dir);
      for (const key of this.targetsByFile.get(f) ?? []) this.targets.delete(key);
      this.targetsByFile.delete(f);
      if (this.core && (this.walked?.floeCoreDirs.some((d) => f.startsWith(d + path.sep)) || this.core.found?.files.includes(f))) {
        this.core = undefined;
        this.imports.clear();
        this.targets.clear();
        this.targetsByFile.clear();
      }
      if (walked) {
        const known =
          walked.pyprojects.includes(f) || walked.manifestCandidates.includes(f) || walked.distInfos.some((d) => f.startsWith(d.dir + path.sep) || f === d.dir);
        const structural =
          base === 'pyproject.toml' ||
          /\.(ya?ml|json|pth)$/.test(base) ||
          /\.dist-info(\/|$)/.test(f) ||
          (base === '__init__.py' && f.includes(`${path.sep}floe_core${path.sep}`));
        if (structural && known !== exists) this.walked = undefined;
        if (!exists && known) this.walked = undefined;
      }
      if (/\.pyi?$/.test(base) || !exists) clearUnresolved = true;
      // A plugin's JSON Schema file may be new or changed: every manifest re-validates.
      if (base.endsWith('.schema.json')) this.manifests.clear();
    }
    this.python.invalidate([...files]);
    this.imports.forget([...files]);
    if (clearUnresolved) {
      for (const [key, a] of this.targets) if (!a.moduleFile || !a.cls || a.derivesFromAbc === undefined) this.targets.delete(key);
    }
    // Manifests depend on plugins and schema files: they are re-validated when the plugin model
    // signature changes or a file they depend on changed.
    for (const [file, m] of this.manifests) {
      if (m.result && m.result.dependsOn.some((d) => files.has(d))) this.manifests.delete(file);
    }
  }

  /** Every file the caches hold something for. */
  private knownFiles(): Iterable<string> {
    const out = new Set<string>([...this.pyprojects.keys(), ...this.manifests.keys(), ...this.targetsByFile.keys(), ...this.dists.keys()]);
    for (const f of this.walked?.pyprojects ?? []) out.add(f);
    for (const f of this.walked?.manifestCandidates ?? []) out.add(f);
    return out;
  }

  /** The context manifest hovers, completions and definitions need (after an analyze()). */
  manifestContext(): ManifestContext {
    if (!this.context) this.analyze();
    return this.context!;
  }

  analyze(): AnalysisResult {
    const steps = this.analysisSteps();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The analysis, one step at a time: each `yield` is a point where the caller may give up the
   * thread (and later resume, or drop the run). Every cache is written whole within a step, so a
   * dropped run leaves only complete entries behind. A run resumed after invalidate() or
   * setOptions() starts again from the top, so its result is never older than the last change.
   */
  *analysisSteps(): Generator<void, AnalysisResult, void> {
    for (;;) {
      const epoch = this.epoch;
      const run = this.analysisRun();
      let r = run.next();
      while (!r.done && this.epoch === epoch) {
        yield;
        if (this.epoch !== epoch) break;
        r = run.next();
      }
      if (r.done && this.epoch === epoch) return r.value;
      run.return(undefined as never);
    }
  }

  private *analysisRun(): Generator<void, AnalysisResult, void> {
    const walk = this.walk();
    yield;
    const { platform, diagnostics: platformDiagnostics } = this.platform(walk);
    yield;
    const diagnostics: Diagnostic[] = [...walk.diagnostics, ...this.interpreter!.diagnostics, ...platformDiagnostics];
    const files = new Set<string>();

    const pyprojects: PyprojectInfo[] = [];
    for (const f of walk.pyprojects) {
      const cached = this.pyprojects.has(f);
      const p = this.pyproject(f);
      if (p) pyprojects.push(p);
      if (!cached) yield;
    }
    const dists: DistInfo[] = [];
    for (const d of walk.distInfos) {
      const cached = this.dists.has(d.dir);
      dists.push(this.dist(d.dir, d.sitePackages));
      if (!cached) yield;
    }
    for (const p of pyprojects) {
      diagnostics.push(...p.diagnostics);
      files.add(p.file);
    }
    for (const d of dists) diagnostics.push(...d.diagnostics);

    const plugins: PluginInfo[] = [];
    const pluginFiles = new Map<string, string[]>();
    const pythonFiles = new Set<string>();
    // What a cached per-declaration result depends on besides the declaration and its target.
    const platformKey = platformKeyOf(platform);
    for (const decl of collectDeclarations(pyprojects, dists)) {
      const { result: r, cached } = this.checkDecl(decl, platform, platformKey);
      if (!cached) yield;
      for (const d of r.diagnostics) {
        if (r.plugin) d.pluginId = r.plugin.id;
        diagnostics.push(d);
      }
      for (const f of r.files) pythonFiles.add(f);
      if (r.plugin) {
        plugins.push(r.plugin);
        pluginFiles.set(r.plugin.id, r.files);
      }
    }
    const syntaxBroken = new Set<string>();
    for (const f of pythonFiles) {
      files.add(f);
      const syntax = this.python.syntaxDiagnostics(f);
      if (syntax.length) syntaxBroken.add(f);
      diagnostics.push(...syntax);
    }
    // A plugin whose source does not parse cannot be imported by the platform (SyntaxError).
    const extraErrors = new Map<string, string[]>();
    for (const [id, fs] of pluginFiles) {
      const broken = fs.filter((f) => syntaxBroken.has(f));
      if (broken.length)
        extraErrors.set(
          id,
          broken.map((f) => `SyntaxError in ${path.relative(this.root, f)}: the platform cannot import it`),
        );
    }

    yield;
    const typeOf = (g: string) => platform.types.find((t) => t.group === g);
    const cross = this.cross.check(plugins, this.fs, typeOf);
    diagnostics.push(...cross.diagnostics);
    // floe_core imports the floe-core in use does not have (judged only against a floe-core read in full).
    if (!platformDiagnostics.length) {
      const known = platform.types.map((t) => ({ name: t.abc, module: t.abcModule }));
      diagnostics.push(...this.imports.diagnostics(plugins, platform, known));
    }
    yield;
    // Problems silenced by `# floe: ignore` comments count nowhere (plugin state, manifests).
    const kept = this.suppressions.filter(diagnostics);

    const manifests = yield* this.analyzeManifests(walk, platform, plugins, kept, extraErrors);
    // Files skipped for their size, including those met just now.
    kept.push(...this.sizeSkips);
    for (const m of manifests) files.add(m.file);

    const final = sortDiagnostics(this.suppressions.filter(dedupe(kept)));
    const result: AnalysisResult = {
      root: this.root,
      platform,
      plugins: plugins.sort((a, b) => collate(a.group, b.group) || collate(a.entryPoint, b.entryPoint) || collate(a.id, b.id)),
      diagnostics: final,
      order: cross.order,
      cycles: cross.cycles,
      problems: setStates(plugins, final, extraErrors),
      manifests,
      files: [...files].sort(),
    };
    this.last = result;
    return result;
  }

  private walk(): WalkResult {
    if (!this.walked || !this.interpreter) {
      this.interpreter = this.interpreterDirs();
      this.walked = walkWorkspace(this.fs, this.root, {
        exclude: this.options.exclude,
        // The interpreter's site-packages first: its floe-core wins over the others installed.
        sitePackages: [...this.interpreter.dirs, ...(this.options.sitePackages ?? [])],
        manifestGlobs: this.options.manifestGlobs,
      });
    }
    return this.walked;
  }

  private interpreterDirs(): { dirs: string[]; diagnostics: Diagnostic[] } {
    const python = this.options.python?.trim();
    if (!python) return { dirs: [], diagnostics: [] };
    const found = interpreterSitePackages(this.fs, path.isAbsolute(python) || !/[\\/]/.test(python) ? python : path.resolve(this.root, python));
    const diagnostics: Diagnostic[] = found.problem
      ? [
          {
            file: this.root,
            range: ZERO_RANGE,
            severity: 'information',
            code: 'file-skipped',
            message: `The site-packages of the interpreter '${python}' were not read: ${found.problem}.`,
          },
        ]
      : [];
    return { dirs: found.dirs, diagnostics };
  }

  private platform(walk: WalkResult): PlatformResult {
    if (!this.core) {
      this.core = { found: readFloeCores(this.python, this.fs, walk.floeCoreDirs, walk.installedFloeCoreDirs) };
      // The ABCs' abstract members (beyond PluginMetadata's) come from floe-core's source.
      this.python.setFloeCore(this.core.found?.info);
    }
    return platformInfo(this.options, this.core.found, this.root);
  }

  private readLimited(file: string, limit: number): string | undefined {
    const st = this.fs.stat(file);
    if (!st?.isFile) return undefined;
    if (st.size > limit) {
      if (!this.sizeSkips.some((d) => d.file === file)) {
        this.sizeSkips.push({
          file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'warning',
          code: 'file-skipped',
          message: `Skipped: ${(st.size / 1024 / 1024).toFixed(1)} MiB is over the ${(limit / 1024 / 1024).toFixed(0)} MiB limit for this kind of file.`,
        });
      }
      return undefined;
    }
    const i = this.sizeSkips.findIndex((d) => d.file === file);
    if (i >= 0) this.sizeSkips.splice(i, 1);
    return this.fs.readFile(file);
  }

  private pyproject(file: string): PyprojectInfo | undefined {
    let p = this.pyprojects.get(file);
    if (!p) {
      const text = this.readLimited(file, this.options.maxFileSize ?? MAX_DECLARATION_FILE);
      if (text === undefined) return undefined;
      p = parsePyproject(this.fs, file, text);
      this.pyprojects.set(file, p);
    }
    return p;
  }

  private dist(dir: string, sitePackages: string): DistInfo {
    let d = this.dists.get(dir);
    if (!d) {
      d = readDistInfo(this.fs, dir, sitePackages);
      this.dists.set(dir, d);
    }
    return d;
  }

  /** checkEntryPoint, reused while the declaration, its target analysis and the platform are the same. */
  private checkDecl(decl: EntryPointDecl, platform: PlatformInfo, platformKey: string): { result: PluginCheckResult; cached: boolean } {
    const hit = this.checks.get(decl);
    if (hit && hit.platformKey === platformKey && (hit.targetKey === undefined || this.targets.get(hit.targetKey) === hit.analysis)) {
      return { result: hit.result, cached: true };
    }
    let targetKey: string | undefined;
    let analysis: TargetAnalysis | undefined;
    let request: TargetRequest | undefined;
    const result = checkEntryPoint(decl, platform, this.root, this.fs, (req) => {
      targetKey = targetKeyOf(req);
      request = req;
      return (analysis = this.target(req));
    });
    this.checks.set(decl, { platformKey, targetKey, analysis, result, req: request });
    return { result, cached: false };
  }

  /** The walk and the platform, as the next analyze() will use them; the pyproject.toml files found. */
  prepare(): { pyprojects: string[]; floeCore: FloeCoreFound | undefined } {
    const walk = this.walk();
    this.platform(walk);
    return { pyprojects: walk.pyprojects, floeCore: this.core?.found };
  }

  /**
   * Check the entry points of these pyproject.toml files, as plain data another workspace over
   * the same folder can take (seedPackages): what a worker thread does with its share.
   * `floeCore`: the platform the other workspace found (prepare()); `share`: false when only this
   * workspace's caches are wanted.
   */
  checkPackages(files: string[], floeCore: FloeCoreFound | undefined, share = true): PackageChecks {
    if (!this.core) {
      this.core = { found: floeCore };
      this.python.setFloeCore(floeCore?.info);
    }
    const { platform } = platformInfo(this.options, floeCore, this.root);
    const platformKey = platformKeyOf(platform);
    const out: PackageChecks = { pyprojects: [], checks: [], syntax: [] };
    for (const file of files) {
      const p = this.pyproject(file);
      if (!p) continue;
      out.pyprojects.push(p);
      p.entryPoints.forEach((decl, index) => {
        const { result } = this.checkDecl(decl, platform, platformKey);
        if (!share) return;
        const hit = this.checks.get(decl)!;
        for (const f of result.files) out.syntax.push([f, this.python.syntaxDiagnostics(f)]);
        const plugin = result.plugin && { ...result.plugin, configSchema: undefined };
        const analysis = hit.analysis && { ...hit.analysis, configSchema: undefined, onFilesRead: undefined };
        const ref = hit.analysis?.configSchema;
        out.checks.push({
          file,
          index,
          platformKey,
          targetKey: hit.targetKey,
          req: hit.req,
          analysis,
          result: { ...result, plugin },
          ref: ref && configRefData(ref),
        });
      });
    }
    return out;
  }

  /**
   * checkPackages for each file on its own, with every file-system question it asks and the answer
   * recorded (FsTracer): the checks, and what they depend on, or no trace when something they used
   * was not recorded (the pyproject.toml was read before, a parse ran out of time).
   */
  checkPackagesTraced(files: string[], floeCore: FloeCoreFound | undefined): TracedPackageChecks[] {
    const out: TracedPackageChecks[] = [];
    const tracer = this.fs.tracer;
    for (const file of files) {
      tracer.begin();
      if (this.pyprojects.has(file)) tracer.taint('the pyproject.toml was read before the trace');
      let data: PackageChecks;
      try {
        data = this.checkPackages([file], floeCore);
      } catch (e) {
        tracer.end();
        throw e;
      }
      const trace = tracer.end();
      out.push({ file, data, trace: isTainted(trace) ? undefined : trace });
    }
    return out;
  }

  /** Take the checks another workspace over this folder made (checkPackages) as if made here;
   * `trace`: what they depend on, when known. */
  seedPackages(data: PackageChecks, trace?: Trace): void {
    for (const p of data.pyprojects) if (!this.pyprojects.has(p.file)) this.pyprojects.set(p.file, p);
    for (const [file, diags] of data.syntax) this.python.seedSyntax(file, diags);
    for (const c of data.checks) {
      const decl = this.pyprojects.get(c.file)?.entryPoints[c.index];
      if (!decl || (c.result.plugin && c.result.plugin.decl !== decl)) continue;
      const ref = c.ref && c.req ? this.configRefFrom(c.ref, c.req) : undefined;
      if (c.result.plugin) c.result.plugin.configSchema = ref;
      let analysis = c.analysis;
      if (analysis && c.targetKey) {
        analysis.configSchema = ref;
        const have = this.targets.get(c.targetKey);
        if (have) analysis = have;
        else {
          this.indexTarget(c.targetKey, analysis);
          if (trace) this.targetTraces.set(analysis, trace);
        }
      }
      this.checks.set(decl, { platformKey: c.platformKey, targetKey: c.targetKey, analysis, result: c.result, req: c.req });
    }
  }

  /** A config-schema reference made elsewhere: resolved here when first read, from this workspace's files. */
  private configRefFrom(data: ConfigRefData, req: TargetRequest): ConfigSchemaRef {
    if ('resolved' in data) return data.resolved;
    const { returnFile, returnRange, source } = data.lazy;
    return lazyConfigSchemaRef(returnFile, returnRange, source, () => {
      const a = this.python.analyzeTarget(req);
      const c = a.configSchema;
      const plain = c ? configRefData(c, true) : undefined;
      this.targets.get(targetKeyOf(req))?.onFilesRead?.(a.files);
      return plain && 'resolved' in plain
        ? plain.resolved
        : {
            className:
              source
                .slice(source.lastIndexOf(':') + 1)
                .split('.')
                .pop() ?? '',
            returnFile,
            returnRange,
          };
    });
  }

  private target(req: TargetRequest): TargetAnalysis {
    const key = targetKeyOf(req);
    let a = this.targets.get(key);
    const tracer = this.fs.tracer;
    if (!a) {
      if (tracer.active) {
        tracer.begin();
        a = this.python.analyzeTarget(req);
        this.targetTraces.set(a, tracer.end());
      } else a = this.python.analyzeTarget(req);
      this.indexTarget(key, a);
    } else if (tracer.active) tracer.add(this.targetTraces.get(a));
    return a;
  }

  /** Keep a target's analysis, and which files it depends on. */
  private indexTarget(key: string, a: TargetAnalysis): void {
    this.targets.set(key, a);
    const index = (files: string[]) => {
      for (const f of files) {
        let s = this.targetsByFile.get(f);
        if (!s) this.targetsByFile.set(f, (s = new Set()));
        s.add(key);
      }
    };
    index(a.files);
    // Files the config-schema reference reads when it is resolved (later, if ever).
    a.onFilesRead = index;
  }

  private *analyzeManifests(
    walk: WalkResult,
    platform: PlatformInfo,
    plugins: PluginInfo[],
    diagnostics: Diagnostic[],
    extraErrors: Map<string, string[]>,
  ): Generator<void, ManifestInfo[], void> {
    const pluginErrors = new Map<string, string[]>(extraErrors);
    for (const d of diagnostics) {
      if (d.pluginId && d.severity === 'error') pluginErrors.set(d.pluginId, [...(pluginErrors.get(d.pluginId) ?? []), d.message]);
    }
    const coreDir = this.core?.found?.dir;
    this.context = {
      fs: this.fs,
      root: this.root,
      types: platform.types,
      plugins,
      pluginErrors,
      python: this.python,
      pythonSchemas: this.pythonSchemas,
      platformApiVersion: platform.apiVersion,
      floeCoreDirs: [...(coreDir ? [coreDir] : []), ...walk.floeCoreDirs.filter((d) => d !== coreDir)],
      modelCache: this.manifestModelCache,
      pythonManifestSchema: this.pythonManifestSchema,
    };
    const sig = this.signatures.of(platform, plugins, pluginErrors, this.pythonSchemas, this.pythonManifestSchema ? 'manifest-schema' : '');
    const out: ManifestInfo[] = [];
    for (const file of walk.manifestCandidates) {
      let cached = this.manifests.get(file);
      if (!cached || cached.sig !== sig) {
        const text = this.readLimited(file, MAX_MANIFEST_FILE);
        let result: ManifestAnalysis | null = null;
        if (text !== undefined && looksLikeManifest(file, text)) {
          try {
            result = analyzeManifest(file, text, this.context);
          } catch (e) {
            result = {
              info: { file, selections: [] },
              dependsOn: [],
              diagnostics: [
                {
                  file,
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  severity: 'error',
                  code: 'manifest-invalid',
                  message: `Internal error while validating this manifest: ${(e as Error).message}`,
                },
              ],
            };
          }
        }
        cached = { sig, result };
        this.manifests.set(file, cached);
        yield;
      }
      if (cached.result) {
        out.push(cached.result.info);
        diagnostics.push(...cached.result.diagnostics);
      }
    }
    return out;
  }
}

/** `a.localeCompare(b)`, with one collator made once instead of one per call (the same order). */
const collate = new Intl.Collator().compare;

/** What a cached per-declaration result depends on besides the declaration and its target. */
function platformKeyOf(platform: PlatformInfo): string {
  return `${platform.apiVersion}|${platform.types.map((t) => `${t.group}=${t.abc}:${t.abcModule}:${t.loadedBy}`).join(',')}`;
}

function targetKeyOf(req: TargetRequest): string {
  return `${req.importRoots.join('|')}\0${req.module}:${req.attr}\0${req.requiredAbc}`;
}

/**
 * What manifest validation depends on in the plugin model, as a number that changes when that
 * does: each plugin's part is kept with its object, so an unchanged model costs one comparison
 * per plugin.
 */
class ModelSignatures {
  private readonly parts = new WeakMap<PluginInfo, string>();
  private prev: { head: string; parts: string[]; errors: number[]; schemas: boolean[] } | undefined;
  private version = 0;

  of(platform: PlatformInfo, plugins: PluginInfo[], errors: Map<string, string[]>, schemas: Map<string, unknown>, extra: string): string {
    const head = `${platform.apiVersion}|${platform.types.map((t) => t.group).join(',')}|${extra}`;
    const cur = { head, parts: new Array<string>(plugins.length), errors: new Array<number>(plugins.length), schemas: new Array<boolean>(plugins.length) };
    const prev = this.prev;
    let same = !!prev && prev.head === head && prev.parts.length === plugins.length;
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i];
      let part = this.parts.get(p);
      if (part === undefined) {
        part = [
          p.id,
          p.name.kind === 'known' ? p.name.value : '',
          p.version.kind === 'known' ? p.version.value : '',
          p.compatibility,
          configSchemaKey(p.configSchema),
        ].join('|');
        this.parts.set(p, part);
      }
      cur.parts[i] = part;
      cur.errors[i] = errors.get(p.id)?.length ?? 0;
      cur.schemas[i] = schemas.has(p.id);
      if (same && (prev!.parts[i] !== part || prev!.errors[i] !== cur.errors[i] || prev!.schemas[i] !== cur.schemas[i])) same = false;
    }
    if (!same) this.version++;
    this.prev = cur;
    return String(this.version);
  }
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      collate(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || collate(a.code, b.code),
  );
}
