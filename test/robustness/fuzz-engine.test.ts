// Fuzzing the registry engine: seeded mutations of pyproject.toml, entry_points.txt, METADATA,
// Python plugin files and the manifest, analysed in memory incrementally (one long-lived
// workspace: write, invalidate, analyze) and every tenth input from scratch. Zero throws, zero
// hangs; every result keeps its shape (known codes, ranges inside the file); the intact
// neighbour keeps its diagnostic; restored files give the same result as a fresh workspace.
// The loop runs in a worker with an idle watchdog, so a hang is reported with its input and the
// fuzzing goes on after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOutcome, registerJob, runJob, serveWorker } from './lib/bounded';
import { runEngineFuzz, type EngineFuzzJob, type EngineFuzzStats, type FuzzProgress, type FuzzStep } from './lib/engineFuzz';

const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 20240607);
const MAX_INPUTS = Number(process.env.FLOE_FUZZ_ENGINE_INPUTS ?? 2000);
const BUDGET_MS = Number(process.env.FLOE_FUZZ_ENGINE_MS ?? 20_000);
/** No single analysis of this small workspace may take longer than this, whatever its input. */
const PER_INPUT_MS = 2000;
/** Silence after which the worker is taken to hang on its current input. */
const HANG_MS = 8000;
const MAX_HANGS = 3;

registerJob('engine-fuzz', (job: EngineFuzzJob, progress) => runEngineFuzz(job, progress));

if (!serveWorker()) {
  test('fuzz engine: mutated declarations, Python and manifests never crash or hang the analysis', async () => {
    const started = Date.now();
    const hangs: string[] = [];
    const errors: string[] = [];
    let tried = 0, cold = 0, next = 0;
    let last: FuzzStep | undefined;
    const failures: EngineFuzzStats['failures'] = [];
    const slow: string[] = [];
    const byFile: Record<string, number> = {};
    let healed = { equal: true, diff: '' };
    let slowest = '';

    while (next < MAX_INPUTS && Date.now() - started < BUDGET_MS && hangs.length < MAX_HANGS) {
      const skip = hangs.map((h) => Number(/#(\d+)/.exec(h)?.[1]));
      const left = BUDGET_MS - (Date.now() - started);
      const o = await runJob<EngineFuzzStats>('engine-fuzz', { seed: SEED, start: next, skip, max: MAX_INPUTS, budgetMs: left, perInputMs: PER_INPUT_MS }, {
        timeoutMs: left + HANG_MS + 5000, idleMs: HANG_MS, maxOldMb: 1024, keep: 1,
        // Steps, failures and slow inputs arrive as they happen, so a segment that hangs loses none.
        onProgress: (m) => {
          const p = m as FuzzProgress;
          if (p.kind === 'step') { last = p; tried++; byFile[p.file] = (byFile[p.file] ?? 0) + 1; next = p.i + 1; }
          else if (p.kind === 'fail') failures.push(p.failure);
          else if (p.kind === 'slow') slow.push(p.slow);
        },
      });
      if (o.status === 'ok') {
        cold += o.value.cold;
        next = o.value.next;
        healed = { equal: o.value.healedEqualsFresh, diff: o.value.healedDiff };
        slowest = `${o.value.maxMs} ms (${o.value.maxInput})`;
        break;
      }
      if ((o.status !== 'timeout' && o.status !== 'oom') || !last) { errors.push(describeOutcome(o)); break; }
      hangs.push(`seed ${SEED} #${last.i} ${last.file} ${last.kinds.join('+')}: ${o.status === 'oom' ? 'out of memory' : `no answer in ${HANG_MS} ms`}; input ${last.text}`);
      next = last.i + 1;
    }

    const crashes = failures.filter((f) => !f.error.startsWith('result:') && !f.error.startsWith('cold result:')).length;
    console.log(`fuzz engine: ${tried} inputs (${cold} also cold), ${crashes} crashes, ${hangs.length} hangs, ${failures.length - crashes} bad results, ${slow.length} slow (> ${PER_INPUT_MS} ms), seed ${SEED}, ${Date.now() - started} ms`);
    console.log(`fuzz engine: inputs per file ${JSON.stringify(byFile)}; slowest analysis ${slowest}`);
    for (const h of hangs) console.log(`fuzz engine HANG: ${h}`);
    for (const f of failures.slice(0, 10)) console.log(`fuzz engine FAIL: ${f.input} ${f.file} ${f.kinds.join('+')}: ${f.error.split('\n')[0]}`);

    assert.deepEqual(errors, []);
    assert.ok(tried >= 200, `only ${tried} inputs were tried within the time budget`);
    assert.deepEqual(hangs, [], `${hangs.length} inputs hung the engine`);
    assert.deepEqual(failures.slice(0, 5).map((f) => `${f.input} ${f.file} ${f.kinds.join('+')}: ${f.error}\n  input: ${f.text}`), [], `${failures.length} failing inputs`);
    assert.deepEqual(slow.slice(0, 5), [], `${slow.length} inputs took over ${PER_INPUT_MS} ms`);
    assert.ok(healed.equal, `after restoring the files the incremental result differs from a fresh one: ${healed.diff}`);
  });
}
