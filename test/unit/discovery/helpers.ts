// Shared helpers of the discovery tests.
import * as path from 'node:path';
import type { Range } from '../../../server/src/engine/model';

export const FIXTURES = path.join(process.env.FLOE_REPO_ROOT ?? process.cwd(), 'test', 'fixtures', 'discovery');
export const WS = path.join(FIXTURES, 'ws');

/** `line:col-line:col` (0-based) for compact range assertions. */
export function r(range: Range | undefined): string {
  if (!range) return 'none';
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
