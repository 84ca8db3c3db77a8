// Bounded capture of a plugin's stdout/stderr: keeps the head and the tail, counts the rest.

export class OutputCapture {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(
    private readonly headMax = 1000,
    private readonly tailMax = 3000,
  ) {}

  add(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.headMax) {
      const take = this.headMax - this.head.length;
      this.head += chunk.slice(0, take);
      chunk = chunk.slice(take);
    }
    if (!chunk) return;
    this.tail = (this.tail + chunk).slice(-this.tailMax);
  }

  /** The whole text when it fitted, else head + `… [N characters left out] …` + tail. */
  text(): string {
    const kept = this.head.length + this.tail.length;
    if (kept >= this.total) return this.head + this.tail;
    return `${this.head}\n… [${this.total - kept} characters left out] …\n${this.tail}`;
  }

  get length(): number {
    return this.total;
  }
}
