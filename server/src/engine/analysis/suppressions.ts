// Suppression comments: `# floe: ignore` (every code) or `# floe: ignore[code-a, code-b]` at the end
// of the line a problem starts on, or alone on the line above it, in pyproject.toml, Python,
// entry_points.txt and YAML manifests (all of which use `#` comments). A code's former name
// (CODE_ALIASES) silences it too.
import type { FileSystem } from '../fs';
import { CODE_ALIASES, type Diagnostic } from '../model';

const MARK = /#\s*floe:\s*ignore(?:\[([^\]]*)\])?/;

/** Per line: the codes ignored there (`'*'` = all). */
type Ignores = Map<number, Set<string> | '*'>;

function scan(text: string): Ignores {
  const out: Ignores = new Map();
  if (!text.includes('floe:')) return out;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = MARK.exec(lines[i]);
    if (!m) continue;
    const codes = m[1]
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const ignore: Set<string> | '*' = codes?.length ? new Set(codes) : '*';
    const alone = lines[i].trimStart().startsWith('#');
    // A comment alone on its line applies to the next line; at the end of a line, to that line.
    out.set(alone ? i + 1 : i, ignore);
  }
  return out;
}

export class Suppressions {
  private readonly cache = new Map<string, { stamp: string; ignores: Ignores }>();
  constructor(private readonly fs: FileSystem) {}

  private ignoresOf(file: string): Ignores {
    const stamp = this.fs.stamp(file);
    const hit = this.cache.get(file);
    if (hit && hit.stamp === stamp) return hit.ignores;
    const ignores = file.endsWith('.json') ? new Map() : scan(this.fs.readFile(file) ?? '');
    this.cache.set(file, { stamp, ignores });
    return ignores;
  }

  /** The diagnostics no suppression comment silences. */
  filter(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => {
      const ignore = this.ignoresOf(d.file).get(d.range.start.line);
      return !(ignore === '*' || (ignore && (ignore.has(d.code) || !!CODE_ALIASES[d.code]?.some((a) => ignore.has(a)))));
    });
  }
}
