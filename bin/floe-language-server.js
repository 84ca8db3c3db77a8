#!/usr/bin/env node
'use strict';
// The Floe language server for any LSP editor: `floe-language-server --stdio` (also --node-ipc,
// --socket=N, --pipe=NAME). With no transport given it speaks over stdio.
const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'Usage: floe-language-server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]',
      '',
      'The Floe Plugin Tools language server: diagnostics, hovers, completion, code actions and',
      'CodeLens for floe plugin packages (pyproject.toml, plugin sources, entry_points.txt) and',
      'platform manifests. Settings: section "floePlugins" of workspace/configuration, or',
      'initializationOptions.settings. Editor set-ups: docs/editors.md.',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
if (!args.some((a) => /^--(stdio|node-ipc|socket=|pipe=)/.test(a))) process.argv.push('--stdio');
require('../dist/server.js');
