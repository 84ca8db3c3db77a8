// Cancellation (AbortSignal): running plugins are killed, the rest never start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHealthChecks } from '../../server/src/engine/health/runner';
import type { HealthResult } from '../../server/src/engine/health/types';
import { killMargin } from '../lib/machine';
import { fx, PYTHON } from './helpers';

test('aborting after the first result kills the running plugin and skips the rest', async () => {
  const ac = new AbortController();
  const streamed: HealthResult[] = [];
  let abortedAt = 0;
  const results = await runHealthChecks(
    [
      fx('healthy', 'healthy:HealthyPlugin'),
      fx('hanging', 'hanging:HangingPlugin'),
      fx('hanging-2', 'hanging:HangingPlugin'),
      fx('degraded', 'states:DegradedPlugin'),
    ],
    {
      python: PYTHON,
      parallel: 2,
      healthTimeoutMs: 30000,
      signal: ac.signal,
      onResult: (x) => {
        streamed.push(x);
        if (x.entryPoint === 'healthy') {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    },
  );
  const end = performance.now();
  assert.deepEqual(
    results.map((x) => [x.entryPoint, x.state, x.message]),
    [
      ['healthy', 'healthy', 'all good'],
      ['hanging', 'unhealthy', 'cancelled'],
      ['hanging-2', 'unhealthy', 'cancelled (not started)'],
      ['degraded', 'unhealthy', 'cancelled (not started)'],
    ],
  );
  assert.equal(results[1].details.cancelled, true);
  assert.deepEqual(results[2].hooks, []);
  assert.equal(streamed.length, 4);
  assert.ok(end - abortedAt < killMargin(), `run ended ${end - abortedAt} ms after the abort`);
});

test('an already aborted signal starts nothing', async () => {
  const ac = new AbortController();
  ac.abort();
  const results = await runHealthChecks([fx('healthy', 'healthy:HealthyPlugin')], { python: PYTHON, signal: ac.signal });
  assert.deepEqual(
    results.map((x) => [x.state, x.message, x.durationMs]),
    [['unhealthy', 'cancelled (not started)', 0]],
  );
});
