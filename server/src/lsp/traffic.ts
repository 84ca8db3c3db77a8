// The connection's message traffic, as the pass scheduler needs it: the connection dispatches
// queued messages one per event-loop turn (an immediate it sets after each message), and this
// strategy counts them. Two turns in which none was dispatched mean the queue is empty: the
// connection's next immediate, set after ours or before, has run by then.
import type { Message, MessageStrategy } from 'vscode-languageserver/node';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MessageTraffic implements MessageStrategy {
  /** Messages dispatched so far. */
  dispatched = 0;

  handleMessage(message: Message, next: (message: Message) => void): void {
    this.dispatched++;
    next(message);
  }

  /** Resolves after two event-loop turns in which no message was dispatched (the queue is empty). */
  async quiet(): Promise<void> {
    for (;;) {
      const seen = this.dispatched;
      await turn();
      await turn();
      if (this.dispatched === seen) return;
    }
  }
}
