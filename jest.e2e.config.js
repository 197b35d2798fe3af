/**
 * End-to-end suite: the project as a user drives it, in copies of it (every cdktf
 * command the docs show; a project with other tables). Slower than the unit
 * suite, so it runs on its own: npm run test:e2e (CI runs it).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testTimeout: 240_000,
};
