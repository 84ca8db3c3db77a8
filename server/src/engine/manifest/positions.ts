// Offset -> position (0-based line, UTF-16 column) for a few offsets of a large text: line starts
// are found only as far as the largest offset asked for, so diagnostics near the top of a 1 MB
// manifest do not index the whole text. Same results as `LineIndex` (\n, \r\n and lone \r).
import type { Position, Range } from '../model';

export class LazyLines {
  private readonly starts: number[] = [0];
  private scanned = 0;
  constructor(private readonly text: string) {}

  private scanTo(offset: number): void {
    const t = this.text;
    let i = this.scanned;
    for (; i < t.length && i <= offset; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (t.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
    this.scanned = Math.max(this.scanned, i);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    if (o >= this.scanned) this.scanTo(o);
    const starts = this.starts;
    let lo = 0,
      hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
