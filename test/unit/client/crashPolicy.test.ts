import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashPolicy } from '../../../client/src/crashPolicy';

test('a server that dies is restarted until it has died five times within three minutes', () => {
  const p = new CrashPolicy();
  const t0 = 1_000_000;
  assert.deepEqual(
    [1, 2, 3, 4].map((i) => p.crashed(t0 + i * 1000)),
    [1, 2, 3, 4].map((count) => ({ restart: true, count })),
  );
  assert.deepEqual(p.crashed(t0 + 5000), { restart: false, count: 5 });
});

test('crashes older than the window are forgotten; a restart asked for by the user starts the count again', () => {
  const p = new CrashPolicy(5, 3 * 60_000);
  const t0 = 1_000_000;
  for (let i = 0; i < 4; i++) p.crashed(t0 + i);
  // Three minutes after the first four, a fifth crash is the only one in the window.
  assert.deepEqual(p.crashed(t0 + 3 * 60_000 + 10), { restart: true, count: 1 });
  for (let i = 0; i < 3; i++) p.crashed(t0 + 4 * 60_000 + i);
  assert.deepEqual(p.crashed(t0 + 4 * 60_000 + 5), { restart: false, count: 5 });
  p.reset();
  assert.deepEqual(p.crashed(t0 + 4 * 60_000 + 6), { restart: true, count: 1 });
});
