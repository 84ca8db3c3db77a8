// Dependency resolution as floe's DependencyResolver does it, over the static names and
// dependencies of the plugins the platform loaded, to compare with what the platform's own
// resolver said: the first plugin (in load order) with missing dependencies fails first; then
// Kahn's algorithm; plugins left over are in (or behind) a cycle, reported as the path a depth-first
// walk from the first of them finds. Cycles are compared by their members (floe starts its walk at
// a node picked from a set, so the start differs from run to run).
import type { RuntimeDependencies } from './types';

export interface DepNode {
  name: string;
  dependencies: string[];
}

export type Resolution = { kind: 'ok'; order: string[] } | { kind: 'missing'; plugin: string; missing: string[] } | { kind: 'cycle'; cycle: string[] };

export function resolveLikeFloe(nodes: DepNode[]): Resolution {
  const names = new Set(nodes.map((n) => n.name));
  for (const n of nodes) {
    const missing = n.dependencies.filter((d) => !names.has(d));
    if (missing.length) return { kind: 'missing', plugin: n.name, missing };
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const inDegree = new Map(nodes.map((n) => [n.name, 0]));
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    for (const d of n.dependencies) {
      inDegree.set(n.name, (inDegree.get(n.name) ?? 0) + 1);
      dependents.set(d, [...(dependents.get(d) ?? []), n.name]);
    }
  }
  const queue = nodes.filter((n) => inDegree.get(n.name) === 0).map((n) => n.name);
  const order: string[] = [];
  while (queue.length) {
    const name = queue.shift()!;
    order.push(name);
    for (const d of dependents.get(name) ?? []) {
      const left = (inDegree.get(d) ?? 0) - 1;
      inDegree.set(d, left);
      if (left === 0) queue.push(d);
    }
  }
  if (order.length === nodes.length) return { kind: 'ok', order };
  const start = nodes.find((n) => (inDegree.get(n.name) ?? 0) > 0)!.name;
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
    onPath.add(name);
    path.push(name);
    for (const d of byName.get(name)?.dependencies ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    onPath.delete(name);
    return undefined;
  };
  return { kind: 'cycle', cycle: visit(start) ?? [start, start] };
}

/** The platform's answer in the same terms. */
export function runtimeResolution(d: RuntimeDependencies): Resolution | { kind: 'error'; message: string } {
  if (d.order) return { kind: 'ok', order: d.order };
  const e = d.error;
  if (e && Array.isArray(e.cycle)) return { kind: 'cycle', cycle: e.cycle.map(String) };
  if (e && typeof e.plugin === 'string' && Array.isArray(e.missing)) return { kind: 'missing', plugin: e.plugin, missing: e.missing.map(String) };
  return { kind: 'error', message: e ? (e.type ? `${e.type}: ${e.message}` : e.message) : 'no answer' };
}

/** floe's words for a resolution (its exception messages), or `resolves`. */
export function describeResolution(r: Resolution | { kind: 'error'; message: string }): string {
  switch (r.kind) {
    case 'ok':
      return 'resolves';
    case 'missing':
      return `"Plugin '${r.plugin}' has missing dependencies: ${r.missing.join(', ')}"`;
    case 'cycle':
      return `"Circular dependency: ${r.cycle.join(' -> ')}"`;
    default:
      return r.message;
  }
}

/** The plugin names a resolution blames. */
export function blamed(r: Resolution | { kind: 'error'; message: string }): string[] {
  if (r.kind === 'missing') return [r.plugin];
  if (r.kind === 'cycle') return [...new Set(r.cycle)];
  return [];
}

/** Whether two resolutions say the same thing. */
export function sameResolution(a: Resolution, b: Resolution | { kind: 'error'; message: string }): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'missing' && b.kind === 'missing') return a.plugin === b.plugin && [...a.missing].sort().join('\0') === [...b.missing].sort().join('\0');
  if (a.kind === 'cycle' && b.kind === 'cycle') return [...new Set(a.cycle)].sort().join('\0') === [...new Set(b.cycle)].sort().join('\0');
  return a.kind === 'ok';
}

/** Static dependencies the runtime order breaks: `dep` should come before `name`. */
export function orderViolations(nodes: DepNode[], order: string[]): Array<{ name: string; dependency: string }> {
  const at = new Map(order.map((n, i) => [n, i]));
  const out: Array<{ name: string; dependency: string }> = [];
  for (const n of nodes) {
    const i = at.get(n.name);
    if (i === undefined) continue;
    for (const d of n.dependencies) {
      const j = at.get(d);
      if (j !== undefined && j > i) out.push({ name: n.name, dependency: d });
    }
  }
  return out;
}
