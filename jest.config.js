/**
 * Jest runs TypeScript through SWC (transpile only); `npm run typecheck` type-checks separately. Both the TypeScript
 * and the packages the suite spends most of its time in go through scripts/jest-builtins-transform.js, which gives each
 * module local bindings of the ECMAScript built-ins (reading a global inside jest's vm context is slow).
 */
const BUILTINS_TRANSFORM = '<rootDir>/scripts/jest-builtins-transform.js';
const SWC = { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } };
/** The packages whose modules get the bindings too (node_modules is otherwise taken as it is). */
const BOUND_PACKAGES = ['aws-cdk-lib', 'constructs', 'jsonata'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [BUILTINS_TRANSFORM, { swc: SWC }],
    [`/node_modules/(${BOUND_PACKAGES.join('|')})/.+\\.js$`]: [BUILTINS_TRANSFORM, {}],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${BOUND_PACKAGES.join('|')})/)`],
  testTimeout: 60000,
  // One worker per core. Jest's default leaves one core to its parent process, which only hands out test files:
  // on a 2-core machine that ran the whole suite in one process (Node.js 20: 490 s, against 336 s with two workers).
  maxWorkers: '100%',
  setupFiles: ['<rootDir>/test/setup.ts'],
};
