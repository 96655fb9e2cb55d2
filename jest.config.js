/**
 * One jest run for everything: unit tests beside the code, integration tests in test/ against
 * a real Temporal dev server and a real MariaDB/MySQL (started / created in global setup).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // test/cluster/ checks the real cluster `npm run test:cluster` starts (SAFELOOP_TEST_CLUSTER set).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/web/', '/.data/', ...(process.env.SAFELOOP_TEST_CLUSTER ? [] : ['/test/cluster/'])],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  forceExit: false,
};
