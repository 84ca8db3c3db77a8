// Unit tests of the pass scheduler: a burst of changes queued on the connection becomes one pass
// that starts when the queue is empty, never by a timer; a run whose folder changes stops at its
// next step, is never published, and the folder is analysed again from where the engine's caches
// are; with a debounce set, the timer is used as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisResult, Diagnostic } from '../../server/src/engine/model';
import type { ServerCore } from '../../server/src/lsp/core';
import type { FolderIndex } from '../../server/src/lsp/folders';
import { PassScheduler, SLICE_MS, type PassClock } from '../../server/src/lsp/passes';
import type { StatusReporter } from '../../server/src/lsp/status';
import { MessageTraffic } from '../../server/src/lsp/traffic';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** A step of the fake analysis: runs for longer than a slice, so the scheduler gives up the thread after each. */
function busyStep(): void {
  const end = performance.now() + SLICE_MS + 1;
  while (performance.now() < end) {
    /* a step of work */
  }
}

interface FakeFolder {
  folder: FolderIndex;
  /** Per run: how many steps it took, and whether it was closed before its last one. */
  runs: Array<{ steps: number; closedEarly: boolean }>;
  /** Called at each step (index within the run, run number). */
  onStep?: (step: number, run: number) => void;
}

function fakeFolder(stepsPerRun: number, busy = true): FakeFolder {
  const f: FakeFolder = { folder: undefined as unknown as FolderIndex, runs: [] };
  const folder = {
    name: 'w',
    root: '/w',
    uri: 'file:///w',
    generation: 0,
    disposed: false,
    published: new Map(),
    registry: { update: () => false },
    contains: () => true,
    *analysisSteps(): Generator<void, AnalysisResult | undefined, void> {
      const run = { steps: 0, closedEarly: true };
      f.runs.push(run);
      const n = f.runs.length;
      const diagnostics: Diagnostic[] = [
        {
          file: '/w/a.py',
          range: { start: { line: n, character: 0 }, end: { line: n, character: 1 } },
          severity: 'error',
          code: 'unknown-group',
          message: `run ${n}`,
        },
      ];
      try {
        for (let i = 0; i < stepsPerRun; i++) {
          if (busy) busyStep();
          run.steps++;
          f.onStep?.(i, n);
          yield;
        }
        run.closedEarly = false;
        return { diagnostics } as unknown as AnalysisResult;
      } finally {
        /* a dropped run is closed here */
      }
    },
  };
  f.folder = folder as unknown as FolderIndex;
  return f;
}

function setup(debounceMs = 0) {
  const published: string[][] = [];
  const timers: number[] = [];
  const traffic = new MessageTraffic();
  const core = {
    opts: { debounceMs, trace: false },
    shuttingDown: false,
    publisher: {
      nextSeq: () => 0,
      setFolder: (_u: string, byFile: Map<string, Diagnostic[]>) => {
        published.push([...byFile.values()].flat().map((d) => d.message));
        return byFile.size;
      },
    },
    log: (where: string, e: unknown) => {
      throw new Error(`${where}: ${String(e)}`);
    },
    trace: () => undefined,
    registryChanged: () => undefined,
  } as unknown as ServerCore;
  const status = { send: () => undefined } as unknown as StatusReporter;
  let passes = 0;
  const clock: PassClock = {
    quiet: () => traffic.quiet(),
    setTimeout: (fn, ms) => {
      timers.push(ms);
      return setTimeout(fn, ms);
    },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const scheduler = new PassScheduler(
    core,
    status,
    {
      afterPass: () => {
        passes++;
      },
    },
    clock,
  );
  /** A message the connection dispatches: the change handler's work. */
  const dispatch = (fn: () => void) => traffic.handleMessage({ jsonrpc: '2.0' }, () => fn());
  /** A change of the folder as the connection delivers it: a new generation, queued for a pass. */
  const change = (folder: FolderIndex) =>
    dispatch(() => {
      folder.generation++;
      scheduler.add(folder);
      scheduler.schedule();
    });
  return { scheduler, published, timers, change, passes: () => passes };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100000 && !cond(); i++) await turn();
  assert.ok(cond(), what);
}

test('a burst of changes queued on the connection is one pass, started when the queue is empty, without a timer', async () => {
  const { published, timers, change, passes } = setup();
  const f = fakeFolder(2);
  // Five changes, dispatched one per event-loop turn as the connection does with a queue.
  for (let i = 0; i < 5; i++) {
    change(f.folder);
    assert.equal(f.runs.length, 0, 'no run starts while changes are still queued');
    await turn();
  }
  await until('the pass published', () => published.length === 1);
  assert.equal(f.runs.length, 1, 'one run for the whole burst');
  assert.deepEqual(published, [['run 1']]);
  assert.deepEqual(timers, [], 'no timer was set');
  assert.equal(passes(), 1);
});

test('a change during a run stops it at its next step; the stale result is never published and the folder is analysed again', async () => {
  const { scheduler, published, timers, change } = setup();
  const f = fakeFolder(20);
  f.onStep = (step, run) => {
    if (run === 1 && step === 2) setImmediate(() => change(f.folder));
  };
  change(f.folder);
  await until('the second run published', () => published.length === 1);
  assert.equal(f.runs.length, 2);
  assert.equal(f.runs[0].closedEarly, true, 'the first run was stopped');
  assert.ok(f.runs[0].steps <= 5, `the first run stopped after ${f.runs[0].steps} of 20 steps`);
  assert.equal(f.runs[1].closedEarly, false);
  assert.deepEqual(published, [['run 2']], 'only the current result is published');
  assert.equal(scheduler.stopped, 1);
  assert.deepEqual(timers, []);
});

test('a change that arrives after the run finished but before it is published drops that result too', async () => {
  const { published, change } = setup();
  const f = fakeFolder(1, false);
  f.onStep = (_step, run) => {
    if (run === 1) setImmediate(() => change(f.folder));
  };
  change(f.folder);
  await until('the second run published', () => published.length === 1);
  assert.deepEqual(
    f.runs.map((r) => r.closedEarly),
    [false, false],
  );
  assert.deepEqual(published, [['run 2']]);
});

test('with a debounce set, a burst waits for the timer (the first change after a quiet spell runs at once)', async () => {
  const { scheduler, published, timers, change } = setup(60000);
  const f = fakeFolder(1);
  change(f.folder);
  await until('the first change published', () => published.length === 1);
  change(f.folder);
  for (let i = 0; i < 50; i++) await turn();
  assert.equal(f.runs.length, 1, 'the second change waits for the debounce');
  assert.deepEqual(timers, [0, 60000]);
  scheduler.stop();
});
