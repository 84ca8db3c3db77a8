// When the language server process dies: restart it, unless it died `maxCrashes` times within
// `windowMs` (a server that cannot stay up is left stopped, and the user is told once, with the
// way to its log). Pure, so the rule is unit-tested without VS Code.
export interface CrashVerdict {
  restart: boolean;
  /** Crashes within the window, this one included. */
  count: number;
}

export class CrashPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** The server died at `now`: restart it? */
  crashed(now: number): CrashVerdict {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return { restart: this.crashes.length < this.maxCrashes, count: this.crashes.length };
  }

  /** A restart the user asked for starts the count again. */
  reset(): void {
    this.crashes = [];
  }
}
