// The "Floe Plugin Tools" output: one LogOutputChannel with real levels. FloeLog folds repeated
// identical messages; LanguageClientOutput is the channel given to vscode-languageclient, which
// writes plain lines with its own `[Error - 10:04:11 AM]` prefixes: they become levels here (the
// server's `window/logMessage` types included; type Log, the server's per-pass trace, is trace).
import * as vscode from 'vscode';
import { parseClientLine, RepeatFolder, type LogLevel } from './logModel';

function text(message: string, args: unknown[]): string {
  return args.length ? [message, ...args.map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a)))].join(' ') : message;
}

export class FloeLog implements vscode.LogOutputChannel {
  private readonly folder: RepeatFolder;

  constructor(private readonly channel: vscode.LogOutputChannel) {
    this.folder = new RepeatFolder((level, m) => this.channel[level](m), {
      start: (fn, ms) => setTimeout(fn, ms),
      stop: (h) => clearTimeout(h as NodeJS.Timeout),
    });
  }

  get name(): string { return this.channel.name; }
  get logLevel(): vscode.LogLevel { return this.channel.logLevel; }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> { return this.channel.onDidChangeLogLevel; }

  log(level: LogLevel, message: string): void { this.folder.push(level, message); }
  trace(message: string, ...args: unknown[]): void { this.log('trace', text(message, args)); }
  debug(message: string, ...args: unknown[]): void { this.log('debug', text(message, args)); }
  info(message: string, ...args: unknown[]): void { this.log('info', text(message, args)); }
  warn(message: string, ...args: unknown[]): void { this.log('warn', text(message, args)); }
  error(error: string | Error, ...args: unknown[]): void {
    this.log('error', text(error instanceof Error ? error.stack ?? error.message : error, args));
  }

  append(value: string): void { this.channel.append(value); }
  appendLine(value: string): void { this.channel.appendLine(value); }
  replace(value: string): void { this.channel.replace(value); }
  clear(): void { this.channel.clear(); }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    this.folder.flush();
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void { this.channel.hide(); }
  dispose(): void { this.folder.flush(); this.channel.dispose(); }
}

/**
 * The OutputChannel vscode-languageclient writes to. A prefixed line starts an entry at its level;
 * lines written in the same turn after it (a stack trace, a request's JSON) belong to it; an
 * unprefixed line on its own is the server's `window/logMessage` of type Log: trace.
 */
export class LanguageClientOutput implements vscode.OutputChannel {
  private entry: { level: LogLevel; lines: string[] } | undefined;
  private partial = '';

  constructor(private readonly log: FloeLog) {}

  get name(): string { return this.log.name; }

  append(value: string): void { this.partial += value; }

  appendLine(value: string): void {
    const line = this.partial + value;
    this.partial = '';
    const parsed = parseClientLine(line);
    if (!parsed && this.entry) { this.entry.lines.push(line); return; }
    this.flush();
    this.entry = parsed ? { level: parsed.level, lines: [parsed.message] } : { level: 'trace', lines: [line] };
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const e = this.entry;
    this.entry = undefined;
    if (e) this.log.log(e.level, e.lines.join('\n'));
  }

  replace(value: string): void { this.flush(); this.log.replace(value); }
  clear(): void { this.flush(); this.log.clear(); }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void { this.flush(); this.log.show(columnOrPreserveFocus, preserveFocus); }
  hide(): void { this.log.hide(); }
  /** The channel belongs to the extension, not to the language client. */
  dispose(): void { this.flush(); }
}
