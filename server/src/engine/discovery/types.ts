// The contract of discovery: what the workspace walk and the declaration parsers produce.
import type { Diagnostic, EntryPointDecl, Range } from '../model';

/** What one walk of a workspace root finds. */
export interface WalkResult {
  /** Every pyproject.toml (absolute paths). */
  pyprojects: string[];
  /** Every `*.dist-info` folder of the workspace's virtualenvs and the given site-packages. */
  distInfos: Array<{ dir: string; sitePackages: string }>;
  /** Candidate manifests: *.yaml, *.yml, *.json files (not in excluded folders), plus manifest globs. */
  manifestCandidates: string[];
  /** `floe_core` package folders: the workspace's source ones (sorted), then those of the given
   * site-packages folders (in the order given), then those of the workspace's virtualenvs. */
  floeCoreDirs: string[];
  /** The ones of `floeCoreDirs` found in a site-packages folder (installed, not source). */
  installedFloeCoreDirs?: string[];
  /** Problems met while walking (file-skipped: too large, symlink loops ...). */
  diagnostics: Diagnostic[];
  /** How many directories and files were visited. */
  visitedDirs: number;
  visitedFiles: number;
  /** Declaration files (pyproject.toml) skipped for their size; each has a file-skipped diagnostic. */
  skipped?: string[];
}

export interface WalkOptions {
  /** User exclude globs, relative to the root (picomatch). */
  exclude?: string[];
  /** Extra site-packages folders (absolute, or relative to the root). */
  sitePackages?: string[];
  /** Extra manifest globs relative to the root. */
  manifestGlobs?: string[];
  /** Max folder depth (default 20). */
  maxDepth?: number;
  /** Max entries visited before the walk stops with a diagnostic (default 200,000). */
  maxEntries?: number;
  /** pyproject.toml files larger than this (bytes) are skipped with a diagnostic (default 2 MiB). */
  maxFileSize?: number;
}

/** What one pyproject.toml declares. */
export interface PyprojectInfo {
  file: string;
  /** `[project] name`, PEP 503-normalised, or the folder name when absent. */
  distribution: string;
  /** Raw `[project] name` as written, with its range. */
  projectName?: string;
  projectNameRange?: Range;
  version?: string;
  /** Import roots: `<dir>/src` when it exists (src layout) and `<dir>` (flat layout), plus tool.setuptools package-dir roots. */
  importRoots: string[];
  /** Every entry point in a `floe.*` group (known or not). */
  entryPoints: EntryPointDecl[];
  /** toml-syntax problems and malformed entry-point tables. */
  diagnostics: Diagnostic[];
}

/** What one installed distribution (`*.dist-info`) declares. */
export interface DistInfo {
  dir: string;
  distribution: string;
  version?: string;
  entryPoints: EntryPointDecl[];
  /** For an editable install: the source folder(s) it points at (from direct_url.json / .pth files). */
  editableOf?: string[];
  diagnostics: Diagnostic[];
}
