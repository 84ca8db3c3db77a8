// Fuzzing at scale: 10,000 seeded inputs (pyproject.toml, entry_points.txt, METADATA, Python plugin
// and config modules, platform manifests) through the engine, and 2,000 through the live language
// server over stdio with every kind of request after each edit. The robustness suite runs a slice
// of the same seeded streams. Prints each hang, crash and unanswered request with its seed and input
// number (replay: FLOE_FUZZ_SEED=<seed> npm run bench -- fuzz); exits 1 when there is any.
//   FLOE_FUZZ_SEED, FLOE_FUZZ_ENGINE_INPUTS (10000), FLOE_FUZZ_SERVER_INPUTS (2000)
import { registerJob, serveWorker } from '../robustness/lib/bounded';
import { runEngineFuzz, type EngineFuzzJob } from '../robustness/lib/engineFuzz';
import { engineFuzzLines, engineFuzzProblems, fuzzEngine } from '../robustness/lib/engineFuzzRun';
import { fuzzServer, serverFuzzLines, serverFuzzProblems } from '../robustness/lib/serverFuzzRun';

const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 20240607);
const ENGINE_INPUTS = Number(process.env.FLOE_FUZZ_ENGINE_INPUTS ?? 10_000);
const SERVER_INPUTS = Number(process.env.FLOE_FUZZ_SERVER_INPUTS ?? 2000);
/** Per analysis of the small fuzz workspace, and silence before an input counts as a hang (ms). */
const PER_INPUT_MS = 2000;
const HANG_MS = 15_000;

registerJob('engine-fuzz', (job: EngineFuzzJob, progress) => runEngineFuzz(job, progress));

async function main(): Promise<void> {
  const problems: string[] = [];
  const engine = await fuzzEngine({ seed: SEED, inputs: ENGINE_INPUTS, perInputMs: PER_INPUT_MS, hangMs: HANG_MS });
  for (const l of engineFuzzLines(engine, PER_INPUT_MS)) console.log(l);
  problems.push(...engineFuzzProblems(engine, ENGINE_INPUTS).map((p) => `engine: ${p}`));

  const server = await fuzzServer({ seed: SEED + 1, inputs: SERVER_INPUTS, name: 'fuzz-bench' });
  for (const l of serverFuzzLines(server)) console.log(l);
  problems.push(...serverFuzzProblems(server, SERVER_INPUTS).map((p) => `server: ${p}`));

  console.log(
    `fuzz: ${engine.tried} engine inputs, ${server.tried} server inputs with ${server.tally.sent} requests; ` +
      `${engine.crashes + server.crashes.length} crashes, ${engine.hangs.length} hangs, ${server.tally.unanswered.length} unanswered; seeds ${SEED} / ${SEED + 1}`,
  );
  for (const p of problems) console.log(`fuzz PROBLEM: ${p}`);
  console.log(problems.length ? 'fuzz: FAILED' : 'fuzz: ok');
  process.exit(problems.length ? 1 : 0);
}

if (!serveWorker()) void main();
