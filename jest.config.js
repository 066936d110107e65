/** One jest configuration for the monorepo: a project per package, ts-jest for TypeScript. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }];
const adapterTsJest = ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests boot real servers (SQLite/MariaDB, Redis, a Chroma child): allow them time.
  testTimeout: 60000,
  projects: [
    { displayName: 'shared', rootDir: 'shared', testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, testMatch: ['<rootDir>/**/*.test.ts'] },
    { displayName: 'adapter-web', rootDir: 'adapters/web', testEnvironment: 'node', transform: { '^.+\\.ts$': adapterTsJest }, testMatch: ['<rootDir>/**/*.test.ts'] },
    {
      displayName: 'server',
      rootDir: 'server',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
