// Dependency ordering (Kahn's algorithm, ties broken by name) and cycle detection (Tarjan SCC),
// over plugin names as `dependencies` lists them.

export interface DepNode {
  name: string;
  dependencies: string[];
}

export interface DependencyAnalysis {
  /** Names in load order: every dependency before its dependents. Nodes in or behind a cycle are left out. */
  order: string[];
  /** Each cycle as a closed path `a -> b -> a` (starting at its smallest name). */
  cycles: string[][];
  /** Dependencies that name no node. */
  missing: Array<{ name: string; dependency: string }>;
}

export function analyzeDependencies(nodes: DepNode[]): DependencyAnalysis {
  const names = new Set(nodes.map((n) => n.name));
  const deps = new Map<string, string[]>();
  const missing: DependencyAnalysis['missing'] = [];
  for (const n of nodes) {
    const list = deps.get(n.name) ?? [];
    for (const d of n.dependencies) {
      if (!names.has(d)) missing.push({ name: n.name, dependency: d });
      else if (!list.includes(d)) list.push(d);
    }
    deps.set(n.name, list);
  }
  return { order: kahn(names, deps), cycles: findCycles(names, deps), missing };
}

function kahn(names: Set<string>, deps: Map<string, string[]>): string[] {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of names) {
    indegree.set(n, 0);
    dependents.set(n, []);
  }
  for (const [n, ds] of deps)
    for (const d of ds) {
      indegree.set(n, (indegree.get(n) ?? 0) + 1);
      dependents.get(d)!.push(n);
    }
  const ready = [...names].filter((n) => indegree.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length) {
    const n = ready.shift()!;
    order.push(n);
    for (const m of dependents.get(n)!) {
      const k = indegree.get(m)! - 1;
      indegree.set(m, k);
      if (k === 0) insertSorted(ready, m);
    }
  }
  return order;
}

/** Insert `x` into the sorted `a` after every element less than it (binary search). */
function insertSorted(a: string[], x: string): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, x);
}

/** Tarjan's strongly connected components; each component with a cycle becomes one closed path. */
function findCycles(names: Set<string>, deps: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  const strong = (v: string): void => {
    // iterative to survive long chains
    const work: Array<{ v: string; i: number }> = [{ v, i: 0 }];
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    while (work.length) {
      const top = work[work.length - 1];
      const ds = [...(deps.get(top.v) ?? [])].sort();
      if (top.i < ds.length) {
        const w = ds[top.i++];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index);
          index++;
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, idx.get(w)!));
      } else {
        work.pop();
        if (work.length) {
          const p = work[work.length - 1].v;
          low.set(p, Math.min(low.get(p)!, low.get(top.v)!));
        }
        if (low.get(top.v) === idx.get(top.v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.v);
          sccs.push(comp);
        }
      }
    }
  };
  for (const n of [...names].sort()) if (!idx.has(n)) strong(n);
  const cycles: string[][] = [];
  for (const comp of sccs) {
    const set = new Set(comp);
    if (comp.length === 1 && !(deps.get(comp[0]) ?? []).includes(comp[0])) continue;
    // The shortest closed path through the component's smallest member (BFS inside the component).
    const start = [...set].sort()[0];
    const prev = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length && !found) {
      const cur = queue.shift()!;
      for (const d of (deps.get(cur) ?? []).filter((x) => set.has(x)).sort()) {
        if (d === start) {
          prev.set(start, cur);
          found = true;
          break;
        }
        if (!prev.has(d)) {
          prev.set(d, cur);
          queue.push(d);
        }
      }
    }
    const path = [start];
    for (let cur = prev.get(start)!; cur !== start; cur = prev.get(cur)!) path.unshift(cur);
    path.unshift(start);
    path.pop();
    path.push(start);
    cycles.push(path);
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}
