// Fuzzing the registry engine: seeded mutations of pyproject.toml, entry_points.txt, METADATA,
// Python plugin files and the manifest, analysed in memory incrementally (one long-lived
// workspace: write, invalidate, analyze) and every tenth input from scratch. Zero throws, zero
// hangs; every result keeps its shape (known codes, ranges inside the file); the intact
// neighbour keeps its diagnostic; restored files give the same result as a fresh workspace.
// The loop runs in a worker with an idle watchdog, so a hang is reported with its input and the
// fuzzing goes on after it. This is the suite's seeded slice; `npm run bench` runs 10,000 inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerJob, serveWorker } from './lib/bounded';
import { runEngineFuzz, type EngineFuzzJob } from './lib/engineFuzz';
import { engineFuzzLines, engineFuzzProblems, fuzzEngine } from './lib/engineFuzzRun';
import { scaled } from '../lib/machine';

const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 20240607);
const INPUTS = Number(process.env.FLOE_FUZZ_ENGINE_INPUTS ?? 2000);

registerJob('engine-fuzz', (job: EngineFuzzJob, progress) => runEngineFuzz(job, progress));

if (!serveWorker()) {
  test('fuzz engine: mutated declarations, Python and manifests never crash or hang the analysis', async () => {
    const perInputMs = scaled(2000);
    const r = await fuzzEngine({ seed: SEED, inputs: INPUTS, perInputMs, hangMs: scaled(8000) });
    for (const l of engineFuzzLines(r, perInputMs)) console.log(l);
    assert.deepEqual(engineFuzzProblems(r, INPUTS), []);
  });
}
