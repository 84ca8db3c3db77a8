// FloeWorkspace: the registry engine over one workspace root. Discovers, resolves, checks and
// keeps per-file caches so that a change re-reads only the files it touched.
//
// PUBLIC API (stable; the CLI and the language server use exactly this):
//   new FloeWorkspace(root, options?, fs?)
//   .setOptions(options)                 options changed (re-walks on next analyze)
//   .analyze(): AnalysisResult           full result, from caches where files did not change
//   .invalidate(files: string[])         these files changed, were created or deleted
//   .isRelevant(file): boolean           does this file take part (pyproject, entry_points.txt, .py under
//                                        an import root, manifest, floe-core source)?
//   .python: PythonAnalyzerApi           for hovers / definitions on Python files
//   .manifestContext(): ManifestContext  for manifest hovers / completions
//   .pythonSchemas                       schemas exported by running Python, by plugin id (server fills it)
//   .last: AnalysisResult | undefined    the last result
//
// Implementation: see ./analysis/ (lead engineer).
export { FloeWorkspace } from './analysis/floeWorkspace';
