// Benchmarks run through jest only to reuse its TypeScript transform and the integration set-up
// (Postgres, Temporal binaries); they are never part of `npm test`.
const path = require('node:path');
const base = require('../jest.config.js');

const integration = base.projects.find((project) => project.displayName === 'integration');

/** @type {import('jest').Config} */
module.exports = {
  ...integration,
  rootDir: path.join(__dirname, '..'),
  displayName: 'bench',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 20 * 60 * 1000,
};
