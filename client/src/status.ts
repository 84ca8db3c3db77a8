// The one status-bar item: indexing progress, then plugin and problem counts.
import * as vscode from 'vscode';
import type { StatusParams } from '../../shared/protocol';
import { formatStatus } from './statusModel';

export class FloeStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('floe.status', vscode.StatusBarAlignment.Left, 10);
  last: StatusParams | undefined;
  started = false;
  python: string | undefined;
  trusted = true;

  constructor() {
    this.item.name = 'Floe Plugin Tools';
    this.item.command = 'floe.showOutput';
    this.render();
    this.item.show();
  }

  update(s: StatusParams): void {
    this.last = s;
    this.render();
  }

  /** The server is (re)starting: nothing it said before holds. */
  reset(): void {
    this.last = undefined;
    this.render();
  }

  render(): void {
    const v = formatStatus(this.last, { python: this.python, trusted: this.trusted, started: this.started });
    this.item.text = v.text;
    const tip = new vscode.MarkdownString(v.tooltip);
    tip.supportThemeIcons = true;
    this.item.tooltip = tip;
    this.item.backgroundColor = v.background ? new vscode.ThemeColor(v.background) : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
