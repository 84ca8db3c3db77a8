// The client's user-facing text, localised. `l10n.t(message, ...args)` has the shape of
// `vscode.l10n.t`: the modules that import `vscode` call `vscode.l10n.t`, the pure ones (tested
// under node, no `vscode` import) call this one, and `scripts/l10n.mjs` reads both into
// l10n/bundle.l10n.json. The extension installs VS Code's translator at activation; until then,
// and under node, a message is its English text with `{0}`, `{1}`… filled in.

export type L10nArg = string | number | boolean;
export type Translator = (message: string, args: L10nArg[]) => string;

/** `{0}`, `{1}`… replaced by the arguments (a placeholder without an argument is left as it is). */
export function formatMessage(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

let translator: Translator = formatMessage;

export const l10n = {
  t(message: string, ...args: L10nArg[]): string {
    return translator(message, args);
  },
};

/** Use this translator from now on (`undefined`: English again). */
export function useTranslator(t: Translator | undefined): void {
  translator = t ?? formatMessage;
}
