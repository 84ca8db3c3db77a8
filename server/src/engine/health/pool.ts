// Runs async jobs with at most `parallel` at a time, in order of the items; once `signal` aborts,
// the items not started yet get `skipped(item)` instead. Results come back in item order.

export async function runPool<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T, index: number) => Promise<R>,
  skipped: (item: T, index: number) => R,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = signal?.aborted ? skipped(items[i], i) : await work(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(parallel) || 1, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}
