// The swc settings of the build and of jest, in one place: .swcrc for TypeScript, and
// the same with JSX for the site's .tsx pages (server-rendered preact, see docs/web.md).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ts = JSON.parse(readFileSync(join(__dirname, '..', '.swcrc'), 'utf8'));
delete ts.$schema;

const tsx = {
  ...ts,
  jsc: {
    ...ts.jsc,
    parser: { ...ts.jsc.parser, tsx: true },
    transform: { ...ts.jsc.transform, react: { runtime: 'automatic', importSource: 'preact' } },
  },
};

/** Options for one file: .tsx gets the JSX transform, everything else .swcrc as it is. */
function swcOptionsFor(file) {
  return file.endsWith('.tsx') ? tsx : ts;
}

module.exports = { ts, tsx, swcOptionsFor };
