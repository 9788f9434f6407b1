#!/usr/bin/env node
'use strict';
// The command is written in TypeScript and built to dist/ (npm run build, done by npm start).
try {
  require('../dist/bin/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && /dist[\\/]bin[\\/]cli/.test(String(err.message))) {
    console.error('evcharge: not built yet, run `npm run build` first');
    process.exit(1);
  }
  throw err;
}
