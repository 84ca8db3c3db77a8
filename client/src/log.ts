// The "Floe Plugin Tools" output: one LogOutputChannel with real levels, repeated identical
// messages folded (the language client's lines reach it through clientOutput.ts).
import * as vscode from 'vscode';
import { RepeatFolder, type LogLevel } from './logModel';

/** The label of a notification button that opens this output. */
export const showOutput = (): string => vscode.l10n.t('Show Output');

function text(message: string, args: unknown[]): string {
  return args.length
    ? [message, ...args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a)))].join(' ')
    : message;
}

export class FloeLog implements vscode.LogOutputChannel {
  private readonly folder: RepeatFolder;

  constructor(private readonly channel: vscode.LogOutputChannel) {
    this.folder = new RepeatFolder((level, m) => this.channel[level](m), {
      start: (fn, ms) => setTimeout(fn, ms),
      stop: (h) => clearTimeout(h as NodeJS.Timeout),
    });
  }

  get name(): string {
    return this.channel.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  log(level: LogLevel, message: string): void {
    this.folder.push(level, message);
  }
  trace(message: string, ...args: unknown[]): void {
    this.log('trace', text(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.log('debug', text(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    this.log('info', text(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.log('warn', text(message, args));
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.log('error', text(error instanceof Error ? (error.stack ?? error.message) : error, args));
  }

  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    this.folder.flush();
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.folder.flush();
    this.channel.dispose();
  }
}
