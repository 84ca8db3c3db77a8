// The output channel's pure parts: the language client's prefixes read as levels, repeated
// identical messages folded, durations rounded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageClientOutput } from '../../../client/src/clientOutput';
import { foldedLine, parseClientLine, RepeatFolder, type FoldTimer, type LogLevel } from '../../../client/src/logModel';
import { formatDuration } from '../../../shared/duration';

describe('language client lines', () => {
  it('prefixes become levels; the prefix is dropped', () => {
    assert.deepEqual(parseClientLine('[Error - 10:04:11 AM] analysis of /ws: boom'), { level: 'error', message: 'analysis of /ws: boom' });
    assert.deepEqual(parseClientLine('[Warn  - 10:04:11] careful'), { level: 'warn', message: 'careful' });
    assert.deepEqual(parseClientLine('[Info  - 22:01:00] ws: floe-core 1.0.0 from /ws/x'), { level: 'info', message: 'ws: floe-core 1.0.0 from /ws/x' });
    assert.deepEqual(parseClientLine('[Debug - 1:02:03 PM] d'), { level: 'debug', message: 'd' });
    assert.deepEqual(parseClientLine("[Trace - 10:04:11 AM] Sending request 'floe/listPlugins - (3)'."), {
      level: 'trace',
      message: "Sending request 'floe/listPlugins - (3)'.",
    });
    assert.deepEqual(parseClientLine('[LSP   - 10:04:11 AM] {"isLSPMessage":true}'), { level: 'trace', message: '{"isLSPMessage":true}' });
  });
  it('a line without a prefix (a Log-type message, a stack trace) is not parsed', () => {
    assert.equal(parseClientLine('pass ws: analyze 1.2 ms'), undefined);
    assert.equal(parseClientLine('    at foo (x.js:1:2)'), undefined);
    assert.equal(parseClientLine('[floe] old style'), undefined);
  });
});

/** A fake clock: timers run when `advance` passes their time. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const timer: FoldTimer = {
    start: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    stop: (h) => {
      timers.delete(h as number);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      now = next[1].at;
      timers.delete(next[0]);
      next[1].fn();
    }
    now = end;
  };
  return { timer, advance, now: () => now };
}

describe('repeated messages', () => {
  const setup = () => {
    const out: Array<[LogLevel, string]> = [];
    const clock = fakeClock();
    const folder = new RepeatFolder((l, m) => out.push([l, m]), clock.timer, clock.now, 2000, 30000);
    return { out, clock, folder };
  };
  it('the first occurrence at once, the repeats counted in one line when they stop', () => {
    const { out, clock, folder } = setup();
    for (let i = 0; i < 13; i++) {
      folder.push('error', 'floe/listPlugins failed: boom');
      clock.advance(100);
    }
    assert.deepEqual(out, [['error', 'floe/listPlugins failed: boom']]);
    clock.advance(2000);
    assert.deepEqual(out, [
      ['error', 'floe/listPlugins failed: boom'],
      ['error', 'floe/listPlugins failed: boom … (12 more times)'],
    ]);
    // After the quiet spell the message is new again.
    folder.push('error', 'floe/listPlugins failed: boom');
    assert.equal(out.length, 3);
  });
  it('interleaved messages are folded each on its own; a message said once gets no count', () => {
    const { out, clock, folder } = setup();
    for (let i = 0; i < 3; i++) {
      folder.push('warn', 'a');
      folder.push('warn', 'b');
    }
    folder.push('info', 'c');
    clock.advance(5000);
    assert.deepEqual(out, [
      ['warn', 'a'],
      ['warn', 'b'],
      ['info', 'c'],
      ['warn', 'a … (2 more times)'],
      ['warn', 'b … (2 more times)'],
    ]);
  });
  it('the same text at another level is another message; trace and debug are never folded', () => {
    const { out, folder } = setup();
    folder.push('warn', 'x');
    folder.push('error', 'x');
    folder.push('trace', 'pass ws: analyze 1.2 ms');
    folder.push('trace', 'pass ws: analyze 1.2 ms');
    folder.push('debug', 'd');
    folder.push('debug', 'd');
    assert.deepEqual(
      out.map(([l]) => l),
      ['warn', 'error', 'trace', 'trace', 'debug', 'debug'],
    );
  });
  it('a message repeating without pause is counted every 30 s, not held back for ever', () => {
    const { out, clock, folder } = setup();
    for (let i = 0; i <= 31; i++) {
      folder.push('error', 'again');
      clock.advance(1000);
    }
    assert.deepEqual(out.slice(0, 2), [
      ['error', 'again'],
      ['error', 'again … (30 more times)'],
    ]);
  });
  it('flush writes pending counts now; a multi-line message is counted by its first line', () => {
    const { out, folder } = setup();
    folder.push('error', 'request failed\n    at x (y.js:1:1)');
    folder.push('error', 'request failed\n    at x (y.js:1:1)');
    folder.flush();
    assert.deepEqual(out[1], ['error', 'request failed … (1 more time)']);
    assert.equal(foldedLine('one\ntwo', 12), 'one … (12 more times)');
  });
});

describe('durations', () => {
  it('rounded for reading', () => {
    assert.equal(formatDuration(0.123456), '0.1 ms');
    assert.equal(formatDuration(1.24), '1.2 ms');
    assert.equal(formatDuration(12), '12 ms');
    assert.equal(formatDuration(99.96), '100 ms');
    assert.equal(formatDuration(292.4), '292 ms');
    assert.equal(formatDuration(999.4), '999 ms');
    assert.equal(formatDuration(999.6), '1 s');
    assert.equal(formatDuration(3412), '3.4 s');
    assert.equal(formatDuration(75_000), '75 s');
    assert.equal(formatDuration(123_456), '123 s');
    assert.equal(formatDuration(Number.NaN), '? ms');
  });
});

describe("the language client's channel", () => {
  const setup = () => {
    const got: Array<[LogLevel, string]> = [];
    const pending: Array<() => void> = [];
    const sink = {
      name: 'Floe Plugin Tools',
      log: (l: LogLevel, m: string) => got.push([l, m]),
      replace: () => {},
      clear: () => {},
      show: () => {},
      hide: () => {},
    };
    const out = new LanguageClientOutput(sink, (fn) => pending.push(fn));
    const turn = () => {
      for (const fn of pending.splice(0)) fn();
    };
    return { got, out, turn };
  };
  it('each prefixed line is an entry at its level, without the prefix', () => {
    const { got, out, turn } = setup();
    out.appendLine('[Error - 10:04:11 AM] analysis of /ws: boom');
    turn();
    out.appendLine('[Info  - 10:04:12 AM] ws: floe-core 1.0.0 from /ws/src/floe_core');
    turn();
    assert.deepEqual(got, [
      ['error', 'analysis of /ws: boom'],
      ['info', 'ws: floe-core 1.0.0 from /ws/src/floe_core'],
    ]);
  });
  it("lines written in the same turn after a prefixed one belong to it (a stack, a message's data)", () => {
    const { got, out, turn } = setup();
    out.appendLine('[Error - 10:04:11 AM] Request floe/listPlugins failed.');
    out.appendLine('  Message: boom');
    out.appendLine('  Code: -32603');
    turn();
    assert.deepEqual(got, [['error', 'Request floe/listPlugins failed.\n  Message: boom\n  Code: -32603']]);
  });
  it("an unprefixed line on its own (the server's Log type: the per-pass trace) is trace", () => {
    const { got, out, turn } = setup();
    out.appendLine('pass ws: analyze 1.2 ms, yield 0.1 ms, publish 0.3 ms (0 files sent)');
    turn();
    assert.deepEqual(got, [['trace', 'pass ws: analyze 1.2 ms, yield 0.1 ms, publish 0.3 ms (0 files sent)']]);
  });
  it('append + appendLine (the protocol trace) make one line', () => {
    const { got, out, turn } = setup();
    out.append('[LSP   - 10:04:11 AM] ');
    out.appendLine('{"isLSPMessage":true,"type":"request"}');
    turn();
    assert.deepEqual(got, [['trace', '{"isLSPMessage":true,"type":"request"}']]);
  });
});
