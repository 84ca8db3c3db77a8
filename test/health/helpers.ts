// Shared bits of the health runner tests: fixture paths and targets.
import * as path from 'node:path';
import type { HealthResult, HealthTarget } from '../../server/src/engine/health/types';

export const REPO = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');
export const WORKSPACE = path.join(REPO, 'test', 'fixtures', 'health', 'workspace');
export const SRC = path.join(WORKSPACE, 'packages', 'floe-fx', 'src');
export const FX = path.join(SRC, 'floe_fx');
export const PYTHON = 'python3';

/** A target for a fixture plugin `floe_fx.<module>:<Class>`. */
export function fx(entryPoint: string, target: string, extra: Partial<HealthTarget> = {}): HealthTarget {
  return {
    pluginId: `floe.computes:${entryPoint}`,
    group: 'floe.computes',
    entryPoint,
    name: entryPoint,
    target: `floe_fx.${target}`,
    importRoots: [SRC],
    ...extra,
  };
}

export function byEntry(results: HealthResult[]): Map<string, HealthResult> {
  return new Map(results.map((r) => [r.entryPoint, r]));
}

/** A budget as the runner's messages write it: `1 s`, `2.5 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
