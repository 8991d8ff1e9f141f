#!/usr/bin/env node
// Stable entry for the `utbyte` command; the compiled command line lives in dist/.
require('../dist/cli.js').run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
