// Jest runs TypeScript through swc with the same .swcrc as the build, and also
// transforms the ESM-only dependencies (meilisearch) so CommonJS tests can load them.
const { ts: swcrc, tsx } = require('./scripts/swc-options.cjs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/server', '<rootDir>/test', '<rootDir>/bench', '<rootDir>/web'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx$': ['@swc/jest', { ...tsx, swcrc: false }],
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcrc, swcrc: false }],
  },
  // preact, d3-geo and openid-client (with oauth4webapi and jose) ship ES modules only; Node requires them natively, jest needs them transformed.
  transformIgnorePatterns: ['/node_modules/(?!(meilisearch|preact|preact-render-to-string|d3-geo|d3-array|internmap|openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
