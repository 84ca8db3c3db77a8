// Bundles the extension client, the language server and the command line into dist/.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The plugin graph webview: its script with elkjs's elk.bundled.js (layout in the page, no
  // worker, no network) and its stylesheet, both in dist/media (the webview's only resource root).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/graph.ts'], outfile: 'dist/media/graph.js' },
  {
    ...common,
    platform: 'browser',
    entryPoints: ['client/webview/graph.css'],
    outfile: 'dist/media/graph.css',
    format: undefined,
    target: undefined,
    mainFields: undefined,
  },
];

const existing = [];
for (const b of builds) {
  try {
    (await import('node:fs')).accessSync(b.entryPoints[0]);
    existing.push(b);
  } catch {
    /* not written yet */
  }
}
if (watch) {
  for (const b of existing) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(existing.map((b) => esbuild.build(b)));
}
