/** Tests are transpiled with SWC (fast, no type-check); `npm run typecheck` runs tsc strict. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
  // Jest's default (cores − 1) leaves one of CI's two cores idle; suites are CPU-bound synths.
  maxWorkers: 2,
};
