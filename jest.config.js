// @ts-check
/* Two tiers (DESIGN §3, STYLE "three test tiers"):
 * unit: *.spec.ts beside the code, no I/O;
 * integration: test/**.test.ts against real Postgres and real Temporal. */
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      // Nest code-first GraphQL needs decorator metadata (DESIGN §4).
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@sus/domain$': path.join(__dirname, 'libs/domain/src'),
  '^@sus/domain/(.*)$': path.join(__dirname, 'libs/domain/src/$1'),
  '^@sus/catalog$': path.join(__dirname, 'libs/catalog/src'),
  '^@sus/catalog/(.*)$': path.join(__dirname, 'libs/catalog/src/$1'),
};

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.tools/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 120_000,
    },
  ],
};
