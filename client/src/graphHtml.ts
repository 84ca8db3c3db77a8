// The plugin graph webview's page (no `vscode` import): a strict content security policy (no
// network, scripts only with this page's nonce, styles and scripts only from the extension's
// dist/media), the toolbar, and the drawing surface the webview script fills.
import { l10n } from './l10n';

export interface GraphPage {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per page. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The page's language (`vscode.env.language`). */
  lang?: string;
}

export function contentSecurityPolicy(p: Pick<GraphPage, 'cspSource' | 'nonce'>): string {
  return ["default-src 'none'", `style-src ${p.cspSource}`, `font-src ${p.cspSource}`, `img-src ${p.cspSource}`, `script-src 'nonce-${p.nonce}'`].join('; ');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function graphHtml(p: GraphPage): string {
  return `<!DOCTYPE html>
<html lang="${esc(p.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(p.styleUri)}">
<title>${esc(l10n.t('Floe Plugin Graph'))}</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="${esc(l10n.t('Plugin graph'))}">
  <input id="search" type="search" placeholder="${esc(l10n.t('Filter plugins by name'))}" aria-label="${esc(l10n.t('Filter plugins by name'))}" spellcheck="false">
  <span class="spacer"></span>
  <button id="fit" type="button" title="${esc(l10n.t('Fit the graph to the window'))}">${esc(l10n.t('Fit'))}</button>
  <button id="export" type="button" title="${esc(l10n.t('Save the graph as an SVG file'))}">${esc(l10n.t('Export SVG…'))}</button>
</header>
<div id="types" class="types" role="group" aria-label="${esc(l10n.t('Plugin types'))}"></div>
<div class="status"><span id="summary" aria-live="polite"></span><span id="legend" class="legend"></span></div>
<main id="canvas" class="canvas">
  <svg id="graph" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="${esc(l10n.t('Plugin dependency graph'))}"></svg>
  <p id="message" class="message" hidden></p>
</main>
<script nonce="${esc(p.nonce)}" src="${esc(p.scriptUri)}"></script>
</body>
</html>
`;
}
