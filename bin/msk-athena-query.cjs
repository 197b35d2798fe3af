#!/usr/bin/env node
// Installed command for `npm run query`: runs the query CLI compiled by scripts/run.mjs (no TypeScript loader).
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

import(pathToFileURL(join(__dirname, '..', 'scripts', 'run.mjs')).href).then(({ run }) => run('bin/query.ts', process.argv.slice(2)));
