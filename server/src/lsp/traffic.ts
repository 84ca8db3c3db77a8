// The connection's message traffic, as the pass scheduler needs it: the connection dispatches
// queued messages one per event-loop turn, and this strategy counts them. A turn in which none was
// dispatched means the queue is empty: every change that had arrived has been applied.
import type { Message, MessageStrategy } from 'vscode-languageserver/node';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MessageTraffic implements MessageStrategy {
  /** Messages dispatched so far. */
  dispatched = 0;

  handleMessage(message: Message, next: (message: Message) => void): void {
    this.dispatched++;
    next(message);
  }

  /** Resolves after an event-loop turn in which no message was dispatched (the queue is empty). */
  async quiet(): Promise<void> {
    for (;;) {
      const seen = this.dispatched;
      await turn();
      if (this.dispatched === seen) return;
    }
  }
}
