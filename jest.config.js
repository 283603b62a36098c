/** Jest runs TypeScript through SWC (transpile only); `npm run typecheck` type-checks separately. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } }],
  },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/setup.ts'],
};
