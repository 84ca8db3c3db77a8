// The OutputChannel given to vscode-languageclient. It writes plain lines with its own prefixes
// (`[Error - 10:04:11 AM] …`: the server's `window/logMessage` by type, its own messages,
// `[Trace - …]` protocol traces); here they become levels of the one Floe output. Lines written in
// the same turn after a prefixed one (a stack trace, a message's JSON) belong to it; an unprefixed
// line on its own is the server's `window/logMessage` of type Log (its per-pass trace): trace.
import type * as vscode from 'vscode';
import { parseClientLine, type LogLevel } from './logModel';

/** Where the entries go (FloeLog in the extension). */
export interface LevelSink {
  readonly name: string;
  log(level: LogLevel, message: string): void;
  replace(value: string): void;
  clear(): void;
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void;
  hide(): void;
}

export class LanguageClientOutput implements vscode.OutputChannel {
  private entry: { level: LogLevel; lines: string[] } | undefined;
  private partial = '';

  constructor(
    private readonly sink: LevelSink,
    private readonly later: (fn: () => void) => void = queueMicrotask,
  ) {}

  get name(): string {
    return this.sink.name;
  }

  append(value: string): void {
    this.partial += value;
  }

  appendLine(value: string): void {
    const line = this.partial + value;
    this.partial = '';
    const parsed = parseClientLine(line);
    if (!parsed && this.entry) {
      this.entry.lines.push(line);
      return;
    }
    this.flush();
    this.entry = parsed ? { level: parsed.level, lines: [parsed.message] } : { level: 'trace', lines: [line] };
    this.later(() => this.flush());
  }

  /** Write the entry being gathered. */
  flush(): void {
    const e = this.entry;
    this.entry = undefined;
    if (e) this.sink.log(e.level, e.lines.join('\n'));
  }

  replace(value: string): void {
    this.flush();
    this.sink.replace(value);
  }
  clear(): void {
    this.flush();
    this.sink.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    this.flush();
    this.sink.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.sink.hide();
  }
  /** The channel belongs to the extension, not to the language client. */
  dispose(): void {
    this.flush();
  }
}
