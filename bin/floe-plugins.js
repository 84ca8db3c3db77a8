#!/usr/bin/env node
'use strict';
// The floe-plugins command line: a thin launcher for the bundled checker.
require('../dist/cli.js')
  .main(process.argv.slice(2), undefined, { workerScript: require.resolve('../dist/cli.js') })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`floe-plugins: ${err && err.stack ? err.stack : err}`);
      process.exitCode = 2;
    },
  );
