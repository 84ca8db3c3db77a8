// `floe-plugins check --format gitlab`: GitLab's Code Quality report (a JSON array of issues with
// check_name, description, severity, location and a fingerprint), for merge-request widgets.
import { createHash } from 'node:crypto';
import type { AnalysisResult } from '../engine';
import { rel } from './format';

const SEVERITY = { error: 'major', warning: 'minor', information: 'info', hint: 'info' } as const;

export function checkGitlab(r: AnalysisResult) {
  const seen = new Map<string, number>();
  return r.diagnostics.map((d) => {
    const file = rel(r.root, d.file);
    // Stable across commits while the problem stays: not the line, which moves with edits above it.
    const key = `${d.code}\0${file}\0${d.message}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      description: d.message,
      check_name: d.code,
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex'),
      severity: SEVERITY[d.severity],
      location: { path: file, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
    };
  });
}
