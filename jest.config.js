/** Unit suite: synthesized JSON and pure logic. The Kafka-backed suite has its own config. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/integration/', '/e2e/'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // Jest's default leaves one core idle; synth-heavy suites want them all.
  maxWorkers: '100%',
};
