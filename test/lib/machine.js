// Time budgets that scale with the machine the tests run on. CI shares 2 cores with other work, so
// a budget fixed in milliseconds passes or fails by luck. Two measurements, each taken once per
// process and cached:
//   machineFactor()    a short CPU workload timed against the same workload on the project's idle
//                      2-core machine (never below 1): scaled(ms) multiplies a budget by it;
//   pythonStartupMs()  python3 starting and importing pydantic (the heaviest import a fixture
//                      plugin makes), the median of three runs: budgets that include starting
//                      Python, and margins after a kill, are derived from it.
// FLOE_TIME_SCALE=3 forces the factor (to reproduce a slow machine).
'use strict';
const { spawnSync } = require('node:child_process');

/** Median ms of workload() on the project's 2-core machine with nothing else running. */
const REFERENCE_MS = 25;

function workload() {
  const a = [];
  for (let i = 0; i < 40000; i++) a.push({ i, s: 'x' + i, t: [i, i * 2] });
  return JSON.parse(JSON.stringify(a)).length;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

let factor;
/** How much slower than the reference machine this one is right now (≥ 1). */
function machineFactor() {
  if (factor !== undefined) return factor;
  const forced = Number(process.env.FLOE_TIME_SCALE);
  if (Number.isFinite(forced) && forced > 0) return (factor = forced);
  workload(); // warm the JIT
  const ms = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    workload();
    ms.push(performance.now() - t0);
  }
  factor = Math.max(1, median(ms) / REFERENCE_MS);
  return factor;
}

/** A time budget of `ms` on the reference machine, scaled to this one. */
function scaled(ms) {
  return Math.round(ms * machineFactor());
}

const pyStartup = new Map();
/** ms for `python` to start and import pydantic (median of three), at least 100. */
function pythonStartupMs(python = 'python3') {
  if (pyStartup.has(python)) return pyStartup.get(python);
  const ms = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    spawnSync(python, ['-c', 'import pydantic'], { stdio: 'ignore' });
    ms.push(performance.now() - t0);
  }
  const v = Math.max(100, Math.round(median(ms)));
  pyStartup.set(python, v);
  return v;
}

/** A budget for work that starts Python: `base` ms, or `times` Python start-ups if that is more. */
function pythonBudget(base, times = 3) {
  return Math.max(scaled(base), Math.round(times * pythonStartupMs()));
}

/** How late a kill may land after its timer fired (event-loop lag, reaping, pipes closing). */
function killMargin() {
  return Math.max(scaled(1000), pythonStartupMs());
}

module.exports = { machineFactor, scaled, pythonStartupMs, pythonBudget, killMargin };
