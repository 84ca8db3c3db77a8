// Fuzzing the running language server over stdio: mutated declarations, Python files and the
// manifest arrive as open-document edits or as raw bytes on disk with watched-file events; after
// each, every kind of request is fired at random positions. Every request must be answered, the
// server must not log a caught exception or die, and once the files are restored the diagnostics
// equal the first index. This is the suite's seeded slice; `npm run bench` runs 2,000 inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzServer, serverFuzzLines, serverFuzzProblems } from './lib/serverFuzzRun';

const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 20240607) + 1;
const INPUTS = Number(process.env.FLOE_FUZZ_SERVER_INPUTS ?? 300);

test('fuzz server: every request is answered while mutated files stream in over stdio and disk', async () => {
  const r = await fuzzServer({ seed: SEED, inputs: INPUTS });
  for (const l of serverFuzzLines(r)) console.log(l);
  assert.deepEqual(serverFuzzProblems(r, INPUTS), []);
});
