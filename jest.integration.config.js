/**
 * Integration suite: a real single-node Kafka broker (Maven Central jars, Java 17)
 * on 127.0.0.1, started once for the run and stopped afterwards whatever happens.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__/integration'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  globalSetup: '<rootDir>/__tests__/integration/broker-setup.ts',
  globalTeardown: '<rootDir>/__tests__/integration/broker-teardown.ts',
  setupFiles: ['<rootDir>/__tests__/integration/env.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
