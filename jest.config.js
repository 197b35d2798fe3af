/** Unit suite: synthesized JSON and pure logic. The Kafka-backed suite has its own config. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/integration/', '/e2e/'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // The tests that run the command-line tools spawn them compiled, as the npm scripts do.
  globalSetup: '<rootDir>/__tests__/helpers/build-entries.mjs',
  // One worker more than cores: a worker waiting on a tool it spawned (or on the disk) leaves its
  // core idle, and the extra worker uses it. npm run bench times the suite, to tell if that still holds.
  maxWorkers: require('node:os').availableParallelism() + 1,
  // A guard against a hung test, generous for a machine busy with other work; not a speed target (see npm run bench).
  testTimeout: 60_000,
};
