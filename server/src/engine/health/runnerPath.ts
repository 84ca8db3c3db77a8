// Where the Python runner script (server/python/floe_runner.py) is. The bundles live in dist/
// (extension, server, CLI) and out/tests/... (tests), so the script is searched for upwards
// from this bundle's folder; setRunnerPath() or FLOE_RUNNER_PATH override the search.
import * as fs from 'node:fs';
import * as path from 'node:path';

const RELATIVE = path.join('server', 'python', 'floe_runner.py');
let override: string | undefined;

/** Use this runner script (undefined: back to the search). */
export function setRunnerPath(file: string | undefined): void {
  override = file;
}

/** The runner script's absolute path (the best guess when none is found; callers check it exists). */
export function runnerPath(): string {
  if (override) return override;
  const env = process.env.FLOE_RUNNER_PATH;
  if (env) return path.resolve(env);
  const starts = [__dirname, process.env.FLOE_REPO_ROOT].filter((d): d is string => !!d);
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const candidate = path.join(dir, RELATIVE);
      if (fs.existsSync(candidate)) return candidate;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return path.join(__dirname, '..', RELATIVE);
}
