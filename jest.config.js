/** One jest configuration for the monorepo: a project per package, ts-jest for TypeScript. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }];
const adapterTsJest = ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.json' }];
const fs = require('node:fs');
const path = require('node:path');

// Every adapters/<platform> package with tests is its own project, so a new adapter needs no edit here.
const adapterProjects = fs
  .readdirSync(path.join(__dirname, 'adapters'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(__dirname, 'adapters', entry.name, 'package.json')))
  .map((entry) => ({
    displayName: `adapter-${entry.name}`,
    rootDir: `adapters/${entry.name}`,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': adapterTsJest },
    testMatch: ['<rootDir>/**/*.test.ts'],
  }));

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests boot real servers (SQLite/MariaDB, Redis, a Chroma child): allow them time.
  testTimeout: 60000,
  projects: [
    { displayName: 'shared', rootDir: 'shared', testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, testMatch: ['<rootDir>/**/*.test.ts'] },
    ...adapterProjects,
    {
      displayName: 'server',
      rootDir: 'server',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      // The shopper front-ends: chat-state unit tests, the mini-program login, and the browser tests (real Chromium).
      displayName: 'front-ends',
      rootDir: '.',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
      testMatch: ['<rootDir>/miniprogram/test/**/*.test.ts', '<rootDir>/plugins/web/test/**/*.test.ts'],
      globalSetup: '<rootDir>/server/test/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/global-teardown.ts',
    },
  ],
};
