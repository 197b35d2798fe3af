#!/usr/bin/env node
// Installed command for `npm run query`: runs the TypeScript CLI through tsx.
require('tsx/cjs');
const { main } = require('./query.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
