// @ts-check
// Four tiers, each a project that runs alone (`jest --selectProjects <tier>`); `npm test` runs them in
// this order, one step each (STYLE "three test tiers", plus workflows):
// unit:        *.spec.ts beside the code, no I/O;
// integration: test/**/*.test.ts against real Postgres (and Temporal where the api or a worker needs
//              it), one app or service at a time;
// workflows:   test/workflows/: workflow logic on the time-skipping Temporal server, and replay of the
//              committed histories in test/histories;
// e2e:         test/**/*.e2e.test.ts: the whole stack (api, worker, Temporal and sandbox, or the built
//              platform) driven over HTTP as its clients drive it.
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
      // Rewritten at compile time so global setup (which ignores moduleNameMapper) resolves them too.
      baseUrl: __dirname,
      paths: {
        '@sus/domain': ['libs/domain/src'],
        '@sus/domain/*': ['libs/domain/src/*'],
        '@sus/catalog': ['libs/catalog/src'],
        '@sus/catalog/*': ['libs/catalog/src/*'],
        '@sus/platform': ['libs/platform/src'],
        '@sus/contracts': ['libs/contracts/src'],
      },
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
  '^@sus/platform$': path.join(__dirname, 'libs/platform/src'),
  '^@sus/contracts$': path.join(__dirname, 'libs/contracts/src'),
};

/* Node 20 cannot require() these ESM-only packages inside jest's module system (jest needs Node ≥ 24.9
 * for that), so jest compiles them to CommonJS; plain `node` loads them through require(esm). */
const esmOnlyPackages = ['content-disposition', 'jose'];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.tools/'],
};

/** Tiers that start servers: the Temporal runtime set up quietly, generous timeouts, one teardown. */
const withServers = {
  ...common,
  setupFiles: ['<rootDir>/test/support/setup-file.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** Postgres, the Temporal binaries and the workflow bundle (test/support/global-setup.ts). */
const postgresAndTemporal = '<rootDir>/test/support/global-setup.ts';

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...withServers,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/workflows/', '\\.e2e\\.test\\.ts$'],
      globalSetup: postgresAndTemporal,
    },
    {
      ...withServers,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/workflows-global-setup.ts',
    },
    {
      ...withServers,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.test.ts'],
      globalSetup: postgresAndTemporal,
    },
  ],
};
