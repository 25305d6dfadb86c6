/** Jest runs the TypeScript sources directly through ts-jest; every suite that needs Redis starts its own;
 * PostgreSQL is one cluster per run (globalSetup), a fresh database per suite. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60_000,
  maxWorkers: 2,
  // One private PostgreSQL per run; each suite gets a fresh database copied from its migrated template.
  globalSetup: '<rootDir>/tests/helpers/pg-global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/pg-global-teardown.ts',
};
