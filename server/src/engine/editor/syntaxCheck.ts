// The fast path: a changed file's own syntax errors, published at once, before the full pass
// has run. Python via @lezer/python, pyproject.toml via toml-eslint-parser.
import * as path from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import type { Diagnostic } from '../model';
import { parsePython, syntaxDiagnostics } from '../python/syntax';
import { LineIndex } from '../text/lineIndex';

export function quickSyntax(file: string, text: string): Diagnostic[] | undefined {
  if (file.endsWith('.py')) return syntaxDiagnostics(parsePython(file, text));
  if (path.basename(file) === 'pyproject.toml') {
    try {
      parseTOML(text);
      return [];
    } catch (e) {
      const err = e as { index?: number; message?: string };
      const lines = new LineIndex(text);
      const at = typeof err.index === 'number' ? err.index : 0;
      return [
        {
          file,
          range: lines.range(at, Math.min(at + 1, text.length)),
          severity: 'error',
          code: 'toml-syntax',
          message: `TOML syntax error: ${err.message ?? String(e)}`,
        },
      ];
    }
  }
  return undefined;
}
