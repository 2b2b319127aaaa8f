// Benchmarks run through jest only to reuse its TypeScript transform and the set-up of the e2e tier
// (Postgres, Temporal binaries, workflow bundle): they drive the stack as it does. They are never
// part of `npm test`.
const path = require('node:path');
const base = require('../jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  rootDir: path.join(__dirname, '..'),
  displayName: 'bench',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 20 * 60 * 1000,
};
