// Pure parts of the output channel (no `vscode` import): the language client's line prefixes read
// as log levels, and repeated identical messages folded into one line.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const PREFIX = /^\[(Error|Warn|Info|Debug|Trace|LSP)\s*-\s*[^\]]*\]\s?/;
const LEVELS: Record<string, LogLevel> = { Error: 'error', Warn: 'warn', Info: 'info', Debug: 'debug', Trace: 'trace', LSP: 'trace' };

/**
 * A line as vscode-languageclient writes it (`[Error - 10:04:11 AM] message`: the server's
 * `window/logMessage` by type, the client's own messages, `[Trace - …]` / `[LSP   - …]` protocol
 * traces): its level and the message without the prefix. Undefined for a line without one (the
 * server's `window/logMessage` of type Log, or a continuation such as a stack trace).
 */
export function parseClientLine(line: string): { level: LogLevel; message: string } | undefined {
  const m = PREFIX.exec(line);
  return m ? { level: LEVELS[m[1]], message: line.slice(m[0].length) } : undefined;
}

/** A timer the folder can start and stop (setTimeout in the extension, a fake clock in tests). */
export interface FoldTimer {
  start(fn: () => void, ms: number): unknown;
  stop(handle: unknown): void;
}

interface Open {
  level: LogLevel;
  message: string;
  more: number;
  handle: unknown;
  lastAt: number;
  firstAt: number;
}

/**
 * Writes each message once while it keeps repeating: the first occurrence at once, the repeats
 * that follow within `quietMs` of each other counted, then one line `<message> … (12 more times)`
 * once they stop (or every `maxMs` while they go on). Trace and debug lines are never folded.
 */
export class RepeatFolder {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly write: (level: LogLevel, message: string) => void,
    private readonly timer: FoldTimer,
    private readonly now: () => number = Date.now,
    private readonly quietMs = 2000,
    private readonly maxMs = 30000,
  ) {}

  push(level: LogLevel, message: string): void {
    if (level === 'trace' || level === 'debug') {
      this.write(level, message);
      return;
    }
    const key = `${level}\u0000${message}`;
    const o = this.open.get(key);
    const t = this.now();
    if (o) {
      o.more++;
      o.lastAt = t;
      if (t - o.firstAt >= this.maxMs) this.close(key);
      else this.arm(key, o);
      return;
    }
    this.write(level, message);
    if (this.open.size >= 200) this.close(this.open.keys().next().value as string);
    const fresh: Open = { level, message, more: 0, handle: undefined, lastAt: t, firstAt: t };
    this.open.set(key, fresh);
    this.arm(key, fresh);
  }

  /** Write every pending count now (before the channel is shown or disposed). */
  flush(): void {
    for (const key of [...this.open.keys()]) this.close(key);
  }

  private arm(key: string, o: Open): void {
    if (o.handle !== undefined) this.timer.stop(o.handle);
    o.handle = this.timer.start(() => {
      o.handle = undefined;
      this.close(key);
    }, this.quietMs);
  }

  private close(key: string): void {
    const o = this.open.get(key);
    if (!o) return;
    this.open.delete(key);
    if (o.handle !== undefined) this.timer.stop(o.handle);
    if (o.more > 0) this.write(o.level, foldedLine(o.message, o.more));
  }
}

/** `<first line of the message> … (12 more times)`. */
export function foldedLine(message: string, more: number): string {
  const first = message.split('\n')[0];
  return `${first} … (${more} more time${more === 1 ? '' : 's'})`;
}
